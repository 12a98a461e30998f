/*
 * test_geom.c: parsing WKT and GeoJSON, geodesic lengths, and the
 * reader/writer pair through real OGR files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis_db.h"
#include "gis_geom.h"
#include "gis_reader.h"
#include "gis_writer.h"

static void test_parse_wkt_and_geojson(void **state) {
    OGRGeometryH g = NULL;
    gis_error err;
    (void)state;
    assert_int_equal(
        gis_geom_parse("LINESTRING(105.6 21.6, 105.61 21.6)", &g, &err), 0);
    assert_int_equal(OGR_G_GetPointCount(g), 2);
    OGR_G_DestroyGeometry(g);
    assert_int_equal(gis_geom_parse("{\"type\":\"LineString\",\"coordinates\""
                                    ":[[105.6,21.6],[105.6,21.61]]}",
                                    &g, &err),
                     0);
    assert_int_equal(OGR_G_GetPointCount(g), 2);
    OGR_G_DestroyGeometry(g);
    assert_int_not_equal(gis_geom_parse("LINESTRING(oops)", &g, &err), 0);
    assert_null(g);
    assert_non_null(strstr(err.msg, "LINESTRING(oops)"));
    assert_int_not_equal(gis_geom_parse("   ", &g, &err), 0);
}

static void test_geodesic_length(void **state) {
    OGRGeometryH g = NULL;
    (void)state;
    /* One degree of latitude near 21.6°N is 110.7 km on WGS84. */
    assert_int_equal(
        gis_geom_parse("LINESTRING(105.6 21.1, 105.6 22.1)", &g, NULL), 0);
    assert_true(fabs(gis_geodesic_length_m(g) - 110740) < 100);
    OGR_G_DestroyGeometry(g);
    /* A multi-line is the sum of its parts. */
    assert_int_equal(gis_geom_parse("MULTILINESTRING((105.6 21.1, 105.6 "
                                    "22.1),(105.7 21.1, 105.7 22.1))",
                                    &g, NULL),
                     0);
    assert_true(fabs(gis_geodesic_length_m(g) - 2 * 110740) < 200);
    OGR_G_DestroyGeometry(g);
}

/* Rows written by gis_write_query come back through gis_reader. */
static void test_write_then_read(void **state) {
    char dir[] = "/tmp/gis-test-XXXXXX", path[256];
    gis_db *db = NULL;
    sqlite3_stmt *st = NULL;
    gis_reader *r = NULL;
    gis_error err;
    long count;
    const char *const bools[] = {"flag", NULL};
    gis_write_opts o = {"GeoJSON", "things", NULL, bools, "geom", NULL};
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.geojson", dir);
    assert_int_equal(gis_db_open(&db, ":memory:", GIS_DB_CREATE, &err), 0);
    assert_int_equal(
        gis_db_prepare(db, &st,
                       "SELECT 'Hùng Sơn' AS name, 1 AS flag, 5558000000 AS"
                       " vnd, AsBinary(MakePoint(105.6497, 21.6386, 4326)) AS"
                       " geom UNION ALL SELECT 'Cù Vân', 0, NULL, NULL",
                       &err),
        0);
    assert_int_equal(gis_write_query(st, path, &o, &count, &err), 0);
    assert_int_equal(count, 2);
    sqlite3_finalize(st);
    gis_db_close(db);

    assert_int_equal(gis_reader_open(&r, path, NULL, &err), 0);
    assert_int_equal(gis_reader_next(r, &err), 1);
    assert_string_equal(gis_reader_text(r, gis_reader_field_index(r, "name")),
                        "Hùng Sơn");
    assert_string_equal(gis_reader_text(r, gis_reader_field_index(r, "vnd")),
                        "5558000000");
    assert_non_null(gis_reader_geometry(r));
    assert_true(fabs(OGR_G_GetX(gis_reader_geometry(r), 0) - 105.6497) < 1e-9);
    assert_int_equal(gis_reader_next(r, &err), 1);
    assert_null(gis_reader_geometry(r));
    assert_int_equal(gis_reader_next(r, &err), 0);
    gis_reader_close(r);
    unlink(path);
    rmdir(dir);
}

static void test_reader_errors_name_the_file(void **state) {
    gis_reader *r = NULL;
    gis_error err;
    (void)state;
    assert_int_not_equal(gis_reader_open(&r, "/nonexistent/x.gpkg", NULL, &err),
                         0);
    assert_null(r);
    assert_non_null(strstr(err.msg, "/nonexistent/x.gpkg"));
}

static void test_db_transactions_nest(void **state) {
    gis_db *db = NULL;
    gis_error err;
    (void)state;
    assert_int_equal(gis_db_open(&db, ":memory:", GIS_DB_CREATE, &err), 0);
    assert_int_equal(gis_db_exec(db, "CREATE TABLE t (x)", &err), 0);
    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_db_exec(db, "INSERT INTO t VALUES (1)", &err), 0);
    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_db_exec(db, "INSERT INTO t VALUES (2)", &err), 0);
    gis_db_rollback(db); /* only the inner insert goes */
    assert_int_equal(gis_db_commit(db, &err), 0);
    assert_int_equal(gis_db_int(db, -1, "SELECT group_concat(x) FROM t", NULL),
                     1);
    gis_db_close(db);
    assert_int_not_equal(
        gis_db_open(&db, "/nonexistent/dir/x.sqlite", GIS_DB_READWRITE, &err),
        0);
    assert_non_null(strstr(err.msg, "no such file"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_wkt_and_geojson),
        cmocka_unit_test(test_geodesic_length),
        cmocka_unit_test(test_write_then_read),
        cmocka_unit_test(test_reader_errors_name_the_file),
        cmocka_unit_test(test_db_transactions_nest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
