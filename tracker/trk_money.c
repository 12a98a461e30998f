/*
 * trk_money.c: formatting and parsing of VND amounts.  Integer arithmetic
 * only: floating point would lose dong on large amounts.
 */
#include "trk_money.h"

#include <stdio.h>
#include <string.h>

char *trk_million_vi(int64_t vnd, char *out, size_t outsize) {
    /* Tenths of a million, rounded half away from zero. */
    int neg = vnd < 0;
    uint64_t v = neg ? (uint64_t)(-(vnd + 1)) + 1 : (uint64_t)vnd;
    uint64_t tenths = (v + 50000) / 100000, whole = tenths / 10;
    char digits[32], grouped[48];
    size_t n, i, j = 0;

    snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole);
    n = strlen(digits);
    for (i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[j++] = '.';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    snprintf(out, outsize, "%s%s,%u", neg ? "-" : "", grouped,
             (unsigned)(tenths % 10));
    return out;
}

int trk_parse_vnd(const char *text, int64_t *vnd) {
    int64_t v = 0;
    int digits = 0;
    char sep = 0;
    const char *p;

    for (p = text; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v > (INT64_MAX - (*p - '0')) / 10)
                return 1;
            v = v * 10 + (*p - '0');
            digits++;
        } else if ((*p == '.' || *p == ',') && digits > 0 &&
                   (!sep || sep == *p)) {
            /* Thousands separators only: exactly three digits follow. */
            if (strspn(p + 1, "0123456789") < 3 || (p[4] >= '0' && p[4] <= '9'))
                return 1;
            sep = *p;
        } else {
            return 1;
        }
    }
    if (digits == 0)
        return 1;
    *vnd = v;
    return 0;
}
