/*
 * test_partition.c: the weighted partition on the real 30-site case (the
 * reason it exists) and on small synthetic ones, with real GDAL/GEOS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gis_partition.h"

typedef struct named_site {
    const char *code, *name;
    gis_site site;
} named_site;

/* Centres and recorded areas of the 30 cells; together about 565 km². */
static const named_site real_sites[] = {
    {"05761", "Hùng Sơn", {105.6497, 21.6386, 14.03}},
    {"05764", "Quân Chu(tt)", {105.7194, 21.4938, 6.96}},
    {"05767", "Phúc Lương", {105.6169, 21.7488, 22.9}},
    {"05770", "Minh Tiến", {105.5485, 21.7418, 22.64}},
    {"05773", "Yên Lãng", {105.5081, 21.6877, 39.36}},
    {"05776", "Đức Lương", {105.6048, 21.7192, 14.15}},
    {"05779", "Phú Cường", {105.563, 21.7101, 16.87}},
    {"05782", "Na Mao", {105.5439, 21.6977, 8.93}},
    {"05785", "Phú Lạc", {105.6175, 21.6949, 20.96}},
    {"05788", "Tân Linh", {105.6569, 21.684, 23.12}},
    {"05791", "Phú Thịnh", {105.579, 21.6765, 9.62}},
    {"05794", "Phục Linh", {105.6949, 21.6652, 13.06}},
    {"05797", "Phú Xuyên", {105.5364, 21.6547, 23.07}},
    {"05800", "Bản Ngoại", {105.6044, 21.6605, 12.04}},
    {"05803", "Tiên Hội", {105.6189, 21.6458, 11.02}},
    {"05809", "Cù Vân", {105.7247, 21.6327, 15.46}},
    {"05812", "Hà Thượng", {105.6888, 21.6385, 15.15}},
    {"05815", "La Bằng", {105.5363, 21.6272, 22.15}},
    {"05818", "Hoàng Nông", {105.5582, 21.6089, 27.65}},
    {"05821", "Khôi Kỳ", {105.6033, 21.6171, 13.21}},
    {"05824", "An Khánh", {105.7534, 21.6118, 13.97}},
    {"05827", "Tân Thái", {105.6898, 21.6039, 19.42}},
    {"05830", "Bình Thuận", {105.6381, 21.6101, 9.61}},
    {"05833", "Lục Ba", {105.6461, 21.5924, 13.68}},
    {"05836", "Mỹ Yên", {105.5863, 21.5738, 33.6}},
    {"05839", "Vạn Thọ", {105.6715, 21.5726, 8.59}},
    {"05842", "Văn Yên", {105.621, 21.5509, 24.46}},
    {"05845", "Ký Phú", {105.6422, 21.5377, 18.61}},
    {"05848", "Cát Nê", {105.6722, 21.5164, 29.12}},
    {"05851", "Quân Chu(xa)", {105.6816, 21.4753, 42.67}},
};
#define NREAL ((int)(sizeof real_sites / sizeof real_sites[0]))
#define MAXN 64

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_vertices(OGRGeometryH g) {
    int nparts = OGR_G_GetGeometryCount(g), v = 0;
    if (nparts == 0)
        return OGR_G_GetPointCount(g);
    for (int k = 0; k < nparts; k++)
        v += count_vertices(OGR_G_GetGeometryRef(g, k));
    return v;
}

/* Area in km² in a Lambert azimuthal equal-area projection centred on the
 * cells: independent of the geodesic code the partition uses. */
static double laea_km2(OGRGeometryH poly, double lon0, double lat0) {
    char def[128];
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OGRSpatialReferenceH laea = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct;
    OGRGeometryH copy = OGR_G_Clone(poly);
    double km2;

    snprintf(def, sizeof def,
             "+proj=laea +lat_0=%g +lon_0=%g +ellps=WGS84 +units=m", lat0,
             lon0);
    assert_int_equal(OSRImportFromEPSG(wgs, 4326), OGRERR_NONE);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    assert_int_equal(OSRImportFromProj4(laea, def), OGRERR_NONE);
    ct = OCTNewCoordinateTransformation(wgs, laea);
    assert_non_null(ct);
    assert_int_equal(OGR_G_Transform(copy, ct), OGRERR_NONE);
    km2 = OGR_G_Area(copy) / 1e6;
    OGR_G_DestroyGeometry(copy);
    OCTDestroyCoordinateTransformation(ct);
    OSRRelease(laea);
    OSRRelease(wgs);
    return km2;
}

