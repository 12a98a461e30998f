/*
 * test_db_lost.c: a trigger's RAISE(ROLLBACK) ends the whole transaction,
 * and SQLite then runs later statements in autocommit mode, each written
 * at once.  SpatiaLite's geometry checks raise so (a 3D line into a 2D
 * column).  gis_db must notice, refuse everything until the caller rolls
 * back, and leave the file as it was before the transaction.
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

#include "gis_db.h"

static void test_rollback_by_trigger(void **state) {
    gis_db *db = NULL;
    gis_error err;
    sqlite3_stmt *st = NULL;
    char path[512];
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    (void)state;

    snprintf(path, sizeof path, "%s/test_db_lost.sqlite", tmp);
    unlink(path);
    assert_int_equal(gis_db_open(&db, path, GIS_DB_CREATE, &err), 0);
    assert_int_equal(
        gis_db_exec(db,
                    "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);"
                    " CREATE TRIGGER t_check BEFORE INSERT ON t WHEN"
                    " NEW.v < 0 BEGIN SELECT RAISE(ROLLBACK, 'v must not be"
                    " negative'); END;",
                    &err),
        0);

    assert_int_equal(gis_db_begin(db, &err), 0);
    assert_int_equal(gis_db_begin(db, &err), 0); /* a savepoint inside */
    assert_int_equal(gis_db_exec(db, "INSERT INTO t VALUES (2)", &err), 0);
    assert_false(gis_db_lost(db));
    /* The trigger ends the transaction: the row 2 is undone with it. */
    assert_int_not_equal(gis_db_exec(db, "INSERT INTO t VALUES (-1)", &err), 0);
    assert_true(gis_db_lost(db));
    /* Nothing more runs: not a statement, not a cached one, not a commit
     * (which would otherwise 'succeed' on an empty autocommit). */
    assert_int_not_equal(gis_db_exec(db, "INSERT INTO t VALUES (3)", &err), 0);
    assert_non_null(strstr(err.msg, "rolled back by the database"));
    assert_int_not_equal(gis_db_stmt(db, &st, "INSERT INTO t VALUES (4)", &err),
                         0);
    assert_null(st);
    assert_int_not_equal(
        gis_db_prepare(db, &st, "INSERT INTO t VALUES (5)", &err), 0);
    assert_int_not_equal(gis_db_commit(db, &err), 0);
    gis_db_rollback(db);
    gis_db_rollback(db);
    assert_false(gis_db_lost(db));

    /* The table holds what it held before the transaction, and the
     * connection works again. */
    assert_int_equal(gis_db_int(db, -1, "SELECT group_concat(v) FROM t", NULL),
                     1);
    assert_int_equal(gis_db_exec(db, "INSERT INTO t VALUES (6)", &err), 0);
    assert_int_equal(gis_db_int(db, -1, "SELECT count(*) FROM t", NULL), 2);
    gis_db_close(db);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollback_by_trigger),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
