/*
 * trk_contract.c: contracts, checked field by field before anything is
 * written.
 */
#include "trk_contract.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "trk_alloc.h"
#include "trk_money.h"
#include "trk_parse.h"

static const char *const methods[] = {"open",      "limited", "direct",
                                      "community", "other",   NULL};
static const char *const purposes[] = {"design", "construction", "supervision",
                                       "goods",  "other",        NULL};
static const char *const statuses[] = {"pending", "active", "cancelled",
                                       "terminated", NULL};

static int in_list(const char *const *list, const char *v) {
    for (; *list; list++)
        if (!strcmp(*list, v))
            return 1;
    return 0;
}

/* 0 when mst has a tax code's shape: 10 digits (*branch NULL), or 13
 * digits with or without a dash after the tenth (*branch its last 3). */
static int mst_shape(const char *mst, const char **branch) {
    size_t n = mst ? strlen(mst) : 0;
    size_t digits = mst ? strspn(mst, "0123456789") : 0;
    *branch = NULL;
    if (n == 10 && digits == 10)
        return 0;
    if (n == 13 && digits == 13)
        *branch = mst + 10;
    else if (n == 14 && digits == 10 && mst[10] == '-' &&
             strspn(mst + 11, "0123456789") == 3)
        *branch = mst + 11;
    return *branch == NULL;
}

int trk_mst_written(const char *mst, char out[15]) {
    const char *branch;
    if (mst_shape(mst, &branch) || (branch && !strcmp(branch, "000")))
        return 1;
    if (branch)
        snprintf(out, 15, "%.10s-%s", mst, branch);
    else
        snprintf(out, 15, "%s", mst);
    return 0;
}

int trk_mst_check(const char *mst, char *why, size_t whysize) {
    const char *branch;
    if (mst_shape(mst, &branch)) {
        snprintf(why, whysize,
                 "tax code '%s' is not a Vietnamese tax code (MST): 10 "
                 "digits, or 13 with the branch (0101234567-001)",
                 mst);
        return 1;
    }
    if (branch && !strcmp(branch, "000")) {
        snprintf(why, whysize,
                 "tax code '%s': a branch number is 001-999, not 000", mst);
        return 1;
    }
    return 0;
}

