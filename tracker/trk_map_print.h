/*
 * trk_map_print.h: the printable map, an A4 landscape page for meetings
 * (PNG at 150 dpi or vector PDF), drawn with cairo.
 *
 * The page holds a title, the units as a choropleth of the indicator
 * (trk_map.h) with their names, the works as symbols by category and
 * status, a legend, a scale bar and a north arrow (both measured through
 * PROJ), the date, the data sources, and a note box whenever boundaries
 * are approximate or works illustrative.  Coordinates are projected to
 * VN-2000 / TM-3 106-30 (EPSG:9213), the grid of Thái Nguyên.
 */
#ifndef TRK_MAP_PRINT_H
#define TRK_MAP_PRINT_H

#include "gis_db.h"
#include "trk_map.h"

#define TRK_MAP_PRINT_MAX_CLASSES 6

/* A rectangle on the page, in the output's units: pixels for PNG, points
 * for PDF; y grows downwards. */
typedef struct trk_map_box {
    double x, y, w, h;
} trk_map_box;

/* One class of the choropleth. */
typedef struct trk_map_class {
    unsigned char rgb[3]; /* its fill, exactly as drawn */
    char label[64]; /* as the legend writes it, e.g. "1.500,0 – 2.000,0" */
    int units;      /* units in it */
    trk_map_box swatch; /* its swatch in the legend */
} trk_map_class;

/* What was drawn where, for callers that check or place things around the
 * page (tests, the CLI's summary line). */
typedef struct trk_map_print_info {
    int width, height; /* the page: 1754 x 1240 px, or 842 x 595 pt */
    double scale;      /* output units per point (150/72 for PNG, 1 for PDF) */
    trk_map_box map, legend, notes; /* notes: w = h = 0 when not drawn */
    int nclasses;
    trk_map_class classes[TRK_MAP_PRINT_MAX_CLASSES];
    int no_data_units;            /* units drawn hatched (indicator unknown) */
    unsigned char no_data_rgb[3]; /* the ground under the hatching */
    int units, works;             /* units and works drawn */
    int approximate;           /* the note on approximate boundaries is shown */
    int illustrative;          /* the note on illustrative works is shown */
    unsigned char note_rgb[3]; /* the note box's fill */
    /* The scale bar: its length in km and the lon/lat of its two ends, so
     * a caller can measure it on the ellipsoid. */
    double scale_bar_km;
    double scale_bar_lonlat[4]; /* lon0, lat0, lon1, lat1 */
    char projection[32];        /* "EPSG:9213" */
} trk_map_print_info;

/* Writes the map of the units and works in db to path as format ("png" or
 * "pdf"; NULL: from path's extension).  o may be NULL (defaults of
 * trk_map.h).  Fails, with a message naming the culprit and writing
 * nothing, on an unknown format, indicator or unit set, a bad date, or a
 * path that cannot be written; a file half written is removed. */
int trk_map_print_write(gis_db *db, const char *path, const char *format,
                        const trk_map_opts *o, gis_error *err);

/* The same, filling info (when not NULL) with the page's geometry. */
int trk_map_print_write_info(gis_db *db, const char *path, const char *format,
                             const trk_map_opts *o, trk_map_print_info *info,
                             gis_error *err);

#endif
