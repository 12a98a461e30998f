/*
 * cmd_demo.c: `tracker demo` is the main job end to end: a database from
 * the shipped layers plus the illustrative sample works, exported as
 * GeoJSON ready for QGIS or geojson.io.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "trk_coverage.h"
#include "trk_db.h"
#include "trk_export.h"
#include "trk_layers.h"
#include "trk_map_html.h"
#include "trk_map_print.h"
#include "trk_oc4ids.h"
#include "trk_report.h"
#include "trk_sample.h"

static int run(int argc, char **argv);

const cli_command cmd_demo = {
    "demo", run, "build the demo database, maps and reports",
    "usage: tracker demo [--out DIR] [--db FILE]\n"
    "\n"
    "Builds a database (DIR/tracker.sqlite) from the shipped Đại Từ\n"
    "layers plus ILLUSTRATIVE sample works (made up, marked illustrative\n"
    "in the data and in every exported feature, with illustrative\n"
    "allocations, contracts and progress), then writes what an office\n"
    "takes to a meeting: DIR/geojson/*.geojson (map layers), DIR/map.html\n"
    "(the web map), DIR/map.pdf and DIR/map.png (the printable map),\n"
    "DIR/bao-cao-von.xlsx (the budget report), DIR/coverage.geojson (the\n"
    "coverage map) and DIR/works-oc4ids.json (OC4IDS).  A database left\n"
    "by an earlier demo run is replaced; any other file at that path is\n"
    "left alone.\n"
    "\n"
    "options:\n"
    "  --out DIR           where to write (default: demo)\n"
    "  --db FILE           the demo database (default: DIR/tracker.sqlite)\n"};

static void written(const char *path, const char *title, long count,
                    void *ctx) {
    (void)ctx;
    printf("  %-34s %3ld features  %s\n", path, count, title);
}

/* The maps, report and package of the meeting, from the demo data. */
static int meeting_pack(gis_db *db, const char *out, gis_error *err) {
    char file[4096];
    trk_map_opts o = {"allocated", NULL, NULL, NULL};
    trk_map_html_info info;
    trk_coverage_opts co = {0};
    trk_coverage_summary sum;
    trk_report r;
    long n;
    int rc;

    printf("wrote the meeting pack:\n");
    snprintf(file, sizeof file, "%s/map.html", out);
    if (trk_map_html_write(db, file, &o, &info, err))
        return 1;
    printf("  %-34s web map, opens offline (units by money allocated)\n", file);
    snprintf(file, sizeof file, "%s/map.pdf", out);
    if (trk_map_print_write(db, file, "pdf", &o, err))
        return 1;
    printf("  %-34s printable A4 map\n", file);
    snprintf(file, sizeof file, "%s/map.png", out);
    if (trk_map_print_write(db, file, "png", &o, err))
        return 1;
    printf("  %-34s the same map as a picture\n", file);
    snprintf(file, sizeof file, "%s/bao-cao-von.xlsx", out);
    memset(&r, 0, sizeof r);
    rc = trk_report_budget(db, NULL, &r, err) || trk_report_xlsx(&r, file, err);
    trk_report_release(&r);
    if (rc)
        return 1;
    printf("  %-34s budget report (plan, allocated, contracted, "
           "disbursed)\n",
           file);
    snprintf(file, sizeof file, "%s/coverage.geojson", out);
    if (trk_coverage_run(db, &co, &sum, err) ||
        trk_coverage_geojson(db, file, &n, err))
        return 1;
    printf("  %-34s coverage: %d of %ld units unserved for a category\n", file,
           sum.unserved, n);
    snprintf(file, sizeof file, "%s/works-oc4ids.json", out);
    if (trk_export_oc4ids(db, file, NULL, &n, err))
        return 1;
    printf("  %-34s OC4IDS 0.9.5 package, %ld projects\n", file, n);
    return 0;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"db", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = "demo", *db_path = NULL;
    char path[4096], geojson[4096];
    int c, works;
    gis_db *db = NULL;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'd':
            db_path = optarg;
            break;
        case 'h':
            return cli_help(&cmd_demo);
        default:
            return cli_option_error(&cmd_demo, c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(&cmd_demo, "unexpected argument '%s'",
                               argv[optind]);
    mkdir(out, 0777);
    if (db_path)
        snprintf(path, sizeof path, "%s", db_path);
    else
        snprintf(path, sizeof path, "%s/tracker.sqlite", out);
    snprintf(geojson, sizeof geojson, "%s/geojson", out);
    if (access(path, F_OK) == 0) {
        /* Replace only what an earlier demo made. */
        if (trk_db_open(&db, path, &err) ||
            gis_db_int(db, 0, "SELECT count(*) FROM meta WHERE key = 'demo'",
                       NULL) != 1) {
            gis_db_close(db);
            return cli_error("'%s' exists and was not made by 'tracker "
                             "demo': remove it or use --out",
                             path);
        }
        gis_db_close(db);
        unlink(path);
    }
    if (trk_db_create(&db, path, &err))
        return cli_error("%s", err.msg);
    if (trk_layers_load(db, NULL, &err) ||
        trk_sample_load(db, NULL, &works, &err) ||
        gis_db_exec(db, "INSERT INTO meta VALUES ('demo', 'yes')", &err)) {
        gis_db_close(db);
        unlink(path);
        return cli_error("%s", err.msg);
    }
    printf("built %s: Đại Từ reference layers and %d ILLUSTRATIVE sample "
           "works\n",
           path, works);
    printf("exported GeoJSON (RFC 7946, WGS84) for QGIS or geojson.io:\n");
    if (trk_export_geojson(db, geojson, written, NULL, &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    if (meeting_pack(db, out, &err)) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    gis_db_close(db);
    printf("unit polygons are APPROXIMATE (approximate = true); sample "
           "works are\nILLUSTRATIVE (illustrative = true).  Next: tracker "
           "list --db %s\n",
           path);
    return EXIT_OK;
}