/* The properties every partition must have, whatever the fit. */
static void check_cells(const gis_site *sites, int n, OGRGeometryH *polys,
                        const double *km2) {
    for (int i = 0; i < n; i++) {
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        double measured;
        assert_non_null(pt);
        assert_non_null(polys[i]);
        assert_int_equal(wkbFlatten(OGR_G_GetGeometryType(polys[i])),
                         wkbMultiPolygon);
        assert_true(OGR_G_IsValid(polys[i]));
        OGR_G_SetPoint_2D(pt, 0, sites[i].lon, sites[i].lat);
        if (!OGR_G_Contains(polys[i], pt))
            fail_msg("cell %d does not contain its site", i);
        OGR_G_DestroyGeometry(pt);
        /* The reported area is that of the polygon handed back. */
        measured = laea_km2(polys[i], sites[i].lon, sites[i].lat);
        if (fabs(km2[i] / measured - 1.0) > 1e-3)
            fail_msg("cell %d: reported %.4f km² but measures %.4f", i, km2[i],
                     measured);
    }
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            OGRGeometryH x = OGR_G_Intersection(polys[i], polys[j]);
            OGRwkbGeometryType t;
            double a = 0.0;
            assert_non_null(x);
            /* Neighbours share edges, so lines and points are expected. */
            t = wkbFlatten(OGR_G_GetGeometryType(x));
            if (t == wkbPolygon || t == wkbMultiPolygon ||
                t == wkbGeometryCollection)
                a = OGR_G_Area(x);
            OGR_G_DestroyGeometry(x);
            if (a > 1e-9)
                fail_msg("cells %d and %d overlap by %g deg²", i, j, a);
        }
    }
}

/* The cells' union: one piece of land without holes. */
static void check_outline(OGRGeometryH *polys, int n) {
    OGRGeometryH all = OGR_G_CreateGeometry(wkbMultiPolygon), outline;
    int holes = 0;

    assert_non_null(all);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < OGR_G_GetGeometryCount(polys[i]); k++)
            assert_int_equal(
                OGR_G_AddGeometry(all, OGR_G_GetGeometryRef(polys[i], k)),
                OGRERR_NONE);
    outline = OGR_G_UnionCascaded(all);
    assert_non_null(outline);
    if (wkbFlatten(OGR_G_GetGeometryType(outline)) == wkbPolygon) {
        holes = OGR_G_GetGeometryCount(outline) - 1;
    } else {
        for (int k = 0; k < OGR_G_GetGeometryCount(outline); k++)
            holes +=
                OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(outline, k)) - 1;
    }
    if (holes != 0)
        fail_msg("the outline has %d hole(s)", holes);
    /* Cells do not overlap, so the union has the sum of their areas. */
    assert_true(fabs(OGR_G_Area(outline) - OGR_G_Area(all)) <=
                1e-9 + 1e-6 * OGR_G_Area(all));
    OGR_G_DestroyGeometry(outline);
    OGR_G_DestroyGeometry(all);
}

static void free_cells(OGRGeometryH *polys, int n) {
    for (int i = 0; i < n; i++)
        OGR_G_DestroyGeometry(polys[i]);
}

