/*
 * test_map_print.c: the printable map of the reference layers and the
 * illustrative sample is a real A4 landscape page: not blank, its units
 * filled with the legend's class colours, the legend and the note box
 * where the API says they are, a scale bar that measures what it claims
 * on the ellipsoid, a one-page PDF; bad input names the culprit and
 * writes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layers_db.h"
#include "trk_map_print.h"
#include "trk_sample.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static char path_buf[512];

static const char *out_path(const char *name) {
    snprintf(path_buf, sizeof path_buf, "%s/%s", layers_db_dir, name);
    return path_buf;
}

static int setup(void **state) {
    gis_error err;
    int works;
    if (layers_db_setup(state))
        return -1;
    if (trk_sample_load(*state, NULL, &works, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static long file_size(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y) {
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               (size_t)y * cairo_image_surface_get_stride(s);
    return ((const uint32_t *)row)[x] & 0xffffff;
}

static int close_to(uint32_t px, const unsigned char rgb[3], int tol) {
    return abs((int)(px >> 16 & 0xff) - rgb[0]) <= tol &&
           abs((int)(px >> 8 & 0xff) - rgb[1]) <= tol &&
           abs((int)(px & 0xff) - rgb[2]) <= tol;
}

/* Pixels of colour rgb inside box b. */
static long count_colour(cairo_surface_t *s, trk_map_box b,
                         const unsigned char rgb[3]) {
    int x, y, w = cairo_image_surface_get_width(s),
              h = cairo_image_surface_get_height(s);
    long n = 0;
    for (y = (int)b.y; y < (int)(b.y + b.h) && y < h; y++)
        for (x = (int)b.x; x < (int)(b.x + b.w) && x < w; x++)
            n += close_to(pixel(s, x, y), rgb, 1);
    return n;
}

/* Pixels of ink (text) inside box b, less a border of 10 pixels. */
static long dark_pixels(cairo_surface_t *s, trk_map_box b) {
    int x, y;
    long n = 0;
    for (y = (int)b.y + 10; y < (int)(b.y + b.h) - 10; y++)
        for (x = (int)b.x + 10; x < (int)(b.x + b.w) - 10; x++) {
            uint32_t p = pixel(s, x, y);
            n += (p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff) < 3 * 90;
        }
    return n;
}

static long distinct_colours(cairo_surface_t *s) {
    unsigned char *seen = calloc(1 << 21, 1);
    int x, y, w = cairo_image_surface_get_width(s),
              h = cairo_image_surface_get_height(s);
    long n = 0;
    assert_non_null(seen);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            uint32_t p = pixel(s, x, y);
            if (!(seen[p >> 3] & (1 << (p & 7)))) {
                seen[p >> 3] |= 1 << (p & 7);
                n++;
            }
        }
    free(seen);
    return n;
}

