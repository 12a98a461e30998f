/*
 * trk_sheet.c: office spreadsheets as a header plus classified rows.
 *
 * XLSX and ODS go through OGR with HEADERS=DISABLE and FIELD_TYPES=STRING:
 * every row is a feature whose FID is the sheet's row number (the XLSX
 * driver fills gaps left by empty rows) and a formula reads as its cached
 * value.  OGR does not fill merged cells, so for XLSX the sheet's
 * <mergeCells> are read from the package through /vsizip/ and GDAL's own
 * XML parser.  CSV is parsed here instead: OGR's CSV driver skips blank
 * lines (so its FIDs are not line numbers) and takes the column count from
 * the first line, which in an office CSV is a one-cell title.
 *
 * Opening reads the first rows into a queue to find the header, then
 * next() replays the queue before reading on, so rows come in order and
 * merges are filled as rows are read.
 */
#include "trk_sheet.h"

#include <cpl_conv.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ctype.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "gis_ogr.h"
#include "gis_text.h"

#define MAX_CSV (256L * 1024 * 1024)
#define MAX_XML (512L * 1024 * 1024)
#define N_LEVELS 6

typedef struct row {
    int number; /* Excel row or CSV line, 1-based */
    int n;
    char **raw;  /* as stored */
    char **cell; /* merges filled */
} row;

typedef struct merge {
    int r1, c1, r2, c2; /* rows 1-based, columns 0-based */
    char *value;        /* the top-left cell, once read */
} merge;

struct trk_sheet {
    GDALDatasetH ds;
    OGRLayerH layer;
    char *csv; /* whole CSV file, NUL-terminated */
    size_t csv_pos;
    int csv_line;
    char sep;
    char *display, *sheet;
    merge *merges;
    int nmerges;
    row *queue;
    int nqueue, qpos;
    row cur;
    int check_colnum;
    int nfields;
    char **names, **groups;
    int header_row, header_height;
    char *title, *unit;
    int stt, name;
    trk_sheet_kind kind;
    char *sec[N_LEVELS];
    int seclevel[N_LEVELS];
    int nsec;
    const char *secview[N_LEVELS];
    char where[600];
};

/* ---- small text helpers ---- */

static int is_space_at(const char *p) {
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        return 1;
    return (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0 ? 2 : 0;
}

/* A trimmed copy of s[0..n) (NBSP counts as space). */
static char *trim_dup(const char *s, size_t n) {
    const char *e = s + n;
    char *out;
    int k;
    while (s < e && (k = is_space_at(s)) && s + k <= e)
        s += k;
    while (e > s) {
        if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')
            e--;
        else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 &&
                 (unsigned char)e[-1] == 0xA0)
            e -= 2;
        else
            break;
    }
    out = malloc((size_t)(e - s) + 1);
    if (out) {
        memcpy(out, s, (size_t)(e - s));
        out[e - s] = '\0';
    }
    return out;
}

/* Cells may be TCVN3; keys and folds are taken of the cleaned text. */
void trk_sheet_key(const char *text, char *out, size_t n) {
    char *clean = NULL;
    gis_text_clean(text, &clean);
    gis_text_key(clean && *clean ? clean : text, out, n);
    free(clean);
}

static void fold_of(const char *text, char *out, size_t n) {
    char *clean = NULL;
    gis_text_clean(text, &clean);
    gis_text_fold(clean && *clean ? clean : text, out, n);
    free(clean);
}

static int starts(const char *s, const char *prefix) {
    return !strncmp(s, prefix, strlen(prefix));
}

/* s starts with word and the word ends there. */
static int starts_word(const char *s, const char *word) {
    size_t n = strlen(word);
    return !strncmp(s, word, n) && !isalnum((unsigned char)s[n]);
}

/* "12", "1.2", "3." */
static int is_arabic(const char *s) {
    if (!isdigit((unsigned char)*s))
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s) && *s != '.')
            return 0;
    return 1;
}

/* A number as offices type it: "1.250,5", "-3", "2 390 000". */
static int is_number(const char *s) {
    int digits = 0;
    if (*s == '-' || *s == '+')
        s++;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (*s != '.' && *s != ',' && *s != ' ')
            return 0;
    }
    return digits > 0;
}

/* Copies s without a trailing '.' or ')' into out. */
static void strip_mark(const char *s, char *out, size_t n) {
    size_t len = strlen(s);
    if (len && (s[len - 1] == '.' || s[len - 1] == ')'))
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

static int is_roman(const char *s) {
    char t[16];
    strip_mark(s, t, sizeof t);
    if (!*t || strlen(t) > 7)
        return 0;
    return strspn(t, "IVXLC") == strlen(t);
}

static int is_letter(const char *s) {
    char t[16];
    strip_mark(s, t, sizeof t);
    return t[0] >= 'A' && t[0] <= 'Z' && !t[1];
}

/* Letters present and none of them lower case ("DỰ ÁN 4: ..."). */
static int is_upper(const char *s) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t c;
    utf8proc_ssize_t k;
    int letters = 0;
    while (*p && (k = utf8proc_iterate(p, -1, &c)) > 0) {
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat == UTF8PROC_CATEGORY_LL)
            return 0;
        if (cat == UTF8PROC_CATEGORY_LU)
            letters++;
        p += k;
    }
    return letters > 0;
}

