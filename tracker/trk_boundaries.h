/*
 * trk_boundaries.h: unit polygons.  Without openly licensed boundaries the
 * tracker derives approximate ones (a size-weighted partition of the 2022
 * centres, see gis_partition.h); official ones replace them on import.
 * Units created later get the union of the units they were made from.
 */
#ifndef TRK_BOUNDARIES_H
#define TRK_BOUNDARIES_H

#include "gis_db.h"

/* Derives approximate polygons for the base units (those with a centre
 * and an area and no valid_from), the outline of the area they cover, and
 * the polygons of every later unit.  Runs inside the caller's
 * transaction. */
int trk_boundaries_derive(gis_db *db, gis_error *err);

/* Re-derives the outline and the later units' polygons from the base
 * units' current polygons (after an import). */
int trk_boundaries_rederive_later(gis_db *db, gis_error *err);

typedef struct trk_import_result {
    const char *where;   /* "feature 3" */
    const char *feature; /* the name or code the feature gave */
    const char *unit;    /* full name of the matched unit, or NULL */
    const char *key;     /* the matched unit's key, or NULL */
    const char *reason;  /* why it did not match, or NULL */
} trk_import_result;

typedef void (*trk_import_cb)(const trk_import_result *r, void *ctx);

/* Reads polygons from any OGR source and replaces the polygons of the
 * units (valid on as_of) they match by code or name.  Calls cb once per
 * feature, then once per unit left unmatched (where = NULL).  *matched
 * gets the number of units replaced.  One transaction: on error nothing
 * changes. */
int trk_boundaries_import(gis_db *db, const char *path, const char *as_of,
                          trk_import_cb cb, void *ctx, int *matched,
                          gis_error *err);

#endif
