/*
 * test_schema.c: opening an older file migrates it in place, keeping its
 * data; newer or foreign files are refused with a clear message.
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

#include "trk_db.h"

static char dir[] = "/tmp/trk-schema-XXXXXX";

static void path_of(char *out, size_t n, const char *name) {
    snprintf(out, n, "%s/%s", dir, name);
}

static void test_version_1_file_is_migrated(void **state) {
    char path[256];
    gis_db *db = NULL;
    gis_error err;
    (void)state;
    path_of(path, sizeof path, "v1.sqlite");
    /* A file as version 1 of the schema wrote it, with one work. */
    assert_int_equal(gis_db_open(&db, path, GIS_DB_CREATE, &err), 0);
    assert_int_equal(trk_schema_migrate(db, 1, &err), 0);
    assert_int_equal(trk_schema_version(db), 1);
    assert_false(gis_db_has_table(db, "work_summary"));
    assert_int_equal(
        gis_db_exec(db,
                    "INSERT INTO meta VALUES ('application', 'tracker');"
                    "INSERT INTO category VALUES ('bridge', 'Cầu dân sinh',"
                    " 'bridge', 'transport.road', NULL, 0, 1);"
                    "INSERT INTO admin_unit (key, code, name, full_name,"
                    " name_key, kind, province_code) VALUES ('05803-2022',"
                    " '05803', 'Tiên Hội', 'Xã Tiên Hội', 'tienhoi', 'xa',"
                    " '19');"
                    "INSERT INTO work (code, name, category_id, unit_id,"
                    " point) VALUES ('OLD-1', 'Cầu cũ', 'bridge', 1,"
                    " MakePoint(105.6189, 21.6458, 4326));",
                    &err),
        0);
    gis_db_close(db);

    assert_int_equal(trk_db_open(&db, path, &err), 0);
    assert_int_equal(trk_schema_version(db), trk_schema_latest());
    assert_true(trk_schema_latest() >= 2);
    assert_true(gis_db_has_table(db, "work_summary"));
    assert_true(gis_db_has_table(db, "layer_info"));
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work_summary WHERE code"
                                " = 'OLD-1' AND unit_name = 'Xã Tiên Hội'",
                                NULL),
                     1);
    /* Version 3 put the file's names in the gazetteer. */
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM gazetteer_name WHERE"
                                " key = 'tienhoi' AND feature_type = 'unit'",
                                NULL),
                     1);
    /* Version 4 wrote work_type's CHECK as comparisons: the same values
     * pass and fail, the stored work is intact. */
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM sqlite_master WHERE"
                                " name = 'work' AND sql LIKE '%work_type ="
                                " ''maintenance''%' AND sql NOT LIKE"
                                " '%work_type IN%'",
                                NULL),
                     1);
    assert_int_not_equal(gis_db_exec(db,
                                     "INSERT INTO work (code, name,"
                                     " category_id, unit_id, work_type)"
                                     " VALUES ('NEW-1', 'x', 'bridge', 1,"
                                     " 'rebuild')",
                                     &err),
                         0);
    assert_non_null(strstr(err.msg, "CHECK constraint failed"));
    assert_int_equal(gis_db_exec(db,
                                 "INSERT INTO work (code, name, category_id,"
                                 " unit_id, work_type) VALUES ('NEW-2', 'x',"
                                 " 'bridge', 1, 'maintenance')",
                                 &err),
                     0);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work WHERE code ="
                                " 'OLD-1' AND X(point) = 105.6189",
                                NULL),
                     1);
    assert_int_equal(
        gis_db_int(db, 0, "SELECT count(*) FROM pragma_integrity_check", NULL),
        1);
    gis_db_close(db);
    unlink(path);
}

static void test_newer_file_is_refused(void **state) {
    char path[256];
    gis_db *db = NULL;
    gis_error err;
    (void)state;
    path_of(path, sizeof path, "new.sqlite");
    assert_int_equal(trk_db_create(&db, path, &err), 0);
    assert_int_equal(gis_db_exec(db, "PRAGMA user_version = 99", &err), 0);
    gis_db_close(db);
    assert_int_not_equal(trk_db_open(&db, path, &err), 0);
    assert_null(db);
    assert_non_null(strstr(err.msg, "newer"));
    unlink(path);
}

static void test_foreign_file_is_refused(void **state) {
    char path[256];
    gis_db *db = NULL;
    gis_error err;
    FILE *f;
    (void)state;
    path_of(path, sizeof path, "plain.sqlite");
    assert_int_equal(gis_db_open(&db, path, GIS_DB_CREATE, &err), 0);
    assert_int_equal(gis_db_exec(db, "CREATE TABLE x (y)", &err), 0);
    gis_db_close(db);
    assert_int_not_equal(trk_db_open(&db, path, &err), 0);
    assert_non_null(strstr(err.msg, "not a tracker database"));
    unlink(path);

    path_of(path, sizeof path, "text.sqlite");
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, just text long enough to be read\n", f);
    fclose(f);
    assert_int_not_equal(trk_db_open(&db, path, &err), 0);
    assert_non_null(strstr(err.msg, path));
    unlink(path);
}

static void test_create_refuses_existing_file(void **state) {
    char path[256];
    gis_db *db = NULL;
    gis_error err;
    (void)state;
    path_of(path, sizeof path, "twice.sqlite");
    assert_int_equal(trk_db_create(&db, path, &err), 0);
    gis_db_close(db);
    assert_int_not_equal(trk_db_create(&db, path, &err), 0);
    assert_non_null(strstr(err.msg, "already exists"));
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_1_file_is_migrated),
        cmocka_unit_test(test_newer_file_is_refused),
        cmocka_unit_test(test_foreign_file_is_refused),
        cmocka_unit_test(test_create_refuses_existing_file),
    };
    if (!mkdtemp(dir))
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
