/*
 * cmd_layers.c: `tracker layers import units FILE` replaces approximate
 * unit polygons with official ones from any OGR source.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_boundaries.h"
#include "trk_db.h"

static int run(int argc, char **argv);

const cli_command cmd_layers = {
    "layers", run, "import official unit boundaries",
    "usage: tracker layers import units FILE [--as-of DATE] [--db FILE]\n"
    "\n"
    "Reads polygons from any source OGR reads (GeoPackage, Shapefile,\n"
    "GeoJSON, ...) in any CRS PROJ knows, matches each feature to a unit\n"
    "in force on DATE by its code (a field such as 'code' or 'ma_xa') or\n"
    "else its name (a field such as 'name' or 'ten_xa'; diacritics, case\n"
    "and spaces are ignored, so 'AnKhánh' matches Xã An Khánh), and\n"
    "replaces the matched units' approximate polygons.  Reports every\n"
    "feature and every unit left unmatched.  Polygons of later units are\n"
    "derived again from the new ones.  Exits 1 when nothing matched.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --as-of DATE        which units the file describes (default\n"
    "                      2022-10-11, the units of plan 227/KH-UBND;\n"
    "                      2025-07-01 for today's communes)\n"};

static void report(const trk_import_result *r, void *ctx) {
    int *unmatched_features = ctx;
    if (r->where && r->unit)
        printf("matched   %-12s '%s' -> %s (%s)\n", r->where, r->feature,
               r->unit, r->key);
    else if (r->where) {
        printf("unmatched %-12s '%s': %s\n", r->where, r->feature, r->reason);
        (*unmatched_features)++;
    } else
        printf("no match  %s (%s): %s\n", r->unit, r->key, r->reason);
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"as-of", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *as_of = "2022-10-11";
    int c, rc, matched = 0, unmatched = 0;
    gis_db *db;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'a':
            if ((rc = cli_opt_date(&cmd_layers, "--as-of", optarg, &as_of)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_layers);
        default:
            return cli_option_error(&cmd_layers, c, argv);
        }
    }
    if (argc - optind != 3 || strcmp(argv[optind], "import") ||
        strcmp(argv[optind + 1], "units"))
        return cli_usage_error(&cmd_layers,
                               "expected: layers import units FILE");
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = trk_boundaries_import(db, argv[optind + 2], as_of, report, &unmatched,
                               &matched, &err);
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    printf("%d unit%s given official polygons, %d feature%s unmatched\n",
           matched, matched == 1 ? "" : "s", unmatched,
           unmatched == 1 ? "" : "s");
    if (matched == 0)
        return cli_error("no feature of '%s' matched a unit in force on %s",
                         argv[optind + 2], as_of);
    return EXIT_OK;
}
