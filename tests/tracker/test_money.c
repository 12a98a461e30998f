/*
 * test_money.c: amounts read and written the way the plan writes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trk_money.h"

static void test_million_vi(void **state) {
    char buf[48];
    (void)state;
    assert_string_equal(trk_million_vi(5558000000, buf, sizeof buf), "5.558,0");
    assert_string_equal(trk_million_vi(17860000000, buf, sizeof buf),
                        "17.860,0");
    assert_string_equal(trk_million_vi(53000000, buf, sizeof buf), "53,0");
    assert_string_equal(trk_million_vi(1234567890, buf, sizeof buf), "1.234,6");
    assert_string_equal(trk_million_vi(0, buf, sizeof buf), "0,0");
    assert_string_equal(trk_million_vi(-1206000000, buf, sizeof buf),
                        "-1.206,0");
    assert_string_equal(trk_million_vi(INT64_MAX, buf, sizeof buf),
                        "9.223.372.036.854,8");
}

static void test_parse_vnd(void **state) {
    int64_t v;
    (void)state;
    assert_int_equal(trk_parse_vnd("850000000", &v), 0);
    assert_int_equal(v, 850000000);
    assert_int_equal(trk_parse_vnd("850.000.000", &v), 0);
    assert_int_equal(v, 850000000);
    assert_int_equal(trk_parse_vnd("1,234,500,000", &v), 0);
    assert_int_equal(v, 1234500000);
    assert_int_not_equal(trk_parse_vnd("", &v), 0);
    assert_int_not_equal(trk_parse_vnd("12a", &v), 0);
    assert_int_not_equal(trk_parse_vnd("1.5", &v), 0);
    assert_int_not_equal(trk_parse_vnd("1.000,000", &v), 0);
    assert_int_not_equal(trk_parse_vnd("-5", &v), 0);
    assert_int_not_equal(trk_parse_vnd("99999999999999999999", &v), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_million_vi),
        cmocka_unit_test(test_parse_vnd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
