/*
 * trk_import.c: rows of any OGR source into works.
 *
 * Each row is read into a trk_work_input through the columns its header
 * names (Vietnamese and English headers, KoboToolbox and ODK Central GPS
 * columns, or --map), cleaned (TCVN3, NFD), parsed (amounts, dates,
 * categories: trk_parse), located (the file's geometry, lon/lat, VN-2000
 * X/Y, a coordinate text, else the place text through the geocoder) and
 * written through trk_work_update, which adds or brings a work up to date
 * and writes nothing when it already agrees.  Every row is tried; one bad
 * row rolls the whole file back, and the report lists every bad row.
 */
#include "trk_import.h"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gis_bulk.h"
#include "gis_coord.h"
#include "gis_geom.h"
#include "gis_reader.h"
#include "gis_text.h"
#include "trk_alloc.h"
#include "trk_category.h"
#include "trk_geocode.h"
#include "trk_money.h"
#include "trk_parse.h"
#include "trk_source.h"
#include "trk_works.h"

enum {
    F_CODE,
    F_NAME,
    F_CATEGORY,
    F_UNIT,
    F_HAMLET,
    F_PLACE,
    F_LON,
    F_LAT,
    F_X,
    F_Y,
    F_COORDS,
    F_ACCURACY,
    F_AMOUNT,
    F_BUDGET,
    F_INVESTOR,
    F_YEAR,
    F_START,
    F_END,
    F_STATUS,
    F_TYPE,
    F_NOTE,
    F_TOTAL,
    F_DISBURSED,
    F_CONTRACT_VALUE,
    N_FIELDS
};

const char *const trk_import_fields[] = {
    "code",   "name",   "category", "unit",  "hamlet",    "place",
    "lon",    "lat",    "x",        "y",     "coords",    "accuracy",
    "amount", "budget", "investor", "year",  "start",     "end",
    "status", "type",   "note",     "total", "disbursed", "contract_value",
    NULL};

/* Header keys (gis_text_key) each field answers to, most specific first;
 * a trailing '*' matches any header starting so ("Tổng mức đầu tư (triệu
 * đồng)"). */
static const char *const synonyms[N_FIELDS][12] = {
    [F_CODE] = {"macongtrinh", "macongtrinh*", "ma", "code", "workcode", 0},
    [F_NAME] = {"tencongtrinh", "tencongtrinh*", "tenduan", "ten", "name",
                "congtrinh", 0},
    [F_CATEGORY] = {"loaicongtrinh", "loaicongtrinh*", "loai", "category",
                    "hangmuc", 0},
    [F_UNIT] = {"xa", "maxa", "xaphuong", "xathitran", "donvi", "unit",
                "unitcode", 0},
    [F_HAMLET] = {"thonxom", "thon", "xom", "thonban", "hamlet", 0},
    [F_PLACE] = {"diadiem", "diadiem*", "vitri", "place", "location", 0},
    [F_LON] = {"kinhdo", "lon", "lng", "long", "longitude", 0},
    [F_LAT] = {"vido", "lat", "latitude", 0},
    [F_X] = {"x", "toadox", "x*", 0},
    [F_Y] = {"y", "toadoy", "y*", 0},
    [F_COORDS] = {"geolocation", "toado", "coordinates", "coords", 0},
    [F_ACCURACY] = {"accuracy", "dochinhxac", "gpsaccuracy", 0},
    /* Four figures offices keep apart: the year's allocation of a plan
     * line (amount), the work's total investment over every year and
     * source (total), what was paid out (disbursed) and the contract's
     * value. */
    [F_AMOUNT] = {"kehoachvon*", "khv*", "vonphanbo*", "vonbotri*", "kinhphi*",
                  "sotien*", "vondautu*", "tongvon*", "amount*", "allocation*",
                  0},
    [F_TOTAL] = {"tongmucdautu*", "tmdt*", "totalinvestment*", 0},
    [F_DISBURSED] = {"giaingan*", "luykegiaingan*", "dagiaingan*", "disbursed*",
                     0},
    [F_CONTRACT_VALUE] = {"giatrihopdong*", "contractvalue*", 0},
    [F_BUDGET] = {"nguonvon*", "duan", "budgetline", "budget", 0},
    [F_INVESTOR] = {"chudautu", "investor", 0},
    [F_YEAR] = {"nam", "namthuchien", "year", 0},
    /* Not "start"/"end": KoboToolbox names its form's timestamps so. */
    [F_START] = {"ngaykhoicong", "ngaybatdau", "startdate", 0},
    [F_END] = {"ngayhoanthanh", "ngayketthuc", "enddate", 0},
    [F_STATUS] = {"tinhtrang", "trangthai", "tiendo", "status", 0},
    [F_TYPE] = {"loaihinh", "hinhthuc", "hinhthucdautu", "worktype", "type", 0},
    [F_NOTE] = {"ghichu", "note", "notes", 0},
};

#define MAX_TEXT 400 /* longer cells are refused, not cut */

typedef struct columns {
    int idx[N_FIELDS];
    trk_money_unit unit[N_FIELDS]; /* of money columns, from the header */
} columns;

static int header_matches(const char *key, const char *syn) {
    size_t n = strlen(syn);
    if (n && syn[n - 1] == '*')
        return n > 1 && !strncmp(key, syn, n - 1);
    return !strcmp(key, syn);
}