static char *join(char *acc, const char *sep, const char *add) {
    size_t a = acc ? strlen(acc) : 0;
    char *out = realloc(acc, a + strlen(sep) + strlen(add) + 1);
    if (!out) {
        free(acc);
        return NULL;
    }
    if (a)
        strcpy(out + a, sep), a += strlen(sep);
    strcpy(out + a, add);
    return out;
}

/* ---- rows ---- */

static void row_free(row *r) {
    for (int i = 0; i < r->n; i++) {
        free(r->raw[i]);
        free(r->cell[i]);
    }
    free(r->raw);
    free(r->cell);
    memset(r, 0, sizeof *r);
}

static const char *raw_at(const row *r, int i) {
    return i >= 0 && i < r->n && r->raw[i] ? r->raw[i] : "";
}

static const char *cell_at(const row *r, int i) {
    return i >= 0 && i < r->n && r->cell[i] ? r->cell[i] : "";
}

static int row_blank(const row *r) {
    for (int i = 0; i < r->n; i++)
        if (r->raw[i][0])
            return 0;
    return 1;
}

/* Grows r to n cells, new ones "". */
static int row_widen(row *r, int n) {
    char **raw, **cell;
    if (n <= r->n)
        return 0;
    raw = realloc(r->raw, (size_t)n * sizeof *raw);
    if (!raw)
        return 1;
    r->raw = raw;
    cell = realloc(r->cell, (size_t)n * sizeof *cell);
    if (!cell)
        return 1;
    r->cell = cell;
    for (; r->n < n; r->n++) {
        r->raw[r->n] = strdup("");
        r->cell[r->n] = strdup("");
        if (!r->raw[r->n] || !r->cell[r->n]) {
            free(r->raw[r->n]);
            free(r->cell[r->n]);
            return 1;
        }
    }
    return 0;
}

static int set_raw(row *r, int i, const char *s, size_t n) {
    char *t;
    if (row_widen(r, i + 1) || !(t = trim_dup(s, n)))
        return 1;
    free(r->raw[i]);
    r->raw[i] = t;
    return 0;
}

/* One CSV record from s->csv: 1, 0 at the end, -1 out of memory. */
static int csv_record(trk_sheet *s, row *r) {
    const char *p = s->csv + s->csv_pos;
    char *field = NULL;
    size_t len = 0, cap = 0;
    int col = 0, quoted = 0, rc = -1;

    if (!*p)
        return 0;
    r->number = s->csv_line;
    for (;;) {
        char c = *p;
        if (quoted) {
            if (!c) {
                quoted = 0;
                continue;
            }
            p++;
            if (c == '"' && *p == '"') {
                p++;
            } else if (c == '"') {
                quoted = 0;
                continue;
            } else if (c == '\n') {
                s->csv_line++;
            }
        } else if (c == '"') {
            quoted = 1;
            p++;
            continue;
        } else if (c == s->sep || c == '\n' || !c) {
            if (set_raw(r, col++, field ? field : "", len))
                goto done;
            len = 0;
            if (c)
                p++;
            if (c == '\n')
                s->csv_line++;
            if (c != s->sep)
                break;
            continue;
        } else {
            p++;
        }
        if (len + 1 >= cap) {
            char *g = realloc(field, cap = cap ? cap * 2 : 64);
            if (!g)
                goto done;
            field = g;
        }
        field[len++] = c;
    }
    s->csv_pos = (size_t)(p - s->csv);
    rc = 1;
done:
    free(field);
    return rc;
}

/* The separator used most outside quotes in the first lines. */
static char csv_separator(const char *p) {
    const char cand[] = {',', ';', '\t', '|'};
    long count[4] = {0};
    int lines = 0, quoted = 0, best = 0;
    for (; *p && lines < 50; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\n' && !quoted)
            lines++;
        else if (!quoted)
            for (int i = 0; i < 4; i++)
                count[i] += *p == cand[i];
    }
    for (int i = 1; i < 4; i++)
        if (count[i] > count[best])
            best = i;
    return cand[best];
}

