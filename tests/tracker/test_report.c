/*
 * test_report.c: money split over allocations to the dong, and the budget
 * and works reports built from a small database of our own: every total
 * equals what the tables hold, and a work with no allocated money keeps
 * its figures on the "not allocated" row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layers_db.h"
#include "trk_report.h"
#include "trk_works.h"

static void test_split_exact(void **state) {
    int64_t w3[] = {1, 1, 1}, parts[8];
    int64_t w[] = {333333333, 1000000001, 0, 77777777};
    int64_t big[] = {INT64_MAX / 3, INT64_MAX / 3, 7};
    int64_t sum;
    int i;
    (void)state;

    /* 100 over three equal parts: 34, 33, 33 (the earlier one on a tie). */
    assert_int_equal(trk_split_proportional(100, w3, 3, parts), 0);
    assert_int_equal(parts[0], 34);
    assert_int_equal(parts[1], 33);
    assert_int_equal(parts[2], 33);

    /* Odd weights: the parts add up exactly and a 0 weight gets 0. */
    assert_int_equal(trk_split_proportional(1234567891, w, 4, parts), 0);
    for (sum = 0, i = 0; i < 4; i++)
        sum += parts[i];
    assert_int_equal(sum, 1234567891);
    assert_int_equal(parts[2], 0);
    /* Exact shares 291630210.20..., 874890632.36..., 68047048.43...:
     * the floors sum to 1234567890, the one dong left goes to the largest
     * remainder (.43). */
    assert_int_equal(parts[0], 291630210);
    assert_int_equal(parts[1], 874890632);
    assert_int_equal(parts[3], 68047049);

    /* Products beyond 64 bits are exact. */
    assert_int_equal(trk_split_proportional(INT64_MAX, big, 3, parts), 0);
    assert_true((uint64_t)parts[0] + (uint64_t)parts[1] + (uint64_t)parts[2] ==
                (uint64_t)INT64_MAX);
    assert_true(parts[0] == parts[1] || parts[0] == parts[1] + 1);

    /* Nothing to split, and what cannot be split. */
    assert_int_equal(trk_split_proportional(0, w, 4, parts), 0);
    assert_int_equal(parts[0] + parts[1] + parts[3], 0);
    assert_int_not_equal(trk_split_proportional(5, w + 2, 1, parts), 0);
    assert_int_not_equal(trk_split_proportional(-5, w3, 3, parts), 0);
    w3[1] = -1;
    assert_int_not_equal(trk_split_proportional(5, w3, 3, parts), 0);
}

static void add_work(gis_db *db, const char *code, const char *line,
                     int64_t amount) {
    trk_work_input in = {0};
    gis_error err;
    in.code = code;
    in.name = "Công trình thử";
    in.category = "bridge";
    in.unit_code = "05803";
    in.has_point = 1;
    in.lon = 105.6189;
    in.lat = 21.6458;
    in.budget_line = line;
    in.amount_vnd = amount;
    in.status = "implementation";
    in.status_date = "2023-01-01";
    if (trk_work_add(db, &in, NULL, 0, &err))
        fail_msg("add %s: %s", code, err.msg);
}

static const trk_report_cell *cell(const trk_report_table *t, int row,
                                   const char *key) {
    int i;
    for (i = 0; i < t->ncols; i++)
        if (!strcmp(t->cols[i].key, key))
            return &t->cells[(size_t)row * t->ncols + i];
    fail_msg("no column '%s'", key);
    return NULL;
}

static int row_of(const trk_report_table *t, const char *kind, const char *key,
                  const char *text) {
    int r;
    for (r = 0; r < t->nrows; r++)
        if (!strcmp(t->kinds[r], kind) &&
            (!key ||
             (cell(t, r, key)->text && !strcmp(cell(t, r, key)->text, text))))
            return r;
    fail_msg("no %s row with %s = %s", kind, key ? key : "-",
             text ? text : "-");
    return -1;
}

