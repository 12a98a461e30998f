/*
 * trk_report.c: the budget and works reports as tables of typed cells,
 * and the XLSX workbook they make.
 *
 * Contracted value and disbursement belong to works, not to plan lines,
 * so the budget report attributes them: each work's contracted value
 * (its contracts that are not cancelled: pending, active, or
 * terminated after running their course) and its disbursement (the latest
 * cumulative figure reported, work_state.disbursed_vnd) are split over
 * the work's allocations in proportion to the allocations' amounts, in
 * whole VND by the largest remainder method, so that the parts add up to
 * the work's figure exactly and every line and source total can be
 * checked against the tables by hand.  A work with no allocated money (no
 * allocation, or allocations of 0 VND only) has nothing to be
 * proportional to: its figures are reported on their own "not allocated"
 * row, never dropped and never guessed onto a line.
 *
 * All figures are read in one read transaction, so the rows and the
 * totals come from the same state of the file.
 */
#include "trk_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "trk_flags.h"

/* ---- columns ---------------------------------------------------------- */

enum {
    L_TT,
    L_LINE,
    L_NUMBER,
    L_TITLE,
    L_AGENCY,
    L_WORKS,
    L_PLAN_C,
    L_PLAN_L,
    L_PLAN_T,
    L_AL_C,
    L_AL_L,
    L_AL_O,
    L_AL_T,
    L_CONTRACTED,
    L_DISBURSED,
    L_RATE,
    L_NCOLS
};

#define PLAN "Kế hoạch vốn"
#define ALLOC "Đã phân bổ"

static const trk_report_col line_cols[L_NCOLS] = {
    {"tt", "TT", NULL, NULL, TRK_COL_TEXT, 0, 0, 5},
    {"line", "Mã dòng", NULL, NULL, TRK_COL_TEXT, 0, 0, 10},
    {"number", "Dự án, tiểu dự án", NULL, NULL, TRK_COL_TEXT, 0, 0, 14},
    {"title", "Nội dung", NULL, NULL, TRK_COL_TEXT, 0, 30, 42},
    {"lead_agency", "Cơ quan chủ trì", NULL, NULL, TRK_COL_TEXT, 0, 22, 20},
    {"works", "Số công trình", NULL, NULL, TRK_COL_COUNT, 0, 0, 9},
    {"plan_central", PLAN " TW", PLAN, "TW", TRK_COL_VND, 0, 0, 11},
    {"plan_local", PLAN " ĐP", PLAN, "ĐP", TRK_COL_VND, 0, 0, 11},
    {"plan_total", PLAN " (tổng)", PLAN, "Tổng", TRK_COL_VND, 0, 0, 11},
    {"allocated_central", ALLOC " TW", ALLOC, "TW", TRK_COL_VND, 0, 0, 11},
    {"allocated_local", ALLOC " ĐP", ALLOC, "ĐP", TRK_COL_VND, 0, 0, 11},
    {"allocated_other", ALLOC " nguồn khác, chưa rõ", ALLOC, "Khác, chưa rõ",
     TRK_COL_VND, 0, 0, 11},
    {"allocated_total", ALLOC " (tổng)", ALLOC, "Tổng", TRK_COL_VND, 0, 0, 11},
    {"contracted", "Giá trị hợp đồng", NULL, NULL, TRK_COL_VND, 0, 0, 12},
    {"disbursed", "Giải ngân", NULL, NULL, TRK_COL_VND, 0, 0, 11},
    {"disbursed_rate_pct", "Tỷ lệ %", NULL, NULL, TRK_COL_PCT, 0, 0, 8},
};

enum {
    S_TT,
    S_SOURCE,
    S_SOURCE_VI,
    S_TYPE,
    S_TYPE_VI,
    S_SECTION,
    S_PLAN,
    S_ALLOC,
    S_CONTRACTED,
    S_DISBURSED,
    S_RATE,
    S_NCOLS
};