static int ends_with(const char *s, const char *tail) {
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

/* Finds each field's column: --map first, then KoboToolbox/ODK GPS
 * columns, then the synonyms. */
static int find_columns(trk_source *r, const trk_import_opts *o, columns *c,
                        gis_error *err) {
    int n = trk_source_field_count(r), i, f, s;
    char key[128];

    for (f = 0; f < N_FIELDS; f++)
        c->idx[f] = -1;
    for (i = 0; i < n; i++) {
        const char *h = trk_source_field_name(r, i);
        /* Kobo: _<q>_latitude ...; ODK: <group>-<q>-Latitude ... */
        if (ends_with(h, "_latitude") || ends_with(h, "-Latitude"))
            c->idx[F_LAT] = i;
        else if (ends_with(h, "_longitude") || ends_with(h, "-Longitude"))
            c->idx[F_LON] = i;
        else if (ends_with(h, "_precision") || ends_with(h, "-Accuracy"))
            c->idx[F_ACCURACY] = i;
    }
    for (f = 0; f < N_FIELDS; f++)
        for (s = 0; synonyms[f][s] && c->idx[f] < 0; s++)
            for (i = 0; i < n && c->idx[f] < 0; i++) {
                /* KoboToolbox's own columns (_id, _status, _notes, ...)
                 * describe the submission, not the work. */
                const char *h = trk_source_field_name(r, i), *dash;
                if (h[0] == '_')
                    continue;
                trk_sheet_key(h, key, sizeof key);
                if (header_matches(key, synonyms[f][s]))
                    c->idx[f] = i;
                /* ODK Central names a grouped question group-question. */
                dash = strrchr(h, '-');
                if (c->idx[f] < 0 && dash && !strchr(h, ' ')) {
                    trk_sheet_key(dash + 1, key, sizeof key);
                    if (header_matches(key, synonyms[f][s]))
                        c->idx[f] = i;
                }
            }
    /* Under a two-row header the lower label may say too little alone:
     * "Kế hoạch vốn năm 2022" over "Tổng số" is the allocation. */
    for (f = 0; f < N_FIELDS; f++)
        for (s = 0; synonyms[f][s] && c->idx[f] < 0; s++)
            for (i = 0; i < n && c->idx[f] < 0; i++) {
                char both[512];
                int taken = 0;
                if (!*trk_source_field_group(r, i))
                    continue;
                for (int g = 0; g < N_FIELDS; g++)
                    taken |= c->idx[g] == i;
                snprintf(both, sizeof both, "%s %s",
                         trk_source_field_group(r, i),
                         trk_source_field_name(r, i));
                trk_sheet_key(both, key, sizeof key);
                if (!taken && header_matches(key, synonyms[f][s]))
                    c->idx[f] = i;
            }
    for (const char *const *m = o->maps; m && *m; m++) {
        const char *eq = strchr(*m, '=');
        int found = -1;
        for (f = 0; eq && trk_import_fields[f]; f++)
            if (strlen(trk_import_fields[f]) == (size_t)(eq - *m) &&
                !strncmp(*m, trk_import_fields[f], (size_t)(eq - *m)))
                found = f;
        if (found < 0) {
            gis_error_set(err,
                          "--map '%s': not FIELD=COLUMN with a field "
                          "such as name, category, unit, lon, lat",
                          *m);
            return 1;
        }
        c->idx[found] = trk_source_field_index(r, eq + 1);
        /* A column mapped by hand serves that field only. */
        for (f = 0; f < N_FIELDS && c->idx[found] >= 0; f++)
            if (f != found && c->idx[f] == c->idx[found])
                c->idx[f] = -1;
        if (c->idx[found] < 0) {
            gis_error_set(err, "--map '%s': the file has no column '%s'", *m,
                          eq + 1);
            return 1;
        }
    }
    if (c->idx[F_NAME] < 0) {
        gis_error_set(err,
                      "the file has no column for the work's name (such as "
                      "'Tên công trình' or 'name'); give --map name=COLUMN");
        return 1;
    }
    /* A money column's unit: its header's, else the label over it, else
     * the sheet's "Đơn vị tính: triệu đồng" line. */
    for (f = 0; f < N_FIELDS; f++) {
        const trk_sheet *sh = trk_source_sheet(r);
        c->unit[f] = TRK_MONEY_UNIT_NONE;
        if (c->idx[f] < 0)
            continue;
        c->unit[f] =
            trk_money_unit_of_header(trk_source_field_name(r, c->idx[f]));
        if (c->unit[f] == TRK_MONEY_UNIT_NONE)
            c->unit[f] =
                trk_money_unit_of_header(trk_source_field_group(r, c->idx[f]));
        if (c->unit[f] == TRK_MONEY_UNIT_NONE && sh)
            c->unit[f] = trk_money_unit_of_header(trk_sheet_unit_line(sh));
    }
    return 0;
}

/* Does the header key name a column the importer reads?  Tells a sheet's
 * header row from the title rows above it. */
static int known_header(const char *key, void *ctx) {
    (void)ctx;
    if (!strcmp(key, "wkt") || ends_with(key, "latitude") ||
        ends_with(key, "longitude"))
        return 1;
    for (int f = 0; f < N_FIELDS; f++)
        for (int s = 0; synonyms[f][s]; s++)
            if (header_matches(key, synonyms[f][s]))
                return 1;
    return 0;
}

/* One row's state: its cleaned texts (freed with the row), its report. */
typedef struct row {
    trk_source *r;
    const columns *c;
    trk_import_cb cb;
    void *ctx;
    trk_import_stats *stats;
    char code[96];
    int bad;
    int strict_utf8;
    char *cell[N_FIELDS]; /* cleaned texts, read once per row */
    char read[N_FIELDS];
    int tcvn3;
    int64_t money[N_FIELDS]; /* amounts read, in VND, for the totals */
    const char *layer;       /* a KML folder's name, NULL for flat files */
    char where[224]; /* "placemark 'Chợ Quân Chu'", or "" for the reader's */
} row;

/* The length of s's longest prefix of at most max bytes that ends on a
 * character boundary, so a cut never splits a UTF-8 sequence. */
static int utf8_prefix(const char *s, size_t max) {
    size_t n = strnlen(s, max), p = n, want;
    unsigned char lead;
    /* Back over the continuation bytes to the last sequence's lead. */
    while (p > 0 && n - p < 4 && ((unsigned char)s[p - 1] & 0xC0) == 0x80)
        p--;
    if (p == 0)
        return (int)n;
    lead = (unsigned char)s[p - 1];
    want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return (int)(p - 1 + want <= n ? n : p - 1);
}

static void report(row *w, const char *action, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(row *w, const char *action, const char *field,
                   const char *fmt, ...) {
    char msg[768];
    va_list ap;
    trk_import_row out;
    if (!strcmp(action, "error")) {
        w->bad = 1;
        w->stats->errors++;
    } else if (!strcmp(action, "warning")) {
        w->stats->warnings++;
    }
    if (!w->cb)
        return;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
        msg[utf8_prefix(msg, sizeof msg - 1)] = '\0';
    va_end(ap);
    out.where = *w->where ? w->where : trk_source_where(w->r);
    out.code = w->code;
    out.action = action;
    out.field = field;
    out.message = msg;
    w->cb(&out, w->ctx);
}

/* The cleaned text of field f, NULL when the row leaves it empty; a
 * broken, formula or overlong cell is a row error. */
static const char *text(row *w, int f) {
    const char *raw;
    char *clean = NULL;
    int rc;
    if (w->read[f])
        return w->cell[f];
    w->read[f] = 1;
    if (w->c->idx[f] < 0)
        return NULL;
    raw = trk_source_text(w->r, w->c->idx[f]);
    while (*raw == ' ' || *raw == '\t')
        raw++;
    if (!*raw)
        return NULL;
    if (w->strict_utf8 && gis_text_encoding(raw) < 0) {
        report(w, "error", trk_import_fields[f],
               "broken UTF-8 (bytes that are no character) in a UTF-8 file");
        return NULL;
    }
    rc = gis_text_clean(raw, &clean);
    if (rc < 0) {
        free(clean);
        report(w, "error", trk_import_fields[f],
               "not UTF-8 text (nor legacy TCVN3): save the file as UTF-8");
        return NULL;
    }
    if (rc == 1)
        w->tcvn3 = 1;
    if (clean[0] == '=') {
        report(w, "error", trk_import_fields[f],
               "'%.40s' is a spreadsheet formula, not a value: export the "
               "values",
               clean);
        free(clean);
        return NULL;
    }
    if (strlen(clean) > MAX_TEXT) {
        report(w, "error", trk_import_fields[f],
               "%zu bytes is longer than the %d a cell may hold", strlen(clean),
               MAX_TEXT);
        free(clean);
        return NULL;
    }
    return w->cell[f] = clean;
}

static int number(row *w, int f, double *out) {
    const char *t = text(w, f);
    char buf[64], *end;
    if (!t)
        return 0;
    /* "105,64": a decimal comma, as Vietnamese spreadsheets write it. */
    snprintf(buf, sizeof buf, "%s", t);
    if (!strchr(buf, '.') && strchr(buf, ',') == strrchr(buf, ','))
        for (char *p = buf; *p; p++)
            if (*p == ',')
                *p = '.';
    *out = strtod(buf, &end);
    if (end == buf || *end || !isfinite(*out)) {
        report(w, "error", trk_import_fields[f], "'%s' is not a number", t);
        return 0;
    }
    return 1;
}

/* A money cell of field f in whole VND: 1 with *vnd set, 0 when the cell
 * is empty or bad (reported).  The unit is the cell's own, else its
 * column header's. */
static int money(row *w, int f, int64_t *vnd) {
    const char *t = text(w, f);
    char why[256];
    if (!t)
        return 0;
    if (trk_parse_amount(t, w->c->unit[f], vnd, why, sizeof why)) {
        report(w, "error", trk_import_fields[f], "%s", why);
        return 0;
    }
    w->money[f] = *vnd;
    return 1;
}

/* Folded words contain any of the phrases. */
static int says(const char *words, const char *const *phrases) {
    for (; *phrases; phrases++)
        if (strstr(words, *phrases))
            return 1;
    return 0;
}

static const char *status_of(const char *t) {
    char w[256];
    gis_text_fold(t, w, sizeof w);
    if (says(w, (const char *const[]){"hoan thanh", "da xong", "completion",
                                      "nghiem thu", NULL}))
        return "completion";
    if (says(w, (const char *const[]){"dang thi cong", "dang thuc hien",
                                      "thi cong", "implementation", NULL}))
        return "implementation";
    if (says(w, (const char *const[]){"chuan bi", "preparation", NULL}))
        return "preparation";
    if (says(w, (const char *const[]){"huy", "cancel", NULL}))
        return "cancelled";
    if (says(w,
             (const char *const[]){"van hanh", "bao tri", "maintenance", NULL}))
        return "maintenance";
    if (says(w, (const char *const[]){"chu truong", "xac dinh",
                                      "identification", "de xuat", NULL}))
        return "identification";
    return NULL;
}

static int says_unknown(const char *t) {
    char w[64];
    gis_text_fold(t, w, sizeof w);
    return !strcmp(w, "unknown") || !strcmp(w, "chua ro") ||
           !strcmp(w, "khong ro");
}

static const char *work_type_of(const char *t) {
    static const char *const ids[] = {"new",         "upgrade",  "repair",
                                      "maintenance", "existing", NULL};
    char w[256];
    /* The tracker's own exports write the ids. */
    for (const char *const *id = ids; *id; id++)
        if (!strcmp(t, *id))
            return *id;
    gis_text_fold(t, w, sizeof w);
    if (says(w, (const char *const[]){"xay moi", "lam moi", "new", NULL}))
        return "new";
    if (says(w, (const char *const[]){"nang cap", "cai tao", "mo rong",
                                      "upgrade", NULL}))
        return "upgrade";
    if (says(w, (const char *const[]){"sua chua", "repair", NULL}))
        return "repair";
    if (says(w,
             (const char *const[]){"duy tu", "bao duong", "maintenance", NULL}))
        return "maintenance";
    if (says(w, (const char *const[]){"hien co", "existing", NULL}))
        return "existing";
    return NULL;
}

/* The number right after marker (not preceded by the letter skip, so
 * "duan" inside "tieuduan" does not count), or 0. */
static int number_after(const char *key, const char *marker, char skip) {
    const char *p = key;
    size_t m = strlen(marker);
    while ((p = strstr(p, marker))) {
        if ((p == key || p[-1] != skip) && p[m] >= '0' && p[m] <= '9')
            return atoi(p + m);
        p += m;
    }
    return 0;
}

/* "Dự án 4 - Tiểu dự án 1", "DA4-TDA1", "da4-tda1" name a plan line; a
 * source alone ("NSTW", "Ngân sách địa phương") fills the funding. */
static int budget_of(const char *t, char *line, size_t n, const char **src) {
    char key[1024];
    int da, tda;
    gis_text_key(t, key, sizeof key);
    *src = strstr(key, "nstw") || strstr(key, "trunguong") ? "central"
           : strstr(key, "nsdp") || strstr(key, "diaphuong") ||
                   strstr(key, "ngansachtinh") ||
                   strstr(key, "ngansachhuyen") || strstr(key, "ngansachxa")
               ? "local"
               : NULL;
    tda = number_after(key, "tieuduan", 0);
    if (!tda)
        tda = number_after(key, "tda", 0);
    da = number_after(key, "duan", 'u');
    if (!da)
        da = number_after(key, "da", 't');
    line[0] = '\0';
    if (da > 0 && tda > 0)
        snprintf(line, n, "da%d-tda%d", da, tda);
    else if (da > 0)
        snprintf(line, n, "da%d", da);
    return da > 0 || *src != NULL;
}

/* A code for rows that give none, stable across re-imports of the row:
 * made from its name, unit and place as keys. */
static void derived_code(const char *name, const char *unit, const char *place,
                         char *out, size_t n) {
    char text[512], key[512];
    unsigned long h = 1469598103934665603UL;
    snprintf(text, sizeof text, "%s|%s|%s", name, unit ? unit : "",
             place ? place : "");
    gis_text_key(text, key, sizeof key);
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211UL;
    snprintf(out, n, "AUTO-%08lX", h & 0xFFFFFFFFUL);
}

/* Category cells repeat a handful of texts down a whole file; each is
 * read once. */
#define CATEGORY_MEMO 32
#define UNIT_MEMO 128

typedef struct importer {
    int strict_utf8; /* the file is UTF-8: a broken byte is an error */
    long total;      /* rows in the layers read so far, for progress */
    gis_db *db;
    const trk_import_opts *o;
    trk_geocoder *g;
    gis_polyindex *units; /* in force on as_of */
    int no_works_before;  /* the database held no works: every row is new */
    const char *as_of;
    const char *path;      /* the user's file, for messages */
    const char *read_path; /* what OGR reads: path, or a UTF-8 copy */
    int told_contract_value;
    int told_source_only;
    /* What a sheet's sections say of the works below them. */
    char sec_line[32];  /* a plan line, or "" */
    char sec_said[512]; /* what the last section row's note said */
    const char *sec_category;
    const char *sec_source;
    int sec_year;
    int title_year; /* "... NĂM 2022" above the header */
    /* Money of the works read, for the total rows: the sheet's and the
     * group's since the last section or total row. */
    int64_t sum_sheet[N_FIELDS], sum_group[N_FIELDS];
    long works_sheet, works_group;
    int folders;    /* the layers are a KML's folders */
    int named_rows; /* rows are placemarks or waypoints known by name */
    char *memo_text[CATEGORY_MEMO];
    const char *memo_id[CATEGORY_MEMO];
    int nmemo;
    char *unit_memo_text[UNIT_MEMO];
    int64_t unit_memo_id[UNIT_MEMO];
    int nunit_memo;
} importer;

/* The geocoder, opened on first use: a file of coordinates never needs
 * its gazetteer. */
static trk_geocoder *geocoder(importer *im, gis_error *err) {
    if (!im->g && trk_geocoder_open(&im->g, im->db, err))
        return NULL;
    return im->g;
}

static const char *category_of(importer *im, const char *t) {
    const char *id;
    for (int i = 0; i < im->nmemo; i++)
        if (!strcmp(im->memo_text[i], t))
            return im->memo_id[i];
    id = trk_parse_category(t, im->o->value_maps);
    if (im->nmemo < CATEGORY_MEMO && (im->memo_text[im->nmemo] = strdup(t)))
        im->memo_id[im->nmemo++] = id;
    return id;
}

/* The unit the row names, by code or by name; 0 when the row names
 * none, -1 when it names one that cannot be resolved (reported). */
static int64_t resolve_unit(importer *im, row *w, const char *t);

/* A sheet names a few dozen units down thousands of rows: each text is
 * resolved once.  Only units found are kept, so every row that names an
 * unknown one is reported. */
static int64_t unit_of_row(importer *im, row *w, const char *t) {
    int64_t id;
    for (int i = 0; i < im->nunit_memo; i++)
        if (!strcmp(im->unit_memo_text[i], t))
            return im->unit_memo_id[i];
    id = resolve_unit(im, w, t);
    if (id > 0 && im->nunit_memo < UNIT_MEMO &&
        (im->unit_memo_text[im->nunit_memo] = strdup(t)))
        im->unit_memo_id[im->nunit_memo++] = id;
    return id;
}

static int64_t resolve_unit(importer *im, row *w, const char *t) {
    char digits[16];
    size_t n = 0;
    int64_t id = 0;
    gis_error err;
    for (const char *p = t; *p && n + 1 < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    if (n >= 4 && n == strspn(t, "0123456789 ")) {
        char code[8];
        snprintf(code, sizeof code, "%05d", atoi(digits));
        if (trk_unit_resolve(im->db, code, im->as_of, &id, &err)) {
            report(w, "error", "unit", "%s", err.msg);
            return -1;
        }
        return id;
    }
    {
        trk_geo_result res;
        char q[512];
        /* A bare name is a unit's: "La Bằng" is the commune. */
        snprintf(q, sizeof q, "%s", t);
        if (!geocoder(im, &err) ||
            trk_geocode(im->g, q, im->as_of, 0, &res, &err)) {
            report(w, "error", "unit", "%s", err.msg);
            return -1;
        }
        if (res.status == TRK_GEO_FOUND &&
            !strcmp(res.hits[0].feature_type, "unit"))
            return res.hits[0].unit_id;
        report(w, "error", "unit", "'%s' is not a unit in force on %s%s%s", t,
               im->as_of, *res.note ? ": " : "", res.note);
        return -1;
    }
}

/* X/Y columns holding a phone's decimal degrees (Vietnam lies within
 * 8-24 N, 102-110 E), in either order: taken as latitude and longitude,
 * with a warning.  1 when they were. */
static int xy_degrees(row *w, double x, double y, trk_work_input *in) {
    int lat_first = gis_coord_in_vietnam(y, x);
    int lon_first = gis_coord_in_vietnam(x, y);
    if (!lat_first && !lon_first)
        return 0;
    in->has_point = 1;
    in->lat = lat_first ? x : y;
    in->lon = lat_first ? y : x;
    report(w, "warning", "x",
           "X %.6f and Y %.6f are degrees, not VN-2000 metres: read as "
           "latitude %.6f, longitude %.6f",
           x, y, in->lat, in->lon);
    return 1;
}

/* Reads the row's location into in: the file's own geometry, lon/lat,
 * X/Y in a CRS, or a coordinate text.  Returns 1 when it found one. */
static int location_of(importer *im, row *w, trk_work_input *in,
                       char **line_wkt) {
    int bad_wkt;
    OGRGeometryH g = trk_source_geometry(w->r, &bad_wkt);
    double lon, lat, x, y;
    const char *coords;
    gis_coord c;
    gis_error err;

    if (bad_wkt) {
        report(w, "error", "geometry", "its WKT is not a geometry");
        return 0;
    }
    if (g && !OGR_G_IsEmpty(g)) {
        OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
        /* Google Earth writes lon,lat,0: the altitude is not the site's
         * and the layers are 2D. */
        OGR_G_FlattenTo2D(g);
        if (t == wkbPolygon || t == wkbMultiPolygon) {
            /* A site drawn as an area: the work stands at a point inside
             * it, and keeps its area. */
            OGRGeometryH inside = OGR_G_PointOnSurface(g);
            if (!inside || OGR_G_IsEmpty(inside)) {
                if (inside)
                    OGR_G_DestroyGeometry(inside);
                report(w, "error", "geometry",
                       "cannot find a point inside its polygon");
                return 0;
            }
            in->has_point = 1;
            in->lon = OGR_G_GetX(inside, 0);
            in->lat = OGR_G_GetY(inside, 0);
            in->site_area_m2 = gis_geodesic_area_m2(g);
            OGR_G_DestroyGeometry(inside);
            report(w, "warning", "geometry",
                   "a polygon of %.0f m²: the work is placed at a point "
                   "inside it and keeps its area",
                   in->site_area_m2);
            return 1;
        }
        if (t == wkbPoint) {
            in->has_point = 1;
            in->lon = OGR_G_GetX(g, 0);
            in->lat = OGR_G_GetY(g, 0);
            return 1;
        }
        if (t == wkbLineString || t == wkbMultiLineString) {
            OGRGeometryH part = t == wkbLineString ? g
                                                   : OGR_G_GetGeometryRef(g, 0),
                         mid;
            if (OGR_G_ExportToWkt(g, line_wkt) != OGRERR_NONE) {
                report(w, "error", "geometry", "cannot read its line");
                return 0;
            }
            in->line = *line_wkt;
            /* Half-way along, to find the unit the line lies in. */
            if (part && (mid = OGR_G_Value(part, OGR_G_Length(part) / 2))) {
                in->lon = OGR_G_GetX(mid, 0);
                in->lat = OGR_G_GetY(mid, 0);
                OGR_G_DestroyGeometry(mid);
            }
            return 1;
        }
        report(w, "error", "geometry",
               "a %s is not a point, a line or an area (works are sites, "
               "lines or site areas)",
               OGR_G_GetGeometryName(g));
        return 0;
    }
    if (g && OGR_G_IsEmpty(g) && w->c->idx[F_LON] < 0 && w->c->idx[F_X] < 0 &&
        w->c->idx[F_COORDS] < 0 && w->c->idx[F_PLACE] < 0) {
        report(w, "error", "geometry", "the geometry is empty");
        return 0;
    }
    if (w->c->idx[F_LON] >= 0 && w->c->idx[F_LAT] >= 0 &&
        (text(w, F_LON) || text(w, F_LAT))) {
        if (number(w, F_LON, &lon) && number(w, F_LAT, &lat)) {
            in->has_point = 1;
            in->lon = lon;
            in->lat = lat;
            return 1;
        }
        if (!w->bad)
            report(w, "error", "lon", "a longitude and a latitude go together");
        return 0;
    }
    if (w->c->idx[F_X] >= 0 && w->c->idx[F_Y] >= 0 &&
        (text(w, F_X) || text(w, F_Y))) {
        char xy[96];
        const char *crs = im->o->crs;
        if (!number(w, F_X, &x) || !number(w, F_Y, &y))
            return 0;
        if (!crs && xy_degrees(w, x, y, in))
            return 1;
        /* Surveyors' VN-2000 X (northing, ~2.39e6 here) and Y (easting,
         * ~4.1e5): read in Thái Nguyên's TM-3 zone unless told. */
        if (!crs && x > 1e5 && x < 9e5 && y > 1e6 && y < 3e6) {
            report(w, "warning", "x",
                   "X %.3f and Y %.3f are swapped (X is the northing, about "
                   "2,400,000 here): read as X %.3f, Y %.3f",
                   x, y, y, x);
            double t = x;
            x = y;
            y = t;
        }
        if (!crs && x > 1e6 && x < 3e6 && y > 1e5 && y < 9e5)
            crs = "VN2000-TM3-10630";
        if (!crs) {
            report(w, "error", "x",
                   "X/Y %.3f %.3f: give the CRS with --crs (e.g. "
                   "VN2000-TM3-10630)",
                   x, y);
            return 0;
        }
        snprintf(xy, sizeof xy, "%.4f %.4f", x, y);
        if (gis_coord_parse(xy, crs, &c, &err)) {
            report(w, "error", "x", "%s", err.msg);
            return 0;
        }
        in->has_point = 1;
        in->lon = c.lon;
        in->lat = c.lat;
        return 1;
    }
    if ((coords = text(w, F_COORDS))) {
        char buf[128];
        size_t n = 0;
        /* Kobo writes "[21.63, 105.64]". */
        for (const char *p = coords; *p && n + 1 < sizeof buf; p++)
            if (*p != '[' && *p != ']')
                buf[n++] = *p;
        buf[n] = '\0';
        if (gis_coord_parse(buf, im->o->crs, &c, &err)) {
            report(w, "error", "coords", "%s", err.msg);
            return 0;
        }
        in->has_point = 1;
        in->lon = c.lon;
        in->lat = c.lat;
        return 1;
    }
    return 0;
}

/* Metres from the point to the nearest unit polygon when that is
 * clearly beyond the outline's tolerance, else 0 (near or inside: the
 * exact test on the outline itself decides). */
static double outside_units(importer *im, double lon, double lat) {
    double d = gis_polyindex_distance_m(im->units, lon, lat);
    return d > TRK_OUTLINE_TOLERANCE_M + 1000 ? d : 0;
}

/* The file's name without its directory: the same file read from
 * elsewhere is the same source. */
static const char *file_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A code twice in one file is an error: which row should win? */
static int first_time_in_file(importer *im, row *w) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_stmt(im->db, &st,
                    "INSERT INTO temp.import_code VALUES (?1, ?2) ON"
                    " CONFLICT DO NOTHING",
                    NULL))
        return 0;
    sqlite3_bind_text(st, 1, w->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, *w->where ? w->where : trk_source_where(w->r), -1,
                      SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE && sqlite3_changes(im->db->handle) == 0) {
        char where[64] = "";
        if (!gis_db_stmt(im->db, &st,
                         "SELECT row_where FROM temp.import_code WHERE"
                         " code = ?1",
                         NULL)) {
            sqlite3_bind_text(st, 1, w->code, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                snprintf(where, sizeof where, "%s", sqlite3_column_text(st, 0));
            sqlite3_reset(st);
        }
        report(w, "error", "code",
               "code '%s' appears twice in the file (first at %s)", w->code,
               where);
        return 1;
    }
    return 0;
}

/* Reads, checks and writes one row. */
static void import_row(importer *im, row *w) {
    trk_work_input in = {0};
    const char *t, *unit_text, *place, *hamlet, *src = NULL;
    char line_buf[64], date_s[11], date_e[11], why[256], note[512];
    char source[512];
    char *line_wkt = NULL;
    int64_t unit = 0, unit_here = 0;
    int located, changed;
    trk_geo_result res;
    trk_geo_hit hit;
    gis_error err;

    /* The code first, so every message about the row can name it. */
    t = text(w, F_CODE);
    if (t)
        snprintf(w->code, sizeof w->code, "%s", t);
    in.name = text(w, F_NAME);
    unit_text = text(w, F_UNIT);
    place = text(w, F_PLACE);
    hamlet = text(w, F_HAMLET);
    if (!t && in.name)
        derived_code(in.name, unit_text, place ? place : hamlet, w->code,
                     sizeof w->code);
    if (!in.name) {
        if (!w->bad)
            report(w, "error", "name", "the work has no name");
        return;
    }
    in.code = w->code;
    if ((t = text(w, F_CATEGORY))) {
        in.category = category_of(im, t);
        if (!in.category)
            report(w, "error", "category",
                   "category '%s' is not known; add --map-value '%s=ID' with "
                   "an id such as rural_road",
                   t, t);
    } else if ((in.category = im->sec_category)) {
        /* The section row above said so, and the report told it there. */
    } else if ((in.category = category_of(im, in.name))) {
        /* Google Earth placemarks carry a name and little else: "Nhà văn
         * hóa xóm Đồng Kem" says what it is. */
        report(w, "warning", "category", "category %s taken from the name",
               in.category);
    } else if (w->layer && (in.category = category_of(im, w->layer))) {
        report(w, "warning", "category",
               "category %s taken from the folder '%s'", in.category, w->layer);
    } else {
        report(w, "error", "category",
               "the work has no category (no category column, and neither "
               "its name nor its folder says one)");
    }
    if (money(w, F_AMOUNT, &in.amount_vnd))
        in.budget_line = "";
    if (money(w, F_TOTAL, &in.total_investment_vnd) &&
        in.total_investment_vnd == 0)
        in.total_investment_vnd = -1; /* "0" is no total: refused below */
    if (in.total_investment_vnd < 0)
        report(w, "error", "total", "a total investment of 0 is no total");
    if (money(w, F_DISBURSED, &in.disbursed_vnd))
        in.has_disbursed = 1;
    if (text(w, F_CONTRACT_VALUE) && !im->told_contract_value) {
        im->told_contract_value = 1;
        report(w, "warning", "contract_value",
               "the contract value column is not imported: record contracts "
               "with 'tracker contract add' (it is never taken as an "
               "allocation)");
    }
    if ((t = text(w, F_BUDGET))) {
        if (!budget_of(t, line_buf, sizeof line_buf, &src))
            report(w, "error", "budget",
                   "'%s' names no budget line (such as 'Dự án 4 - Tiểu dự "
                   "án 1' or da4-tda1) nor a source (NSTW, NSĐP)",
                   t);
        in.funding_source = src;
        if (*line_buf)
            in.budget_line = line_buf;
    }
    if (!in.funding_source)
        in.funding_source = im->sec_source;
    /* An amount without a line of its own goes to its section's line,
     * else to the line that funds the category. */
    if (in.budget_line && !*in.budget_line && *im->sec_line)
        in.budget_line = im->sec_line;
    if (in.budget_line && !*in.budget_line) {
        const trk_category *cat =
            in.category ? trk_category_find(in.category) : NULL;
        in.budget_line = cat ? cat->budget_line : NULL;
        /* "NSĐP" says who pays, not which line of the plan: say where the
         * money went, once. */
        if (in.budget_line && in.funding_source && !im->told_source_only) {
            im->told_source_only = 1;
            report(w, "warning", "budget",
                   "the row names a source (%s) but no plan line: its "
                   "allocation goes to line %s, which funds %s (so do "
                   "later such rows); give a column such as 'Dự án' to "
                   "say otherwise",
                   in.funding_source, in.budget_line, in.category);
        }
    }
    if (in.budget_line && w->c->idx[F_AMOUNT] >= 0 && !text(w, F_AMOUNT))
        in.budget_line = NULL; /* a line without an amount allocates none */
    if ((t = text(w, F_YEAR))) {
        char *end;
        long y = strtol(t, &end, 10);
        if (*end || y < 1990 || y > 2100)
            report(w, "error", "year", "'%s' is not a year", t);
        else
            in.year = (int)y;
    }
    if (!in.year)
        in.year = im->sec_year ? im->sec_year : im->title_year;
    if ((t = text(w, F_START))) {
        if (trk_parse_date(t, date_s, why, sizeof why))
            report(w, "error", "start", "%s", why);
        else
            in.start_date = date_s;
    }
    if ((t = text(w, F_END))) {
        if (trk_parse_date(t, date_e, why, sizeof why))
            report(w, "error", "end", "%s", why);
        else
            in.end_date = date_e;
    }
    if ((t = text(w, F_STATUS)) && !(in.status = status_of(t)))
        report(w, "error", "status",
               "status '%s' is not known (Chuẩn bị đầu tư, Đang thi công, "
               "Hoàn thành, ...)",
               t);
    in.status_date =
        in.end_date && in.status && !strcmp(in.status, "completion")
            ? in.end_date
            : in.start_date;
    /* "unknown" (an export's) or "Chưa rõ" says nothing: the work keeps
     * what it has. */
    if ((t = text(w, F_TYPE)) && !says_unknown(t) &&
        !(in.work_type = work_type_of(t)))
        report(w, "error", "type",
               "work type '%s' is not known (Xây mới, Nâng cấp, Sửa "
               "chữa, Duy tu)",
               t);
    in.investor = text(w, F_INVESTOR);
    in.note = text(w, F_NOTE);
    in.hamlet = hamlet;
    in.place = place ? place : hamlet;
    if (w->c->idx[F_ACCURACY] >= 0 && text(w, F_ACCURACY)) {
        double acc;
        if (number(w, F_ACCURACY, &acc) && acc > 0)
            in.gps_accuracy_m = acc;
    }

    if (unit_text && (unit = unit_of_row(im, w, unit_text)) < 0)
        return;
    located = location_of(im, w, &in, &line_wkt);
    if (w->bad)
        goto done;
    if (located) {
        snprintf(note, sizeof note, "%s, %s", file_name(im->path),
                 trk_source_where(w->r));
        in.location_source = "file";
        in.location_note = note;
        in.precision_code = 1;
        unit_here = gis_polyindex_find(im->units, in.lon, in.lat);
        in.in_unit_polygon = in.has_point && unit_here;
        if (!unit)
            unit = unit_here;
    } else if (in.place) {
        /* Words only: the geocoder, inside the row's unit when named. */
        if (!geocoder(im, &err) ||
            trk_geocode(im->g, in.place, im->as_of, unit > 0 ? unit : 0, &res,
                        &err)) {
            report(w, "error", "place", "%s", err.msg);
            goto done;
        }
        if (res.status == TRK_GEO_AMBIGUOUS) {
            report(w, "error", "place", "%s", res.note);
            goto done;
        }
        if (res.status == TRK_GEO_FOUND && res.hits[0].has_point) {
            in.has_point = 1;
            in.lon = res.hits[0].lon;
            in.lat = res.hits[0].lat;
            in.precision_code = res.hits[0].precision;
            if (!strcmp(res.hits[0].feature_type, "hamlet"))
                in.hamlet_id = res.hits[0].feature_id;
            if (!unit)
                unit = res.hits[0].unit_id;
            snprintf(note, sizeof note, "%s '%s' (%s): %s",
                     res.hits[0].feature_type, res.hits[0].matched,
                     res.hits[0].how, res.hits[0].point_source);
            in.location_source = "gazetteer";
            in.location_note = note;
            in.location_is_guess = 1;
        } else if (unit > 0 && trk_geocode_unit_point(im->g, unit, &hit)) {
            /* Words that match nothing still leave the work in its unit:
             * at its seat or centre, with the precision that says so. */
            in.has_point = 1;
            in.lon = hit.lon;
            in.lat = hit.lat;
            in.precision_code = hit.precision;
            in.in_unit_polygon = 0;
            snprintf(note, sizeof note, "'%s' matched no place: %s of %s",
                     in.place, hit.point_source, hit.unit_name);
            in.location_source = "gazetteer";
            in.location_note = note;
            in.location_is_guess = 1;
            report(w, "warning", "place",
                   "'%s' matches no hamlet or place of %s: placed at its %s "
                   "(precision %d)",
                   in.place, hit.unit_name,
                   hit.precision == 8 ? "seat" : "centre", hit.precision);
        }
    }
    /* A point from the gazetteer is found in the units' polygons as the
     * file's own points are: the outline test and the distance to the
     * named unit (SQL over the whole polygon) are then not needed. */
    if (!located && in.has_point) {
        unit_here = gis_polyindex_find(im->units, in.lon, in.lat);
        in.in_unit_polygon = unit_here != 0;
    }
    if (!located && !in.place) {
        report(w, "error", "location",
               "no location: no geometry, no coordinates and no place text "
               "(Thôn/xóm, Địa điểm)");
        goto done;
    }
    /* A point in no unit's polygon and clearly past the outline (the
     * union of those polygons) is refused here, in memory: the outline's
     * SQL distance test costs milliseconds a row, and a file with
     * thousands of such rows is refused as fast as one is accepted. */
    if (in.has_point && !unit_here && !in.line &&
        !trk_check_lonlat(in.lon, in.lat, "point", &err) &&
        trk_check_outside(outside_units(im, in.lon, in.lat), in.lon, in.lat,
                          "point", &err)) {
        report(w, "error", "location", "%s", err.msg);
        goto done;
    }
    if (!unit) {
        report(w, "error", "unit",
               "no unit: name it in a column such as 'Xã' or give a point "
               "inside the district");
        goto done;
    }
    in.unit_id = unit;
    snprintf(source, sizeof source, "import of '%s', %s", file_name(im->path),
             *w->where ? w->where : trk_source_where(w->r));
    in.change_source = source;
    in.caller_rolls_back = 1; /* any error fails the file */
    in.known_new = im->no_works_before;
    if (first_time_in_file(im, w))
        goto done;
    if (trk_work_update(im->db, &in, &changed, &err)) {
        /* The checks name their field first: "point: ...", "line: ...". */
        report(w, "error",
               !strncmp(err.msg, "point", 5)       ? "location"
               : !strncmp(err.msg, "line", 4)      ? "geometry"
               : !strncmp(err.msg, "amount", 6)    ? "amount"
               : !strncmp(err.msg, "disbursed", 9) ? "disbursed"
               : !strncmp(err.msg, "total", 5)     ? "total"
                                                   : "",
               "%s", err.msg);
        goto done;
    }
    if (unit_text && in.has_point && unit != unit_here) {
        double off = trk_work_outside_m(im->db, unit, in.lon, in.lat);
        if (off > 0)
            report(w, "warning", "unit",
                   "the point lies %.1f km outside the (approximate) polygon "
                   "of the unit the row names",
                   off / 1000);
    }
    if (w->tcvn3)
        report(w, "warning", "", "text converted from TCVN3");
    if (changed == TRK_WORK_ADDED) {
        w->stats->added++;
        report(w, "add", "", "%s", in.name);
    } else if (changed) {
        w->stats->updated++;
        report(w, "update", "", "%s", in.name);
    } else {
        w->stats->unchanged++;
        report(w, "unchanged", "", "already up to date");
    }
done:
    CPLFree(line_wkt);
}

/* The file's allocations as a whole meet the plan's caps, as each one
 * given to `tracker allocate` does: past them the file is refused with
 * the figures, or with --force the file's allocations on those lines are
 * recorded as overrides. */
static int caps(importer *im, gis_error *err) {
    char over[1024];
    sqlite3_stmt *st = NULL;
    int rc;
    if (trk_alloc_batch_over(im->db, over, sizeof over, err))
        return 1;
    if (!*over)
        return 0;
    if (!im->o->force) {
        gis_error_set(err,
                      "'%s': its allocations would pass the plan: %s; "
                      "nothing was written (--force records an override)",
                      im->path, over);
        return 1;
    }
    if (gis_db_stmt(im->db, &st,
                    "UPDATE allocation SET forced = 1, override_note = ?1,"
                    " recorded_by = ?2, recorded_at = strftime("
                    "'%Y-%m-%dT%H:%M:%SZ', 'now') WHERE instr(?1, 'line ' ||"
                    " budget_line_id || ',') > 0 AND work_id IN (SELECT id"
                    " FROM work WHERE code IN (SELECT code FROM"
                    " temp.import_code))",
                    err))
        return 1;
    sqlite3_bind_text(st, 1, over, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, trk_recorder(NULL), -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "database error: %s",
                      sqlite3_errmsg(im->db->handle));
        return 1;
    }
    return 0;
}

/* A text file holding any valid multi-byte UTF-8 is UTF-8: then a broken
 * byte is damage, not legacy TCVN3 (which holds no valid sequences). */
static int file_is_utf8(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    int kind = 0;
    if (!f)
        return 0;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        size_t got = fread(buf, 1, (size_t)n, f);
        buf[got] = '\0';
        kind = gis_text_encoding(buf);
        free(buf);
    }
    fclose(f);
    return kind == 0 || kind == -2;
}