static int ogr_record(trk_sheet *s, row *r, gis_error *err) {
    OGRFeatureH f;
    int n, i;

    CPLErrorReset();
    f = OGR_L_GetNextFeature(s->layer);
    if (!f) {
        if (CPLGetLastErrorType() >= CE_Failure) {
            gis_error_set(err, "'%s': read error in sheet '%s': %s", s->display,
                          s->sheet, gis_ogr_last_error());
            return -1;
        }
        return 0;
    }
    r->number = (int)OGR_F_GetFID(f);
    n = OGR_F_GetFieldCount(f);
    if (row_widen(r, n))
        goto oom;
    for (i = 0; i < n; i++)
        if (OGR_F_IsFieldSetAndNotNull(f, i)) {
            const char *v = OGR_F_GetFieldAsString(f, i);
            if (set_raw(r, i, v, strlen(v)))
                goto oom;
        }
    OGR_F_Destroy(f);
    return 1;
oom:
    OGR_F_Destroy(f);
    gis_error_set(err, "out of memory");
    return -1;
}

/* Fills r->cell from r->raw and the merges covering this row. */
static int apply_merges(trk_sheet *s, row *r) {
    int i, c, width = r->n;
    for (i = 0; i < s->nmerges; i++)
        if (s->merges[i].r1 <= r->number && r->number <= s->merges[i].r2 &&
            s->merges[i].c2 + 1 > width)
            width = s->merges[i].c2 + 1;
    if (row_widen(r, width))
        return 1;
    for (i = 0; i < r->n; i++) {
        char *t = strdup(r->raw[i]);
        if (!t)
            return 1;
        free(r->cell[i]);
        r->cell[i] = t;
    }
    for (i = 0; i < s->nmerges; i++) {
        merge *m = &s->merges[i];
        if (m->r1 == r->number) {
            free(m->value);
            if (!(m->value = strdup(r->raw[m->c1])))
                return 1;
        }
        if (m->r1 > r->number || r->number > m->r2 || !m->value)
            continue;
        for (c = m->c1; c <= m->c2; c++) {
            char *t;
            if (c == m->c1 && r->number == m->r1)
                continue;
            if (!(t = strdup(m->value)))
                return 1;
            free(r->cell[c]);
            r->cell[c] = t;
        }
    }
    return 0;
}

/* Reads the next row from the source: 1, 0 at the end, -1 (err). */
static int read_row(trk_sheet *s, row *r, gis_error *err) {
    int rc;
    memset(r, 0, sizeof *r);
    rc = s->csv ? csv_record(s, r) : ogr_record(s, r, err);
    if (rc < 0 && s->csv)
        gis_error_set(err, "out of memory");
    if (rc == 1 && apply_merges(s, r)) {
        gis_error_set(err, "out of memory");
        rc = -1;
    }
    if (rc != 1)
        row_free(r);
    return rc;
}

/* ---- XLSX merges ---- */

/* "AB12" -> column 27 (0-based), row 12; 0 on success. */
static int parse_ref(const char *p, const char **end, int *rowno, int *col) {
    int c = 0, r = 0;
    if (!isalpha((unsigned char)*p))
        return 1;
    while (isalpha((unsigned char)*p))
        c = c * 26 + (toupper((unsigned char)*p++) - 'A' + 1);
    if (!isdigit((unsigned char)*p))
        return 1;
    while (isdigit((unsigned char)*p))
        r = r * 10 + (*p++ - '0');
    *rowno = r;
    *col = c - 1;
    *end = p;
    return c > 16384 || r < 1;
}

static CPLXMLNode *read_xml(const char *path, const char *member) {
    char *name = CPLStrdup(CPLSPrintf("/vsizip/%s/%s", path, member));
    GByte *buf = NULL;
    CPLXMLNode *x = NULL;
    if (VSIIngestFile(NULL, name, &buf, NULL, 16L * 1024 * 1024)) {
        x = CPLParseXMLString((const char *)buf);
        if (x)
            CPLStripXMLNamespace(x, NULL, TRUE);
    }
    VSIFree(buf);
    CPLFree(name);
    return x;
}

/* The package member holding the sheet named sheet ("xl/worksheets/
 * sheet1.xml"), malloc'd, or NULL. */
static char *sheet_member(const char *path, const char *sheet) {
    CPLXMLNode *wb = read_xml(path, "xl/workbook.xml");
    CPLXMLNode *rels = read_xml(path, "xl/_rels/workbook.xml.rels");
    CPLXMLNode *n;
    const char *id = NULL, *target = NULL;
    char *out = NULL;

    n = wb ? CPLGetXMLNode(wb, "=workbook.sheets") : NULL;
    for (n = n ? n->psChild : NULL; n && !id; n = n->psNext)
        if (n->eType == CXT_Element && !strcmp(n->pszValue, "sheet") &&
            !strcmp(CPLGetXMLValue(n, "name", ""), sheet))
            id = CPLGetXMLValue(n, "id", NULL);
    n = rels ? CPLGetXMLNode(rels, "=Relationships") : NULL;
    for (n = n ? n->psChild : NULL; n && id && !target; n = n->psNext)
        if (n->eType == CXT_Element && !strcmp(CPLGetXMLValue(n, "Id", ""), id))
            target = CPLGetXMLValue(n, "Target", NULL);
    if (target) {
        /* Relative to xl/, or absolute within the package. */
        if (target[0] == '/')
            out = strdup(target + 1);
        else if ((out = malloc(strlen(target) + 4)))
            strcat(strcpy(out, "xl/"), target);
    }
    if (wb)
        CPLDestroyXMLNode(wb);
    if (rels)
        CPLDestroyXMLNode(rels);
    return out;
}

