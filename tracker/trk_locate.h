/*
 * trk_locate.h: locating works that have place text but no location,
 * through the gazetteer, each inside its own unit.
 */
#ifndef TRK_LOCATE_H
#define TRK_LOCATE_H

#include "gis_db.h"
#include "trk_geocode.h"

typedef struct trk_locate_report {
    const char *code;       /* the work */
    const char *place_text; /* what it said */
    int located;
    const char *how; /* how it was found, or why not */
} trk_locate_report;

typedef void (*trk_locate_cb)(const trk_locate_report *r, void *ctx);

/* Locates every unlocated work with place text; records the point, the
 * IATI precision of what was found and how (location_note).  A text that
 * names nothing known leaves the work at its unit's area (precision 3,
 * said so); an ambiguous one leaves it unlocated.  One transaction.  g
 * is the geocoder to use (NULL: a gazetteer-only one). */
int trk_locate_works(gis_db *db, trk_geocoder *g, trk_locate_cb cb, void *ctx,
                     int *located, int *left, gis_error *err);

#endif
