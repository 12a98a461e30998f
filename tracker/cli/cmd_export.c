/*
 * cmd_export.c: `tracker export geojson DIR` writes the map layers.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_export.h"

static int run(int argc, char **argv);

const cli_command cmd_export = {
    "export", run, "export map layers (GeoJSON)",
    "usage: tracker export geojson DIR [--db FILE]\n"
    "\n"
    "Writes each layer as an RFC 7946 GeoJSON file in DIR (created when\n"
    "missing): units-2022.geojson (the 30 units of the plan's year),\n"
    "communes-2025.geojson (the communes in force since 1/7/2025),\n"
    "works-points.geojson and works-lines.geojson.  Unit polygons carry\n"
    "approximate = true unless imported from an official file; sample\n"
    "works carry illustrative = true.\n"
    "\n"
    "options:\n" CLI_DB_HELP};

static void written(const char *path, const char *title, long count,
                    void *ctx) {
    (void)ctx;
    printf("wrote %s: %ld features (%s)\n", path, count, title);
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path();
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
        case 'h':
            return cli_help(&cmd_export);
        default:
            return cli_option_error(&cmd_export, c, argv);
        }
    }
    if (argc - optind != 2)
        return cli_usage_error(&cmd_export, "give a format and a directory");
    if (strcmp(argv[optind], "geojson"))
        return cli_usage_error(&cmd_export,
                               "unknown export format '%s' (known: geojson)",
                               argv[optind]);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = trk_export_geojson(db, argv[optind + 1], written, NULL, &err);
    gis_db_close(db);
    return rc ? cli_error("%s", err.msg) : EXIT_OK;
}