/* Reads the sheet's merged ranges; a sheet without them (or a package
 * laid out otherwise) simply has none.  1 only when out of memory. */
static int load_merges(trk_sheet *s, const char *path) {
    char *member = sheet_member(path, s->sheet), *name;
    GByte *buf = NULL;
    char *start, *end;
    CPLXMLNode *x = NULL, *n;
    int rc = 0;

    if (!member)
        return 0;
    name = CPLStrdup(CPLSPrintf("/vsizip/%s/%s", path, member));
    free(member);
    if (!VSIIngestFile(NULL, name, &buf, NULL, MAX_XML))
        goto done;
    /* Only the <mergeCells> element is parsed: the sheet data around it
     * may be megabytes. */
    start = strstr((char *)buf, "mergeCells");
    while (start && start > (char *)buf && start[-1] != '<' && start[-1] != ':')
        start = strstr(start + 1, "mergeCells");
    if (!start)
        goto done;
    while (start > (char *)buf && start[-1] != '<')
        start--;
    start--;
    end = strchr(start, '>');
    if (!end)
        goto done;
    if (end[-1] != '/') {
        end = strstr(end, "mergeCells>");
        if (!end)
            goto done;
        end += strlen("mergeCells>");
    } else {
        end++;
    }
    *end = '\0';
    x = CPLParseXMLString(start);
    if (!x)
        goto done;
    CPLStripXMLNamespace(x, NULL, TRUE);
    for (n = x->psChild; n; n = n->psNext) {
        const char *ref = CPLGetXMLValue(n, "ref", NULL), *p;
        merge m = {0};
        merge *grown;
        if (n->eType != CXT_Element || !ref ||
            parse_ref(ref, &p, &m.r1, &m.c1) || *p++ != ':' ||
            parse_ref(p, &p, &m.r2, &m.c2) || m.r2 < m.r1 || m.c2 < m.c1)
            continue;
        grown = realloc(s->merges, (size_t)(s->nmerges + 1) * sizeof *grown);
        if (!grown) {
            rc = 1;
            goto done;
        }
        s->merges = grown;
        s->merges[s->nmerges++] = m;
    }
done:
    if (x)
        CPLDestroyXMLNode(x);
    VSIFree(buf);
    CPLFree(name);
    return rc;
}

/* The merge holding (rowno, col), or NULL. */
static const merge *merge_at(const trk_sheet *s, int rowno, int col) {
    for (int i = 0; i < s->nmerges; i++)
        if (s->merges[i].r1 <= rowno && rowno <= s->merges[i].r2 &&
            s->merges[i].c1 <= col && col <= s->merges[i].c2)
            return &s->merges[i];
    return NULL;
}

/* ---- header ---- */

typedef struct labels {
    int n;
    char **name, **group;
} labels;

static void labels_free(labels *l) {
    for (int i = 0; i < l->n; i++) {
        free(l->name[i]);
        free(l->group[i]);
    }
    free(l->name);
    free(l->group);
    memset(l, 0, sizeof *l);
}

/* "(1) (2) (3)" or "1 2 3" under the header. */
static int is_colnum_row(const row *r) {
    int count = 0, last = -1, plain = 1;
    for (int i = 0; i < r->n; i++) {
        const char *c = r->raw[i];
        char *end;
        long v;
        if (!*c)
            continue;
        if (*c == '(')
            plain = 0, c++;
        v = strtol(c, &end, 10);
        if (end == c || v <= last || (plain && *end))
            return 0;
        if (!plain && *end != ')')
            return 0;
        if (plain && last >= 0 && v != last + 1)
            return 0;
        last = (int)v;
        count++;
    }
    return count >= 3;
}

/* Can lower sit under upper as the second header row? */
static int is_lower_header(const trk_sheet *s, const row *up, const row *lo) {
    int spans = 0;
    if (lo->number != up->number + 1 || is_colnum_row(lo))
        return 0;
    for (int i = 0; i < lo->n; i++) {
        const merge *m;
        if (!lo->raw[i][0])
            continue;
        if (is_number(lo->raw[i]))
            return 0;
        m = merge_at(s, up->number, i);
        if (m && m->c2 > m->c1 && m->r1 == up->number)
            spans++;
        else if (!m && !raw_at(up, i)[0])
            spans++;
    }
    return spans > 0;
}

