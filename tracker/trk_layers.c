/*
 * trk_layers.c: the reference layers, read through OGR's CSV driver from
 * layers/ (or the copy built into the binary) and stored with their
 * sources.  Each file is loaded by one INSERT whose parameters are the
 * CSV's fields in a fixed order; conversions and lookups happen in SQL,
 * so each file's mapping reads as one statement.
 */
#include "trk_layers.h"

#include <cpl_vsi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gis_ogr.h"
#include "gis_reader.h"
#include "trk_boundaries.h"
#include "trk_embedded.h"
#include "trk_gazetteer.h"

#define VSIMEM_DIR "/vsimem/tracker-layers"

int trk_layers_path(const char *dir, const char *name, char *out,
                    size_t outsize) {
    const trk_embedded_file *f;

    if (dir) {
        snprintf(out, outsize, "%s/%s", dir, name);
        return access(out, R_OK) == 0 ? 0 : 1;
    }
    snprintf(out, outsize, "%s/%s", VSIMEM_DIR, name);
    for (f = trk_embedded_files; f->name; f++)
        if (!strcmp(f->name, name)) {
            /* GDAL reads the array in place and never frees it; mounting
             * the same name again just points it at the same bytes. */
            VSILFILE *fp = VSIFileFromMemBuffer(out, (GByte *)f->data,
                                                (vsi_l_offset)f->size, FALSE);
            if (!fp)
                return 1;
            VSIFCloseL(fp);
            return 0;
        }
    return 1;
}

/* Loads file with insert_sql, binding the named CSV fields to ?1..?n. */
static int load_csv(gis_db *db, const char *dir, const char *file,
                    const char *insert_sql, const char *const *fields,
                    gis_error *err) {
    char path[1024];
    gis_reader *r = NULL;
    sqlite3_stmt *st = NULL;
    int idx[32], n, i, rc, ret = 1;

    gis_ogr_init();
    if (trk_layers_path(dir, file, path, sizeof path)) {
        gis_error_set(err, "missing layer file '%s'", file);
        return 1;
    }
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    for (n = 0; fields[n]; n++) {
        idx[n] = gis_reader_field_index(r, fields[n]);
        if (idx[n] < 0) {
            gis_error_set(err, "%s: no column '%s'", file, fields[n]);
            goto done;
        }
    }
    if (gis_db_prepare(db, &st, insert_sql, err))
        goto done;
    while ((rc = gis_reader_next(r, err)) == 1) {
        for (i = 0; i < n; i++) {
            const char *v = gis_reader_text(r, idx[i]);
            if (*v)
                sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, i + 1);
        }
        if (sqlite3_step(st) != SQLITE_DONE) {
            gis_error_set(err, "%s, %s: %s", file, gis_reader_where(r),
                          sqlite3_errmsg(db->handle));
            goto done;
        }
        sqlite3_reset(st);
    }
    if (rc < 0) {
        gis_error_prefix(err, "%s: ", file);
        goto done;
    }
    ret = 0;
done:
    sqlite3_finalize(st);
    gis_reader_close(r);
    return ret;
}

#define F(...)                                                                 \
    (const char *const[]) { __VA_ARGS__, NULL }

/* The unit a code named on a date: the latest period started by then. */
#define UNIT_ON(code, date)                                                    \
    "(SELECT id FROM admin_unit WHERE code = " code                            \
    " AND (valid_from IS NULL OR valid_from <= " date ")"                      \
    " ORDER BY valid_from IS NULL, valid_from DESC LIMIT 1)"
/* The unit a code named just before a date. */
#define UNIT_BEFORE(code, date)                                                \
    "(SELECT id FROM admin_unit WHERE code = " code                            \
    " AND (valid_from IS NULL OR valid_from < " date ")"                       \
    " ORDER BY valid_from IS NULL, valid_from DESC LIMIT 1)"

