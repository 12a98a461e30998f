/*
 * trk_boundaries.c: approximate unit polygons, official ones on import,
 * and the polygons of later units as unions of the units they came from.
 *
 * Later units follow the crosswalk from each base unit: a merge carries
 * the whole unit; a split is drawn only along its confirmed rows, because
 * the line along which the land was divided is not known.
 */
#include "trk_boundaries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_geom.h"
#include "gis_partition.h"
#include "gis_reader.h"
#include "gis_text.h"

#define APPROX_NOTE                                                            \
    "approximate: derived from the centre point and recorded area of the "     \
    "unit "                                                                    \
    "(size-weighted partition), not an official boundary"

static int store_geometry(sqlite3_stmt *st, OGRGeometryH g, int64_t id) {
    unsigned char *wkb;
    size_t len;
    int rc;
    if (gis_geom_wkb(g, &wkb, &len))
        return 1;
    sqlite3_bind_blob(st, 1, wkb, (int)len, free);
    sqlite3_bind_int64(st, 2, id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc != SQLITE_DONE;
}

/* The chain from each base unit to every unit it became part of. */
#define CHAIN_CTE                                                              \
    "WITH RECURSIVE chain(base, cur) AS ("                                     \
    " SELECT id, id FROM admin_unit WHERE valid_from IS NULL"                  \
    " UNION SELECT chain.base, c.new_unit_id FROM chain JOIN unit_change c"    \
    " ON c.old_unit_id = chain.cur AND c.new_unit_id <> chain.cur"             \
    " AND (c.event <> 'split' OR c.certainty = 'confirmed')) "

int trk_boundaries_rederive_later(gis_db *db, gis_error *err) {
    return gis_db_exec(
        db,
        CHAIN_CTE
        "UPDATE admin_unit SET geom = (SELECT"
        " CastToMultiPolygon(ST_Union(b.geom)) FROM chain JOIN admin_unit b"
        " ON b.id = chain.base WHERE chain.cur = admin_unit.id AND b.id <>"
        " admin_unit.id),"
        " boundary_source = CASE WHEN (SELECT min(b.boundary_source ="
        " 'official') FROM chain JOIN admin_unit b ON b.id = chain.base"
        " WHERE chain.cur = admin_unit.id) THEN 'official' ELSE"
        " 'approximate' END,"
        " boundary_note = 'union of the polygons of ' || (SELECT"
        " group_concat(b.full_name || ' (' || b.boundary_source || ')', ', ')"
        " FROM chain JOIN admin_unit b ON b.id = chain.base WHERE chain.cur"
        " = admin_unit.id AND b.id <> admin_unit.id)"
        " || CASE WHEN boundary_partial THEN '; partial: the unit also"
        " takes land from outside the old district, not drawn' ELSE '' END"
        " || coalesce((SELECT '; drawn with all of ' || o.full_name ||"
        " ', of which only a part was transferred (the split line is"
        " unknown)'"
        " FROM chain JOIN unit_change c ON c.old_unit_id = chain.base AND"
        " c.event = 'split' AND c.certainty = 'confirmed' JOIN admin_unit o"
        " ON o.id = c.old_unit_id WHERE chain.cur = admin_unit.id), '')"
        " || coalesce((SELECT '; without the part of ' || o.full_name ||"
        " ' it may have received (uncertain split)' FROM unit_change c JOIN"
        " admin_unit o ON o.id = c.old_unit_id JOIN chain ON chain.cur ="
        " admin_unit.id AND chain.base = c.new_unit_id WHERE c.event ="
        " 'split' AND c.certainty = 'uncertain'), '')"
        " WHERE valid_from IS NOT NULL AND boundary_source <> 'official';"
        "DELETE FROM outline WHERE key = 'base';"
        "INSERT INTO outline (key, name, approximate, note, valid_to, geom)"
        " SELECT 'base', 'Huyện Đại Từ', max(boundary_source <> 'official'),"
        " 'union of the polygons of the units in force in 2022',"
        " max(valid_to), CastToMultiPolygon(ST_Union(geom)) FROM admin_unit"
        " WHERE valid_from IS NULL;",
        err);
}

int trk_boundaries_derive(gis_db *db, gis_error *err) {
    sqlite3_stmt *st = NULL, *up = NULL;
    gis_site *sites = NULL;
    int64_t *ids = NULL;
    OGRGeometryH *polys = NULL;
    double *km2 = NULL;
    int n = 0, cap, i, ret = 1;

    cap = (int)gis_db_int(db, 0,
                          "SELECT count(*) FROM admin_unit WHERE valid_from "
                          "IS NULL AND centre IS NOT NULL",
                          NULL);
    if (cap == 0) {
        gis_error_set(err, "no units with a centre and an area to derive "
                           "polygons from");
        return 1;
    }
    sites = calloc(cap, sizeof *sites);
    ids = calloc(cap, sizeof *ids);
    polys = calloc(cap, sizeof *polys);
    km2 = calloc(cap, sizeof *km2);
    if (!sites || !ids || !polys || !km2) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    if (gis_db_prepare(db, &st,
                       "SELECT id, X(centre), Y(centre), area_km2 FROM"
                       " admin_unit WHERE valid_from IS NULL AND centre IS"
                       " NOT NULL ORDER BY id",
                       err))
        goto done;
    while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        sites[n].lon = sqlite3_column_double(st, 1);
        sites[n].lat = sqlite3_column_double(st, 2);
        sites[n].target_km2 = sqlite3_column_double(st, 3);
        if (sites[n].target_km2 <= 0) {
            gis_error_set(err, "unit %lld has no recorded area",
                          (long long)ids[n]);
            goto done;
        }
        n++;
    }
    if (gis_partition_weighted(sites, n, NULL, polys, km2, err))
        goto done;
    if (gis_db_prepare(db, &up,
                       "UPDATE admin_unit SET geom = CastToMultiPolygon("
                       "GeomFromWKB(?1, 4326)), boundary_source ="
                       " 'approximate', boundary_note = '" APPROX_NOTE "'"
                       " WHERE id = ?2",
                       err))
        goto done;
    for (i = 0; i < n; i++)
        if (store_geometry(up, polys[i], ids[i])) {
            gis_error_set(err, "cannot store the polygon of unit %lld: %s",
                          (long long)ids[i], sqlite3_errmsg(db->handle));
            goto done;
        }
    if (trk_boundaries_rederive_later(db, err) ||
        gis_db_exec(db,
                    "INSERT OR REPLACE INTO layer_info (layer, title, method,"
                    " approximate, note, source_ids) VALUES ('units',"
                    " 'Đơn vị hành chính cấp xã (ranh giới gần đúng)',"
                    " 'size-weighted partition of the 2022 centre points,"
                    " weights fitted to the recorded areas, rasterised and"
                    " polygonised by GDAL; later units are unions', 1,"
                    " '" APPROX_NOTE "', 'ref-units-2022 ref-crosswalk"
                    " approx-boundaries')",
                    err))
        goto done;
    ret = 0;
done:
    if (polys)
        for (i = 0; i < n; i++)
            if (polys[i])
                OGR_G_DestroyGeometry(polys[i]);
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    free(sites);
    free(ids);
    free(polys);
    free(km2);
    return ret;
}

