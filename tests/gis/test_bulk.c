/*
 * test_bulk.c: the deferred spatial index (gis_bulk) and the in-memory
 * polygon index (gis_polyindex), on real SpatiaLite files.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gis_bulk.h"
#include "gis_db.h"
#include "gis_polyindex.h"

static gis_db *spatial_db(const char *name, char *path, size_t n) {
    gis_db *db = NULL;
    gis_error err;
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, n, "%s/%s", tmp, name);
    unlink(path);
    assert_int_equal(gis_db_open(&db, path, GIS_DB_CREATE, &err), 0);
    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_db_init_spatial(db, &err), 0);
    assert_int_equal(
        gis_db_exec(db, "CREATE TABLE site (id INTEGER PRIMARY KEY, name TEXT)",
                    &err),
        0);
    assert_int_equal(gis_db_add_geometry(db, "site", "pt", "POINT", &err), 0);
    assert_int_equal(gis_db_commit(db, &err), 0);
    return db;
}

/* The triggers of site.pt as one text, to compare before and after. */
static char *triggers(gis_db *db) {
    sqlite3_stmt *st = NULL;
    char *all = calloc(1, 1);
    size_t len = 0;
    assert_int_equal(gis_db_prepare(db, &st,
                                    "SELECT name || ':' || sql FROM"
                                    " sqlite_master WHERE type = 'trigger'"
                                    " AND tbl_name = 'site' ORDER BY name",
                                    NULL),
                     0);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        all = realloc(all, len + strlen(t) + 2);
        memcpy(all + len, t, strlen(t));
        len += strlen(t);
        all[len++] = '\n';
        all[len] = '\0';
    }
    sqlite3_finalize(st);
    return all;
}

static int64_t count(gis_db *db, const char *sql) {
    return gis_db_int(db, -1, sql, NULL);
}

static void test_bulk_index_matches_trigger_index(void **state) {
    char path[512];
    gis_db *db = spatial_db("test_bulk.sqlite", path, sizeof path);
    gis_bulk_index b;
    gis_error err;
    char *before, *after;
    (void)state;

    /* One row indexed by the triggers, before the bulk load. */
    assert_int_equal(gis_db_exec(db,
                                 "INSERT INTO site (name, pt) VALUES ('old',"
                                 " MakePoint(105.5, 21.5, 4326))",
                                 &err),
                     0);
    before = triggers(db);
    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_bulk_index_begin(db, &b, "site", "pt", &err), 0);
    /* The insert triggers are gone while the rows go in. */
    assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master WHERE name"
                               " IN ('gii_site_pt', 'ggi_site_pt',"
                               " 'tmi_site_pt')"),
                     0);
    assert_int_equal(gis_db_exec(db,
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                                 " SELECT i + 1 FROM n WHERE i < 500) INSERT"
                                 " INTO site (name, pt) SELECT 's' || i,"
                                 " MakePoint(105 + i / 1000.0, 21 + i /"
                                 " 2000.0, 4326) FROM n; INSERT INTO site"
                                 " (name) VALUES ('no point')",
                                 &err),
                     0);
    /* A new row moved after its insert goes through the update trigger:
     * still one entry. */
    assert_int_equal(gis_db_exec(db,
                                 "UPDATE site SET pt = MakePoint(105.9, 21.9,"
                                 " 4326) WHERE name = 's7'",
                                 &err),
                     0);
    assert_int_equal(gis_bulk_index_end(db, &b, &err), 0);
    assert_int_equal(gis_db_commit(db, &err), 0);

    after = triggers(db);
    assert_string_equal(before, after);
    assert_int_equal(count(db, "SELECT count(*) FROM idx_site_pt"), 501);
    /* Every entry is its row's box, found by the index as by a scan. */
    assert_int_equal(count(db, "SELECT count(*) FROM site s JOIN idx_site_pt"
                               " i ON i.pkid = s.id WHERE i.xmin <= X(s.pt)"
                               " AND i.xmax >= X(s.pt) AND i.ymin <= Y(s.pt)"
                               " AND i.ymax >= Y(s.pt)"),
                     501);
    assert_int_equal(count(db, "SELECT count(*) FROM idx_site_pt WHERE xmin"
                               " > 105.89 AND ymin > 21.89"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM geometry_columns_time"
                               " WHERE f_table_name = 'site' AND"
                               " last_insert > '2000'"),
                     1);
    /* The triggers work again for the next plain insert. */
    assert_int_equal(gis_db_exec(db,
                                 "INSERT INTO site (name, pt) VALUES ('new',"
                                 " MakePoint(105.1, 21.1, 4326))",
                                 &err),
                     0);
    assert_int_equal(count(db, "SELECT count(*) FROM idx_site_pt"), 502);
    free(before);
    free(after);
    gis_db_close(db);
    unlink(path);
}

