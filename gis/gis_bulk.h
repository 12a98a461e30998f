/*
 * gis_bulk.h: loading many rows into a SpatiaLite table quickly.
 *
 * SpatiaLite guards a geometry column with three insert triggers: one
 * checks each new geometry's type and SRID, one keeps the R*Tree current
 * by calling RTreeAlign() (which builds and runs a fresh SQL statement
 * for every row) and one stamps geometry_columns_time.  For a file of many
 * rows they are most of the cost.  Inside a transaction a loader may set
 * them aside, insert its rows, then check and index the new rows in one
 * statement each and put the triggers back: ogr2ogr defers its index the
 * same way.  Both steps are DDL inside the caller's transaction, so a
 * rollback restores the triggers with everything else.
 */
#ifndef GIS_BULK_H
#define GIS_BULK_H

#include <stdint.h>

#include "gis_db.h"

typedef struct gis_bulk_index {
    char table[64], column[64];
    char *check_trigger; /* the SQL that recreates each trigger */
    char *insert_trigger;
    char *time_trigger;
    int64_t last_rowid; /* rows after it are the new ones */
} gis_bulk_index;

/* Sets aside the insert triggers of table.column's spatial index.  Must
 * run inside a transaction (gis_db_begin); rows inserted from here on are
 * indexed by gis_bulk_index_end.  Updates keep their own triggers. */
int gis_bulk_index_begin(gis_db *db, gis_bulk_index *b, const char *table,
                         const char *column, gis_error *err);

/* Checks the geometries of the rows inserted since begin (an error names
 * the first row whose type or SRID the column does not allow), indexes
 * them, stamps geometry_columns_time once and recreates the triggers;
 * frees b's memory whatever happens. */
int gis_bulk_index_end(gis_db *db, gis_bulk_index *b, gis_error *err);

/* Frees b without touching the database (the caller rolls back). */
void gis_bulk_index_free(gis_bulk_index *b);

#endif
