/*
 * trk_map.h: maps officials take to meetings.  One set of options for
 * the web map (trk_map_html.h) and the printable map (trk_map_print.h).
 *
 * Units are coloured by an indicator:
 *   works           number of works in the unit
 *   allocated       money allocated to the unit's works (VND)
 *   disbursed_rate  disbursed / allocated (%)
 *   vnd_per_km2     allocated VND per km² of the unit
 * Units are the 30 of 2022 (units "2022") or today's communes ("current").
 * Every map says when boundaries are approximate and works illustrative.
 */
#ifndef TRK_MAP_H
#define TRK_MAP_H

#include "gis_db.h"

typedef struct trk_map_opts {
    const char *indicator; /* NULL: works */
    const char *units;     /* NULL: "2022" */
    const char *title;     /* NULL: the default Vietnamese title */
    const char *today;     /* the day of flags and of the map's date; NULL:
                              $TRACKER_TODAY, else today */
} trk_map_opts;

/* 1 when name is one of the indicators above. */
int trk_map_indicator_known(const char *name);

#endif
