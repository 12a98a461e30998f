/*
 * gis_nearest.c: GEOS STRtree nearest neighbour over projected points.
 */
#include "gis_nearest.h"

#include <geos_c.h>
#include <math.h>
#include <proj.h>
#include <stdlib.h>

#include "gis_geom.h"

typedef struct item {
    int64_t id;
    double lon, lat, x, y;
    GEOSGeometry *geom;
} item;

/* Items live in blocks that never move: the tree keeps their addresses. */
#define BLOCK 4096

struct gis_nearest {
    GEOSContextHandle_t geos;
    GEOSSTRtree *tree;
    PJ_CONTEXT *ctx;
    PJ *to_metric;
    item **blocks;
    int n, nblocks;
    int searched; /* GEOS built the tree: no more points */
};

int gis_nearest_new(gis_nearest **out, const char *crs, gis_error *err) {
    gis_nearest *ix = calloc(1, sizeof *ix);
    PJ *p;
    *out = NULL;
    if (!ix) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    ix->geos = GEOS_init_r();
    ix->tree = ix->geos ? GEOSSTRtree_create_r(ix->geos, 10) : NULL;
    ix->ctx = proj_context_create();
    /* A point off the projection is our caller's to report, not PROJ's
     * to print. */
    if (ix->ctx)
        proj_log_level(ix->ctx, PJ_LOG_NONE);
    p = ix->ctx ? proj_create_crs_to_crs(ix->ctx, "EPSG:4326", crs, NULL)
                : NULL;
    if (p) {
        /* lon/lat in, easting/northing out, whatever the CRS's axis order. */
        ix->to_metric = proj_normalize_for_visualization(ix->ctx, p);
        proj_destroy(p);
    }
    if (!ix->tree || !ix->to_metric) {
        gis_error_set(err, "cannot set up a nearest-point index in '%s'", crs);
        gis_nearest_free(ix);
        return 1;
    }
    *out = ix;
    return 0;
}

int gis_nearest_add(gis_nearest *ix, int64_t id, double lon, double lat,
                    gis_error *err) {
    item *it;
    PJ_COORD c;
    if (ix->searched) {
        gis_error_set(err, "points must all be added before the first search");
        return 1;
    }
    if (ix->n == ix->nblocks * BLOCK) {
        item **grown =
            realloc(ix->blocks, (size_t)(ix->nblocks + 1) * sizeof *grown);
        if (!grown || !(grown[ix->nblocks] = calloc(BLOCK, sizeof(item)))) {
            if (grown)
                ix->blocks = grown;
            gis_error_set(err, "out of memory");
            return 1;
        }
        ix->blocks = grown;
        ix->nblocks++;
    }
    c = proj_trans(ix->to_metric, PJ_FWD, proj_coord(lon, lat, 0, 0));
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y)) {
        gis_error_set(err, "point %lld (%.7g %.7g) cannot be projected",
                      (long long)id, lon, lat);
        return 1;
    }
    it = &ix->blocks[ix->n / BLOCK][ix->n % BLOCK];
    it->id = id;
    it->lon = lon;
    it->lat = lat;
    it->x = c.xy.x;
    it->y = c.xy.y;
    it->geom = GEOSGeom_createPointFromXY_r(ix->geos, it->x, it->y);
    if (!it->geom) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    GEOSSTRtree_insert_r(ix->geos, ix->tree, it->geom, it);
    ix->n++;
    return 0;
}

static int plane_distance(const void *a, const void *b, double *d,
                          void *userdata) {
    const item *p = a, *q = b;
    (void)userdata;
    *d = hypot(p->x - q->x, p->y - q->y);
    return 1;
}

int gis_nearest_find(gis_nearest *ix, double lon, double lat, int64_t *id,
                     double *metres) {
    item q = {0};
    const item *best;
    PJ_COORD c;
    if (ix->n == 0)
        return 0;
    ix->searched = 1;
    c = proj_trans(ix->to_metric, PJ_FWD, proj_coord(lon, lat, 0, 0));
    q.x = c.xy.x;
    q.y = c.xy.y;
    if (!isfinite(q.x) || !isfinite(q.y) || !isfinite(lon) || !isfinite(lat))
        return -1;
    if (!(q.geom = GEOSGeom_createPointFromXY_r(ix->geos, q.x, q.y)))
        return 0;
    best = GEOSSTRtree_nearest_generic_r(ix->geos, ix->tree, &q, q.geom,
                                         plane_distance, NULL);
    GEOSGeom_destroy_r(ix->geos, q.geom);
    if (!best)
        return 0;
    *id = best->id;
    *metres = gis_geodesic_distance_m(lon, lat, best->lon, best->lat);
    return 1;
}

int gis_nearest_size(const gis_nearest *ix) { return ix->n; }

void gis_nearest_free(gis_nearest *ix) {
    if (!ix)
        return;
    if (ix->tree)
        GEOSSTRtree_destroy_r(ix->geos, ix->tree);
    for (int i = 0; i < ix->n; i++)
        GEOSGeom_destroy_r(ix->geos, ix->blocks[i / BLOCK][i % BLOCK].geom);
    for (int b = 0; b < ix->nblocks; b++)
        free(ix->blocks[b]);
    free(ix->blocks);
    if (ix->geos)
        GEOS_finish_r(ix->geos);
    proj_destroy(ix->to_metric);
    if (ix->ctx)
        proj_context_destroy(ix->ctx);
    free(ix);
}