static void test_budget_report(void **state) {
    gis_db *db = *state;
    trk_report r;
    gis_error err;
    const trk_report_table *lines, *src;
    int da1, da4, free_row, total, central, ci;

    add_work(db, "R-1", "da4-tda1", 600000000);
    add_work(db, "R-2", "da1", 300000000);
    add_work(db, "R-3", NULL, 0);
    assert_int_equal(
        gis_db_exec(
            db,
            "UPDATE allocation SET funding_source = 'central', capital_type"
            " = 'investment' WHERE work_id = (SELECT id FROM work WHERE"
            " code = 'R-1');"
            "INSERT INTO allocation (work_id, budget_line_id, year,"
            " funding_source, capital_type, amount_vnd) SELECT id, 'da1',"
            " 2022, 'local', 'recurrent', 300000000 FROM work WHERE code ="
            " 'R-1';"
            "INSERT INTO contract (work_id, code, value_vnd, status) SELECT"
            " id, 'C-1', 100000001, 'active' FROM work WHERE code = 'R-1';"
            "INSERT INTO contract (work_id, code, value_vnd, status) SELECT"
            " id, 'C-1X', 5000, 'cancelled' FROM work WHERE code = 'R-1';"
            "INSERT INTO contract (work_id, code, value_vnd, status) SELECT"
            " id, 'C-3', 70000000, 'pending' FROM work WHERE code = 'R-3';"
            "INSERT INTO progress_event (work_id, event_date, disbursed_vnd)"
            " SELECT id, '2023-02-01', 90000000 FROM work WHERE code ="
            " 'R-1';"
            "INSERT INTO progress_event (work_id, event_date, disbursed_vnd)"
            " SELECT id, '2023-03-01', 30000000 FROM work WHERE code ="
            " 'R-3';",
            &err),
        0);

    assert_int_equal(trk_report_budget(db, "2023-06-01", &r, &err), 0);
    assert_int_equal(r.ntables, 2);
    assert_int_equal(r.works, 3);
    assert_int_equal(r.unallocated, 1);
    assert_null(r.note); /* no illustrative works */
    assert_non_null(strstr(r.title, "KẾ HOẠCH 227/KH-UBND NĂM 2022"));
    assert_non_null(strstr(r.subtitle, "01/06/2023"));
    lines = &r.tables[0];
    src = &r.tables[1];

    /* R-1's 100000001 contracted and 90000000 disbursed split 2:1 over
     * da4-tda1 (600) and da1 (300): 66666667 + 33333334 and 60000000 +
     * 30000000; R-2 has none. */
    da4 = row_of(lines, "line", "line", "da4-tda1");
    da1 = row_of(lines, "line", "line", "da1");
    assert_int_equal(cell(lines, da4, "contracted")->value, 66666667);
    assert_int_equal(cell(lines, da1, "contracted")->value, 33333334);
    assert_int_equal(cell(lines, da4, "disbursed")->value, 60000000);
    assert_int_equal(cell(lines, da1, "disbursed")->value, 30000000);
    assert_int_equal(cell(lines, da4, "allocated_central")->value, 600000000);
    assert_int_equal(cell(lines, da1, "allocated_local")->value, 300000000);
    assert_int_equal(cell(lines, da1, "allocated_other")->value, 300000000);
    assert_int_equal(cell(lines, da1, "allocated_total")->value, 600000000);
    assert_int_equal(cell(lines, da1, "works")->value, 2);
    assert_int_equal(cell(lines, da1, "plan_total")->value, 5558000000);
    /* 30000000 / 5558000000 */
    assert_true(cell(lines, da1, "disbursed_rate_pct")->pct > 0.539 &&
                cell(lines, da1, "disbursed_rate_pct")->pct < 0.540);

    /* R-3 has no allocation: its money is on its own row. */
    free_row = row_of(lines, "unallocated", NULL, NULL);
    assert_int_equal(cell(lines, free_row, "works")->value, 1);
    assert_int_equal(cell(lines, free_row, "contracted")->value, 70000000);
    assert_int_equal(cell(lines, free_row, "disbursed")->value, 30000000);
    assert_true(cell(lines, free_row, "allocated_total")->null);
    assert_true(cell(lines, free_row, "plan_total")->null);

    total = row_of(lines, "total", NULL, NULL);
    assert_int_equal(total, lines->nrows - 1);
    assert_int_equal(cell(lines, total, "plan_central")->value, 16654000000);
    assert_int_equal(cell(lines, total, "plan_local")->value, 1206000000);
    assert_int_equal(cell(lines, total, "plan_total")->value, 17860000000);
    assert_int_equal(
        cell(lines, total, "allocated_total")->value,
        gis_db_int(db, -1, "SELECT sum(amount_vnd) FROM allocation", NULL));
    assert_int_equal(cell(lines, total, "contracted")->value, 170000001);
    assert_int_equal(cell(lines, total, "disbursed")->value, 120000000);

    /* Sources: central investment holds R-1's da4-tda1 share; R-2's
     * allocation has no source (unknown). */
    central = row_of(src, "subtotal", "funding_source", "central");
    assert_int_equal(cell(src, central, "plan_total")->value, 16654000000);
    assert_string_equal(cell(src, central, "plan_section")->text, "III.1");
    ci = row_of(src, "source", "capital_type_vi", "Vốn đầu tư phát triển");
    assert_string_equal(cell(src, ci, "funding_source")->text, "central");
    assert_int_equal(cell(src, ci, "allocated_total")->value, 600000000);
    assert_int_equal(cell(src, ci, "contracted")->value, 66666667);
    assert_int_equal(cell(src, ci, "plan_total")->value, 12924000000);
    row_of(src, "subtotal", "funding_source", "unknown");
    total = row_of(src, "total", NULL, NULL);
    assert_int_equal(cell(src, total, "contracted")->value, 170000001);
    assert_int_equal(cell(src, total, "plan_total")->value, 17860000000);
    trk_report_release(&r);
    trk_report_release(&r); /* releasing twice is harmless */
}

