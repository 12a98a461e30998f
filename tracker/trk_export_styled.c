/*
 * trk_export_styled.c: the map layers as one styled KML or GeoPackage.
 *
 * KML gets its styles from OGR style strings, which the LIBKML driver
 * writes as <Style> elements.  A GeoPackage gets a layer_styles table in
 * the form QGIS reads and writes (one QML document per layer, marked
 * useAsDefault), so QGIS draws works by category and units with their
 * names without any setup.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_writer.h"
#include "trk_category.h"
#include "trk_export.h"
#include "trk_flags.h"

/* A colour per category, in trk_categories order (ColorBrewer Paired,
 * then Dark2 for the rest). */
static const char *const palette[] = {
    "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928",
    "#a6cee3", "#b2df8a", "#fb9a99", "#fdbf6f", "#cab2d6", "#1b9e77",
    "#d95f02", "#7570b3", "#e7298a", "#66a61e"};
#define N_PALETTE (int)(sizeof palette / sizeof palette[0])

static const char *colour_of(int i) { return palette[i % N_PALETTE]; }

/* SQL: the category's colour as CASE over the ids. */
static void category_case(char *out, size_t n, const char *fmt) {
    size_t used = (size_t)snprintf(out, n, "CASE category");
    for (int i = 0; trk_categories[i].id && used < n; i++) {
        char style[128];
        snprintf(style, sizeof style, fmt, colour_of(i));
        used += (size_t)snprintf(out + used, n - used, " WHEN '%s' THEN '%s'",
                                 trk_categories[i].id, style);
    }
    if (used < n)
        snprintf(out + used, n - used, " END");
}

/* The layer's statement, with an ogr_style column for KML. */
static int prepare(gis_db *db, int i, int styled, sqlite3_stmt **st,
                   gis_error *err) {
    char *sql, style[4096];
    size_t n;
    int rc;
    if (!styled)
        return gis_db_prepare(db, st, trk_export_layers[i].sql, err);
    if (i < 2)
        snprintf(style, sizeof style,
                 "'BRUSH(fc:#fdf6e380);PEN(c:#555555,w:2px)'");
    else
        category_case(style, sizeof style,
                      i == 2 ? "SYMBOL(id:\"\"ogr-sym-3\"\",c:%sff,s:1.2)"
                             : "PEN(c:%sff,w:4px)");
    n = strlen(trk_export_layers[i].sql) + strlen(style) + 64;
    if (!(sql = malloc(n))) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    snprintf(sql, n, "SELECT *, %s AS ogr_style FROM (%s)", style,
             trk_export_layers[i].sql);
    rc = gis_db_prepare(db, st, sql, err);
    free(sql);
    return rc;
}

static int write_all(gis_db *db, const char *path, const char *driver,
                     int styled, long counts[4], gis_error *err) {
    static const char *const bools[] = {
        "approximate", "partial", "illustrative", "approximate_location", NULL};
    sqlite3_stmt *sts[4] = {NULL};
    gis_write_opts opts[4];
    int rc = 1;

    if (trk_flags_view(db, NULL, err))
        return 1;
    for (int i = 0; i < 4; i++) {
        gis_write_opts o = {driver, trk_export_layers[i].name,  NULL, bools,
                            "geom", styled ? "ogr_style" : NULL};
        opts[i] = o;
        if (prepare(db, i, styled, &sts[i], err))
            goto done;
    }
    if (gis_write_layers(sts, opts, 4, path, counts, err))
        goto done;
    rc = 0;
done:
    for (int i = 0; i < 4; i++)
        sqlite3_finalize(sts[i]);
    return rc;
}

static void report(const char *path, const long counts[4], trk_export_cb cb,
                   void *ctx) {
    for (int i = 0; cb && i < 4; i++)
        cb(path, trk_export_layers[i].title, counts[i], ctx);
}

int trk_export_kml(gis_db *db, const char *path, trk_export_cb cb, void *ctx,
                   gis_error *err) {
    long counts[4] = {0};
    if (write_all(db, path, "LIBKML", 1, counts, err))
        return 1;
    report(path, counts, cb, ctx);
    return 0;
}

/* --- QGIS styles --------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t len, cap;
    int failed;
} buf;

static void put(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...) {
    va_list ap;
    int n;
    if (b->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0,
                      fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = (b->cap + (size_t)n + 1) * 2;
        if (!(b->s = realloc(b->s, b->cap))) {
            b->failed = 1;
            return;
        }
    }
}

/* XML text of s (attribute-safe). */
static void put_xml(buf *b, const char *s) {
    for (; *s; s++)
        switch (*s) {
        case '&':
            put(b, "&amp;");
            break;
        case '<':
            put(b, "&lt;");
            break;
        case '>':
            put(b, "&gt;");
            break;
        case '"':
            put(b, "&quot;");
            break;
        default:
            put(b, "%c", *s);
        }
}

static void put_rgb(buf *b, const char *hex, int alpha) {
    unsigned r, g, bl;
    sscanf(hex, "#%2x%2x%2x", &r, &g, &bl);
    put(b, "%u,%u,%u,%d", r, g, bl, alpha);
}

