/*
 * gis_db.h: a SQLite connection with SpatiaLite loaded, and the few
 * helpers every caller needs (exec, prepare, transactions, scalars).
 *
 * SpatiaLite is linked, not loaded as an extension, so it is the version
 * the build was checked against; each connection owns its SpatiaLite
 * cache, which must outlive the sqlite3 handle (hence the struct).
 */
#ifndef GIS_DB_H
#define GIS_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "gis_error.h"

typedef struct gis_db {
    sqlite3 *handle;
    void *spatialite;
    char *path;
    int depth; /* open transactions: the outer one, then savepoints */
    struct gis_db_cached *cache; /* prepared statements kept for reuse */
    int ncache;
} gis_db;

enum {
    GIS_DB_READWRITE = 0, /* the file must exist */
    GIS_DB_CREATE = 1,    /* create the file when missing */
    GIS_DB_READONLY = 2
};

/* Opens path with SpatiaLite loaded and foreign keys on.  *out is NULL on
 * failure.  A missing file is an error unless GIS_DB_CREATE is given. */
int gis_db_open(gis_db **out, const char *path, int mode, gis_error *err);

/* Closes the connection; accepts NULL. */
void gis_db_close(gis_db *db);

/* Runs one or more statements; the message names the failing SQL's error. */
int gis_db_exec(gis_db *db, const char *sql, gis_error *err);

int gis_db_prepare(gis_db *db, sqlite3_stmt **st, const char *sql,
                   gis_error *err);

/* Transactions nest: inside an open one, begin opens a savepoint, so a
 * caller can group several calls that each run in a transaction of their
 * own.  Each begin is ended by exactly one commit or rollback. */
/* A prepared statement for sql kept by the connection, so code run for
 * every row of a file does not prepare it again each time.  The caller
 * binds, steps and then calls sqlite3_reset (never finalize): the
 * statement stays the connection's until gis_db_close. */
int gis_db_stmt(gis_db *db, sqlite3_stmt **st, const char *sql, gis_error *err);

int gis_db_begin(gis_db *db, gis_error *err);
int gis_db_commit(gis_db *db, gis_error *err);
/* 1 when a transaction was begun but SQLite has ended it (a trigger's
 * RAISE(ROLLBACK)): everything since its BEGIN is undone, and until the
 * caller rolls back, gis_db_exec, gis_db_prepare and gis_db_stmt refuse
 * to run anything, so no statement is committed on its own. */
int gis_db_lost(const gis_db *db);
/* Undoes the innermost transaction; never fails loudly. */
void gis_db_rollback(gis_db *db);

/* First column of the first row as an integer, or dflt when no row/NULL.
 * Optional text parameters bind to ?1, ?2 ... (NULL-terminated list). */
int64_t gis_db_int(gis_db *db, int64_t dflt, const char *sql, ...);

/* Turns a database into a SpatiaLite one (metadata tables, WGS84 only). */
int gis_db_init_spatial(gis_db *db, gis_error *err);

/* Adds a geometry column (EPSG:4326, XY) and its R*Tree spatial index. */
int gis_db_add_geometry(gis_db *db, const char *table, const char *column,
                        const char *type, gis_error *err);

/* True when the table exists. */
int gis_db_has_table(gis_db *db, const char *table);

#endif
