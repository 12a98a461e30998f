/*
 * cmd_where.c: `tracker where` answers "what is here?" for a point: the
 * unit of 2022 and today's commune, and the nearest named point.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_places.h"
#include "trk_works.h"

static int run(int argc, char **argv);

const cli_command cmd_where = {
    "where", run, "tell the unit and nearest named place at a point",
    "usage: tracker where LON LAT [--crs CRS] [--format table|json]\n"
    "       tracker where TEXT [--crs CRS]\n"
    "\n"
    "Gives the unit of 2022 that contains the point (or the nearest one,\n"
    "with the distance, when the point lies outside them all), the commune\n"
    "it belongs to today, and the nearest hamlet or place that has a point\n"
    "with its distance.  Unit polygons are approximate unless imported.\n"
    "\n"
    "options:\n" CLI_DB_HELP "  LON LAT / TEXT      the point:\n" CLI_POINT_HELP
    "  --format F          table (default) or json\n"};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"crs", required_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *crs = NULL;
    cli_format format = CLI_TABLE;
    cli_point point = {0};
    trk_where_result w;
    double lon, lat;
    char form[128];
    gis_db *db;
    gis_error err;
    int c, rc;

    optind = 0;
    opterr = 0;
    /* "-" keeps non-options in order, so a negative-free LON LAT pair can
     * be read positionally. */
    while ((c = getopt_long(argc, argv, "-:", opts, NULL)) != -1) {
        switch (c) {
        case 1:
            if (point.given)
                return cli_usage_error(&cmd_where, "unexpected argument '%s'",
                                       optarg);
            cli_point_take(&point, optarg, argc, argv);
            break;
        case 'd':
            path = optarg;
            break;
        case 'c':
            crs = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_where, optarg, 0, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_where);
        default:
            return cli_option_error(&cmd_where, c, argv);
        }
    }
    if (!point.given)
        return cli_usage_error(&cmd_where, "give a point: LON LAT");
    if ((rc = cli_point_read(&cmd_where, "point", &point, crs, &lon, &lat, form,
                             sizeof form)))
        return rc;
    if (trk_check_lonlat(lon, lat, "point", &err))
        return cli_error("%s", err.msg);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = trk_where(db, lon, lat, &w, &err);
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    if (format == CLI_JSON) {
        printf("{\"lon\": %.7f, \"lat\": %.7f, \"read_as\": \"%s\", "
               "\"inside\": %s, \"unit_2022_key\": \"%s\", \"unit_2022\": "
               "\"%s\", \"distance_m\": %.1f, \"current_key\": \"%s\", "
               "\"current\": \"%s\", \"nearest\": ",
               lon, lat, form, w.found ? "true" : "false", w.unit_key,
               w.unit_name, w.unit_distance_m, w.current_key, w.current_name);
        if (w.nearest_m >= 0)
            printf("{\"name\": \"%s\", \"type\": \"%s\", \"distance_m\": "
                   "%.1f}}\n",
                   w.nearest, w.nearest_type, w.nearest_m);
        else
            printf("null}\n");
        return w.found ? EXIT_OK : EXIT_RUNTIME;
    }
    printf("point       %.7f %.7f (read as %s)\n", lon, lat, form);
    if (w.found)
        printf("unit 2022   %s (%s)\n", w.unit_name, w.unit_key);
    else
        printf("unit 2022   none: %.1f km outside %s (%s), the nearest\n",
               w.unit_distance_m / 1000, w.unit_name, w.unit_key);
    if (w.found && *w.current_key)
        printf("today       %s (%s)\n", w.current_name, w.current_key);
    if (w.nearest_m >= 0)
        printf("nearest     %s (%s), %.0f m\n", w.nearest, w.nearest_type,
               w.nearest_m);
    else
        printf("nearest     no hamlet or place has a point yet\n");
    return w.found ? EXIT_OK : EXIT_RUNTIME;
}
