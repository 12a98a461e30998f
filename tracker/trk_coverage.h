/*
 * trk_coverage.h: which units of a target set are served, per category.
 *
 * For each unit of the target set (the 30 units of 2022, or today's
 * communes) and each category with a coverage rule (coverage_rule: the
 * distance within which a facility still serves a unit), the works of the
 * category in the unit by status (planned: identification, preparation;
 * under construction: implementation; in use: completion, maintenance),
 * their money, VND per km², the geodesic distance from the unit's centre
 * and from each of its hamlets with a point to the nearest facility of the
 * category in use (found through a spatial index, gis_nearest), and
 * whether the unit is unserved: no facility in use or under construction
 * in the unit and none in use within the rule's distance.  Facilities that
 * existed before the programme are works without budget (type existing).
 *
 * Results go to the TEMP table coverage (one row per unit and category);
 * trk_coverage_geojson writes the coverage map from it.
 */
#ifndef TRK_COVERAGE_H
#define TRK_COVERAGE_H

#include "gis_db.h"

typedef struct trk_coverage_opts {
    const char *target;     /* all (NULL), atk, region-iii, minority, or
                               unit codes separated by commas */
    const char *units;      /* "2022" (NULL) or "current" */
    const char *categories; /* ids separated by commas; NULL: every rule */
    const char *max_km;     /* overrides "cat=km,cat=km"; NULL: the rules */
} trk_coverage_opts;

typedef struct trk_coverage_summary {
    int units;          /* in the target set */
    int unknown;        /* candidate units whose deciding attribute is
                           unknown: neither in nor out of the set */
    int unserved;       /* units unserved for at least one category */
    char attribute[16]; /* the attribute deciding the set; "" when none */
} trk_coverage_summary;

int trk_coverage_run(gis_db *db, const trk_coverage_opts *o,
                     trk_coverage_summary *sum, gis_error *err);

/* The coverage map: one feature per unit of the last run with its
 * polygon, per-category status and distance, totals, the approximate
 * flag, and simplestyle fill/stroke so plain viewers draw a choropleth of
 * the number of unserved categories. */
int trk_coverage_geojson(gis_db *db, const char *path, long *count,
                         gis_error *err);

#endif