static const trk_report_col source_cols[S_NCOLS] = {
    {"tt", "TT", NULL, NULL, TRK_COL_TEXT, 0, 0, 5},
    {"funding_source", "Nguồn vốn (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
    {"funding_source_vi", "Nguồn vốn", NULL, NULL, TRK_COL_TEXT, 0, 0, 26},
    {"capital_type", "Loại vốn (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
    {"capital_type_vi", "Loại vốn", NULL, NULL, TRK_COL_TEXT, 0, 0, 24},
    {"plan_section", "Mục", NULL, NULL, TRK_COL_TEXT, 0, 0, 7},
    {"plan_total", PLAN " (mục III)", NULL, NULL, TRK_COL_VND, 0, 0, 13},
    {"allocated_total", ALLOC, NULL, NULL, TRK_COL_VND, 0, 0, 12},
    {"contracted", "Giá trị hợp đồng", NULL, NULL, TRK_COL_VND, 0, 0, 12},
    {"disbursed", "Giải ngân", NULL, NULL, TRK_COL_VND, 0, 0, 11},
    {"disbursed_rate_pct", "Tỷ lệ %", NULL, NULL, TRK_COL_PCT, 0, 0, 8},
};

enum {
    W_TT,
    W_CODE,
    W_NAME,
    W_UNIT,
    W_CAT,
    W_CAT_VI,
    W_STATUS,
    W_STATUS_VI,
    W_PCT,
    W_ALLOC,
    W_CONTRACTED,
    W_DISBURSED,
    W_CONTRACTORS,
    W_CSTATUS,
    W_FLAGS,
    W_FLAGS_VI,
    W_ILLUS,
    W_LINES,
    W_NCOLS
};

static const trk_report_col work_cols[W_NCOLS] = {
    {"tt", "TT", NULL, NULL, TRK_COL_TEXT, 0, 0, 5},
    {"code", "Mã công trình", NULL, NULL, TRK_COL_TEXT, 0, 0, 13},
    {"name", "Tên công trình", NULL, NULL, TRK_COL_TEXT, 0, 36, 40},
    {"unit_name", "Xã, thị trấn", NULL, NULL, TRK_COL_TEXT, 0, 0, 16},
    {"category", "Loại (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
    {"category_vi", "Loại công trình", NULL, NULL, TRK_COL_TEXT, 0, 22, 20},
    {"status", "Tình trạng (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
    {"status_vi", "Tình trạng", NULL, NULL, TRK_COL_TEXT, 0, 0, 15},
    {"physical_pct", "Khối lượng %", NULL, NULL, TRK_COL_PCT, 0, 0, 10},
    {"allocated", ALLOC, NULL, NULL, TRK_COL_VND, 0, 0, 11},
    {"contracted", "Giá trị hợp đồng", NULL, NULL, TRK_COL_VND, 0, 0, 12},
    {"disbursed", "Giải ngân", NULL, NULL, TRK_COL_VND, 0, 0, 11},
    {"contractors", "Nhà thầu", NULL, NULL, TRK_COL_TEXT, 0, 28, 24},
    {"contract_status", "Tình trạng hợp đồng", NULL, NULL, TRK_COL_TEXT, 0, 22,
     16},
    {"flags", "Cảnh báo (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
    {"flags_vi", "Cảnh báo", NULL, NULL, TRK_COL_TEXT, 0, 0, 30},
    {"illustrative", "Minh họa", NULL, NULL, TRK_COL_BOOL, 0, 0, 9},
    {"budget_lines", "Dòng vốn (mã)", NULL, NULL, TRK_COL_TEXT, 1, 0, 0},
};

/* ---- report building helpers ------------------------------------------ */

static void table_init(trk_report_table *t, const char *key,
                       const char *heading, const char *sheet,
                       const trk_report_col *cols, int ncols) {
    memset(t, 0, sizeof *t);
    t->key = key;
    t->heading = heading;
    t->sheet = sheet;
    t->cols = cols;
    t->ncols = ncols;
}

/* A new row of kind (a static string), every figure empty; NULL when out
 * of memory.  The pointer is valid until the next add_row. */
static trk_report_cell *add_row(trk_report_table *t, const char *kind) {
    trk_report_cell *row;
    int i;
    if (t->nrows == t->cap) {
        int cap = t->cap ? 2 * t->cap : 16;
        trk_report_cell *cells =
            realloc(t->cells, (size_t)cap * t->ncols * sizeof *cells);
        const char **kinds;
        if (!cells)
            return NULL;
        t->cells = cells;
        kinds = realloc(t->kinds, (size_t)cap * sizeof *kinds);
        if (!kinds)
            return NULL;
        t->kinds = kinds;
        t->cap = cap;
    }
    row = t->cells + (size_t)t->nrows * t->ncols;
    memset(row, 0, (size_t)t->ncols * sizeof *row);
    for (i = 0; i < t->ncols; i++)
        row[i].null = t->cols[i].type != TRK_COL_TEXT;
    t->kinds[t->nrows++] = kind;
    return row;
}

/* Sets a text cell (copied; NULL or "" leaves it empty); 1 when out of
 * memory. */
static int set_text(trk_report_cell *c, const char *text) {
    free(c->text);
    c->text = NULL;
    if (text && *text && !(c->text = strdup(text)))
        return 1;
    return 0;
}

static void set_int(trk_report_cell *c, int64_t v) {
    c->value = v;
    c->null = 0;
}

/* disbursed as a share of plan; empty without a plan amount. */
static void set_rate(trk_report_cell *c, int64_t disbursed, int64_t plan) {
    if (plan <= 0)
        return;
    c->pct = 100.0 * (double)disbursed / (double)plan;
    c->null = 0;
}

static char *vformat(const char *fmt, va_list ap) {
    va_list copy;
    int n;
    char *s;
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...) {
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

static char *dup_col(sqlite3_stmt *st, int i) {
    const unsigned char *v = sqlite3_column_text(st, i);
    return v ? strdup((const char *)v) : NULL;
}

/* YYYY-MM-DD as dd/mm/yyyy. */
static void date_vi(const char *iso, char out[11]) {
    if (iso && strlen(iso) == 10)
        snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else
        snprintf(out, 11, "%.10s", iso ? iso : "");
}

static int oom(gis_error *err) {
    gis_error_set(err, "out of memory");
    return 1;
}

static int db_fail(gis_db *db, gis_error *err, const char *what) {
    gis_error_set(err, "%s: %s", what, sqlite3_errmsg(db->handle));
    return 1;
}

/* The plan the reports are about (the latest, when a file holds more),
 * its title and subtitle parts; no plan is not an error here. */
static int load_plan(gis_db *db, trk_report *r, char *issued, size_t size,
                     gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    *issued = '\0';
    if (gis_db_prepare(db, &st,
                       "SELECT id, number, year, total_vnd, issued_on FROM"
                       " plan ORDER BY year DESC, id LIMIT 1",
                       err))
        return 1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r->plan_id = dup_col(st, 0);
        r->plan_number = dup_col(st, 1);
        r->plan_year = sqlite3_column_int(st, 2);
        r->plan_total = sqlite3_column_int64(st, 3);
        if (sqlite3_column_text(st, 4))
            snprintf(issued, size, "%s",
                     (const char *)sqlite3_column_text(st, 4));
        if (!r->plan_id || !r->plan_number) {
            sqlite3_finalize(st);
            return oom(err);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "reading the plan");
    return 0;
}

/* The note every format carries when sample works are in the figures. */
static int illustrative_note(trk_report *r, const char *what) {
    if (!r->illustrative)
        return 0;
    r->note = format("Số liệu minh họa: %d/%d công trình là công trình mẫu,"
                     " không có thật%s",
                     r->illustrative, r->works, what);
    return r->note == NULL;
}

/* ---- splitting money over allocations --------------------------------- */

int trk_split_proportional(int64_t amount, const int64_t *weights, int n,
                           int64_t *parts) {
    __extension__ typedef unsigned __int128 u128;
    u128 total = 0, *rem;
    int64_t left = amount;
    int i;

    if (amount < 0 || n <= 0)
        return 1;
    for (i = 0; i < n; i++) {
        if (weights[i] < 0)
            return 1;
        total += (uint64_t)weights[i];
    }
    if (total == 0 || !(rem = malloc((size_t)n * sizeof *rem)))
        return 1;
    /* amount * weight fits in 128 bits: both are below 2^63. */
    for (i = 0; i < n; i++) {
        u128 q = (u128)(uint64_t)amount * (uint64_t)weights[i];
        parts[i] = (int64_t)(q / total);
        rem[i] = q % total;
        left -= parts[i];
    }
    /* The remainders add up to left * total and each is below total, so
     * more than left of them are non-zero: each VND left goes to a
     * different part. */
    while (left-- > 0) {
        int best = -1;
        for (i = 0; i < n; i++)
            if (rem[i] > 0 && (best < 0 || rem[i] > rem[best]))
                best = i;
        parts[best]++;
        rem[best] = 0;
    }
    free(rem);
    return 0;
}

/* ---- the budget report ------------------------------------------------ */

enum { SRC_CENTRAL, SRC_LOCAL, SRC_OTHER, SRC_UNKNOWN, N_SRC };
enum { CAP_INVESTMENT, CAP_RECURRENT, CAP_UNKNOWN, N_CAP };

static const char *const src_ids[N_SRC] = {"central", "local", "other",
                                           "unknown"};
static const char *const src_vi[N_SRC] = {"Ngân sách trung ương",
                                          "Ngân sách địa phương", "Nguồn khác",
                                          "Chưa rõ nguồn vốn"};
static const char *const cap_ids[N_CAP] = {"investment", "recurrent",
                                           "unknown"};
static const char *const cap_vi[N_CAP] = {"Vốn đầu tư phát triển",
                                          "Vốn sự nghiệp", "Chưa rõ loại vốn"};

static int index_of(const char *const *ids, int n, const char *id) {
    int i;
    for (i = 0; id && i < n; i++)
        if (!strcmp(ids[i], id))
            return i;
    return -1;
}

/* Money gathered for a row. */
typedef struct money {
    int64_t plan_c, plan_l, plan;
    int has_plan_c, has_plan_l, has_plan;
    int64_t alloc[N_SRC];
    int64_t contracted, disbursed;
    int allocations, works;
} money;

typedef struct line {
    char *id, *number, *title, *agency;
    money m;
    int64_t last_work;
} line;

typedef struct source_cell {
    char *section;
    money m;
} source_cell;

typedef struct budget {
    line *lines;
    int nlines;
    source_cell grid[N_SRC][N_CAP];
    money unallocated, total;
} budget;

static void budget_free(budget *b) {
    int i, j;
    for (i = 0; i < b->nlines; i++) {
        free(b->lines[i].id);
        free(b->lines[i].number);
        free(b->lines[i].title);
        free(b->lines[i].agency);
    }
    free(b->lines);
    for (i = 0; i < N_SRC; i++)
        for (j = 0; j < N_CAP; j++)
            free(b->grid[i][j].section);
}

static int64_t alloc_total(const money *m) {
    return m->alloc[SRC_CENTRAL] + m->alloc[SRC_LOCAL] + m->alloc[SRC_OTHER] +
           m->alloc[SRC_UNKNOWN];
}

/* The funded lines, and any line money was allocated to, in plan order. */
static int load_lines(gis_db *db, budget *b, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc, cap = 0;
    if (gis_db_prepare(
            db, &st,
            "SELECT b.id, CASE WHEN p.level = 'du_an' THEN p.number || ', ' ||"
            " b.number ELSE b.number END, coalesce(b.title, p.title),"
            " b.lead_agency, b.central_vnd, b.local_vnd FROM budget_line b"
            " LEFT JOIN budget_line p ON p.id = b.parent_id WHERE"
            " b.central_vnd IS NOT NULL OR b.local_vnd IS NOT NULL OR EXISTS"
            " (SELECT 1 FROM allocation a WHERE a.budget_line_id = b.id)"
            " ORDER BY b.sort, b.id",
            err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        line *l;
        if (b->nlines == cap) {
            line *more;
            cap = cap ? 2 * cap : 16;
            if (!(more = realloc(b->lines, (size_t)cap * sizeof *more))) {
                sqlite3_finalize(st);
                return oom(err);
            }
            b->lines = more;
        }
        l = &b->lines[b->nlines++];
        memset(l, 0, sizeof *l);
        l->last_work = -1;
        l->id = dup_col(st, 0);
        l->number = dup_col(st, 1);
        l->title = dup_col(st, 2);
        l->agency = dup_col(st, 3);
        if (!l->id) {
            sqlite3_finalize(st);
            return oom(err);
        }
        l->m.has_plan_c = sqlite3_column_type(st, 4) != SQLITE_NULL;
        l->m.has_plan_l = sqlite3_column_type(st, 5) != SQLITE_NULL;
        l->m.plan_c = sqlite3_column_int64(st, 4);
        l->m.plan_l = sqlite3_column_int64(st, 5);
        l->m.has_plan = l->m.has_plan_c || l->m.has_plan_l;
        l->m.plan = l->m.plan_c + l->m.plan_l;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(db, err, "reading budget lines");
}

/* The plan's section III: its amounts by source and capital type. */
static int load_section_iii(gis_db *db, const char *plan_id, budget *b,
                            gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_prepare(db, &st,
                       "SELECT funding_source, capital_type, amount_vnd,"
                       " plan_section FROM plan_total WHERE plan_id = ?1",
                       err))
        return 1;
    sqlite3_bind_text(st, 1, plan_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int s =
            index_of(src_ids, N_SRC, (const char *)sqlite3_column_text(st, 0));
        int c =
            index_of(cap_ids, N_CAP, (const char *)sqlite3_column_text(st, 1));
        source_cell *cell;
        if (s < 0 || c < 0)
            continue; /* the schema's CHECK allows no other */
        cell = &b->grid[s][c];
        cell->m.plan += sqlite3_column_int64(st, 2);
        cell->m.has_plan = 1;
        if (!cell->section && sqlite3_column_text(st, 3) &&
            !(cell->section = dup_col(st, 3))) {
            sqlite3_finalize(st);
            return oom(err);
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(db, err, "reading section III");
}

typedef struct alloc {
    int line, src, cap;
    int64_t amount;
} alloc;

/* Adds one work's money to the lines and sources of its allocations (see
 * the rule at the top of this file). */
static int attribute_work(budget *b, int64_t work_id, const alloc *a, int n,
                          int64_t contracted, int64_t disbursed,
                          gis_error *err) {
    int64_t sum = 0, *weights = NULL, *pc = NULL, *pd = NULL;
    int i, rc = 1;

    for (i = 0; i < n; i++)
        sum += a[i].amount;
    if (sum <= 0) {
        b->unallocated.contracted += contracted;
        b->unallocated.disbursed += disbursed;
        b->unallocated.works++;
        return 0;
    }
    weights = malloc((size_t)n * sizeof *weights);
    pc = malloc((size_t)n * sizeof *pc);
    pd = malloc((size_t)n * sizeof *pd);
    if (!weights || !pc || !pd) {
        oom(err);
        goto done;
    }
    for (i = 0; i < n; i++)
        weights[i] = a[i].amount;
    if (trk_split_proportional(contracted, weights, n, pc) ||
        trk_split_proportional(disbursed, weights, n, pd)) {
        gis_error_set(err,
                      "work %lld: its money cannot be split over its"
                      " allocations (a negative amount?)",
                      (long long)work_id);
        goto done;
    }
    for (i = 0; i < n; i++) {
        line *l = &b->lines[a[i].line];
        money *g = &b->grid[a[i].src][a[i].cap].m;
        l->m.alloc[a[i].src] += a[i].amount;
        l->m.contracted += pc[i];
        l->m.disbursed += pd[i];
        l->m.allocations++;
        if (a[i].amount > 0 && l->last_work != work_id) {
            l->m.works++;
            l->last_work = work_id;
        }
        g->alloc[a[i].src] += a[i].amount;
        g->contracted += pc[i];
        g->disbursed += pd[i];
        g->allocations++;
    }
    rc = 0;
done:
    free(weights);
    free(pc);
    free(pd);
    return rc;
}

static int find_line(const budget *b, const char *id) {
    int i;
    for (i = 0; id && i < b->nlines; i++)
        if (!strcmp(b->lines[i].id, id))
            return i;
    return -1;
}

/* Walks the works (with their contracted and disbursed figures) and their
 * allocations, both in work order. */
static int load_money(gis_db *db, budget *b, trk_report *r, gis_error *err) {
    sqlite3_stmt *ws = NULL, *as = NULL;
    alloc *a = NULL;
    int na = 0, cap = 0, rc, arc = SQLITE_ROW, ret = 1;

    if (gis_db_prepare(
            db, &ws,
            "SELECT w.id, w.illustrative, coalesce((SELECT sum(value_vnd) FROM"
            " contract c WHERE c.work_id = w.id AND c.status <>"
            " 'cancelled'), 0), coalesce(s.disbursed_vnd, 0) FROM work w"
            " LEFT JOIN work_state s ON s.work_id = w.id ORDER BY w.id",
            err) ||
        gis_db_prepare(db, &as,
                       "SELECT work_id, budget_line_id, funding_source,"
                       " capital_type, amount_vnd FROM allocation ORDER BY"
                       " work_id, id",
                       err))
        goto done;
    arc = sqlite3_step(as);
    while ((rc = sqlite3_step(ws)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(ws, 0);
        int64_t contracted = sqlite3_column_int64(ws, 2);
        int64_t disbursed = sqlite3_column_int64(ws, 3);
        r->works++;
        r->illustrative += sqlite3_column_int(ws, 1) != 0;
        b->total.contracted += contracted;
        b->total.disbursed += disbursed;
        na = 0;
        for (; arc == SQLITE_ROW && sqlite3_column_int64(as, 0) <= id;
             arc = sqlite3_step(as)) {
            const char *line_id = (const char *)sqlite3_column_text(as, 1);
            alloc *x;
            if (sqlite3_column_int64(as, 0) < id) {
                gis_error_set(err,
                              "allocation of work %lld, which does not"
                              " exist",
                              (long long)sqlite3_column_int64(as, 0));
                goto done;
            }
            if (na == cap) {
                alloc *more;
                cap = cap ? 2 * cap : 8;
                if (!(more = realloc(a, (size_t)cap * sizeof *more))) {
                    oom(err);
                    goto done;
                }
                a = more;
            }
            x = &a[na++];
            x->line = find_line(b, line_id);
            x->src = index_of(src_ids, N_SRC,
                              (const char *)sqlite3_column_text(as, 2));
            x->cap = index_of(cap_ids, N_CAP,
                              (const char *)sqlite3_column_text(as, 3));
            x->amount = sqlite3_column_int64(as, 4);
            if (x->line < 0 || x->src < 0 || x->cap < 0 || x->amount < 0) {
                gis_error_set(err,
                              "work %lld: allocation to '%s' cannot be"
                              " reported (unknown line, source or"
                              " capital type)",
                              (long long)id, line_id ? line_id : "");
                goto done;
            }
        }
        if (arc != SQLITE_ROW && arc != SQLITE_DONE)
            break;
        if (attribute_work(b, id, a, na, contracted, disbursed, err))
            goto done;
    }
    if (rc != SQLITE_DONE || (arc != SQLITE_ROW && arc != SQLITE_DONE)) {
        db_fail(db, err, "reading works and allocations");
        goto done;
    }
    if (arc == SQLITE_ROW) {
        gis_error_set(err, "allocation of work %lld, which does not exist",
                      (long long)sqlite3_column_int64(as, 0));
        goto done;
    }
    r->unallocated = b->unallocated.works;
    ret = 0;
done:
    sqlite3_finalize(ws);
    sqlite3_finalize(as);
    free(a);
    return ret;
}

/* The money columns a line row and a total row share. */
static void line_money(trk_report_cell *row, const money *m, int show_alloc) {
    if (m->has_plan_c)
        set_int(&row[L_PLAN_C], m->plan_c);
    if (m->has_plan_l)
        set_int(&row[L_PLAN_L], m->plan_l);
    if (m->has_plan)
        set_int(&row[L_PLAN_T], m->plan);
    if (show_alloc) {
        set_int(&row[L_AL_C], m->alloc[SRC_CENTRAL]);
        set_int(&row[L_AL_L], m->alloc[SRC_LOCAL]);
        set_int(&row[L_AL_O], m->alloc[SRC_OTHER] + m->alloc[SRC_UNKNOWN]);
        set_int(&row[L_AL_T], alloc_total(m));
    }
    set_int(&row[L_CONTRACTED], m->contracted);
    set_int(&row[L_DISBURSED], m->disbursed);
    set_rate(&row[L_RATE], m->disbursed, m->has_plan ? m->plan : 0);
}

static void add_money(money *to, const money *m) {
    int s;
    to->plan_c += m->plan_c;
    to->plan_l += m->plan_l;
    to->plan += m->plan;
    to->has_plan_c |= m->has_plan_c;
    to->has_plan_l |= m->has_plan_l;
    to->has_plan |= m->has_plan;
    for (s = 0; s < N_SRC; s++)
        to->alloc[s] += m->alloc[s];
    to->contracted += m->contracted;
    to->disbursed += m->disbursed;
    to->allocations += m->allocations;
}

static int lines_table(trk_report *r, budget *b, gis_error *err) {
    trk_report_table *t = &r->tables[r->ntables++];
    trk_report_cell *row;
    money total = {0};
    char tt[16];
    int i;

    table_init(t, "lines", "I. Theo dự án, tiểu dự án của kế hoạch",
               "Theo dự án", line_cols, L_NCOLS);
    for (i = 0; i < b->nlines; i++) {
        const line *l = &b->lines[i];
        if (!(row = add_row(t, "line")))
            return oom(err);
        snprintf(tt, sizeof tt, "%d", i + 1);
        if (set_text(&row[L_TT], tt) || set_text(&row[L_LINE], l->id) ||
            set_text(&row[L_NUMBER], l->number) ||
            set_text(&row[L_TITLE], l->title) ||
            set_text(&row[L_AGENCY], l->agency))
            return oom(err);
        set_int(&row[L_WORKS], l->m.works);
        line_money(row, &l->m, 1);
        add_money(&total, &l->m);
    }
    if (!(row = add_row(t, "unallocated")))
        return oom(err);
    if (set_text(&row[L_TITLE], "Công trình chưa phân bổ vốn"))
        return oom(err);
    set_int(&row[L_WORKS], b->unallocated.works);
    line_money(row, &b->unallocated, 0);
    add_money(&total, &b->unallocated);
    total.works = r->works;
    if (!(row = add_row(t, "total")) || set_text(&row[L_TITLE], "TỔNG CỘNG"))
        return oom(err);
    set_int(&row[L_WORKS], total.works);
    line_money(row, &total, 1);
    b->total = total;
    return 0;
}

static void source_money(trk_report_cell *row, const money *m, int show_alloc) {
    if (m->has_plan)
        set_int(&row[S_PLAN], m->plan);
    if (show_alloc)
        set_int(&row[S_ALLOC], alloc_total(m));
    set_int(&row[S_CONTRACTED], m->contracted);
    set_int(&row[S_DISBURSED], m->disbursed);
    set_rate(&row[S_RATE], m->disbursed, m->has_plan ? m->plan : 0);
}

static int sources_table(trk_report *r, budget *b, gis_error *err) {
    trk_report_table *t = &r->tables[r->ntables++];
    trk_report_cell *row;
    money total = {0};
    char tt[32];
    int s, c, group = 0;

    table_init(t, "by_source",
               "II. Theo nguồn vốn và loại vốn (mục III của kế hoạch)",
               "Theo nguồn vốn", source_cols, S_NCOLS);
    for (s = 0; s < N_SRC; s++) {
        money sub = {0};
        const char *section = NULL;
        int part = 0;
        for (c = 0; c < N_CAP; c++) {
            const source_cell *g = &b->grid[s][c];
            if (g->m.has_plan || g->m.allocations) {
                add_money(&sub, &g->m);
                if (!section)
                    section = g->section;
            }
        }
        if (!sub.has_plan && !sub.allocations)
            continue;
        /* The source's subtotal heads its capital types, as section III
         * writes them (III.1 central, then investment and recurrent). */
        if (!(row = add_row(t, "subtotal")))
            return oom(err);
        snprintf(tt, sizeof tt, "%d", ++group);
        if (set_text(&row[S_TT], tt) || set_text(&row[S_SOURCE], src_ids[s]) ||
            set_text(&row[S_SOURCE_VI], src_vi[s]) ||
            set_text(&row[S_SECTION], section))
            return oom(err);
        source_money(row, &sub, 1);
        add_money(&total, &sub);
        for (c = 0; c < N_CAP; c++) {
            const source_cell *g = &b->grid[s][c];
            if (!g->m.has_plan && !g->m.allocations)
                continue;
            if (!(row = add_row(t, "source")))
                return oom(err);
            snprintf(tt, sizeof tt, "%d.%d", group, ++part);
            if (set_text(&row[S_TT], tt) ||
                set_text(&row[S_SOURCE], src_ids[s]) ||
                set_text(&row[S_SOURCE_VI], src_vi[s]) ||
                set_text(&row[S_TYPE], cap_ids[c]) ||
                set_text(&row[S_TYPE_VI], cap_vi[c]) ||
                set_text(&row[S_SECTION], g->section))
                return oom(err);
            source_money(row, &g->m, 1);
        }
    }
    if (!(row = add_row(t, "unallocated")) ||
        set_text(&row[S_SOURCE_VI], "Công trình chưa phân bổ vốn"))
        return oom(err);
    source_money(row, &b->unallocated, 0);
    add_money(&total, &b->unallocated);
    if (!(row = add_row(t, "total")) ||
        set_text(&row[S_SOURCE_VI], "TỔNG CỘNG"))
        return oom(err);
    source_money(row, &total, 1);
    return 0;
}

/* A read transaction around the report's queries: one state of the file.
 * Ended with COMMIT either way (nothing was written). */
static int begin_read(gis_db *db, gis_error *err) {
    return gis_db_exec(db, "BEGIN", err);
}

static void end_read(gis_db *db) {
    sqlite3_exec(db->handle, "COMMIT", NULL, NULL, NULL);
}

static void report_start(trk_report *r, const char *name, const char *today) {
    memset(r, 0, sizeof *r);
    r->name = name;
    trk_flags_today(today, r->today);
}

int trk_report_budget(gis_db *db, const char *today, trk_report *r,
                      gis_error *err) {
    budget b;
    char issued[32], issued_vi[11], today_vi[11];
    int rc = 1;

    report_start(r, "budget", today);
    memset(&b, 0, sizeof b);
    if (begin_read(db, err))
        return 1;
    if (load_plan(db, r, issued, sizeof issued, err))
        goto done;
    if (!r->plan_id) {
        gis_error_set(err, "'%s' holds no plan (was it created with --empty?)",
                      db->path);
        goto done;
    }
    if (load_lines(db, &b, err) || load_section_iii(db, r->plan_id, &b, err) ||
        load_money(db, &b, r, err) || lines_table(r, &b, err) ||
        sources_table(r, &b, err))
        goto done;
    date_vi(issued, issued_vi);
    date_vi(r->today, today_vi);
    r->title = format("BÁO CÁO TÌNH HÌNH THỰC HIỆN VỐN CHƯƠNG TRÌNH MTQG"
                      " PHÁT TRIỂN KT-XH VÙNG ĐỒNG BÀO DTTS VÀ MIỀN NÚI"
                      " THEO KẾ HOẠCH %s NĂM %d",
                      r->plan_number, r->plan_year);
    r->subtitle = format("Kế hoạch số %s ngày %s của UBND huyện Đại Từ, vốn"
                         " năm %d. Đơn vị tính: triệu đồng. Số liệu đến ngày"
                         " %s. Giá trị hợp đồng và giải ngân của mỗi công"
                         " trình được chia cho các dòng vốn theo tỷ lệ vốn"
                         " đã phân bổ.",
                         r->plan_number, issued_vi, r->plan_year, today_vi);
    if (!r->title || !r->subtitle ||
        illustrative_note(r, "; số phân bổ, hợp đồng, giải ngân của các"
                             " công trình này chỉ để minh họa. Số kế hoạch"
                             " vốn là số của kế hoạch."))
        goto oom;
    rc = 0;
    goto done;
oom:
    oom(err);
done:
    end_read(db);
    budget_free(&b);
    if (rc)
        trk_report_release(r);
    return rc;
}

/* ---- the works report ------------------------------------------------- */

static const char works_sql[] =
    "SELECT s.code, s.name, s.unit_name, s.category, s.category_vi,"
    " s.status, s.status_vi, s.physical_pct, s.amount_vnd,"
    " (SELECT sum(value_vnd) FROM contract c WHERE c.work_id = s.id AND"
    " c.status <> 'cancelled'),"
    " st.disbursed_vnd,"
    " (SELECT group_concat(coalesce(contractor, 'chưa rõ nhà thầu'), '; ')"
    " FROM (SELECT contractor FROM contract c WHERE c.work_id = s.id"
    " ORDER BY coalesce(signed_on, ''), id)),"
    " (SELECT group_concat(CASE status WHEN 'pending' THEN 'Chờ thực hiện'"
    " WHEN 'active' THEN 'Đang thực hiện' WHEN 'cancelled' THEN 'Đã hủy'"
    " WHEN 'terminated' THEN 'Đã chấm dứt' ELSE status END, '; ') FROM"
    " (SELECT status FROM contract c WHERE c.work_id = s.id ORDER BY"
    " coalesce(signed_on, ''), id)),"
    " (SELECT group_concat(flag, ',') FROM (SELECT flag FROM temp.work_flag"
    " f WHERE f.work_id = s.id ORDER BY flag)),"
    " (SELECT group_concat(label_vi, '; ') FROM (SELECT label_vi FROM"
    " temp.work_flag f WHERE f.work_id = s.id ORDER BY flag)),"
    " s.illustrative, s.budget_lines"
    " FROM work_summary s LEFT JOIN work_state st ON st.work_id = s.id"
    " ORDER BY s.code";

static int works_table(gis_db *db, trk_report *r, gis_error *err) {
    trk_report_table *t = &r->tables[r->ntables++];
    trk_report_cell *row;
    sqlite3_stmt *st = NULL;
    int64_t sum[3] = {0, 0, 0};
    char tt[16];
    int rc, i;

    table_init(t, "works", "Danh mục công trình", "Công trình", work_cols,
               W_NCOLS);
    if (gis_db_prepare(db, &st, works_sql, err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        static const int text_cols[][2] = {
            {W_CODE, 0},      {W_NAME, 1},         {W_UNIT, 2},
            {W_CAT, 3},       {W_CAT_VI, 4},       {W_STATUS, 5},
            {W_STATUS_VI, 6}, {W_CONTRACTORS, 11}, {W_CSTATUS, 12},
            {W_FLAGS, 13},    {W_FLAGS_VI, 14},    {W_LINES, 16}};
        if (!(row = add_row(t, "work")))
            goto nomem;
        snprintf(tt, sizeof tt, "%d", t->nrows);
        if (set_text(&row[W_TT], tt))
            goto nomem;
        for (i = 0; i < (int)(sizeof text_cols / sizeof text_cols[0]); i++)
            if (set_text(
                    &row[text_cols[i][0]],
                    (const char *)sqlite3_column_text(st, text_cols[i][1])))
                goto nomem;
        if (!row[W_CSTATUS].text &&
            set_text(&row[W_CSTATUS], "Chưa có hợp đồng"))
            goto nomem;
        if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
            row[W_PCT].pct = sqlite3_column_double(st, 7);
            row[W_PCT].null = 0;
        }
        for (i = 0; i < 3; i++)
            if (sqlite3_column_type(st, 8 + i) != SQLITE_NULL) {
                set_int(&row[W_ALLOC + i], sqlite3_column_int64(st, 8 + i));
                sum[i] += row[W_ALLOC + i].value;
            }
        set_int(&row[W_ILLUS], sqlite3_column_int(st, 15) != 0);
        if (row[W_ILLUS].value && set_text(&row[W_ILLUS], "Minh họa"))
            goto nomem;
        r->works++;
        r->illustrative += row[W_ILLUS].value != 0;
        r->unallocated += sqlite3_column_int64(st, 8) <= 0;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE)
        return db_fail(db, err, "reading works");
    if (!(row = add_row(t, "total")) || set_text(&row[W_NAME], "TỔNG CỘNG"))
        goto nomem;
    for (i = 0; i < 3; i++)
        set_int(&row[W_ALLOC + i], sum[i]);
    return 0;
nomem:
    sqlite3_finalize(st);
    return oom(err);
}

int trk_report_works(gis_db *db, const char *today, trk_report *r,
                     gis_error *err) {
    char issued[32], issued_vi[11], today_vi[11];
    int rc = 1;

    report_start(r, "works", today);
    if (begin_read(db, err))
        return 1;
    if (trk_flags_view(db, r->today, err) ||
        load_plan(db, r, issued, sizeof issued, err) || works_table(db, r, err))
        goto done;
    date_vi(issued, issued_vi);
    date_vi(r->today, today_vi);
    if (r->plan_id) {
        r->title = format("BÁO CÁO TÌNH HÌNH THỰC HIỆN CÁC CÔNG TRÌNH THEO"
                          " KẾ HOẠCH %s NĂM %d",
                          r->plan_number, r->plan_year);
        r->subtitle = format("Kế hoạch số %s ngày %s của UBND huyện Đại Từ."
                             " Đơn vị tính: triệu đồng. Số liệu và cảnh báo"
                             " tính đến ngày %s.",
                             r->plan_number, issued_vi, today_vi);
    } else {
        r->title = format("BÁO CÁO TÌNH HÌNH THỰC HIỆN CÁC CÔNG TRÌNH");
        r->subtitle = format("Đơn vị tính: triệu đồng. Số liệu và cảnh báo"
                             " tính đến ngày %s.",
                             today_vi);
    }
    if (!r->title || !r->subtitle || illustrative_note(r, ".")) {
        oom(err);
        goto done;
    }
    rc = 0;
done:
    end_read(db);
    if (rc)
        trk_report_release(r);
    return rc;
}

void trk_report_release(trk_report *r) {
    int i, j;
    for (i = 0; i < r->ntables; i++) {
        trk_report_table *t = &r->tables[i];
        for (j = 0; j < t->nrows * t->ncols; j++)
            free(t->cells[j].text);
        free(t->cells);
        free(t->kinds);
    }
    free(r->title);
    free(r->subtitle);
    free(r->note);
    free(r->plan_id);
    free(r->plan_number);
    memset(r->tables, 0, sizeof r->tables);
    r->ntables = 0;
    r->title = r->subtitle = r->note = r->plan_id = r->plan_number = NULL;
}

/* ---- XLSX ------------------------------------------------------------- */

typedef struct xlsx_formats {
    lxw_format *title, *subtitle, *note, *heading, *head;
    lxw_format *text[2], *money[2], *pct[2], *count[2]; /* [bold] */
} xlsx_formats;

static lxw_format *cell_format(lxw_workbook *wb, int bold, const char *num) {
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold)
        format_set_bold(f);
    if (num)
        format_set_num_format(f, num);
    else
        format_set_text_wrap(f);
    return f;
}

static int make_formats(lxw_workbook *wb, xlsx_formats *f) {
    int b;
    if (!(f->title = workbook_add_format(wb)) ||
        !(f->subtitle = workbook_add_format(wb)) ||
        !(f->note = workbook_add_format(wb)) ||
        !(f->heading = workbook_add_format(wb)) ||
        !(f->head = workbook_add_format(wb)))
        return 1;
    format_set_bold(f->title);
    format_set_font_size(f->title, 13);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->title);
    format_set_italic(f->subtitle);
    format_set_align(f->subtitle, LXW_ALIGN_CENTER);
    format_set_align(f->subtitle, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->subtitle);
    format_set_bold(f->note);
    format_set_italic(f->note);
    format_set_font_color(f->note, LXW_COLOR_RED);
    format_set_text_wrap(f->note);
    format_set_align(f->note, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(f->heading);
    format_set_bold(f->head);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->head);
    format_set_bg_color(f->head, 0xD9E1F2);
    for (b = 0; b < 2; b++)
        if (!(f->text[b] = cell_format(wb, b, NULL)) ||
            !(f->money[b] = cell_format(wb, b, "#,##0.0")) ||
            !(f->pct[b] = cell_format(wb, b, "0.0")) ||
            !(f->count[b] = cell_format(wb, b, "0")))
            return 1;
    return 0;
}

/* One row spanning the sheet's columns (a single column needs no merge). */
static lxw_error span(lxw_worksheet *ws, lxw_row_t row, int ncols,
                      const char *text, lxw_format *f) {
    if (ncols < 2)
        return worksheet_write_string(ws, row, 0, text, f);
    return worksheet_merge_range(ws, row, 0, row, (lxw_col_t)ncols - 1, text,
                                 f);
}

static int is_total(const char *kind) {
    return !strcmp(kind, "total") || !strcmp(kind, "subtotal");
}

static lxw_error write_sheet(lxw_workbook *wb, const xlsx_formats *f,
                             const trk_report *r, const trk_report_table *t) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    int vis[64], nv = 0, i, j, k, groups = 0;
    lxw_row_t row = 0, h1, h2;
    lxw_error e = LXW_NO_ERROR;

    if (!ws)
        return LXW_ERROR_PARAMETER_VALIDATION;
    for (i = 0; i < t->ncols && nv < 64; i++)
        if (!t->cols[i].data_only) {
            vis[nv++] = i;
            groups |= t->cols[i].group != NULL;
        }
#define TRY(call)                                                              \
    do {                                                                       \
        if ((e = (call)) != LXW_NO_ERROR)                                      \
            return e;                                                          \
    } while (0)
    TRY(span(ws, row, nv, r->title, f->title));
    TRY(worksheet_set_row(ws, row++, 36, NULL));
    TRY(span(ws, row, nv, r->subtitle, f->subtitle));
    TRY(worksheet_set_row(ws, row++, 32, NULL));
    if (r->note) {
        TRY(span(ws, row, nv, r->note, f->note));
        TRY(worksheet_set_row(ws, row++, 30, NULL));
    }
    TRY(worksheet_write_string(ws, row++, 0, t->heading, f->heading));
    h1 = row;
    h2 = groups ? h1 + 1 : h1;
    for (i = 0; i < nv; i++) {
        const trk_report_col *c = &t->cols[vis[i]];
        TRY(worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, c->width,
                                 NULL));
        if (!c->group) {
            if (h2 > h1)
                TRY(worksheet_merge_range(ws, h1, (lxw_col_t)i, h2,
                                          (lxw_col_t)i, c->label, f->head));
            else
                TRY(worksheet_write_string(ws, h1, (lxw_col_t)i, c->label,
                                           f->head));
            continue;
        }
        /* A run of columns under one heading. */
        for (j = i + 1; j < nv && t->cols[vis[j]].group &&
                        !strcmp(t->cols[vis[j]].group, c->group);
             j++)
            ;
        if (j - i > 1)
            TRY(worksheet_merge_range(ws, h1, (lxw_col_t)i, h1,
                                      (lxw_col_t)j - 1, c->group, f->head));
        else
            TRY(worksheet_write_string(ws, h1, (lxw_col_t)i, c->group,
                                       f->head));
        for (k = i; k < j; k++)
            TRY(worksheet_write_string(ws, h2, (lxw_col_t)k,
                                       t->cols[vis[k]].sub, f->head));
        i = j - 1;
    }
    row = h2 + 1;
    TRY(worksheet_repeat_rows(ws, h1, h2));
    worksheet_freeze_panes(ws, row, 0);
    for (k = 0; k < t->nrows; k++, row++) {
        const trk_report_cell *cells = t->cells + (size_t)k * t->ncols;
        int b = is_total(t->kinds[k]);
        for (i = 0; i < nv; i++) {
            const trk_report_cell *c = &cells[vis[i]];
            lxw_col_t col = (lxw_col_t)i;
            switch (t->cols[vis[i]].type) {
            case TRK_COL_VND:
                TRY(c->null ? worksheet_write_blank(ws, row, col, f->money[b])
                            : worksheet_write_number(ws, row, col,
                                                     (double)c->value / 1e6,
                                                     f->money[b]));
                break;
            case TRK_COL_PCT:
                TRY(c->null ? worksheet_write_blank(ws, row, col, f->pct[b])
                            : worksheet_write_number(ws, row, col, c->pct,
                                                     f->pct[b]));
                break;
            case TRK_COL_COUNT:
                TRY(c->null ? worksheet_write_blank(ws, row, col, f->count[b])
                            : worksheet_write_number(
                                  ws, row, col, (double)c->value, f->count[b]));
                break;
            default:
                TRY(c->text ? worksheet_write_string(ws, row, col, c->text,
                                                     f->text[b])
                            : worksheet_write_blank(ws, row, col, f->text[b]));
            }
        }
    }
#undef TRY
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    return LXW_NO_ERROR;
}

int trk_report_xlsx(const trk_report *r, const char *path, gis_error *err) {
    lxw_workbook *wb = workbook_new(path);
    lxw_doc_properties props = {0};
    xlsx_formats f;
    lxw_error e = LXW_NO_ERROR, closed;
    int i;

    if (!wb) {
        gis_error_set(err, "cannot write '%s': cannot start a workbook", path);
        return 1;
    }
    props.title = r->title;
    props.subject = r->subtitle;
    props.comments = r->note;
    props.author = "tracker";
    props.company = "UBND huyện Đại Từ";
    e = workbook_set_properties(wb, &props);
    if (!e && make_formats(wb, &f))
        e = LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (i = 0; !e && i < r->ntables; i++)
        e = write_sheet(wb, &f, r, &r->tables[i]);
    closed = workbook_close(wb);
    if (e || closed) {
        gis_error_set(err, "cannot write '%s': %s", path,
                      lxw_strerror(e ? e : closed));
        return 1;
    }
    return 0;
}
