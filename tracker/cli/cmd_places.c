/*
 * cmd_places.c: `tracker places` adds named places (a UBND seat, a school,
 * a market) to the gazetteer, from the command line or any OGR file.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_places.h"

static int run(int argc, char **argv);

const cli_command cmd_places = {
    "places", run, "add named places to the gazetteer",
    "usage: tracker places add --name N --point LON LAT [--kind K]\n"
    "                          [--unit CODE [--as-of DATE]] [--crs CRS]\n"
    "       tracker places import FILE\n"
    "       tracker places list [--format table|csv|json]\n"
    "\n"
    "Places are found by 'tracker geocode' and 'tracker where' at once. A\n"
    "place of kind 'seat' (trụ sở UBND) is its unit's seat: a work placed\n"
    "by its unit alone then gets the seat's point, IATI precision 8.\n"
    "import reads points from any OGR source (GeoJSON, GeoPackage, CSV\n"
    "with lon/lat, ...) with fields name (or ten), kind (or loai) and\n"
    "optionally unit (or ma_xa); one transaction.\n"
    "\n"
    "options:\n" CLI_DB_HELP "  --name N            the place's name\n"
    "  --kind K            seat, school, health_station, market, landmark,\n"
    "                      other (default)\n"
    "  --point LON LAT     its location:\n" CLI_POINT_HELP
    "  --unit CODE         its unit (default: the 2022 unit containing it)\n"
    "  --as-of DATE        the date that says which unit a code means\n"
    "  --note TEXT         a free note\n"
    "  --format F          for list: table (default), csv or json\n"};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"name", required_argument, NULL, 'n'},
        {"kind", required_argument, NULL, 'k'},
        {"point", required_argument, NULL, 'p'},
        {"crs", required_argument, NULL, 'c'},
        {"unit", required_argument, NULL, 'u'},
        {"as-of", required_argument, NULL, 'a'},
        {"note", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *crs = NULL, *verb;
    cli_format format = CLI_TABLE;
    cli_point point = {0};
    trk_place_input in = {0};
    char form[128];
    int c, rc, count;
    int64_t id;
    gis_db *db;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'n':
            in.name = optarg;
            break;
        case 'k':
            in.kind = optarg;
            break;
        case 'p':
            cli_point_take(&point, optarg, argc, argv);
            break;
        case 'c':
            crs = optarg;
            break;
        case 'u':
            in.unit_code = optarg;
            break;
        case 'a':
            if ((rc = cli_opt_date(&cmd_places, "--as-of", optarg, &in.as_of)))
                return rc;
            break;
        case 'o':
            in.note = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_places, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_places);
        default:
            return cli_option_error(&cmd_places, c, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_places, "give add, import or list");
    verb = argv[optind];
    if (!strcmp(verb, "add")) {
        if (optind + 1 != argc)
            return cli_usage_error(&cmd_places, "unexpected argument '%s'",
                                   argv[optind + 1]);
        if (!in.name || !point.given)
            return cli_usage_error(&cmd_places,
                                   "places add needs --name and --point");
        if ((rc = cli_point_read(&cmd_places, "--point", &point, crs, &in.lon,
                                 &in.lat, form, sizeof form)))
            return rc;
        if (!(db = cli_open_db(path)))
            return EXIT_RUNTIME;
        rc = trk_place_add(db, &in, &id, &err);
        gis_db_close(db);
        if (rc)
            return cli_error("%s", err.msg);
        printf("added place '%s' at %.7f %.7f\n", in.name, in.lon, in.lat);
        return EXIT_OK;
    }
    if (!strcmp(verb, "import")) {
        if (optind + 2 != argc)
            return cli_usage_error(&cmd_places, "places import takes FILE");
        if (!(db = cli_open_db(path)))
            return EXIT_RUNTIME;
        rc = trk_places_import(db, argv[optind + 1], &count, &err);
        gis_db_close(db);
        if (rc)
            return cli_error("%s", err.msg);
        printf("imported %d place%s from %s\n", count, count == 1 ? "" : "s",
               argv[optind + 1]);
        return EXIT_OK;
    }
    if (!strcmp(verb, "list")) {
        if (!(db = cli_open_db(path)))
            return EXIT_RUNTIME;
        rc = cli_print_sql(db,
                           "SELECT p.name, p.kind, u.full_name AS unit,"
                           " round(X(p.point), 7) AS lon, round(Y(p.point),"
                           " 7) AS lat, p.origin FROM place p LEFT JOIN"
                           " admin_unit u ON u.id = p.unit_id ORDER BY p.id",
                           NULL, format);
        gis_db_close(db);
        return rc;
    }
    return cli_usage_error(&cmd_places,
                           "unknown action '%s' (add, import, "
                           "list)",
                           verb);
}
