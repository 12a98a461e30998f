/*
 * cmd_flags.c: `tracker flags` lists the works an official should look at.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_flags.h"

static int run(int argc, char **argv);

const cli_command cmd_flags = {
    "flags", run, "list works past due, stalled, over budget, ...",
    "usage: tracker flags [--today D] [--flag NAME] [--db FILE]\n"
    "                     [--format table|csv|json]\n"
    "\n"
    "Lists each flagged work with the reason:\n"
    "  past_due         past its end (or contract due) date, not complete\n"
    "  disbursed_ahead  disbursed share of its value ahead of its physical\n"
    "                   progress by more than disbursed_ahead_points (10)\n"
    "  over_allocation  contracts worth more than the money allocated\n"
    "  stalled          in preparation or implementation, no event for\n"
    "                   stalled_days (90)\n"
    "  no_contract      allocated, no contract by contract_by (07-01) of\n"
    "                   the allocation year\n"
    "The thresholds are rows of the setting table.\n"
    "\n"
    "options:\n"
    "  --today D          the day to judge by (default: $TRACKER_TODAY, else\n"
    "                     today)\n"
    "  --flag NAME        only this flag\n"
    "  --format F         table (default), csv or json\n" CLI_DB_HELP};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"today", required_argument, NULL, 't'},
        {"flag", required_argument, NULL, 'F'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const names[] = {"past_due",        "disbursed_ahead",
                                        "over_allocation", "stalled",
                                        "no_contract",     NULL};
    const char *path = trk_default_db_path(), *today = NULL, *flag = NULL;
    cli_format format = CLI_TABLE;
    gis_db *db;
    gis_error err;
    int c, rc, known = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 't':
            if ((rc = cli_opt_date(&cmd_flags, "--today", optarg, &today)))
                return rc;
            break;
        case 'F':
            flag = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_flags, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_flags);
        default:
            return cli_option_error(&cmd_flags, c, argv);
        }
    }
    if (optind != argc)
        return cli_usage_error(&cmd_flags, "unexpected '%s'", argv[optind]);
    for (int i = 0; flag && names[i]; i++)
        known |= !strcmp(names[i], flag);
    if (flag && !known)
        return cli_usage_error(&cmd_flags,
                               "--flag: '%s' is not past_due, "
                               "disbursed_ahead, over_allocation, stalled "
                               "or no_contract",
                               flag);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (trk_flags_view(db, today, &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    rc = cli_print_sql(db,
                       "SELECT w.code, w.name, f.flag, f.label_vi, f.detail,"
                       " w.illustrative FROM work_flag f JOIN work w ON w.id"
                       " = f.work_id WHERE ?1 IS NULL OR f.flag = ?1 ORDER BY"
                       " w.code, f.flag",
                       flag, format);
    gis_db_close(db);
    return rc;
}
