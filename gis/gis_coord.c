/*
 * gis_coord.c: typed coordinates read into WGS84 lon/lat through PROJ.
 *
 * The text is first cut into tokens (numbers, degree/minute/second marks,
 * letters, separators), so that the many ways people write the same
 * point share one reader: degrees for geographic CRSs, two numbers for
 * projected ones.  Every datum change is PROJ's; for VN-2000 the
 * operation is pinned to EPSG:6960 rather than left to PROJ's choice for
 * the point, so that all inputs in that datum go through the one set of
 * parameters that the national regulation publishes.
 */
#include "gis_coord.h"

#include <ctype.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WGS84 "EPSG:4326"
/* VN-2000 to WGS 84 (2): the 7 parameters of QĐ 05/2007/QĐ-BTNMT. */
#define VN2000_TO_WGS84 "6960"
#define QUOTE_MAX 80    /* bytes of the user's text quoted in a message */
#define MAX_TOKENS 24   /* the longest DMS pair needs about 16 */
#define AREA_MARGIN 1.0 /* degrees around a CRS's area of use */
#define DEG_TO_RAD 0.017453292519943295

/* ---- tokens ---------------------------------------------------------- */

enum tok_kind { TK_NUM, TK_DEG, TK_MIN, TK_SEC, TK_SEP, TK_EQ, TK_WORD };

typedef struct tok {
    enum tok_kind kind;
    const char *s; /* where it is in the text, for messages */
    size_t len;
    double val;  /* TK_NUM: the value without its sign */
    int neg;     /* TK_NUM: written with '-' */
    int signed_; /* TK_NUM: written with '+' or '-' */
    int frac;    /* TK_NUM: has decimals */
} tok;

/* Marks people type between and after the numbers; the typographic ones
 * come from word processors and phone keyboards. */
static const struct {
    const char *utf8;
    int kind; /* an enum tok_kind, or -1 for white space */
} marks[] = {
    {"\xc2\xb0", TK_DEG}, /* ° */
    {"\xc2\xba", TK_DEG}, /* º, the ordinal sign often typed for ° */
    {"\xcb\x9a", TK_DEG}, /* ˚ */
    {"'", TK_MIN},
    {"\xe2\x80\xb2", TK_MIN}, /* ′ */
    {"\xe2\x80\x99", TK_MIN}, /* ’ */
    {"\xe2\x80\x98", TK_MIN}, /* ‘ */
    {"\xc2\xb4", TK_MIN},     /* ´ */
    {"\"", TK_SEC},
    {"\xe2\x80\xb3", TK_SEC}, /* ″ */
    {"\xe2\x80\x9d", TK_SEC}, /* ” */
    {"\xe2\x80\x9c", TK_SEC}, /* “ */
    {",", TK_SEP},
    {";", TK_SEP},
    {"=", TK_EQ},
    {":", TK_EQ},
    {" ", -1},
    {"\t", -1},
    {"\n", -1},
    {"\r", -1},
    {"\xc2\xa0", -1},     /* no-break space */
    {"\xe2\x80\x89", -1}, /* thin space */
    {"\xe2\x80\xaf", -1}, /* narrow no-break space */
};

#define MINUS_SIGN "\xe2\x88\x92" /* − */

/* Copies text for a message: trimmed, cut at a character boundary, with
 * "..." when cut, so that long WKT or pasted rows stay readable. */
static void quote(const char *text, char *buf, size_t size) {
    size_t n, max = size - 4;
    if (max > QUOTE_MAX)
        max = QUOTE_MAX;
    while (*text && isspace((unsigned char)*text))
        text++;
    n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    if (n <= max) {
        memcpy(buf, text, n);
        buf[n] = '\0';
        return;
    }
    n = max;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, text, n);
    memcpy(buf + n, "...", 4);
}