static void put_option(buf *b, const char *name, const char *value) {
    put(b, "<Option name=\"%s\" type=\"QString\" value=\"", name);
    put_xml(b, value);
    put(b, "\"/>");
}

/* One symbol: a marker for points, a line, or a fill for polygons. */
static void put_symbol(buf *b, int index, const char *kind,
                       const char *colour) {
    char rgba[32];
    buf c = {0};
    put_rgb(&c, colour, kind[0] == 'f' ? 90 : 255);
    snprintf(rgba, sizeof rgba, "%s", c.s ? c.s : "0,0,0,255");
    free(c.s);
    put(b,
        "<symbol type=\"%s\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\""
        " force_rhr=\"0\"><layer class=\"%s\" enabled=\"1\" pass=\"0\""
        " locked=\"0\"><Option type=\"Map\">",
        kind, index,
        !strcmp(kind, "marker") ? "SimpleMarker"
        : !strcmp(kind, "line") ? "SimpleLine"
                                : "SimpleFill");
    if (!strcmp(kind, "marker")) {
        put_option(b, "name", "circle");
        put_option(b, "color", rgba);
        put_option(b, "size", "3.2");
        put_option(b, "outline_color", "35,35,35,255");
    } else if (!strcmp(kind, "line")) {
        put_option(b, "line_color", rgba);
        put_option(b, "line_width", "1.2");
    } else {
        put_option(b, "color", rgba);
        put_option(b, "outline_color", "85,85,85,255");
        put_option(b, "outline_width", "0.5");
    }
    put(b, "</Option></layer></symbol>");
}

/* Works: categorized on "category", labelled in Vietnamese; units: one
 * fill, labelled with their names. */
static char *qml_for(int layer) {
    buf b = {0};
    const char *kind = layer == 2 ? "marker" : layer == 3 ? "line" : "fill";
    put(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            "<qgis version=\"3.28.0\" styleCategories=\"Symbology|Labeling\">");
    if (layer >= 2) {
        put(&b, "<renderer-v2 type=\"categorizedSymbol\" attr=\"category\""
                " symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
                "<categories>");
        for (int i = 0; trk_categories[i].id; i++) {
            put(&b,
                "<category render=\"true\" value=\"%s\" symbol=\"%d\""
                " label=\"",
                trk_categories[i].id, i);
            put_xml(&b, trk_categories[i].label_vi);
            put(&b, "\"/>");
        }
        put(&b, "</categories><symbols>");
        for (int i = 0; trk_categories[i].id; i++)
            put_symbol(&b, i, kind, colour_of(i));
        put(&b, "</symbols></renderer-v2>");
    } else {
        put(&b, "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\""
                " enableorderby=\"0\" forceraster=\"0\"><symbols>");
        put_symbol(&b, 0, kind, "#fdf6e3");
        put(&b, "</symbols></renderer-v2>");
    }
    put(&b,
        "<labeling type=\"simple\"><settings calloutType=\"simple\">"
        "<text-style fieldName=\"name\" fontFamily=\"DejaVu Sans\""
        " fontSize=\"%s\" textColor=\"40,40,40,255\"/>"
        "<placement placement=\"%d\"/></settings></labeling>",
        layer >= 2 ? "7" : "9",
        layer == 3   ? 2
        : layer == 2 ? 6
                     : 0);
    put(&b, "</qgis>\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* QGIS's own table for styles kept in a GeoPackage. */
static const char styles_sql[] =
    "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name"
    " TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML"
    " TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner"
    " TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT"
    " CURRENT_TIMESTAMP);"
    "INSERT INTO gpkg_contents (table_name, data_type, identifier,"
    " description, last_change) VALUES ('layer_styles', 'attributes',"
    " 'layer_styles', 'QGIS layer styles',"
    " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";

static int add_styles(const char *path, gis_error *err) {
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int rc = 1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(h, styles_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "INSERT INTO layer_styles (f_table_catalog,"
                           " f_table_schema, f_table_name, f_geometry_column,"
                           " styleName, styleQML, styleSLD, useAsDefault,"
                           " description, owner) VALUES ('', '', ?1, 'geom',"
                           " ?1, ?2, '', 1, ?3, 'tracker')",
                           -1, &st, NULL) != SQLITE_OK)
        goto done;
    for (int i = 0; i < 4; i++) {
        char *qml = qml_for(i);
        if (!qml)
            goto done;
        sqlite3_bind_text(st, 1, trk_export_layers[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, qml, -1, free);
        sqlite3_bind_text(st, 3, trk_export_layers[i].title, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto done;
        sqlite3_reset(st);
    }
    rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK;
done:
    if (rc)
        gis_error_set(err, "cannot store the QGIS styles in '%s': %s", path,
                      h ? sqlite3_errmsg(h) : "cannot open it");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rc;
}

int trk_export_gpkg(gis_db *db, const char *path, trk_export_cb cb, void *ctx,
                    gis_error *err) {
    long counts[4] = {0};
    if (write_all(db, path, "GPKG", 0, counts, err) || add_styles(path, err))
        return 1;
    report(path, counts, cb, ctx);
    return 0;
}
