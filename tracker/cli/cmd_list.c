/*
 * cmd_list.c: `tracker list` prints the works, one row each.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "trk_db.h"

static int run(int argc, char **argv);

const cli_command cmd_list = {
    "list", run, "list the works",
    "usage: tracker list [--db FILE] [--format table|csv|json]\n"
    "                    [--unit CODE] [--category CAT]\n"
    "\n"
    "Lists the works with their category, unit (as recorded and today's\n"
    "commune), status and the amount allocated to them.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --format F          table (default), csv or json\n"
    "  --unit CODE         only works recorded in, or whose 2022 unit or\n"
    "                      current commune has, this code\n"
    "  --category CAT      only works of this category\n"};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"unit", required_argument, NULL, 'u'},
        {"category", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *unit = NULL, *cat = NULL;
    cli_format format = CLI_TABLE;
    sqlite3_stmt *st = NULL;
    gis_db *db;
    gis_error err;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_list, optarg, 1, &format)))
                return rc;
            break;
        case 'u':
            unit = optarg;
            break;
        case 'c':
            cat = optarg;
            break;
        case 'h':
            return cli_help(&cmd_list);
        default:
            return cli_option_error(&cmd_list, c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(&cmd_list, "unexpected argument '%s'",
                               argv[optind]);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (gis_db_prepare(
            db, &st,
            "SELECT code, name, category, unit_2022_name AS unit_2022,"
            " commune_2025_name AS commune_2025, status,"
            " million_vi(amount_vnd) AS million_vnd,"
            " round(length_m) AS length_m, precision_code AS precision,"
            " CASE WHEN illustrative THEN 'yes' ELSE 'no' END AS"
            " illustrative FROM work_summary WHERE (?1 IS NULL OR ?1 IN"
            " (unit_code, unit_2022_code, commune_2025_code)) AND (?2 IS"
            " NULL OR category = ?2) ORDER BY code",
            &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, cat, -1, SQLITE_STATIC);
    rc = cli_print_rows(st, format, stdout);
    if (rc)
        cli_error("database error: %s", sqlite3_errmsg(db->handle));
    sqlite3_finalize(st);
    gis_db_close(db);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}
