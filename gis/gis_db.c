/*
 * gis_db.c: opening SpatiaLite databases and the statement helpers used
 * throughout.  Errors carry sqlite3_errmsg() so users see the real cause.
 */
#include "gis_db.h"

#include <spatialite.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GIS_DB_CACHE 256

struct gis_db_cached {
    char *sql;
    sqlite3_stmt *st;
};

int gis_db_open(gis_db **out, const char *path, int mode, gis_error *err) {
    gis_db *db = NULL;
    int flags;

    *out = NULL;
    if (mode != GIS_DB_CREATE && access(path, F_OK) != 0) {
        gis_error_set(err, "cannot open database '%s': no such file", path);
        return 1;
    }
    db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        gis_error_set(err, "out of memory");
        free(db);
        return 1;
    }
    flags =
        mode == GIS_DB_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (mode == GIS_DB_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &db->handle, flags, NULL) != SQLITE_OK) {
        gis_error_set(err, "cannot open database '%s': %s", path,
                      db->handle ? sqlite3_errmsg(db->handle)
                                 : "out of memory");
        goto fail;
    }
    db->spatialite = spatialite_alloc_connection();
    if (!db->spatialite) {
        gis_error_set(err, "cannot start SpatiaLite");
        goto fail;
    }
    spatialite_init_ex(db->handle, db->spatialite, 0);
    sqlite3_busy_timeout(db->handle, 5000);
    if (gis_db_exec(db, "PRAGMA foreign_keys = ON", err))
        goto fail;
    /* A file that is not SQLite only fails on first read: find out now. */
    if (gis_db_exec(db, "SELECT count(*) FROM sqlite_master", err)) {
        gis_error_set(err, "cannot open database '%s': %s", path,
                      sqlite3_errmsg(db->handle));
        goto fail;
    }
    *out = db;
    return 0;
fail:
    gis_db_close(db);
    return 1;
}

void gis_db_close(gis_db *db) {
    if (!db)
        return;
    for (int i = 0; i < db->ncache; i++) {
        sqlite3_finalize(db->cache[i].st);
        free(db->cache[i].sql);
    }
    free(db->cache);
    if (db->handle)
        sqlite3_close_v2(db->handle);
    if (db->spatialite)
        spatialite_cleanup_ex(db->spatialite);
    free(db->path);
    free(db);
}

/* A statement that fails inside a trigger with RAISE(ROLLBACK) (as
 * SpatiaLite's geometry checks do) ends the whole transaction, and SQLite
 * runs whatever comes next in autocommit mode: each statement would be
 * written at once.  Once the transaction is gone, nothing more runs. */
static int refuse_if_lost(gis_db *db, gis_error *err) {
    if (!gis_db_lost(db))
        return 0;
    gis_error_set(err, "database error: the transaction was rolled back by "
                       "the database; nothing more is written");
    return 1;
}

int gis_db_lost(const gis_db *db) {
    return db->depth > 0 && sqlite3_get_autocommit(db->handle);
}

int gis_db_exec(gis_db *db, const char *sql, gis_error *err) {
    char *msg = NULL;
    if (refuse_if_lost(db, err))
        return 1;
    if (sqlite3_exec(db->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
        gis_error_set(err, "database error: %s",
                      msg ? msg : sqlite3_errmsg(db->handle));
        sqlite3_free(msg);
        return 1;
    }
    return 0;
}

int gis_db_prepare(gis_db *db, sqlite3_stmt **st, const char *sql,
                   gis_error *err) {
    if (refuse_if_lost(db, err)) {
        *st = NULL;
        return 1;
    }
    if (sqlite3_prepare_v2(db->handle, sql, -1, st, NULL) != SQLITE_OK) {
        gis_error_set(err, "database error: %s", sqlite3_errmsg(db->handle));
        *st = NULL;
        return 1;
    }
    return 0;
}

int gis_db_stmt(gis_db *db, sqlite3_stmt **st, const char *sql,
                gis_error *err) {
    int i;
    if (refuse_if_lost(db, err)) {
        *st = NULL;
        return 1;
    }
    for (i = 0; i < db->ncache; i++)
        if (!strcmp(db->cache[i].sql, sql)) {
            *st = db->cache[i].st;
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st);
            return 0;
        }
    if (gis_db_prepare(db, st, sql, err))
        return 1;
    if (!db->cache)
        db->cache = calloc(GIS_DB_CACHE, sizeof *db->cache);
    if (db->cache && db->ncache < GIS_DB_CACHE &&
        (db->cache[db->ncache].sql = strdup(sql))) {
        db->cache[db->ncache++].st = *st;
        return 0;
    }
    /* A full cache: the caller prepares its own (gis_db_int does). */
    sqlite3_finalize(*st);
    *st = NULL;
    gis_error_set(err, "too many distinct cached statements");
    return 1;
}

