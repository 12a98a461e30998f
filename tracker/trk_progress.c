/*
 * trk_progress.c: progress events, checked against the work's state.
 */
#include "trk_progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trk_alloc.h"
#include "trk_money.h"
#include "trk_parse.h"

static const char *const stages[] = {
    "identification", "preparation",     "implementation", "completion",
    "maintenance",    "decommissioning", "decommissioned", NULL};

static int stage_of(const char *s) {
    for (int i = 0; stages[i]; i++)
        if (!strcmp(stages[i], s))
            return i;
    return -1;
}

int trk_status_may_move(const char *from, const char *to) {
    int a, b;
    if (!strcmp(to, "cancelled"))
        return !from || (stage_of(from) >= 0 && stage_of(from) < 3);
    if ((b = stage_of(to)) < 0)
        return 0;
    if (!from)
        return 1; /* a work enters the tracker at any stage */
    if ((a = stage_of(from)) < 0)
        return 0; /* cancelled is final */
    return b == a || b == a + 1;
}

typedef struct state {
    int64_t work_id;
    char status[32], last_date[11], start[11];
    int has_physical, has_disbursed;
    double physical;
    int64_t disbursed;
} state;

static int load_state(gis_db *db, const char *code, state *s, gis_error *err) {
    sqlite3_stmt *st = NULL;
    memset(s, 0, sizeof *s);
    if (gis_db_stmt(db, &st,
                    "SELECT w.id, coalesce(ws.status, ''),"
                    " coalesce(ws.last_report, ''), coalesce(w.start_date,"
                    " ''), ws.physical_pct, ws.disbursed_vnd FROM work w JOIN"
                    " work_state ws ON ws.work_id = w.id WHERE w.code = ?1",
                    err))
        return 1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->work_id = sqlite3_column_int64(st, 0);
        snprintf(s->status, sizeof s->status, "%s", sqlite3_column_text(st, 1));
        snprintf(s->last_date, sizeof s->last_date, "%s",
                 sqlite3_column_text(st, 2));
        snprintf(s->start, sizeof s->start, "%s", sqlite3_column_text(st, 3));
        if ((s->has_physical = sqlite3_column_type(st, 4) != SQLITE_NULL))
            s->physical = sqlite3_column_double(st, 4);
        if ((s->has_disbursed = sqlite3_column_type(st, 5) != SQLITE_NULL))
            s->disbursed = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (!s->work_id) {
        gis_error_set(err, "no work with code '%s' (field work)", code);
        return 1;
    }
    return 0;
}