/* The checks shared by add and update, on the fields given. */
static int check(const trk_contract_input *in, gis_error *err) {
    char why[256], d[11];
    if (in->tax_code && trk_mst_check(in->tax_code, why, sizeof why)) {
        gis_error_set(err, "%s (field tax-code)", why);
        return 1;
    }
    if (in->method && !in_list(methods, in->method)) {
        gis_error_set(err,
                      "method '%s' is not one of open, limited, direct, "
                      "community, other (field method)",
                      in->method);
        return 1;
    }
    if (in->purpose && !in_list(purposes, in->purpose)) {
        gis_error_set(err,
                      "purpose '%s' is not one of design, construction, "
                      "supervision, goods, other (field purpose)",
                      in->purpose);
        return 1;
    }
    if (in->status && !in_list(statuses, in->status)) {
        gis_error_set(err,
                      "status '%s' is not an OCDS contract status: pending, "
                      "active, cancelled, terminated (field status)",
                      in->status);
        return 1;
    }
    if (in->has_value && in->value_vnd > TRK_MONEY_MAX_VND) {
        gis_error_set(err, "value is more than 10^15 VND: is the unit wrong? "
                           "(field value)");
        return 1;
    }
    if (in->has_value && in->value_vnd < 0) {
        gis_error_set(err, "value must not be negative (field value)");
        return 1;
    }
    if (in->signed_on && trk_parse_date(in->signed_on, d, why, sizeof why)) {
        gis_error_set(err, "%s (field signed)", why);
        return 1;
    }
    if (in->due_on && trk_parse_date(in->due_on, d, why, sizeof why)) {
        gis_error_set(err, "%s (field due)", why);
        return 1;
    }
    if (in->signed_on && in->due_on && strcmp(in->due_on, in->signed_on) < 0) {
        gis_error_set(err, "due date %s is before the signing date %s",
                      in->due_on, in->signed_on);
        return 1;
    }
    return 0;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v) {
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int step_done(gis_db *db, sqlite3_stmt *st, const char *what,
                     gis_error *err) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "cannot %s the contract: %s", what,
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

int trk_contract_add(gis_db *db, const trk_contract_input *in, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int64_t work_id;
    if (!in->code || !*in->code) {
        gis_error_set(err, "a contract needs its number (field code)");
        return 1;
    }
    work_id = in->work_code
                  ? gis_db_int(db, 0, "SELECT id FROM work WHERE code = ?1",
                               in->work_code, NULL)
                  : 0;
    if (!work_id) {
        gis_error_set(err, "no work with code '%s' (field work)",
                      in->work_code ? in->work_code : "");
        return 1;
    }
    if (gis_db_int(db, 0, "SELECT count(*) FROM contract WHERE code = ?1",
                   in->code, NULL)) {
        gis_error_set(err,
                      "contract '%s' exists: use 'tracker contract update' "
                      "(field code)",
                      in->code);
        return 1;
    }
    if (!in->contractor || !*in->contractor) {
        gis_error_set(err,
                      "contract '%s' needs a contractor (field "
                      "contractor)",
                      in->code);
        return 1;
    }
    if (check(in, err))
        return 1;
    if (gis_db_stmt(db, &st,
                    "INSERT INTO contract (work_id, code, title, contractor,"
                    " contractor_tax_code, method, purpose, status, value_vnd,"
                    " signed_on, due_on, note, recorded_by, recorded_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7,"
                    " 'construction'), coalesce(?8, 'pending'), ?9, ?10, ?11,"
                    " ?12, ?13, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    err))
        return 1;
    sqlite3_bind_int64(st, 1, work_id);
    bind_opt(st, 2, in->code);
    bind_opt(st, 3, in->title);
    bind_opt(st, 4, in->contractor);
    bind_opt(st, 5, in->tax_code);
    bind_opt(st, 6, in->method);
    bind_opt(st, 7, in->purpose);
    bind_opt(st, 8, in->status);
    if (in->has_value)
        sqlite3_bind_int64(st, 9, in->value_vnd);
    else
        sqlite3_bind_null(st, 9);
    bind_opt(st, 10, in->signed_on);
    bind_opt(st, 11, in->due_on);
    bind_opt(st, 12, in->note);
    bind_opt(st, 13, trk_recorder(in->by));
    return step_done(db, st, "add", err);
}

/* pending -> active -> terminated; pending or active -> cancelled. */
static int status_may_move(const char *from, const char *to) {
    if (!strcmp(from, to))
        return 1;
    if (!strcmp(from, "pending"))
        return !strcmp(to, "active") || !strcmp(to, "cancelled");
    if (!strcmp(from, "active"))
        return !strcmp(to, "terminated") || !strcmp(to, "cancelled");
    return 0;
}

int trk_contract_update(gis_db *db, const trk_contract_input *in,
                        gis_error *err) {
    sqlite3_stmt *st = NULL;
    char status[16] = "", signed_on[11] = "", due_on[11] = "";
    const char *s, *d;

    if (!in->code || gis_db_stmt(db, &st,
                                 "SELECT status, coalesce(signed_on, ''),"
                                 " coalesce(due_on, '') FROM contract WHERE"
                                 " code = ?1",
                                 err))
        goto missing;
    sqlite3_bind_text(st, 1, in->code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(status, sizeof status, "%s", sqlite3_column_text(st, 0));
        snprintf(signed_on, sizeof signed_on, "%s", sqlite3_column_text(st, 1));
        snprintf(due_on, sizeof due_on, "%s", sqlite3_column_text(st, 2));
    }
    sqlite3_reset(st);
    if (!*status)
        goto missing;
    if (in->work_code) {
        gis_error_set(err, "a contract stays with its work: add a new "
                           "contract instead (field work)");
        return 1;
    }
    if (check(in, err))
        return 1;
    if (in->status && !status_may_move(status, in->status)) {
        gis_error_set(err,
                      "contract '%s' cannot go from %s to %s (pending -> "
                      "active -> terminated, or to cancelled)",
                      in->code, status, in->status);
        return 1;
    }
    s = in->signed_on ? in->signed_on : signed_on;
    d = in->due_on ? in->due_on : due_on;
    if (*s && *d && strcmp(d, s) < 0) {
        gis_error_set(err, "due date %s is before the signing date %s", d, s);
        return 1;
    }
    if (in->contractor && !*in->contractor) {
        gis_error_set(err, "the contractor cannot be empty (field "
                           "contractor)");
        return 1;
    }
    if (gis_db_stmt(db, &st,
                    "UPDATE contract SET title = coalesce(?2, title),"
                    " contractor = coalesce(?3, contractor),"
                    " contractor_tax_code = coalesce(?4, contractor_tax_code),"
                    " method = coalesce(?5, method), purpose = coalesce(?6,"
                    " purpose), status = coalesce(?7, status), value_vnd ="
                    " CASE WHEN ?8 THEN ?9 ELSE value_vnd END, signed_on ="
                    " coalesce(?10, signed_on), due_on = coalesce(?11,"
                    " due_on), note = coalesce(?12, note), updated_at ="
                    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE code = ?1",
                    err))
        return 1;
    bind_opt(st, 1, in->code);
    bind_opt(st, 2, in->title);
    bind_opt(st, 3, in->contractor);
    bind_opt(st, 4, in->tax_code);
    bind_opt(st, 5, in->method);
    bind_opt(st, 6, in->purpose);
    bind_opt(st, 7, in->status);
    sqlite3_bind_int(st, 8, in->has_value);
    sqlite3_bind_int64(st, 9, in->value_vnd);
    bind_opt(st, 10, in->signed_on);
    bind_opt(st, 11, in->due_on);
    bind_opt(st, 12, in->note);
    return step_done(db, st, "update", err);
missing:
    gis_error_set(err, "no contract with number '%s' (field code)",
                  in->code ? in->code : "");
    return 1;
}
