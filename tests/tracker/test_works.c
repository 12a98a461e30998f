/*
 * test_works.c: works are validated in full before anything is written;
 * every rejection leaves the database as it was.
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

#include "layers_db.h"
#include "trk_db.h"
#include "trk_layers.h"
#include "trk_works.h"

static trk_work_input bridge(const char *code) {
    trk_work_input in = {0};
    in.code = code;
    in.name = "Cầu thử";
    in.category = "bridge";
    in.unit_code = "05803";
    in.has_point = 1;
    in.lon = 105.6189;
    in.lat = 21.6458;
    in.budget_line = "da4-tda1";
    in.amount_vnd = 500000000;
    in.status = "preparation";
    return in;
}

static int64_t rows(gis_db *db) {
    return gis_db_int(db, -1,
                      "SELECT (SELECT count(*) FROM work) + (SELECT count(*)"
                      " FROM allocation) + (SELECT count(*) FROM"
                      " progress_event) + (SELECT count(*) FROM work_line)",
                      NULL);
}

/* The input is rejected, the message contains want, nothing changes. */
static void rejected(gis_db *db, const trk_work_input *in, const char *want) {
    gis_error err = {{0}};
    int64_t before = rows(db);
    assert_int_not_equal(trk_work_add(db, in, NULL, 0, &err), 0);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(rows(db), before);
}

static void test_point_work_with_allocation(void **state) {
    gis_db *db = *state;
    trk_work_input in = bridge("W-1");
    gis_error err;
    char warn[256];
    assert_int_equal(trk_work_add(db, &in, warn, sizeof warn, &err), 0);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT amount_vnd FROM work_summary WHERE"
                                " code = 'W-1' AND status = 'preparation'"
                                " AND commune_2025_code = '05818'",
                                NULL),
                     500000000);
}

static void test_line_work_length(void **state) {
    gis_db *db = *state;
    trk_work_input in = bridge("W-LINE");
    gis_error err;
    double len;
    sqlite3_stmt *st;
    in.category = "rural_road";
    in.unit_code = "05800";
    in.as_of = "2022-10-11";
    in.has_point = 0;
    in.line = "LINESTRING(105.600 21.660, 105.610 21.660)";
    assert_int_equal(trk_work_add(db, &in, NULL, 0, &err), 0);
    assert_int_equal(gis_db_prepare(db, &st,
                                    "SELECT length_m FROM work_summary WHERE"
                                    " code = 'W-LINE'",
                                    &err),
                     0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    len = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    /* 0.01° of longitude at 21.66°N is about 1035 m. */
    assert_true(fabs(len - 1035.4) < 2);
}

static void test_bad_inputs_change_nothing(void **state) {
    gis_db *db = *state;
    trk_work_input in;

    in = bridge("W-1");
    rejected(db, &in, "duplicate work code 'W-1'");
    in = bridge("W-2");
    in.lon = 21.6458;
    in.lat = 105.6189;
    rejected(db, &in, "swapped");
    in = bridge("W-2");
    in.lon = 106.5;
    in.lat = 21.0;
    rejected(db, &in, "outside the district");
    in = bridge("W-2");
    in.lon = NAN;
    rejected(db, &in, "not a longitude");
    in = bridge("W-2");
    in.unit_code = "99999";
    rejected(db, &in, "unknown unit code '99999'");
    in = bridge("W-2");
    in.unit_code = "05830";
    rejected(db, &in, "ambiguous");
    in = bridge("W-2");
    in.budget_line = "da99";
    rejected(db, &in, "unknown budget line 'da99'");
    in = bridge("W-2");
    in.budget_line = "da4"; /* a heading, not a funded line */
    rejected(db, &in, "unknown budget line 'da4'");
    in = bridge("W-2");
    in.category = "castle";
    rejected(db, &in, "unknown category 'castle'");
    in = bridge("W-2");
    in.has_point = 0;
    in.line = "LINESTRING(105.6 21.66)";
    rejected(db, &in, "line");
    in.line = "LINESTRING(105.6 21.66, 105.6 21.66)";
    rejected(db, &in, "at least 2");
    in.line = "POINT(105.6 21.66)";
    rejected(db, &in, "not a line");
    in.line = "LINESTRING(105.6 21.66, 106.9 21.66)";
    rejected(db, &in, "line vertex 2");
}

static void test_reused_code_with_date(void **state) {
    gis_db *db = *state;
    trk_work_input in = bridge("W-BT");
    gis_error err;
    in.unit_code = "05830";
    in.as_of = "2022-10-11";
    in.lon = 105.6381;
    in.lat = 21.6101;
    assert_int_equal(trk_work_add(db, &in, NULL, 0, &err), 0);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work_summary WHERE code"
                                " = 'W-BT' AND unit_name = 'Xã Bình Thuận'"
                                " AND commune_2025_name = 'Xã Đại Từ'",
                                NULL),
                     1);
}

static void test_progress_events_are_append_only(void **state) {
    gis_db *db = *state;
    gis_error err;
    assert_int_not_equal(
        gis_db_exec(db, "UPDATE progress_event SET status = 'cancelled'", &err),
        0);
    assert_non_null(strstr(err.msg, "append-only"));
    assert_int_not_equal(gis_db_exec(db, "DELETE FROM progress_event", &err),
                         0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_work_with_allocation),
        cmocka_unit_test(test_line_work_length),
        cmocka_unit_test(test_bad_inputs_change_nothing),
        cmocka_unit_test(test_reused_code_with_date),
        cmocka_unit_test(test_progress_events_are_append_only),
    };
    return cmocka_run_group_tests(tests, layers_db_setup, layers_db_teardown);
}