/* A file named as a text table (.csv, .txt, .tsv). */
static int text_table(const char *path) {
    const char *dot = strrchr(path, '.');
    return dot && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".txt") ||
                   !strcasecmp(dot, ".tsv"));
}

/* A CSV in another encoding than UTF-8 (Vietnamese Excel saves
 * Windows-1258, older offices TCVN3, some tools UTF-16) is read from a
 * UTF-8 NFC copy in GDAL's memory files; the user is told.  0, or 1 when
 * the encoding cannot be told (err). */
static int decode_csv(importer *im, char *vsi, size_t vsisize, trk_import_cb cb,
                      void *ctx, trk_import_stats *stats, gis_error *err) {
    FILE *f = fopen(im->path, "rb");
    char *buf = NULL, *utf8 = NULL, msg[256];
    const char *enc = NULL, *base;
    long n = -1;
    size_t got = 0;
    int rc;
    GByte *copy;

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)))
        got = fread(buf, 1, (size_t)n, f);
    if (f)
        fclose(f);
    if (!buf || got != (size_t)n) {
        free(buf);
        gis_error_set(err, "cannot read '%s'", im->path);
        return 1;
    }
    rc = gis_text_decode_file(buf, got, &utf8, &enc);
    free(buf);
    if (rc == 0)
        return 0;
    if (rc < 0) {
        gis_error_set(err,
                      "'%s': cannot tell its text encoding (it is not UTF-8, "
                      "UTF-16, Windows-1258 or TCVN3): save it as 'CSV UTF-8'",
                      im->path);
        return 1;
    }
    base = file_name(im->path);
    snprintf(vsi, vsisize, "/vsimem/tracker-import/%s", base);
    copy = CPLMalloc(strlen(utf8) + 1);
    memcpy(copy, utf8, strlen(utf8) + 1);
    VSIFCloseL(VSIFileFromMemBuffer(vsi, copy, strlen(utf8), TRUE));
    free(utf8);
    im->read_path = vsi;
    im->strict_utf8 = 1;
    stats->warnings++;
    if (cb) {
        trk_import_row out = {"file", "", "warning", "", msg};
        snprintf(msg, sizeof msg,
                 "the file is %s%s: read as such and converted to UTF-8", enc,
                 !strcmp(enc, "Windows-1258")
                     ? " (as Excel on Vietnamese Windows saves CSV)"
                     : "");
        cb(&out, ctx);
    }
    return 0;
}

