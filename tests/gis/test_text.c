/*
 * test_text.c: name keys fold the ways public data writes one name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "gis_text.h"

static void key_is(const char *in, const char *want) {
    char key[128];
    assert_int_equal(gis_text_key(in, key, sizeof key), 0);
    assert_string_equal(key, want);
}

static void test_folds_case_marks_spaces(void **state) {
    (void)state;
    key_is("Đại Từ", "daitu");
    key_is("ĐạiTừ", "daitu");
    key_is("ĐẠI TỪ", "daitu");
    key_is("dai tu", "daitu");
    key_is("AnKhánh", "ankhanh");
    key_is("Xã An Khánh", "xaankhanh");
}

static void test_nfd_equals_nfc(void **state) {
    (void)state;
    /* "Phú Lạc" with combining marks (NFD). */
    key_is("Phu\xcc\x81 La\xcc\xa3"
           "c",
           "phulac");
}

static void test_distinct_names_stay_distinct_only_by_letters(void **state) {
    char a[64], b[64];
    (void)state;
    gis_text_key("Phú Lạc", a, sizeof a);
    gis_text_key("Phúc Lương", b, sizeof b);
    assert_string_not_equal(a, b);
}

static void test_invalid_utf8_and_truncation(void **state) {
    char key[4];
    (void)state;
    assert_int_equal(gis_text_key("\xff\xfe", key, sizeof key), 1);
    assert_int_equal(gis_text_key("Hùng Sơn", key, sizeof key), 0);
    assert_string_equal(key, "hun");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folds_case_marks_spaces),
        cmocka_unit_test(test_nfd_equals_nfc),
        cmocka_unit_test(test_distinct_names_stay_distinct_only_by_letters),
        cmocka_unit_test(test_invalid_utf8_and_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
