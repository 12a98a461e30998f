/*
 * trk_source.c: one interface over gis_reader and trk_sheet.
 */
#include "trk_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gis_reader.h"

struct trk_source {
    gis_reader *r;
    trk_sheet *sheet;
    int wkt;           /* the sheet's WKT column, or -1 */
    OGRGeometryH geom; /* parsed from it, for the current row */
};

int trk_source_open(trk_source **out, const char *path, const char *display,
                    const char *layer, int as_sheet,
                    int (*known)(const char *key, void *ctx), void *ctx,
                    gis_error *err) {
    trk_source *s = calloc(1, sizeof *s);
    int rc;

    *out = NULL;
    if (!s) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    s->wkt = -1;
    rc = as_sheet
             ? trk_sheet_open(&s->sheet, path, display, layer, known, ctx, err)
             : gis_reader_open(&s->r, path, layer, err);
    if (rc) {
        free(s);
        return 1;
    }
    for (int i = 0; s->sheet && i < trk_sheet_field_count(s->sheet); i++)
        if (!strcasecmp(trk_sheet_field_name(s->sheet, i), "WKT"))
            s->wkt = i;
    *out = s;
    return 0;
}

void trk_source_close(trk_source *s) {
    if (!s)
        return;
    if (s->geom)
        OGR_G_DestroyGeometry(s->geom);
    gis_reader_close(s->r);
    trk_sheet_close(s->sheet);
    free(s);
}

int trk_source_field_count(const trk_source *s) {
    return s->sheet ? trk_sheet_field_count(s->sheet)
                    : gis_reader_field_count(s->r);
}

const char *trk_source_field_name(const trk_source *s, int i) {
    return s->sheet ? trk_sheet_field_name(s->sheet, i)
                    : gis_reader_field_name(s->r, i);
}

const char *trk_source_field_group(const trk_source *s, int i) {
    return s->sheet ? trk_sheet_field_group(s->sheet, i) : "";
}

int trk_source_field_index(const trk_source *s, const char *name) {
    char both[512];
    if (!s->sheet)
        return gis_reader_field_index(s->r, name);
    for (int i = 0; i < trk_sheet_field_count(s->sheet); i++) {
        const char *group = trk_sheet_field_group(s->sheet, i);
        snprintf(both, sizeof both, "%s %s", group,
                 trk_sheet_field_name(s->sheet, i));
        if (!strcmp(trk_sheet_field_name(s->sheet, i), name) ||
            (*group && !strcmp(both, name)))
            return i;
    }
    return -1;
}

int trk_source_next(trk_source *s, gis_error *err) {
    if (s->geom) {
        OGR_G_DestroyGeometry(s->geom);
        s->geom = NULL;
    }
    return s->sheet ? trk_sheet_next(s->sheet, err)
                    : gis_reader_next(s->r, err);
}

trk_sheet_kind trk_source_row_kind(const trk_source *s) {
    return s->sheet ? trk_sheet_row_kind(s->sheet) : TRK_SHEET_WORK;
}

const char *trk_source_text(trk_source *s, int field) {
    return s->sheet ? trk_sheet_text(s->sheet, field)
                    : gis_reader_text(s->r, field);
}

OGRGeometryH trk_source_geometry(trk_source *s, int *bad) {
    const char *wkt;
    char *p;
    *bad = 0;
    if (!s->sheet)
        return gis_reader_geometry(s->r);
    if (s->geom || s->wkt < 0)
        return s->geom;
    wkt = trk_sheet_text(s->sheet, s->wkt);
    if (!*wkt)
        return NULL;
    p = (char *)wkt;
    if (OGR_G_CreateFromWkt(&p, NULL, &s->geom) != OGRERR_NONE) {
        s->geom = NULL;
        *bad = 1;
    }
    return s->geom;
}

const char *trk_source_where(trk_source *s) {
    return s->sheet ? trk_sheet_where(s->sheet) : gis_reader_where(s->r);
}

long trk_source_count(trk_source *s) {
    return s->sheet ? 0 : gis_reader_count(s->r);
}

const trk_sheet *trk_source_sheet(const trk_source *s) { return s->sheet; }
