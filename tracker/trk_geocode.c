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
 */
#include "trk_geocode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_fuzzy.h"
#include "gis_nominatim.h"
#include "gis_placename.h"
#include "gis_text.h"
#include "trk_places.h"

struct trk_geocoder {
    gis_db *db;
    gis_fuzzy *index;
    sqlite3_stmt *row;   /* one gazetteer row by id */
    sqlite3_stmt *words; /* full-text lookup */
    sqlite3_stmt *reach; /* does one unit become another? */
    gis_nominatim *remote;
    char *remote_url;
};

#define MAX_PARTS 6
#define MAX_CANDS 64

typedef struct cand {
    char type[12];
    int64_t id;
    char level[12];
    char name[160], display[160], kind[12], how[16];
    double score;
} cand;

typedef struct cands {
    cand c[MAX_CANDS];
    int n;
} cands;

int trk_geocoder_open(trk_geocoder **out, gis_db *db, gis_error *err) {
    trk_geocoder *g = calloc(1, sizeof *g);
    sqlite3_stmt *st = NULL;
    int rc;

    *out = NULL;
    if (!g || !(g->index = gis_fuzzy_new())) {
        free(g);
        gis_error_set(err, "out of memory");
        return 1;
    }
    g->db = db;
    if (gis_db_prepare(db, &st, "SELECT id, key FROM gazetteer_name", err))
        goto fail;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (gis_fuzzy_add(g->index, (const char *)sqlite3_column_text(st, 1),
                          sqlite3_column_int64(st, 0))) {
            gis_error_set(err, "out of memory");
            goto fail;
        }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE ||
        gis_db_prepare(db, &g->row,
                       "SELECT feature_type, feature_id, level, name,"
                       " display, name_kind FROM gazetteer_name WHERE id ="
                       " ?1",
                       err) ||
        gis_db_prepare(db, &g->words,
                       "SELECT rowid FROM gazetteer_fts WHERE gazetteer_fts"
                       " MATCH ?1 ORDER BY rank LIMIT 32",
                       err) ||
        gis_db_prepare(db, &g->reach,
                       "WITH RECURSIVE next(id) AS (SELECT ?1 UNION SELECT"
                       " c.new_unit_id FROM unit_change c JOIN next ON"
                       " c.old_unit_id = next.id) SELECT count(*) FROM next"
                       " WHERE id = ?2",
                       err))
        goto fail;
    *out = g;
    return 0;
fail:
    sqlite3_finalize(st);
    trk_geocoder_free(g);
    return 1;
}

void trk_geocoder_free(trk_geocoder *g) {
    if (!g)
        return;
    gis_fuzzy_free(g->index);
    sqlite3_finalize(g->row);
    sqlite3_finalize(g->words);
    sqlite3_finalize(g->reach);
    gis_nominatim_free(g->remote);
    free(g->remote_url);
    free(g);
}

/* True when unit a becomes unit b (or is b) through the crosswalk. */
static int reaches(trk_geocoder *g, int64_t a, int64_t b) {
    int r;
    sqlite3_bind_int64(g->reach, 1, a);
    sqlite3_bind_int64(g->reach, 2, b);
    r = sqlite3_step(g->reach) == SQLITE_ROW &&
        sqlite3_column_int(g->reach, 0) > 0;
    sqlite3_reset(g->reach);
    return r;
}

static int level_fits(gis_level want, const char *level) {
    switch (want) {
    case GIS_LEVEL_ANY:
        return 1;
    case GIS_LEVEL_HAMLET:
        return !strcmp(level, "hamlet") || !strcmp(level, "place");
    case GIS_LEVEL_COMMUNE:
        return !strcmp(level, "commune");
    case GIS_LEVEL_DISTRICT:
        return !strcmp(level, "district");
    default:
        return 0;
    }
}

typedef struct lookup {
    trk_geocoder *g;
    gis_level level;
    const char *as_of;
    const char *how;
    double score;
    cands *out;
} lookup;

/* Units (and the district) out of force on as_of do not answer for it;
 * hamlets and places have no period. */
