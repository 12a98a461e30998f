/*
 * gis_polyindex.h: which polygon contains a point, for many points.
 *
 * Holds a set of polygons in memory as GEOS prepared geometries under a
 * GEOS STRtree, so each lookup is a tree query and a prepared test, not an
 * SQL statement that parses a polygon blob again.  Loaded once from a
 * query; the caller rebuilds it when the polygons change.
 */
#ifndef GIS_POLYINDEX_H
#define GIS_POLYINDEX_H

#include <stdint.h>

#include "gis_db.h"

typedef struct gis_polyindex gis_polyindex;

/* Loads the rows of sql, each (id INTEGER, wkb BLOB) with the polygon as
 * WKB (AsBinary(geom)); param, when not NULL, binds to ?1.  Rows with a
 * NULL geometry are skipped. */
int gis_polyindex_load(gis_polyindex **out, gis_db *db, const char *sql,
                       const char *param, gis_error *err);

/* The lowest id among the polygons that contain the point or have it on
 * their edge; 0 when none does. */
int64_t gis_polyindex_find(const gis_polyindex *ix, double x, double y);

/* For polygons in lon/lat: the geodesic distance in metres from the
 * point to the nearest polygon (nearest in degrees, which at a
 * province's scale is the nearest on the ground too); 0 when a polygon
 * holds the point, -1 when the index is empty.  A tree query and one
 * prepared distance per candidate, no SQL: for the points that fall
 * outside every polygon of a large file. */
double gis_polyindex_distance_m(const gis_polyindex *ix, double lon,
                                double lat);

/* Number of polygons held. */
int gis_polyindex_size(const gis_polyindex *ix);

/* Accepts NULL. */
void gis_polyindex_free(gis_polyindex *ix);

#endif
