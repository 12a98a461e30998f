/*
 * trk_locate.c: the batch side of the geocoder.  A work is looked up
 * inside its unit, so "xóm Đồng Tiến" (a name three units share) is
 * single once the work's unit is known.
 */
#include "trk_locate.h"

#include <stdio.h>
#include <string.h>

typedef struct pending {
    int64_t id, unit;
    char code[64], text[256];
} pending;

static int store(gis_db *db, const pending *p, const trk_geo_hit *h,
                 const char *note, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_prepare(db, &st,
                       "UPDATE work SET point = MakePoint(?1, ?2, 4326),"
                       " precision_code = ?3, location_class = ?4, exactness"
                       " = ?5, location_source = 'gazetteer', location_note ="
                       " ?6, hamlet_id = CASE WHEN ?7 = 'hamlet' THEN ?8 ELSE"
                       " hamlet_id END WHERE id = ?9",
                       err))
        return 1;
    sqlite3_bind_double(st, 1, h->lon);
    sqlite3_bind_double(st, 2, h->lat);
    sqlite3_bind_int(st, 3, h->precision);
    sqlite3_bind_int(st, 4, h->location_class);
    sqlite3_bind_int(st, 5, h->exactness);
    sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, h->feature_type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, h->feature_id);
    sqlite3_bind_int64(st, 9, p->id);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "work '%s': %s", p->code,
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

/* When the text names nothing known, the work's own unit answers: its
 * area (or seat), with a precision that says so. */
static int by_unit(gis_db *db, trk_geocoder *g, const pending *p,
                   trk_geo_result *r, gis_error *err) {
    sqlite3_stmt *st = NULL;
    char name[256] = "";
    if (gis_db_prepare(db, &st,
                       "SELECT full_name FROM admin_unit WHERE id = ?1", err))
        return 1;
    sqlite3_bind_int64(st, 1, p->unit);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(name, sizeof name, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return trk_geocode(g, name, NULL, p->unit, r, err);
}

int trk_locate_works(gis_db *db, trk_geocoder *g, trk_locate_cb cb, void *ctx,
                     int *located, int *left, gis_error *err) {
    sqlite3_stmt *st = NULL;
    trk_geocoder *own = NULL;
    pending p;
    int ret = 1;

    *located = *left = 0;
    if (!g && trk_geocoder_open(&own, db, err))
        return 1;
    if (!g)
        g = own;
    if (gis_db_begin(db, err))
        goto done;
    if (gis_db_prepare(db, &st,
                       "SELECT w.id, w.code, w.place_text, w.unit_id FROM"
                       " work w WHERE w.point IS NULL AND w.place_text IS NOT"
                       " NULL AND w.id NOT IN (SELECT work_id FROM work_line)"
                       " ORDER BY w.code",
                       err))
        goto fail;
    while (sqlite3_step(st) == SQLITE_ROW) {
        trk_geo_result r;
        char note[1024];
        trk_locate_report rep = {p.code, p.text, 0, note};

        p.id = sqlite3_column_int64(st, 0);
        snprintf(p.code, sizeof p.code, "%s", sqlite3_column_text(st, 1));
        snprintf(p.text, sizeof p.text, "%s", sqlite3_column_text(st, 2));
        p.unit = sqlite3_column_int64(st, 3);
        if (trk_geocode(g, p.text, NULL, p.unit, &r, err))
            goto fail;
        if (r.status == TRK_GEO_NONE) {
            if (by_unit(db, g, &p, &r, err))
                goto fail;
            snprintf(note, sizeof note,
                     "'%s' names nothing known in its unit; located by the "
                     "unit: %s, precision %d",
                     p.text, r.nhits ? r.hits[0].point_source : "",
                     r.nhits ? r.hits[0].precision : 0);
        } else if (r.status == TRK_GEO_FOUND) {
            snprintf(note, sizeof note, "%s '%s' (%s): %s, precision %d",
                     r.hits[0].feature_type, r.hits[0].matched, r.hits[0].how,
                     r.hits[0].point_source, r.hits[0].precision);
        }
        if (r.status == TRK_GEO_FOUND && r.hits[0].has_point) {
            if (store(db, &p, &r.hits[0], note, err))
                goto fail;
            rep.located = 1;
            (*located)++;
        } else {
            snprintf(note, sizeof note, "%s",
                     r.status == TRK_GEO_AMBIGUOUS
                         ? "ambiguous in its unit"
                         : (*r.note ? r.note : "not found"));
            (*left)++;
        }
        if (cb)
            cb(&rep, ctx);
    }
    if (gis_db_commit(db, err))
        goto fail;
    ret = 0;
    goto done;
fail:
    gis_db_rollback(db);
done:
    sqlite3_finalize(st);
    trk_geocoder_free(own);
    return ret;
}
