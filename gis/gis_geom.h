/*
 * gis_geom.h: geometry parsing and measuring on WGS84 lon/lat.
 */
#ifndef GIS_GEOM_H
#define GIS_GEOM_H

#include <ogr_api.h>
#include <stddef.h>

#include "gis_error.h"

/* Parses WKT ("LINESTRING(105.6 21.6, ...)") or GeoJSON (a geometry, a
 * Feature) into a new geometry; the caller destroys it.  The message says
 * what was wrong with the text. */
int gis_geom_parse(const char *text, OGRGeometryH *out, gis_error *err);

/* Geodesic length in metres of a (multi)line on the WGS84 ellipsoid,
 * measured by PROJ's geodesic routines (Karney's algorithm). */
double gis_geodesic_length_m(OGRGeometryH g);

/* Geodesic area in square metres on WGS 84 of a lon/lat polygon or
 * multipolygon (holes subtracted); 0 for other geometries. */
double gis_geodesic_area_m2(OGRGeometryH g);

/* Geodesic distance in metres between two lon/lat points. */
double gis_geodesic_distance_m(double lon1, double lat1, double lon2,
                               double lat2);

/* ISO WKB of g in a new buffer (caller frees); 0 on success. */
int gis_geom_wkb(OGRGeometryH g, unsigned char **wkb, size_t *len);

#endif
