/*
 * cmd_map.c: `tracker map` draws the maps officials take to meetings.
 * The options (trk_map.h) are shared by every output; --html writes the
 * self-contained web map (trk_map_html.h), --png and --pdf the printable
 * A4 map (trk_map_print.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gis_text.h"
#include "trk_db.h"
#include "trk_map.h"
#include "trk_map_html.h"
#include "trk_map_print.h"

static int run(int argc, char **argv);

const cli_command cmd_map = {
    "map", run, "draw the web map (HTML) or the printable map (PNG, PDF)",
    "usage: tracker map (--html FILE | --png FILE | --pdf FILE) ...\n"
    "                   [--indicator NAME] [--units 2022|current]\n"
    "                   [--title T] [--today D] [--db FILE]\n"
    "\n"
    "Colours the units by an indicator and draws the works over them:\n"
    "  works           number of works in the unit (default)\n"
    "  allocated       money allocated to the unit's works (million VND)\n"
    "  disbursed_rate  disbursed / allocated (%)\n"
    "  vnd_per_km2     allocated million VND per km² of the unit\n"
    "Units without a value (no allocation, no area) and units at zero have\n"
    "classes of their own; the rest fall into at most four classes of\n"
    "about equal counts.  Works are coloured by category and filled by\n"
    "status; approximate locations (IATI precision other than 1) are\n"
    "dashed.  Popups give a work's allocation by budget line, disbursement,\n"
    "contracts (contractor, status, value), progress and flags; the page\n"
    "filters works by category, status and budget line.  The title and\n"
    "the notes are in Vietnamese; the map says when boundaries are\n"
    "approximate and works illustrative.\n"
    "\n"
    "--html writes one HTML file holding Leaflet, the map's script and the\n"
    "data (GeoJSON, RFC 7946): it opens offline, with no tiles, in any\n"
    "browser.  FILE#work=CODE or FILE#unit=CODE opens that feature.\n"
    "\n"
    "--png and --pdf write the printable map for meetings: A4 landscape\n"
    "(PNG at 150 dpi, 1754 x 1240; PDF one vector page) in VN-2000 / TM-3\n"
    "106°30' (EPSG:9213), with title, legend, scale bar (geodesic), north\n"
    "arrow, date, data sources, and a note when boundaries are approximate\n"
    "or works illustrative.  Several outputs may be given at once.\n"
    "\n"
    "options:\n"
    "  --html FILE         write the web map to FILE\n"
    "  --png FILE          write the printable map as a PNG picture\n"
    "  --pdf FILE          write the printable map as a PDF page\n"
    "  --indicator NAME    what colours the units: works, allocated,\n"
    "                      disbursed_rate or vnd_per_km2 (default: works)\n"
    "  --units U           2022: the 30 units of the plan's year (default);\n"
    "                      current: the communes in force today\n"
    "  --title T           the map's title (default: Công trình hạ tầng\n"
    "                      vùng đồng bào DTTS&MN, huyện Đại Từ)\n"
    "  --today D           the day of the map's data and flags (default:\n"
    "                      $TRACKER_TODAY, else today)\n" CLI_DB_HELP};

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"html", required_argument, NULL, 'H'},
        {"png", required_argument, NULL, 'P'},
        {"pdf", required_argument, NULL, 'F'},
        {"indicator", required_argument, NULL, 'i'},
        {"units", required_argument, NULL, 'u'},
        {"title", required_argument, NULL, 'T'},
        {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *html = NULL, *png = NULL,
               *pdf = NULL;
    trk_map_opts o = {NULL, NULL, NULL, NULL};
    trk_map_html_info info;
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
        case 'H':
            html = optarg;
            break;
        case 'P':
            png = optarg;
            break;
        case 'F':
            pdf = optarg;
            break;
        case 'i':
            o.indicator = optarg;
            break;
        case 'u':
            o.units = optarg;
            break;
        case 'T':
            o.title = optarg;
            break;
        case 't':
            if ((rc = cli_opt_date(&cmd_map, "--today", optarg, &o.today)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_map);
        default:
            return cli_option_error(&cmd_map, c, argv);
        }
    }
    if (optind != argc)
        return cli_usage_error(&cmd_map, "unexpected '%s'", argv[optind]);
    /* Each output is a file of its own. */
    if (!html && !png && !pdf)
        return cli_usage_error(&cmd_map,
                               "give the file to write (--html, --png or "
                               "--pdf)");
    if ((html && !*html) || (png && !*png) || (pdf && !*pdf))
        return cli_usage_error(&cmd_map, "an output's file name is empty");
    if (o.indicator && !trk_map_indicator_known(o.indicator))
        return cli_usage_error(&cmd_map,
                               "--indicator: '%s' is not works, allocated, "
                               "disbursed_rate or vnd_per_km2",
                               o.indicator);
    if (o.units && strcmp(o.units, "2022") && strcmp(o.units, "current"))
        return cli_usage_error(&cmd_map, "--units: '%s' is not 2022 or current",
                               o.units);
    if (o.title && gis_text_encoding(o.title) < 0)
        return cli_usage_error(&cmd_map, "--title: the text is not UTF-8");

    if ((rc = cli_output_not_db(&cmd_map, "--html", html, path)) ||
        (rc = cli_output_not_db(&cmd_map, "--png", png, path)) ||
        (rc = cli_output_not_db(&cmd_map, "--pdf", pdf, path)))
        return rc;
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (html) {
        if (trk_map_html_write(db, html, &o, &info, &err))
            goto fail;
        printf("wrote %s: %ld units, %ld works, %ld classes of %s (%zu "
               "bytes)\n",
               html, info.units, info.works, info.classes,
               o.indicator ? o.indicator : "works", info.bytes);
        if (info.approximate_units || info.illustrative)
            printf("the map says: %ld units with approximate boundaries, %ld "
                   "illustrative works\n",
                   info.approximate_units, info.illustrative);
    }
    for (int i = 0; i < 2; i++) {
        const char *file = i ? pdf : png, *format = i ? "pdf" : "png";
        trk_map_print_info pi;
        if (!file)
            continue;
        if (trk_map_print_write_info(db, file, format, &o, &pi, &err))
            goto fail;
        printf("wrote %s: A4 landscape %s, %d x %d%s\n", file, format, pi.width,
               pi.height, i ? " pt" : " px");
    }
    gis_db_close(db);
    return EXIT_OK;
fail:
    gis_db_close(db);
    return cli_error("%s", err.msg);
}
