/*
 * cmd_allocate.c: `tracker allocate WORK LINE AMOUNT` records money from a
 * plan line for a work, within the plan's caps unless forced.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trk_alloc.h"
#include "trk_db.h"
#include "trk_money.h"

static int run(int argc, char **argv);

const cli_command cmd_allocate = {
    "allocate", run, "allocate plan money to a work",
    "usage: tracker allocate WORK LINE AMOUNT --source central|local\n"
    "                        --capital investment|recurrent [--year Y]\n"
    "                        [--force] [--note TEXT] [--by WHO] [--db FILE]\n"
    "\n"
    "Records AMOUNT from budget line LINE (such as da4-tda1; see 'tracker\n"
    "report budget') for the work with code WORK.  AMOUNT is VND, or as\n"
    "officials write it: 1500000000, 1.500.000.000, '1.500 triệu', '1,5 tỷ'.\n"
    "A work may draw on several lines, years and sources.\n"
    "\n"
    "The plan caps each line per source and each source per capital type\n"
    "(its section III): an allocation past a cap is refused with the\n"
    "figures (plan, already allocated, asked).  --force records it anyway,\n"
    "with the override and its figures kept on the allocation.\n"
    "\n"
    "options:\n"
    "  --source S          central (ngân sách trung ương) or local (địa "
    "phương)\n"
    "  --capital C         investment (đầu tư phát triển) or recurrent (sự "
    "nghiệp)\n"
    "  --year Y            budget year (default: the plan's, 2022)\n"
    "  --force             record past the plan's caps, as an override\n"
    "  --note TEXT         why, or the decision that allocates it\n"
    "  --by WHO            who records it (default: $TRACKER_USER, "
    "$USER)\n" CLI_DB_HELP};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"year", required_argument, NULL, 'y'},
        {"source", required_argument, NULL, 's'},
        {"capital", required_argument, NULL, 'c'},
        {"force", no_argument, NULL, 'F'},
        {"note", required_argument, NULL, 'n'},
        {"by", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path();
    trk_alloc_input in = {0};
    char over[512], m[32], *end;
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
        case 'y':
            in.year = (int)strtol(optarg, &end, 10);
            if (*end || in.year < 2000 || in.year > 2100)
                return cli_usage_error(&cmd_allocate,
                                       "--year: '%s' is not a year", optarg);
            break;
        case 's':
            in.source = optarg;
            break;
        case 'c':
            in.capital = optarg;
            break;
        case 'F':
            in.force = 1;
            break;
        case 'n':
            in.note = optarg;
            break;
        case 'b':
            in.by = optarg;
            break;
        case 'h':
            return cli_help(&cmd_allocate);
        default:
            return cli_option_error(&cmd_allocate, c, argv);
        }
    }
    if (optind != argc - 3)
        return cli_usage_error(&cmd_allocate, "give WORK LINE AMOUNT");
    if (!in.source || !in.capital)
        return cli_usage_error(&cmd_allocate,
                               "give --source central|local and --capital "
                               "investment|recurrent");
    in.work_code = argv[optind];
    in.line = argv[optind + 1];
    if ((rc = cli_parse_vnd(&cmd_allocate, "AMOUNT", argv[optind + 2],
                            &in.amount_vnd)))
        return rc;
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (trk_allocate(db, &in, &id, over, sizeof over, &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    gis_db_close(db);
    printf("allocated %s million VND to %s from %s (%s, %s)\n",
           trk_million_vi(in.amount_vnd, m, sizeof m), in.work_code, in.line,
           in.source, in.capital);
    if (*over)
        fprintf(stderr, "warning: recorded past the plan (override): %s\n",
                over);
    return EXIT_OK;
}
