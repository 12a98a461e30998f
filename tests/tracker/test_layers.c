/*
 * test_layers.c: the reference layers as loaded by `tracker init`: the
 * units and their history, the plan's budget, and the approximate
 * polygons held to the acceptance figures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "layers_db.h"
#include "trk_db.h"
#include "trk_layers.h"

#define COUNT(db, sql) gis_db_int((db), -1, (sql), NULL)

static void test_units_by_period(void **state) {
    gis_db *db = *state;
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE"
                               " valid_from IS NULL AND valid_to >"
                               " '2022-10-11'"),
                     30);
    assert_int_equal(
        COUNT(db, "SELECT count(*) FROM admin_unit WHERE valid_to IS NULL"),
        10);
    /* Code 05830 meant Bình Thuận in 2022 and Đại Từ since 2025. */
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE code ="
                               " '05830'"),
                     2);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE code ="
                               " '05830' AND valid_to = '2025-07-01' AND"
                               " name = 'Bình Thuận'"),
                     1);
    /* Three named ATK communes; the others unknown, never 'no'. */
    assert_int_equal(
        COUNT(db, "SELECT count(*) FROM admin_unit WHERE atk = 'yes'"), 3);
    assert_int_equal(
        COUNT(db, "SELECT count(*) FROM admin_unit WHERE atk = 'no'"), 0);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE region"
                               " <> 'unknown' OR minority_area <> 'unknown'"),
                     0);
    /* Every observed name belongs to a unit in force on that date. */
    assert_int_equal(COUNT(db, "SELECT count(*) FROM unit_name n JOIN"
                               " admin_unit u ON u.id = n.unit_id WHERE"
                               " n.name <> u.full_name"),
                     0);
    assert_true(COUNT(db, "SELECT count(*) FROM unit_name") > 150);
}

static void test_every_2022_unit_reaches_one_commune(void **state) {
    gis_db *db = *state;
    assert_int_equal(COUNT(db, "SELECT count(DISTINCT u.id) FROM admin_unit u"
                               " JOIN unit_current c ON c.unit_id = u.id"
                               " WHERE u.valid_from IS NULL"),
                     30);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM (SELECT unit_id FROM"
                               " unit_current GROUP BY unit_id HAVING"
                               " count(*) > 1)"),
                     0);
    assert_int_equal(
        COUNT(db, "SELECT count(*) FROM unit_current c JOIN admin_unit u ON"
                  " u.id = c.unit_id JOIN admin_unit n ON n.id ="
                  " c.current_unit_id WHERE u.key = '05830-2022' AND"
                  " n.key = '05830-2025'"),
        1);
}

static void test_budget_adds_up_to_section_iii(void **state) {
    gis_db *db = *state;
    assert_int_equal(COUNT(db, "SELECT count(*) FROM budget_line WHERE"
                               " central_vnd IS NOT NULL"),
                     9);
    assert_int_equal(COUNT(db, "SELECT sum(central_vnd) FROM budget_line"),
                     16654000000LL);
    assert_int_equal(COUNT(db, "SELECT sum(local_vnd) FROM budget_line"),
                     1206000000LL);
    assert_int_equal(COUNT(db, "SELECT total_vnd FROM plan"), 17860000000LL);
    /* The lines' sums by source equal the plan's section III totals. */
    assert_int_equal(
        COUNT(db, "SELECT (SELECT sum(central_vnd) FROM budget_line) ="
                  " (SELECT sum(amount_vnd) FROM plan_total WHERE"
                  " funding_source = 'central') AND (SELECT sum(local_vnd)"
                  " FROM budget_line) = (SELECT sum(amount_vnd) FROM"
                  " plan_total WHERE funding_source = 'local') AND (SELECT"
                  " sum(amount_vnd) FROM plan_total) = (SELECT total_vnd"
                  " FROM plan)"),
        1);
    assert_int_equal(COUNT(db, "SELECT central_vnd + local_vnd FROM"
                               " budget_line WHERE id = 'da4-tda1'"),
                     9897000000LL);
}

static void test_approximate_polygons(void **state) {
    gis_db *db = *state;
    char sql[512];
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE"
                               " valid_from IS NULL AND ST_IsValid(geom) = 1"
                               " AND ST_Contains(geom, centre) = 1 AND"
                               " boundary_source = 'approximate'"),
                     30);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit a, admin_unit"
                               " b WHERE a.id < b.id AND a.valid_from IS NULL"
                               " AND b.valid_from IS NULL AND"
                               " ST_Area(ST_Intersection(a.geom, b.geom), 1)"
                               " > 1"),
                     0);
    assert_true(COUNT(db, "SELECT count(*) FROM admin_unit WHERE valid_from"
                          " IS NULL AND abs(ST_Area(geom, 1) / 1e6 /"
                          " area_km2 - 1) <= 0.2") >= 25);
    snprintf(sql, sizeof sql,
             "SELECT abs(sum(ST_Area(geom, 1)) / 1e6 - 565) <= 56.5 %s",
             "FROM admin_unit WHERE valid_from IS NULL");
    assert_int_equal(COUNT(db, sql), 1);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE"
                               " valid_to IS NULL AND ST_IsValid(geom) = 1"
                               " AND boundary_source = 'approximate'"),
                     10);
    assert_int_equal(COUNT(db, "SELECT boundary_partial FROM admin_unit"
                               " WHERE key = '05488-2025'"),
                     1);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM outline WHERE key ="
                               " 'base' AND approximate = 1 AND"
                               " ST_IsValid(geom) = 1"),
                     1);
}

static void test_hamlets_and_provenance(void **state) {
    gis_db *db = *state;
    assert_true(COUNT(db, "SELECT count(*) FROM hamlet WHERE status ="
                          " 'former'") > 50);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM hamlet_alias a JOIN"
                               " hamlet h ON h.id = a.hamlet_id WHERE h.name"
                               " = 'Tân Sơn'"),
                     2);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM hamlet WHERE point IS"
                               " NOT NULL"),
                     0);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit WHERE"
                               " source_id IS NULL"),
                     0);
    assert_int_equal(COUNT(db, "SELECT approximate FROM layer_info WHERE"
                               " layer = 'units'"),
                     1);
}

static void test_loading_twice_fails_whole(void **state) {
    gis_db *db = *state;
    gis_error err;
    int64_t before = COUNT(db, "SELECT count(*) FROM admin_unit");
    assert_int_not_equal(trk_layers_load(db, NULL, &err), 0);
    assert_int_equal(COUNT(db, "SELECT count(*) FROM admin_unit"), before);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_by_period),
        cmocka_unit_test(test_every_2022_unit_reaches_one_commune),
        cmocka_unit_test(test_budget_adds_up_to_section_iii),
        cmocka_unit_test(test_approximate_polygons),
        cmocka_unit_test(test_hamlets_and_provenance),
        cmocka_unit_test(test_loading_twice_fails_whole),
    };
    return cmocka_run_group_tests(tests, layers_db_setup, layers_db_teardown);
}
