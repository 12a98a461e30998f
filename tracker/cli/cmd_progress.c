/*
 * cmd_progress.c: `tracker progress WORK` appends a progress event.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_money.h"
#include "trk_progress.h"

static int run(int argc, char **argv);

const cli_command cmd_progress = {
    "progress", run, "record a work's progress (append-only events)",
    "usage: tracker progress WORK --date D [--status S] [--physical PCT]\n"
    "                        [--disbursed AMOUNT] [--note TEXT]\n"
    "                        [--correction] [--by WHO] [--db FILE]\n"
    "\n"
    "Appends an event to the work's history; nothing is ever edited.  The\n"
    "work's current status, physical progress and disbursement are those\n"
    "of its latest events ('tracker show WORK --history' prints them all).\n"
    "\n"
    "Status is an OC4IDS project status and moves one stage at a time:\n"
    "identification, preparation, implementation, completion, maintenance,\n"
    "decommissioning, decommissioned; or to cancelled before completion.\n"
    "Physical progress and disbursement never go down.  When an earlier\n"
    "report was wrong, record the right figures with --correction and a\n"
    "--note saying what was wrong: the correction is an event of its own.\n"
    "No event is dated before the latest one or the work's start.\n"
    "\n"
    "options:\n"
    "  --date D            the day the event reports (YYYY-MM-DD)\n"
    "  --status S          the work's OC4IDS status from that day\n"
    "  --physical PCT      physical progress, 0-100 (%)\n"
    "  --disbursed AMOUNT  disbursed to date (cumulative; VND, '850 triệu',\n"
    "                      '1,2 tỷ')\n"
    "  --note TEXT         what happened\n"
    "  --correction        this event corrects an earlier report (needs "
    "--note)\n"
    "  --by WHO            who reports it (default: $TRACKER_USER, "
    "$USER)\n" CLI_DB_HELP};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"date", required_argument, NULL, 'D'},
        {"status", required_argument, NULL, 's'},
        {"physical", required_argument, NULL, 'p'},
        {"disbursed", required_argument, NULL, 'm'},
        {"note", required_argument, NULL, 'n'},
        {"correction", no_argument, NULL, 'C'},
        {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path();
    trk_progress_input in = {0};
    int64_t id;
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
        case 'D':
            if ((rc = cli_opt_date(&cmd_progress, "--date", optarg, &in.date)))
                return rc;
            break;
        case 's':
            in.status = optarg;
            break;
        case 'p':
            if (cli_parse_double(optarg, &in.physical_pct))
                return cli_usage_error(
                    &cmd_progress, "--physical: '%s' is not a number", optarg);
            in.has_physical = 1;
            break;
        case 'm':
            if ((rc = cli_parse_vnd(&cmd_progress, "--disbursed", optarg,
                                    &in.disbursed_vnd)))
                return rc;
            in.has_disbursed = 1;
            break;
        case 'n':
            in.note = optarg;
            break;
        case 'C':
            in.correction = 1;
            break;
        case 'b':
            in.by = optarg;
            break;
        case 'h':
            return cli_help(&cmd_progress);
        default:
            return cli_option_error(&cmd_progress, c, argv);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(&cmd_progress, "give exactly one work code");
    if (!in.date)
        return cli_usage_error(&cmd_progress, "give --date YYYY-MM-DD");
    in.work_code = argv[optind];
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (trk_progress_add(db, &in, &id, &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    gis_db_close(db);
    printf("recorded event %lld for %s on %s%s\n", (long long)id, in.work_code,
           in.date, in.correction ? " (correction)" : "");
    return EXIT_OK;
}
