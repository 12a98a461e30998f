/*
 * test_fuzzy.c: one-typo lookups find every key within one edit and
 * nothing further away.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "gis_fuzzy.h"

typedef struct found {
    int64_t ids[16];
    int dist[16];
    int n;
} found;

static void collect(int64_t id, int distance, void *ctx) {
    found *f = ctx;
    if (f->n < 16) {
        f->ids[f->n] = id;
        f->dist[f->n++] = distance;
    }
}

static int has(const found *f, int64_t id, int dist) {
    int i;
    for (i = 0; i < f->n; i++)
        if (f->ids[i] == id && f->dist[i] == dist)
            return 1;
    return 0;
}

static void test_exact_and_one_edit(void **state) {
    gis_fuzzy *fz = gis_fuzzy_new();
    found f;
    (void)state;
    assert_non_null(fz);
    assert_int_equal(gis_fuzzy_add(fz, "phulac", 1), 0);
    assert_int_equal(gis_fuzzy_add(fz, "phucluong", 2), 0);
    assert_int_equal(gis_fuzzy_add(fz, "phuclinh", 3), 0);
    assert_int_equal(gis_fuzzy_add(fz, "labang", 4), 0);
    assert_int_equal(gis_fuzzy_add(fz, "labang", 5), 0); /* same key, 2 ids */
    assert_int_equal(gis_fuzzy_size(fz), 5);

    memset(&f, 0, sizeof f);
    assert_int_equal(gis_fuzzy_find(fz, "phulac", 0, collect, &f), 1);
    assert_true(has(&f, 1, 0));

    memset(&f, 0, sizeof f);
    assert_int_equal(gis_fuzzy_find(fz, "labang", 1, collect, &f), 2);
    assert_true(has(&f, 4, 0) && has(&f, 5, 0));

    /* Deletion, insertion, substitution, transposition. */
    const char *const typos[] = {"lbang", "laabang", "labanh", "albang"};
    for (int i = 0; i < 4; i++) {
        memset(&f, 0, sizeof f);
        assert_int_equal(gis_fuzzy_find(fz, typos[i], 1, collect, &f), 2);
        assert_true(has(&f, 4, 1) && has(&f, 5, 1));
    }
    /* Two edits away is not found; near-twins are not confused. */
    memset(&f, 0, sizeof f);
    assert_int_equal(gis_fuzzy_find(fz, "lbanh", 1, collect, &f), 0);
    memset(&f, 0, sizeof f);
    gis_fuzzy_find(fz, "phuclinh", 1, collect, &f);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, 3, 0));
    gis_fuzzy_free(fz);
}

static void test_many_keys(void **state) {
    gis_fuzzy *fz = gis_fuzzy_new();
    char key[16];
    found f;
    (void)state;
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%dx", i);
        assert_int_equal(gis_fuzzy_add(fz, key, i), 0);
    }
    memset(&f, 0, sizeof f);
    gis_fuzzy_find(fz, "k4321x", 0, collect, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.ids[0], 4321);
    gis_fuzzy_free(fz);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_and_one_edit),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
