/*
 * gis_text.c: name keys through utf8proc; no Unicode tables of our own.
 */
#include "gis_text.h"

#include <stdlib.h>
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
