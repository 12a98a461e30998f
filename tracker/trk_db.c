/*
 * trk_db.c: creating and opening tracker files.  A file that fails half
 * way through creation is removed, so a user never finds a database that
 * looks valid but is not.
 */
#include "trk_db.h"

#include <stdlib.h>
#include <unistd.h>

#include "trk_category.h"

const char *trk_default_db_path(void) {
    const char *env = getenv("TRACKER_DB");
    return env && *env ? env : "tracker.sqlite";
}

static int insert_categories(gis_db *db, gis_error *err) {
    sqlite3_stmt *st = NULL;
    const trk_category *c;
    int sort = 0, ret = 1;

    if (gis_db_prepare(db, &st,
                       "INSERT INTO category (id, label_vi, label_en, "
                       "oc4ids_sector, budget_line_id, linear, sort) "
                       "VALUES (?,?,?,?,?,?,?)",
                       err))
        return 1;
    for (c = trk_categories; c->id; c++) {
        sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, c->label_vi, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, c->label_en, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, c->oc4ids_sector, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, c->budget_line, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, c->linear);
        sqlite3_bind_int(st, 7, ++sort);
        if (sqlite3_step(st) != SQLITE_DONE) {
            gis_error_set(err, "cannot store category '%s': %s", c->id,
                          sqlite3_errmsg(db->handle));
            goto done;
        }
        sqlite3_reset(st);
    }
    ret = 0;
done:
    sqlite3_finalize(st);
    return ret;
}

int trk_db_create(gis_db **out, const char *path, gis_error *err) {
    gis_db *db = NULL;

    *out = NULL;
    if (access(path, F_OK) == 0) {
        gis_error_set(err,
                      "'%s' already exists: remove it or choose another "
                      "--db",
                      path);
        return 1;
    }
    if (gis_db_open(&db, path, GIS_DB_CREATE, err))
        return 1;
    if (trk_sql_functions(db, err) ||
        trk_schema_migrate(db, trk_schema_latest(), err) ||
        gis_db_begin(db, err))
        goto fail;
    if (insert_categories(db, err) ||
        gis_db_exec(db,
                    "INSERT INTO meta VALUES ('application', 'tracker');"
                    "INSERT INTO meta VALUES ('created_at', "
                    "strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                    err) ||
        gis_db_commit(db, err))
        goto fail;
    *out = db;
    return 0;
fail:
    gis_db_rollback(db);
    gis_db_close(db);
    unlink(path);
    return 1;
}

int trk_db_open(gis_db **out, const char *path, gis_error *err) {
    gis_db *db = NULL;

    *out = NULL;
    if (gis_db_open(&db, path, GIS_DB_READWRITE, err))
        return 1;
    if (trk_sql_functions(db, err))
        goto fail;
    if (!gis_db_has_table(db, "meta") ||
        gis_db_int(db, 0,
                   "SELECT count(*) FROM meta WHERE key = "
                   "'application' AND value = 'tracker'",
                   NULL) != 1) {
        gis_error_set(err,
                      "'%s' is not a tracker database (create one with "
                      "'tracker init')",
                      path);
        goto fail;
    }
    if (trk_schema_migrate(db, trk_schema_latest(), err))
        goto fail;
    *out = db;
    return 0;
fail:
    gis_db_close(db);
    return 1;
}