/* Field names public datasets use for unit codes and names, as keys. */
static const char *const code_fields[] = {"code",      "ma",         "maxa",
                                          "madvhc",    "madonvi",    "gsocode",
                                          "adm3pcode", "maxaphuong", NULL};
static const char *const name_fields[] = {
    "name",   "ten",      "tenxa",       "tendvhc", "fullname", "name3",
    "adm3vi", "adm3name", "tenxaphuong", "namevi",  NULL};

static int find_field(gis_reader *r, const char *const *keys) {
    int i, n = gis_reader_field_count(r);
    const char *const *k;
    char key[128];
    for (k = keys; *k; k++)
        for (i = 0; i < n; i++) {
            gis_text_key(gis_reader_field_name(r, i), key, sizeof key);
            if (!strcmp(key, *k))
                return i;
        }
    return -1;
}

/* Units valid on ?2 whose code is ?1 (digits, zero-padded to 5) or whose
 * name key, bare or behind a kind prefix, is ?3. */
#define MATCH_SQL                                                              \
    "SELECT id, key, full_name FROM admin_unit WHERE (valid_from IS NULL OR"   \
    " valid_from <= ?2) AND (valid_to IS NULL OR valid_to > ?2) AND ("         \
    " (?1 <> '' AND code = substr('00000' || ?1, -5)) OR (?1 = '' AND ?3 IN"   \
    " (name_key, name_key(full_name), 'xa' || name_key, 'x' || name_key,"      \
    " 'thitran' || name_key, 'tt' || name_key, 'phuong' || name_key,"          \
    " 'p' || name_key)))"

