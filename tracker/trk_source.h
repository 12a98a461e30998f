/*
 * trk_source.h: the rows of a file as the importer reads them, from one
 * of two readers behind one interface: an OGR layer (gis_reader: GeoJSON,
 * KML, GPX, GeoPackage, Shapefile, ...) or an office sheet (trk_sheet:
 * XLSX, ODS and CSV, whose header may sit under title rows and whose rows
 * may be sections and totals).  A sheet's "WKT" column is its geometry,
 * as OGR's CSV driver reads one.
 */
#ifndef TRK_SOURCE_H
#define TRK_SOURCE_H

#include <ogr_api.h>

#include "gis_error.h"
#include "trk_sheet.h"

typedef struct trk_source trk_source;

/* Opens layer (NULL: the first) of path.  With as_sheet, through
 * trk_sheet (known says which header keys the caller can use); else
 * through OGR.  display names the file in messages.  0, or 1 (err). */
int trk_source_open(trk_source **out, const char *path, const char *display,
                    const char *layer, int as_sheet,
                    int (*known)(const char *key, void *ctx), void *ctx,
                    gis_error *err);
void trk_source_close(trk_source *s);

int trk_source_field_count(const trk_source *s);
const char *trk_source_field_name(const trk_source *s, int i);
/* The label over a two-row header's column ("Tọa độ VN-2000"), or "". */
const char *trk_source_field_group(const trk_source *s, int i);
/* The column whose header is name (or, in a sheet, "GROUP NAME"), or -1. */
int trk_source_field_index(const trk_source *s, const char *name);

/* Next row: 1, 0 at the end, -1 on a read error (err). */
int trk_source_next(trk_source *s, gis_error *err);
/* Rows of OGR layers are all works. */
trk_sheet_kind trk_source_row_kind(const trk_source *s);
const char *trk_source_text(trk_source *s, int field);
/* The row's geometry in WGS 84, or NULL; owned by s.  A sheet's WKT cell
 * that is no geometry gives NULL and *bad set. */
OGRGeometryH trk_source_geometry(trk_source *s, int *bad);
/* "line 7", "feature 3", "sheet 'Danh mục', row 15". */
const char *trk_source_where(trk_source *s);
/* Rows of the layer, or 0 when it cannot be told cheaply. */
long trk_source_count(trk_source *s);
/* The sheet (titles, unit line, sections), or NULL for an OGR layer. */
const trk_sheet *trk_source_sheet(const trk_source *s);

#endif
