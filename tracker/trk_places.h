/*
 * trk_places.h: named places users add to the gazetteer (a UBND seat, a
 * school, a market), each with its point, and the reverse question:
 * what is at this point?
 */
#ifndef TRK_PLACES_H
#define TRK_PLACES_H

#include <stdint.h>

#include "gis_db.h"

/* Place kinds; "seat" (trụ sở UBND) makes the place its unit's seat,
 * which the geocoder uses with IATI precision 8. */
extern const char *const trk_place_kinds[];

typedef struct trk_place_input {
    const char *name;
    const char *kind; /* NULL: "other" */
    double lon, lat;
    const char *unit_code; /* NULL: the 2022 unit that contains the point */
    const char *as_of;
    const char *note, *origin;
} trk_place_input;

/* Adds one place and refreshes the gazetteer; checks like a work's point
 * (inside the district).  *id receives the new place's id. */
int trk_place_add(gis_db *db, const trk_place_input *in, int64_t *id,
                  gis_error *err);

/* Adds every feature of an OGR source (points; fields name/ten, kind/loai,
 * optional unit code) in one transaction; the message names the feature
 * and field of the first bad one, and nothing is written then. */
int trk_places_import(gis_db *db, const char *path, int *count, gis_error *err);

typedef struct trk_where_result {
    int found; /* a 2022 unit contains the point */
    char unit_key[32], unit_name[160];
    double unit_distance_m; /* 0 inside, else to the nearest unit */
    char current_key[32], current_name[160];
    char nearest[160], nearest_type[12]; /* hamlet or place with a point */
    double nearest_m;                    /* -1 when none has a point */
    int inside_district;
} trk_where_result;

/* The unit (2022 and today) at a point, and the nearest named point. */
int trk_where(gis_db *db, double lon, double lat, trk_where_result *res,
              gis_error *err);

#endif