/* The columns' labels of header row up (and lo, when not NULL). */
static int make_labels(const row *up, const row *lo, labels *l) {
    int n = up->n, i, last = -1;
    if (lo && lo->n > n)
        n = lo->n;
    l->n = 0;
    l->name = calloc((size_t)n + 1, sizeof *l->name);
    l->group = calloc((size_t)n + 1, sizeof *l->group);
    if (!l->name || !l->group)
        return 1;
    for (i = 0; i < n; i++, l->n++) {
        const char *u = raw_at(up, i), *uf = cell_at(up, i);
        const char *w = lo ? raw_at(lo, i) : "";
        if (*u)
            last = i;
        if (*w) {
            l->name[i] = strdup(w);
            l->group[i] = strdup(*uf ? uf : last >= 0 ? raw_at(up, last) : "");
        } else {
            l->name[i] = strdup(u);
            l->group[i] = strdup("");
        }
        if (!l->name[i] || !l->group[i]) {
            l->n++;
            return 1;
        }
    }
    while (l->n > 0 && !l->name[l->n - 1][0] && !l->group[l->n - 1][0]) {
        l->n--;
        free(l->name[l->n]);
        free(l->group[l->n]);
    }
    return 0;
}

static int score(const labels *l, int (*known)(const char *, void *),
                 void *ctx) {
    char key[256];
    int count = 0;
    for (int i = 0; i < l->n; i++) {
        if (!l->name[i][0])
            continue;
        trk_sheet_key(l->name[i], key, sizeof key);
        if (*key && known(key, ctx))
            count++;
    }
    return count;
}

static int key_in(const char *key, const char *const *list) {
    for (; *list; list++) {
        size_t n = strlen(*list);
        if ((*list)[n - 1] == '*' ? !strncmp(key, *list, n - 1)
                                  : !strcmp(key, *list))
            return 1;
    }
    return 0;
}

static const char *const stt_keys[] = {"stt",     "tt", "sott", "so",
                                       "sothutu", "no", 0};
static const char *const name_keys[] = {"tencongtrinh",
                                        "tenduan",
                                        "tencongtrinhduan",
                                        "tencongtrinh*",
                                        "tenduan*",
                                        "noidung",
                                        "danhmuc",
                                        "danhmuccongtrinh",
                                        "ten",
                                        "congtrinh",
                                        "hangmuc",
                                        "name",
                                        0};

static void find_roles(trk_sheet *s) {
    char key[256];
    s->stt = s->name = -1;
    for (int i = 0; i < s->nfields; i++) {
        trk_sheet_key(s->names[i], key, sizeof key);
        if (s->stt < 0 && key_in(key, stt_keys))
            s->stt = i;
    }
    /* Earlier names in the list win over earlier columns. */
    for (const char *const *k = name_keys; *k && s->name < 0; k++)
        for (int i = 0; i < s->nfields && s->name < 0; i++) {
            const char *list[2] = {*k, 0};
            trk_sheet_key(s->names[i], key, sizeof key);
            if (i != s->stt && key_in(key, list))
                s->name = i;
        }
}

/* Title and unit from the rows above the header. */
static int read_titles(trk_sheet *s, int upto) {
    char fold[64];
    s->title = strdup("");
    if (!s->title)
        return 1;
    for (int q = 0; q < upto; q++) {
        const row *r = &s->queue[q];
        for (int i = 0; i < r->n; i++) {
            if (!r->raw[i][0])
                continue;
            if (!(s->title = join(s->title, " | ", r->raw[i])))
                return 1;
            fold_of(r->raw[i], fold, sizeof fold);
            if (!s->unit &&
                (starts(fold, "don vi tinh") || starts_word(fold, "dvt")) &&
                !(s->unit = strdup(r->raw[i])))
                return 1;
        }
    }
    return 0;
}

/* 0 found, 1 none, -1 out of memory. */
static int find_header(trk_sheet *s, int (*known)(const char *, void *),
                       void *ctx) {
    int best = -1, best_score = 1, best_two = 0;
    labels l = {0};

    for (int q = 0; q < s->nqueue; q++)
        for (int two = 0; two < 2; two++) {
            int sc;
            if (two && (q + 1 >= s->nqueue ||
                        !is_lower_header(s, &s->queue[q], &s->queue[q + 1])))
                continue;
            if (make_labels(&s->queue[q], two ? &s->queue[q + 1] : NULL, &l)) {
                labels_free(&l);
                return -1;
            }
            sc = score(&l, known, ctx);
            labels_free(&l);
            if (sc > best_score)
                best = q, best_score = sc, best_two = two;
        }
    if (best < 0)
        return 1;
    if (make_labels(&s->queue[best], best_two ? &s->queue[best + 1] : NULL,
                    &l)) {
        labels_free(&l);
        return -1;
    }
    s->nfields = l.n;
    s->names = l.name;
    s->groups = l.group;
    s->header_row = s->queue[best].number;
    s->header_height = best_two ? 2 : 1;
    s->qpos = best + s->header_height;
    s->check_colnum = 1;
    find_roles(s);
    return read_titles(s, best) ? -1 : 0;
}

