/*
 * test_placename.c: prefixes, abbreviations, legacy encodings and typos
 * in place names as engineers' spreadsheets write them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "gis_placename.h"
#include "gis_text.h"

static void parts_are(const char *text, int n, const gis_level *levels,
                      const char *const *keys) {
    gis_name_part parts[8];
    int got, i;
    assert_int_equal(gis_placename_parse(text, parts, 8, &got), 0);
    if (got != n)
        fail_msg("'%s': %d parts, expected %d", text, got, n);
    for (i = 0; i < n; i++) {
        if (parts[i].level != levels[i] || strcmp(parts[i].key, keys[i]))
            fail_msg("'%s' part %d: %s '%s', expected %s '%s'", text, i,
                     gis_level_name(parts[i].level), parts[i].key,
                     gis_level_name(levels[i]), keys[i]);
    }
}

static void test_prefixes(void **state) {
    const gis_level hc[] = {GIS_LEVEL_HAMLET, GIS_LEVEL_COMMUNE};
    const gis_level c[] = {GIS_LEVEL_COMMUNE};
    const gis_level a[] = {GIS_LEVEL_ANY};
    const gis_level cd[] = {GIS_LEVEL_COMMUNE, GIS_LEVEL_DISTRICT};
    const char *const dd_lb[] = {"dongdinh", "labang"};
    (void)state;
    parts_are("xóm Đồng Đình, xã La Bằng", 2, hc, dd_lb);
    parts_are("xom Dong Dinh xa La Bang", 2, hc, dd_lb);
    parts_are("XÓM ĐỒNG ĐÌNH - X. LA BẰNG", 2, hc, dd_lb);
    parts_are("Thôn Đồng Đình, X.La Bằng", 2, hc, dd_lb);
    parts_are("TT. Hùng Sơn", 1, c, (const char *const[]){"hungson"});
    parts_are("TT.Hùng Sơn", 1, c, (const char *const[]){"hungson"});
    parts_are("Thị trấn Hùng Sơn", 1, c, (const char *const[]){"hungson"});
    parts_are("ĐạiTừ", 1, a, (const char *const[]){"daitu"});
    parts_are("X. Cù Vân, H. Đại Từ", 2, cd,
              (const char *const[]){"cuvan", "daitu"});
    /* Without the full stop a single letter is part of the name. */
    parts_are("P Lac", 1, a, (const char *const[]){"plac"});
    /* A prefix word alone is a name. */
    parts_are("Xã", 1, a, (const char *const[]){"xa"});
}

static void test_whole_keeps_prefix_words(void **state) {
    gis_name_part parts[4];
    int n;
    (void)state;
    /* "Bản Ngoại" is a commune whose name starts like a hamlet prefix. */
    assert_int_equal(gis_placename_parse("Bản Ngoại", parts, 4, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].level, GIS_LEVEL_HAMLET);
    assert_string_equal(parts[0].key, "ngoai");
    assert_string_equal(parts[0].whole, "banngoai");
    assert_string_equal(parts[0].words, "ngoai");
}

static void test_clean_tcvn3_and_nfd(void **state) {
    char *out = NULL;
    (void)state;
    /* Raw TCVN3 bytes for "Đại Từ" (not valid UTF-8). */
    assert_int_equal(gis_text_clean("\xa7\xb9i T\xf5", &out), 1);
    assert_string_equal(out, "Đại Từ");
    free(out);
    /* The same bytes misread as Latin-1 and saved as UTF-8. */
    assert_int_equal(gis_text_clean("\xc2\xa7\xc2\xb9i T\xc3\xb5", &out), 1);
    assert_string_equal(out, "Đại Từ");
    free(out);
    /* NFD becomes NFC; real UTF-8 is left alone. */
    assert_int_equal(gis_text_clean("Phu\xcc\x81 La\xcc\xa3"
                                    "c",
                                    &out),
                     0);
    assert_string_equal(out, "Phú Lạc");
    free(out);
    assert_int_equal(gis_text_clean("Café", &out), 0);
    assert_string_equal(out, "Café");
    free(out);
    /* Vietnamese whose letters all lie in Latin-1 is not TCVN3. */
    assert_int_equal(gis_text_clean("xóm Ninh Hòa Vinh, xã Vân Cát", &out), 0);
    assert_string_equal(out, "xóm Ninh Hòa Vinh, xã Vân Cát");
    free(out);
}

static void test_distance(void **state) {
    (void)state;
    assert_int_equal(gis_text_distance("labang", "labang", 1), 0);
    assert_int_equal(gis_text_distance("labang", "lbang", 1), 1);
    assert_int_equal(gis_text_distance("labang", "albang", 1), 1);
    assert_int_equal(gis_text_distance("labang", "labanh", 1), 1);
    assert_int_equal(gis_text_distance("labang", "labangx", 1), 1);
    assert_int_equal(gis_text_distance("phulac", "phuclinh", 1), 2);
    assert_int_equal(gis_text_distance("", "ab", 3), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_whole_keeps_prefix_words),
        cmocka_unit_test(test_clean_tcvn3_and_nfd),
        cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