static void digits_only(const char *in, char *out, size_t outsize) {
    size_t n = 0;
    for (; *in && n + 1 < outsize; in++)
        if (*in >= '0' && *in <= '9')
            out[n++] = *in;
    out[n] = '\0';
}

int trk_boundaries_import(gis_db *db, const char *path, const char *as_of,
                          trk_import_cb cb, void *ctx, int *matched,
                          gis_error *err) {
    gis_reader *r = NULL;
    sqlite3_stmt *match = NULL, *set = NULL, *left = NULL, *ins = NULL;
    int code_f, name_f, rc, ret = 1;
    char code[16], key[256], label[256], reason[256];

    *matched = 0;
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    code_f = find_field(r, code_fields);
    name_f = find_field(r, name_fields);
    if (code_f < 0 && name_f < 0) {
        gis_error_set(err,
                      "'%s' has no code or name field to match units by "
                      "(looked for fields such as 'code', 'ma_xa', 'name', "
                      "'ten_xa')",
                      path);
        goto done;
    }
    if (gis_db_begin(db, err))
        goto done;
    if (gis_db_exec(db,
                    "CREATE TEMP TABLE IF NOT EXISTS import_matched (unit_id "
                    "INTEGER PRIMARY KEY); DELETE FROM import_matched;",
                    err) ||
        gis_db_prepare(db, &match, MATCH_SQL, err) ||
        gis_db_prepare(db, &ins,
                       "INSERT OR IGNORE INTO import_matched VALUES (?1)",
                       err) ||
        gis_db_prepare(db, &set,
                       "UPDATE admin_unit SET geom = CASE WHEN id IN (SELECT"
                       " unit_id FROM import_matched) THEN CastToMultiPolygon("
                       "ST_Union(geom, GeomFromWKB(?1, 4326))) ELSE"
                       " CastToMultiPolygon(GeomFromWKB(?1, 4326)) END,"
                       " boundary_source = 'official', boundary_partial = 0,"
                       " boundary_note = 'imported from ' || ?3 WHERE id = ?2",
                       err))
        goto fail;
    while ((rc = gis_reader_next(r, err)) == 1) {
        trk_import_result res = {gis_reader_where(r), label, NULL, NULL,
                                 reason};
        OGRGeometryH g = gis_reader_geometry(r);
        OGRwkbGeometryType t =
            g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
        int hits = 0;
        int64_t id = 0;
        char unit_key[64] = "", unit_name[256] = "";

        digits_only(code_f >= 0 ? gis_reader_text(r, code_f) : "", code,
                    sizeof code);
        gis_text_key(name_f >= 0 ? gis_reader_text(r, name_f) : "", key,
                     sizeof key);
        snprintf(label, sizeof label, "%s%s%s",
                 name_f >= 0 ? gis_reader_text(r, name_f) : "",
                 code_f >= 0 && name_f >= 0 ? " " : "",
                 code_f >= 0 ? gis_reader_text(r, code_f) : "");
        sqlite3_bind_text(match, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(match, 2, as_of, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(match, 3, key, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(match) == SQLITE_ROW) {
            if (hits++ == 0) {
                id = sqlite3_column_int64(match, 0);
                snprintf(unit_key, sizeof unit_key, "%s",
                         (const char *)sqlite3_column_text(match, 1));
                snprintf(unit_name, sizeof unit_name, "%s",
                         (const char *)sqlite3_column_text(match, 2));
            }
        }
        sqlite3_reset(match);
        if (t != wkbPolygon && t != wkbMultiPolygon)
            snprintf(reason, sizeof reason, "geometry is %s, not a polygon",
                     g ? OGR_G_GetGeometryName(g) : "missing");
        else if (hits == 0)
            snprintf(reason, sizeof reason,
                     "no unit in force on %s has this %s", as_of,
                     *code ? "code" : "name");
        else if (hits > 1)
            snprintf(reason, sizeof reason,
                     "ambiguous: %d units in force on %s have this name; "
                     "give a code field",
                     hits, as_of);
        else {
            unsigned char *wkb;
            size_t len;
            OGRGeometryH valid = OGR_G_IsValid(g) ? NULL : OGR_G_MakeValid(g);
            char origin[1200];
            if (gis_geom_wkb(valid ? valid : g, &wkb, &len)) {
                if (valid)
                    OGR_G_DestroyGeometry(valid);
                gis_error_set(err, "%s: cannot encode its geometry",
                              gis_reader_where(r));
                goto fail;
            }
            if (valid)
                OGR_G_DestroyGeometry(valid);
            snprintf(origin, sizeof origin, "%s (%s)", path,
                     gis_reader_where(r));
            sqlite3_bind_blob(set, 1, wkb, (int)len, free);
            sqlite3_bind_int64(set, 2, id);
            sqlite3_bind_text(set, 3, origin, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(set) != SQLITE_DONE) {
                gis_error_set(err, "%s: cannot store its polygon: %s",
                              gis_reader_where(r), sqlite3_errmsg(db->handle));
                goto fail;
            }
            sqlite3_reset(set);
            sqlite3_bind_int64(ins, 1, id);
            rc = sqlite3_step(ins);
            sqlite3_reset(ins);
            if (rc != SQLITE_DONE) {
                gis_error_set(err, "database error: %s",
                              sqlite3_errmsg(db->handle));
                goto fail;
            }
            res.unit = unit_name;
            res.key = unit_key;
            res.reason = NULL;
        }
        if (cb)
            cb(&res, ctx);
    }
    if (rc < 0)
        goto fail;
    *matched =
        (int)gis_db_int(db, 0, "SELECT count(*) FROM import_matched", NULL);
    if (gis_db_prepare(db, &left,
                       "SELECT key, full_name FROM admin_unit WHERE"
                       " (valid_from IS NULL OR valid_from <= ?1) AND"
                       " (valid_to IS NULL OR valid_to > ?1) AND id NOT IN"
                       " (SELECT unit_id FROM import_matched) ORDER BY code",
                       err))
        goto fail;
    sqlite3_bind_text(left, 1, as_of, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(left) == SQLITE_ROW) {
        trk_import_result res = {NULL, NULL,
                                 (const char *)sqlite3_column_text(left, 1),
                                 (const char *)sqlite3_column_text(left, 0),
                                 "no feature matched it; its polygon stays "
                                 "as it was"};
        if (cb)
            cb(&res, ctx);
    }
    if (*matched > 0 && trk_boundaries_rederive_later(db, err))
        goto fail;
    if (gis_db_commit(db, err))
        goto fail;
    ret = 0;
    goto done;
fail:
    gis_db_rollback(db);
done:
    sqlite3_finalize(match);
    sqlite3_finalize(set);
    sqlite3_finalize(left);
    sqlite3_finalize(ins);
    gis_reader_close(r);
    return ret;
}
