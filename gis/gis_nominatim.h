/*
 * gis_nominatim.h: an opt-in client for Nominatim-compatible geocoders
 * (/search and /reverse, format=jsonv2), for when local data has no
 * confident answer.
 *
 * It keeps to the OSM Foundation's Nominatim usage policy, which is also
 * plain courtesy towards any other server:
 *   - the caller names its application and a contact in the User-Agent;
 *   - requests are spaced by a minimum interval (at least 1 s on the
 *     public server), measured on a monotonic clock from the end of the
 *     previous request, so the server never sees them closer together;
 *   - HTTP 429, 5xx and network failures are retried with exponential
 *     back-off; a Retry-After header is obeyed, and when it asks for more
 *     than the back-off cap the client gives up rather than come back
 *     early; other answers (403, 404, ...) are final;
 *   - every good answer goes to a cache the caller supplies, keyed by the
 *     full request URL, so the same question is never sent twice.
 * Hits keep the licence string the server sent and the server's base URL,
 * because OSM data may only be republished with its attribution.
 *
 * A client owns one curl handle (connections are reused) and is not
 * thread-safe.  The interval is kept per client: use one per server.
 */
#ifndef GIS_NOMINATIM_H
#define GIS_NOMINATIM_H

#include <time.h>

#include "gis_error.h"

/* Where answers are kept between runs; the client knows nothing of how.
 * Either callback may be NULL (no reads, or no writes). */
typedef struct gis_geocoder_cache {
    /* The body stored for url, malloc'd (the client frees it), or NULL
     * when there is none. */
    char *(*get)(void *ctx, const char *url);
    /* Stores body for url, replacing any; fetched_at is seconds since the
     * epoch.  Returns 0, or non-zero to make the lookup fail. */
    int (*put)(void *ctx, const char *url, const char *body, time_t fetched_at);
    void *ctx;
} gis_geocoder_cache;

typedef struct gis_nominatim_opts {
    const char *base_url;   /* "https://nominatim.openstreetmap.org" */
    const char *user_agent; /* required: "app/1.0 (contact: who@where)" */
    long min_interval_ms;   /* between requests; >= 1000 on the public one */
    long connect_timeout_ms;
    long timeout_ms;          /* for one whole request */
    int max_retries;          /* tries after the first */
    long backoff_ms;          /* wait before the first retry, doubled after */
    long max_backoff_ms;      /* cap on back-off and on Retry-After */
    const char *countrycodes; /* search only: "vn", or NULL */
    const char *viewbox;      /* search only: "x1,y1,x2,y2", or NULL */
    int bounded;              /* search only: 1 keeps hits in viewbox */
    const char *accept_language; /* "vi", or NULL for the server's */
} gis_nominatim_opts;

/* One line of a hit's address, most specific first ("county", "Huyện
 * Đại Từ"). */
typedef struct gis_place_part {
    char *key;
    char *value;
} gis_place_part;

/* A hit as the server described it.  Strings other than display_name,
 * source and url are NULL when the server left them out. */
typedef struct gis_place_hit {
    char *display_name;
    char *name;
    double lon, lat;
    char *osm_type;    /* "node", "way" or "relation" */
    long long osm_id;  /* 0 when absent */
    char *category;    /* "boundary", "place", ... */
    char *type;        /* "administrative", "village", ... */
    char *addresstype; /* what the address calls it: "county", ... */
    double importance; /* 0..1, or -1 when absent */
    int place_rank;    /* 1..30, or 0 when absent */
    int has_bbox;
    double bbox[4]; /* west, south, east, north */
    gis_place_part *address;
    int naddress;
    char *licence; /* "Data © OpenStreetMap contributors, ODbL 1.0. ..." */
    char *source;  /* the server's base URL */
    char *url;     /* the request that answered (the cache key) */
} gis_place_hit;

/* What a client has done, for tests and for telling the user. */
typedef struct gis_nominatim_stats {
    long requests;   /* HTTP requests sent, retries included */
    long cache_hits; /* lookups answered from the cache */
    long retries;
    long waited_ms; /* slept for the interval and for back-off */
} gis_nominatim_stats;

typedef struct gis_nominatim gis_nominatim;

/* Fills o with the defaults: the public server, 1 s interval, 5 s connect
 * and 20 s total timeouts, 3 retries from 1 s, 30 s cap.  user_agent stays
 * NULL: the caller must give one. */
void gis_nominatim_opts_init(gis_nominatim_opts *o);

/* Makes a client; copies o and cache (cache may be NULL: no caching). */
int gis_nominatim_new(gis_nominatim **out, const gis_nominatim_opts *o,
                      const gis_geocoder_cache *cache, gis_error *err);

/* Free-form search; limit <= 0 leaves it to the server.  On success *hits
 * (free with gis_place_hits_free) holds *nhits hits, best first; no match
 * is success with 0 hits.  Returns 0, or 1 with err set. */
int gis_nominatim_search(gis_nominatim *n, const char *query, int limit,
                         gis_place_hit **hits, int *nhits, gis_error *err);

/* The place at lon/lat; zoom 0..18 sets the detail (10 city, 14
 * suburb, 18 building).  Nothing there is success with 0 hits. */
int gis_nominatim_reverse(gis_nominatim *n, double lon, double lat, int zoom,
                          gis_place_hit **hits, int *nhits, gis_error *err);

void gis_nominatim_get_stats(const gis_nominatim *n, gis_nominatim_stats *out);

void gis_place_hits_free(gis_place_hit *hits, int n);

void gis_nominatim_free(gis_nominatim *n);

#endif