static int load_units(gis_db *db, const char *dir, gis_error *err) {
    if (load_csv(db, dir, "reference/dai-tu-units-2022.csv",
                 "INSERT INTO admin_unit (key, code, name, kind, full_name,"
                 " name_key, district_code, province_code, area_km2, atk,"
                 " atk_basis, source_id, centre) VALUES (?1 || '-2022', ?1,"
                 " ?2, ?3, ?4, name_key(?2), ?5, ?6, CAST(?9 AS REAL),"
                 " CASE ?10 WHEN 'yes' THEN 'yes' ELSE 'unknown' END,"
                 " CASE ?10 WHEN 'yes' THEN 'QĐ 790/QĐ-TTg 26/6/2019' END,"
                 " 'ref-units-2022', MakePoint(CAST(?7 AS REAL),"
                 " CAST(?8 AS REAL), 4326))",
                 F("code", "name", "kind", "full_name", "district_code",
                   "province_code", "centroid_lon", "centroid_lat", "area_km2",
                   "atk_qd790_2019"),
                 err))
        return 1;
    if (load_csv(db, dir, "units-later.csv",
                 "INSERT INTO admin_unit (key, code, name, full_name, kind,"
                 " name_key, province_code, valid_from, area_km2, seat,"
                 " population, boundary_partial, note, source_id) VALUES"
                 " (?1, ?2, ?3, ?4, ?5, name_key(?3), '19', ?6,"
                 " CAST(?7 AS REAL), ?8, CAST(?9 AS INTEGER), ?10 = 'yes',"
                 " ?11, 'units-later')",
                 F("key", "code", "name", "full_name", "kind", "valid_from",
                   "area_km2", "seat", "population", "partial", "note"),
                 err))
        return 1;
    if (load_csv(db, dir, "reference/dai-tu-crosswalk.csv",
                 "INSERT INTO unit_change (old_unit_id, new_unit_id, event,"
                 " effective_date, legal_basis, certainty, note, source_id)"
                 " VALUES (" UNIT_BEFORE("?1", "?3") ", " UNIT_ON(
                     "?4", "?3") ", ?2, ?3, ?5, ?6, ?7, 'ref-crosswalk')",
                 F("old_code", "event", "effective_date", "new_code",
                   "legal_basis", "certainty", "note"),
                 err))
        return 1;
    /* A unit ends at its first change into another unit; a split's other
     * parties (which only gain land) go on. */
    return gis_db_exec(db,
                       "UPDATE admin_unit SET valid_to = (SELECT"
                       " min(effective_date) FROM unit_change c WHERE"
                       " c.old_unit_id = admin_unit.id AND c.new_unit_id <>"
                       " admin_unit.id)",
                       err);
}

/* The names file is wide: one column per date it was observed. */
static int load_names(gis_db *db, const char *dir, gis_error *err) {
    char path[1024];
    gis_reader *r = NULL;
    sqlite3_stmt *st = NULL;
    int i, n, rc, ret = 1;
    const char *file = "reference/dai-tu-unit-names-by-date.csv";

    if (trk_layers_path(dir, file, path, sizeof path)) {
        gis_error_set(err, "missing layer file '%s'", file);
        return 1;
    }
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    if (gis_db_prepare(db, &st,
                       "INSERT INTO unit_name (unit_id, name, observed_on,"
                       " source_id) VALUES ((SELECT id FROM admin_unit WHERE"
                       " code = ?1 AND (valid_from IS NULL OR valid_from <="
                       " ?3) AND (valid_to IS NULL OR valid_to > ?3)), ?2,"
                       " ?3, 'ref-names-by-date')",
                       err))
        goto done;
    n = gis_reader_field_count(r);
    while ((rc = gis_reader_next(r, err)) == 1) {
        for (i = 1; i < n; i++) {
            const char *col = gis_reader_field_name(r, i);
            const char *name = gis_reader_text(r, i);
            if (!*name || strncmp(col, "name_at_", 8))
                continue;
            sqlite3_bind_text(st, 1, gis_reader_text(r, 0), -1,
                              SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, col + 8, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE) {
                gis_error_set(err, "%s, %s, column %s: %s", file,
                              gis_reader_where(r), col,
                              sqlite3_errmsg(db->handle));
                goto done;
            }
            sqlite3_reset(st);
        }
    }
    if (rc < 0)
        goto done;
    ret = 0;
done:
    sqlite3_finalize(st);
    gis_reader_close(r);
    return ret;
}

