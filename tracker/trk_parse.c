/*
 * trk_parse.c: amounts, dates and categories from offices' spreadsheets.
 *
 * Amounts are read digit by digit into integers (a mantissa and a power
 * of ten), never through floating point, which would lose đồng on large
 * sums and accept "0,0000001 triệu" as if it were money.  Words (units,
 * categories) are compared only after gis_text folding, so "TRIỆU",
 * "trieu" and decomposed Unicode are the same word; the only raw-byte
 * tests are for ASCII digits and marks, which UTF-8 never uses inside a
 * multi-byte character.
 */
#include "trk_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_text.h"
#include "trk_category.h"

/* ---------------------------------------------------------------- */
/* Shared helpers                                                     */

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* U+00A0: spreadsheets put no-break spaces around numbers. */
static int is_nbsp(const char *p) {
    return (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0;
}

static const char *skip_space(const char *p) {
    for (;;) {
        if (is_space(*p))
            p++;
        else if (is_nbsp(p))
            p += 2;
        else
            return p;
    }
}

static const char *trim_end(const char *b, const char *e) {
    for (;;) {
        if (e > b && is_space(e[-1]))
            e--;
        else if (e - b >= 2 && is_nbsp(e - 2))
            e -= 2;
        else
            return e;
    }
}

/* The cell as a reason quotes it: at most QUOTE_MAX bytes cut on a
 * character boundary, control characters as spaces so that the reason
 * stays one line. */
#define QUOTE_MAX 60
#define QUOTE_SIZE (QUOTE_MAX + 4)

static void quote(const char *b, const char *e, char out[QUOTE_SIZE]) {
    size_t n = (size_t)(e - b), i;
    int cut = n > QUOTE_MAX;

    if (cut) {
        n = QUOTE_MAX;
        while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80)
            n--;
    }
    for (i = 0; i < n; i++)
        out[i] = (unsigned char)b[i] < 0x20 || b[i] == 0x7F ? ' ' : b[i];
    strcpy(out + n, cut ? "..." : "");
}

static int fail(char *why, size_t whysize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t whysize, const char *fmt, ...) {
    if (why && whysize > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whysize, fmt, ap);
        va_end(ap);
    }
    return 1;
}

/* gis_text_key of [b, e) in a malloc'd buffer large enough for any
 * folding (a character never folds to more than four times its bytes);
 * NULL when out of memory or not UTF-8. */
static char *key_of(const char *b, const char *e) {
    size_t n = (size_t)(e - b);
    char *in = malloc(n + 1), *out = malloc(4 * n + 8);

    if (in && out) {
        memcpy(in, b, n);
        in[n] = '\0';
        if (gis_text_key(in, out, 4 * n + 8) == 0) {
            free(in);
            return out;
        }
    }
    free(in);
    free(out);
    return NULL;
}

/* The folded words of [b, e) as "w1 w2 w3": gis_text_fold, with the
 * marks it keeps ('.', ',', ';', '/') turned into word breaks, since a
 * unit or a category does not care whether words were abbreviated.
 * malloc'd; NULL when out of memory or not UTF-8. */
