/*
 * trk_map_html.h: the web map.  One HTML file that opens offline in any
 * browser: Leaflet, the map's own script and style (web/, embedded at
 * build time by cmake/web.cmake) and the data as RFC 7946 GeoJSON, all
 * inline.  The units are coloured by the indicator of trk_map.h, the
 * works drawn over them by category and status (approximate locations
 * dashed) with popups for budget, contracts and progress, a legend,
 * filters, and the notes that say when boundaries are approximate and
 * works illustrative.
 */
#ifndef TRK_MAP_HTML_H
#define TRK_MAP_HTML_H

#include <stddef.h>

#include "trk_map.h"

/* What a map holds, for the caller to report. */
typedef struct trk_map_html_info {
    long units;             /* unit polygons */
    long works;             /* works (points and lines) */
    long classes;           /* classes of the indicator in the legend */
    long approximate_units; /* units whose boundary is not official */
    long approximate_works; /* works located with IATI precision other
                               than 1 */
    long illustrative;      /* sample works */
    size_t bytes;           /* size of the file written */
} trk_map_html_info;

/* Writes the web map of db to path (replaced when it exists) with the
 * options o (NULL: all defaults).  info (may be NULL) receives what the
 * map holds.  Nothing is written when the data cannot be read; a file
 * that cannot be written is named in the message. */
int trk_map_html_write(gis_db *db, const char *path, const trk_map_opts *o,
                       trk_map_html_info *info, gis_error *err);

#endif