/* Bytes in the UTF-8 character starting at p (1 for stray bytes). */
static int char_len(const char *p) {
    unsigned char c = (unsigned char)*p;
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;
    for (i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Reads the digits at p into t.  Done by hand rather than with strtod so
 * that the locale's decimal comma cannot change what '.' means; up to 15
 * digits the division below is exact, i.e. correctly rounded. */
static const char *scan_number(const char *p, tok *t) {
    static const double pow10[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double mant = 0;
    int digits = 0, decimals = 0, in_frac = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            mant = mant * 10 + (*p - '0');
            digits++;
            decimals += in_frac;
        } else if (*p == '.' && !in_frac && p[1] >= '0' && p[1] <= '9') {
            in_frac = 1;
        } else {
            break;
        }
    }
    if (digits > 30 || decimals > 22)
        return NULL;
    t->kind = TK_NUM;
    t->val = mant / pow10[decimals];
    t->frac = in_frac;
    return p;
}

/* Cuts text into at most MAX_TOKENS tokens; returns their number, or -1
 * with why filled in. */
static int tokenize(const char *text, tok *toks, char *why, size_t size) {
    const char *p = text;
    int n = 0;
    size_t i;

    while (*p) {
        tok *t = &toks[n];
        const char *start = p;
        int kind = -2, neg = 0, sign = 0;
        for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
            size_t len = strlen(marks[i].utf8);
            if (!strncmp(p, marks[i].utf8, len)) {
                kind = marks[i].kind;
                p += len;
                break;
            }
        }
        if (kind == -1)
            continue;
        /* Two minute marks in a row are seconds: 48'' or 48′′. */
        if (kind == TK_MIN && n > 0 && toks[n - 1].kind == TK_MIN &&
            toks[n - 1].s + toks[n - 1].len == start) {
            toks[n - 1].kind = TK_SEC;
            toks[n - 1].len = (size_t)(p - toks[n - 1].s);
            continue;
        }
        if (n == MAX_TOKENS) {
            snprintf(why, size, "too long");
            return -1;
        }
        memset(t, 0, sizeof *t);
        t->s = start;
        if (kind >= 0) {
            t->kind = (enum tok_kind)kind;
        } else {
            if (*p == '+' || *p == '-') {
                sign = 1;
                neg = *p == '-';
                p++;
            } else if (!strncmp(p, MINUS_SIGN, strlen(MINUS_SIGN))) {
                sign = neg = 1;
                p += strlen(MINUS_SIGN);
            }
            if (*p >= '0' && *p <= '9') {
                if (!(p = scan_number(p, t))) {
                    snprintf(why, size, "too many digits");
                    return -1;
                }
                t->neg = neg;
                t->signed_ = sign;
            } else if (!sign && isalpha((unsigned char)*p)) {
                t->kind = TK_WORD;
                while (isalpha((unsigned char)*p))
                    p++;
            } else {
                snprintf(why, size, "unexpected '%.*s'", char_len(start),
                         start);
                return -1;
            }
        }
        t->len = (size_t)(p - start);
        n++;
    }
    return n;
}

static int is_word(const tok *t, const char *word) {
    return t->kind == TK_WORD && t->len == strlen(word) &&
           !strncasecmp(t->s, word, t->len);
}

/* ---- degrees --------------------------------------------------------- */

/* One angle as written: [hemisphere] degrees [minutes [seconds]]
 * [hemisphere], each number maybe followed by its mark. */
typedef struct angle {
    const tok *num[3];
    int count;
    char hemi; /* 'N', 'S', 'E', 'W' or 0 */
    double value;
} angle;

static char hemisphere(const tok *t) {
    char c;
    if (t->kind != TK_WORD || t->len != 1)
        return 0;
    c = (char)toupper((unsigned char)t->s[0]);
    return strchr("NSEW", c) ? c : 0;
}

/* Reads t[0..n) as one angle.  The shape is checked always; with
 * check_values also the signs, that minutes and seconds are below 60 and
 * that only the last number has decimals.  Returns 0, or 1 with why
 * filled in. */
static int read_angle(const tok *t, int n, angle *a, int check_values,
                      char *why, size_t size) {
    static const char *const unit[] = {"degrees", "minutes", "seconds"};
    int i = 0, k;

    memset(a, 0, sizeof *a);
    if (i < n && (a->hemi = hemisphere(&t[i])) != 0)
        i++;
    while (i < n && t[i].kind == TK_NUM) {
        if (a->count == 3) {
            snprintf(why, size, "more than degrees, minutes and seconds");
            return 1;
        }
        a->num[a->count] = &t[i++];
        if (i < n && (t[i].kind == TK_DEG || t[i].kind == TK_MIN ||
                      t[i].kind == TK_SEC)) {
            if ((int)t[i].kind - TK_DEG != a->count) {
                snprintf(why, size, "'%.*s' where %s were expected",
                         (int)t[i].len, t[i].s, unit[a->count]);
                return 1;
            }
            i++;
        }
        a->count++;
    }
    if (a->count == 0) {
        snprintf(why, size, "no number");
        return 1;
    }
    if (!a->hemi && i < n && (a->hemi = hemisphere(&t[i])) != 0)
        i++;
    if (i < n) {
        snprintf(why, size, "unexpected '%.*s'", (int)t[i].len, t[i].s);
        return 1;
    }
    if (check_values) {
        for (k = 1; k < a->count; k++)
            if (a->num[k]->signed_) {
                snprintf(why, size, "a sign on %s", unit[k]);
                return 1;
            }
        if (a->hemi && a->num[0]->signed_) {
            snprintf(why, size, "both a sign and a hemisphere letter");
            return 1;
        }
        for (k = 0; k + 1 < a->count; k++)
            if (a->num[k]->frac) {
                snprintf(why, size, "%s '%.*s' have decimals but %s follow",
                         unit[k], (int)a->num[k]->len, a->num[k]->s,
                         unit[k + 1]);
                return 1;
            }
        for (k = 1; k < a->count; k++)
            if (a->num[k]->val >= 60) {
                snprintf(why, size, "%s '%.*s' are not below 60", unit[k],
                         (int)a->num[k]->len, a->num[k]->s);
                return 1;
            }
    }
    a->value = a->num[0]->val;
    if (a->count > 1)
        a->value += a->num[1]->val / 60;
    if (a->count > 2)
        a->value += a->num[2]->val / 3600;
    if (a->num[0]->neg || a->hemi == 'S' || a->hemi == 'W')
        a->value = -a->value;
    return 0;
}