static void test_real_case(void **state) {
    gis_site sites[MAXN];
    OGRGeometryH polys[MAXN];
    double km2[MAXN], total = 0.0, target = 0.0, worst = 0.0, sum_err = 0.0;
    double t0, t1;
    int within = 0, vmin = 1 << 30, vmax = 0, vsum = 0, parts_max = 0;
    gis_error err = {{0}};
    (void)state;

    for (int i = 0; i < NREAL; i++)
        sites[i] = real_sites[i].site;
    t0 = now_s();
    if (gis_partition_weighted(sites, NREAL, NULL, polys, km2, &err) != 0)
        fail_msg("partition failed: %s", err.msg);
    t1 = now_s();
    check_cells(sites, NREAL, polys, km2);
    check_outline(polys, NREAL);
    for (int i = 0; i < NREAL; i++) {
        double rel = km2[i] / sites[i].target_km2 - 1.0;
        int v = count_vertices(polys[i]);
        int parts = OGR_G_GetGeometryCount(polys[i]);
        /* One connected region makes one polygon. */
        assert_int_equal(parts, 1);
        total += km2[i];
        target += sites[i].target_km2;
        worst = fmax(worst, fabs(rel));
        sum_err += fabs(rel);
        within += fabs(rel) <= 0.20;
        vmin = v < vmin ? v : vmin;
        vmax = v > vmax ? v : vmax;
        vsum += v;
        parts_max = parts > parts_max ? parts : parts_max;
        print_message("  %s %-14s target %6.2f got %6.2f (%+5.1f%%) "
                      "%d part(s) %d vertices\n",
                      real_sites[i].code, real_sites[i].name,
                      sites[i].target_km2, km2[i], 100 * rel, parts, v);
    }
    print_message("  total %.2f km² (targets %.2f), mean |err| %.2f%%, "
                  "max |err| %.2f%%, %d/%d within 20%%\n",
                  total, target, 100 * sum_err / NREAL, 100 * worst, within,
                  NREAL);
    print_message("  vertices per cell %d..%d (mean %d), at most %d part(s); "
                  "%.3f s\n",
                  vmin, vmax, vsum / NREAL, parts_max, t1 - t0);
    assert_true(within >= 25);
    assert_true(fabs(total - 565.0) <= 0.10 * 565.0);
    /* What the fit achieves on this data (1% on the raster, plus the
     * difference between pixel and geodesic areas), with some slack: a
     * regression in the fit shows here long before the bounds above. */
    assert_true(worst <= 0.03);
    free_cells(polys, NREAL);
}

/* A coarser raster and explicit options go through the same path. */
static void test_real_case_coarse(void **state) {
    gis_site sites[MAXN];
    OGRGeometryH polys[MAXN];
    double km2[MAXN], total = 0.0;
    gis_partition_opts opts = {0.002, 0.05, 40};
    gis_error err = {{0}};
    int within = 0;
    (void)state;

    for (int i = 0; i < NREAL; i++)
        sites[i] = real_sites[i].site;
    if (gis_partition_weighted(sites, NREAL, &opts, polys, km2, &err) != 0)
        fail_msg("partition failed: %s", err.msg);
    check_cells(sites, NREAL, polys, km2);
    check_outline(polys, NREAL);
    for (int i = 0; i < NREAL; i++) {
        total += km2[i];
        within += fabs(km2[i] / sites[i].target_km2 - 1.0) <= 0.20;
    }
    assert_true(within >= 25);
    assert_true(fabs(total - 565.0) <= 0.10 * 565.0);
    free_cells(polys, NREAL);
}

static void test_three_sites(void **state) {
    const gis_site sites[] = {
        {10.00, 45.00, 40.0},
        {10.08, 45.00, 10.0},
        {10.03, 45.06, 25.0},
    };
    OGRGeometryH polys[3];
    double km2[3];
    gis_error err = {{0}};
    (void)state;

    if (gis_partition_weighted(sites, 3, NULL, polys, km2, &err) != 0)
        fail_msg("partition failed: %s", err.msg);
    check_cells(sites, 3, polys, km2);
    for (int i = 0; i < 3; i++) {
        /* Few sites leave no excuse for a poor fit. */
        if (fabs(km2[i] / sites[i].target_km2 - 1.0) > 0.05)
            fail_msg("cell %d: %.2f km² for a target of %.2f", i, km2[i],
                     sites[i].target_km2);
        assert_int_equal(OGR_G_GetGeometryCount(polys[i]), 1);
    }
    free_cells(polys, 3);
}

/* A small site close to a large one ends up as an island in the large
 * cell, whose area must then leave out the hole. */