static void test_works_report_and_xlsx(void **state) {
    gis_db *db = *state;
    trk_report r;
    gis_error err;
    const trk_report_table *t;
    char path[300];
    int row;
    FILE *f;
    long size;

    assert_int_equal(trk_report_works(db, "2023-06-01", &r, &err), 0);
    t = &r.tables[0];
    assert_int_equal(r.ntables, 1);
    assert_int_equal(t->nrows, r.works + 1);
    row = row_of(t, "work", "code", "R-1");
    assert_int_equal(cell(t, row, "allocated")->value, 900000000);
    assert_int_equal(cell(t, row, "contracted")->value, 100000001);
    assert_int_equal(cell(t, row, "disbursed")->value, 90000000);
    assert_string_equal(cell(t, row, "status_vi")->text, "Đang thực hiện");
    /* Contracts in signing order, then as recorded (neither is signed). */
    assert_string_equal(cell(t, row, "contract_status")->text,
                        "Đang thực hiện; Đã hủy");
    row = row_of(t, "work", "code", "R-3");
    assert_true(cell(t, row, "allocated")->null);
    row = row_of(t, "total", NULL, NULL);
    assert_int_equal(cell(t, row, "contracted")->value, 170000001);

    snprintf(path, sizeof path, "%s/works.xlsx", layers_db_dir);
    assert_int_equal(trk_report_xlsx(&r, path, &err), 0);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fclose(f);
    unlink(path);
    assert_true(size > 1000);

    snprintf(path, sizeof path, "%s/no/such/dir/works.xlsx", layers_db_dir);
    assert_int_not_equal(trk_report_xlsx(&r, path, &err), 0);
    assert_non_null(strstr(err.msg, "cannot write"));
    assert_non_null(strstr(err.msg, path));
    trk_report_release(&r);
}

static void test_no_plan(void **state) {
    gis_db *db = NULL;
    gis_error err;
    trk_report r;
    char path[300];
    (void)state;
    snprintf(path, sizeof path, "%s/empty.sqlite", layers_db_dir);
    assert_int_equal(trk_db_create(&db, path, &err), 0);
    assert_int_not_equal(trk_report_budget(db, NULL, &r, &err), 0);
    assert_non_null(strstr(err.msg, "no plan"));
    assert_int_equal(r.ntables, 0);
    assert_int_equal(trk_report_works(db, "2023-01-01", &r, &err), 0);
    assert_int_equal(r.tables[0].nrows, 1); /* the total row */
    assert_null(r.plan_id);
    trk_report_release(&r);
    gis_db_close(db);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_exact),
        cmocka_unit_test(test_budget_report),
        cmocka_unit_test(test_works_report_and_xlsx),
        cmocka_unit_test(test_no_plan),
    };
    return cmocka_run_group_tests(tests, layers_db_setup, layers_db_teardown);
}
