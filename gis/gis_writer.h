/*
 * gis_writer.h: writes the rows of an SQL query as features of a new OGR
 * dataset (GeoJSON, GeoPackage, KML, ...), one field per column.
 *
 * The query's column named by geom_column holds the geometry as WKB
 * (SpatiaLite's AsBinary()) in EPSG:4326; every other column becomes a
 * field whose type is read off the values themselves.
 */
#ifndef GIS_WRITER_H
#define GIS_WRITER_H

#include <sqlite3.h>

#include "gis_error.h"

typedef struct gis_write_opts {
    const char *driver;              /* OGR driver name, e.g. "GeoJSON" */
    const char *layer;               /* layer name in the output */
    const char *const *lco;          /* NULL-terminated KEY=VALUE list */
    const char *const *bool_columns; /* 0/1 columns written as booleans */
    const char *geom_column;         /* NULL means "geom" */
    /* A column holding each feature's OGR style string (drivers such as
     * LIBKML turn it into the file's styles); not written as a field.
     * NULL: none. */
    const char *style_column;
} gis_write_opts;

/* Runs st (prepared, bound, not yet stepped) and writes all its rows to a
 * new file at path, replacing any file there.  *count receives the number
 * of features written.  The statement is reset, not finalized. */
int gis_write_query(sqlite3_stmt *st, const char *path, const gis_write_opts *o,
                    long *count, gis_error *err);

/* Writes n statements as n layers of one new file at path (folders of
 * one KML, tables of one GeoPackage); opts[i] describes layer i, and the
 * driver is opts[0]'s.  counts (n entries) receive the features. */
int gis_write_layers(sqlite3_stmt *const *sts, const gis_write_opts *opts,
                     int n, const char *path, long *counts, gis_error *err);

#endif
