/*
 * gis_text.c: name keys through utf8proc; no Unicode tables of our own.
 */
#include "gis_text.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int gis_text_key(const char *utf8, char *out, size_t outsize) {
    utf8proc_uint8_t *folded = NULL;
    const utf8proc_uint8_t *p;
    size_t n = 0;

    if (outsize == 0)
        return 1;
    out[0] = '\0';
    /* Decompose, fold case, strip marks: "Từ" -> "tu". */
    if (utf8proc_map((const utf8proc_uint8_t *)utf8, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0)
        return 1;
    for (p = folded; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0)
            break;
        p += len;
        if (cp == 0x0111) /* đ, after case folding of Đ */
            cp = 'd';
        if (cp < 0x80 &&
            ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
            if (n + 1 < outsize)
                out[n++] = (char)cp;
        } else if (cp >= 0x80 &&
                   utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
                   utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO) {
            /* A letter without an ASCII form (rare in names here): keep
             * its bytes so distinct names stay distinct. */
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t k = utf8proc_encode_char(cp, buf), j;
            for (j = 0; j < k && n + 1 < outsize; j++)
                out[n++] = (char)buf[j];
        }
    }
    out[n] = '\0';
    free(folded);
    return 0;
}

int gis_text_fold(const char *utf8, char *out, size_t outsize) {
    utf8proc_uint8_t *folded = NULL;
    const utf8proc_uint8_t *p;
    size_t n = 0;
    int space = 1; /* a space is due before the next word character */

    if (outsize == 0)
        return 1;
    out[0] = '\0';
    if (utf8proc_map((const utf8proc_uint8_t *)utf8, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK) < 0)
        return 1;
    for (p = folded; *p && n + 4 < outsize;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        int cat;
        if (len <= 0)
            break;
        p += len;
        if (cp == 0x0111)
            cp = 'd';
        cat = utf8proc_category(cp);
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
            (cp >= 0x80 && cat >= UTF8PROC_CATEGORY_LU &&
             cat <= UTF8PROC_CATEGORY_LO)) {
            if (space && n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
            space = 0;
            n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + n);
        } else if (cp == '.' || cp == ',' || cp == ';' || cp == '/') {
            /* Kept right after a word: "x." is an abbreviation, "," ends
             * a part of an address. */
            if (n > 0 && out[n - 1] == ' ')
                n--;
            if (n > 0)
                out[n++] = (char)cp;
            space = 1;
        } else {
            space = 1;
        }
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    free(folded);
    return 0;
}

/* TCVN3 puts the commonest Vietnamese letters (á à ả ã ạ ă â đ ê ô ơ ư)
 * on bytes 0xA1-0xBF, which Latin-1 reads as symbols (¸ µ ¶ · ¹ ¨ © ® ª
 * « ¬ ­).  Real names in UTF-8 never hold those symbols, while true
 * Vietnamese letters such as ó, â, ã are Latin-1 letters (0xC0-0xFF) and
 * must not be taken for TCVN3.  So: a symbol of that range, and nothing
 * beyond Latin-1, is the sign of TCVN3 bytes misread as Latin-1. */
static int looks_like_misread_tcvn3(const char *s) {
    int symbols = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0 || cp > 0xFF)
            return 0;
        p += len;
        if (cp >= 0xA1 && cp <= 0xBF)
            symbols++;
    }
    return symbols > 0;
}

/* True when the text holds a letter beyond Latin-1 (ạ, ư, đ ...): what a
 * correct TCVN3 decoding of Vietnamese yields. */
static int has_vietnamese_letter(const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0)
            return 0;
        p += len;
        if (cp > 0xFF)
            return 1;
    }
    return 0;
}

static char *iconv_to_utf8(const char *from, const char *bytes, size_t len);

static char *iconv_tcvn3(const char *bytes, size_t len) {
    return iconv_to_utf8("TCVN5712-1", bytes, len);
}

static char *iconv_to_utf8(const char *from, const char *bytes, size_t len) {
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = len * 4 + 1, inleft = len, outleft = cap - 1;
    char *out, *in = (char *)bytes, *o;

    if (cd == (iconv_t)-1)
        return NULL;
    out = o = malloc(cap);
    /* The second call flushes: glibc's TCVN decoder holds back the last
     * character in case a combining mark follows. */
    if (out && (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 ||
                iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1)) {
        free(out);
        out = NULL;
    }
    if (out)
        *o = '\0';
    iconv_close(cd);
    return out;
}

static char *nfc(const char *s) {
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE) <
        0)
        return NULL;
    return (char *)out;
}

int gis_text_encoding(const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    int ascii = 1, valid = 0, broken = 0;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len;
        if (*p < 0x80) {
            p++;
            continue;
        }
        ascii = 0;
        len = utf8proc_iterate(p, -1, &cp);
        if (len <= 0) {
            broken++;
            p++;
        } else {
            valid++;
            p += len;
        }
    }
    if (broken)
        return valid ? -2 : -1;
    return ascii;
}