/* Splits t[0..n) into two angles.  A comma or semicolon decides; else,
 * with marks or letters, the one cut where both halves read as angles;
 * else plain numbers are halved ("21 37 48 105 38 24").  Returns 0, or 1
 * with why filled in. */
static int read_two_angles(const tok *t, int n, angle *a, angle *b, char *why,
                           size_t size) {
    int i, seps = 0, at = -1, marked = 0, found = 0, cut = -1;

    for (i = 0; i < n; i++) {
        if (t[i].kind == TK_SEP) {
            seps++;
            at = i;
        } else if (t[i].kind != TK_NUM) {
            marked = 1;
        }
    }
    if (seps > 1) {
        snprintf(why, size, "more than two values");
        return 1;
    }
    if (seps == 1) {
        if (at == 0 || at == n - 1) {
            snprintf(why, size, "a value is missing");
            return 1;
        }
        if (read_angle(t, at, a, 1, why, size))
            return 1;
        return read_angle(t + at + 1, n - at - 1, b, 1, why, size);
    }
    if (!marked) {
        if (n != 2 && n != 4 && n != 6) {
            snprintf(why, size,
                     "%d numbers; separate the two values with a comma", n);
            return 1;
        }
        if (read_angle(t, n / 2, a, 1, why, size))
            return 1;
        return read_angle(t + n / 2, n - n / 2, b, 1, why, size);
    }
    /* Shape and values first; if no cut passes, the one that has the
     * right shape names what is wrong with its values. */
    for (i = 1; i < n; i++)
        if (!read_angle(t, i, a, 1, why, size) &&
            !read_angle(t + i, n - i, b, 1, why, size)) {
            found++;
            cut = i;
        }
    if (found == 0)
        for (i = 1; i < n; i++)
            if (!read_angle(t, i, a, 0, why, size) &&
                !read_angle(t + i, n - i, b, 0, why, size)) {
                found++;
                cut = i;
            }
    if (found > 1) {
        snprintf(why, size,
                 "cannot tell where the second value starts; separate them "
                 "with a comma");
        return 1;
    }
    if (found == 0) {
        snprintf(why, size,
                 "expected two values such as 21%s37'48\"N "
                 "105%s38'24\"E",
                 "\xc2\xb0", "\xc2\xb0");
        return 1;
    }
    if (read_angle(t, cut, a, 1, why, size))
        return 1;
    return read_angle(t + cut, n - cut, b, 1, why, size);
}

int gis_coord_in_vietnam(double lon, double lat) {
    return lon >= 102 && lon <= 110 && lat >= 8 && lat <= 24;
}

/* Reads degrees: two angles, told apart by hemisphere letters or else by
 * the ranges around Vietnam, lon/lat when those do not decide. */
static int read_degrees(const char *text, const tok *t, int n, double *lon,
                        double *lat, char *form, size_t form_size,
                        gis_error *err) {
    char q[QUOTE_MAX + 4], why[200];
    angle a, b;
    int lat_first, i;
    double big = 0;

    quote(text, q, sizeof q);
    for (i = 0; i < n; i++)
        if (t[i].kind == TK_WORD && !hemisphere(&t[i])) {
            int label = is_word(&t[i], "x") || is_word(&t[i], "y") ||
                        (i + 1 < n && t[i + 1].kind == TK_EQ);
            gis_error_set(err, "not a coordinate: '%s' (unexpected '%.*s'%s)",
                          q, (int)t[i].len, t[i].s,
                          label ? "; labelled values need a projected CRS"
                                : "");
            return 1;
        }
    if (read_two_angles(t, n, &a, &b, why, sizeof why)) {
        gis_error_set(err, "not a coordinate: '%s' (%s)", q, why);
        return 1;
    }
    if (a.hemi && b.hemi &&
        !strchr(a.hemi == 'N' || a.hemi == 'S' ? "EW" : "NS", b.hemi)) {
        gis_error_set(err, "not a coordinate: '%s' (two %s)", q,
                      strchr("NS", a.hemi) ? "latitudes" : "longitudes");
        return 1;
    }
    if (a.hemi)
        lat_first = a.hemi == 'N' || a.hemi == 'S';
    else if (b.hemi)
        lat_first = b.hemi == 'E' || b.hemi == 'W';
    else
        lat_first = !gis_coord_in_vietnam(a.value, b.value) &&
                    gis_coord_in_vietnam(b.value, a.value);
    *lon = lat_first ? b.value : a.value;
    *lat = lat_first ? a.value : b.value;
    big = fmin(fabs(a.value), fabs(b.value));
    if (fabs(*lon) > 180 || fabs(*lat) > 90) {
        int bad_lon = fabs(*lon) > 180;
        gis_error_set(err, "%s %.12g is out of range (%s) in '%s'%s",
                      bad_lon ? "longitude" : "latitude", bad_lon ? *lon : *lat,
                      bad_lon ? "-180 to 180" : "-90 to 90", q,
                      big > 360 ? "; projected coordinates need their CRS"
                                : "");
        return 1;
    }
    snprintf(form, form_size, "%s",
             a.count > 1 || b.count > 1 ? "dms"
             : lat_first                ? "latlon"
                                        : "lonlat");
    return 0;
}