/* The layers a file's works come from: GPX keeps waypoints, routes and
 * tracks apart (its *_points layers repeat their vertices), KML every
 * folder; other sources give their first layer. */
static int wanted_layer(const char *driver, const char *name, int index) {
    if (!strcmp(driver, "GPX"))
        return !strcmp(name, "waypoints") || !strcmp(name, "routes") ||
               !strcmp(name, "tracks");
    /* A KML's folders are its layers: a Google Earth file keeps sites
     * and roads in folders of their own. */
    if (!strcmp(driver, "LIBKML") || !strcmp(driver, "KML"))
        return 1;
    return index == 0;
}

/* A year a text states: "năm 2022", "NĂM 2022", "2022-2025" as the first
 * year; 0 when none. */
static int year_in(const char *text) {
    char fold[1024];
    const char *p;
    gis_text_fold(text, fold, sizeof fold);
    for (p = fold; (p = strstr(p, "nam ")); p += 4) {
        int y = atoi(p + 4);
        if (y >= 1990 && y <= 2100 && p[4] >= '0' && p[4] <= '9')
            return y;
    }
    return 0;
}

/* The plan line a section names ("Dự án 4" + "Tiểu dự án 1"): the line
 * itself when it holds money, else its only child that does. */
static void section_line(importer *im, const char *line, char *out, size_t n) {
    sqlite3_stmt *st = NULL;
    int found = 0;
    out[0] = '\0';
    if (!*line ||
        gis_db_stmt(im->db, &st,
                    "SELECT id FROM budget_line WHERE (id = ?1 OR parent_id ="
                    " ?1) AND (central_vnd IS NOT NULL OR local_vnd IS NOT"
                    " NULL) ORDER BY id <> ?1, sort",
                    NULL))
        return;
    sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW && found < 2) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (!found || strcmp(id, line))
            found++;
        if (found == 1)
            snprintf(out, n, "%s", id);
        if (!strcmp(id, line))
            break; /* the line itself holds money */
    }
    sqlite3_reset(st);
    if (found > 1 && strcmp(out, line))
        out[0] = '\0'; /* several lines: the section does not say which */
}