/* ---- rows: kinds and sections ---- */

/* "Cộng", "Cộng:", "Cộng (I)" but not "Cống ...": the mark decides when
 * there is one; an unmarked "Cong" only as a short cell. */
static int is_cong_total(const char *text, const char *fold) {
    char *clean = NULL;
    const char *t;
    size_t rest;
    int ok;
    if (!starts_word(fold, "cong"))
        return 0;
    rest = strlen(fold + 4);
    if (rest > 6)
        return 0;
    gis_text_clean(text, &clean);
    t = clean && *clean ? clean : text;
    ok = starts(t, "Cộng") || starts(t, "cộng") || starts(t, "CỘNG") ||
         !strncasecmp(t, "cong", 4);
    free(clean);
    return ok;
}

static int is_total_text(const char *text, int no_stt) {
    char fold[128];
    if (!*text)
        return 0;
    fold_of(text, fold, sizeof fold);
    if (starts_word(fold, "tong cong") || starts_word(fold, "tong so") ||
        starts_word(fold, "tong") || starts(fold, "tong("))
        return strlen(fold) < 40 || starts_word(fold, "tong cong");
    return no_stt && is_cong_total(text, fold);
}

static int is_section_word(const char *fold) {
    return starts_word(fold, "du an") || starts_word(fold, "tieu du an") ||
           starts_word(fold, "noi dung") || starts_word(fold, "hop phan") ||
           starts_word(fold, "chuong trinh");
}

/* The cell naming the row: the name column, else the first text cell
 * that is not the STT. */
static const char *row_name(const trk_sheet *s, const row *r) {
    if (s->name >= 0 && raw_at(r, s->name)[0])
        return raw_at(r, s->name);
    for (int i = 0; i < r->n; i++)
        if (i != s->stt && r->raw[i][0] && !is_number(r->raw[i]))
            return r->raw[i];
    return "";
}

/* Single I, V, X are roman unless they continue the letters (H, I). */
static int stt_is_roman(const trk_sheet *s, const char *stt) {
    char t[16];
    if (!is_roman(stt))
        return 0;
    strip_mark(stt, t, sizeof t);
    if (t[1])
        return 1;
    if (t[0] != 'I' && t[0] != 'V' && t[0] != 'X')
        return 0;
    if (s->nsec && s->seclevel[0] == 0) {
        char last[16];
        strip_mark(s->sec[0], last, sizeof last);
        if (last[0] == t[0] - 1)
            return 0;
    }
    return 1;
}

static trk_sheet_kind classify(const trk_sheet *s, const row *r, int *level) {
    const char *stt = raw_at(r, s->stt), *name = row_name(s, r);
    const char *first = "";
    int no_stt = !is_arabic(stt), others = 0, texts = 0;
    char fold[128];

    for (int i = 0; i < r->n; i++)
        if (r->raw[i][0] && !is_number(r->raw[i])) {
            first = r->raw[i];
            break;
        }
    if (is_total_text(stt, 1) || is_total_text(first, no_stt) ||
        is_total_text(name, no_stt))
        return TRK_SHEET_TOTAL;
    fold_of(name, fold, sizeof fold);
    if (stt_is_roman(s, stt)) {
        *level = 1;
        return TRK_SHEET_SECTION;
    }
    if (is_letter(stt)) {
        *level = 0;
        return TRK_SHEET_SECTION;
    }
    *level = starts_word(fold, "tieu du an") ? 3
             : starts_word(fold, "du an")    ? 2
             : starts_word(fold, "noi dung") ? 4
                                             : 5;
    for (int i = 0; i < r->n; i++)
        if (r->raw[i][0] && i != s->stt && r->raw[i] != name) {
            others++;
            texts += !is_number(r->raw[i]);
        }
    /* A section carries at most its subtotals: "Dự án nước sạch xóm Na"
     * beside its commune and category is a work. */
    if (no_stt && !texts && is_section_word(fold))
        return TRK_SHEET_SECTION;
    if (!others && *name && is_upper(name))
        return TRK_SHEET_SECTION;
    return TRK_SHEET_WORK;
}

