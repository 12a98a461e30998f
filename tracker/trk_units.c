/*
 * trk_units.c: setting unit attributes, with their history.
 */
#include "trk_units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_alloc.h"
#include "trk_works.h"

static int one_of(const char *v, const char *const *allowed) {
    for (; *allowed; allowed++)
        if (!strcmp(v, *allowed))
            return 1;
    return 0;
}

static int check(const trk_unit_attrs *a, gis_error *err) {
    static const char *const yes_no[] = {"yes", "no", "unknown", NULL};
    static const char *const regions[] = {"I", "II", "III", "unknown", NULL};
    if (a->atk && !one_of(a->atk, yes_no)) {
        gis_error_set(err, "atk '%s' is not yes, no or unknown (field atk)",
                      a->atk);
        return 1;
    }
    if (a->region && !one_of(a->region, regions)) {
        gis_error_set(err,
                      "region '%s' is not I, II, III or unknown (field "
                      "region)",
                      a->region);
        return 1;
    }
    if (a->minority && !one_of(a->minority, yes_no)) {
        gis_error_set(err,
                      "minority '%s' is not yes, no or unknown (field "
                      "minority)",
                      a->minority);
        return 1;
    }
    if (a->ntm_year && strcmp(a->ntm_year, "unknown")) {
        char *end;
        long y = strtol(a->ntm_year, &end, 10);
        if (*end || y < 2010 || y > 2100) {
            gis_error_set(err,
                          "new-rural year '%s' is not a year from 2010 or "
                          "unknown (field ntm-year)",
                          a->ntm_year);
            return 1;
        }
    }
    return 0;
}

/* One attribute: changed only when the value differs; the change and
 * the old value recorded. */
static int set_one(gis_db *db, int64_t unit_id, const char *column,
                   const char *value, const trk_unit_attrs *a, int *changed,
                   gis_error *err) {
    char sql[512];
    sqlite3_stmt *st = NULL;
    int rc;
    if (!value)
        return 0;
    /* ntm_year holds NULL for unknown; the others the word. */
    snprintf(sql, sizeof sql,
             "WITH v(new) AS (SELECT CASE WHEN '%s' = 'ntm_year' AND ?2 ="
             " 'unknown' THEN NULL ELSE ?2 END) INSERT INTO"
             " unit_attribute_change (unit_id, attribute, old_value,"
             " new_value, basis, changed_by) SELECT u.id, '%s',"
             " CAST(u.%s AS TEXT), v.new, ?3, ?4 FROM admin_unit u, v WHERE"
             " u.id = ?1 AND CAST(u.%s AS TEXT) IS NOT v.new",
             column, column, column, column);
    if (gis_db_prepare(db, &st, sql, err))
        return 1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (a->basis)
        sqlite3_bind_text(st, 3, a->basis, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, trk_recorder(a->by), -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail;
    if (sqlite3_changes(db->handle) == 0)
        return 0;
    (*changed)++;
    snprintf(sql, sizeof sql,
             "UPDATE admin_unit SET %s = CASE WHEN '%s' = 'ntm_year' AND ?2 ="
             " 'unknown' THEN NULL ELSE ?2 END WHERE id = ?1",
             column, column);
    if (gis_db_prepare(db, &st, sql, err))
        return 1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
fail:
    gis_error_set(err, "cannot set %s: %s", column, sqlite3_errmsg(db->handle));
    return 1;
}

int trk_unit_set(gis_db *db, const char *code, const char *as_of,
                 const trk_unit_attrs *a, int *changed, gis_error *err) {
    int64_t id;
    char canonical[16];
    const char *year = a->ntm_year;
    *changed = 0;
    /* "02020" and "+2020" are 2020: the record keeps one spelling. */
    if (year && strcmp(year, "unknown")) {
        snprintf(canonical, sizeof canonical, "%ld", strtol(year, NULL, 10));
        year = canonical;
    }
    if (check(a, err) ||
        trk_unit_resolve(db, code, as_of ? as_of : "2022-10-11", &id, err))
        return 1;
    if (gis_db_begin(db, err))
        return 1;
    if (set_one(db, id, "atk", a->atk, a, changed, err) ||
        set_one(db, id, "region", a->region, a, changed, err) ||
        set_one(db, id, "minority_area", a->minority, a, changed, err) ||
        set_one(db, id, "ntm_year", year, a, changed, err) ||
        gis_db_commit(db, err)) {
        gis_db_rollback(db);
        return 1;
    }
    return 0;
}
