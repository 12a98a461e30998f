/*
 * cmd_export.c: `tracker export geojson DIR` (or kml FILE, gpkg FILE)
 * writes the map layers;
 * `tracker export oc4ids FILE` writes the works as an OC4IDS project
 * package for open-contracting readers.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_export.h"
#include "trk_oc4ids.h"

static int run(int argc, char **argv);

const cli_command cmd_export = {
    "export", run, "export map layers (GeoJSON, KML, GeoPackage) or OC4IDS",
    "usage: tracker export (geojson DIR | kml FILE | gpkg FILE |\n"
    "                       oc4ids FILE) [--uri URI] [--db FILE]\n"
    "\n"
    "geojson: writes each layer as an RFC 7946 GeoJSON file in DIR\n"
    "(created when missing): units-2022.geojson (the 30 units of the\n"
    "plan's year), communes-2025.geojson (the communes in force since\n"
    "1/7/2025), works-points.geojson and works-lines.geojson.  Unit\n"
    "polygons carry approximate = true unless imported from an official\n"
    "file; sample works carry illustrative = true.\n"
    "\n"
    "kml: the same four layers in one KML file (KMZ when FILE ends in\n"
    ".kmz), a document per layer, works coloured by category.\n"
    "\n"
    "gpkg: the same four layers in one GeoPackage with a QGIS style for\n"
    "each (its layer_styles table), so QGIS opens it styled: works by\n"
    "category, units labelled with their names.\n"
    "\n"
    "oc4ids: writes every work as one project of an OC4IDS 0.9.5 project\n"
    "package (JSON) in FILE: status, type, sector, location (point or\n"
    "line, commune, whether approximate), budget from its allocations by\n"
    "budget line and funding source, investor and contractors (tax code\n"
    "as identifier scheme VN-MST), one contracting process per contract,\n"
    "physical and financial progress, disbursements and status\n"
    "milestones from its progress events.  Amounts are whole VND.\n"
    "Sample works say ILLUSTRATIVE in their description.  publishedDate\n"
    "is $TRACKER_TODAY when set.  A database without works is an error:\n"
    "a package holds at least one project.\n"
    "\n"
    "options:\n"
    "  --uri URI           oc4ids: the package's URI, where it will be\n"
    "                      published (default: "
    "urn:oc4ids-dt227:package:DATE)\n" CLI_DB_HELP};

static void written(const char *path, const char *title, long count,
                    void *ctx) {
    (void)ctx;
    printf("wrote %s: %ld features (%s)\n", path, count, title);
}

/* A URI as the schema's "format": "uri" reads it: a scheme, then
 * printable ASCII without spaces. */
static int is_uri(const char *s) {
    const char *p = s;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p++ != ':' || !*p)
        return 0;
    for (; *p; p++)
        if (*p <= ' ' || *p >= 127 || strchr("\"<>\\^`{|}", *p))
            return 0;
    return 1;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"uri", required_argument, NULL, 'u'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *uri = NULL, *format;
    gis_db *db;
    gis_error err;
    int c, rc, oc4ids;
    long projects;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'u':
            uri = optarg;
            break;
        case 'h':
            return cli_help(&cmd_export);
        default:
            return cli_option_error(&cmd_export, c, argv);
        }
    }
    if (argc - optind < 1)
        return cli_usage_error(&cmd_export,
                               "give a format (geojson or oc4ids) and where "
                               "to write");
    format = argv[optind];
    oc4ids = !strcmp(format, "oc4ids");
    if (!oc4ids && strcmp(format, "geojson") && strcmp(format, "kml") &&
        strcmp(format, "gpkg"))
        return cli_usage_error(&cmd_export,
                               "unknown export format '%s' (known: geojson, "
                               "kml, gpkg, oc4ids)",
                               format);
    if (argc - optind != 2)
        return cli_usage_error(&cmd_export,
                               strcmp(format, "geojson")
                                   ? "give the file to write"
                                   : "give a format and a directory");
    if (uri && !oc4ids)
        return cli_usage_error(&cmd_export, "--uri is for oc4ids only");
    if (uri && !is_uri(uri))
        return cli_usage_error(&cmd_export,
                               "--uri: '%s' is not a URI (scheme:rest, "
                               "no spaces)",
                               uri);
    if (strcmp(format, "geojson") &&
        (rc = cli_output_not_db(&cmd_export, format, argv[optind + 1], path)))
        return rc;
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (oc4ids) {
        rc = trk_export_oc4ids(db, argv[optind + 1], uri, &projects, &err);
        if (!rc)
            printf("wrote %s: %ld projects (OC4IDS 0.9.5 project package)\n",
                   argv[optind + 1], projects);
    } else if (!strcmp(format, "kml")) {
        rc = trk_export_kml(db, argv[optind + 1], written, NULL, &err);
    } else if (!strcmp(format, "gpkg")) {
        rc = trk_export_gpkg(db, argv[optind + 1], written, NULL, &err);
    } else {
        rc = trk_export_geojson(db, argv[optind + 1], written, NULL, &err);
    }
    gis_db_close(db);
    return rc ? cli_error("%s", err.msg) : EXIT_OK;
}