static int in_force(trk_geocoder *g, const char *type, int64_t id,
                    const char *as_of) {
    char sid[32];
    if (!as_of)
        return 1;
    snprintf(sid, sizeof sid, "%lld", (long long)id);
    if (!strcmp(type, "unit"))
        return gis_db_int(g->db, 0,
                          "SELECT count(*) FROM admin_unit WHERE id = ?1 AND"
                          " (valid_from IS NULL OR valid_from <= ?2) AND"
                          " (valid_to IS NULL OR valid_to > ?2)",
                          sid, as_of, NULL) > 0;
    if (!strcmp(type, "outline"))
        return gis_db_int(g->db, 0,
                          "SELECT count(*) FROM outline WHERE id = ?1 AND"
                          " (valid_to IS NULL OR valid_to > ?2)",
                          sid, as_of, NULL) > 0;
    return 1;
}

static void add_cand(int64_t gid, int distance, void *ctx) {
    lookup *l = ctx;
    sqlite3_stmt *st = l->g->row;
    cand c = {0};
    int i;

    sqlite3_bind_int64(st, 1, gid);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(c.type, sizeof c.type, "%s", sqlite3_column_text(st, 0));
        c.id = sqlite3_column_int64(st, 1);
        snprintf(c.level, sizeof c.level, "%s", sqlite3_column_text(st, 2));
        snprintf(c.name, sizeof c.name, "%s", sqlite3_column_text(st, 3));
        snprintf(c.display, sizeof c.display, "%s", sqlite3_column_text(st, 4));
        snprintf(c.kind, sizeof c.kind, "%s", sqlite3_column_text(st, 5));
    }
    sqlite3_reset(st);
    if (!c.id || !level_fits(l->level, c.level) ||
        !in_force(l->g, c.type, c.id, l->as_of))
        return;
    snprintf(c.how, sizeof c.how, "%s", distance ? "typo" : l->how);
    c.score = distance ? 0.8 : l->score;
    for (i = 0; i < l->out->n; i++)
        if (l->out->c[i].id == c.id && !strcmp(l->out->c[i].type, c.type))
            return; /* the same place by another of its names */
    if (l->out->n < MAX_CANDS)
        l->out->c[l->out->n++] = c;
}

/* The passes of falling confidence for one part of the text. */
static void find_part(trk_geocoder *g, const gis_name_part *p,
                      const char *as_of, cands *out) {
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
    /* A typo in a short key makes another name too easily. */
    if (out->n == 0 && strlen(p->key) >= 5)
        gis_fuzzy_find(g->index, p->key, 1, add_cand, &l);
    if (out->n == 0 && *p->words) {
        int rc;
        /* Every word must appear: "dong" AND "dinh". */
        snprintf(query, sizeof query, "\"%s\"", p->words);
        for (char *s = query; *s; s++)
            if (*s == ' ')
                *s = '+';
        l.how = "words";
        l.score = 0.6;
        sqlite3_bind_text(g->words, 1, query, -1, SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(g->words)) == SQLITE_ROW)
            add_cand(sqlite3_column_int64(g->words, 0), 0, &l);
        sqlite3_reset(g->words);
    }
}

/* The unit a candidate lies in (the unit itself for units). */
static int64_t unit_of(trk_geocoder *g, const cand *c) {
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    if (!strcmp(c->type, "unit"))
        return c->id;
    if (!strcmp(c->type, "hamlet"))
        return gis_db_int(g->db, 0, "SELECT unit_id FROM hamlet WHERE id = ?1",
                          id, NULL);
    if (!strcmp(c->type, "place"))
        return gis_db_int(g->db, 0, "SELECT unit_id FROM place WHERE id = ?1",
                          id, NULL);
    return 0;
}

/* The unit's code, name, period and today's commune, into h. */
static void fill_unit(trk_geocoder *g, int64_t unit, trk_geo_hit *h) {
    sqlite3_stmt *st = NULL;
    h->unit_id = unit;
    if (unit && !gis_db_prepare(
                    g->db, &st,
                    "SELECT u.key, u.code, u.full_name, coalesce(u.valid_from,"
                    " ''), coalesce(u.valid_to, ''), cu.key, cu.full_name FROM"
                    " admin_unit u LEFT JOIN unit_current x ON x.unit_id ="
                    " u.id LEFT JOIN admin_unit cu ON cu.id ="
                    " x.current_unit_id WHERE u.id = ?1",
                    NULL)) {
        sqlite3_bind_int64(st, 1, unit);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char *v;
#define COPY(field, col)                                                       \
    v = sqlite3_column_text(st, col);                                          \
    snprintf(h->field, sizeof h->field, "%s", v ? (const char *)v : "")
            COPY(unit_key, 0);
            COPY(unit_code, 1);
            COPY(unit_name, 2);
            COPY(valid_from, 3);
            COPY(valid_to, 4);
            COPY(current_key, 5);
            COPY(current_name, 6);
#undef COPY
        }
        sqlite3_finalize(st);
    }
}

