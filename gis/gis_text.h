/*
 * gis_text.h: matching keys for place names written every which way.
 *
 * Public datasets write "ĐạiTừ", "Dai Tu", "ĐẠI TỪ" or decomposed (NFD)
 * Unicode for the same name.  A key folds all of them to one ASCII form:
 * Unicode normalised and case-folded by utf8proc, combining marks removed,
 * đ/Đ (a letter of its own, not a d with a mark) turned into d, and
 * everything but letters and digits dropped.  Keys are for matching only;
 * names are displayed as written.
 */
#ifndef GIS_TEXT_H
#define GIS_TEXT_H

#include <stddef.h>

/* Writes the key of utf8 into out (always NUL-terminated, truncated to
 * outsize).  Returns 0, or 1 when utf8 is not valid UTF-8. */
int gis_text_key(const char *utf8, char *out, size_t outsize);

/* Like gis_text_key but keeps word boundaries as single spaces and marks
 * an abbreviation point: "X. La Bằng, TT.Hùng Sơn" -> "x. la bang, tt.
 * hung son" (letters and digits folded; '.' kept after a word; ',', ';'
 * and '/' kept as separators; everything else a space). */
int gis_text_fold(const char *utf8, char *out, size_t outsize);

/* What bytes a text holds: 1 plain ASCII, 0 valid UTF-8, -1 bytes that
 * are not UTF-8 at all (maybe TCVN3), -2 UTF-8 with broken bytes in it (a
 * text holding valid multi-byte sequences is UTF-8, damaged). */
int gis_text_encoding(const char *s);

/* Text as people type it, made UTF-8 NFC: NFD input is composed, and
 * legacy TCVN3 (ABC, .VnTime fonts) is detected and decoded with glibc's
 * iconv, whether it arrives as raw bytes (not valid UTF-8) or as those
 * bytes misread as Latin-1 ("§¹i Tõ" for "Đại Từ").  Returns 0 when the
 * text was fine, 1 when it was converted from TCVN3, -1 when it is
 * neither UTF-8 nor TCVN3 (out then holds "").  *out is malloc'd. */
int gis_text_clean(const char *in, char **out);

/* A whole text file's bytes as UTF-8 NFC.  Returns 0 when they already
 * are UTF-8 (or ASCII; damaged UTF-8 is left for the caller to report
 * where it is), 1 with a malloc'd *out and *encoding set ("UTF-16LE",
 * "UTF-16BE", "Windows-1258" as Vietnamese Excel saves CSV, with its
 * combining tone marks composed, or "TCVN3") when they were converted,
 * -1 when the encoding cannot be told or the bytes do not decode. */
int gis_text_decode_file(const char *bytes, size_t n, char **out,
                         const char **encoding);

/* Edit distance (Damerau: insert, delete, substitute, swap two adjacent)
 * between two keys; max + 1 when it exceeds max. */
int gis_text_distance(const char *a, const char *b, int max);

#endif