static void test_bulk_refuses_what_the_trigger_would(void **state) {
    char path[512];
    gis_db *db = spatial_db("test_bulk_bad.sqlite", path, sizeof path);
    gis_bulk_index b;
    gis_error err;
    char *before;
    (void)state;

    before = triggers(db);
    /* Outside a transaction it would leave the triggers dropped. */
    assert_int_not_equal(gis_bulk_index_begin(db, &b, "site", "pt", &err), 0);
    assert_non_null(strstr(err.msg, "transaction"));
    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_not_equal(
        gis_bulk_index_begin(db, &b, "site; DROP TABLE site", "pt", &err), 0);
    assert_int_not_equal(gis_bulk_index_begin(db, &b, "site", "name", &err), 0);
    assert_non_null(strstr(err.msg, "no spatial index"));
    assert_int_equal(gis_bulk_index_begin(db, &b, "site", "pt", &err), 0);
    /* A point in another SRID: what ggi_site_pt refuses row by row. */
    assert_int_equal(gis_db_exec(db,
                                 "INSERT INTO site (name, pt) VALUES ('bad',"
                                 " MakePoint(500000, 2300000, 3405))",
                                 &err),
                     0);
    assert_int_not_equal(gis_bulk_index_end(db, &b, &err), 0);
    assert_non_null(strstr(err.msg, "site.pt of row 1"));
    gis_db_rollback(db);
    {
        char *after = triggers(db);
        assert_string_equal(before, after);
        free(after);
    }
    assert_int_equal(count(db, "SELECT count(*) FROM site"), 0);
    free(before);
    gis_db_close(db);
    unlink(path);
}

static void test_polyindex_finds_the_lowest_containing(void **state) {
    char path[512];
    double d;
    gis_db *db = spatial_db("test_polyindex.sqlite", path, sizeof path);
    gis_polyindex *ix = NULL;
    gis_error err;
    (void)state;

    assert_int_equal(
        gis_db_exec(db,
                    "CREATE TABLE area (id INTEGER PRIMARY KEY, kind TEXT,"
                    " g BLOB); INSERT INTO area VALUES (7, 'a', AsBinary("
                    "BuildMbr(105, 21, 106, 22, 4326))), (3, 'a', AsBinary("
                    "BuildMbr(106, 21, 107, 22, 4326))), (5, 'b', AsBinary("
                    "BuildMbr(105, 21, 107, 22, 4326))), (9, 'a', NULL),"
                    " (11, 'a', AsBinary(GeomFromText('MULTIPOLYGON(((108 21,"
                    " 109 21, 109 22, 108 22, 108 21), (108.4 21.4, 108.6"
                    " 21.4, 108.6 21.6, 108.4 21.6, 108.4 21.4)))', 4326)))",
                    &err),
        0);
    assert_int_equal(gis_polyindex_load(&ix, db,
                                        "SELECT id, g FROM area WHERE kind"
                                        " = ?1",
                                        "a", &err),
                     0);
    assert_int_equal(gis_polyindex_size(ix), 3); /* the NULL one skipped */
    assert_int_equal(gis_polyindex_find(ix, 105.5, 21.5), 7);
    assert_int_equal(gis_polyindex_find(ix, 106.5, 21.5), 3);
    /* On the shared edge: both contain it, the lower id wins, as
     * trk_unit_at's ORDER BY id does. */
    assert_int_equal(gis_polyindex_find(ix, 106, 21.5), 3);
    assert_int_equal(gis_polyindex_find(ix, 104, 21.5), 0);
    /* A hole is outside. */
    assert_int_equal(gis_polyindex_find(ix, 108.5, 21.5), 0);
    assert_int_equal(gis_polyindex_find(ix, 108.2, 21.5), 11);
    /* Distances: 0 inside; west of 7's edge by 0.1 degree of longitude
     * at 21.5 N (10.36 km on the ellipsoid); in 11's hole, 0.05 degree of
     * latitude from the hole's southern edge (5.53 km). */
    assert_true(gis_polyindex_distance_m(ix, 105.5, 21.5) == 0);
    d = gis_polyindex_distance_m(ix, 104.9, 21.5);
    if (fabs(d - 10362) > 20)
        fail_msg("west of 7: %.1f m", d);
    d = gis_polyindex_distance_m(ix, 108.5, 21.45);
    if (fabs(d - 5534) > 20)
        fail_msg("in the hole: %.1f m", d);
    gis_polyindex_free(ix);

    assert_int_not_equal(
        gis_polyindex_load(&ix, db, "SELECT id, X'00FF' FROM area", NULL, &err),
        0);
    assert_null(ix);
    assert_non_null(strstr(err.msg, "not readable WKB"));
    gis_polyindex_free(NULL);
    gis_db_close(db);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bulk_index_matches_trigger_index),
        cmocka_unit_test(test_bulk_refuses_what_the_trigger_would),
        cmocka_unit_test(test_polyindex_finds_the_lowest_containing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
