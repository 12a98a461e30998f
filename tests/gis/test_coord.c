/*
 * test_coord.c: every form gis_coord_parse reads, the VN-2000 datum shift
 * through EPSG:6960 against a published-parameter reference value, round
 * trips to under a millimetre, and the messages for bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gis_coord.h"
#include "gis_geom.h"

/* 1e-9 degrees is about 0.1 mm; parsing text adds no more than rounding. */
#define EXACT 1e-9

/* The point used throughout: WGS84 lon 105.64, lat 21.63, whose
 * VN-2000 / TM-3 106-30 (EPSG:9213) coordinates are E 410777.33,
 * N 2392947.91 (PROJ's cs2cs with EPSG:6960, to 1 cm). */
#define LON 105.64
#define LAT 21.63

static void assert_parsed(const char *text, const char *crs, double lon,
                          double lat, double tol, const char *want_crs,
                          const char *want_form) {
    gis_coord c;
    gis_error err = {{0}};
    int rc = gis_coord_parse(text, crs, &c, &err);
    if (rc)
        print_error("'%s' in %s: %s\n", text, crs ? crs : "(none)", err.msg);
    assert_int_equal(rc, 0);
    if (fabs(c.lon - lon) > tol || fabs(c.lat - lat) > tol)
        print_error("'%s': got %.10f %.10f, want %.10f %.10f\n", text, c.lon,
                    c.lat, lon, lat);
    assert_true(fabs(c.lon - lon) <= tol);
    assert_true(fabs(c.lat - lat) <= tol);
    assert_string_equal(c.crs, want_crs);
    assert_string_equal(c.form, want_form);
}

static void assert_rejected(const char *text, const char *crs,
                            const char *want_in_msg) {
    gis_coord c;
    gis_error err = {{0}};
    assert_int_not_equal(gis_coord_parse(text, crs, &c, &err), 0);
    if (!strstr(err.msg, want_in_msg))
        print_error("'%s': message '%s' lacks '%s'\n", text, err.msg,
                    want_in_msg);
    assert_non_null(strstr(err.msg, want_in_msg));
}

static void test_decimal_lonlat(void **state) {
    (void)state;
    assert_parsed("105.64 21.63", NULL, LON, LAT, EXACT, "EPSG:4326", "lonlat");
    assert_parsed("105.64, 21.63", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "lonlat");
    assert_parsed("  105.64 ;21.63 ", "", LON, LAT, EXACT, "EPSG:4326",
                  "lonlat");
    /* Outside Vietnam but valid: taken as lon/lat. */
    assert_parsed("-3.7 40.4", NULL, -3.7, 40.4, EXACT, "EPSG:4326", "lonlat");
    assert_parsed("95 10", NULL, 95, 10, EXACT, "EPSG:4326", "lonlat");
}

static void test_decimal_latlon(void **state) {
    (void)state;
    assert_parsed("21.63, 105.64", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "latlon");
    assert_parsed("21.63 105.64", NULL, LON, LAT, EXACT, "EPSG:4326", "latlon");
    /* Hemisphere letters and degree marks, no minutes: still decimal. */
    assert_parsed("21.63°N 105.64°E", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "latlon");
    assert_parsed("E105.64 N21.63", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "lonlat");
}

