/*
 * gis_error.c: formatting of the messages callers read from a gis_error.
 */
#include "gis_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gis_error_set(gis_error *err, const char *fmt, ...) {
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

void gis_error_prefix(gis_error *err, const char *fmt, ...) {
    char prefix[256];
    size_t plen, olen;
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    plen = strlen(prefix);
    olen = strnlen(err->msg, sizeof err->msg - 1);
    if (plen + olen > sizeof err->msg - 1)
        olen = sizeof err->msg - 1 - plen; /* keep the prefix, cut the end */
    memmove(err->msg + plen, err->msg, olen);
    memcpy(err->msg, prefix, plen);
    err->msg[plen + olen] = '\0';
}
