/*
 * gis_reader.c: a thin row iterator over OGR layers.  Reprojection goes
 * through OGR's coordinate transformation, i.e. PROJ, with the target
 * forced to lon/lat order (GDAL 3 otherwise follows EPSG's lat/lon).
 */
#include "gis_reader.h"

#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gis_ogr.h"

struct gis_reader {
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRFeatureH feature;
    OGRCoordinateTransformationH to_wgs84;
    OGRGeometryH geom;
    long row;
    int is_csv;
    char driver[32];
    char where[64];
    char crs[128];
};

int gis_reader_open(gis_reader **out, const char *path, const char *layer,
                    gis_error *err) {
    gis_reader *r;
    OGRSpatialReferenceH src, wgs84 = NULL;
    const char *auth;

    *out = NULL;
    gis_ogr_init();
    r = calloc(1, sizeof *r);
    if (!r) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    CPLErrorReset();
    r->ds = GDALOpenEx(
        path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, NULL,
        NULL, NULL);
    if (!r->ds) {
        gis_error_set(err, "cannot open '%s': %s", path,
                      *gis_ogr_last_error() ? gis_ogr_last_error()
                                            : "not a readable vector source");
        goto fail;
    }
    r->layer = layer ? GDALDatasetGetLayerByName(r->ds, layer)
                     : GDALDatasetGetLayer(r->ds, 0);
    if (!r->layer) {
        gis_error_set(err, "cannot open '%s': no layer %s%s%s", path,
                      layer ? "'" : "", layer ? layer : "in it",
                      layer ? "'" : "");
        goto fail;
    }
    r->defn = OGR_L_GetLayerDefn(r->layer);
    snprintf(r->driver, sizeof r->driver, "%s",
             GDALGetDriverShortName(GDALGetDatasetDriver(r->ds)));
    r->is_csv = !strcasecmp(r->driver, "CSV");
    src = OGR_L_GetSpatialRef(r->layer);
    if (src) {
        auth = OSRGetAuthorityCode(src, NULL);
        if (auth && OSRGetAuthorityName(src, NULL))
            snprintf(r->crs, sizeof r->crs, "%s:%s",
                     OSRGetAuthorityName(src, NULL), auth);
        else
            snprintf(r->crs, sizeof r->crs, "%s", OSRGetName(src));
        wgs84 = gis_ogr_wgs84();
        if (!wgs84) {
            gis_error_set(err, "cannot build EPSG:4326: %s",
                          gis_ogr_last_error());
            goto fail;
        }
        r->to_wgs84 = OCTNewCoordinateTransformation(src, wgs84);
        OSRDestroySpatialReference(wgs84);
        if (!r->to_wgs84) {
            gis_error_set(err, "cannot transform '%s' from %s to WGS 84: %s",
                          path, r->crs, gis_ogr_last_error());
            goto fail;
        }
    }
    OGR_L_ResetReading(r->layer);
    *out = r;
    return 0;
fail:
    gis_reader_close(r);
    return 1;
}

void gis_reader_close(gis_reader *r) {
    if (!r)
        return;
    if (r->geom)
        OGR_G_DestroyGeometry(r->geom);
    if (r->feature)
        OGR_F_Destroy(r->feature);
    if (r->to_wgs84)
        OCTDestroyCoordinateTransformation(r->to_wgs84);
    if (r->ds)
        GDALClose(r->ds);
    free(r);
}

int gis_reader_field_count(const gis_reader *r) {
    return OGR_FD_GetFieldCount(r->defn);
}

const char *gis_reader_field_name(const gis_reader *r, int i) {
    return OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(r->defn, i));
}

int gis_reader_field_index(const gis_reader *r, const char *name) {
    int i, n = gis_reader_field_count(r);
    for (i = 0; i < n; i++)
        if (!strcmp(gis_reader_field_name(r, i), name))
            return i;
    for (i = 0; i < n; i++)
        if (!strcasecmp(gis_reader_field_name(r, i), name))
            return i;
    return -1;
}

int gis_reader_next(gis_reader *r, gis_error *err) {
    OGRGeometryH g;

    if (r->geom) {
        OGR_G_DestroyGeometry(r->geom);
        r->geom = NULL;
    }
    if (r->feature)
        OGR_F_Destroy(r->feature);
    CPLErrorReset();
    r->feature = OGR_L_GetNextFeature(r->layer);
    if (!r->feature) {
        if (CPLGetLastErrorType() >= CE_Failure) {
            gis_error_set(err, "read error after %s: %s", r->where,
                          gis_ogr_last_error());
            return -1;
        }
        return 0;
    }
    r->row++;
    /* CSV rows are counted from the file's first line, the header. */
    snprintf(r->where, sizeof r->where, r->is_csv ? "line %ld" : "feature %ld",
             r->is_csv ? r->row + 1 : r->row);
    g = OGR_F_GetGeometryRef(r->feature);
    if (g) {
        r->geom = OGR_G_Clone(g);
        if (r->to_wgs84 &&
            OGR_G_Transform(r->geom, r->to_wgs84) != OGRERR_NONE) {
            gis_error_set(err,
                          "%s: cannot transform its geometry from %s "
                          "to WGS 84: %s",
                          r->where, r->crs, gis_ogr_last_error());
            return -1;
        }
    }
    return 1;
}

const char *gis_reader_text(gis_reader *r, int field) {
    if (!r->feature || field < 0 || field >= gis_reader_field_count(r) ||
        !OGR_F_IsFieldSetAndNotNull(r->feature, field))
        return "";
    return OGR_F_GetFieldAsString(r->feature, field);
}

OGRGeometryH gis_reader_geometry(gis_reader *r) { return r->geom; }

const char *gis_reader_where(gis_reader *r) { return r->where; }

const char *gis_reader_crs(const gis_reader *r) { return r->crs; }

const char *gis_reader_driver(const gis_reader *r) { return r->driver; }

int gis_reader_layers(const char *path, char ***names, gis_error *err) {
    GDALDatasetH ds;
    int i, n;

    *names = NULL;
    gis_ogr_init();
    CPLErrorReset();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        gis_error_set(err, "cannot open '%s': %s", path,
                      *gis_ogr_last_error() ? gis_ogr_last_error()
                                            : "not a readable vector source");
        return 1;
    }
    n = GDALDatasetGetLayerCount(ds);
    *names = calloc((size_t)n + 1, sizeof **names);
    for (i = 0; *names && i < n; i++)
        (*names)[i] = strdup(OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    GDALClose(ds);
    if (!*names) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    return 0;
}

void gis_reader_free_layers(char **names) {
    if (!names)
        return;
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}

long gis_reader_count(gis_reader *r) {
    GIntBig n = OGR_L_GetFeatureCount(r->layer, TRUE);
    OGR_L_ResetReading(r->layer);
    return n < 0 ? -1 : (long)n;
}