/* The category a section names: "Nội dung số 02: Chợ", "3. Nhà văn hóa"
 * do; a programme, a project or a budget ("Dự án 1: ... nước sinh hoạt",
 * "NGÂN SÁCH HUYỆN") funds several kinds of work and names none. */
static const char *section_category(importer *im, const char *text) {
    char fold[512];
    const char *colon = strrchr(text, ':');
    gis_text_fold(text, fold, sizeof fold);
    if (strstr(fold, "du an") || strstr(fold, "chuong trinh") ||
        strstr(fold, "ngan sach") || strstr(fold, "nguon von"))
        return NULL;
    if (colon && colon[1]) {
        const char *id = category_of(im, colon + 1);
        if (id)
            return id;
    }
    return category_of(im, text);
}

/* A section row: what its sections in force say of the rows below. */
static void section_row(importer *im, row *w, const trk_sheet *sh) {
    const char *const *texts;
    int n = trk_sheet_sections(sh, &texts), i;
    char joined[4096] = "", line[32], said[512] = "";
    const char *src = NULL;

    /* Longer than budget_of's key of it can hold. */
    for (i = 0; i < n; i++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined),
                 "%s%s", i ? " | " : "", texts[i]);
    im->sec_line[0] = '\0';
    im->sec_category = NULL;
    im->sec_year = 0;
    im->sec_source = NULL;
    if (budget_of(joined, line, sizeof line, &src)) {
        section_line(im, line, im->sec_line, sizeof im->sec_line);
        im->sec_source = src;
    }
    /* The innermost section that names a kind of work ("Nội dung số 02:
     * Chợ") names the category. */
    for (i = n - 1; i >= 0 && !im->sec_category; i--)
        im->sec_category = section_category(im, texts[i]);
    for (i = n - 1; i >= 0 && !im->sec_year; i--)
        im->sec_year = year_in(texts[i]);
    if (*im->sec_line)
        snprintf(said + strlen(said), sizeof said - strlen(said),
                 ", budget line %s", im->sec_line);
    if (im->sec_category)
        snprintf(said + strlen(said), sizeof said - strlen(said),
                 ", category %s", im->sec_category);
    if (im->sec_source)
        snprintf(said + strlen(said), sizeof said - strlen(said), ", source %s",
                 im->sec_source);
    if (im->sec_year)
        snprintf(said + strlen(said), sizeof said - strlen(said), ", year %d",
                 im->sec_year);
    /* Said once: a "Tiểu dự án 1" under "Dự án 4" changes nothing. */
    if (*said && strcmp(said, im->sec_said))
        report(w, "note", "", "section '%.200s': the works below take%s",
               n ? texts[n - 1] : "", said + 1);
    else
        report(w, "section", "", "'%.200s'", n ? texts[n - 1] : "");
    snprintf(im->sec_said, sizeof im->sec_said, "%s", said);
    memset(im->sum_group, 0, sizeof im->sum_group);
    im->works_group = 0;
}