static int inside(trk_map_box in, trk_map_box out) {
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/* Great-circle distance on the mean sphere: an independent check of the
 * scale bar, good to about 0.2% at this latitude. */
static double haversine_m(const double *ll) {
    double r = M_PI / 180, dlat = (ll[3] - ll[1]) * r,
           dlon = (ll[2] - ll[0]) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(ll[1] * r) * cos(ll[3] * r) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371008.8 * asin(sqrt(a));
}

static void test_png_page(void **state) {
    trk_map_opts o = {"allocated", NULL, NULL, "2024-06-30"};
    trk_map_print_info info;
    gis_error err = {{0}};
    const char *path = out_path("map.png");
    cairo_surface_t *s;
    trk_map_box header;
    int i;

    if (trk_map_print_write_info(*state, path, "png", &o, &info, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(info.width, 1754);
    assert_int_equal(info.height, 1240);
    assert_string_equal(info.projection, "EPSG:9213");
    assert_int_equal(info.units, 30);
    assert_true(info.works >= 10);
    assert_true(file_size(path) > 50000);

    s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), 1754);
    assert_int_equal(cairo_image_surface_get_height(s), 1240);
    assert_true(distinct_colours(s) > 300);

    /* The title is there, in dark ink across the top. */
    header = (trk_map_box){0, 0, info.width, info.map.y};
    assert_true(dark_pixels(s, header) > 2000);

    /* Every class colours the map and has its swatch in the legend. */
    assert_true(info.nclasses >= 3);
    assert_true(info.legend.w > 0 && info.legend.h > 0);
    for (i = 0; i < info.nclasses; i++) {
        const trk_map_class *c = &info.classes[i];
        long swatch = (long)(c->swatch.w * c->swatch.h);
        assert_true(c->units > 0);
        assert_true(strlen(c->label) > 0);
        assert_true(inside(c->swatch, info.legend));
        if (count_colour(s, c->swatch, c->rgb) < swatch / 2)
            fail_msg("class %d (%s) has no swatch in the legend", i, c->label);
        if (count_colour(s, info.legend, c->rgb) < swatch / 2)
            fail_msg("class %d (%s) not in the legend box", i, c->label);
        if (count_colour(s, info.map, c->rgb) < 200)
            fail_msg("class %d (%s) not on the map", i, c->label);
    }

    /* Boundaries are approximate and works illustrative: the box says so. */
    assert_true(info.approximate);
    assert_true(info.illustrative);
    assert_true(info.notes.w > 0 && info.notes.h > 0);
    assert_true(count_colour(s, info.notes, info.note_rgb) >
                (long)(info.notes.w * info.notes.h * 0.4));
    assert_true(dark_pixels(s, info.notes) > 200); /* its text */

    /* The bar is as long on the ground as its label says. */
    assert_true(info.scale_bar_km > 0);
    assert_true(fabs(haversine_m(info.scale_bar_lonlat) / 1000 -
                     info.scale_bar_km) < info.scale_bar_km * 0.005);

    cairo_surface_destroy(s);
    unlink(path);
}

/* The first n bytes of needle in buf[0, size), or NULL (memmem is GNU). */
static const char *find(const char *buf, long size, const char *needle) {
    long i, n = (long)strlen(needle);
    for (i = 0; i + n <= size; i++)
        if (!memcmp(buf + i, needle, n))
            return buf + i;
    return NULL;
}

static void test_pdf_one_page(void **state) {
    trk_map_print_info info;
    gis_error err = {{0}};
    const char *path = out_path("map.pdf");
    const char *p;
    char *buf;
    long size, pages = 0;
    FILE *f;

    if (trk_map_print_write_info(*state, path, NULL, NULL, &info, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(info.width, 842);
    assert_int_equal(info.height, 595);
    assert_true(info.scale == 1);
    size = file_size(path);
    assert_true(size > 5000);
    buf = malloc(size + 1);
    assert_non_null(buf);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, size, f), size);
    fclose(f);
    buf[size] = '\0';
    assert_memory_equal(buf, "%PDF-", 5);
    for (p = buf; (p = find(p, size - (p - buf), "/Type /Page")); p += 11)
        pages += p[11] != 's';
    assert_int_equal(pages, 1);
    assert_non_null(find(buf, size, "/MediaBox [ 0 0 842 595 ]"));
    free(buf);
    unlink(path);
}

/* Every indicator on both unit sets; each unit in one class or hatched. */
static void test_every_indicator(void **state) {
    static const char *const inds[] = {"works", "allocated", "disbursed_rate",
                                       "vnd_per_km2"};
    static const char *const sets[] = {"2022", "current"};
    const char *path = out_path("each.png");
    size_t i, j;
    int c, sum;

    for (i = 0; i < 4; i++)
        for (j = 0; j < 2; j++) {
            trk_map_opts o = {inds[i], sets[j], "Bản đồ thử", "2024-06-30"};
            trk_map_print_info info;
            gis_error err = {{0}};
            if (trk_map_print_write_info(*state, path, "png", &o, &info, &err))
                fail_msg("%s/%s: %s", inds[i], sets[j], err.msg);
            assert_int_equal(info.units, j ? 10 : 30);
            for (sum = info.no_data_units, c = 0; c < info.nclasses; c++)
                sum += info.classes[c].units;
            assert_int_equal(sum, info.units);
            if (!strcmp(inds[i], "disbursed_rate") && !j) {
                cairo_surface_t *s = cairo_image_surface_create_from_png(path);
                assert_true(info.no_data_units > 0);
                assert_true(count_colour(s, info.map, info.no_data_rgb) > 200);
                cairo_surface_destroy(s);
            }
            unlink(path);
        }
}

/* The note box follows the data: gone when both facts are official. */
static void test_notes_follow_data(void **state) {
    gis_db *db = *state;
    trk_map_print_info info;
    gis_error err = {{0}};
    const char *path = out_path("notes.png");

    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_db_exec(db,
                                 "UPDATE admin_unit SET boundary_source ="
                                 " 'official'",
                                 &err),
                     0);
    if (trk_map_print_write_info(db, path, "png", NULL, &info, &err))
        fail_msg("%s", err.msg);
    assert_false(info.approximate);
    assert_true(info.illustrative);
    assert_true(info.notes.h > 0);
    assert_int_equal(gis_db_exec(db, "UPDATE work SET illustrative = 0", &err),
                     0);
    if (trk_map_print_write_info(db, path, "png", NULL, &info, &err))
        fail_msg("%s", err.msg);
    assert_false(info.approximate);
    assert_false(info.illustrative);
    assert_true(info.notes.w == 0 && info.notes.h == 0);
    gis_db_rollback(db);
    unlink(path);
}

static void rejected(gis_db *db, const char *path, const char *format,
                     const trk_map_opts *o, const char *want) {
    gis_error err = {{0}};
    assert_int_not_equal(trk_map_print_write(db, path, format, o, &err), 0);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(access(path, F_OK), -1);
}

static void test_bad_input(void **state) {
    gis_db *db = *state, *empty = NULL;
    trk_map_opts bad_ind = {"bogus", NULL, NULL, NULL};
    trk_map_opts bad_units = {NULL, "1999", NULL, NULL};
    trk_map_opts bad_day = {NULL, NULL, NULL, "30/06/2024"};
    char png[512], empty_db[512];
    gis_error err;

    snprintf(png, sizeof png, "%s", out_path("bad.png"));
    rejected(db, png, "svg", NULL, "unknown map format 'svg'");
    rejected(db, out_path("map.tif"), NULL, NULL, "map.tif");
    rejected(db, "/nonexistent-dir/map.png", "png", NULL,
             "cannot write '/nonexistent-dir/map.png'");
    rejected(db, png, "png", &bad_ind, "unknown indicator 'bogus'");
    rejected(db, png, "png", &bad_units, "unknown unit set '1999'");
    rejected(db, png, "png", &bad_day, "'30/06/2024' is not a date");

    /* A database without layers has nothing to draw. */
    snprintf(empty_db, sizeof empty_db, "%s", out_path("empty.sqlite"));
    if (trk_db_create(&empty, empty_db, &err))
        fail_msg("%s", err.msg);
    rejected(empty, png, "png", NULL, "no unit polygons");
    gis_db_close(empty);
    unlink(empty_db);
}

/* Fontconfig, which cairo's text goes through, keeps its configuration
 * for the life of the process; LeakSanitizer would count it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig\n"; }

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_page),
        cmocka_unit_test(test_pdf_one_page),
        cmocka_unit_test(test_every_indicator),
        cmocka_unit_test(test_notes_follow_data),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, layers_db_teardown);
}
