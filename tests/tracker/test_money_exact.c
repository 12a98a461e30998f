/*
 * test_money_exact.c: money stays exact.  Thousands of random
 * allocations and disbursements, written in the forms officials use and
 * read back through the parser, through the real library into a real
 * database; every total is compared with the sum kept here, to the đồng.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "layers_db.h"
#include "trk_alloc.h"
#include "trk_parse.h"
#include "trk_progress.h"
#include "trk_works.h"

#define N_WORKS 40
#define N_ALLOCATIONS 3000
#define N_EVENTS 2000

static const char *const lines[] = {"da4-tda1", "da1", "da5-tda1", "da7"};
static const char *const sources[] = {"central", "local"};
static const char *const capitals[] = {"investment", "recurrent"};

/* xorshift64*: the same sequence on every machine. */
static uint64_t rnd_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) {
    rnd_state ^= rnd_state >> 12;
    rnd_state ^= rnd_state << 25;
    rnd_state ^= rnd_state >> 27;
    return rnd_state * 2685821657736338717ULL;
}

/* "1.234.567.890" (Vietnamese thousands marks) or "1,234,567,890". */
static void grouped(int64_t v, char sep, char *out, size_t n) {
    char digits[32];
    size_t len, o = 0;
    snprintf(digits, sizeof digits, "%lld", (long long)v);
    len = strlen(digits);
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = sep;
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

static int64_t q(gis_db *db, const char *sql, const char *arg) {
    return gis_db_int(db, -1, sql, arg, NULL);
}

static void test_random_money_to_the_dong(void **state) {
    gis_db *db = *state;
    gis_error err;
    int64_t by_line_source[4][2] = {{0}}, by_work[N_WORKS] = {0};
    int64_t disbursed[N_WORKS] = {0}, total = 0, total_disbursed = 0;
    char code[16], text[64], why[256];
    int i;

    assert_int_equal(gis_db_begin(db, &err), 0);
    for (i = 0; i < N_WORKS; i++) {
        trk_work_input in = {0};
        snprintf(code, sizeof code, "M%02d", i);
        in.code = code;
        in.name = "Công trình thử tiền";
        in.category = "rural_road";
        in.unit_code = "05803";
        in.place = "xóm thử";
        assert_int_equal(trk_work_add(db, &in, NULL, 0, &err), 0);
    }
    for (i = 0; i < N_ALLOCATIONS; i++) {
        trk_alloc_input a = {0};
        int w = (int)(rnd() % N_WORKS), l = (int)(rnd() % 4),
            s = (int)(rnd() % 2);
        /* Up to 5 tỷ, to the đồng: odd amounts are where rounding bites. */
        int64_t vnd = 1 + (int64_t)(rnd() % 5000000000ULL), parsed;
        grouped(vnd, i % 2 ? '.' : ',', text, sizeof text);
        assert_int_equal(
            trk_parse_amount(text, TRK_MONEY_VND, &parsed, why, sizeof why), 0);
        assert_int_equal(parsed, vnd);
        snprintf(code, sizeof code, "M%02d", w);
        a.work_code = code;
        a.line = lines[l];
        a.amount_vnd = parsed;
        a.source = sources[s];
        a.capital = capitals[rnd() % 2];
        a.force = 1; /* far past the plan: the sums are what is tested */
        if (trk_allocate(db, &a, NULL, NULL, 0, &err))
            fail_msg("allocation %d: %s", i, err.msg);
        by_line_source[l][s] += vnd;
        by_work[w] += vnd;
        total += vnd;
    }
    for (i = 0; i < N_EVENTS; i++) {
        trk_progress_input e = {0};
        int w = (int)(rnd() % N_WORKS);
        char date[11];
        /* Cumulative to date: each report adds up to 300 triệu. */
        disbursed[w] += (int64_t)(rnd() % 300000001ULL);
        snprintf(code, sizeof code, "M%02d", w);
        /* Dated in order: a day every eight reports. */
        snprintf(date, sizeof date, "2023-%02d-%02d", 1 + i / 8 / 28,
                 1 + i / 8 % 28);
        e.work_code = code;
        e.date = date;
        e.has_disbursed = 1;
        e.disbursed_vnd = disbursed[w];
        assert_int_equal(trk_progress_add(db, &e, NULL, &err), 0);
    }
    assert_int_equal(gis_db_commit(db, &err), 0);

    for (int l = 0; l < 4; l++)
        for (int s = 0; s < 2; s++) {
            char sql[256];
            snprintf(sql, sizeof sql,
                     "SELECT sum(amount_vnd) FROM allocation WHERE"
                     " budget_line_id = ?1 AND funding_source = '%s'",
                     sources[s]);
            assert_int_equal(q(db, sql, lines[l]), by_line_source[l][s]);
        }
    for (i = 0; i < N_WORKS; i++) {
        snprintf(code, sizeof code, "M%02d", i);
        assert_int_equal(q(db,
                           "SELECT coalesce(amount_vnd, 0) FROM work_summary"
                           " WHERE code = ?1",
                           code),
                         by_work[i]);
        assert_int_equal(q(db,
                           "SELECT coalesce(s.disbursed_vnd, 0) FROM"
                           " work_state s JOIN work w ON w.id = s.work_id"
                           " WHERE w.code = ?1",
                           code),
                         disbursed[i]);
        total_disbursed += disbursed[i];
    }
    assert_int_equal(q(db, "SELECT sum(amount_vnd) FROM allocation", NULL),
                     total);
    assert_int_equal(q(db, "SELECT sum(disbursed_vnd) FROM work_state", NULL),
                     total_disbursed);
    /* Every allocation past a cap says so, with who recorded it. */
    assert_int_equal(q(db,
                       "SELECT count(*) FROM allocation WHERE forced AND"
                       " (override_note IS NULL OR recorded_by IS NULL)",
                       NULL),
                     0);
    assert_true(q(db, "SELECT count(*) FROM allocation WHERE forced", NULL) >
                N_ALLOCATIONS / 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_money_to_the_dong),
    };
    return cmocka_run_group_tests(tests, layers_db_setup, layers_db_teardown);
}
