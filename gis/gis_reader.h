/*
 * gis_reader.h: rows of any OGR source (CSV, GeoPackage, Shapefile,
 * GeoJSON, XLSX, ...) as named text fields plus a WGS84 lon/lat geometry.
 *
 * Callers want text, not OGR's field types: they parse and validate each
 * value themselves, so they can name the row, the field and the reason.
 */
#ifndef GIS_READER_H
#define GIS_READER_H

#include <ogr_api.h>

#include "gis_error.h"

typedef struct gis_reader gis_reader;

/* Opens the first layer of path (or the layer named layer).  Geometries
 * come back reprojected to EPSG:4326 lon/lat when the source declares
 * another CRS; a source without one is taken as lon/lat already. */
int gis_reader_open(gis_reader **out, const char *path, const char *layer,
                    gis_error *err);
void gis_reader_close(gis_reader *r);

int gis_reader_field_count(const gis_reader *r);
const char *gis_reader_field_name(const gis_reader *r, int i);
/* Index of the field, exact name first, then case-insensitive; -1 if
 * the source has no such field. */
int gis_reader_field_index(const gis_reader *r, const char *name);

/* Advances to the next row: 1 when there is one, 0 at the end, -1 on a
 * read or reprojection error (message in err). */
int gis_reader_next(gis_reader *r, gis_error *err);

/* The field's value as text ("" when unset or null); valid until the
 * next call to gis_reader_next. */
const char *gis_reader_text(gis_reader *r, int field);

/* The row's geometry in WGS84, owned by the reader, or NULL. */
OGRGeometryH gis_reader_geometry(gis_reader *r);

/* Where the current row is, for messages: "line 7" for CSV files (the
 * header is line 1), "feature 3" otherwise. */
const char *gis_reader_where(gis_reader *r);

/* The names of path's vector layers, in order, in a new NULL-terminated
 * array (free with gis_reader_free_layers).  0 on success. */
int gis_reader_layers(const char *path, char ***names, gis_error *err);
void gis_reader_free_layers(char **names);

/* The number of rows (features) of the open layer; may read the file
 * once to count them.  -1 when unknown. */
long gis_reader_count(gis_reader *r);

/* The name of the driver that read the source ("CSV", "GPX", ...). */
const char *gis_reader_driver(const gis_reader *r);

/* The source's CRS as "EPSG:nnnn" or its name, "" when it declares none. */
const char *gis_reader_crs(const gis_reader *r);

#endif
