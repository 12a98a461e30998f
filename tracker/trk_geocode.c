/*
 * trk_geocode.c: name lookup over the gazetteer.
 *
 * The text is cleaned (TCVN3, NFD), split into parts by its prefixes
 * (gis_placename), and each part is looked up in passes of falling
 * confidence: its key exactly, the key with its prefix words (for names
 * like "Bản Ngoại"), one typo, then the full-text index over its words.
 * Parts then narrow each other: a hamlet must lie in the unit named with
 * it.  Units of several periods that are one place over time (La Bằng of
 * 2022 inside La Bằng of 2025) collapse into the oldest, smallest one,
 * reported with today's commune; what remains in the plural is ambiguous.
 *
 * The names, the units they lie in and the crosswalk are held in memory:
 * a lookup runs SQL only to describe its answers, which keeps a province-
 * scale gazetteer above 20,000 lookups a second (bench/bench_geocode.c).
 */
#include "trk_geocode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_placename.h"
#include "gis_text.h"
#include "trk_geocode_int.h"

#define MAX_PARTS 6
#define MAX_CANDS 64

typedef struct cand {
    long row; /* index into g->rows */
    double score;
    const char *how; /* exact, typo, words */
} cand;

typedef struct cands {
    cand c[MAX_CANDS];
    int n;
} cands;

static char *dup_text(sqlite3_stmt *st, int col) {
    const unsigned char *v = sqlite3_column_text(st, col);
    return strdup(v ? (const char *)v : "");
}