static int check(const trk_progress_input *in, const state *s, gis_error *err) {
    char d[11], why[256], a[32], b[32];
    const char *fix = "; if the earlier report was wrong, record a "
                      "correction (--correction with --note saying why)";
    if (!in->date || trk_parse_date(in->date, d, why, sizeof why) ||
        strcmp(d, in->date)) {
        gis_error_set(err, "%s (field date: YYYY-MM-DD)",
                      in->date ? why : "an event needs its date");
        return 1;
    }
    if (!in->status && !in->has_physical && !in->has_disbursed && !in->note) {
        gis_error_set(err, "the event says nothing: give --status, "
                           "--physical, --disbursed or --note");
        return 1;
    }
    if (in->correction && (!in->note || !*in->note)) {
        gis_error_set(err, "a correction needs a note saying what it "
                           "corrects (field note)");
        return 1;
    }
    if (*s->start && strcmp(in->date, s->start) < 0) {
        gis_error_set(err,
                      "%s is before the work's start date %s (field "
                      "date)",
                      in->date, s->start);
        return 1;
    }
    if (in->has_physical && (!isfinite(in->physical_pct) ||
                             in->physical_pct < 0 || in->physical_pct > 100)) {
        gis_error_set(err,
                      "physical progress %g is not a percentage 0-100 "
                      "(field physical)",
                      in->physical_pct);
        return 1;
    }
    if (in->has_disbursed && in->disbursed_vnd > TRK_MONEY_MAX_VND) {
        gis_error_set(err, "disbursement is more than 10^15 VND: is the unit "
                           "wrong? (field disbursed)");
        return 1;
    }
    if (in->has_disbursed && in->disbursed_vnd < 0) {
        gis_error_set(err, "disbursement must not be negative (field "
                           "disbursed)");
        return 1;
    }
    if (in->status && strcmp(in->status, "cancelled") &&
        trk_status_may_move(NULL, in->status) == 0) {
        gis_error_set(err,
                      "status '%s' is not an OC4IDS project status "
                      "(identification, preparation, implementation, "
                      "completion, maintenance, decommissioning, "
                      "decommissioned, cancelled) (field status)",
                      in->status);
        return 1;
    }
    /* Even a correction is dated on or after the latest event: the state
     * is the latest event's, so a correction dated earlier would correct
     * nothing. */
    if (*s->last_date && strcmp(in->date, s->last_date) < 0) {
        gis_error_set(err,
                      "%s is before the work's latest event (%s): events "
                      "are dated in order; a correction is dated the day it "
                      "is made (field date)",
                      in->date, s->last_date);
        return 1;
    }
    if (in->correction)
        return 0;
    if (in->status &&
        !trk_status_may_move(*s->status ? s->status : NULL, in->status)) {
        gis_error_set(err,
                      "status cannot go from %s to %s: a work moves one "
                      "stage at a time (identification, preparation, "
                      "implementation, completion, maintenance, ...) or to "
                      "cancelled before completion%s",
                      s->status, in->status, fix);
        return 1;
    }
    if (in->has_physical && s->has_physical && in->physical_pct < s->physical) {
        gis_error_set(err,
                      "physical progress would go back from %g%% to %g%%%s",
                      s->physical, in->physical_pct, fix);
        return 1;
    }
    if (in->has_disbursed && s->has_disbursed &&
        in->disbursed_vnd < s->disbursed) {
        gis_error_set(err,
                      "disbursement to date would go back from %s to %s "
                      "million VND%s",
                      trk_million_vi(s->disbursed, a, sizeof a),
                      trk_million_vi(in->disbursed_vnd, b, sizeof b), fix);
        return 1;
    }
    if (in->status && !strcmp(in->status, "completion") && !in->has_physical &&
        s->has_physical && s->physical < 100) {
        gis_error_set(err,
                      "a completed work is 100%% built, and the latest "
                      "report says %g%%: give --physical 100 (field "
                      "physical)",
                      s->physical);
        return 1;
    }
    if (in->status && !strcmp(in->status, "completion") && in->has_physical &&
        in->physical_pct < 100) {
        gis_error_set(err,
                      "a completed work is 100%% built, not %g%% (field "
                      "physical)",
                      in->physical_pct);
        return 1;
    }
    return 0;
}

int trk_progress_add(gis_db *db, const trk_progress_input *in, int64_t *id,
                     gis_error *err) {
    sqlite3_stmt *st = NULL;
    state s;
    int rc;

    if (!in->work_code) {
        gis_error_set(err, "an event needs its work (field work)");
        return 1;
    }
    if (gis_db_begin(db, err))
        return 1;
    if (load_state(db, in->work_code, &s, err) || check(in, &s, err) ||
        gis_db_stmt(db, &st,
                    "INSERT INTO progress_event (work_id, event_date, status,"
                    " physical_pct, disbursed_vnd, note, reported_by,"
                    " correction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    err))
        goto fail;
    sqlite3_bind_int64(st, 1, s.work_id);
    sqlite3_bind_text(st, 2, in->date, -1, SQLITE_STATIC);
    if (in->status)
        sqlite3_bind_text(st, 3, in->status, -1, SQLITE_STATIC);
    if (in->has_physical)
        sqlite3_bind_double(st, 4, in->physical_pct);
    if (in->has_disbursed)
        sqlite3_bind_int64(st, 5, in->disbursed_vnd);
    if (in->note)
        sqlite3_bind_text(st, 6, in->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, trk_recorder(in->by), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, in->correction ? 1 : 0);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "cannot record the event: %s",
                      sqlite3_errmsg(db->handle));
        goto fail;
    }
    if (id)
        *id = sqlite3_last_insert_rowid(db->handle);
    if (gis_db_commit(db, err))
        goto fail;
    return 0;
fail:
    gis_db_rollback(db);
    return 1;
}
