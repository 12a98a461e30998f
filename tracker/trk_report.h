/*
 * trk_report.h: the reports officials take to meetings, built as data
 * first: a report is a title, a subtitle, an optional note (sample data)
 * and one or more tables of typed cells.  The CLI prints a report as a
 * table, CSV or JSON; trk_report_xlsx writes it as a workbook laid out
 * like an official summary table.  Building and writing are apart so that
 * every format shows the very same figures.
 *
 *   budget  plan 227/KH-UBND line by line (plan, allocated, contracted,
 *           disbursed, rate), then by funding source and capital type
 *           against the plan's section III, each with its totals
 *   works   one row per work: place, category, status, progress, money,
 *           contractors, flags, illustrative marker
 *
 * Money is integer VND throughout; contracted value and disbursement
 * belong to works, and reach plan lines and sources through the work's
 * allocations (trk_split_proportional below).
 */
#ifndef TRK_REPORT_H
#define TRK_REPORT_H

#include <stdint.h>

#include "gis_db.h"

typedef enum {
    TRK_COL_TEXT,  /* text, or empty */
    TRK_COL_VND,   /* integer VND, shown as million VND ("5.558,0") */
    TRK_COL_PCT,   /* a percentage, shown with one decimal */
    TRK_COL_COUNT, /* a whole number */
    TRK_COL_BOOL   /* yes/no; people see the cell's text when yes */
} trk_col_type;

typedef struct trk_report_col {
    const char *key;   /* CSV/JSON name; a VND column adds key_vnd */
    const char *label; /* Vietnamese heading, in full */
    const char *group; /* heading over a run of columns, or NULL... */
    const char *sub;   /* ...and this column's part of it */
    trk_col_type type;
    int data_only; /* CSV/JSON only (ids next to their Vietnamese labels) */
    int cut;       /* table: longer text is cut to this many characters */
    int width;     /* xlsx column width, in characters */
} trk_report_col;

typedef struct trk_report_cell {
    char *text;    /* TEXT and BOOL: what people read; NULL when empty */
    int64_t value; /* VND, COUNT, BOOL */
    double pct;    /* PCT */
    int null;      /* VND, PCT, COUNT: no figure (shown empty) */
} trk_report_cell;

typedef struct trk_report_table {
    const char *key;     /* JSON member and CSV section ("lines") */
    const char *heading; /* "I. Theo dự án, tiểu dự án" */
    const char *sheet;   /* xlsx sheet name (31 characters at most) */
    const trk_report_col *cols;
    int ncols;
    int nrows, cap;
    const char **kinds;     /* per row: "line", "unallocated", "total"... */
    trk_report_cell *cells; /* nrows * ncols, row by row */
} trk_report_table;

#define TRK_REPORT_TABLES 2

typedef struct trk_report {
    const char *name;   /* "budget" or "works" */
    char *title;        /* the title row, upper case */
    char *subtitle;     /* the plan, the unit of money, the day */
    char *note;         /* "Số liệu minh họa: ..." or NULL */
    char today[11];     /* YYYY-MM-DD the report is made for */
    char *plan_id;      /* NULL when the database holds no plan */
    char *plan_number;  /* "227/KH-UBND" */
    int plan_year;      /* 2022 */
    int64_t plan_total; /* the plan's own total, VND */
    int works;          /* works in the database */
    int illustrative;   /* of which illustrative sample works */
    int unallocated;    /* of which with no allocated money */
    trk_report_table tables[TRK_REPORT_TABLES];
    int ntables;
} trk_report;

/* Builds the budget report into r (released by trk_report_release, also
 * on failure).  today (YYYY-MM-DD, or NULL for trk_flags_today's day)
 * dates the report.  Fails when the database holds no plan. */
int trk_report_budget(gis_db *db, const char *today, trk_report *r,
                      gis_error *err);

/* Builds the works report into r; flags are computed for today (see
 * trk_flags_view). */
int trk_report_works(gis_db *db, const char *today, trk_report *r,
                     gis_error *err);

/* Frees what r holds and leaves it empty; accepts an empty report. */
void trk_report_release(trk_report *r);

/* Writes r as an XLSX workbook at path (replaced when it exists), one
 * sheet per table: title, subtitle and note rows, two header rows, then
 * the rows with money as numeric cells in million VND ('#,##0.0'). */
int trk_report_xlsx(const trk_report *r, const char *path, gis_error *err);

/* Splits amount into n parts proportional to weights, in whole VND, so
 * that the parts sum to amount exactly: each part is the floor of its
 * exact share, and the VND left over go one each to the parts with the
 * largest remainders (the earlier part on a tie).  amount and weights
 * must not be negative and the weights must not all be zero; returns 0,
 * or 1 when they are. */
int trk_split_proportional(int64_t amount, const int64_t *weights, int n,
                           int64_t *parts);

#endif
