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

#endif
