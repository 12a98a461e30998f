/*
 * gis_placename.c: prefixes and abbreviations of Vietnamese place names.
 *
 * The text is folded first (gis_text_fold), so "Xã", "XÃ", "xa" and the
 * NFD forms are one token.  Single-letter abbreviations (X., P., H.) only
 * count with their full stop: without it "p" or "h" may be part of a
 * name.  A prefix starts a new part when a name came before it, so "xom
 * Dong Dinh xa La Bang" splits like "xóm Đồng Đình, xã La Bằng".
 */
#include "gis_placename.h"

#include <stdio.h>
#include <string.h>

#include "gis_text.h"

typedef struct prefix {
    const char *words; /* folded, space-separated */
    int needs_dot;     /* only as an abbreviation with its full stop */
    gis_level level;
    char kind; /* see gis_name_part.kind */
} prefix;

/* Longer prefixes first, so "to dan pho" wins over a shorter match. */
static const prefix prefixes[] = {{"to dan pho", 0, GIS_LEVEL_HAMLET, 0},
                                  {"thi tran", 0, GIS_LEVEL_COMMUNE, 't'},
                                  {"tdp", 0, GIS_LEVEL_HAMLET, 0},
                                  {"thon", 0, GIS_LEVEL_HAMLET, 0},
                                  {"xom", 0, GIS_LEVEL_HAMLET, 0},
                                  {"ban", 0, GIS_LEVEL_HAMLET, 0},
                                  {"xa", 0, GIS_LEVEL_COMMUNE, 'x'},
                                  {"phuong", 0, GIS_LEVEL_COMMUNE, 'p'},
                                  {"tt", 0, GIS_LEVEL_COMMUNE, 't'},
                                  {"x", 1, GIS_LEVEL_COMMUNE, 'x'},
                                  {"p", 1, GIS_LEVEL_COMMUNE, 'p'},
                                  {"huyen", 0, GIS_LEVEL_DISTRICT, 0},
                                  {"h", 1, GIS_LEVEL_DISTRICT, 0},
                                  {"tinh", 0, GIS_LEVEL_PROVINCE, 0},
                                  {NULL, 0, GIS_LEVEL_ANY, 0}};

const char *gis_level_name(gis_level level) {
    switch (level) {
    case GIS_LEVEL_HAMLET:
        return "hamlet";
    case GIS_LEVEL_COMMUNE:
        return "commune";
    case GIS_LEVEL_DISTRICT:
        return "district";
    case GIS_LEVEL_PROVINCE:
        return "province";
    default:
        return "any";
    }
}

#define MAX_TOKENS 32

typedef struct token {
    char text[48];
    int dot; /* written with a full stop after it */
} token;

/* Matches a prefix at tokens[i]; returns how many tokens it spans. */
static int match_prefix(const token *t, int i, int n, gis_level *level,
                        char *kind) {
    const prefix *p;
    for (p = prefixes; p->words; p++) {
        char words[64], *w, *save = NULL;
        int k = 0, ok = 1;
        snprintf(words, sizeof words, "%s", p->words);
        for (w = strtok_r(words, " ", &save); w;
             w = strtok_r(NULL, " ", &save), k++)
            if (i + k >= n || strcmp(t[i + k].text, w)) {
                ok = 0;
                break;
            }
        if (ok && (!p->needs_dot || t[i + k - 1].dot)) {
            *level = p->level;
            *kind = p->kind;
            return k;
        }
    }
    return 0;
}

static void add_part(gis_name_part *part, gis_level level, char kind,
                     const token *t, int pre, int from, int to) {
    int i;
    memset(part, 0, sizeof *part);
    part->level = level;
    part->kind = kind;
    for (i = pre; i < to; i++) {
        strncat(part->whole, t[i].text,
                sizeof part->whole - strlen(part->whole) - 1);
        if (i < from)
            continue;
        strncat(part->key, t[i].text, sizeof part->key - strlen(part->key) - 1);
        if (*part->words)
            strncat(part->words, " ",
                    sizeof part->words - strlen(part->words) - 1);
        strncat(part->words, t[i].text,
                sizeof part->words - strlen(part->words) - 1);
    }
}

/* Splits one comma-free segment of tokens into parts. */
static void parse_segment(const token *t, int n, gis_name_part *parts, int max,
                          int *count) {
    int i = 0;
    while (i < n && *count < max) {
        gis_level level = GIS_LEVEL_ANY;
        char kind = 0;
        int pre = i, span = match_prefix(t, i, n, &level, &kind), j;
        /* A prefix with nothing after it is a name ("Xã" alone). */
        if (span > 0 && i + span >= n)
            span = 0, level = GIS_LEVEL_ANY, kind = 0;
        i += span;
        for (j = i + 1; j < n; j++) {
            gis_level next;
            char next_kind;
            int s = match_prefix(t, j, n, &next, &next_kind);
            if (s > 0 && j + s < n)
                break;
        }
        add_part(&parts[(*count)++], level, kind, t, pre, i, j);
        i = j;
    }
}

int gis_placename_parse(const char *utf8, gis_name_part *parts, int max,
                        int *n) {
    char folded[512], *p;
    token t[MAX_TOKENS];
    int nt = 0;

    *n = 0;
    if (gis_text_fold(utf8, folded, sizeof folded))
        return 1;
    for (p = folded;; p++) {
        if (*p == ',' || *p == ';' || *p == '/' || *p == '\0') {
            parse_segment(t, nt, parts, max, n);
            nt = 0;
            if (*p == '\0')
                break;
        } else if (*p == '.') {
            if (nt > 0)
                t[nt - 1].dot = 1;
        } else if (*p != ' ') {
            size_t len = strcspn(p, " .,;/");
            if (nt < MAX_TOKENS) {
                snprintf(t[nt].text, sizeof t[nt].text, "%.*s", (int)len, p);
                t[nt++].dot = 0;
            }
            p += len - 1;
        }
    }
    return *n == 0;
}
