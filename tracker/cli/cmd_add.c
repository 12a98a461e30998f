/*
 * cmd_add.c: `tracker add` records one work from the command line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_category.h"
#include "trk_db.h"
#include "trk_money.h"
#include "trk_works.h"

static int run(int argc, char **argv);

const cli_command cmd_add = {
    "add", run, "record a work (a point site or a line such as a road)",
    "usage: tracker add --code C --name N --category CAT --unit CODE\n"
    "                   (--point LON LAT | --line WKT-or-GeoJSON |\n"
    "                    --place TEXT)\n"
    "                   [--budget-line ID --amount VND] [options]\n"
    "\n"
    "Records a work with its location, unit and funding.  Nothing is\n"
    "written unless every value is valid.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --code C            the work's code, unique in the database\n"
    "  --name N            its name (Vietnamese)\n"
    "  --category CAT      one of the categories below\n"
    "  --unit CODE         the 5-digit code of its unit (xã, thị trấn)\n"
    "  --as-of DATE        the date that says which unit a reused code\n"
    "                      means (05830 was Bình Thuận until 30/6/2025)\n"
    "  --point LON LAT     a site:\n" CLI_POINT_HELP
    "  --line TEXT         a line work as WKT or GeoJSON (WGS84)\n"
    "  --place TEXT        where it is in words (\"xóm Đồng Đình\"); alone,\n"
    "                      the work waits for 'tracker geocode --works'\n"
    "  --budget-line ID    the plan line funding it (tracker report budget)\n"
    "  --amount VND        the amount allocated, whole VND\n"
    "  --year YEAR         the allocation's year (default: the plan's)\n"
    "  --type TYPE         new, upgrade, repair, maintenance, existing\n"
    "  --hamlet NAME       the hamlet (thôn, xóm)\n"
    "  --investor NAME     the investor (chủ đầu tư)\n"
    "  --status STATUS     OC4IDS status: identification, preparation,\n"
    "                      implementation, completion, maintenance, ...\n"
    "  --status-date DATE  the date of that status (default: today)\n"
    "  --precision N       IATI precision code of the location (default 1)\n"
    "  --note TEXT         a free note\n"
    "  --illustrative      mark the work as made-up sample data\n"
    "\n"
    "categories:\n"
    "  rural_road, road_to_commune_centre, inter_commune_road, bridge,\n"
    "  market, health_station, school, community_house, power, irrigation,\n"
    "  radio_relay, water_supply, maintenance, other\n"};

static int run(int argc, char **argv) {
    enum {
        O_CODE = 256,
        O_NAME,
        O_CAT,
        O_UNIT,
        O_ASOF,
        O_POINT,
        O_LINE,
        O_BL,
        O_AMOUNT,
        O_YEAR,
        O_TYPE,
        O_HAMLET,
        O_INV,
        O_STATUS,
        O_SDATE,
        O_PREC,
        O_NOTE,
        O_ILL,
        O_PLACE,
        O_CRS
    };
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"code", required_argument, NULL, O_CODE},
        {"name", required_argument, NULL, O_NAME},
        {"category", required_argument, NULL, O_CAT},
        {"unit", required_argument, NULL, O_UNIT},
        {"as-of", required_argument, NULL, O_ASOF},
        {"point", required_argument, NULL, O_POINT},
        {"line", required_argument, NULL, O_LINE},
        {"budget-line", required_argument, NULL, O_BL},
        {"amount", required_argument, NULL, O_AMOUNT},
        {"year", required_argument, NULL, O_YEAR},
        {"type", required_argument, NULL, O_TYPE},
        {"hamlet", required_argument, NULL, O_HAMLET},
        {"investor", required_argument, NULL, O_INV},
        {"status", required_argument, NULL, O_STATUS},
        {"status-date", required_argument, NULL, O_SDATE},
        {"precision", required_argument, NULL, O_PREC},
        {"note", required_argument, NULL, O_NOTE},
        {"illustrative", no_argument, NULL, O_ILL},
        {"place", required_argument, NULL, O_PLACE},
        {"crs", required_argument, NULL, O_CRS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *amount = NULL, *crs = NULL;
    cli_point point = {0};
    char form[128];
    trk_work_input in = {0};
    char warn[512];
    double year; /* also holds --precision while it is checked */
    int c, rc;
    gis_db *db;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case O_CODE:
            in.code = optarg;
            break;
        case O_NAME:
            in.name = optarg;
            break;
        case O_CAT:
            in.category = optarg;
            break;
        case O_UNIT:
            in.unit_code = optarg;
            break;
        case O_ASOF:
            if ((rc = cli_opt_date(&cmd_add, "--as-of", optarg, &in.as_of)))
                return rc;
            break;
        case O_POINT:
            cli_point_take(&point, optarg, argc, argv);
            break;
        case O_CRS:
            crs = optarg;
            break;
        case O_LINE:
            in.line = optarg;
            break;
        case O_BL:
            in.budget_line = optarg;
            break;
        case O_AMOUNT:
            amount = optarg;
            break;
        case O_YEAR:
            if (cli_parse_double(optarg, &year) || year < 1990 || year > 2100 ||
                year != (int)year)
                return cli_usage_error(&cmd_add, "--year: '%s' is not a year",
                                       optarg);
            in.year = (int)year;
            break;
        case O_TYPE:
            in.work_type = optarg;
            break;
        case O_HAMLET:
            in.hamlet = optarg;
            break;
        case O_INV:
            in.investor = optarg;
            break;
        case O_STATUS:
            in.status = optarg;
            break;
        case O_SDATE:
            if ((rc = cli_opt_date(&cmd_add, "--status-date", optarg,
                                   &in.status_date)))
                return rc;
            break;
        case O_PREC:
            if (cli_parse_double(optarg, &year) || year != (int)year ||
                year < 1 || year > 9)
                return cli_usage_error(&cmd_add,
                                       "--precision: '%s' is not an IATI "
                                       "precision code (1-9)",
                                       optarg);
            in.precision_code = (int)year;
            break;
        case O_NOTE:
            in.note = optarg;
            break;
        case O_PLACE:
            in.place = optarg;
            break;
        case O_ILL:
            in.illustrative = 1;
            break;
        case 'h':
            return cli_help(&cmd_add);
        default:
            return cli_option_error(&cmd_add, c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(&cmd_add, "unexpected argument '%s'",
                               argv[optind]);
    if (point.given) {
        if ((rc = cli_point_read(&cmd_add, "--point", &point, crs, &in.lon,
                                 &in.lat, form, sizeof form)))
            return rc;
        in.has_point = 1;
    }
    if (!in.code || !in.name || !in.category || !in.unit_code)
        return cli_usage_error(&cmd_add,
                               "--code, --name, --category and --unit are "
                               "required");
    if (in.has_point && in.line)
        return cli_usage_error(&cmd_add, "give --point or --line, not both");
    if (!in.has_point && !in.line && !in.place)
        return cli_usage_error(&cmd_add,
                               "give --point LON LAT, --line or --place");
    if (!!in.budget_line != !!amount)
        return cli_usage_error(&cmd_add,
                               "--budget-line and --amount go together");
    if (amount && trk_parse_vnd(amount, &in.amount_vnd))
        return cli_usage_error(
            &cmd_add, "--amount: '%s' is not a whole number of VND", amount);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = trk_work_add(db, &in, warn, sizeof warn, &err);
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    if (*warn)
        fprintf(stderr, "warning: %s\n", warn);
    printf("added work '%s'\n", in.code);
    return EXIT_OK;
}
