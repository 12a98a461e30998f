/*
 * gis_geom.c: parsing through OGR (WKT and GeoJSON), lengths through
 * PROJ's geodesic API, so no geodesy of our own is needed.
 */
#include "gis_geom.h"

#include <cpl_error.h>
#include <ctype.h>
#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis_ogr.h"

static const struct geod_geodesic *wgs84_geod(void) {
    static struct geod_geodesic g;
    static int ready;
    if (!ready) {
        geod_init(&g, 6378137.0, 1 / 298.257223563);
        ready = 1;
    }
    return &g;
}

int gis_geom_parse(const char *text, OGRGeometryH *out, gis_error *err) {
    const char *p = text;
    OGRGeometryH g = NULL;

    *out = NULL;
    gis_ogr_init();
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0') {
        gis_error_set(err, "empty geometry");
        return 1;
    }
    CPLErrorReset();
    if (*p == '{') {
        g = OGR_G_CreateGeometryFromJson(p);
        if (!g) {
            gis_error_set(err, "not a GeoJSON geometry: %s",
                          *gis_ogr_last_error() ? gis_ogr_last_error()
                                                : "cannot parse it");
            return 1;
        }
    } else {
        char *wkt = (char *)p;
        if (OGR_G_CreateFromWkt(&wkt, NULL, &g) != OGRERR_NONE || !g) {
            gis_error_set(err, "not WKT or GeoJSON: '%.60s'", p);
            return 1;
        }
    }
    *out = g;
    return 0;
}

static double line_length(const struct geod_geodesic *geod, OGRGeometryH g) {
    double len = 0, s12;
    int i, n = OGR_G_GetPointCount(g);
    for (i = 1; i < n; i++) {
        geod_inverse(geod, OGR_G_GetY(g, i - 1), OGR_G_GetX(g, i - 1),
                     OGR_G_GetY(g, i), OGR_G_GetX(g, i), &s12, NULL, NULL);
        len += s12;
    }
    return len;
}

double gis_geodesic_length_m(OGRGeometryH g) {
    int i, n = OGR_G_GetGeometryCount(g);
    double len = 0;
    if (n == 0)
        return line_length(wgs84_geod(), g);
    for (i = 0; i < n; i++)
        len += gis_geodesic_length_m(OGR_G_GetGeometryRef(g, i));
    return len;
}

double gis_geodesic_distance_m(double lon1, double lat1, double lon2,
                               double lat2) {
    double s12;
    geod_inverse(wgs84_geod(), lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

int gis_geom_wkb(OGRGeometryH g, unsigned char **wkb, size_t *len) {
    int n = OGR_G_WkbSize(g);
    *wkb = malloc(n > 0 ? (size_t)n : 1);
    if (!*wkb)
        return 1;
    if (OGR_G_ExportToIsoWkb(g, wkbNDR, *wkb) != OGRERR_NONE) {
        free(*wkb);
        *wkb = NULL;
        return 1;
    }
    *len = (size_t)n;
    return 0;
}

/* One ring's signed area; geod_polygonarea closes the ring itself, so a
 * repeated closing vertex is left out. */
static double ring_area(const struct geod_geodesic *geod, OGRGeometryH ring) {
    int i, n = OGR_G_GetPointCount(ring);
    double area = 0, perimeter = 0, *lat, *lon;
    if (n > 1 && OGR_G_GetX(ring, 0) == OGR_G_GetX(ring, n - 1) &&
        OGR_G_GetY(ring, 0) == OGR_G_GetY(ring, n - 1))
        n--;
    if (n < 3)
        return 0;
    lat = malloc(sizeof *lat * (size_t)n);
    lon = malloc(sizeof *lon * (size_t)n);
    if (lat && lon) {
        for (i = 0; i < n; i++) {
            lat[i] = OGR_G_GetY(ring, i);
            lon[i] = OGR_G_GetX(ring, i);
        }
        geod_polygonarea(geod, lat, lon, n, &area, &perimeter);
    }
    free(lat);
    free(lon);
    return fabs(area);
}

double gis_geodesic_area_m2(OGRGeometryH g) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int i, n = OGR_G_GetGeometryCount(g);
    double area = 0;
    if (t == wkbPolygon) {
        /* The outer ring less its holes. */
        for (i = 0; i < n; i++)
            area += (i ? -1 : 1) *
                    ring_area(wgs84_geod(), OGR_G_GetGeometryRef(g, i));
        return area > 0 ? area : 0;
    }
    if (t == wkbMultiPolygon || t == wkbGeometryCollection)
        for (i = 0; i < n; i++)
            area += gis_geodesic_area_m2(OGR_G_GetGeometryRef(g, i));
    return area;
}