static int load_rows(trk_geocoder *g, gis_error *err) {
    sqlite3_stmt *st = NULL;
    long cap;
    int rc;

    cap =
        (long)gis_db_int(g->db, 0, "SELECT count(*) FROM gazetteer_name", NULL);
    g->rows = calloc(cap > 0 ? (size_t)cap : 1, sizeof *g->rows);
    if (!g->rows) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    if (gis_db_prepare(
            g->db, &st,
            "SELECT n.id, n.feature_type, n.level, n.feature_id, n.name,"
            " n.display, n.name_kind, n.key, coalesce(u.id, h.unit_id,"
            " p.unit_id, 0), coalesce(u.valid_from, ''), coalesce(u.valid_to,"
            " o.valid_to, ''), X(coalesce(h.point, p.point,"
            " ST_PointOnSurface(o.geom))), Y(coalesce(h.point, p.point,"
            " ST_PointOnSurface(o.geom))) FROM gazetteer_name n"
            " LEFT JOIN admin_unit u ON n.feature_type = 'unit' AND u.id ="
            " n.feature_id"
            " LEFT JOIN hamlet h ON n.feature_type = 'hamlet' AND h.id ="
            " n.feature_id"
            " LEFT JOIN place p ON n.feature_type = 'place' AND p.id ="
            " n.feature_id"
            " LEFT JOIN outline o ON n.feature_type = 'outline' AND o.id ="
            " n.feature_id ORDER BY n.id",
            err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && g->nrows < cap) {
        gaz_row *r = &g->rows[g->nrows];
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const char *level = (const char *)sqlite3_column_text(st, 2);
        r->gid = sqlite3_column_int64(st, 0);
        r->type = type[0];   /* unit, hamlet, place, outline */
        r->level = level[0]; /* commune, hamlet, place, district */
        r->feature_id = sqlite3_column_int64(st, 3);
        r->name = dup_text(st, 4);
        r->display = dup_text(st, 5);
        r->kind = dup_text(st, 6);
        r->unit_id = sqlite3_column_int64(st, 8);
        snprintf(r->valid_from, sizeof r->valid_from, "%s",
                 sqlite3_column_text(st, 9));
        snprintf(r->valid_to, sizeof r->valid_to, "%s",
                 sqlite3_column_text(st, 10));
        r->has_point = sqlite3_column_type(st, 11) != SQLITE_NULL;
        r->lon = sqlite3_column_double(st, 11);
        r->lat = sqlite3_column_double(st, 12);
        if (!r->name || !r->display || !r->kind ||
            gis_fuzzy_add(g->index, (const char *)sqlite3_column_text(st, 7),
                          g->nrows)) {
            g->nrows++;
            sqlite3_finalize(st);
            gis_error_set(err, "out of memory");
            return 1;
        }
        g->nrows++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        gis_error_set(err, "database error: %s", sqlite3_errmsg(g->db->handle));
        return 1;
    }
    return 0;
}

static int load_changes(trk_geocoder *g, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int cap =
        (int)gis_db_int(g->db, 0, "SELECT count(*) FROM unit_change", NULL);
    g->chg_old = calloc(cap > 0 ? (size_t)cap : 1, sizeof *g->chg_old);
    g->chg_new = calloc(cap > 0 ? (size_t)cap : 1, sizeof *g->chg_new);
    g->chg_follow = calloc(cap > 0 ? (size_t)cap : 1, 1);
    if (!g->chg_old || !g->chg_new || !g->chg_follow) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    if (gis_db_prepare(g->db, &st,
                       "SELECT old_unit_id, new_unit_id, event <> 'split' OR"
                       " certainty = 'confirmed' FROM unit_change",
                       err))
        return 1;
    while (g->nchg < cap && sqlite3_step(st) == SQLITE_ROW) {
        g->chg_old[g->nchg] = sqlite3_column_int64(st, 0);
        g->chg_new[g->nchg] = sqlite3_column_int64(st, 1);
        g->chg_follow[g->nchg++] = (char)sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return 0;
}

static int load_units(trk_geocoder *g, gis_error *err) {
    sqlite3_stmt *st = NULL;
    long cap =
        (long)gis_db_int(g->db, 0, "SELECT count(*) FROM admin_unit", NULL);
    int rc;

    g->units = calloc(cap > 0 ? (size_t)cap : 1, sizeof *g->units);
    if (!g->units) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    if (gis_db_prepare(
            g->db, &st,
            "SELECT u.id, u.key, u.code, u.full_name, coalesce(u.valid_from,"
            " ''), coalesce(u.valid_to, ''), X(pt), Y(pt), CASE WHEN u.centre"
            " IS NOT NULL THEN 'unit centre' ELSE 'a point inside the unit'"
            " END, s.name, X(s.point), Y(s.point), CASE u.kind WHEN"
            " 'thi_tran' THEN 't' WHEN 'phuong' THEN 'p' ELSE 'x' END FROM"
            " (SELECT *,"
            " coalesce(centre, ST_PointOnSurface(geom)) AS pt FROM"
            " admin_unit) u LEFT JOIN place s ON s.id = (SELECT max(id) FROM"
            " place WHERE kind = 'seat' AND unit_id = u.id AND point IS NOT"
            " NULL) ORDER BY u.id",
            err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && g->nunits < cap) {
        geo_unit *u = &g->units[g->nunits++];
        u->id = sqlite3_column_int64(st, 0);
        snprintf(u->key, sizeof u->key, "%s", sqlite3_column_text(st, 1));
        snprintf(u->code, sizeof u->code, "%s", sqlite3_column_text(st, 2));
        u->full_name = dup_text(st, 3);
        snprintf(u->valid_from, sizeof u->valid_from, "%s",
                 sqlite3_column_text(st, 4));
        snprintf(u->valid_to, sizeof u->valid_to, "%s",
                 sqlite3_column_text(st, 5));
        u->has_point = sqlite3_column_type(st, 6) != SQLITE_NULL;
        u->lon = sqlite3_column_double(st, 6);
        u->lat = sqlite3_column_double(st, 7);
        u->point_source = dup_text(st, 8);
        u->kind = (char)sqlite3_column_text(st, 12)[0];
        if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
            u->seat = dup_text(st, 9);
            u->seat_lon = sqlite3_column_double(st, 10);
            u->seat_lat = sqlite3_column_double(st, 11);
        }
        if (!u->full_name || !u->point_source) {
            sqlite3_finalize(st);
            gis_error_set(err, "out of memory");
            return 1;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

static const geo_unit *unit_by_id(const trk_geocoder *g, int64_t id) {
    long lo = 0, hi = g->nunits - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (g->units[mid].id == id)
            return &g->units[mid];
        if (g->units[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

int trk_geocoder_open(trk_geocoder **out, gis_db *db, gis_error *err) {
    trk_geocoder *g = calloc(1, sizeof *g);

    *out = NULL;
    if (!g || !(g->index = gis_fuzzy_new())) {
        free(g);
        gis_error_set(err, "out of memory");
        return 1;
    }
    g->db = db;
    if (load_rows(g, err) || load_units(g, err) || load_changes(g, err) ||
        gis_db_prepare(db, &g->words,
                       "SELECT rowid FROM gazetteer_fts WHERE gazetteer_fts"
                       " MATCH ?1 ORDER BY rank LIMIT 32",
                       err)) {
        trk_geocoder_free(g);
        return 1;
    }
    *out = g;
    return 0;
}

void trk_geocoder_free(trk_geocoder *g) {
    long i;
    if (!g)
        return;
    for (i = 0; i < g->nrows; i++) {
        free(g->rows[i].name);
        free(g->rows[i].display);
        free(g->rows[i].kind);
    }
    free(g->rows);
    for (i = 0; i < g->nunits; i++) {
        free(g->units[i].full_name);
        free(g->units[i].point_source);
        free(g->units[i].seat);
    }
    free(g->units);
    free(g->chg_old);
    free(g->chg_new);
    free(g->chg_follow);
    gis_fuzzy_free(g->index);
    sqlite3_finalize(g->words);
    gis_nominatim_free(g->remote);
    free(g->remote_url);
    free(g);
}

int trk_geo_reaches(const trk_geocoder *g, int64_t a, int64_t b) {
    /* Chains of changes are short (a unit changed at most a few times),
     * so a depth-first walk over the crosswalk is enough. */
    int i, depth;
    int64_t stack[32];
    int top = 0;
    if (a == b)
        return 1;
    stack[top++] = a;
    for (depth = 0; top > 0 && depth < 256; depth++) {
        int64_t u = stack[--top];
        for (i = 0; i < g->nchg; i++)
            if (g->chg_old[i] == u && g->chg_new[i] != u) {
                if (g->chg_new[i] == b)
                    return 1;
                if (top < 32)
                    stack[top++] = g->chg_new[i];
            }
    }
    return 0;
}

static int level_fits(gis_level want, char level) {
    switch (want) {
    case GIS_LEVEL_ANY:
        return 1;
    case GIS_LEVEL_HAMLET:
        return level == 'h' || level == 'p';
    case GIS_LEVEL_COMMUNE:
        return level == 'c';
    case GIS_LEVEL_DISTRICT:
        return level == 'd';
    default:
        return 0;
    }
}

/* Units (and the district) out of force on as_of do not answer for it;
 * hamlets and places have no period. */
static int in_force(const gaz_row *r, const char *as_of) {
    if (!as_of || (r->type != 'u' && r->type != 'o'))
        return 1;
    return (!*r->valid_from || strcmp(r->valid_from, as_of) <= 0) &&
           (!*r->valid_to || strcmp(r->valid_to, as_of) > 0);
}

typedef struct lookup {
    trk_geocoder *g;
    gis_level level;
    const char *as_of;
    const char *how;
    double score;
    cands *out;
} lookup;

static void add_cand(int64_t row, int distance, void *ctx) {
    lookup *l = ctx;
    const gaz_row *r = &l->g->rows[row];
    int i;

    if (!level_fits(l->level, r->level) || !in_force(r, l->as_of))
        return;
    for (i = 0; i < l->out->n; i++) {
        const gaz_row *o = &l->g->rows[l->out->c[i].row];
        if (o->type == r->type && o->feature_id == r->feature_id)
            return; /* the same place by another of its names */
    }
    if (l->out->n < MAX_CANDS) {
        cand *c = &l->out->c[l->out->n++];
        c->row = row;
        c->how = distance ? "typo" : l->how;
        c->score = distance ? 0.8 : l->score;
    }
}

/* The row index of a gazetteer id (rows are ordered by id). */
static long row_of(const trk_geocoder *g, int64_t gid) {
    long lo = 0, hi = g->nrows - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (g->rows[mid].gid == gid)
            return mid;
        if (g->rows[mid].gid < gid)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* The passes of falling confidence for one part of the text.  A typo is
 * tried on short keys only when another part narrows the answer. */
static void find_part(trk_geocoder *g, const gis_name_part *p,
                      const char *as_of, size_t min_typo_len, cands *out) {
    lookup l = {g, p->level, as_of, "exact", 1.0, out};
    char query[200];

    out->n = 0;
    gis_fuzzy_find(g->index, p->key, 0, add_cand, &l);
    if (out->n == 0 && strcmp(p->whole, p->key)) {
        l.level = GIS_LEVEL_ANY;
        l.score = 0.95;
        gis_fuzzy_find(g->index, p->whole, 0, add_cand, &l);
        l.level = p->level;
    }
    if (out->n == 0 && strlen(p->key) >= min_typo_len)
        gis_fuzzy_find(g->index, p->key, 1, add_cand, &l);
    if (out->n == 0 && *p->words) {
        /* Every word must appear: "dong" AND "dinh". */
        snprintf(query, sizeof query, "\"%s\"", p->words);
        for (char *s = query; *s; s++)
            if (*s == ' ')
                *s = '+';
        l.how = "words";
        l.score = 0.6;
        sqlite3_bind_text(g->words, 1, query, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(g->words) == SQLITE_ROW) {
            long row = row_of(g, sqlite3_column_int64(g->words, 0));
            if (row >= 0)
                add_cand(row, 0, &l);
        }
        sqlite3_reset(g->words);
    }
}

/* Today's unit for u: along merges and confirmed splits until a unit
 * still in force. */
static const geo_unit *current_of(const trk_geocoder *g, const geo_unit *u) {
    int depth, i;
    for (depth = 0; u && depth < 16; depth++) {
        const geo_unit *next = NULL;
        if (!*u->valid_to)
            return u;
        for (i = 0; i < g->nchg && !next; i++)
            if (g->chg_follow[i] && g->chg_old[i] == u->id &&
                g->chg_new[i] != u->id)
                next = unit_by_id(g, g->chg_new[i]);
        u = next;
    }
    return NULL;
}

void trk_geo_fill_unit(trk_geocoder *g, int64_t unit, trk_geo_hit *h) {
    const geo_unit *u = unit_by_id(g, unit), *cur;
    h->unit_id = unit;
    if (!u)
        return;
    snprintf(h->unit_key, sizeof h->unit_key, "%s", u->key);
    snprintf(h->unit_code, sizeof h->unit_code, "%s", u->code);
    snprintf(h->unit_name, sizeof h->unit_name, "%s", u->full_name);
    snprintf(h->valid_from, sizeof h->valid_from, "%s", u->valid_from);
    snprintf(h->valid_to, sizeof h->valid_to, "%s", u->valid_to);
    if ((cur = current_of(g, u))) {
        snprintf(h->current_key, sizeof h->current_key, "%s", cur->key);
        snprintf(h->current_name, sizeof h->current_name, "%s", cur->full_name);
    }
}

static const char *type_name(char type) {
    return type == 'u'   ? "unit"
           : type == 'h' ? "hamlet"
           : type == 'p' ? "place"
                         : "outline";
}

static void unit_point(const trk_geocoder *g, int64_t unit_id, int seat_ok,
                       trk_geo_hit *h);

/* Fills the unit, today's commune, the point and the precision. */
static void describe(trk_geocoder *g, const cand *c, trk_geo_hit *h) {
    const gaz_row *r = &g->rows[c->row];

    memset(h, 0, sizeof *h);
    snprintf(h->feature_type, sizeof h->feature_type, "%s", type_name(r->type));
    h->feature_id = r->feature_id;
    snprintf(h->name, sizeof h->name, "%s", r->display);
    snprintf(h->matched, sizeof h->matched, "%s", r->name);
    snprintf(h->name_kind, sizeof h->name_kind, "%s", r->kind);
    snprintf(h->how, sizeof h->how, "%s", c->how);
    h->score = c->score;
    trk_geo_fill_unit(g, r->unit_id, h);
    if (r->type == 'h')
        snprintf(h->hamlet, sizeof h->hamlet, "%s", r->display);
    if (r->type == 'o')
        snprintf(h->valid_to, sizeof h->valid_to, "%s", r->valid_to);

    /* The most exact point known, and a precision that says which:
     * a hamlet's or place's own point (2), the unit's seat (8), the unit's
     * centre (3). */
    h->exactness = 2; /* no gazetteer point is a survey */
    if (r->type != 'u' && r->has_point) {
        h->has_point = 1;
        h->lon = r->lon;
        h->lat = r->lat;
        h->precision = r->type == 'o' ? 3 : 2;
        h->location_class = r->type == 'o' ? 1 : r->type == 'h' ? 2 : 3;
        snprintf(h->point_source, sizeof h->point_source, "%s",
                 r->type == 'h'   ? "hamlet point"
                 : r->type == 'p' ? "place point"
                                  : "a point inside the district");
        return;
    }
    unit_point(g, r->unit_id, r->type == 'u', h);
}

/* The unit's seat (precision 8) when seat_ok and it has one, else its
 * centre (3). */
static void unit_point(const trk_geocoder *g, int64_t unit_id, int seat_ok,
                       trk_geo_hit *h) {
    const geo_unit *u = unit_by_id(g, unit_id);
    if (!u)
        return;
    if (seat_ok && u->seat) {
        h->has_point = 1;
        h->lon = u->seat_lon;
        h->lat = u->seat_lat;
        h->precision = 8;
        h->location_class = 1;
        snprintf(h->point_source, sizeof h->point_source,
                 "seat of the unit (%s)", u->seat);
    } else if (u->has_point) {
        h->has_point = 1;
        h->lon = u->lon;
        h->lat = u->lat;
        h->precision = 3;
        h->location_class = 1;
        snprintf(h->point_source, sizeof h->point_source, "%s",
                 u->point_source);
    }
}

/* Drops units that another candidate unit becomes over time: the oldest,
 * smallest one stands for them and carries today's commune. */
static void collapse_periods(const trk_geocoder *g, cands *cs) {
    int i, j, k = 0;
    for (i = 0; i < cs->n; i++) {
        const gaz_row *a = &g->rows[cs->c[i].row];
        int later = 0;
        for (j = 0; j < cs->n && !later && a->type == 'u'; j++) {
            const gaz_row *b = &g->rows[cs->c[j].row];
            later = i != j && b->type == 'u' &&
                    trk_geo_reaches(g, b->feature_id, a->feature_id);
        }
        if (!later)
            cs->c[k++] = cs->c[i];
    }
    cs->n = k;
}

static int has_type(const trk_geocoder *g, const cands *cs, char type) {
    for (int i = 0; i < cs->n; i++)
        if (g->rows[cs->c[i].row].type == type)
            return 1;
    return 0;
}

static void keep_kind(const trk_geocoder *g, cands *cs, char kind) {
    int i, k = 0, any = 0;
    for (i = 0; i < cs->n; i++) {
        const gaz_row *r = &g->rows[cs->c[i].row];
        const geo_unit *u = r->type == 'u' ? unit_by_id(g, r->unit_id) : NULL;
        any |= u && u->kind == kind;
    }
    if (!any)
        return;
    for (i = 0; i < cs->n; i++) {
        const gaz_row *r = &g->rows[cs->c[i].row];
        const geo_unit *u = r->type == 'u' ? unit_by_id(g, r->unit_id) : NULL;
        if (!u || u->kind == kind)
            cs->c[k++] = cs->c[i];
    }
    cs->n = k;
}

/* Keeps the candidates of cs that lie in one of the units (or in a unit
 * that one of them became or came from). */
static void keep_within(const trk_geocoder *g, cands *cs, const int64_t *units,
                        int nunits) {
    int i, j, k = 0;
    for (i = 0; i < cs->n; i++) {
        int64_t u = g->rows[cs->c[i].row].unit_id;
        int inside = 0;
        for (j = 0; j < nunits && !inside; j++)
            inside = u && (trk_geo_reaches(g, u, units[j]) ||
                           trk_geo_reaches(g, units[j], u));
        if (inside)
            cs->c[k++] = cs->c[i];
    }
    cs->n = k;
}

/* Names every candidate with its period, so the user sees why. */
static void ambiguity_note(trk_geo_result *res) {
    size_t len;
    int i;
    snprintf(res->note, sizeof res->note, "'%s' names %d places:", res->text,
             res->nhits);
    for (i = 0; i < res->nhits; i++) {
        const trk_geo_hit *h = &res->hits[i];
        char period[64] = "";
        if (*h->valid_from && *h->valid_to)
            snprintf(period, sizeof period, ", %s to %s", h->valid_from,
                     h->valid_to);
        else if (*h->valid_from)
            snprintf(period, sizeof period, ", since %s", h->valid_from);
        else if (*h->valid_to)
            snprintf(period, sizeof period, ", until %s", h->valid_to);
        len = strlen(res->note);
        snprintf(res->note + len, sizeof res->note - len, "%s %s%s%s%s%s",
                 i ? ";" : "", h->name, *h->hamlet ? " in " : "",
                 *h->hamlet ? h->unit_name : "", period, "");
    }
    len = strlen(res->note);
    snprintf(res->note + len, sizeof res->note - len,
             ". Give the unit, a prefix (xã, thị trấn, huyện, xóm) or "
             "--as-of to choose");
}

int trk_geocode(trk_geocoder *g, const char *text, const char *as_of,
                int64_t within_unit, trk_geo_result *res, gis_error *err) {
    gis_name_part parts[MAX_PARTS];
    cands found, all, places;
    int64_t units[MAX_CANDS];
    int nparts = 0, nunits = 0, i, j, named_unit = 0;
    size_t min_typo_len;
    char *clean = NULL;

    res->status = TRK_GEO_NONE;
    res->nhits = 0;
    res->note[0] = '\0';
    all.n = places.n = 0;
    res->from_tcvn3 = gis_text_clean(text, &clean) == 1;
    snprintf(res->text, sizeof res->text, "%s", clean ? clean : "");
    free(clean);
    if (gis_placename_parse(res->text, parts, MAX_PARTS, &nparts)) {
        snprintf(res->note, sizeof res->note, "no place name in '%s'",
                 res->text);
        return 0;
    }
    /* With two parts (or a known unit) each narrows the other, so a typo
     * in a short name is safe to try. */
    min_typo_len = nparts > 1 || within_unit ? 3 : 5;
    for (i = 0; i < nparts; i++) {
        find_part(g, &parts[i], as_of, min_typo_len, &found);
        if (found.n == 0) {
            snprintf(res->note, sizeof res->note,
                     "no %s named '%s' in the gazetteer",
                     parts[i].level == GIS_LEVEL_ANY
                         ? "place"
                         : gis_level_name(parts[i].level),
                     parts[i].words);
            continue;
        }
        /* A bare name that is a unit (or the district) means the unit,
         * not the hamlet of the same name inside it. */
        if (parts[i].level == GIS_LEVEL_ANY &&
            (has_type(g, &found, 'u') || has_type(g, &found, 'o'))) {
            int k = 0;
            for (j = 0; j < found.n; j++) {
                char t = g->rows[found.c[j].row].type;
                if (t == 'u' || t == 'o')
                    found.c[k++] = found.c[j];
            }
            found.n = k;
        }
        /* "TT. Quân Chu" is the town, "X. Quân Chu" the commune: the kind
         * written chooses, when a unit of that kind is among the
         * answers. */
        if (parts[i].kind)
            keep_kind(g, &found, parts[i].kind);
        for (j = 0; j < found.n; j++) {
            const gaz_row *r = &g->rows[found.c[j].row];
            if (r->type == 'u' && nunits < MAX_CANDS)
                units[nunits++] = r->feature_id;
            if (r->type == 'h' || r->type == 'p') {
                if (places.n < MAX_CANDS)
                    places.c[places.n++] = found.c[j];
            } else if (all.n < MAX_CANDS) {
                all.c[all.n++] = found.c[j];
            }
        }
        if (has_type(g, &found, 'u'))
            named_unit = 1;
    }
    if (within_unit) {
        keep_within(g, &places, &within_unit, 1);
        keep_within(g, &all, &within_unit, 1);
    }
    /* A hamlet named with its unit must lie in it; without a match there
     * the unit alone answers, and says so. */
    if (places.n > 0 && named_unit) {
        keep_within(g, &places, units, nunits);
        if (places.n == 0)
            snprintf(res->note, sizeof res->note,
                     "the hamlet or place named is not known in that unit; "
                     "located by the unit only");
    }
    if (places.n > 0) {
        all = places;
    } else {
        /* Units; the district only when nothing smaller was named. */
        int k = 0;
        for (j = 0; j < all.n; j++)
            if (g->rows[all.c[j].row].type != 'o' || !named_unit || nparts == 1)
                all.c[k++] = all.c[j];
        all.n = k;
    }
    collapse_periods(g, &all);
    for (i = 0; i < all.n && i < TRK_GEO_MAX_HITS; i++)
        describe(g, &all.c[i], &res->hits[res->nhits++]);
    res->status = res->nhits == 0   ? TRK_GEO_NONE
                  : res->nhits == 1 ? TRK_GEO_FOUND
                                    : TRK_GEO_AMBIGUOUS;
    if (res->status == TRK_GEO_AMBIGUOUS && !*res->note)
        ambiguity_note(res);
    /* Nothing, or only loose full-text matches: worth asking further. */
    if (g->remote && (res->status == TRK_GEO_NONE || res->hits[0].score < 0.8))
        return trk_geo_ask_remote(g, within_unit, res, err);
    return 0;
}

int trk_geocode_unit_point(trk_geocoder *g, int64_t unit_id, trk_geo_hit *hit) {
    memset(hit, 0, sizeof *hit);
    snprintf(hit->feature_type, sizeof hit->feature_type, "unit");
    hit->feature_id = unit_id;
    hit->exactness = 2;
    trk_geo_fill_unit(g, unit_id, hit);
    unit_point(g, unit_id, 1, hit);
    return hit->has_point;
}