/* A total row ("Tổng cộng", "Cộng"): not a work; its figures are checked
 * against the works it totals, all the sheet's for "Tổng ...", else those
 * since the last section or total row. */
static void total_row(importer *im, row *w, const trk_sheet *sh) {
    static const int fields[] = {F_TOTAL, F_AMOUNT, F_DISBURSED};
    char fold[64] = "", why[256], said[64], sum[64];
    int grand;

    for (int i = 0; i < trk_sheet_field_count(sh) && !*fold; i++) {
        const char *t = trk_sheet_text(sh, i);
        if (*t && !strpbrk(t, "0123456789"))
            gis_text_fold(t, fold, sizeof fold);
    }
    grand = !strncmp(fold, "tong", 4) || im->works_group == im->works_sheet;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        int f = fields[k];
        int64_t v, want = grand ? im->sum_sheet[f] : im->sum_group[f];
        long works = grand ? im->works_sheet : im->works_group;
        const char *t =
            w->c->idx[f] >= 0 ? trk_sheet_text(sh, w->c->idx[f]) : "";
        if (!*t)
            continue;
        if (trk_parse_amount(t, w->c->unit[f], &v, why, sizeof why)) {
            report(w, "warning", trk_import_fields[f],
                   "the total row's figure is not read: %s", why);
            continue;
        }
        trk_million_vi(v, said, sizeof said);
        trk_million_vi(want, sum, sizeof sum);
        /* A thousand đồng absorbs a formula's floating-point tail. */
        if (v - want > 1000 || want - v > 1000)
            report(w, "warning", trk_import_fields[f],
                   "the total row says %s million VND, but the %ld work%s "
                   "it totals sum to %s",
                   said, works, works == 1 ? "" : "s", sum);
        else
            report(w, "total", trk_import_fields[f],
                   "%s million VND, the sum of the %ld work%s it totals", said,
                   works, works == 1 ? "" : "s");
    }
    memset(im->sum_group, 0, sizeof im->sum_group);
    im->works_group = 0;
}