/* ---- projected ------------------------------------------------------- */

/* 'E' or 'N' for the axis a label names, 'X'/'Y' left to the caller, 0
 * when t is not a label. */
static char label_of(const tok *t) {
    if (is_word(t, "x"))
        return 'X';
    if (is_word(t, "y"))
        return 'Y';
    if (is_word(t, "e") || is_word(t, "easting"))
        return 'E';
    if (is_word(t, "n") || is_word(t, "northing"))
        return 'N';
    return 0;
}

/* Reads two numbers, labelled or not, into easting and northing; in the
 * VN-2000 family X is the northing and comes first, as surveyors write. */
static int read_projected(const char *text, const tok *t, int n, int vn2000,
                          double *east, double *north, char *form,
                          size_t form_size, gis_error *err) {
    char q[QUOTE_MAX + 4], label[2] = {0, 0}, axis[2];
    const tok *num[2];
    int i = 0, count = 0, k;

    quote(text, q, sizeof q);
    while (i < n) {
        if (count == 2) {
            gis_error_set(err, "not a coordinate: '%s' (more than two values)",
                          q);
            return 1;
        }
        label[count] = label_of(&t[i]);
        if (label[count]) {
            i++;
            if (i < n && t[i].kind == TK_EQ)
                i++;
        }
        if (i >= n || t[i].kind != TK_NUM) {
            if (i < n)
                gis_error_set(err, "not a coordinate: '%s' (unexpected '%.*s')",
                              q, (int)t[i].len, t[i].s);
            else
                gis_error_set(err,
                              "not a coordinate: '%s' (a number is "
                              "missing)",
                              q);
            return 1;
        }
        num[count++] = &t[i++];
        if (i < n && is_word(&t[i], "m"))
            i++;
        if (i < n && t[i].kind == TK_SEP && i + 1 < n)
            i++;
    }
    if (count < 2) {
        gis_error_set(
            err, "not a coordinate: '%s' (expected two numbers, %s)", q,
            vn2000 ? "X northing and Y easting" : "easting and northing");
        return 1;
    }
    if (!label[0] != !label[1]) {
        gis_error_set(err,
                      "not a coordinate: '%s' (label both numbers or "
                      "neither)",
                      q);
        return 1;
    }
    if (label[0] &&
        !strchr(label[0] == 'X' || label[0] == 'Y' ? "XY" : "EN", label[1])) {
        gis_error_set(err, "not a coordinate: '%s' (mixes X/Y with E/N)", q);
        return 1;
    }
    for (k = 0; k < 2; k++) {
        if (!label[k])
            axis[k] = (k == 0) == !vn2000 ? 'E' : 'N';
        else if (label[k] == 'X')
            axis[k] = vn2000 ? 'N' : 'E';
        else if (label[k] == 'Y')
            axis[k] = vn2000 ? 'E' : 'N';
        else
            axis[k] = label[k];
    }
    if (axis[0] == axis[1]) {
        gis_error_set(err, "not a coordinate: '%s' (two %s)", q,
                      axis[0] == 'E' ? "eastings" : "northings");
        return 1;
    }
    k = axis[0] == 'E' ? 0 : 1;
    *east = num[k]->neg ? -num[k]->val : num[k]->val;
    *north = num[1 - k]->neg ? -num[1 - k]->val : num[1 - k]->val;
    snprintf(form, form_size, "%s",
             !label[0] ? (vn2000 ? "projected-ne" : "projected-en")
             : label[0] == 'E' || label[0] == 'N' ? "labelled-en"
             : vn2000                             ? "labelled-xn-ye"
                                                  : "labelled-xe-yn");
    return 0;
}

/* ---- PROJ ------------------------------------------------------------ */

/* A PROJ context for one call (contexts belong to one thread) whose
 * messages are kept for ours instead of being printed. */
typedef struct session {
    PJ_CONTEXT *ctx;
    char log[256];
} session;

static void keep_log(void *data, int level, const char *msg) {
    session *s = data;
    (void)level;
    snprintf(s->log, sizeof s->log, "%s", msg);
}

