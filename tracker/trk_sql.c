/*
 * trk_sql.c: SQL functions the tracker registers on each connection, so
 * matching and money formatting mean the same in SQL as in C.
 */
#include "gis_text.h"
#include "trk_db.h"
#include "trk_money.h"

static void sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **v) {
    char key[512];
    const unsigned char *text = sqlite3_value_text(v[0]);
    (void)argc;
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    if (gis_text_key((const char *)text, key, sizeof key)) {
        sqlite3_result_error(ctx, "name_key: text is not valid UTF-8", -1);
        return;
    }
    sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

/* The folded words of a name, for full-text search: "Đồng Đình" ->
 * "dong dinh". */
static void sql_name_words(sqlite3_context *ctx, int argc, sqlite3_value **v) {
    char words[512];
    const unsigned char *text = sqlite3_value_text(v[0]);
    size_t i, n = 0;
    (void)argc;
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    if (gis_text_fold((const char *)text, words, sizeof words)) {
        sqlite3_result_error(ctx, "name_words: text is not valid UTF-8", -1);
        return;
    }
    /* Separators and abbreviation marks do not belong in an index. */
    for (i = 0; words[i]; i++)
        if (words[i] != '.' && words[i] != ',' && words[i] != ';' &&
            words[i] != '/')
            words[n++] = words[i];
    words[n] = '\0';
    sqlite3_result_text(ctx, words, -1, SQLITE_TRANSIENT);
}

static void sql_million_vi(sqlite3_context *ctx, int argc, sqlite3_value **v) {
    char out[48];
    (void)argc;
    if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    trk_million_vi(sqlite3_value_int64(v[0]), out, sizeof out);
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

int trk_sql_functions(gis_db *db, gis_error *err) {
    if (sqlite3_create_function(db->handle, "name_key", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_name_key, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db->handle, "name_words", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_name_words, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db->handle, "million_vi", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                sql_million_vi, NULL, NULL) != SQLITE_OK) {
        gis_error_set(err, "cannot register SQL functions: %s",
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}
