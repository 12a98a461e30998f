/*
 * trk_geocode_remote.c: the remote side of the geocoder.  A Nominatim-
 * compatible server is asked only when the gazetteer has no confident
 * answer; its answers are cached in the database (geocoder_cache), so a
 * second run sends nothing, and keep their source and licence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_geocode_int.h"
#include "trk_places.h"

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
int trk_geo_ask_remote(trk_geocoder *g, int64_t within_unit,
                       trk_geo_result *res, gis_error *err) {
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
        if (!trk_where(g->db, h->lon, h->lat, &w, NULL) && w.found)
            trk_geo_fill_unit(g,
                              gis_db_int(g->db, 0,
                                         "SELECT id FROM admin_unit WHERE"
                                         " key = ?1",
                                         w.unit_key, NULL),
                              h);
        /* Inside a known unit, an answer elsewhere is no answer. */
        if (within_unit &&
            !(h->unit_id && (trk_geo_reaches(g, h->unit_id, within_unit) ||
                             trk_geo_reaches(g, within_unit, h->unit_id))))
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