/* What a sheet's title rows say for every row: the unit of amounts and
 * the year. */
static void sheet_notes(importer *im, const trk_sheet *sh, const columns *c,
                        row *w) {
    const char *unit = trk_sheet_unit_line(sh);
    im->title_year = year_in(trk_sheet_title(sh));
    if (im->title_year && c->idx[F_YEAR] < 0)
        report(w, "note", "year",
               "the title says %d: works without a year of their own take "
               "it",
               im->title_year);
    if (unit && trk_money_unit_of_header(unit) != TRK_MONEY_UNIT_NONE)
        report(w, "note", "amount",
               "'%.100s' above the header: amounts without a unit of their "
               "own are read so",
               unit);
    memset(im->sum_sheet, 0, sizeof im->sum_sheet);
    memset(im->sum_group, 0, sizeof im->sum_group);
    im->works_sheet = im->works_group = 0;
    im->sec_line[0] = im->sec_said[0] = '\0';
    im->sec_category = im->sec_source = NULL;
    im->sec_year = 0;
}

/* Reads one layer or sheet.  0, 1 (err), or 2 when a sheet of a workbook
 * is no list of works (no header, or no column naming the works). */
static int import_layer(importer *im, const char *layer, int as_sheet,
                        int workbook, trk_import_cb cb, void *ctx,
                        trk_import_stats *stats, gis_error *err) {
    trk_source *r = NULL;
    const trk_sheet *sh;
    columns c;
    int rc;

    if (trk_source_open(&r, im->read_path, im->path, layer, as_sheet,
                        known_header, NULL, err))
        return workbook ? 2 : 1;
    if (find_columns(r, im->o, &c, err)) {
        trk_source_close(r);
        return workbook ? 2 : 1;
    }
    sh = trk_source_sheet(r);
    if (sh) {
        row w = {.r = r, .c = &c, .cb = cb, .ctx = ctx, .stats = stats};
        if (workbook)
            snprintf(w.where, sizeof w.where, "sheet '%.100s', header row %d",
                     trk_sheet_name(sh), trk_sheet_header_row(sh));
        else
            snprintf(w.where, sizeof w.where, "header, line %d",
                     trk_sheet_header_row(sh));
        sheet_notes(im, sh, &c, &w);
    }
    if (im->o->progress)
        im->total += trk_source_count(r);
    while ((rc = trk_source_next(r, err)) == 1) {
        trk_sheet_kind kind = trk_source_row_kind(r);
        if (im->o->progress && stats->rows % 500 == 0)
            im->o->progress(stats->rows, im->total, im->o->progress_ctx);
        row w = {0};
        w.r = r;
        w.c = &c;
        w.cb = cb;
        w.ctx = ctx;
        w.stats = stats;
        w.strict_utf8 = im->strict_utf8;
        w.layer = im->folders ? layer : NULL;
        if (kind == TRK_SHEET_SECTION) {
            section_row(im, &w, sh);
            continue;
        }
        if (kind == TRK_SHEET_TOTAL) {
            total_row(im, &w, sh);
            continue;
        }
        if (im->named_rows) {
            /* KML and GPX users know a placemark by its name. */
            const char *name = text(&w, F_NAME);
            if (name)
                snprintf(w.where, sizeof w.where, "%s '%.*s'",
                         im->folders ? "placemark" : "point",
                         utf8_prefix(name, 160), name);
        }
        stats->rows++;
        import_row(im, &w);
        for (int f = 0; f < N_FIELDS; f++) {
            im->sum_sheet[f] += w.money[f];
            im->sum_group[f] += w.money[f];
            free(w.cell[f]);
        }
        im->works_sheet++;
        im->works_group++;
        if (gis_db_lost(im->db)) {
            /* A trigger's RAISE(ROLLBACK) ended the file's transaction:
             * nothing of the file is left, and nothing more may run. */
            gis_error_set(err,
                          "'%s': the database rolled the file back at %s; "
                          "nothing was written",
                          im->path, trk_source_where(r));
            trk_source_close(r);
            return 1;
        }
    }
    trk_source_close(r);
    if (rc < 0) {
        /* A truncated or corrupt file: say where reading stopped. */
        gis_error_prefix(err, "'%s': ", im->path);
        return 1;
    }
    return 0;
}

