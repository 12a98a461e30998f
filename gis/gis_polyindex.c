/*
 * gis_polyindex.c: GEOS STRtree over prepared polygons.
 */
#include "gis_polyindex.h"

#include <geos_c.h>
#include <stdlib.h>

#include "gis_geom.h"

typedef struct entry {
    int64_t id;
    GEOSGeometry *geom;
    const GEOSPreparedGeometry *prepared;
} entry;

struct gis_polyindex {
    GEOSContextHandle_t geos;
    GEOSSTRtree *tree;
    entry *entries;
    int n, cap;
};

/* One query's state: the point and the best id so far. */
typedef struct query {
    const gis_polyindex *ix;
    const GEOSGeometry *point;
    int64_t best;
} query;

static void visit(void *item, void *data) {
    const entry *e = item;
    query *q = data;
    if ((q->best == 0 || e->id < q->best) &&
        GEOSPreparedIntersects_r(q->ix->geos, e->prepared, q->point) == 1)
        q->best = e->id;
}

int gis_polyindex_load(gis_polyindex **out, gis_db *db, const char *sql,
                       const char *param, gis_error *err) {
    gis_polyindex *ix;
    sqlite3_stmt *st = NULL;
    GEOSWKBReader *reader = NULL;
    int rc;

    *out = NULL;
    if (!(ix = calloc(1, sizeof *ix)) || !(ix->geos = GEOS_init_r())) {
        free(ix);
        gis_error_set(err, "out of memory");
        return 1;
    }
    ix->tree = GEOSSTRtree_create_r(ix->geos, 10);
    reader = GEOSWKBReader_create_r(ix->geos);
    if (!ix->tree || !reader) {
        gis_error_set(err, "cannot start GEOS");
        goto fail;
    }
    if (gis_db_prepare(db, &st, sql, err))
        goto fail;
    if (param)
        sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *wkb = sqlite3_column_blob(st, 1);
        int len = sqlite3_column_bytes(st, 1);
        entry *e;
        if (!wkb)
            continue;
        if (ix->n == ix->cap) {
            int cap = ix->cap ? ix->cap * 2 : 64;
            entry *grown = realloc(ix->entries, (size_t)cap * sizeof *grown);
            if (!grown) {
                gis_error_set(err, "out of memory");
                goto fail;
            }
            ix->entries = grown;
            ix->cap = cap;
        }
        e = &ix->entries[ix->n];
        e->id = sqlite3_column_int64(st, 0);
        e->geom = GEOSWKBReader_read_r(ix->geos, reader, wkb, (size_t)len);
        if (!e->geom) {
            gis_error_set(err, "polygon %lld: not readable WKB",
                          (long long)e->id);
            goto fail;
        }
        e->prepared = GEOSPrepare_r(ix->geos, e->geom);
        ix->n++;
        if (!e->prepared) {
            gis_error_set(err, "polygon %lld: GEOS cannot prepare it",
                          (long long)e->id);
            goto fail;
        }
    }
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "loading polygons: %s", sqlite3_errmsg(db->handle));
        goto fail;
    }
    /* The tree keeps pointers into entries: insert once it stops growing. */
    for (int i = 0; i < ix->n; i++)
        GEOSSTRtree_insert_r(ix->geos, ix->tree, ix->entries[i].geom,
                             &ix->entries[i]);
    sqlite3_finalize(st);
    GEOSWKBReader_destroy_r(ix->geos, reader);
    *out = ix;
    return 0;
fail:
    sqlite3_finalize(st);
    if (reader)
        GEOSWKBReader_destroy_r(ix->geos, reader);
    gis_polyindex_free(ix);
    return 1;
}

int64_t gis_polyindex_find(const gis_polyindex *ix, double x, double y) {
    query q = {ix, NULL, 0};
    GEOSGeometry *point = GEOSGeom_createPointFromXY_r(ix->geos, x, y);
    if (!point)
        return 0;
    q.point = point;
    GEOSSTRtree_query_r(ix->geos, ix->tree, point, visit, &q);
    GEOSGeom_destroy_r(ix->geos, point);
    return q.best;
}

/* The tree's nearest-neighbour search asks for the distance between the
 * query item (the point) and an entry, in either order. */
typedef struct nearest {
    const gis_polyindex *ix;
    const GEOSGeometry *point;
} nearest;

static int entry_distance(const void *a, const void *b, double *d, void *data) {
    const nearest *q = data;
    const entry *e = a == (const void *)q ? b : a;
    return GEOSPreparedDistance_r(q->ix->geos, e->prepared, q->point, d) == 1;
}

double gis_polyindex_distance_m(const gis_polyindex *ix, double lon,
                                double lat) {
    GEOSGeometry *point;
    GEOSCoordSequence *pts = NULL;
    const entry *e;
    nearest q;
    double x, y, d = -1;

    if (ix->n == 0 ||
        !(point = GEOSGeom_createPointFromXY_r(ix->geos, lon, lat)))
        return -1;
    q.ix = ix;
    q.point = point;
    e = GEOSSTRtree_nearest_generic_r(ix->geos, ix->tree, &q, point,
                                      entry_distance, &q);
    if (e && GEOSPreparedIntersects_r(ix->geos, e->prepared, point) == 1)
        d = 0;
    else if (e &&
             (pts =
                  GEOSPreparedNearestPoints_r(ix->geos, e->prepared, point)) &&
             GEOSCoordSeq_getXY_r(ix->geos, pts, 0, &x, &y))
        d = gis_geodesic_distance_m(lon, lat, x, y);
    if (pts)
        GEOSCoordSeq_destroy_r(ix->geos, pts);
    GEOSGeom_destroy_r(ix->geos, point);
    return d;
}

int gis_polyindex_size(const gis_polyindex *ix) { return ix->n; }

void gis_polyindex_free(gis_polyindex *ix) {
    if (!ix)
        return;
    for (int i = 0; i < ix->n; i++) {
        if (ix->entries[i].prepared)
            GEOSPreparedGeom_destroy_r(ix->geos, ix->entries[i].prepared);
        GEOSGeom_destroy_r(ix->geos, ix->entries[i].geom);
    }
    if (ix->tree)
        GEOSSTRtree_destroy_r(ix->geos, ix->tree);
    free(ix->entries);
    GEOS_finish_r(ix->geos);
    free(ix);
}