static void test_enclosed_site(void **state) {
    const gis_site sites[] = {
        {20.00, 10.00, 60.0},
        {20.01, 10.00, 3.0},
    };
    OGRGeometryH polys[2];
    double km2[2];
    gis_error err = {{0}};
    (void)state;

    if (gis_partition_weighted(sites, 2, NULL, polys, km2, &err) != 0)
        fail_msg("partition failed: %s", err.msg);
    check_cells(sites, 2, polys, km2);
    assert_int_equal(OGR_G_GetGeometryCount(polys[0]), 1);
    assert_int_equal(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(polys[0], 0)),
                     2);
    for (int i = 0; i < 2; i++)
        if (fabs(km2[i] / sites[i].target_km2 - 1.0) > 0.02)
            fail_msg("cell %d: %.2f km² for a target of %.2f", i, km2[i],
                     sites[i].target_km2);
    free_cells(polys, 2);
}

/* One site: its cell is the outline, a disc of the target area. */
static void test_one_site(void **state) {
    const gis_site site = {-70.0, -33.0, 12.0};
    OGRGeometryH poly;
    double km2;
    gis_error err = {{0}};
    (void)state;

    if (gis_partition_weighted(&site, 1, NULL, &poly, &km2, &err) != 0)
        fail_msg("partition failed: %s", err.msg);
    check_cells(&site, 1, &poly, &km2);
    assert_true(fabs(km2 / 12.0 - 1.0) < 0.02);
    free_cells(&poly, 1);
}

static void test_errors(void **state) {
    const gis_site sites[] = {{105.6, 21.6, 10.0}, {105.6001, 21.6, 12.0}};
    const gis_site bad_area[] = {{105.6, 21.6, 10.0}, {105.7, 21.6, -1.0}};
    const gis_site bad_lon[] = {{NAN, 21.6, 10.0}};
    const gis_partition_opts bad_opts = {-0.001, 0.0, 0};
    const gis_partition_opts huge = {0.00001, 5.0, 0};
    OGRGeometryH polys[2] = {NULL, NULL};
    double km2[2];
    gis_error err;
    (void)state;

#define EXPECT_FAILURE(call)                                                   \
    do {                                                                       \
        memset(&err, 0, sizeof err);                                           \
        assert_int_not_equal((call), 0);                                       \
        assert_true(err.msg[0] != '\0');                                       \
        assert_null(polys[0]);                                                 \
        assert_null(polys[1]);                                                 \
    } while (0)

    EXPECT_FAILURE(gis_partition_weighted(NULL, 2, NULL, polys, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(sites, 0, NULL, polys, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(sites, -3, NULL, polys, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(sites, 2, NULL, NULL, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(bad_area, 2, NULL, polys, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(bad_lon, 1, NULL, polys, km2, &err));
    EXPECT_FAILURE(
        gis_partition_weighted(sites, 2, &bad_opts, polys, km2, &err));
    EXPECT_FAILURE(gis_partition_weighted(sites, 2, &huge, polys, km2, &err));
    /* 0.0001° apart: both in one 0.0005° raster cell. */
    EXPECT_FAILURE(gis_partition_weighted(sites, 2, NULL, polys, km2, &err));
    assert_non_null(strstr(err.msg, "share a raster cell"));
    {
        /* A margin too narrow for the outline would clip it. */
        gis_site all[MAXN];
        OGRGeometryH many[MAXN] = {NULL};
        double many_km2[MAXN];
        const gis_partition_opts narrow = {0.001, 0.005, 0};
        for (int i = 0; i < NREAL; i++)
            all[i] = real_sites[i].site;
        memset(&err, 0, sizeof err);
        assert_int_not_equal(
            gis_partition_weighted(all, NREAL, &narrow, many, many_km2, &err),
            0);
        assert_non_null(strstr(err.msg, "margin"));
        for (int i = 0; i < NREAL; i++)
            assert_null(many[i]);
    }
    /* Without a gis_error the failure is still reported. */
    assert_int_not_equal(
        gis_partition_weighted(NULL, 1, NULL, polys, km2, NULL), 0);
#undef EXPECT_FAILURE
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_case),
        cmocka_unit_test(test_real_case_coarse),
        cmocka_unit_test(test_three_sites),
        cmocka_unit_test(test_enclosed_site),
        cmocka_unit_test(test_one_site),
        cmocka_unit_test(test_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    /* GDAL keeps its drivers until told otherwise; ASan would count them. */
    GDALDestroyDriverManager();
    return rc;
}
