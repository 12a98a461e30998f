/*
 * gis_partition.h: approximate cells around sites from each site's centre
 * and the area its cell should have.
 *
 * The cells are a multiplicatively weighted Voronoi partition fitted on a
 * raster so that every cell comes close to its target area; their union is
 * an outline of the same total area.  Meant for when only centres and areas
 * are known and no real boundaries can be had.
 */
#ifndef GIS_PARTITION_H
#define GIS_PARTITION_H

#include <ogr_api.h>

#include "gis_error.h"

typedef struct gis_site {
    double lon, lat;   /* WGS84 centre of the cell-to-be */
    double target_km2; /* the area the cell should have */
} gis_site;

typedef struct gis_partition_opts {
    double cell_deg;   /* raster cell size in degrees; 0 means 0.0005 */
    double margin_deg; /* margin around the sites' extent; 0 means 0.1 */
    int iterations;    /* weight-fitting rounds; 0 means a sensible default */
} gis_partition_opts;

/* Partitions the plane near the sites into n cells, one per site, whose union
 * is an outline derived from the same data. On success out_polys[i] is a new
 * OGR MultiPolygon in EPSG:4326 lon/lat order (the caller destroys each with
 * OGR_G_DestroyGeometry) and out_km2[i] its area in km². opts may be NULL.
 * Returns 0, or non-zero with a message in err (and nothing to free). */
int gis_partition_weighted(const gis_site *sites, int n,
                           const gis_partition_opts *opts,
                           OGRGeometryH *out_polys, double *out_km2,
                           gis_error *err);

#endif