static int push_section(trk_sheet *s, const row *r, int level) {
    const char *stt = raw_at(r, s->stt), *name = row_name(s, r);
    char *text;
    size_t n;

    while (s->nsec && s->seclevel[s->nsec - 1] >= level)
        free(s->sec[--s->nsec]);
    n = strlen(stt) + strlen(name) + 3;
    if (!(text = malloc(n)))
        return 1;
    if (*stt && *name)
        snprintf(text, n, "%s%s %s", stt,
                 stt[strlen(stt) - 1] == '.' ? "" : ".", name);
    else
        snprintf(text, n, "%s", *name ? name : stt);
    s->sec[s->nsec] = text;
    s->seclevel[s->nsec++] = level;
    for (int i = 0; i < s->nsec; i++)
        s->secview[i] = s->sec[i];
    return 0;
}

/* ---- public ---- */

/* gis_ogr_init sets OGR_XLSX_HEADERS=FORCE (and ODS) for the whole
 * process, and that config option wins over the HEADERS=DISABLE open
 * option, so it is overridden for this thread while the sheet is opened
 * and loaded (OGR reads a sheet when its layer is first used). */
static const char *const header_opts[] = {"OGR_XLSX_HEADERS",
                                          "OGR_ODS_HEADERS"};

static void override_headers(char **saved) {
    for (int i = 0; i < 2; i++) {
        const char *v = CPLGetThreadLocalConfigOption(header_opts[i], NULL);
        saved[i] = v ? CPLStrdup(v) : NULL;
        CPLSetThreadLocalConfigOption(header_opts[i], "DISABLE");
    }
}

static void restore_headers(char **saved) {
    for (int i = 0; i < 2; i++) {
        CPLSetThreadLocalConfigOption(header_opts[i], saved[i]);
        CPLFree(saved[i]);
    }
}

static int open_ogr(trk_sheet *s, const char *path, const char *layer,
                    gis_error *err) {
    if (!s->layer) {
        gis_error_set(err, "'%s': no sheet %s%s%s", s->display,
                      layer ? "'" : "", layer ? layer : "in it",
                      layer ? "'" : "");
        return 1;
    }
    if (!(s->sheet = strdup(OGR_L_GetName(s->layer))) ||
        (!strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(s->ds)), "XLSX") &&
         load_merges(s, path))) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    OGR_L_ResetReading(s->layer);
    return 0;
}

static int open_source(trk_sheet *s, const char *path, const char *layer,
                       gis_error *err) {
    static const char *const drivers[] = {"XLSX", "ODS", NULL};
    static const char *const options[] = {"HEADERS=DISABLE",
                                          "FIELD_TYPES=STRING", NULL};
    GByte *buf = NULL;
    vsi_l_offset size = 0;
    char *saved[2];

    CPLErrorReset();
    override_headers(saved);
    s->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                       options, NULL);
    if (s->ds) {
        s->layer = layer ? GDALDatasetGetLayerByName(s->ds, layer)
                         : GDALDatasetGetLayer(s->ds, 0);
        if (s->layer)
            OGR_L_GetLayerDefn(s->layer); /* loads the sheet */
    }
    restore_headers(saved);
    if (s->ds)
        return open_ogr(s, path, layer, err);
    if (!VSIIngestFile(NULL, path, &buf, &size, MAX_CSV)) {
        gis_error_set(err, "cannot open '%s': %s", s->display,
                      *gis_ogr_last_error() ? gis_ogr_last_error()
                                            : "cannot read it");
        return 1;
    }
    if (memchr(buf, '\0', (size_t)size)) {
        VSIFree(buf);
        gis_error_set(err,
                      "cannot open '%s': not a spreadsheet (XLSX, ODS "
                      "or CSV)",
                      s->display);
        return 1;
    }
    if (!(s->csv = malloc((size_t)size + 1))) {
        VSIFree(buf);
        goto oom;
    }
    memcpy(s->csv, buf, (size_t)size);
    s->csv[size] = '\0';
    VSIFree(buf);
    if (!strncmp(s->csv, "\xEF\xBB\xBF", 3))
        s->csv_pos = 3;
    s->csv_line = 1;
    s->sep = csv_separator(s->csv + s->csv_pos);
    if (!(s->sheet = strdup(s->display)))
        goto oom;
    return 0;
oom:
    gis_error_set(err, "out of memory");
    return 1;
}

