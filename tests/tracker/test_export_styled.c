/*
 * test_export_styled.c: the styled KML and GeoPackage exports, read back
 * through GDAL, with their styles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <string.h>

#include "gis_ogr.h"
#include "layers_db.h"
#include "trk_export.h"
#include "trk_sample.h"

static int sample_setup(void **state) {
    gis_error err;
    int n;
    if (layers_db_setup(state))
        return -1;
    if (trk_sample_load(*state, NULL, &n, &err)) {
        fprintf(stderr, "sample: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* Features per layer as GDAL reads them back. */
static void expect_layers(const char *path, const char *driver) {
    static const char *const names[] = {"units_2022", "communes_2025",
                                        "works_points", "works_lines"};
    static const int counts[] = {30, 10, 10, 5};
    GDALDatasetH ds;
    gis_ogr_init();
    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    assert_string_equal(GDALGetDriverShortName(GDALGetDatasetDriver(ds)),
                        driver);
    for (int i = 0; i < 4; i++) {
        OGRLayerH l = GDALDatasetGetLayerByName(ds, names[i]);
        assert_non_null(l);
        assert_int_equal(OGR_L_GetFeatureCount(l, 1), counts[i]);
    }
    GDALClose(ds);
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    static char buf[1 << 21];
    size_t n;
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_kml(void **state) {
    char path[300];
    gis_error err;
    const char *kml;
    snprintf(path, sizeof path, "%s/works.kml", layers_db_dir);
    assert_int_equal(trk_export_kml(*state, path, NULL, NULL, &err), 0);
    expect_layers(path, "LIBKML");
    kml = slurp(path);
    /* A document per layer, styles from the style strings. */
    assert_non_null(strstr(kml, "<Document id=\"works_points\">"));
    assert_non_null(strstr(kml, "<Document id=\"units_2022\">"));
    assert_non_null(strstr(kml, "<Style"));
    assert_non_null(strstr(kml, "<IconStyle>"));
    assert_non_null(strstr(kml, "<LineStyle>"));
    assert_non_null(strstr(kml, "<PolyStyle>"));
    assert_non_null(strstr(kml, "minh họa"));
    unlink(path);
}

static void test_gpkg_with_qgis_styles(void **state) {
    char path[300];
    gis_error err;
    gis_db *g = NULL;
    snprintf(path, sizeof path, "%s/works.gpkg", layers_db_dir);
    assert_int_equal(trk_export_gpkg(*state, path, NULL, NULL, &err), 0);
    expect_layers(path, "GPKG");
    assert_int_equal(gis_db_open(&g, path, GIS_DB_READONLY, &err), 0);
    assert_int_equal(gis_db_int(g, 0,
                                "SELECT count(*) FROM layer_styles WHERE"
                                " useAsDefault AND f_geometry_column ="
                                " 'geom' AND styleQML LIKE '<!DOCTYPE qgis%'"
                                " AND f_table_name IN (SELECT table_name FROM"
                                " gpkg_contents WHERE data_type ="
                                " 'features')",
                                NULL),
                     4);
    /* Works categorized by their category field, one class per
     * category, labelled in Vietnamese. */
    assert_int_equal(gis_db_int(g, 0,
                                "SELECT count(*) FROM layer_styles WHERE"
                                " f_table_name = 'works_points' AND styleQML"
                                " LIKE '%categorizedSymbol%attr=\"category\"%'"
                                " AND styleQML LIKE '%label=\"Trạm y tế xã\"%'",
                                NULL),
                     1);
    assert_int_equal(gis_db_int(g, 0,
                                "SELECT count(*) FROM gpkg_contents WHERE"
                                " table_name = 'layer_styles' AND data_type ="
                                " 'attributes'",
                                NULL),
                     1);
    gis_db_close(g);
    unlink(path);
}

static void test_unwritable(void **state) {
    gis_error err;
    assert_int_not_equal(
        trk_export_gpkg(*state, "/nonexistent/dir/x.gpkg", NULL, NULL, &err),
        0);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/x.gpkg"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kml),
        cmocka_unit_test(test_gpkg_with_qgis_styles),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests(tests, sample_setup, layers_db_teardown);
}