/* Fills the unit, today's commune, the point and the precision. */
static void describe(trk_geocoder *g, const cand *c, trk_geo_hit *h) {
    sqlite3_stmt *st = NULL;
    int64_t unit = unit_of(g, c);

    memset(h, 0, sizeof *h);
    snprintf(h->feature_type, sizeof h->feature_type, "%s", c->type);
    h->feature_id = c->id;
    snprintf(h->name, sizeof h->name, "%s", c->display);
    snprintf(h->matched, sizeof h->matched, "%s", c->name);
    snprintf(h->name_kind, sizeof h->name_kind, "%s", c->kind);
    snprintf(h->how, sizeof h->how, "%s", c->how);
    h->score = c->score;
    fill_unit(g, unit, h);
    if (!strcmp(c->type, "hamlet"))
        snprintf(h->hamlet, sizeof h->hamlet, "%s", c->display);
    if (!strcmp(c->type, "outline") &&
        !gis_db_prepare(g->db, &st,
                        "SELECT coalesce(valid_to, '') FROM outline WHERE id"
                        " = ?1",
                        NULL)) {
        sqlite3_bind_int64(st, 1, c->id);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(h->valid_to, sizeof h->valid_to, "%s",
                     sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        st = NULL;
    }
    /* The most exact point known, and a precision that says which. */
    if (gis_db_prepare(
            g->db, &st,
            "SELECT X(pt), Y(pt), precision, class, source FROM ("
            " SELECT point AS pt, 2 AS precision, 2 AS class, 'hamlet point'"
            " AS source, 1 AS rank FROM hamlet WHERE ?1 = 'hamlet' AND id ="
            " ?2 AND point IS NOT NULL"
            " UNION ALL SELECT point, 2, 3, 'place point', 1 FROM place WHERE"
            " ?1 = 'place' AND id = ?2 AND point IS NOT NULL"
            " UNION ALL SELECT point, 8, 1, 'seat of the unit (' || name ||"
            " ')', 2 FROM place WHERE kind = 'seat' AND unit_id = ?3 AND"
            " point IS NOT NULL AND ?1 = 'unit'"
            " UNION ALL SELECT coalesce(centre, ST_PointOnSurface(geom)), 3,"
            " 1, CASE WHEN centre IS NOT NULL THEN 'unit centre' ELSE 'a point"
            " inside the unit' END, 3 FROM admin_unit WHERE id = ?3 AND"
            " coalesce(centre, geom) IS NOT NULL"
            " UNION ALL SELECT ST_PointOnSurface(geom), 3, 1, 'a point inside"
            " the district', 4 FROM outline WHERE ?1 = 'outline' AND id = ?2"
            ") WHERE pt IS NOT NULL ORDER BY rank LIMIT 1",
            NULL))
        return;
    sqlite3_bind_text(st, 1, c->type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->id);
    sqlite3_bind_int64(st, 3, unit);
    if (sqlite3_step(st) == SQLITE_ROW) {
        h->has_point = 1;
        h->lon = sqlite3_column_double(st, 0);
        h->lat = sqlite3_column_double(st, 1);
        h->precision = sqlite3_column_int(st, 2);
        h->location_class = sqlite3_column_int(st, 3);
        h->exactness = 2; /* no gazetteer point is a survey */
        snprintf(h->point_source, sizeof h->point_source, "%s",
                 sqlite3_column_text(st, 4));
    }
    sqlite3_finalize(st);
}

/* Drops units that another candidate unit becomes over time: the oldest,
 * smallest one stands for them and carries today's commune. */
static void collapse_periods(trk_geocoder *g, cands *cs) {
    int i, j, k = 0;
    for (i = 0; i < cs->n; i++) {
        int later = 0;
        for (j = 0; j < cs->n && !later; j++)
            later = i != j && !strcmp(cs->c[i].type, "unit") &&
                    !strcmp(cs->c[j].type, "unit") &&
                    reaches(g, cs->c[j].id, cs->c[i].id);
        if (!later)
            cs->c[k++] = cs->c[i];
    }
    cs->n = k;
}

static int has_type(const cands *cs, const char *type) {
    for (int i = 0; i < cs->n; i++)
        if (!strcmp(cs->c[i].type, type))
            return 1;
    return 0;
}

/* Keeps the candidates of cs that lie in one of the units of within (or
 * in a unit that one of them became or came from). */
static void keep_within(trk_geocoder *g, cands *cs, const int64_t *units,
                        int nunits) {
    int i, j, k = 0;
    for (i = 0; i < cs->n; i++) {
        int64_t u = unit_of(g, &cs->c[i]);
        int inside = 0;
        for (j = 0; j < nunits && !inside; j++)
            inside = u && (reaches(g, u, units[j]) || reaches(g, units[j], u));
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

/* The remote answers live in geocoder_cache, keyed by request URL. */
static char *cache_get(void *ctx, const char *url) {
    trk_geocoder *g = ctx;
    sqlite3_stmt *st = NULL;
    char *body = NULL;
    if (gis_db_prepare(g->db, &st,
                       "SELECT body FROM geocoder_cache WHERE url = ?1", NULL))
        return NULL;
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        body = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return body;
}

static int cache_put(void *ctx, const char *url, const char *body,
                     time_t fetched_at) {
    trk_geocoder *g = ctx;
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_prepare(g->db, &st,
                       "INSERT OR REPLACE INTO geocoder_cache VALUES (?1, ?2,"
                       " strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'unixepoch'))",
                       NULL))
        return 1;
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)fetched_at);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc != SQLITE_DONE;
}