int trk_sheet_open(trk_sheet **out, const char *path, const char *display_name,
                   const char *layer, int (*known)(const char *key, void *ctx),
                   void *ctx, gis_error *err) {
    trk_sheet *s;
    int rc, nonblank = 0;

    *out = NULL;
    gis_ogr_init();
    if (!(s = calloc(1, sizeof *s)) ||
        !(s->display = strdup(display_name ? display_name : path))) {
        free(s);
        gis_error_set(err, "out of memory");
        return 1;
    }
    if (open_source(s, path, layer, err))
        goto fail;
    while (nonblank < TRK_SHEET_HEADER_SEARCH) {
        row r;
        row *grown;
        rc = read_row(s, &r, err);
        if (rc < 0)
            goto fail;
        if (rc == 0)
            break;
        if (row_blank(&r)) {
            row_free(&r);
            continue;
        }
        grown = realloc(s->queue, (size_t)(s->nqueue + 1) * sizeof *grown);
        if (!grown) {
            row_free(&r);
            gis_error_set(err, "out of memory");
            goto fail;
        }
        s->queue = grown;
        s->queue[s->nqueue++] = r;
        nonblank++;
    }
    rc = find_header(s, known, ctx);
    if (rc < 0) {
        gis_error_set(err, "out of memory");
        goto fail;
    }
    if (rc > 0) {
        if (s->csv)
            gis_error_set(err,
                          "'%s': no header row naming the columns (such as "
                          "'Tên công trình', 'Xã', 'X', 'Y') in its first %d "
                          "rows",
                          s->display, TRK_SHEET_HEADER_SEARCH);
        else
            gis_error_set(err,
                          "'%s': no header row naming the columns (such as "
                          "'Tên công trình', 'Xã', 'X', 'Y') in the first %d "
                          "rows of sheet '%s'",
                          s->display, TRK_SHEET_HEADER_SEARCH, s->sheet);
        goto fail;
    }
    *out = s;
    return 0;
fail:
    trk_sheet_close(s);
    return 1;
}

void trk_sheet_close(trk_sheet *s) {
    if (!s)
        return;
    for (int i = 0; i < s->nqueue; i++)
        row_free(&s->queue[i]);
    free(s->queue);
    row_free(&s->cur);
    for (int i = 0; i < s->nmerges; i++)
        free(s->merges[i].value);
    free(s->merges);
    for (int i = 0; i < s->nfields; i++) {
        free(s->names[i]);
        free(s->groups[i]);
    }
    free(s->names);
    free(s->groups);
    for (int i = 0; i < s->nsec; i++)
        free(s->sec[i]);
    free(s->title);
    free(s->unit);
    free(s->sheet);
    free(s->display);
    free(s->csv);
    if (s->ds)
        GDALClose(s->ds);
    free(s);
}

const char *trk_sheet_name(const trk_sheet *s) { return s->sheet; }
int trk_sheet_header_row(const trk_sheet *s) { return s->header_row; }
int trk_sheet_header_height(const trk_sheet *s) { return s->header_height; }
int trk_sheet_field_count(const trk_sheet *s) { return s->nfields; }

const char *trk_sheet_field_name(const trk_sheet *s, int i) {
    return i >= 0 && i < s->nfields ? s->names[i] : "";
}

const char *trk_sheet_field_group(const trk_sheet *s, int i) {
    return i >= 0 && i < s->nfields ? s->groups[i] : "";
}

int trk_sheet_stt_field(const trk_sheet *s) { return s->stt; }
int trk_sheet_name_field(const trk_sheet *s) { return s->name; }
const char *trk_sheet_unit_line(const trk_sheet *s) { return s->unit; }
const char *trk_sheet_title(const trk_sheet *s) { return s->title; }

int trk_sheet_next(trk_sheet *s, gis_error *err) {
    int level = 5;
    for (;;) {
        row_free(&s->cur);
        if (s->qpos < s->nqueue) {
            s->cur = s->queue[s->qpos];
            memset(&s->queue[s->qpos++], 0, sizeof s->cur);
        } else {
            int rc = read_row(s, &s->cur, err);
            if (rc <= 0)
                return rc;
        }
        if (row_blank(&s->cur))
            continue;
        if (s->check_colnum) {
            s->check_colnum = 0;
            if (is_colnum_row(&s->cur))
                continue;
        }
        break;
    }
    s->kind = classify(s, &s->cur, &level);
    if (s->kind == TRK_SHEET_SECTION && push_section(s, &s->cur, level)) {
        gis_error_set(err, "out of memory");
        return -1;
    }
    if (s->csv)
        snprintf(s->where, sizeof s->where, "line %d", s->cur.number);
    else
        snprintf(s->where, sizeof s->where, "sheet '%s', row %d", s->sheet,
                 s->cur.number);
    return 1;
}

trk_sheet_kind trk_sheet_row_kind(const trk_sheet *s) { return s->kind; }

const char *trk_sheet_text(const trk_sheet *s, int field) {
    return cell_at(&s->cur, field);
}

const char *trk_sheet_where(const trk_sheet *s) { return s->where; }
int trk_sheet_row_number(const trk_sheet *s) { return s->cur.number; }

int trk_sheet_sections(const trk_sheet *s, const char *const **texts) {
    *texts = s->secview;
    return s->nsec;
}
