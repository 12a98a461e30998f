/*
 * trk_places.c: user places and reverse lookups.  Places join the
 * gazetteer at once, so the next geocode finds them.
 */
#include "trk_places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_reader.h"
#include "trk_gazetteer.h"
#include "trk_works.h"

const char *const trk_place_kinds[] = {
    "seat", "school", "health_station", "market", "landmark", "other", NULL};

static int known_kind(const char *kind) {
    const char *const *k;
    for (k = trk_place_kinds; *k; k++)
        if (!strcmp(*k, kind))
            return 1;
    return 0;
}

static int insert_place(gis_db *db, const trk_place_input *in, int64_t *id,
                        gis_error *err) {
    sqlite3_stmt *st = NULL;
    int64_t unit = 0;
    int rc;

    if (!in->name || !*in->name) {
        gis_error_set(err, "a place needs a name (field name)");
        return 1;
    }
    if (in->kind && !known_kind(in->kind)) {
        gis_error_set(err,
                      "unknown place kind '%s' (field kind): one of seat, "
                      "school, health_station, market, landmark, other",
                      in->kind);
        return 1;
    }
    if (trk_check_point(db, in->lon, in->lat, "point", err))
        return 1;
    if (in->unit_code && *in->unit_code) {
        if (trk_unit_resolve(db, in->unit_code, in->as_of, &unit, err))
            return 1;
    } else {
        unit = trk_unit_at(db, in->lon, in->lat, in->as_of);
    }
    if (in->kind && !strcmp(in->kind, "seat") && !unit) {
        gis_error_set(err, "seat '%s' needs its unit (field unit)", in->name);
        return 1;
    }
    if (gis_db_prepare(db, &st,
                       "INSERT INTO place (name, kind, unit_id, note, origin,"
                       " point) VALUES (?1, coalesce(?2, 'other'), ?3, ?4,"
                       " ?5, MakePoint(?6, ?7, 4326))",
                       err))
        return 1;
    sqlite3_bind_text(st, 1, in->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, in->kind, -1, SQLITE_TRANSIENT);
    if (unit)
        sqlite3_bind_int64(st, 3, unit);
    sqlite3_bind_text(st, 4, in->note, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, in->origin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 6, in->lon);
    sqlite3_bind_double(st, 7, in->lat);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "cannot store place '%s': %s", in->name,
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    if (id)
        *id = sqlite3_last_insert_rowid(db->handle);
    return 0;
}

int trk_place_add(gis_db *db, const trk_place_input *in, int64_t *id,
                  gis_error *err) {
    if (gis_db_begin(db, err))
        return 1;
    if (insert_place(db, in, id, err) || trk_gazetteer_rebuild(db, err) ||
        gis_db_commit(db, err)) {
        gis_db_rollback(db);
        return 1;
    }
    return 0;
}

static int field(gis_reader *r, const char *const *names) {
    int i;
    for (; *names; names++)
        if ((i = gis_reader_field_index(r, *names)) >= 0)
            return i;
    return -1;
}

