/*
 * trk_works.h: recording works.  Every check happens before anything is
 * written, and the writes share one transaction, so a rejected work
 * leaves the database exactly as it was.
 */
#ifndef TRK_WORKS_H
#define TRK_WORKS_H

#include <stddef.h>
#include <stdint.h>

#include "gis_db.h"
#include "gis_polyindex.h"

/* How far (metres) a point may lie outside the district's outline: the
 * outline is approximate, so points just outside it are still accepted. */
#define TRK_OUTLINE_TOLERANCE_M 2000.0

typedef struct trk_work_input {
    const char *code;
    const char *name;
    const char *category;  /* a trk_categories id */
    const char *unit_code; /* 5-digit code */
    const char *as_of;     /* date that picks the unit a code meant */
    int has_point;
    double lon, lat;
    const char *line; /* WKT or GeoJSON, instead of a point */
    const char *budget_line;
    int64_t amount_vnd; /* with budget_line */
    int year;           /* of the allocation; 0 = the plan's year */
    const char *work_type;
    const char *hamlet;
    const char *place; /* place text; alone, the work waits for geocoding */
    const char *investor;
    const char *status; /* OC4IDS status recorded as the first event */
    const char *status_date;
    const char *note;
    int precision_code; /* 0 = 1 (exact coordinates) */
    int illustrative;
    /* Set by importers; zero or NULL when not known. */
    int64_t unit_id;             /* the unit itself, instead of unit_code */
    int64_t hamlet_id;           /* the hamlet, when the geocoder found it */
    const char *location_source; /* how the location was found */
    const char *location_note;
    double gps_accuracy_m; /* > 0 when the device reported it */
    const char *start_date, *end_date;
    const char *funding_source; /* central, local, other */
    /* The work's total investment ("Tổng mức đầu tư") and the area of a
     * site drawn as a polygon; 0 when the input does not say, and then
     * an update leaves what the work has. */
    int64_t total_investment_vnd;
    double site_area_m2;
    /* Disbursed to date ("Giải ngân", cumulative as offices report it):
     * a progress event when it differs from the work's latest figure. */
    int has_disbursed;
    int64_t disbursed_vnd;
    /* The location was guessed from place text (the gazetteer): on an
     * update it does not replace a point the work has from elsewhere (a
     * survey, a hand edit) or a nearer one (precision 1-2 against a
     * unit's seat or centre). */
    int location_is_guess;
    /* The caller found the point inside a unit's polygon (so inside the
     * district) and the outline test can be skipped. */
    int in_unit_polygon;
    /* The caller rolls its whole transaction back on any error (an
     * import does, file by file), so the work needs no savepoint of its
     * own: on a file of many rows the savepoints cost a tenth of the
     * time. */
    int caller_rolls_back;
    /* The caller knows no work has this code (an import into a database
     * that held no works, its codes checked unique in the file): the
     * lookup is skipped, and a wrong hint fails on code's UNIQUE. */
    int known_new;
    /* Where a change of an existing work comes from, for its history
     * ("import of 'x.xlsx', sheet 'Danh mục', row 15"); NULL: "tracker". */
    const char *change_source;
} trk_work_input;

enum { TRK_WORK_UNCHANGED = 0, TRK_WORK_UPDATED = 1, TRK_WORK_ADDED = 2 };

/* Adds the work, or brings the work with in->code up to date with in
 * (attributes, location, the allocation of in->budget_line for the year,
 * and a progress event when in->status differs from its current one).
 * *changed receives TRK_WORK_ADDED, TRK_WORK_UPDATED, or
 * TRK_WORK_UNCHANGED when the work already said all of this: nothing is
 * written then, so importing a file twice changes nothing the second
 * time.  Checks are trk_work_add's. */
int trk_work_update(gis_db *db, const trk_work_input *in, int *changed,
                    gis_error *err);

/* Metres from a point to a unit's polygon (0 inside). */
double trk_work_outside_m(gis_db *db, int64_t unit_id, double lon, double lat);

/* Validates and stores one work.  warn (may be NULL) receives a note the
 * user should see even on success, e.g. a point outside its unit's
 * approximate polygon; "" when there is none. */
int trk_work_add(gis_db *db, const trk_work_input *in, char *warn,
                 size_t warnsize, gis_error *err);

/* The unit in force on as_of (NULL: 2022-10-11, the plan's) containing
 * the point, found through the units' R*Tree; a point on an edge shared
 * by two units goes to the first.  0 when none. */
int64_t trk_unit_at(gis_db *db, double lon, double lat, const char *as_of);

/* The polygons of the units in force on as_of, held in memory for a file
 * of many points: gis_polyindex_find answers what trk_unit_at does. */
int trk_units_index(gis_db *db, const char *as_of, gis_polyindex **out,
                    gis_error *err);

/* Checks that lon/lat given for field are degrees in range and not a
 * latitude/longitude swap (Vietnam lies at lon 102-110, lat 8-24). */
int trk_check_lonlat(double lon, double lat, const char *field, gis_error *err);

/* Checks a WGS84 point given for field: a number pair in range, not
 * swapped, inside the district (within the outline tolerance). */
int trk_check_point(gis_db *db, double lon, double lat, const char *field,
                    gis_error *err);
/* The same refusal for a distance to the outline the caller measured
 * (metres, 0 inside): 1 with the message when it is past the tolerance. */
int trk_check_outside(double outside_m, double lon, double lat,
                      const char *field, gis_error *err);

/* Resolves a unit code to the unit it meant on as_of (NULL: any date, an
 * error when the code names several units over time). */
int trk_unit_resolve(gis_db *db, const char *code, const char *as_of,
                     int64_t *unit_id, gis_error *err);

#endif