static void skip_note(trk_import_cb cb, void *ctx, const char *sheet,
                      const char *why) {
    char where[160], msg[1100];
    trk_import_row out = {where, "", "note", "", msg};
    if (!cb)
        return;
    snprintf(where, sizeof where, "sheet '%.100s'", sheet);
    snprintf(msg, sizeof msg, "skipped: %s", why);
    cb(&out, ctx);
}

int trk_import_works(gis_db *db, const char *path, const trk_import_opts *o,
                     trk_import_cb cb, void *ctx, trk_import_stats *stats,
                     gis_error *err) {
    importer im = {0};
    gis_bulk_index bulk = {0};
    char **layers = NULL;
    gis_reader *probe = NULL;
    char driver[32] = "", vsi[600] = "";
    int i, ret = 1, n = 0, rc, as_sheet, workbook;
    gis_error skipped = {""};

    memset(stats, 0, sizeof *stats);
    im.db = db;
    im.o = o;
    im.as_of = o->as_of ? o->as_of : "2022-10-11";
    im.path = path;
    im.read_path = path;
    /* A text table is decoded before OGR sees it: a UTF-16 file is not
     * even a CSV to OGR. */
    if (text_table(path)) {
        im.strict_utf8 = file_is_utf8(path);
        if (decode_csv(&im, vsi, sizeof vsi, cb, ctx, stats, err))
            return 1;
    }
    if (gis_reader_open(&probe, im.read_path, NULL, err))
        goto done;
    snprintf(driver, sizeof driver, "%s", gis_reader_driver(probe));
    gis_reader_close(probe);
    if (!strcmp(driver, "CSV") && !text_table(path)) {
        im.strict_utf8 = file_is_utf8(path);
        if (decode_csv(&im, vsi, sizeof vsi, cb, ctx, stats, err))
            goto done;
    }
    im.folders = !strcmp(driver, "LIBKML") || !strcmp(driver, "KML");
    im.named_rows = im.folders || !strcmp(driver, "GPX");
    if (gis_reader_layers(im.read_path, &layers, err) ||
        trk_units_index(db, im.as_of, &im.units, err))
        goto done;
    /* A whole file is one transaction: give SQLite room to hold it
     * instead of spilling pages (and savepoint journals) to disk. */
    if (gis_db_exec(db,
                    "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY",
                    err) ||
        gis_db_begin(db, err))
        goto done;
    if (gis_db_exec(db,
                    "CREATE TEMP TABLE IF NOT EXISTS import_code (code TEXT"
                    " PRIMARY KEY, row_where TEXT) WITHOUT ROWID; DELETE FROM"
                    " temp.import_code;",
                    err) ||
        gis_bulk_index_begin(db, &bulk, "work", "point", err))
        goto fail;
    im.no_works_before =
        gis_db_int(db, 1, "SELECT EXISTS (SELECT 1 FROM work)", NULL) == 0;
    if (trk_alloc_batch_begin(db, err))
        goto fail;
    as_sheet = !strcmp(driver, "CSV") || !strcmp(driver, "XLSX") ||
               !strcmp(driver, "ODS");
    workbook = as_sheet && strcmp(driver, "CSV");
    for (i = 0; layers[i]; i++) {
        gis_error why = {""};
        if (!workbook && !wanted_layer(driver, layers[i], i))
            continue;
        rc = import_layer(&im, layers[i], as_sheet, workbook, cb, ctx, stats,
                          &why);
        if (rc == 1) {
            *err = why;
            goto fail;
        }
        if (rc == 2) {
            /* A workbook's other sheets (instructions, summaries) are
             * skipped, and said to be; the first one's reason is kept in
             * case no sheet is a list of works. */
            if (!*skipped.msg)
                skipped = why;
            skip_note(cb, ctx, layers[i], why.msg);
            continue;
        }
        n++;
    }
    if (n == 0 && *skipped.msg) {
        *err = skipped;
        goto fail;
    }
    if (o->progress)
        o->progress(stats->rows, im.total, o->progress_ctx);
    if (n == 0 || stats->rows == 0) {
        gis_error_set(err, "'%s' holds no rows to import", path);
        goto fail;
    }
    if (stats->errors) {
        gis_error_set(err,
                      "'%s': %ld error%s in %ld row%s; nothing was written",
                      path, stats->errors, stats->errors == 1 ? "" : "s",
                      stats->rows, stats->rows == 1 ? "" : "s");
        goto fail;
    }
    if (caps(&im, err))
        goto fail;
    /* Nothing to write (a file imported again): roll back, so even the
     * triggers set aside and restored leave no trace in the file. */
    if (o->dry_run || stats->added + stats->updated == 0) {
        gis_db_rollback(db);
        ret = 0;
        goto done;
    }
    if (gis_bulk_index_end(db, &bulk, err) || gis_db_commit(db, err))
        goto fail;
    ret = 0;
    goto done;
fail:
    gis_db_rollback(db);
done:
    gis_bulk_index_free(&bulk);
    trk_geocoder_free(im.g);
    gis_polyindex_free(im.units);
    gis_reader_free_layers(layers);
    if (*vsi)
        VSIUnlink(vsi);
    for (i = 0; i < im.nmemo; i++)
        free(im.memo_text[i]);
    for (i = 0; i < im.nunit_memo; i++)
        free(im.unit_memo_text[i]);
    return ret;
}