static int session_open(session *s, gis_error *err) {
    s->log[0] = '\0';
    s->ctx = proj_context_create();
    if (!s->ctx) {
        gis_error_set(err, "cannot start PROJ");
        return 1;
    }
    /* Errors only, and into s->log: PROJ's error codes alone say
     * "Unknown error" where its log says "crs not found". */
    proj_log_func(s->ctx, s, keep_log);
    proj_log_level(s->ctx, PJ_LOG_ERROR);
    return 0;
}

static void session_close(session *s) {
    if (s->ctx)
        proj_context_destroy(s->ctx);
}

/* Why the last PROJ call failed: its log without the function name, or
 * the text of its error code. */
static const char *proj_reason(const session *s) {
    const char *msg = s->log, *colon = strstr(msg, ": ");
    int code;
    if (*msg) {
        if (!strncmp(msg, "proj_", 5) && colon)
            msg = colon + 2;
        return msg;
    }
    code = proj_context_errno(s->ctx);
    msg = code ? proj_context_errno_string(s->ctx, code) : NULL;
    return msg ? msg : "unknown PROJ error";
}

/* A CRS as the caller named it, with what the readers need to know. */
typedef struct crs_ref {
    PJ *crs;        /* as given: may be a BoundCRS from +towgs84 */
    PJ *base;       /* the geographic or projected CRS inside it */
    int geographic; /* read as degrees, else as projected numbers */
    int vn2000;     /* datum Vietnam 2000 */
    char label[64]; /* "EPSG:9213", else its name, else the text */
} crs_ref;

static void crs_free(crs_ref *c) {
    proj_destroy(c->base);
    proj_destroy(c->crs);
    c->base = c->crs = NULL;
}

/* Writes into buf what PROJ should be given for the short names of the
 * header, or the text itself; sets *by_name when buf is an EPSG name. */
static void expand_name(const char *text, char *buf, size_t size,
                        int *by_name) {
    char key[32];
    size_t n = 0;
    const char *p, *rest;

    *by_name = 0;
    snprintf(buf, size, "%s", text);
    for (p = text; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '_' || *p == '/' || *p == '.')
            continue;
        if (!isalnum((unsigned char)*p) || n + 1 >= sizeof key)
            return;
        key[n++] = (char)toupper((unsigned char)*p);
    }
    key[n] = '\0';
    if (strncmp(key, "VN2000", 6))
        return;
    rest = key + 6;
    n = strlen(rest);
    if (n == 0) {
        snprintf(buf, size, "EPSG:4756");
    } else if (!strncmp(rest, "UTM", 3) && (n == 5 || n == 6) &&
               isdigit((unsigned char)rest[3]) &&
               isdigit((unsigned char)rest[4]) && (n == 5 || rest[5] == 'N')) {
        snprintf(buf, size, "VN-2000 / UTM zone %.2sN", rest + 3);
        *by_name = 1;
    } else if (!strncmp(rest, "TM3", 3) &&
               strspn(rest + 3, "0123456789") == n - 3) {
        if (n == 8) /* dddmm, the central meridian */
            snprintf(buf, size, "VN-2000 / TM-3 %.3s-%.2s", rest + 3, rest + 6);
        else if (n == 6) /* the old zone numbers 481, 482, 491 */
            snprintf(buf, size, "VN-2000 / TM-3 zone %.3s", rest + 3);
        else
            return;
        *by_name = 1;
    }
}

static int datum_is_vn2000(PJ_CONTEXT *ctx, const PJ *crs) {
    PJ *datum = proj_crs_get_datum_forced(ctx, crs);
    const char *auth, *code, *name;
    int yes = 0;
    if (!datum)
        return 0;
    auth = proj_get_id_auth_name(datum, 0);
    code = proj_get_id_code(datum, 0);
    name = proj_get_name(datum);
    if (auth && code && !strcmp(auth, "EPSG") && !strcmp(code, "6756"))
        yes = 1;
    else if (name &&
             (strstr(name, "Vietnam 2000") || strstr(name, "Vietnam_2000") ||
              strstr(name, "VN-2000") || strstr(name, "VN_2000")))
        yes = 1;
    proj_destroy(datum);
    return yes;
}

