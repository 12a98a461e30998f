/*
 * gis_writer.c: query rows to OGR features.  Column types are found in a
 * first pass over the rows because SQLite expressions carry no declared
 * type and a column may be NULL in the first row; layers written here are
 * maps for people, small enough to read twice.
 */
#include "gis_writer.h"

#include <gdal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis_ogr.h"

static OGRFieldType column_type(int seen) {
    if (seen & (1 << SQLITE_TEXT))
        return OFTString;
    if (seen & (1 << SQLITE_FLOAT))
        return OFTReal;
    if (seen & (1 << SQLITE_INTEGER))
        return OFTInteger64;
    return OFTString;
}

static int in_list(const char *const *list, const char *name) {
    for (; list && *list; list++)
        if (!strcmp(*list, name))
            return 1;
    return 0;
}

static int set_field(OGRFeatureH f, int field, sqlite3_stmt *st, int col) {
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
        OGR_F_SetFieldNull(f, field);
        break;
    case SQLITE_INTEGER:
        OGR_F_SetFieldInteger64(f, field, sqlite3_column_int64(st, col));
        break;
    case SQLITE_FLOAT:
        OGR_F_SetFieldDouble(f, field, sqlite3_column_double(st, col));
        break;
    default:
        OGR_F_SetFieldString(f, field,
                             (const char *)sqlite3_column_text(st, col));
    }
    return 0;
}

/* One statement into one new layer of ds. */
static int write_layer(GDALDatasetH ds, OGRSpatialReferenceH wgs84,
                       sqlite3_stmt *st, const gis_write_opts *o,
                       const char *path, long *count, gis_error *err) {
    const char *geom_col = o->geom_column ? o->geom_column : "geom";
    int ncol = sqlite3_column_count(st), *seen = NULL, *field_of = NULL;
    int gcol = -1, scol = -1, i, rc, ret = 1;
    OGRLayerH layer;
    OGRFeatureH f = NULL;

    *count = 0;
    seen = calloc(ncol + 1, sizeof *seen);
    field_of = calloc(ncol + 1, sizeof *field_of);
    if (!seen || !field_of) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    for (i = 0; i < ncol; i++) {
        if (!strcmp(sqlite3_column_name(st, i), geom_col))
            gcol = i;
        if (o->style_column &&
            !strcmp(sqlite3_column_name(st, i), o->style_column))
            scol = i;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        for (i = 0; i < ncol; i++)
            seen[i] |= 1 << sqlite3_column_type(st, i);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "database error: %s",
                      sqlite3_errmsg(sqlite3_db_handle(st)));
        goto done;
    }
    sqlite3_reset(st);

    CPLErrorReset();
    layer = GDALDatasetCreateLayer(
        ds, o->layer, wgs84, gcol >= 0 ? wkbUnknown : wkbNone, (char **)o->lco);
    if (!layer) {
        gis_error_set(err, "cannot create layer '%s' in '%s': %s", o->layer,
                      path, gis_ogr_last_error());
        goto done;
    }
    for (i = 0; i < ncol; i++) {
        const char *name = sqlite3_column_name(st, i);
        OGRFieldDefnH fd;
        if (i == gcol || i == scol)
            continue;
        fd = OGR_Fld_Create(name, column_type(seen[i]));
        if (in_list(o->bool_columns, name)) {
            OGR_Fld_SetType(fd, OFTInteger);
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        }
        rc = OGR_L_CreateField(layer, fd, 1);
        OGR_Fld_Destroy(fd);
        if (rc != OGRERR_NONE) {
            gis_error_set(err, "cannot create field '%s' in '%s': %s", name,
                          path, gis_ogr_last_error());
            goto done;
        }
        field_of[i] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), name);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        for (i = 0; i < ncol; i++) {
            if (i == scol) {
                if (sqlite3_column_type(st, i) == SQLITE_TEXT)
                    OGR_F_SetStyleString(
                        f, (const char *)sqlite3_column_text(st, i));
                continue;
            }
            if (i != gcol) {
                set_field(f, field_of[i], st, i);
                continue;
            }
            if (sqlite3_column_type(st, i) == SQLITE_BLOB) {
                OGRGeometryH g = NULL;
                if (OGR_G_CreateFromWkb(sqlite3_column_blob(st, i), wgs84, &g,
                                        sqlite3_column_bytes(st, i)) !=
                    OGRERR_NONE) {
                    gis_error_set(err, "row %ld: column '%s' is not WKB",
                                  *count + 1, geom_col);
                    goto done;
                }
                OGR_F_SetGeometryDirectly(f, g);
            }
        }
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE) {
            gis_error_set(err, "cannot write feature %ld to '%s': %s",
                          *count + 1, path, gis_ogr_last_error());
            goto done;
        }
        OGR_F_Destroy(f);
        f = NULL;
        (*count)++;
    }
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "database error: %s",
                      sqlite3_errmsg(sqlite3_db_handle(st)));
        goto done;
    }
    ret = 0;
done:
    if (f)
        OGR_F_Destroy(f);
    sqlite3_reset(st);
    free(seen);
    free(field_of);
    return ret;
}

int gis_write_layers(sqlite3_stmt *const *sts, const gis_write_opts *opts,
                     int n, const char *path, long *counts, gis_error *err) {
    GDALDriverH drv;
    GDALDatasetH ds = NULL;
    OGRSpatialReferenceH wgs84 = NULL;
    int ret = 1;

    gis_ogr_init();
    drv = GDALGetDriverByName(opts[0].driver);
    if (!drv) {
        gis_error_set(err, "no OGR driver '%s'", opts[0].driver);
        return 1;
    }
    unlink(path);
    CPLErrorReset();
    ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    wgs84 = gis_ogr_wgs84();
    if (!ds || !wgs84) {
        gis_error_set(err, "cannot create '%s': %s", path,
                      gis_ogr_last_error());
        goto done;
    }
    for (int i = 0; i < n; i++)
        if (write_layer(ds, wgs84, sts[i], &opts[i], path, &counts[i], err))
            goto done;
    ret = 0;
done:
    if (ds) {
        CPLErrorReset();
        GDALClose(ds); /* flushes the file: a late failure shows here */
        if (CPLGetLastErrorType() >= CE_Failure && ret == 0) {
            gis_error_set(err, "cannot finish '%s': %s", path,
                          gis_ogr_last_error());
            ret = 1;
        }
    }
    if (wgs84)
        OSRDestroySpatialReference(wgs84);
    return ret;
}

int gis_write_query(sqlite3_stmt *st, const char *path, const gis_write_opts *o,
                    long *count, gis_error *err) {
    *count = 0;
    return gis_write_layers(&st, o, 1, path, count, err);
}
