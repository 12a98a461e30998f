/*
 * cmd_demo.c: `tracker demo` is the main job end to end: a database from
 * the shipped layers plus the illustrative sample works, exported as
 * GeoJSON ready for QGIS or geojson.io.
 */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_export.h"
#include "trk_layers.h"
#include "trk_sample.h"

static int run(int argc, char **argv);

const cli_command cmd_demo = {
    "demo", run, "build the demo database and map layers",
    "usage: tracker demo [--out DIR] [--db FILE]\n"
    "\n"
    "Builds a database (DIR/tracker.sqlite) from the shipped Đại Từ\n"
    "layers plus ILLUSTRATIVE sample works (made up, marked illustrative\n"
    "in the data and in every exported feature), then exports\n"
    "DIR/geojson/*.geojson.  A database left by an earlier demo run is\n"
    "replaced; any other file at that path is left alone.\n"
    "\n"
    "options:\n"
    "  --out DIR           where to write (default: demo)\n"
    "  --db FILE           the demo database (default: DIR/tracker.sqlite)\n"};

static void written(const char *path, const char *title, long count,
                    void *ctx) {
    (void)ctx;
    printf("  %-34s %3ld features  %s\n", path, count, title);
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
    gis_db_close(db);
    printf("unit polygons are APPROXIMATE (approximate = true); sample "
           "works are\nILLUSTRATIVE (illustrative = true).  Next: tracker "
           "list --db %s\n",
           path);
    return EXIT_OK;
}