/* Opens the CRS named by given (see the header) into c. */
static int crs_open(session *s, const char *given, crs_ref *c, gis_error *err) {
    char q[QUOTE_MAX + 4], *buf = NULL;
    size_t size;
    int by_name, rc = 1;
    PJ_TYPE type;
    PJ *cs = NULL;
    const char *auth, *code, *name;

    memset(c, 0, sizeof *c);
    quote(given, q, sizeof q);
    while (isspace((unsigned char)*given))
        given++;
    size = strlen(given) + 64;
    buf = malloc(size);
    if (!buf) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    expand_name(given, buf, size, &by_name);
    size = strlen(buf);
    while (size > 0 && isspace((unsigned char)buf[size - 1]))
        buf[--size] = '\0';
    if (by_name) {
        PJ_TYPE want = PJ_TYPE_PROJECTED_CRS;
        PJ_OBJ_LIST *found =
            proj_create_from_name(s->ctx, "EPSG", buf, &want, 1, 0, 1, NULL);
        if (found && proj_list_get_count(found) > 0)
            c->crs = proj_list_get(s->ctx, found, 0);
        proj_list_destroy(found);
        if (!c->crs) {
            gis_error_set(err, "unknown CRS '%s': no '%s' in PROJ's database",
                          q, buf);
            goto done;
        }
    } else {
        /* A PROJ string without +type=crs would be an operation. */
        if (buf[0] == '+' && !strstr(buf, "type=crs"))
            strcat(buf, " +type=crs");
        s->log[0] = '\0';
        c->crs = proj_create(s->ctx, buf);
        if (!c->crs) {
            gis_error_set(err, "unknown CRS '%s': %s", q, proj_reason(s));
            goto done;
        }
    }
    type = proj_get_type(c->crs);
    c->base = type == PJ_TYPE_BOUND_CRS ? proj_get_source_crs(s->ctx, c->crs)
                                        : proj_clone(s->ctx, c->crs);
    type = c->base ? proj_get_type(c->base) : PJ_TYPE_UNKNOWN;
    if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
        type == PJ_TYPE_GEOGRAPHIC_3D_CRS) {
        double to_rad = 0;
        c->geographic = 1;
        cs = proj_crs_get_coordinate_system(s->ctx, c->base);
        /* The readers' ranges are in degrees. */
        if (!cs ||
            !proj_cs_get_axis_info(s->ctx, cs, 0, NULL, NULL, NULL, &to_rad,
                                   NULL, NULL, NULL) ||
            fabs(to_rad - DEG_TO_RAD) > 1e-12) {
            gis_error_set(err, "CRS '%s' is not in degrees", q);
            goto done;
        }
    } else if (type != PJ_TYPE_PROJECTED_CRS) {
        gis_error_set(err, "CRS '%s' is not a geographic or projected 2D CRS",
                      q);
        goto done;
    }
    c->vn2000 = datum_is_vn2000(s->ctx, c->base);
    auth = proj_get_id_auth_name(c->crs, 0);
    code = proj_get_id_code(c->crs, 0);
    if (!auth || !code) {
        auth = proj_get_id_auth_name(c->base, 0);
        code = proj_get_id_code(c->base, 0);
    }
    name = proj_get_name(c->crs);
    if (auth && code)
        snprintf(c->label, sizeof c->label, "%s:%s", auth, code);
    else if (name && *name && strcmp(name, "unknown"))
        quote(name, c->label, sizeof c->label);
    else
        quote(given, c->label, sizeof c->label);
    rc = 0;
done:
    proj_destroy(cs);
    free(buf);
    if (rc)
        crs_free(c);
    return rc;
}

/* Whether op is, or has as a step, the EPSG operation code; PROJ marks
 * steps it turned round or adapted as INVERSE(EPSG) or DERIVED_FROM(EPSG). */
static int uses_operation(PJ_CONTEXT *ctx, const PJ *op, const char *code) {
    const char *auth, *c;
    int i, n, found = 0;
    for (i = 0; (auth = proj_get_id_auth_name(op, i)) != NULL; i++) {
        c = proj_get_id_code(op, i);
        if (strstr(auth, "EPSG") && c && !strcmp(c, code))
            return 1;
    }
    if (proj_get_type(op) != PJ_TYPE_CONCATENATED_OPERATION)
        return 0;
    n = proj_concatoperation_get_step_count(ctx, op);
    for (i = 0; i < n && !found; i++) {
        PJ *step = proj_concatoperation_get_step(ctx, op, i);
        if (step) {
            found = uses_operation(ctx, step, code);
            proj_destroy(step);
        }
    }
    return found;
}

/* The operation between c and WGS84 (towards WGS84 unless from_wgs84),
 * taking and giving easting/lon first; its name, before the axis swaps
 * that say nothing about the datum, goes into name when given.  For
 * VN-2000 it is the one through EPSG:6960 whatever the point; for other
 * CRSs PROJ chooses per point as proj_create_crs_to_crs does. */
