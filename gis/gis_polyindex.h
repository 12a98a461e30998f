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

/* Number of polygons held. */
int gis_polyindex_size(const gis_polyindex *ix);

/* Accepts NULL. */
void gis_polyindex_free(gis_polyindex *ix);

#endif
