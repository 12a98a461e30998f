/*
 * trk_db.h: the tracker's SpatiaLite file: creating it, opening it, and
 * migrating older files in place to the current schema.
 *
 * The schema version lives in PRAGMA user_version.  Each migration runs in
 * its own transaction, so a failure leaves the file at the last version
 * that completed, never half-way.
 */
#ifndef TRK_DB_H
#define TRK_DB_H

#include "gis_db.h"

/* The schema version this build writes. */
int trk_schema_latest(void);

/* Creates a new tracker database at path (which must not exist yet) with
 * the current schema and the fixed codelists (categories), no layers. */
int trk_db_create(gis_db **out, const char *path, gis_error *err);

/* Opens an existing tracker database, migrating it when it is older. */
int trk_db_open(gis_db **out, const char *path, gis_error *err);

/* Brings db up to schema version target (<= latest); for tests of the
 * migration path and for trk_db_create/open.  Returns 0 on success. */
int trk_schema_migrate(gis_db *db, int target, gis_error *err);

/* The file's schema version (0 for a file that is not a tracker's). */
int trk_schema_version(gis_db *db);

/* Registers the SQL functions the tracker's SQL relies on:
 * name_key(text), the matching key of a name (gis_text.h), and
 * million_vi(vnd), an amount as the plan writes it ("5.558,0"). */
int trk_sql_functions(gis_db *db, gis_error *err);

/* Default database path: $TRACKER_DB, else "tracker.sqlite". */
const char *trk_default_db_path(void);

#endif
