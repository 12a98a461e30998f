/*
 * trk_alloc.c: allocations checked against the plan's caps.
 */
#include "trk_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_money.h"

const char *trk_recorder(const char *by) {
    const char *v;
    if (by && *by)
        return by;
    if ((v = getenv("TRACKER_USER")) && *v)
        return v;
    if ((v = getenv("USER")) && *v)
        return v;
    return "unknown";
}

/* The first column of sql's row, bound to the input's line, source and
 * capital; *null tells a NULL (no such figure).  1 on a database error:
 * a cap that cannot be read must not pass. */
static int scalar(gis_db *db, const char *sql, const trk_alloc_input *in,
                  int64_t *out, int *null, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    *out = 0;
    *null = 1;
    if (gis_db_stmt(db, &st, sql, err))
        return 1;
    sqlite3_bind_text(st, 1, in->line, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, in->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->capital, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *out = sqlite3_column_int64(st, 0);
        *null = 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        gis_error_set(err, "reading the plan's caps: %s",
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

/* Whether asked on top of already passes plan, without overflowing. */
static int passes(int64_t plan, int64_t already, int64_t asked) {
    return asked > plan - already;
}

/* "plan 9.377,0, already allocated 9.000,0, asked 500,0 million VND" */
static void figures(char *out, size_t n, const char *what, int64_t plan,
                    int64_t already, int64_t asked) {
    char p[32], a[32], k[32], o[32];
    snprintf(out, n,
             "%s: plan %s, already allocated %s, asked %s million VND (%s"
             " over)",
             what, trk_million_vi(plan, p, sizeof p),
             trk_million_vi(already, a, sizeof a),
             trk_million_vi(asked, k, sizeof k),
             trk_million_vi(asked - (plan - already), o, sizeof o));
}

static int allocate(gis_db *db, const trk_alloc_input *in, int64_t *id,
                    char *override, size_t override_size, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int64_t work_id, plan, already;
    char over[512] = "", one[256];
    int year, null, null2;

    if (override && override_size)
        override[0] = '\0';
    work_id = in->work_code
                  ? gis_db_int(db, 0, "SELECT id FROM work WHERE code = ?1",
                               in->work_code, NULL)
                  : 0;
    if (!work_id) {
        gis_error_set(err, "no work with code '%s' (field work)",
                      in->work_code ? in->work_code : "");
        return 1;
    }
    if (!in->line ||
        !gis_db_int(db, 0,
                    "SELECT count(*) FROM budget_line WHERE id = ?1 AND"
                    " (central_vnd IS NOT NULL OR local_vnd IS NOT NULL)",
                    in->line, NULL)) {
        gis_error_set(err,
                      "unknown budget line '%s' (field line); see 'tracker "
                      "report budget' for the lines",
                      in->line ? in->line : "");
        return 1;
    }
    if (in->amount_vnd <= 0) {
        gis_error_set(err, "amount must be more than 0 VND (field amount)");
        return 1;
    }
    if (in->amount_vnd > TRK_MONEY_MAX_VND) {
        gis_error_set(err,
                      "amount %lld VND is more than the %lld the tracker "
                      "takes: is the unit wrong? (field amount)",
                      (long long)in->amount_vnd, TRK_MONEY_MAX_VND);
        return 1;
    }
    if (!in->source ||
        (strcmp(in->source, "central") && strcmp(in->source, "local"))) {
        gis_error_set(err, "source must be central or local (field source)");
        return 1;
    }
    if (!in->capital || (strcmp(in->capital, "investment") &&
                         strcmp(in->capital, "recurrent"))) {
        gis_error_set(err, "capital must be investment or recurrent (field "
                           "capital)");
        return 1;
    }
    year = in->year ? in->year
                    : (int)gis_db_int(db, 0,
                                      "SELECT p.year FROM budget_line b JOIN"
                                      " plan p ON p.id = b.plan_id WHERE b.id"
                                      " = ?1",
                                      in->line, NULL);
    if (year < 2000 || year > 2100) {
        gis_error_set(err, "year %d is not a budget year (field year)", year);
        return 1;
    }

    /* The line's amount for the source. */
    if (scalar(db,
               "SELECT CASE ?2 WHEN 'central' THEN central_vnd ELSE"
               " local_vnd END FROM budget_line WHERE id = ?1",
               in, &plan, &null, err) ||
        scalar(db,
               "SELECT coalesce(sum(amount_vnd), 0) FROM allocation WHERE"
               " budget_line_id = ?1 AND funding_source = ?2",
               in, &already, &null2, err))
        return 1;
    if (passes(plan, already, in->amount_vnd)) {
        char what[96];
        snprintf(what, sizeof what, "line %s, %s", in->line, in->source);
        figures(one, sizeof one, what, plan, already, in->amount_vnd);
        snprintf(over, sizeof over, "%s", one);
    }
    /* The line's whole amount: allocations whose source is not known
     * (imported without one) still spend the line. */
    if (scalar(db,
               "SELECT coalesce(central_vnd, 0) + coalesce(local_vnd, 0) FROM"
               " budget_line WHERE id = ?1",
               in, &plan, &null, err) ||
        scalar(db,
               "SELECT coalesce(sum(amount_vnd), 0) FROM allocation WHERE"
               " budget_line_id = ?1",
               in, &already, &null2, err))
        return 1;
    if (!*over && passes(plan, already, in->amount_vnd)) {
        char what[96];
        snprintf(what, sizeof what, "line %s, all sources", in->line);
        figures(one, sizeof one, what, plan, already, in->amount_vnd);
        snprintf(over, sizeof over, "%s", one);
    }
    /* The source's amount for the capital type (section III); a plan
     * without section III caps nothing here. */
    if (scalar(db,
               "SELECT sum(t.amount_vnd) FROM plan_total t JOIN budget_line b"
               " ON b.plan_id = t.plan_id WHERE b.id = ?1 AND"
               " t.funding_source = ?2 AND t.capital_type = ?3",
               in, &plan, &null, err) ||
        scalar(db,
               "SELECT coalesce(sum(a.amount_vnd), 0) FROM allocation a JOIN"
               " budget_line b ON b.id = a.budget_line_id WHERE b.plan_id ="
               " (SELECT plan_id FROM budget_line WHERE id = ?1) AND"
               " a.funding_source = ?2 AND a.capital_type = ?3",
               in, &already, &null2, err))
        return 1;
    if (!null && passes(plan, already, in->amount_vnd)) {
        char what[96];
        snprintf(what, sizeof what, "%s %s capital", in->source, in->capital);
        figures(one, sizeof one, what, plan, already, in->amount_vnd);
        snprintf(over + strlen(over), sizeof over - strlen(over), "%s%s",
                 *over ? "; " : "", one);
    }
    if (*over && !in->force) {
        gis_error_set(err,
                      "allocation refused, it would pass the plan: %s; use "
                      "--force to record an override",
                      over);
        return 1;
    }

    if (gis_db_stmt(db, &st,
                    "INSERT INTO allocation (work_id, budget_line_id, year,"
                    " funding_source, capital_type, amount_vnd, note, forced,"
                    " override_note, recorded_by, recorded_at) VALUES (?1, ?2,"
                    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    err))
        return 1;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_text(st, 2, in->line, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_text(st, 4, in->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, in->capital, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, in->amount_vnd);
    sqlite3_bind_text(st, 7, in->note, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, *over ? 1 : 0);
    if (*over)
        sqlite3_bind_text(st, 9, over, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, trk_recorder(in->by), -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        gis_error_set(err, "cannot record the allocation: %s",
                      sqlite3_errmsg(db->handle));
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    if (id)
        *id = sqlite3_last_insert_rowid(db->handle);
    if (override && *over)
        snprintf(override, override_size, "%s", over);
    return 0;
}

/* The checks and the insert in one transaction: two people allocating
 * from the same line at once cannot both pass its cap. */
int trk_allocate(gis_db *db, const trk_alloc_input *in, int64_t *id,
                 char *override, size_t override_size, gis_error *err) {
    if (gis_db_begin(db, err))
        return 1;
    if (allocate(db, in, id, override, override_size, err) ||
        gis_db_commit(db, err)) {
        gis_db_rollback(db);
        return 1;
    }
    return 0;
}

int trk_alloc_batch_begin(gis_db *db, gis_error *err) {
    return gis_db_exec(db,
                       "DROP TABLE IF EXISTS temp.alloc_before; CREATE TEMP"
                       " TABLE alloc_before AS SELECT budget_line_id AS line,"
                       " funding_source AS source, sum(amount_vnd) AS vnd"
                       " FROM allocation GROUP BY 1, 2",
                       err);
}

/* Each line's plan and what it holds before and after the batch, per
 * source (central, local) and over all sources. */
static const char batch_sql[] =
    "WITH now AS (SELECT budget_line_id AS line, funding_source AS source,"
    " sum(amount_vnd) AS vnd FROM allocation GROUP BY 1, 2), keys AS (SELECT"
    " id AS line, 'central' AS source, central_vnd AS plan FROM budget_line"
    " UNION ALL SELECT id, 'local', local_vnd FROM budget_line UNION ALL"
    " SELECT id, 'all', coalesce(central_vnd, 0) + coalesce(local_vnd, 0)"
    " FROM budget_line WHERE central_vnd IS NOT NULL OR local_vnd IS NOT"
    " NULL) SELECT k.line, k.source, coalesce(k.plan, 0), (SELECT"
    " coalesce(sum(vnd), 0) FROM temp.alloc_before b WHERE b.line = k.line"
    " AND (k.source = 'all' OR b.source = k.source)), (SELECT"
    " coalesce(sum(vnd), 0) FROM now n WHERE n.line = k.line AND (k.source ="
    " 'all' OR n.source = k.source)) FROM keys k ORDER BY k.line, k.source ="
    " 'all', k.source";

int trk_alloc_batch_over(gis_db *db, char *over, size_t n, gis_error *err) {
    sqlite3_stmt *st = NULL;
    char one[256], what[96], line_done[64] = "";
    size_t len;
    int rc;

    if (n)
        over[0] = '\0';
    if (gis_db_prepare(db, &st, batch_sql, err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        const char *source = (const char *)sqlite3_column_text(st, 1);
        int64_t plan = sqlite3_column_int64(st, 2);
        int64_t before = sqlite3_column_int64(st, 3);
        int64_t now = sqlite3_column_int64(st, 4);
        /* Only what the batch added can pass a cap: a line already over
         * (a recorded override) and left alone is not the batch's. */
        if (now <= before || !passes(plan, before, now - before))
            continue;
        /* One figure per line: its source's cap, else all sources. */
        if (!strcmp(line_done, line))
            continue;
        snprintf(line_done, sizeof line_done, "%s", line);
        snprintf(what, sizeof what, "line %s, %s", line,
                 strcmp(source, "all") ? source : "all sources");
        figures(one, sizeof one, what, plan, before, now - before);
        len = strlen(over);
        snprintf(over + len, n - len, "%s%s", len ? "; " : "", one);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "reading the plan's caps: %s",
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}