static void test_dms(void **state) {
    (void)state;
    assert_parsed("21°37'48\"N 105°38'24\"E", NULL, LON, LAT, EXACT,
                  "EPSG:4326", "dms");
    assert_parsed("21 37 48 N, 105 38 24 E", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    assert_parsed("N21°37.8' E105°38.4'", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    /* Typographic marks: prime/double prime and curly quotes. */
    assert_parsed("21°37′48″N 105°38′24″E", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    assert_parsed("21°37’48”N 105°38’24”E", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    /* Two apostrophes for seconds, º for degrees, longitude first. */
    assert_parsed("105º38'24''E 21º37'48''N", NULL, LON, LAT, EXACT,
                  "EPSG:4326", "dms");
    /* No hemisphere letters: the order is told by the ranges. */
    assert_parsed("21°37'48\" 105°38'24\"", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    assert_parsed("21 37 48 105 38 24", NULL, LON, LAT, EXACT, "EPSG:4326",
                  "dms");
    /* S and W negate. */
    assert_parsed("21°37'48\"S 105°38'24\"W", NULL, -LON, -LAT, EXACT,
                  "EPSG:4326", "dms");
    assert_parsed("S 21 37.8, W 105 38.4", NULL, -LON, -LAT, EXACT, "EPSG:4326",
                  "dms");
}

/* The same numbers read as VN-2000 and as WGS84 are 100 to 400 m apart:
 * the datum shift is applied, and it is EPSG:6960's. */
static void test_vn2000_geographic(void **state) {
    gis_coord vn, wgs;
    gis_error err;
    double d;
    char op[256];
    (void)state;
    /* cs2cs EPSG:4756 EPSG:4326 (through EPSG:6960) gives these. */
    assert_parsed("105.64 21.63", "VN2000", 105.641890903, 21.629019058, 1e-8,
                  "EPSG:4756", "lonlat");
    assert_parsed("21°37'48\"N 105°38'24\"E", "EPSG:4756", 105.641890903,
                  21.629019058, 1e-8, "EPSG:4756", "dms");
    assert_int_equal(gis_coord_parse("105.64 21.63", "EPSG:4756", &vn, &err),
                     0);
    assert_int_equal(gis_coord_parse("105.64 21.63", NULL, &wgs, &err), 0);
    d = gis_geodesic_distance_m(vn.lon, vn.lat, wgs.lon, wgs.lat);
    assert_true(d > 100 && d < 400);
    assert_int_equal(gis_coord_operation("VN2000", op, sizeof op, &err), 0);
    assert_string_equal(op, "VN-2000 to WGS 84 (2)");
}

static void test_tm3_surveyor_order(void **state) {
    (void)state;
    /* 1 cm is about 1e-7 degrees. */
    assert_parsed("2392947.91, 410777.33", "VN2000-TM3-10630", LON, LAT, 1e-7,
                  "EPSG:9213", "projected-ne");
    assert_parsed("2392947.91 410777.33", "EPSG:9213", LON, LAT, 1e-7,
                  "EPSG:9213", "projected-ne");
}

static void test_tm3_labelled(void **state) {
    (void)state;
    assert_parsed("X=2392947.91 Y=410777.33", "VN2000-TM3-10630", LON, LAT,
                  1e-7, "EPSG:9213", "labelled-xn-ye");
    assert_parsed("Y = 410777.33 m; X = 2392947.91 m", "vn2000 tm3 106-30", LON,
                  LAT, 1e-7, "EPSG:9213", "labelled-xn-ye");
    assert_parsed("E: 410777.33, N: 2392947.91", "EPSG:9213", LON, LAT, 1e-7,
                  "EPSG:9213", "labelled-en");
    assert_parsed("N=2392947.91 E=410777.33", "EPSG:9213", LON, LAT, 1e-7,
                  "EPSG:9213", "labelled-en");
}

static void test_tm3_reference_value(void **state) {
    double x, y;
    gis_error err;
    char op[256];
    (void)state;
    assert_int_equal(
        gis_coord_from_wgs84(LON, LAT, "VN2000-TM3-10630", &x, &y, &err), 0);
    assert_true(fabs(x - 410777.33) < 0.01);
    assert_true(fabs(y - 2392947.91) < 0.01);
    assert_int_equal(gis_coord_operation("EPSG:9213", op, sizeof op, &err), 0);
    assert_non_null(strstr(op, "VN-2000 to WGS 84 (2)"));
    assert_null(strstr(op, "allpark"));
}

static void test_utm48(void **state) {
    double x, y;
    gis_error err;
    char op[256];
    (void)state;
    /* cs2cs EPSG:4326 EPSG:3405 gives E 566036.2044 N 2392118.1899. */
    assert_parsed("X=2392118.1899 Y=566036.2044", "VN2000-UTM48", LON, LAT,
                  1e-8, "EPSG:3405", "labelled-xn-ye");
    assert_parsed("2392118.1899 566036.2044", "EPSG:3405", LON, LAT, 1e-8,
                  "EPSG:3405", "projected-ne");
    assert_int_equal(
        gis_coord_from_wgs84(LON, LAT, "VN2000-UTM48N", &x, &y, &err), 0);
    assert_true(fabs(x - 566036.2044) < 0.001);
    assert_true(fabs(y - 2392118.1899) < 0.001);
    assert_int_equal(gis_coord_operation("EPSG:3405", op, sizeof op, &err), 0);
    assert_non_null(strstr(op, "VN-2000 to WGS 84 (2)"));
}

/* WGS84 -> CRS -> WGS84 through the text a surveyor would type. */
static void test_round_trips(void **state) {
    static const char *const crss[] = {"EPSG:9213", "EPSG:3405", "EPSG:4756",
                                       "EPSG:32648"};
    static const double pts[][2] = {
        {105.64, 21.63}, {105.5123, 21.7456}, {105.7789, 21.5012}};
    char text[128];
    gis_coord c;
    gis_error err;
    double x, y;
    size_t i, k;
    (void)state;
    for (i = 0; i < sizeof crss / sizeof crss[0]; i++)
        for (k = 0; k < sizeof pts / sizeof pts[0]; k++) {
            assert_int_equal(gis_coord_from_wgs84(pts[k][0], pts[k][1], crss[i],
                                                  &x, &y, &err),
                             0);
            if (i == 2) /* geographic: lon/lat */
                snprintf(text, sizeof text, "%.11f %.11f", x, y);
            else /* E=/N= labels mean the same in every CRS */
                snprintf(text, sizeof text, "E=%.5f N=%.5f", x, y);
            assert_int_equal(gis_coord_parse(text, crss[i], &c, &err), 0);
            assert_string_equal(c.crs, crss[i]);
            assert_true(gis_geodesic_distance_m(c.lon, c.lat, pts[k][0],
                                                pts[k][1]) < 0.001);
        }
}

static void test_epsg_code(void **state) {
    (void)state;
    /* WGS 84 / UTM zone 48N is not VN-2000: easting first, X easting. */
    assert_parsed("585000 2392000", "EPSG:32648", 105.821338, 21.629109, 1e-6,
                  "EPSG:32648", "projected-en");
    assert_parsed("X=585000 Y=2392000", "epsg:32648", 105.821338, 21.629109,
                  1e-6, "EPSG:32648", "labelled-xe-yn");
    /* The same easting/northing in VN-2000 / UTM 48N: shifted. */
    assert_parsed("N 2392000 E 585000", "EPSG:3405", 105.823228, 21.628126,
                  1e-6, "EPSG:3405", "labelled-en");
    /* An explicit EPSG:4326 reads like no CRS at all. */
    assert_parsed("21.63, 105.64", "EPSG:4326", LON, LAT, EXACT, "EPSG:4326",
                  "latlon");
}

static void test_proj_string(void **state) {
    double x, y;
    gis_error err;
    (void)state;
    /* No +type=crs: added, as a PROJ string here always means a CRS. */
    assert_parsed("585000 2392000", "+proj=utm +zone=48 +datum=WGS84",
                  105.821338, 21.629109, 1e-6,
                  "+proj=utm +zone=48 +datum=WGS84", "projected-en");
    /* TM-3 106-30 written out with the EPSG:6960 parameters as +towgs84
     * (position-vector signs): same point as EPSG:9213, easting first. */
    assert_parsed("410777.33 2392947.91",
                  "+proj=tmerc +lat_0=0 +lon_0=106.5 +k=0.9999 +x_0=500000 "
                  "+y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,"
                  "-111.45032835,0.00928836,-0.01975479,0.00427372,"
                  "0.252906278 +units=m +no_defs",
                  LON, LAT, 1e-7,
                  "+proj=tmerc +lat_0=0 +lon_0=106.5 +k=0.9999 +x_0=500000 "
                  "+y_0...",
                  "projected-en");
    assert_int_equal(gis_coord_from_wgs84(LON, LAT,
                                          "+proj=longlat +datum=WGS84 "
                                          "+type=crs",
                                          &x, &y, &err),
                     0);
    assert_true(fabs(x - LON) < EXACT && fabs(y - LAT) < EXACT);
}

static void test_wkt(void **state) {
    (void)state;
    /* An ESRI .prj for TM-3 106-30: PROJ knows its datum as VN-2000, so
     * surveyor order and EPSG:6960 apply. */
    assert_parsed(
        "X=2392947.91 Y=410777.33",
        "PROJCS[\"VN_2000_TM3_106_30\",GEOGCS[\"GCS_VN_2000\",DATUM["
        "\"D_Vietnam_2000\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
        "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\","
        "500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER["
        "\"Central_Meridian\",106.5],PARAMETER[\"Scale_Factor\",0.9999],"
        "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]",
        LON, LAT, 1e-7, "VN_2000_TM3_106_30", "labelled-xn-ye");
}

static void test_garbage(void **state) {
    (void)state;
    assert_rejected("abc", NULL, "not a coordinate: 'abc'");
    assert_rejected("", NULL, "empty coordinate");
    assert_rejected("21.63", NULL, "not a coordinate: '21.63'");
    assert_rejected("21.63 105.64 7", NULL, "not a coordinate");
    assert_rejected("21.63, 105.64, 7", NULL, "more than two values");
    assert_rejected("21,63 105,64", NULL, "not a coordinate");
    assert_rejected("1.2.3 4", NULL, "unexpected '.'");
    assert_rejected("21°75'N 105°E", NULL, "minutes '75' are not below 60");
    assert_rejected("21.5°30'N 105°E", NULL, "have decimals");
    assert_rejected("21°N 105°N", NULL, "two latitudes");
    assert_rejected("-21°N 105°E", NULL, "both a sign and a hemisphere");
    assert_rejected("21.63 # 105.64", NULL, "unexpected '#'");
    assert_rejected("X=2392947.91 Y=410777.33", NULL, "need a projected CRS");
    assert_rejected("21°37'48\"N 105°38'24\"E", "EPSG:9213", "unexpected '°'");
    assert_rejected("X=2392947.91", "EPSG:9213", "expected two numbers");
    assert_rejected("X=2392947.91 410777.33", "EPSG:9213",
                    "label both numbers or neither");
    assert_rejected("X=2392947.91 X=410777.33", "EPSG:9213", "two northings");
    assert_rejected("X=2392947.91 E=410777.33", "EPSG:9213", "mixes X/Y");
}

static void test_out_of_range(void **state) {
    (void)state;
    assert_rejected("105 95", NULL, "latitude 95 is out of range");
    assert_rejected("200 10", NULL, "longitude 200 is out of range");
    assert_rejected("95°N 105°E", NULL, "latitude 95 is out of range");
    assert_rejected("2392947.91, 410777.33", NULL,
                    "projected coordinates need their CRS");
    /* Easting and northing given the GIS way round to a VN-2000 grid. */
    assert_rejected("410777.33, 2392947.91", "EPSG:9213",
                    "are the two numbers swapped?");
    /* Degrees given for a grid. */
    assert_rejected("21.63, 105.64", "EPSG:9213", "look like degrees");
    /* VN-2000 degrees far from Vietnam. */
    assert_rejected("-3.7 40.4", "VN2000", "outside the area of use");
}

static void test_unknown_crs(void **state) {
    double x, y;
    gis_error err;
    char op[64];
    (void)state;
    assert_rejected("105.64 21.63", "EPSG:99999",
                    "unknown CRS 'EPSG:99999': crs not found");
    assert_rejected("105.64 21.63", "nonsense", "unknown CRS 'nonsense'");
    assert_rejected("105.64 21.63", "VN2000-TM3-99999",
                    "no 'VN-2000 / TM-3 999-99' in PROJ's database");
    assert_rejected("105.64 21.63", "+proj=nosuch", "unknown CRS");
    assert_rejected("105.64 21.63", "EPSG:5714", "not a geographic or");
    assert_int_not_equal(
        gis_coord_from_wgs84(LON, LAT, "EPSG:99999", &x, &y, &err), 0);
    assert_non_null(strstr(err.msg, "EPSG:99999"));
    assert_int_not_equal(
        gis_coord_from_wgs84(LON, 95, "EPSG:9213", &x, &y, &err), 0);
    assert_int_not_equal(gis_coord_operation("EPSG:0", op, sizeof op, &err), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_lonlat),
        cmocka_unit_test(test_decimal_latlon),
        cmocka_unit_test(test_dms),
        cmocka_unit_test(test_vn2000_geographic),
        cmocka_unit_test(test_tm3_surveyor_order),
        cmocka_unit_test(test_tm3_labelled),
        cmocka_unit_test(test_tm3_reference_value),
        cmocka_unit_test(test_utm48),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_epsg_code),
        cmocka_unit_test(test_proj_string),
        cmocka_unit_test(test_wkt),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_unknown_crs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