int gis_text_clean(const char *in, char **out) {
    size_t len = strlen(in);
    char *decoded = NULL, *latin1 = NULL;
    int rc = 0, kind = gis_text_encoding(in);

    *out = NULL;
    if (kind == 1) {
        /* ASCII is already NFC and cannot be TCVN3 (which needs bytes of
         * 0x80 and up for every marked letter). */
        *out = strdup(in);
        return *out ? 0 : -1;
    }
    if (kind < 0) {
        /* Not UTF-8 at all: raw TCVN3 bytes.  UTF-8 with broken bytes
         * (-2) is damage, not an encoding. */
        decoded = kind == -1 ? iconv_tcvn3(in, len) : NULL;
        if (!decoded) {
            free(decoded);
            *out = calloc(1, 1);
            return -1;
        }
        rc = 1;
    } else if (!(decoded = strdup(in))) {
        return -1;
    } else if (looks_like_misread_tcvn3(decoded)) {
        /* Back to the bytes the Latin-1 reading came from, then decode
         * them as what they were. */
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)decoded;
        size_t n = 0;
        latin1 = malloc(strlen(decoded) + 1);
        while (latin1 && *p) {
            utf8proc_int32_t cp;
            p += utf8proc_iterate(p, -1, &cp);
            latin1[n++] = (char)cp;
        }
        if (latin1) {
            char *tcvn;
            latin1[n] = '\0';
            tcvn = iconv_tcvn3(latin1, n);
            if (tcvn && has_vietnamese_letter(tcvn)) {
                free(decoded);
                decoded = tcvn;
                rc = 1;
            } else {
                free(tcvn);
            }
        }
    }
    *out = nfc(decoded);
    free(decoded);
    free(latin1);
    if (!*out)
        return -1;
    return rc;
}

int gis_text_distance(const char *a, const char *b, int max) {
    int la = (int)strlen(a), lb = (int)strlen(b), i, j, d;
    int *rows, *prev2, *prev, *cur, *tmp;

    if (abs(la - lb) > max)
        return max + 1;
    rows = calloc((size_t)(lb + 1) * 3, sizeof *rows);
    if (!rows)
        return max + 1;
    prev2 = rows;
    prev = prev2 + lb + 1;
    cur = prev + lb + 1;
    for (j = 0; j <= lb; j++)
        prev[j] = j;
    for (i = 1; i <= la; i++) {
        cur[0] = i;
        for (j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    d = prev[lb];
    free(rows);
    return d > max ? max + 1 : d;
}

/* Windows-1258 writes a tone as a combining mark byte after its vowel
 * (CC grave, EC acute, D2 hook, DE tilde, F2 dot below); TCVN3 writes
 * precomposed letters, so those bytes there follow consonants as often
 * as vowels.  The share of mark bytes right after a vowel tells the two
 * apart. */
static int looks_cp1258(const unsigned char *b, size_t n) {
    static const char vowels[] = "aeiouyAEIOUY";
    static const unsigned char vowels_hi[] = {0xC2, 0xCA, 0xD4, 0xC3, 0xD5,
                                              0xDD, 0xE2, 0xEA, 0xF4, 0xE3,
                                              0xF5, 0xFD, 0};
    long after_vowel = 0, elsewhere = 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = b[i], prev = b[i - 1];
        if (c != 0xCC && c != 0xEC && c != 0xD2 && c != 0xDE && c != 0xF2)
            continue;
        if ((prev < 0x80 && prev && strchr(vowels, prev)) ||
            (prev >= 0x80 && strchr((const char *)vowels_hi, prev)))
            after_vowel++;
        else
            elsewhere++;
    }
    return after_vowel > 0 && after_vowel >= 4 * elsewhere;
}

int gis_text_decode_file(const char *bytes, size_t n, char **out,
                         const char **encoding) {
    const unsigned char *b = (const unsigned char *)bytes;
    char *utf8 = NULL, *copy;
    int kind;

    *out = NULL;
    *encoding = NULL;
    if (n >= 2 &&
        ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        *encoding = b[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        /* "UTF-16" reads the byte order mark and drops it. */
        utf8 = iconv_to_utf8("UTF-16", bytes, n);
    } else {
        if (!(copy = malloc(n + 1)))
            return -1;
        memcpy(copy, bytes, n);
        copy[n] = '\0';
        kind = strlen(copy) == n ? gis_text_encoding(copy) : -3;
        free(copy);
        if (kind == 1 || kind == 0 || kind == -2)
            return 0; /* UTF-8 or ASCII (broken bytes are the cells') */
        if (kind == -1 && looks_cp1258(b, n)) {
            *encoding = "Windows-1258";
            utf8 = iconv_to_utf8("CP1258", bytes, n);
        } else if (kind == -1) {
            *encoding = "TCVN3";
            utf8 = iconv_to_utf8("TCVN5712-1", bytes, n);
        }
    }
    if (!utf8) {
        *encoding = NULL;
        return -1;
    }
    *out = nfc(utf8);
    free(utf8);
    return *out ? 1 : -1;
}
