/*
 * gis_bulk.c: a spatial index deferred to the end of a bulk load.
 */
#include "gis_bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names pasted into SQL below: plain identifiers only. */
static int plain_name(const char *s) {
    if (!*s || strlen(s) >= 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* The SQL of trigger prefix_table_column, or NULL when there is none. */
static char *trigger_sql(gis_db *db, const char *prefix,
                         const gis_bulk_index *b, gis_error *err) {
    sqlite3_stmt *st = NULL;
    char name[160], *sql = NULL;
    snprintf(name, sizeof name, "%s_%s_%s", prefix, b->table, b->column);
    if (gis_db_prepare(db, &st,
                       "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                       " AND name = ?1",
                       err))
        return NULL;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        sql = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return sql;
}

static int drop_trigger(gis_db *db, const char *prefix, const gis_bulk_index *b,
                        gis_error *err) {
    char sql[256];
    snprintf(sql, sizeof sql, "DROP TRIGGER \"%s_%s_%s\"", prefix, b->table,
             b->column);
    return gis_db_exec(db, sql, err);
}

int gis_bulk_index_begin(gis_db *db, gis_bulk_index *b, const char *table,
                         const char *column, gis_error *err) {
    char sql[256];
    memset(b, 0, sizeof *b);
    if (db->depth == 0) {
        gis_error_set(err, "a bulk load needs an open transaction");
        return 1;
    }
    if (!plain_name(table) || !plain_name(column)) {
        gis_error_set(err, "'%s.%s' is not a plain table and column name",
                      table, column);
        return 1;
    }
    snprintf(b->table, sizeof b->table, "%s", table);
    snprintf(b->column, sizeof b->column, "%s", column);
    b->insert_trigger = trigger_sql(db, "gii", b, err);
    if (!b->insert_trigger) {
        gis_error_set(err, "%s.%s has no spatial index to defer", table,
                      column);
        return 1;
    }
    b->check_trigger = trigger_sql(db, "ggi", b, err);
    b->time_trigger = trigger_sql(db, "tmi", b, err);
    snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) FROM \"%s\"",
             table);
    b->last_rowid = gis_db_int(db, 0, sql, NULL);
    if (drop_trigger(db, "gii", b, err) ||
        (b->check_trigger && drop_trigger(db, "ggi", b, err)) ||
        (b->time_trigger && drop_trigger(db, "tmi", b, err))) {
        gis_bulk_index_free(b);
        return 1;
    }
    return 0;
}

int gis_bulk_index_end(gis_db *db, gis_bulk_index *b, gis_error *err) {
    char sql[1024];
    sqlite3_stmt *st = NULL;
    int rc = 1, added = 0;

    /* What the check trigger would have refused, row by row. */
    if (b->check_trigger) {
        int64_t bad;
        snprintf(sql, sizeof sql,
                 "SELECT t.rowid FROM \"%s\" t, geometry_columns g WHERE"
                 " Lower(g.f_table_name) = '%s' AND Lower(g.f_geometry_column)"
                 " = '%s' AND t.rowid > %lld AND t.\"%s\" IS NOT NULL AND"
                 " coalesce(GeometryConstraints(t.\"%s\", g.geometry_type,"
                 " g.srid), 0) <> 1 LIMIT 1",
                 b->table, b->table, b->column, (long long)b->last_rowid,
                 b->column, b->column);
        if ((bad = gis_db_int(db, 0, sql, NULL)) != 0) {
            gis_error_set(err,
                          "%s.%s of row %lld violates the column's geometry"
                          " constraint [geom-type or SRID not allowed]",
                          b->table, b->column, (long long)bad);
            goto done;
        }
    }
    /* A new row whose geometry was updated after its insert went through
     * the update trigger and has its entry already: REPLACE it, so every
     * new row is indexed exactly once. */
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO \"idx_%s_%s\" (pkid, xmin, xmax, ymin,"
             " ymax) SELECT rowid, MbrMinX(\"%s\"), MbrMaxX(\"%s\"),"
             " MbrMinY(\"%s\"), MbrMaxY(\"%s\") FROM \"%s\" WHERE rowid > ?1"
             " AND \"%s\" IS NOT NULL",
             b->table, b->column, b->column, b->column, b->column, b->column,
             b->table, b->column);
    for (const char *tail = sql; tail && *tail;) {
        const char *next = NULL;
        if (sqlite3_prepare_v2(db->handle, tail, -1, &st, &next) != SQLITE_OK) {
            gis_error_set(err, "indexing %s.%s: %s", b->table, b->column,
                          sqlite3_errmsg(db->handle));
            goto done;
        }
        if (!st)
            break;
        sqlite3_bind_int64(st, 1, b->last_rowid);
        if (sqlite3_step(st) != SQLITE_DONE) {
            gis_error_set(err, "indexing %s.%s: %s", b->table, b->column,
                          sqlite3_errmsg(db->handle));
            sqlite3_finalize(st);
            goto done;
        }
        added = sqlite3_changes(db->handle);
        sqlite3_finalize(st);
        tail = next;
    }
    if (b->time_trigger && added > 0) {
        snprintf(sql, sizeof sql,
                 "UPDATE geometry_columns_time SET last_insert ="
                 " strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') WHERE"
                 " Lower(f_table_name) = '%s' AND Lower(f_geometry_column) ="
                 " '%s'",
                 b->table, b->column);
        if (gis_db_exec(db, sql, err))
            goto done;
    }
    if (gis_db_exec(db, b->insert_trigger, err) ||
        (b->check_trigger && gis_db_exec(db, b->check_trigger, err)) ||
        (b->time_trigger && gis_db_exec(db, b->time_trigger, err)))
        goto done;
    rc = 0;
done:
    gis_bulk_index_free(b);
    return rc;
}

void gis_bulk_index_free(gis_bulk_index *b) {
    free(b->check_trigger);
    free(b->insert_trigger);
    free(b->time_trigger);
    b->check_trigger = b->insert_trigger = b->time_trigger = NULL;
}