static char *words_of(const char *b, const char *e) {
    size_t n = (size_t)(e - b), i, j = 0;
    char *in = malloc(n + 1), *out = malloc(4 * n + 16);

    if (!in || !out)
        goto fail;
    memcpy(in, b, n);
    in[n] = '\0';
    if (gis_text_fold(in, out, 4 * n + 16))
        goto fail;
    for (i = 0; out[i]; i++) {
        char c = strchr(".,;/", out[i]) ? ' ' : out[i];
        if (c == ' ' && (j == 0 || out[j - 1] == ' '))
            continue;
        out[j++] = c;
    }
    while (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
    free(in);
    return out;
fail:
    free(in);
    free(out);
    return NULL;
}

/* Splits words (modified in place) into at most max words; returns the
 * count. */
static size_t split_words(char *words, char **w, size_t max) {
    size_t n = 0;
    char *save = NULL, *t;

    for (t = strtok_r(words, " ", &save); t && n < max;
         t = strtok_r(NULL, " ", &save))
        w[n++] = t;
    return n;
}

/* ---------------------------------------------------------------- */
/* Money units                                                        */

/* A multiplier word and the power of ten it stands for.  "ambiguous"
 * ones are also ordinary words or abbreviations ("tỷ lệ" is a ratio), so
 * a header counts them only next to a currency word or alone. */
static const struct multiplier {
    const char *key;
    int exp;
    int ambiguous;
} multipliers[] = {{"trieu", 6, 0},    {"million", 6, 0},   {"millions", 6, 0},
                   {"tr", 6, 1},       {"mn", 6, 1},        {"ty", 9, 0},
                   {"ti", 9, 1},       {"billion", 9, 0},   {"billions", 9, 0},
                   {"bn", 9, 1},       {"nghin", 3, 0},     {"ngan", 3, 0},
                   {"thousand", 3, 0}, {"thousands", 3, 0}, {NULL, 0, 0}};

/* "đồng", "đ", "VND", "VNĐ" folded. */
static int is_currency(const char *key) {
    return !strcmp(key, "dong") || !strcmp(key, "d") || !strcmp(key, "vnd");
}

/* The power of ten a unit's key stands for: "vnd" 0, "trieudong",
 * "trd", "vndmillion" 6, "tydong" 9, "nghindong" 3; -1 when the key is
 * not a unit.  *m (may be NULL) receives the multiplier, NULL for a bare
 * currency. */
static int unit_exp(const char *key, const struct multiplier **m) {
    const struct multiplier *x;

    if (m)
        *m = NULL;
    if (is_currency(key))
        return 0;
    for (x = multipliers; x->key; x++) {
        size_t n = strlen(x->key), len = strlen(key);
        if (m)
            *m = x;
        /* multiplier [currency] */
        if (!strncmp(key, x->key, n) && (!key[n] || is_currency(key + n)))
            return x->exp;
        /* currency multiplier ("VND million") */
        if (len > n && !strcmp(key + len - n, x->key)) {
            char cur[8];
            if (len - n < sizeof cur) {
                memcpy(cur, key, len - n);
                cur[len - n] = '\0';
                if (is_currency(cur))
                    return x->exp;
            }
        }
    }
    if (m)
        *m = NULL;
    return -1;
}

/* [b, e) writes "ngàn" (thousand) with its grave accent, in either
 * case, precomposed or not: not "ngân". */
static int has_ngan_thousand(const char *b, const char *e) {
    static const char *const forms[] = {"ngàn",         "NGÀN",         "Ngàn",
                                        "nga\xcc\x80n", "NGA\xcc\x80N", NULL};
    size_t n = (size_t)(e - b);
    for (const char *const *f = forms; *f; f++) {
        size_t k = strlen(*f);
        for (size_t i = 0; i + k <= n; i++)
            if (!memcmp(b + i, *f, k))
                return 1;
    }
    return 0;
}

/* The power of ten one segment of a header names (-1: none, -2: two
 * different ones). */
static int segment_exp(const char *b, const char *e) {
    char *key = key_of(b, e), *words = words_of(b, e), *w[32], pair[64];
    size_t n, i;
    int found = -1;

    if (!key || !words) {
        free(key);
        free(words);
        return -1;
    }
    /* "(1.000 đồng)": thousands, which fold into separate words. */
    if (strstr(key, "1000d") || strstr(key, "1000vnd"))
        found = 3;
    n = split_words(words, w, sizeof w / sizeof *w);
    for (i = 0; i < n; i++) {
        const struct multiplier *m;
        int exp = -1;
        /* "Tỷ lệ" is a ratio, not billions. */
        if (i + 1 < n && !strcmp(w[i], "ty") && !strcmp(w[i + 1], "le")) {
            i++;
            continue;
        }
        /* Two words make one unit: "triệu đồng", "tr.đ", "VND million". */
        if (i + 1 < n && strlen(w[i]) + strlen(w[i + 1]) < sizeof pair) {
            strcpy(pair, w[i]);
            strcat(pair, w[i + 1]);
            exp = unit_exp(pair, &m);
            if (exp >= 0 && m) {
                i++;
                goto record;
            }
        }
        exp = unit_exp(w[i], &m);
        if (exp < 0)
            continue;
        /* A lone "đồng" names the unit only at the start of a segment:
         * "(đồng)", "Đơn vị: đồng", but not "Giá trị hợp đồng". */
        if (!m && strcmp(w[i], "vnd") && i > 0)
            continue;
        /* Folded, "ngân" (money: "Giải ngân", "Ngân sách") is "ngàn"
         * (thousand): the segment's own letters tell them apart. */
        if (m && !strcmp(m->key, "ngan") && !has_ngan_thousand(b, e))
            continue;
        /* "Tỷ lệ", "tr" ... count only alone: "(tỷ)", "(tr)". */
        if (m && m->ambiguous && !strcmp(w[i], m->key) && n > 1)
            continue;
    record:
        if (found == -1)
            found = exp;
        else if (found != exp)
            found = -2;
    }
    free(key);
    free(words);
    return found;
}

trk_money_unit trk_money_unit_of_header(const char *header) {
    const char *p = header;
    int found = -1;

    if (!header)
        return TRK_MONEY_UNIT_NONE;
    /* Units sit in parentheses or after a colon, comma or dash; each part
     * is read on its own so "đồng" can be told from "hợp đồng". */
    while (*p) {
        size_t n = strcspn(p, "()[]:,;-/|");
        int exp = segment_exp(p, p + n);
        if (exp == -2)
            return TRK_MONEY_UNIT_NONE;
        if (exp >= 0) {
            if (found >= 0 && found != exp)
                return TRK_MONEY_UNIT_NONE;
            found = exp;
        }
        p += n;
        if (*p)
            p++;
    }
    switch (found) {
    case 0:
        return TRK_MONEY_VND;
    case 6:
        return TRK_MONEY_MILLION;
    case 9:
        return TRK_MONEY_BILLION;
    default:
        /* Nothing, or thousands: no enum value says so, and reading them
         * as đồng would be a thousand times wrong. */
        return TRK_MONEY_UNIT_NONE;
    }
}

/* ---------------------------------------------------------------- */
/* Amounts                                                            */

/* Checks that [b, e) is digits grouped by sep the way thousands are: a
 * first group of 1-3 digits not starting with 0, then groups of exactly
 * three. */
static int thousands_grouped(const char *b, const char *e, char sep) {
    const char *p = b;
    size_t len = strspn(p, "0123456789");

    if (len == 0 || len > 3 || *p == '0' || p + len > e)
        return 0;
    for (p += len; p < e; p += len) {
        if (*p != sep)
            return 0;
        p++;
        len = strspn(p, "0123456789");
        if (len != 3 || p + len > e)
            return 0;
    }
    return 1;
}

/* Reads the marks of the number [b, e) (digits, '.' and ','): *dec is
 * the decimal mark, or NULL when there is none.  Returns 1 when the
 * marks make no number. */
static int number_marks(const char *b, const char *e, const char **dec) {
    const char *p, *last = NULL;
    int dots = 0, commas = 0;

    *dec = NULL;
    if (b == e || !is_digit(*b) || !is_digit(e[-1]))
        return 1;
    for (p = b; p < e; p++) {
        if (is_digit(*p))
            continue;
        if (!is_digit(p[1]))
            return 1; /* "1..2", "1.,2" */
        dots += *p == '.';
        commas += *p == ',';
        last = p;
    }
    if (!last)
        return 0;
    if (dots && commas) {
        /* "1.234,5" and "1,234.5": the last mark is the decimal one, it
         * occurs once, and the other one groups thousands before it. */
        if ((*last == '.' ? dots : commas) != 1 ||
            !thousands_grouped(b, last, *last == '.' ? ',' : '.'))
            return 1;
        *dec = last;
        return 0;
    }
    if (thousands_grouped(b, e, *last))
        return 0;
    if (dots + commas > 1)
        return 1; /* "1,2,3" */
    *dec = last;
    return 0;
}

/* The number [b, e) with decimal mark dec (may be NULL), times 10^exp, as
 * whole VND.  Returns 0, 1 when it is not whole, 2 when it overflows. */
static int scaled_value(const char *b, const char *e, const char *dec, int exp,
                        int64_t *out) {
    const char *frac_end = e, *p;
    int64_t v = 0;
    int k;

    if (dec)
        while (frac_end > dec + 1 && frac_end[-1] == '0')
            frac_end--; /* "1,500 tỷ" has one decimal that matters */
    k = dec ? (int)(frac_end - dec - 1) : 0;
    if (k > exp)
        return 1;
    for (p = b; p < frac_end; p++) {
        if (!is_digit(*p))
            continue;
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return 2;
        v = v * 10 + (*p - '0');
    }
    for (; k < exp; k++) {
        if (v > INT64_MAX / 10)
            return 2;
        v *= 10;
    }
    *out = v;
    return 0;
}

/* Digits before the decimal mark, leading zeros not counted: what tells
 * "850" (triệu, surely) from "850000000" (đồng). */
static int integer_digits(const char *b, const char *e, const char *dec) {
    const char *p;
    int n = 0;

    for (p = b; p < (dec ? dec : e); p++)
        if (is_digit(*p) && (n > 0 || *p != '0'))
            n++;
    return n;
}

static int all_zero(const char *b, const char *e) {
    for (; b < e; b++)
        if (is_digit(*b) && *b != '0')
            return 0;
    return 1;
}

/* The power of ten of the unit written after a number, -1 when it is
 * not a unit. */
static int cell_unit_exp(const char *b, const char *e) {
    char *key;
    int exp;

    /* ₫ is a symbol, not a letter: folding would drop it. */
    if (e - b == 3 && !memcmp(b, "\xE2\x82\xAB", 3))
        return 0;
    key = key_of(b, e);
    exp = key && *key ? unit_exp(key, NULL) : -1;
    free(key);
    return exp;
}

int trk_parse_amount(const char *text, trk_money_unit column_unit, int64_t *vnd,
                     char *why, size_t whysize) {
    char q[QUOTE_SIZE], qn[QUOTE_SIZE];
    const char *b, *e, *num_end, *u, *dec;
    int exp, rc;
    int64_t v;

    if (!text)
        text = "";
    b = skip_space(text);
    e = trim_end(b, b + strlen(b));
    quote(b, e, q);
    if (b == e)
        return fail(why, whysize, "amount is empty");
    if (*b == '-' || !strncmp(b, "\xE2\x88\x92", 3)) { /* '-', U+2212 */
        if (is_digit(*skip_space(b + (*b == '-' ? 1 : 3))))
            return fail(why, whysize,
                        "'%s' is negative: amounts cannot be negative", q);
        return fail(why, whysize, "'%s' is not an amount", q);
    }
    num_end = b + strspn(b, "0123456789.,");
    u = skip_space(num_end);
    /* "1 234": digits after a space are not a unit, and spaces are not
     * read as separators. */
    if (number_marks(b, num_end, &dec) || (u < e && strchr("0123456789.,", *u)))
        return fail(why, whysize, "'%s' is not an amount", q);

    if (u < e) {
        exp = cell_unit_exp(u, e);
        if (exp < 0) {
            char qu[QUOTE_SIZE];
            quote(u, e, qu);
            return fail(why, whysize, "'%s' has an unknown unit '%s'", q, qu);
        }
    } else {
        exp = column_unit == TRK_MONEY_VND       ? 0
              : column_unit == TRK_MONEY_MILLION ? 6
              : column_unit == TRK_MONEY_BILLION ? 9
                                                 : -1;
    }
    if (exp < 0) {
        if (all_zero(b, num_end)) {
            *vnd = 0; /* nothing is nothing in every unit */
            return 0;
        }
        if (integer_digits(b, num_end, dec) < 7) {
            /* Hint with the amount the number would be in triệu, the
             * unit plans mostly use. */
            quote(b, num_end, qn);
            if (scaled_value(b, num_end, dec, 6, &v) == 0)
                return fail(why, whysize,
                            "'%s' has no unit: write %s triệu or %lld", q, qn,
                            (long long)v);
            return fail(why, whysize, "'%s' has no unit: write %s triệu", q,
                        qn);
        }
        exp = 0;
    }
    rc = scaled_value(b, num_end, dec, exp, &v);
    if (rc == 1)
        return fail(why, whysize, "'%s' is not a whole number of đồng", q);
    if (rc == 2)
        return fail(why, whysize, "amount too large: '%s'", q);
    *vnd = v;
    return 0;
}

/* ---------------------------------------------------------------- */
/* Dates                                                              */

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

static int is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads a run of digits (at most 9 counted into *value); returns how many
 * there were. */
static int read_digits(const char **p, const char *e, int *value) {
    int n = 0;

    *value = 0;
    while (*p < e && is_digit(**p)) {
        if (n < 9)
            *value = *value * 10 + (**p - '0');
        n++;
        (*p)++;
    }
    return n;
}

/* Checks [p, e) is a time of day, with optional seconds, fraction and
 * zone: " 00:00:00", "T08:30", " 00:00:00.000+07". */
static int is_time(const char *p, const char *e) {
    int h, m, s, n;

    if (p == e)
        return 1;
    if (*p != 'T' && !is_space(*p) && !is_nbsp(p))
        return 0;
    p = *p == 'T' ? p + 1 : skip_space(p);
    n = read_digits(&p, e, &h);
    if (n < 1 || n > 2 || h > 23 || p >= e || *p++ != ':')
        return 0;
    if (read_digits(&p, e, &m) != 2 || m > 59)
        return 0;
    if (p < e && *p == ':') {
        p++;
        if (read_digits(&p, e, &s) != 2 || s > 60)
            return 0;
        if (p < e && *p == '.') {
            p++;
            if (read_digits(&p, e, &s) < 1)
                return 0;
        }
    }
    if (p < e && *p == 'Z')
        p++;
    else if (p < e && (*p == '+' || *p == '-')) {
        p++;
        if (read_digits(&p, e, &h) != 2 || h > 14)
            return 0;
        if (p < e && *p == ':')
            p++;
        if (p < e && read_digits(&p, e, &m) != 2)
            return 0;
    }
    return skip_space(p) == e;
}

static void put_digits(char *out, int v, int n) {
    while (n-- > 0) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

int trk_parse_date(const char *text, char out[11], char *why, size_t whysize) {
    char q[QUOTE_SIZE], fmt[16] = "dd/mm/yyyy";
    const char *b, *e, *p;
    int n1, n2, n3, v1, v2, v3, y, m, d;
    char sep;

    if (!text)
        text = "";
    b = skip_space(text);
    e = trim_end(b, b + strlen(b));
    quote(b, e, q);
    if (b == e)
        return fail(why, whysize, "date is empty");
    p = b;
    n1 = read_digits(&p, e, &v1);
    sep = p < e ? *p : '\0';
    if (n1 == 0 || !strchr("/-.", sep) || sep == '\0')
        return fail(why, whysize, "'%s' is not a date (%s)", q, fmt);
    p++;
    n2 = read_digits(&p, e, &v2);
    if (p >= e || *p != sep)
        return fail(why, whysize, "'%s' is not a date (%s)", q, fmt);
    p++;
    n3 = read_digits(&p, e, &v3);
    if (n1 == 4) {
        snprintf(fmt, sizeof fmt, "yyyy%cmm%cdd", sep, sep);
        y = v1, m = v2, d = v3;
        if (n2 < 1 || n2 > 2 || n3 < 1 || n3 > 2)
            return fail(why, whysize, "'%s' is not a date (%s)", q, fmt);
    } else {
        snprintf(fmt, sizeof fmt, "dd%cmm%cyyyy", sep, sep);
        d = v1, m = v2, y = v3;
        if (n1 > 2 || n2 < 1 || n2 > 2 || n3 < 1)
            return fail(why, whysize, "'%s' is not a date (%s)", q, fmt);
        if (n3 < 4)
            return fail(why, whysize,
                        "'%s' is not a date (%s): write the year with four "
                        "digits",
                        q, fmt);
        if (n3 > 4)
            return fail(why, whysize, "'%s' is not a date (%s)", q, fmt);
    }
    if (!is_time(p, e))
        return fail(why, whysize, "'%s' is not a date (%s [hh:mm[:ss]])", q,
                    fmt);
    if (m < 1 || m > 12)
        return fail(why, whysize,
                    "'%s' is not a date (%s): there is no month %d", q, fmt, m);
    if (y < 1900 || y > 2100)
        return fail(why, whysize,
                    "'%s' is not a date: year %d is outside 1900-2100", q, y);
    if (d < 1)
        return fail(why, whysize, "'%s' is not a date: there is no day 0", q);
    if (d > days_in_month(y, m)) {
        if (m == 2)
            return fail(why, whysize,
                        "'%s' is not a date: February %d has %d days", q, y,
                        days_in_month(y, m));
        return fail(why, whysize, "'%s' is not a date: %s has %d days", q,
                    month_names[m - 1], days_in_month(y, m));
    }
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = '\0';
    return 0;
}

/* ---------------------------------------------------------------- */
/* Categories                                                         */

struct phrase {
    const char *words; /* folded words */
    const char *id;
};

/* Repairs are maintenance whatever they repair, wherever the word
 * stands: "Sửa chữa đường", "Nhà văn hóa xóm Na Hoàng (sửa chữa)". */
static const struct phrase repairs[] = {{"duy tu", "maintenance"},
                                        {"bao duong", "maintenance"},
                                        {"bao tri", "maintenance"},
                                        {"sua chua", "maintenance"},
                                        {NULL, NULL}};

/* Words that announce a work without saying what it is ("Xây dựng",
 * "Nâng cấp, mở rộng tuyến ..."), skipped before the head word. */
static const char *const lead_words[] = {
    "xay dung",   "xay moi", "xd",          "dau tu",      "du an",
    "nang cap",   "cai tao", "mo rong",     "lam moi",     "lam",
    "cong trinh", "ct",      "hang muc",    "tuyen",       "ho tro",
    "he thong",   "va",      "be tong hoa", "kien co hoa", "cung co",
    "hoan thien", NULL};

/* The head word decides, as Vietnamese puts it first: "Đường điện" is a
 * power line, "Đường vào nhà văn hóa" a road.  First match wins, so
 * specific phrases come before the general ones they start with. */
static const struct phrase heads[] = {
    /* power before roads: "Đường điện", "Đường dây 0,4kV" */
    {"duong dien", "power"},
    {"duong day", "power"},
    {"dien", "power"},
    {"tram bien ap", "power"},
    {"bien ap", "power"},
    {"tba", "power"},
    {"luoi dien", "power"},
    {"cap dien", "power"},
    /* water pipes are not roads either */
    {"duong ong", "water_supply"},
    {"nuoc sinh hoat", "water_supply"},
    {"cap nuoc", "water_supply"},
    {"nuoc sach", "water_supply"},
    {"be nuoc", "water_supply"},
    {"gieng", "water_supply"},
    /* a causeway is a crossing, not a road */
    {"duong tran", "bridge"},
    {"duong den trung tam xa", "road_to_commune_centre"},
    {"duong vao trung tam xa", "road_to_commune_centre"},
    {"duong ve trung tam xa", "road_to_commune_centre"},
    {"duong trung tam xa", "road_to_commune_centre"},
    {"duong truc xa", "road_to_commune_centre"},
    {"duong truc chinh xa", "road_to_commune_centre"},
    {"duong lien xa", "inter_commune_road"},
    {"duong", "rural_road"},
    {"giao thong", "rural_road"},
    {"gtnt", "rural_road"},
    {"cau", "bridge"},
    {"ngam", "bridge"},
    {"tran", "bridge"},
    {"cho", "market"},
    {"tram y te", "health_station"},
    {"y te", "health_station"},
    {"tyt", "health_station"},
    {"truong", "school"},
    {"phong hoc", "school"},
    {"lop hoc", "school"},
    {"nha lop hoc", "school"},
    {"nha hoc", "school"},
    {"diem truong", "school"},
    {"nha van hoa", "community_house"},
    {"nha sinh hoat", "community_house"},
    {"nha cong dong", "community_house"},
    {"nvh", "community_house"},
    {"kenh", "irrigation"},
    {"muong", "irrigation"},
    {"thuy loi", "irrigation"},
    {"dap", "irrigation"},
    {"ho chua", "irrigation"},
    {"ho dap", "irrigation"},
    {"tram bom", "irrigation"},
    {"phai", "irrigation"},
    {"tram truyen thanh", "radio_relay"},
    {"dai truyen thanh", "radio_relay"},
    {"tram chuyen tiep", "radio_relay"},
    {"truyen thanh", "radio_relay"},
    {"phat thanh", "radio_relay"},
    {"dai phat thanh", "radio_relay"},
    {"loa truyen thanh", "radio_relay"},
    {NULL, NULL}};

/* When the head word says nothing known ("Khắc phục ... đường GTNT"),
 * distinctive phrases anywhere in the text. */
static const struct phrase anywhere[] = {
    {"duong dien", "power"},
    {"duong day dien", "power"},
    {"tram bien ap", "power"},
    {"luoi dien", "power"},
    {"dien sinh hoat", "power"},
    {"nuoc sinh hoat", "water_supply"},
    {"cap nuoc", "water_supply"},
    {"nuoc sach", "water_supply"},
    {"truyen thanh", "radio_relay"},
    {"phat thanh", "radio_relay"},
    {"tram y te", "health_station"},
    {"truong mam non", "school"},
    {"truong tieu hoc", "school"},
    {"truong thcs", "school"},
    {"truong trung hoc", "school"},
    {"phong hoc", "school"},
    {"lop hoc", "school"},
    {"diem truong", "school"},
    {"nha van hoa", "community_house"},
    {"nha sinh hoat cong dong", "community_house"},
    {"kenh muong", "irrigation"},
    {"thuy loi", "irrigation"},
    {"ho chua", "irrigation"},
    {"cau dan sinh", "bridge"},
    {"cau treo", "bridge"},
    {"ngam tran", "bridge"},
    {"duong tran", "bridge"},
    {"duong den trung tam xa", "road_to_commune_centre"},
    {"duong truc xa", "road_to_commune_centre"},
    {"duong lien xa", "inter_commune_road"},
    {"giao thong nong thon", "rural_road"},
    {"gtnt", "rural_road"},
    {"duong be tong", "rural_road"},
    {"cho nong thon", "market"},
    {NULL, NULL}};

/* True when words starts with phrase as whole words. */
static int starts_with(const char *words, const char *phrase) {
    size_t n = strlen(phrase);
    return !strncmp(words, phrase, n) && (words[n] == ' ' || !words[n]);
}

/* True when phrase occurs in words as whole words. */
static int contains(const char *words, const char *phrase) {
    const char *p;
    for (p = words; *p; p++)
        if ((p == words || p[-1] == ' ') && starts_with(p, phrase))
            return 1;
    return 0;
}

static const char *known_id(const char *id) {
    const trk_category *c = trk_category_find(id);
    return c ? c->id : NULL;
}

/* extra's "TEXT=category_id" pairs: the id whose TEXT has this key. */
static const char *extra_id(const char *key, const char *const *extra) {
    for (; extra && *extra; extra++) {
        const char *eq = strrchr(*extra, '='), *ib, *ie;
        char *k, id[64];
        int same;
        if (!eq)
            continue;
        k = key_of(*extra, eq);
        same = k && !strcmp(k, key);
        free(k);
        if (!same)
            continue;
        ib = skip_space(eq + 1);
        ie = trim_end(ib, ib + strlen(ib));
        if ((size_t)(ie - ib) >= sizeof id)
            continue;
        memcpy(id, ib, (size_t)(ie - ib));
        id[ie - ib] = '\0';
        if (known_id(id))
            return known_id(id);
    }
    return NULL;
}

/* The id whose own key or label's key is key. */
static const char *label_id(const char *key) {
    const trk_category *c;
    for (c = trk_categories; c->id; c++) {
        const char *labels[3] = {c->id, c->label_vi, c->label_en};
        size_t i;
        for (i = 0; i < 3; i++) {
            char *k = key_of(labels[i], labels[i] + strlen(labels[i]));
            int same = k && !strcmp(k, key);
            free(k);
            if (same)
                return c->id;
        }
    }
    return NULL;
}

static const char *phrase_id(const char *words) {
    const struct phrase *ph;
    const char *w = words;
    int skipped = 1;

    for (ph = repairs; ph->words; ph++)
        if (contains(words, ph->words))
            return known_id(ph->id);
    while (skipped) {
        const char *const *lead;
        skipped = 0;
        for (lead = lead_words; *lead; lead++)
            if (starts_with(w, *lead)) {
                w += strlen(*lead);
                w += *w == ' ';
                skipped = 1;
                break;
            }
    }
    for (ph = heads; ph->words; ph++)
        if (starts_with(w, ph->words))
            return known_id(ph->id);
    for (ph = anywhere; ph->words; ph++)
        if (contains(words, ph->words))
            return known_id(ph->id);
    return NULL;
}

const char *trk_parse_category(const char *text, const char *const *extra) {
    const char *b, *e, *id = NULL;
    char *key, *words = NULL;

    if (!text)
        return NULL;
    b = skip_space(text);
    e = trim_end(b, b + strlen(b));
    key = key_of(b, e);
    if (!key || !*key) {
        free(key);
        return NULL;
    }
    id = extra_id(key, extra);
    if (!id)
        id = label_id(key);
    if (!id && (words = words_of(b, e)) != NULL)
        id = phrase_id(words);
    free(key);
    free(words);
    return id;
}
