/*
 * test_nearest.c: the nearest-point index against a brute-force search
 * with PROJ's geodesic, on random points over a province.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gis_geom.h"
#include "gis_nearest.h"

#define N_POINTS 3000
#define N_QUERIES 2000

static double uniform(unsigned *seed, double lo, double hi) {
    return lo + (hi - lo) * (rand_r(seed) / (RAND_MAX + 1.0));
}

static void test_same_answer_as_brute_force(void **state) {
    static double lon[N_POINTS], lat[N_POINTS];
    gis_nearest *ix = NULL;
    gis_error err;
    unsigned seed = 7;
    int ties = 0;
    (void)state;
    assert_int_equal(gis_nearest_new(&ix, "EPSG:32648", &err), 0);
    for (int i = 0; i < N_POINTS; i++) {
        lon[i] = uniform(&seed, 105.2, 106.3);
        lat[i] = uniform(&seed, 21.2, 22.2);
        assert_int_equal(gis_nearest_add(ix, i + 1, lon[i], lat[i], &err), 0);
    }
    assert_int_equal(gis_nearest_size(ix), N_POINTS);
    for (int q = 0; q < N_QUERIES; q++) {
        double x = uniform(&seed, 105.2, 106.3), y = uniform(&seed, 21.2, 22.2);
        double best = INFINITY, m;
        int64_t id, want = 0;
        for (int i = 0; i < N_POINTS; i++) {
            double d = gis_geodesic_distance_m(x, y, lon[i], lat[i]);
            if (d < best)
                best = d, want = i + 1;
        }
        assert_int_equal(gis_nearest_find(ix, x, y, &id, &m), 1);
        if (id != want) {
            /* Only a near-tie may differ: the plane and the ellipsoid
             * disagree by well under 0.1% over a province. */
            assert_true(m - best < best * 1e-3 + 0.01);
            ties++;
            continue;
        }
        assert_true(fabs(m - best) < 1e-6);
    }
    assert_true(ties < N_QUERIES / 100);
    /* The tree is built: a late point is refused, not silently lost. */
    assert_int_not_equal(gis_nearest_add(ix, 0, 105.5, 21.5, &err), 0);
    assert_non_null(strstr(err.msg, "before the first search"));
    gis_nearest_free(ix);
}

static void test_empty_and_bad(void **state) {
    gis_nearest *ix = NULL;
    gis_error err;
    int64_t id;
    double m;
    (void)state;
    assert_int_equal(gis_nearest_new(&ix, "EPSG:32648", &err), 0);
    assert_int_equal(gis_nearest_find(ix, 105.5, 21.5, &id, &m), 0);
    assert_int_equal(gis_nearest_add(ix, 1, 105.6, 21.6, &err), 0);
    /* A point no projection can take is said so, not taken for "none". */
    assert_int_equal(gis_nearest_find(ix, NAN, 21.5, &id, &m), -1);
    assert_int_equal(gis_nearest_find(ix, 105.5, 21.5, &id, &m), 1);
    assert_int_equal(id, 1);
    gis_nearest_free(ix);
    assert_int_not_equal(gis_nearest_new(&ix, "EPSG:999999", &err), 0);
    assert_null(ix);
    assert_non_null(strstr(err.msg, "EPSG:999999"));
    gis_nearest_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_answer_as_brute_force),
        cmocka_unit_test(test_empty_and_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