int trk_places_import(gis_db *db, const char *path, int *count,
                      gis_error *err) {
    static const char *const names[] = {"name", "ten", "tên", NULL};
    static const char *const kinds[] = {"kind", "loai", "loại", NULL};
    static const char *const units[] = {"unit", "unit_code", "ma_xa", "mã xã",
                                        NULL};
    gis_reader *r = NULL;
    int name_f, kind_f, unit_f, rc;

    *count = 0;
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    name_f = field(r, names);
    kind_f = field(r, kinds);
    unit_f = field(r, units);
    if (name_f < 0) {
        gis_error_set(err, "'%s' has no name field ('name' or 'ten')", path);
        gis_reader_close(r);
        return 1;
    }
    if (gis_db_begin(db, err)) {
        gis_reader_close(r);
        return 1;
    }
    while ((rc = gis_reader_next(r, err)) == 1) {
        OGRGeometryH g = gis_reader_geometry(r);
        trk_place_input in = {0};
        if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
            gis_error_set(err, "%s, %s: field geometry: a place needs a point",
                          path, gis_reader_where(r));
            goto fail;
        }
        in.name = gis_reader_text(r, name_f);
        in.kind = kind_f >= 0 && *gis_reader_text(r, kind_f)
                      ? gis_reader_text(r, kind_f)
                      : NULL;
        in.unit_code = unit_f >= 0 ? gis_reader_text(r, unit_f) : NULL;
        in.lon = OGR_G_GetX(g, 0);
        in.lat = OGR_G_GetY(g, 0);
        in.origin = path;
        if (insert_place(db, &in, NULL, err)) {
            gis_error_prefix(err, "%s, %s: ", path, gis_reader_where(r));
            goto fail;
        }
        (*count)++;
    }
    if (rc < 0 || trk_gazetteer_rebuild(db, err) || gis_db_commit(db, err))
        goto fail;
    gis_reader_close(r);
    return 0;
fail:
    gis_db_rollback(db);
    gis_reader_close(r);
    *count = 0;
    return 1;
}

int trk_where(gis_db *db, double lon, double lat, trk_where_result *res,
              gis_error *err) {
    sqlite3_stmt *st = NULL;

    memset(res, 0, sizeof *res);
    res->nearest_m = -1;
    /* The 2022 unit containing the point, else the nearest one. */
    if (gis_db_prepare(
            db, &st,
            "SELECT u.key, u.full_name, ST_Distance(u.geom, p.pt, 1),"
            " cu.key, cu.full_name, ST_Contains(u.geom, p.pt) FROM"
            " (SELECT MakePoint(?1, ?2, 4326) AS pt) p, admin_unit u"
            " LEFT JOIN unit_current x ON x.unit_id = u.id LEFT JOIN"
            " admin_unit cu ON cu.id = x.current_unit_id WHERE u.valid_from"
            " IS NULL AND u.geom IS NOT NULL ORDER BY ST_Contains(u.geom,"
            " p.pt) DESC, ST_Distance(u.geom, p.pt) LIMIT 1",
            err))
        return 1;
    sqlite3_bind_double(st, 1, lon);
    sqlite3_bind_double(st, 2, lat);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(res->unit_key, sizeof res->unit_key, "%s",
                 sqlite3_column_text(st, 0));
        snprintf(res->unit_name, sizeof res->unit_name, "%s",
                 sqlite3_column_text(st, 1));
        res->found = sqlite3_column_int(st, 5) == 1;
        res->unit_distance_m = res->found ? 0 : sqlite3_column_double(st, 2);
        if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
            snprintf(res->current_key, sizeof res->current_key, "%s",
                     sqlite3_column_text(st, 3));
            snprintf(res->current_name, sizeof res->current_name, "%s",
                     sqlite3_column_text(st, 4));
        }
    }
    sqlite3_finalize(st);
    res->inside_district = res->found;
    /* The nearest hamlet or place that has a point. */
    if (gis_db_prepare(
            db, &st,
            "SELECT name, type, ST_Distance(pt, MakePoint(?1, ?2, 4326), 1)"
            " AS d FROM (SELECT name, 'hamlet' AS type, point AS pt FROM"
            " hamlet WHERE point IS NOT NULL UNION ALL SELECT name, 'place',"
            " point FROM place WHERE point IS NOT NULL) ORDER BY d LIMIT 1",
            err))
        return 1;
    sqlite3_bind_double(st, 1, lon);
    sqlite3_bind_double(st, 2, lat);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(res->nearest, sizeof res->nearest, "%s",
                 sqlite3_column_text(st, 0));
        snprintf(res->nearest_type, sizeof res->nearest_type, "%s",
                 sqlite3_column_text(st, 1));
        res->nearest_m = sqlite3_column_double(st, 2);
    }
    sqlite3_finalize(st);
    return 0;
}