static int load_hamlets(gis_db *db, const char *dir, gis_error *err) {
    /* Lists older than the December 2019 mergers hold former names. */
    if (load_csv(db, dir, "reference/dai-tu-hamlets-partial.csv",
                 "INSERT OR IGNORE INTO hamlet (unit_id, name, name_key,"
                 " status, vintage, origin, source_id) VALUES ((SELECT id"
                 " FROM admin_unit WHERE key = ?1 || '-2022'), ?2,"
                 " name_key(?2), CASE WHEN ?3 LIKE 'OLD%' OR ?3 GLOB"
                 " '[12][0-9][0-9][0-9] *' AND substr(?3, 1, 4) < '2019'"
                 " THEN 'former' WHEN ?3 LIKE 'after%' THEN 'current'"
                 " ELSE 'unknown' END, ?3, ?4, 'ref-hamlets')",
                 F("unit_code", "hamlet_name", "vintage", "source"), err))
        return 1;
    return load_csv(db, dir, "hamlet-aliases.csv",
                    "INSERT INTO hamlet_alias (hamlet_id, alias, alias_key,"
                    " note, source_id) VALUES ((SELECT h.id FROM hamlet h"
                    " JOIN admin_unit u ON u.id = h.unit_id WHERE u.key ="
                    " ?1 || '-2022' AND h.name = ?2), ?3, name_key(?3), ?4,"
                    " 'hamlet-aliases')",
                    F("unit_code", "hamlet", "alias", "note"), err);
}

static int load_plan(gis_db *db, const char *dir, gis_error *err) {
    if (load_csv(db, dir, "plans.csv",
                 "INSERT INTO plan (id, number, title, issued_on, issuer,"
                 " year, total_vnd, source_id) VALUES (?1, ?2, ?3, ?4, ?5,"
                 " CAST(?6 AS INTEGER), CAST(?7 AS INTEGER), ?8)",
                 F("id", "number", "title", "issued_on", "issuer", "year",
                   "total_vnd", "source_id"),
                 err))
        return 1;
    if (load_csv(
            db, dir, "plan-227-2022-totals.csv",
            "INSERT INTO plan_total VALUES ('227-KH-UBND-2022', ?1, ?2,"
            " CAST(?3 AS INTEGER), ?4)",
            F("funding_source", "capital_type", "amount_vnd", "plan_section"),
            err))
        return 1;
    return load_csv(db, dir, "plan-227-2022.csv",
                    "INSERT INTO budget_line (id, plan_id, parent_id, level,"
                    " number, title, lead_agency, central_vnd, local_vnd,"
                    " plan_section, sort) VALUES (?1, '227-KH-UBND-2022', ?2,"
                    " ?3, ?4, ?5, ?6, CAST(?7 AS INTEGER), CAST(?8 AS"
                    " INTEGER), ?9, (SELECT count(*) FROM budget_line))",
                    F("id", "parent_id", "level", "number", "title",
                      "lead_agency", "central_vnd", "local_vnd",
                      "plan_section"),
                    err);
}

int trk_layers_load(gis_db *db, const char *dir, gis_error *err) {
    if (gis_db_begin(db, err))
        return 1;
    if (load_csv(db, dir, "sources.csv",
                 "INSERT INTO source VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 F("id", "title", "file", "origin", "licence", "note"), err) ||
        load_units(db, dir, err) || load_names(db, dir, err) ||
        load_hamlets(db, dir, err) ||
        load_csv(db, dir, "reference/dai-tu-facts.csv",
                 "INSERT INTO unit_fact (scope_code, scope_name, attribute,"
                 " value, as_of, origin, note, source_id) VALUES (?1, ?2,"
                 " ?3, ?4, ?5, ?6, ?7, 'ref-facts')",
                 F("scope_code", "scope_name", "attribute", "value", "as_of",
                   "source", "note"),
                 err) ||
        load_plan(db, dir, err) || trk_boundaries_derive(db, err) ||
        trk_gazetteer_rebuild(db, err) ||
        gis_db_exec(db,
                    "INSERT INTO meta VALUES ('layers', 'Đại Từ reference "
                    "layers')",
                    err) ||
        gis_db_commit(db, err)) {
        gis_db_rollback(db);
        return 1;
    }
    return 0;
}
