/*
 * trk_parse.h: spreadsheet cells as offices write them, made into typed
 * values.  Each office keeps its own conventions (amounts in đồng, triệu
 * or tỷ, Vietnamese or English number marks, dates with slashes, dashes
 * or dots, categories in their own words), so every parser either returns
 * a value or says precisely why the cell is not one; the importer puts
 * that reason after "line 7, field amount: ".
 */
#ifndef TRK_PARSE_H
#define TRK_PARSE_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    TRK_MONEY_UNIT_NONE,
    TRK_MONEY_VND,
    TRK_MONEY_MILLION,
    TRK_MONEY_BILLION
} trk_money_unit;

/* The unit a column header announces: "Tổng mức đầu tư (triệu đồng)" ->
 * MILLION, "(đồng)"/"VNĐ" -> VND, "(tỷ đồng)" -> BILLION, nothing -> NONE.
 * Also "tr.đ", "trđ", "million VND", "VND million", "bn", "Đơn vị: tỷ".
 * NONE as well when the header names a unit this enum cannot hold
 * ("(1.000 đồng)", "nghìn đồng") or two different units: reading those
 * cells as đồng would be wrong by a factor of a thousand. */
trk_money_unit trk_money_unit_of_header(const char *header);

/* Parses an amount as officials write it into whole VND.  A unit written
 * in the cell (đồng, đ, ₫, VND, VNĐ, triệu, tr, trđ, million, tỷ, ty,
 * billion, with or without diacritics, any case, with or without a space)
 * wins over the column's unit; with neither, plain numbers of 7 or more
 * digits are VND and smaller ones are refused as ambiguous (0 is 0 in
 * every unit).  Separators: Vietnamese "1.234,5" (dot for thousands,
 * comma decimal) and English "1,234.5" are both read: when both marks
 * appear the last one is the decimal mark; a single kind of mark
 * following a group of 1-3 digits (not starting with 0) and followed by
 * groups of exactly three digits is a thousands separator
 * ("1,234,500,000", "850.000.000"), otherwise it is the decimal mark
 * ("1,2 tỷ", "1.5", "5558.125").  Results that are not whole VND (e.g.
 * "0,0000001 triệu") are refused.  Negative amounts are refused.  Returns
 * 0, or 1 with a short reason in why (may be NULL): "'1,2,3' is not an
 * amount", "'850' has no unit: write 850 triệu or 850000000", "'abc' is
 * not an amount", "amount too large", "'-5' is negative: ...", "'850 m'
 * has an unknown unit 'm'", "'0,0000001 triệu' is not a whole number of
 * đồng".  *vnd is written only on success. */
int trk_parse_amount(const char *text, trk_money_unit column_unit, int64_t *vnd,
                     char *why, size_t whysize);

/* Parses a date as offices write it: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy,
 * dd.mm.yyyy, yyyy-mm-dd, yyyy/mm/dd (what GDAL prints for spreadsheet
 * date cells), optionally followed (after a space or 'T') by a time
 * "hh:mm[:ss[.fff]]" and a zone ("Z", "+07", "+07:00"), which are
 * dropped; checks the date exists (29/02/2023 does not; leap years
 * right); years 1900-2100.  out receives YYYY-MM-DD.  Returns 0, or 1
 * with a reason in why (may be NULL): "'31/04/2022' is not a date: April
 * has 30 days", "'13/13/2022' is not a date (dd/mm/yyyy): there is no
 * month 13".  out is written only on success. */
int trk_parse_date(const char *text, char out[11], char *why, size_t whysize);

/* Maps a category as offices write it to a category id of trk_categories
 * (the returned pointer is that table's id): the id itself, the
 * Vietnamese or English label in any case/without diacritics, or common
 * phrasings ("Đường GTNT" -> rural_road, "Cầu treo" -> bridge, "Trường
 * mầm non" -> school, "Đường điện" -> power, "Sửa chữa đường" ->
 * maintenance ...; see trk_parse.c), also after "Xây dựng", "Nâng cấp",
 * "Công trình", "Tuyến" and the like.  Repairs ("Sửa chữa", "Duy tu",
 * "Bảo dưỡng") are maintenance whatever they repair.  extra (may be NULL)
 * is a NULL-terminated array of "TEXT=category_id" pairs, compared folded
 * and consulted first; pairs whose id is not a category id are skipped,
 * so one list may carry mappings for other fields too.  Returns NULL when
 * nothing fits. */
const char *trk_parse_category(const char *text, const char *const *extra);

#endif