int trk_geocoder_use_remote(trk_geocoder *g, const char *base_url,
                            const char *contact, long min_interval_ms,
                            gis_error *err) {
    gis_nominatim_opts o;
    gis_geocoder_cache cache = {cache_get, cache_put, g};
    char ua[512], viewbox[128] = "";
    sqlite3_stmt *st = NULL;

    if (!contact || !*contact) {
        gis_error_set(err, "a remote geocoder needs a contact for the "
                           "User-Agent (--contact or TRACKER_CONTACT)");
        return 1;
    }
    /* Searches stay inside the district's box. */
    if (!gis_db_prepare(g->db, &st,
                        "SELECT MbrMinX(geom), MbrMaxY(geom), MbrMaxX(geom),"
                        " MbrMinY(geom) FROM outline WHERE key = 'base'",
                        NULL) &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(viewbox, sizeof viewbox, "%.5f,%.5f,%.5f,%.5f",
                 sqlite3_column_double(st, 0), sqlite3_column_double(st, 1),
                 sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
    sqlite3_finalize(st);
    snprintf(ua, sizeof ua,
             "tracker/0.3 (Dai Tu infrastructure works tracker; contact: %s)",
             contact);
    gis_nominatim_opts_init(&o);
    o.base_url = base_url;
    o.user_agent = ua;
    if (min_interval_ms > 0)
        o.min_interval_ms = min_interval_ms;
    o.countrycodes = "vn";
    o.viewbox = *viewbox ? viewbox : NULL;
    o.bounded = *viewbox != '\0';
    o.accept_language = "vi";
    if (gis_nominatim_new(&g->remote, &o, &cache, err))
        return 1;
    g->remote_url = strdup(base_url);
    return 0;
}

void trk_geocoder_remote_stats(const trk_geocoder *g, long *requests,
                               long *cached) {
    gis_nominatim_stats s = {0};
    if (g->remote)
        gis_nominatim_get_stats(g->remote, &s);
    *requests = s.requests;
    *cached = s.cache_hits;
}

/* Asks the remote geocoder; its hits become candidates located by their
 * own points, with the unit found from the point. */
static int ask_remote(trk_geocoder *g, int64_t within_unit, trk_geo_result *res,
                      gis_error *err) {
    gis_place_hit *hits = NULL;
    char query[400];
    int n = 0, i;

    snprintf(query, sizeof query, "%s, Đại Từ, Thái Nguyên", res->text);
    if (gis_nominatim_search(g->remote, query, 5, &hits, &n, err))
        return 1;
    res->nhits = 0;
    for (i = 0; i < n && res->nhits < TRK_GEO_MAX_HITS; i++) {
        trk_geo_hit *h = &res->hits[res->nhits++];
        trk_where_result w;
        int area = hits[i].category && !strcmp(hits[i].category, "boundary");
        memset(h, 0, sizeof *h);
        snprintf(h->feature_type, sizeof h->feature_type, "remote");
        snprintf(h->name, sizeof h->name, "%s", hits[i].display_name);
        snprintf(h->matched, sizeof h->matched, "%s",
                 hits[i].name ? hits[i].name : hits[i].display_name);
        snprintf(h->name_kind, sizeof h->name_kind, "name");
        snprintf(h->how, sizeof h->how, "remote");
        h->score = 0.7;
        h->has_point = 1;
        h->lon = hits[i].lon;
        h->lat = hits[i].lat;
        /* An administrative area's point is only its area; a named place
         * or feature is near. */
        h->precision = area ? 3 : 2;
        h->location_class = area ? 1 : 2;
        h->exactness = 2;
        snprintf(h->point_source, sizeof h->point_source,
                 "%s %s/%lld via %s; %s",
                 hits[i].category ? hits[i].category : "",
                 hits[i].osm_type ? hits[i].osm_type : "", hits[i].osm_id,
                 hits[i].source ? hits[i].source : g->remote_url,
                 hits[i].licence ? hits[i].licence : "licence not given");
        if (!trk_where(g->db, h->lon, h->lat, &w, NULL) && w.found) {
            snprintf(h->unit_key, sizeof h->unit_key, "%s", w.unit_key);
            snprintf(h->unit_name, sizeof h->unit_name, "%s", w.unit_name);
            snprintf(h->current_key, sizeof h->current_key, "%s",
                     w.current_key);
            snprintf(h->current_name, sizeof h->current_name, "%s",
                     w.current_name);
            h->unit_id =
                gis_db_int(g->db, 0, "SELECT id FROM admin_unit WHERE key = ?1",
                           w.unit_key, NULL);
        }
        /* Inside a known unit, an answer elsewhere is no answer. */
        if (within_unit &&
            !(h->unit_id && (reaches(g, h->unit_id, within_unit) ||
                             reaches(g, within_unit, h->unit_id))))
            res->nhits--;
    }
    gis_place_hits_free(hits, n);
    res->status = res->nhits == 0   ? TRK_GEO_NONE
                  : res->nhits == 1 ? TRK_GEO_FOUND
                                    : TRK_GEO_AMBIGUOUS;
    snprintf(res->note, sizeof res->note,
             "not in the gazetteer; %d answer%s from %s (© OpenStreetMap "
             "contributors, ODbL)",
             res->nhits, res->nhits == 1 ? "" : "s", g->remote_url);
    return 0;
}

int trk_geocode(trk_geocoder *g, const char *text, const char *as_of,
                int64_t within_unit, trk_geo_result *res, gis_error *err) {
    gis_name_part parts[MAX_PARTS];
    cands *found = NULL, all = {0}, places = {0};
    int64_t units[MAX_CANDS];
    int nparts = 0, nunits = 0, i, j, named_unit = 0;
    char *clean = NULL;

    memset(res, 0, sizeof *res);
    res->from_tcvn3 = gis_text_clean(text, &clean) == 1;
    snprintf(res->text, sizeof res->text, "%s", clean ? clean : "");
    free(clean);
    if (gis_placename_parse(res->text, parts, MAX_PARTS, &nparts)) {
        snprintf(res->note, sizeof res->note, "no place name in '%s'",
                 res->text);
        return 0;
    }
    found = calloc(MAX_PARTS, sizeof *found);
    if (!found) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    for (i = 0; i < nparts; i++) {
        find_part(g, &parts[i], as_of, &found[i]);
        if (found[i].n == 0) {
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
            (has_type(&found[i], "unit") || has_type(&found[i], "outline"))) {
            int k = 0;
            for (j = 0; j < found[i].n; j++)
                if (!strcmp(found[i].c[j].type, "unit") ||
                    !strcmp(found[i].c[j].type, "outline"))
                    found[i].c[k++] = found[i].c[j];
            found[i].n = k;
        }
        for (j = 0; j < found[i].n; j++) {
            cand *c = &found[i].c[j];
            if (!strcmp(c->type, "unit") && nunits < MAX_CANDS)
                units[nunits++] = c->id;
            if (!strcmp(c->type, "hamlet") || !strcmp(c->type, "place")) {
                if (places.n < MAX_CANDS)
                    places.c[places.n++] = *c;
            } else if (all.n < MAX_CANDS) {
                all.c[all.n++] = *c;
            }
        }
        if (has_type(&found[i], "unit"))
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
            if (strcmp(all.c[j].type, "outline") || !named_unit || nparts == 1)
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
    free(found);
    /* Nothing, or only loose full-text matches: worth asking further. */
    if (g->remote && (res->status == TRK_GEO_NONE || res->hits[0].score < 0.8))
        return ask_remote(g, within_unit, res, err);
    return 0;
}
