/*
 * trk_money.h: money is integer VND; people read it as million VND the
 * way the plan writes it: "5.558,0" (dot for thousands, comma decimal).
 */
#ifndef TRK_MONEY_H
#define TRK_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The largest amount the tracker takes: 10^15 VND (a million tỷ), a
 * thousand times the national programme.  Anything above is a unit
 * mistake, and keeping sums of amounts far from INT64_MAX keeps every
 * total exact. */
#define TRK_MONEY_MAX_VND 1000000000000000LL

/* Writes vnd as million VND with one decimal, rounded half away from
 * zero: 5558000000 -> "5.558,0".  Returns out. */
char *trk_million_vi(int64_t vnd, char *out, size_t outsize);

/* Parses a whole number of VND ("850000000", "850.000.000" or
 * "850,000,000"); 0 on success, 1 when text is not such a number. */
int trk_parse_vnd(const char *text, int64_t *vnd);

#endif
