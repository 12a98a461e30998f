/*
 * gis_nearest.h: the nearest of many points, through a spatial index.
 *
 * Points go into a GEOS STRtree in a metric projection (PROJ), so the
 * tree's branch-and-bound search works with true plane distances; the
 * distance returned for the nearest point is then the geodesic one on the
 * WGS84 ellipsoid (PROJ's geodesic).  Over a province the projection's
 * scale error (under 0.1% near its zone) can only reorder near-ties.
 * Add every point, then search: GEOS builds the tree on the first search
 * and takes no points after it.
 */
#ifndef GIS_NEAREST_H
#define GIS_NEAREST_H

#include <stdint.h>

#include "gis_error.h"

typedef struct gis_nearest gis_nearest;

/* crs: the metric CRS of the tree, e.g. "EPSG:32648" (UTM 48N). */
int gis_nearest_new(gis_nearest **out, const char *crs, gis_error *err);

int gis_nearest_add(gis_nearest *ix, int64_t id, double lon, double lat,
                    gis_error *err);

/* The point nearest lon/lat: 1 with *id and *metres (geodesic), 0 when
 * the index holds no point, -1 when lon/lat cannot be projected (not a
 * place on Earth the metric CRS covers). */
int gis_nearest_find(gis_nearest *ix, double lon, double lat, int64_t *id,
                     double *metres);

int gis_nearest_size(const gis_nearest *ix);

/* Accepts NULL. */
void gis_nearest_free(gis_nearest *ix);

#endif
