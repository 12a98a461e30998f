/*
 * trk_import.h: works from the files engineers already have (CSV, XLSX,
 * GeoJSON, KML, GPX, Shapefile, GeoPackage, FlatGeobuf, KoboToolbox and
 * ODK Central CSV exports), every row checked and every bad row reported,
 * all in one transaction: a file with any bad row writes nothing.
 */
#ifndef TRK_IMPORT_H
#define TRK_IMPORT_H

#include "gis_db.h"

typedef struct trk_import_opts {
    const char *const *maps;       /* "field=Column header" overrides */
    const char *const *value_maps; /* "Cell text=category_id" */
    const char *as_of; /* which units the file's unit codes mean; NULL:
                          2022-10-11, the plan's */
    const char *crs;   /* CRS of X/Y columns; NULL: told from the values */
    int dry_run;       /* check and report, write nothing */
    /* Called now and then with the rows read and the rows in the file
     * (total -1 when unknown); NULL for none. */
    void (*progress)(long done, long total, void *ctx);
    void *progress_ctx;
    /* Record allocations past the plan's caps, as `allocate --force`
     * does: each is marked forced with the figures it overrode. */
    int force;
} trk_import_opts;

typedef struct trk_import_row {
    const char *where;  /* "line 7", "feature 3" */
    const char *code;   /* the work's code ("" when none could be read) */
    const char *action; /* add, update, unchanged, error, warning */
    const char *field;  /* the field at fault, or "" */
    const char *message;
} trk_import_row;

typedef void (*trk_import_cb)(const trk_import_row *r, void *ctx);

typedef struct trk_import_stats {
    long rows, added, updated, unchanged, errors, warnings;
} trk_import_stats;

/* Imports path.  Calls cb for every row (and every warning).  Returns 0
 * when the file was imported (or, with dry_run, would be); 1 with a
 * message in err when any row was bad (nothing written) or the file could
 * not be read. */
int trk_import_works(gis_db *db, const char *path, const trk_import_opts *o,
                     trk_import_cb cb, void *ctx, trk_import_stats *stats,
                     gis_error *err);

/* The field names --map accepts, NULL-terminated. */
extern const char *const trk_import_fields[];

#endif
