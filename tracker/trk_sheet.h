/*
 * trk_sheet.h: the tables district offices really keep ("danh mục công
 * trình" in XLSX, ODS or CSV) read as a header plus classified rows.
 *
 * Such sheets are not tables OGR can name: title rows sit above the
 * header, the header may take two rows under merged cells, a row of
 * column numbers may follow it, and the data mixes works with section
 * rows (A, I, "Tiểu dự án 1") and total rows ("Tổng cộng").  The reader
 * finds the header by asking the caller which column names it knows,
 * returns every cell as text (the caller parses and names errors), fills
 * merged cells from their top-left cell, and says for each row what it is
 * and which sections it belongs to.  Row numbers are the ones the user
 * sees in Excel ("row 12") or the file's line for CSV.
 */
#ifndef TRK_SHEET_H
#define TRK_SHEET_H

#include <stddef.h>

#include "gis_error.h"

/* Blank rows and the column-number row are skipped, never returned. */
typedef enum {
    TRK_SHEET_WORK,
    TRK_SHEET_SECTION,
    TRK_SHEET_TOTAL
} trk_sheet_kind;

typedef struct trk_sheet trk_sheet;

/* The gis_text_key of a header or cell read as the sheet reads it (a
 * TCVN3 cell converted first): what known() is given, and what callers
 * match headers by. */
void trk_sheet_key(const char *text, char *out, size_t n);

/* How many rows (not counting blank ones) may sit above the header. */
#define TRK_SHEET_HEADER_SEARCH 30

/* Opens layer (a sheet name; NULL: the first) of path and finds its
 * header: among the first TRK_SHEET_HEADER_SEARCH non-blank rows, the one
 * (or the two, under merged cells) naming the most columns known(key,
 * ctx) accepts, at least 2; key is the gis_text_key of the header cell.
 * display_name names the file in messages (path may be a /vsimem/ copy).
 * XLSX and ODS are read through OGR, every cell as text; CSV (any other
 * text file) is read here, so lines keep their numbers.  Returns 0, or 1
 * with err set.  Close with trk_sheet_close (which accepts NULL). */
int trk_sheet_open(trk_sheet **out, const char *path, const char *display_name,
                   const char *layer, int (*known)(const char *key, void *ctx),
                   void *ctx, gis_error *err);
void trk_sheet_close(trk_sheet *s);

/* The sheet's name ("Danh mục"), or the file's display name for CSV. */
const char *trk_sheet_name(const trk_sheet *s);

/* The header's first row and how many rows it takes (1 or 2). */
int trk_sheet_header_row(const trk_sheet *s);
int trk_sheet_header_height(const trk_sheet *s);

int trk_sheet_field_count(const trk_sheet *s);
/* The column's header as the importer should match it: the lower label
 * of a two-row header when it has one ("X"), else the upper ("Tên công
 * trình"); "" for a column without one. */
const char *trk_sheet_field_name(const trk_sheet *s, int i);
/* The upper label over a two-row column ("Tọa độ VN-2000"), or "". */
const char *trk_sheet_field_group(const trk_sheet *s, int i);
/* The columns taken for STT and for the work's name, or -1. */
int trk_sheet_stt_field(const trk_sheet *s);
int trk_sheet_name_field(const trk_sheet *s);

/* Texts above the header, for the year and unit they state: the "Đơn vị
 * tính: ..." / "ĐVT: ..." cell (or NULL), and every title cell, in
 * order, joined with " | " ("" when there is none). */
const char *trk_sheet_unit_line(const trk_sheet *s);
const char *trk_sheet_title(const trk_sheet *s);

/* Next data row: 1, 0 at the end, -1 on a read error (err). */
int trk_sheet_next(trk_sheet *s, gis_error *err);
trk_sheet_kind trk_sheet_row_kind(const trk_sheet *s);

/* The cell text ("" when empty or beyond the row), leading and trailing
 * spaces trimmed, merged ranges of XLSX filled from their top-left cell
 * (vertical merges in data too); valid until the next call to next. */
const char *trk_sheet_text(const trk_sheet *s, int field);

/* Where the row is as the user sees it: "sheet 'Danh mục', row 12" (the
 * Excel row, counting title and blank rows) or "line 12" for CSV. */
const char *trk_sheet_where(const trk_sheet *s);
int trk_sheet_row_number(const trk_sheet *s);

/* The sections in force for this row, outermost first, each the section
 * row's STT and name joined ("I. Dự án 4 ..." or just the name); for a
 * SECTION row it includes that row.  A section pops those at its level
 * and below; levels: letter STT (A, B) 0, roman STT 1, "Dự án ..." 2,
 * "Tiểu dự án ..." 3, "Nội dung ..." 4, other sections 5.  Returns the
 * count; *texts (owned by s) is valid until the next call to next. */
int trk_sheet_sections(const trk_sheet *s, const char *const **texts);

#endif