static PJ *operation(session *s, const crs_ref *c, int from_wgs84, char *name,
                     size_t size, gis_error *err) {
    PJ *wgs84 = proj_create(s->ctx, WGS84), *op = NULL, *norm = NULL;
    PJ *src = from_wgs84 ? wgs84 : c->crs, *dst = from_wgs84 ? c->crs : wgs84;
    PJ_OPERATION_FACTORY_CONTEXT *factory = NULL;
    PJ_OBJ_LIST *ops = NULL;
    int i, n;

    if (!wgs84) {
        gis_error_set(err, "cannot build %s: %s", WGS84, proj_reason(s));
        return NULL;
    }
    if (c->vn2000) {
        factory = proj_create_operation_factory_context(s->ctx, NULL);
        if (factory) {
            proj_operation_factory_context_set_spatial_criterion(
                s->ctx, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
            ops = proj_create_operations(s->ctx, src, dst, factory);
        }
        n = ops ? proj_list_get_count(ops) : 0;
        for (i = 0; i < n && !op; i++) {
            op = proj_list_get(s->ctx, ops, i);
            if (op && !uses_operation(s->ctx, op, VN2000_TO_WGS84)) {
                proj_destroy(op);
                op = NULL;
            }
        }
        if (!op)
            gis_error_set(err,
                          "no transformation between %s and WGS 84 through "
                          "EPSG:%s in PROJ's database",
                          c->label, VN2000_TO_WGS84);
    } else {
        s->log[0] = '\0';
        op = proj_create_crs_to_crs_from_pj(s->ctx, src, dst, NULL, NULL);
        if (!op)
            gis_error_set(err, "cannot transform between %s and WGS 84: %s",
                          c->label, proj_reason(s));
    }
    if (op) {
        /* proj_create_crs_to_crs's choice among several has no name. */
        if (name)
            snprintf(name, size, "%s",
                     proj_get_name(op) && *proj_get_name(op)
                         ? proj_get_name(op)
                         : "PROJ's choice for each point");
        s->log[0] = '\0';
        norm = proj_normalize_for_visualization(s->ctx, op);
        if (!norm)
            gis_error_set(err, "cannot transform between %s and WGS 84: %s",
                          c->label, proj_reason(s));
    }
    proj_destroy(op);
    proj_list_destroy(ops);
    if (factory)
        proj_operation_factory_context_destroy(factory);
    proj_destroy(wgs84);
    return norm;
}

/* Runs op on one point; 0 when it gave finite numbers. */
static int transform(PJ *op, double x, double y, double *ox, double *oy) {
    PJ_COORD in = proj_coord(x, y, 0, HUGE_VAL), out;
    proj_errno_reset(op);
    out = proj_trans(op, PJ_FWD, in);
    if (proj_errno(op) || !isfinite(out.xy.x) || !isfinite(out.xy.y))
        return 1;
    *ox = out.xy.x;
    *oy = out.xy.y;
    return 0;
}

/* Whether WGS84 lon/lat lies within AREA_MARGIN of c's area of use; the
 * area's name goes into area for the message. */
static int in_area(const session *s, const crs_ref *c, double lon, double lat,
                   char *area, size_t size) {
    double w, so, e, no;
    const char *name = NULL;
    char *dot;
    size_t n;
    area[0] = '\0';
    if (!proj_get_area_of_use(s->ctx, c->crs, &w, &so, &e, &no, &name) ||
        w < -180 || so < -90)
        return 1; /* unknown area: anything goes */
    /* Its first sentence: EPSG goes on to list every country. */
    snprintf(area, size, "%s", name ? name : "");
    if ((dot = strstr(area, ". ")) != NULL)
        *dot = '\0';
    n = strlen(area);
    if (n > 0 && area[n - 1] == '.')
        area[n - 1] = '\0';
    if (lat < so - AREA_MARGIN || lat > no + AREA_MARGIN)
        return 0;
    if (w <= e)
        return lon >= w - AREA_MARGIN && lon <= e + AREA_MARGIN;
    return lon >= w - AREA_MARGIN || lon <= e + AREA_MARGIN; /* across 180° */
}

/* Why PROJ gave op no result for the last point. */
static const char *trans_reason(const session *s, PJ *op) {
    int code = proj_errno(op);
    const char *msg = code ? proj_context_errno_string(s->ctx, code) : NULL;
    return msg ? msg : "no finite result";
}

/* The "are they swapped?" hint for two projected numbers that landed
 * outside the CRS's area: given when the other order lands inside it. */
static const char *swap_hint(const session *s, const crs_ref *c, PJ *op,
                             double x, double y) {
    char area[160];
    double lon, lat;
    if (c->geographic || transform(op, y, x, &lon, &lat) ||
        !in_area(s, c, lon, lat, area, sizeof area) || !area[0])
        return !c->geographic && fabs(x) <= 180 && fabs(y) <= 180
                   ? "; these look like degrees"
                   : "";
    return "; are the two numbers swapped?";
}

static int is_blank(const char *crs) {
    return !crs || strspn(crs, " \t\r\n") == strlen(crs);
}

/* ---- public ---------------------------------------------------------- */

/* Setting PROJ up for a CRS (its database, the choice of operation)
 * costs milliseconds, and a file of survey coordinates gives one CRS row
 * after row: the last setup is kept, one per thread, and rebuilt only for
 * another CRS. */
typedef struct parse_setup {
    char crs[1024];
    session s;
    crs_ref c;
    PJ *op;
    int ready;
} parse_setup;

/* [0] to WGS 84 (parsing), [1] from it. */
static _Thread_local parse_setup last_setup[2];

static void setup_release(parse_setup *p) {
    proj_destroy(p->op);
    crs_free(&p->c);
    session_close(&p->s);
    memset(p, 0, sizeof *p);
}

static parse_setup *setup_for(const char *crs, int from_wgs84, gis_error *err) {
    parse_setup *p = &last_setup[from_wgs84 ? 1 : 0];
    if (p->ready && !strcmp(p->crs, crs))
        return p;
    setup_release(p);
    if (strlen(crs) >= sizeof p->crs) {
        gis_error_set(err, "CRS text of %zu bytes is too long", strlen(crs));
        return NULL;
    }
    if (session_open(&p->s, err))
        return NULL;
    if (crs_open(&p->s, crs, &p->c, err) ||
        !(p->op = operation(&p->s, &p->c, from_wgs84, NULL, 0, err))) {
        setup_release(p);
        return NULL;
    }
    snprintf(p->crs, sizeof p->crs, "%s", crs);
    p->ready = 1;
    return p;
}

int gis_coord_parse(const char *text, const char *crs, gis_coord *out,
                    gis_error *err) {
    char q[QUOTE_MAX + 4], why[200], area[160], read_as[160];
    tok toks[MAX_TOKENS];
    parse_setup *p;
    double x = 0, y = 0, lon, lat;
    int n, rc = 1;

    memset(out, 0, sizeof *out);
    if (!text)
        text = "";
    quote(text, q, sizeof q);
    n = tokenize(text, toks, why, sizeof why);
    if (n < 0) {
        gis_error_set(err, "not a coordinate: '%s' (%s)", q, why);
        return 1;
    }
    if (n == 0) {
        gis_error_set(err, "empty coordinate");
        return 1;
    }
    /* WGS84 degrees need no PROJ at all. */
    if (is_blank(crs)) {
        if (read_degrees(text, toks, n, &out->lon, &out->lat, out->form,
                         sizeof out->form, err))
            return 1;
        snprintf(out->crs, sizeof out->crs, "%s", WGS84);
        return 0;
    }
    if (!(p = setup_for(crs, 0, err)))
        return 1;
    if (p->c.geographic ? read_degrees(text, toks, n, &x, &y, out->form,
                                       sizeof out->form, err)
                        : read_projected(text, toks, n, p->c.vn2000, &x, &y,
                                         out->form, sizeof out->form, err))
        goto done;
    if (p->c.geographic)
        snprintf(read_as, sizeof read_as, "lon %.12g, lat %.12g", x, y);
    else
        snprintf(read_as, sizeof read_as, "easting %.12g, northing %.12g", x,
                 y);
    /* Surveyors' numbers the wrong way round land far away, or nowhere:
     * better refused than stored. */
    if (transform(p->op, x, y, &lon, &lat) || fabs(lat) > 90) {
        gis_error_set(err, "cannot transform '%s' (%s in %s) to WGS 84%s", q,
                      read_as, p->c.label,
                      swap_hint(&p->s, &p->c, p->op, x, y));
        goto done;
    }
    if (!in_area(&p->s, &p->c, lon, lat, area, sizeof area)) {
        gis_error_set(err,
                      "'%s' (%s in %s) lands outside the area of use of %s "
                      "(%s)%s",
                      q, read_as, p->c.label, p->c.label, area,
                      swap_hint(&p->s, &p->c, p->op, x, y));
        goto done;
    }
    out->lon = lon;
    out->lat = lat;
    snprintf(out->crs, sizeof out->crs, "%.63s", p->c.label);
    rc = 0;
done:
    if (rc) {
        out->form[0] = '\0';
        out->lon = out->lat = 0;
    }
    return rc;
}

int gis_coord_from_wgs84(double lon, double lat, const char *crs, double *x,
                         double *y, gis_error *err) {
    parse_setup *p;

    if (!(fabs(lon) <= 180) || !(fabs(lat) <= 90)) {
        gis_error_set(err, "lon %.12g, lat %.12g is not a WGS 84 position", lon,
                      lat);
        return 1;
    }
    if (!(p = setup_for(is_blank(crs) ? WGS84 : crs, 1, err)))
        return 1;
    if (transform(p->op, lon, lat, x, y)) {
        gis_error_set(err, "cannot transform lon %.12g, lat %.12g to %s: %s",
                      lon, lat, p->c.label, trans_reason(&p->s, p->op));
        return 1;
    }
    return 0;
}

int gis_coord_operation(const char *crs, char *name, size_t size,
                        gis_error *err) {
    session s = {0};
    crs_ref c = {0};
    PJ *op = NULL;
    int rc = 1;

    if (size > 0)
        name[0] = '\0';
    if (session_open(&s, err))
        return 1;
    if (crs_open(&s, is_blank(crs) ? WGS84 : crs, &c, err))
        goto done;
    if (!(op = operation(&s, &c, 0, name, size, err)))
        goto done;
    rc = 0;
done:
    if (rc && size > 0)
        name[0] = '\0';
    proj_destroy(op);
    crs_free(&c);
    session_close(&s);
    return rc;
}
