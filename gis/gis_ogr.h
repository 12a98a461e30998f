/*
 * gis_ogr.h: GDAL/OGR start-up and error capture shared by the readers
 * and writers.  GDAL reports problems through CPLError; the library must
 * not print, so a quiet handler keeps the last message for our errors.
 */
#ifndef GIS_OGR_H
#define GIS_OGR_H

#include <ogr_api.h>
#include <ogr_srs_api.h>

/* Registers GDAL's drivers once and silences GDAL's own printing. */
void gis_ogr_init(void);

/* The last message GDAL raised, or "" when it raised none. */
const char *gis_ogr_last_error(void);

/* A new spatial reference for EPSG:4326 in lon/lat order; caller frees
 * with OSRDestroySpatialReference. */
OGRSpatialReferenceH gis_ogr_wgs84(void);

#endif