/* Runs a statement without results through the statement cache:
 * transactions and savepoints open and close once per row of an import. */
static int exec_cached(gis_db *db, const char *sql, gis_error *err) {
    sqlite3_stmt *st;
    int rc;
    if (gis_db_stmt(db, &st, sql, NULL))
        return gis_db_exec(db, sql, err);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "database error: %s", sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

int gis_db_begin(gis_db *db, gis_error *err) {
    char sql[48];
    if (db->depth == 0)
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT gis_%d", db->depth);
    if (exec_cached(db, sql, err))
        return 1;
    db->depth++;
    return 0;
}

int gis_db_commit(gis_db *db, gis_error *err) {
    char sql[48];
    if (db->depth <= 0) {
        gis_error_set(err, "commit without a transaction");
        return 1;
    }
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE gis_%d", db->depth - 1);
    if (exec_cached(db, sql, err))
        return 1;
    db->depth--;
    return 0;
}

void gis_db_rollback(gis_db *db) {
    char sql[80];
    if (!db || db->depth <= 0)
        return;
    db->depth--;
    if (db->depth == 0) {
        if (!sqlite3_get_autocommit(db->handle))
            sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
        return;
    }
    snprintf(sql, sizeof sql, "ROLLBACK TO gis_%d; RELEASE gis_%d", db->depth,
             db->depth);
    sqlite3_exec(db->handle, sql, NULL, NULL, NULL);
}

int64_t gis_db_int(gis_db *db, int64_t dflt, const char *sql, ...) {
    sqlite3_stmt *st = NULL;
    const char *arg;
    int64_t v = dflt;
    int i = 1;
    va_list ap;

    int cached = !gis_db_stmt(db, &st, sql, NULL);

    if (!cached && gis_db_prepare(db, &st, sql, NULL))
        return dflt;
    va_start(ap, sql);
    while ((arg = va_arg(ap, const char *)) != NULL)
        sqlite3_bind_text(st, i++, arg, -1, SQLITE_TRANSIENT);
    va_end(ap);
    if (sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    if (cached)
        sqlite3_reset(st);
    else
        sqlite3_finalize(st);
    return v;
}

int gis_db_init_spatial(gis_db *db, gis_error *err) {
    /* Runs inside the caller's transaction (hence 0: SpatiaLite must not
     * open its own), and loads only the WGS84 systems: the full EPSG
     * table takes seconds and PROJ does our transformations anyway. */
    if (gis_db_int(db, 0, "SELECT InitSpatialMetadata(0, 'WGS84_ONLY')",
                   NULL) != 1) {
        gis_error_set(err, "cannot create spatial metadata in '%s': %s",
                      db->path, sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

int gis_db_add_geometry(gis_db *db, const char *table, const char *column,
                        const char *type, gis_error *err) {
    if (gis_db_int(db, 0, "SELECT AddGeometryColumn(?1, ?2, 4326, ?3, 'XY')",
                   table, column, type, NULL) != 1 ||
        gis_db_int(db, 0, "SELECT CreateSpatialIndex(?1, ?2)", table, column,
                   NULL) != 1) {
        gis_error_set(err, "cannot add geometry column %s.%s (%s)", table,
                      column, type);
        return 1;
    }
    return 0;
}

int gis_db_has_table(gis_db *db, const char *table) {
    return gis_db_int(db, 0,
                      "SELECT count(*) FROM sqlite_master "
                      "WHERE type IN ('table','view') AND name = ?1",
                      table, NULL) > 0;
}
