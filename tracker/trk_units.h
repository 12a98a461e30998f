/*
 * trk_units.h: the programme attributes of units that decide coverage
 * target sets (ATK, region, minority area, new-rural year), set by
 * officials; each change is kept in unit_attribute_change with who made
 * it, when and on what basis.  Unknown is a value of its own.
 */
#ifndef TRK_UNITS_H
#define TRK_UNITS_H

#include "gis_db.h"

typedef struct trk_unit_attrs {
    const char *atk;      /* yes | no | unknown; NULL: leave */
    const char *region;   /* I | II | III | unknown */
    const char *minority; /* yes | no | unknown */
    const char *ntm_year; /* a year, or "unknown" (stored as NULL) */
    const char *basis;    /* the decision or source */
    const char *by;       /* who; NULL: trk_recorder's default */
} trk_unit_attrs;

/* Sets the attributes given for the unit with code on as_of (NULL: the
 * plan's day, 2022-10-11); records each value that changes.  *changed
 * receives how many did. */
int trk_unit_set(gis_db *db, const char *code, const char *as_of,
                 const trk_unit_attrs *a, int *changed, gis_error *err);

#endif
