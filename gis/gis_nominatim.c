/*
 * gis_nominatim.c: a polite Nominatim client over libcurl and json-c.
 *
 * The rules it keeps (see gis_nominatim.h) exist because the public
 * server is run by volunteers and blocks clients that ignore them.  All
 * the waiting happens in one place, take_turn(), so no request can leave
 * without it.  Numbers are written and read in the "C" locale whatever
 * the program set, since a decimal comma would break both the URL (and
 * so the cache key) and the coordinates in the answer.
 */
#include "gis_nominatim.h"

#include <curl/curl.h>
#include <errno.h>
#include <json-c/json.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Answers are a few kB; anything this big is not one. */
#define MAX_ANSWER (8L * 1024 * 1024)
#define MAX_RETRIES 10
#define PUBLIC_HOST "nominatim.openstreetmap.org"
#define PUBLIC_MIN_INTERVAL_MS 1000L

struct gis_nominatim {
    CURL *curl;
    gis_nominatim_opts o; /* the strings point to the copies below */
    char *base_url, *user_agent, *countrycodes, *viewbox, *accept_language;
    gis_geocoder_cache cache;
    locale_t c_locale;
    int64_t last_end_ns; /* when the previous request ended; 0: none yet */
    gis_nominatim_stats stats;
    char errbuf[CURL_ERROR_SIZE];
};

struct buf {
    char *data;
    size_t len, cap;
    int too_big, oom;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void init_curl(void) {
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void gis_nominatim_opts_init(gis_nominatim_opts *o) {
    memset(o, 0, sizeof *o);
    o->base_url = "https://" PUBLIC_HOST;
    o->min_interval_ms = PUBLIC_MIN_INTERVAL_MS;
    o->connect_timeout_ms = 5000;
    o->timeout_ms = 20000;
    o->max_retries = 3;
    o->backoff_ms = 1000;
    o->max_backoff_ms = 30000;
}

/* Copies src into *dst; NULL stays NULL.  Returns 1 when out of memory. */
static int dup_opt(char **dst, const char *src) {
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst == NULL;
}

static int has_control_char(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* Checks the base URL with curl's own parser, so what passes here is what
 * curl will request; reports whether it is the public server. */
static int check_base_url(const char *url, int *is_public, gis_error *err) {
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = 1;

    *is_public = 0;
    if (!u) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        gis_error_set(err, "geocoder base URL '%s' is not a URL", url);
        goto done;
    }
    if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
        gis_error_set(err, "geocoder base URL '%s' is not http or https", url);
        goto done;
    }
    if (strchr(url, '?') || strchr(url, '#')) {
        gis_error_set(err, "geocoder base URL '%s' has a query or fragment",
                      url);
        goto done;
    }
    *is_public = !strcasecmp(host, PUBLIC_HOST);
    rc = 0;
done:
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

static int check_opts(const gis_nominatim_opts *o, gis_error *err) {
    int is_public;

    if (!o->base_url || !*o->base_url) {
        gis_error_set(err, "geocoder needs a base URL");
        return 1;
    }
    if (check_base_url(o->base_url, &is_public, err))
        return 1;
    /* The policy's first rule: the server must know who is asking. */
    if (!o->user_agent || !*o->user_agent || has_control_char(o->user_agent)) {
        gis_error_set(err, "geocoder needs a User-Agent naming the "
                           "application and a contact");
        return 1;
    }
    if (o->min_interval_ms < 0 || o->connect_timeout_ms <= 0 ||
        o->timeout_ms <= 0 || o->max_retries < 0 ||
        o->max_retries > MAX_RETRIES || o->backoff_ms < 0 ||
        o->max_backoff_ms < 0 || o->max_backoff_ms > 3600000) {
        gis_error_set(err,
                      "geocoder options out of range (intervals and "
                      "timeouts in ms, back-off cap at most 1 h, at "
                      "most %d retries)",
                      MAX_RETRIES);
        return 1;
    }
    if (is_public && o->min_interval_ms < PUBLIC_MIN_INTERVAL_MS) {
        gis_error_set(err,
                      "geocoder %s allows at most one request per second "
                      "(min interval %ld ms)",
                      o->base_url, o->min_interval_ms);
        return 1;
    }
    if ((o->countrycodes && has_control_char(o->countrycodes)) ||
        (o->viewbox && has_control_char(o->viewbox)) ||
        (o->accept_language && has_control_char(o->accept_language))) {
        gis_error_set(err, "geocoder options contain control characters");
        return 1;
    }
    return 0;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud) {
    struct buf *b = ud;
    size_t k = size * nmemb;
    char *grown;
    size_t cap;

    if (b->len + k > (size_t)MAX_ANSWER) {
        b->too_big = 1;
        return 0; /* curl stops with CURLE_WRITE_ERROR */
    }
    if (b->len + k + 1 > b->cap) {
        cap = b->cap ? b->cap : 4096;
        while (cap < b->len + k + 1)
            cap *= 2;
        grown = realloc(b->data, cap);
        if (!grown) {
            b->oom = 1;
            return 0;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, k);
    b->len += k;
    b->data[b->len] = '\0';
    return k;
}

int gis_nominatim_new(gis_nominatim **out, const gis_nominatim_opts *o,
                      const gis_geocoder_cache *cache, gis_error *err) {
    gis_nominatim *n = NULL;
    size_t len;

    *out = NULL;
    if (check_opts(o, err))
        return 1;
    pthread_once(&curl_once, init_curl);
    if (curl_init_rc != CURLE_OK) {
        gis_error_set(err, "cannot start libcurl: %s",
                      curl_easy_strerror(curl_init_rc));
        return 1;
    }
    n = calloc(1, sizeof *n);
    if (!n) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    n->o = *o;
    if (dup_opt(&n->base_url, o->base_url) ||
        dup_opt(&n->user_agent, o->user_agent) ||
        dup_opt(&n->countrycodes, o->countrycodes) ||
        dup_opt(&n->viewbox, o->viewbox) ||
        dup_opt(&n->accept_language, o->accept_language)) {
        gis_error_set(err, "out of memory");
        goto fail;
    }
    /* Paths are appended with their own slash. */
    len = strlen(n->base_url);
    while (len > 0 && n->base_url[len - 1] == '/')
        n->base_url[--len] = '\0';
    n->o.base_url = n->base_url;
    n->o.user_agent = n->user_agent;
    n->o.countrycodes = n->countrycodes;
    n->o.viewbox = n->viewbox;
    n->o.accept_language = n->accept_language;
    if (cache)
        n->cache = *cache;
    n->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (n->c_locale == (locale_t)0) {
        gis_error_set(err, "cannot make the C locale: %s", strerror(errno));
        goto fail;
    }
    n->curl = curl_easy_init();
    if (!n->curl) {
        gis_error_set(err, "cannot start libcurl");
        goto fail;
    }
    /* NOSIGNAL: timeouts must not rely on SIGALRM in a library. */
    if (curl_easy_setopt(n->curl, CURLOPT_USERAGENT, n->user_agent) ||
        curl_easy_setopt(n->curl, CURLOPT_CONNECTTIMEOUT_MS,
                         o->connect_timeout_ms) ||
        curl_easy_setopt(n->curl, CURLOPT_TIMEOUT_MS, o->timeout_ms) ||
        curl_easy_setopt(n->curl, CURLOPT_NOSIGNAL, 1L) ||
        curl_easy_setopt(n->curl, CURLOPT_FOLLOWLOCATION, 1L) ||
        curl_easy_setopt(n->curl, CURLOPT_MAXREDIRS, 5L) ||
        curl_easy_setopt(n->curl, CURLOPT_PROTOCOLS_STR, "http,https") ||
        curl_easy_setopt(n->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ||
        curl_easy_setopt(n->curl, CURLOPT_ACCEPT_ENCODING, "") ||
        curl_easy_setopt(n->curl, CURLOPT_WRITEFUNCTION, on_data) ||
        curl_easy_setopt(n->curl, CURLOPT_ERRORBUFFER, n->errbuf)) {
        gis_error_set(err, "cannot set up libcurl");
        goto fail;
    }
    *out = n;
    return 0;
fail:
    gis_nominatim_free(n);
    return 1;
}

void gis_nominatim_free(gis_nominatim *n) {
    if (!n)
        return;
    if (n->curl)
        curl_easy_cleanup(n->curl);
    if (n->c_locale != (locale_t)0)
        freelocale(n->c_locale);
    free(n->base_url);
    free(n->user_agent);
    free(n->countrycodes);
    free(n->viewbox);
    free(n->accept_language);
    free(n);
}

void gis_nominatim_get_stats(const gis_nominatim *n, gis_nominatim_stats *out) {
    *out = n->stats;
}

/* ---- building URLs ---- */

struct sb {
    char *s;
    size_t len, cap;
    int oom;
};

static void sb_add(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_add(struct sb *b, const char *fmt, ...) {
    va_list ap;
    int k;
    size_t cap;
    char *grown;

    if (b->oom)
        return;
    va_start(ap, fmt);
    k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->oom = 1;
        return;
    }
    if (b->len + (size_t)k + 1 > b->cap) {
        cap = b->cap ? b->cap : 256;
        while (cap < b->len + (size_t)k + 1)
            cap *= 2;
        grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)k;
}

/* Appends "&key=value", value percent-encoded (UTF-8 bytes as %XX). */
static void sb_param(gis_nominatim *n, struct sb *b, const char *key,
                     const char *value) {
    char *esc;
    if (!value)
        return;
    esc = curl_easy_escape(n->curl, value, 0);
    if (!esc) {
        b->oom = 1;
        return;
    }
    sb_add(b, "&%s=%s", key, esc);
    curl_free(esc);
}

/* ---- sending ---- */

/* Sleeps until the interval since the last request and the back-off
 * delay have both passed.  clock_nanosleep on an absolute monotonic time
 * survives signals and clock changes. */
static void take_turn(gis_nominatim *n, long delay_ms) {
    long wait_ms =
        n->o.min_interval_ms > delay_ms ? n->o.min_interval_ms : delay_ms;
    int64_t start = now_ns(), until;
    struct timespec ts;

    if (n->last_end_ns == 0)
        return;
    until = n->last_end_ns + (int64_t)wait_ms * 1000000;
    if (until <= start)
        return;
    ts.tv_sec = (time_t)(until / 1000000000);
    ts.tv_nsec = (long)(until % 1000000000);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
    n->stats.waited_ms += (long)((now_ns() - start) / 1000000);
}

static int is_retryable(CURLcode cc, long status) {
    if (cc == CURLE_OK)
        return status == 429 || (status >= 500 && status <= 599);
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return 1;
    default:
        return 0;
    }
}

/* Says in a few words why one try failed. */
static void describe(gis_nominatim *n, CURLcode cc, long status,
                     long elapsed_ms, const struct buf *b, char *out,
                     size_t outsize) {
    if (cc == CURLE_OK)
        snprintf(out, outsize, "HTTP %ld", status);
    else if (cc == CURLE_OPERATION_TIMEDOUT &&
             n->o.connect_timeout_ms < n->o.timeout_ms &&
             elapsed_ms + 100 < n->o.timeout_ms)
        /* curl says the same for both timeouts; only the connect one can
         * end this early. */
        snprintf(out, outsize, "could not connect within %ld ms",
                 n->o.connect_timeout_ms);
    else if (cc == CURLE_OPERATION_TIMEDOUT)
        snprintf(out, outsize, "timed out after %ld ms", n->o.timeout_ms);
    else if (cc == CURLE_WRITE_ERROR && b->too_big)
        snprintf(out, outsize, "answer larger than %ld bytes", MAX_ANSWER);
    else if (cc == CURLE_WRITE_ERROR && b->oom)
        snprintf(out, outsize, "out of memory");
    else
        snprintf(out, outsize, "%s",
                 n->errbuf[0] ? n->errbuf : curl_easy_strerror(cc));
}

/* The wait before retry number `retry` (1, 2, ...): backoff_ms, doubled
 * for each retry after the first, within the cap. */
static long backoff_for(const gis_nominatim *n, int retry) {
    long d = n->o.backoff_ms;
    int i;
    for (i = 1; i < retry && d < n->o.max_backoff_ms; i++)
        d *= 2;
    return d < n->o.max_backoff_ms ? d : n->o.max_backoff_ms;
}

/* GETs url until it answers 200, a final error, or the tries run out.
 * On success *body is the answer, malloc'd and NUL-terminated. */
static int fetch(gis_nominatim *n, const char *url, char **body,
                 gis_error *err) {
    struct buf b = {0};
    char why[CURL_ERROR_SIZE + 64];
    long status, delay_ms = 0, elapsed_ms;
    curl_off_t retry_after;
    int64_t start;
    int tries = 0, rc = 1;
    CURLcode cc;

    *body = NULL;
    if (curl_easy_setopt(n->curl, CURLOPT_URL, url) ||
        curl_easy_setopt(n->curl, CURLOPT_WRITEDATA, &b)) {
        gis_error_set(err, "geocoder %s: cannot set up libcurl", url);
        goto done;
    }
    for (;;) {
        take_turn(n, delay_ms);
        b.len = 0;
        b.too_big = b.oom = 0;
        n->errbuf[0] = '\0';
        tries++;
        n->stats.requests++;
        start = now_ns();
        cc = curl_easy_perform(n->curl);
        n->last_end_ns = now_ns();
        elapsed_ms = (long)((n->last_end_ns - start) / 1000000);
        status = 0;
        retry_after = 0;
        if (cc == CURLE_OK) {
            curl_easy_getinfo(n->curl, CURLINFO_RESPONSE_CODE, &status);
            curl_easy_getinfo(n->curl, CURLINFO_RETRY_AFTER, &retry_after);
        }
        if (cc == CURLE_OK && status == 200)
            break;
        describe(n, cc, status, elapsed_ms, &b, why, sizeof why);
        if (!is_retryable(cc, status) || tries > n->o.max_retries) {
            if (tries > 1)
                gis_error_set(err, "geocoder %s: %s (%d tries)", url, why,
                              tries);
            else
                gis_error_set(err, "geocoder %s: %s", url, why);
            goto done;
        }
        /* Coming back before the server asked would be rude, and waiting
         * for hours inside one lookup is no use either: give up. */
        if (retry_after > n->o.max_backoff_ms / 1000) {
            gis_error_set(err,
                          "geocoder %s: %s, server asks to wait %lld s (more "
                          "than the %ld ms cap)",
                          url, why, (long long)retry_after,
                          n->o.max_backoff_ms);
            goto done;
        }
        delay_ms = backoff_for(n, tries);
        if (retry_after * 1000 > delay_ms)
            delay_ms = (long)retry_after * 1000;
        n->stats.retries++;
    }
    /* An empty 200 still needs a string, to be reported as not JSON. */
    *body = b.data ? b.data : strdup("");
    if (!*body) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    b.data = NULL;
    rc = 0;
done:
    /* The handle must not keep a pointer into this stack frame. */
    curl_easy_setopt(n->curl, CURLOPT_WRITEDATA, NULL);
    free(b.data);
    return rc;
}

/* ---- reading answers ---- */

/* Parses the whole of text as strict JSON; NULL if it is not. */
static json_object *parse_json(const char *text) {
    json_tokener *tok = json_tokener_new();
    json_object *obj = NULL;
    size_t len = strlen(text), end;

    if (!tok)
        return NULL;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    obj = json_tokener_parse_ex(tok, text, (int)len);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(obj);
        obj = NULL;
        goto done;
    }
    /* A valid prefix followed by junk is not an answer either. */
    for (end = json_tokener_get_parse_end(tok); end < len; end++)
        if (!strchr(" \t\r\n", text[end])) {
            json_object_put(obj);
            obj = NULL;
            break;
        }
done:
    json_tokener_free(tok);
    return obj;
}

static const char *str_field(json_object *o, const char *key) {
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) ||
        !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

/* Reads a number Nominatim may send as a JSON number or as a string
 * ("lat": "21.63").  Returns 1 when v is not a finite number. */
static int num_value(json_object *v, double *out) {
    const char *s;
    char *end;

    if (json_object_is_type(v, json_type_double) ||
        json_object_is_type(v, json_type_int)) {
        *out = json_object_get_double(v);
        return !isfinite(*out);
    }
    if (!json_object_is_type(v, json_type_string))
        return 1;
    s = json_object_get_string(v);
    errno = 0;
    *out = strtod(s, &end);
    return end == s || *end || errno || !isfinite(*out);
}

static int num_field(json_object *o, const char *key, double *out) {
    json_object *v;
    return !json_object_object_get_ex(o, key, &v) || num_value(v, out);
}

/* Copies the string field key into *dst (NULL when absent).  Returns 1
 * when out of memory. */
static int dup_field(char **dst, json_object *o, const char *key) {
    return dup_opt(dst, str_field(o, key));
}

static int read_address(json_object *o, gis_place_hit *h) {
    json_object *addr;
    int i = 0;

    if (!json_object_object_get_ex(o, "address", &addr) ||
        !json_object_is_type(addr, json_type_object) ||
        json_object_object_length(addr) == 0)
        return 0;
    h->address =
        calloc((size_t)json_object_object_length(addr), sizeof *h->address);
    if (!h->address)
        return 1;
    json_object_object_foreach(addr, key, val) {
        if (!json_object_is_type(val, json_type_string))
            continue;
        h->address[i].key = strdup(key);
        h->address[i].value = strdup(json_object_get_string(val));
        h->naddress = ++i; /* counted now so a failure frees this part */
        if (!h->address[i - 1].key || !h->address[i - 1].value)
            return 1;
    }
    return 0;
}

/* Fills h from one result object.  Returns 0, 1 when out of memory, 2
 * when o is not a usable result (why says what is missing). */
static int read_hit(gis_nominatim *n, json_object *o, const char *url,
                    gis_place_hit *h, const char **why) {
    json_object *v, *bb;
    double d, s[4];
    int i;

    if (!json_object_is_type(o, json_type_object)) {
        *why = "a result is not an object";
        return 2;
    }
    if (!str_field(o, "display_name")) {
        *why = "a result has no display_name";
        return 2;
    }
    if (num_field(o, "lat", &h->lat) || num_field(o, "lon", &h->lon) ||
        fabs(h->lat) > 90 || fabs(h->lon) > 180) {
        *why = "a result has no usable lat/lon";
        return 2;
    }
    if (dup_field(&h->display_name, o, "display_name") ||
        dup_field(&h->name, o, "name") ||
        dup_field(&h->osm_type, o, "osm_type") ||
        /* jsonv2 says category, the older formats say class */
        dup_field(&h->category, o, "category") ||
        (!h->category && dup_field(&h->category, o, "class")) ||
        dup_field(&h->type, o, "type") ||
        dup_field(&h->addresstype, o, "addresstype") ||
        dup_field(&h->licence, o, "licence") ||
        dup_opt(&h->source, n->o.base_url) || dup_opt(&h->url, url) ||
        read_address(o, h))
        return 1;
    if (json_object_object_get_ex(o, "osm_id", &v))
        h->osm_id = json_object_get_int64(v);
    h->importance = num_field(o, "importance", &d) ? -1 : d;
    h->place_rank =
        num_field(o, "place_rank", &d) || d < 0 || d > 100 ? 0 : (int)d;
    /* boundingbox is [south, north, west, east], as strings. */
    if (json_object_object_get_ex(o, "boundingbox", &bb) &&
        json_object_is_type(bb, json_type_array) &&
        json_object_array_length(bb) == 4) {
        h->has_bbox = 1;
        for (i = 0; i < 4; i++)
            if (num_value(json_object_array_get_idx(bb, i), &s[i]))
                h->has_bbox = 0;
        if (h->has_bbox) {
            h->bbox[0] = s[2];
            h->bbox[1] = s[0];
            h->bbox[2] = s[3];
            h->bbox[3] = s[1];
        }
    }
    return 0;
}

/* Turns an answer into hits.  Search answers are arrays; reverse answers
 * one object, or {"error": "Unable to geocode"} when nothing is there.
 * Returns 0, or 1 with err set (prefixed by the caller). */
static int read_answer(gis_nominatim *n, const char *url, const char *body,
                       int reverse, gis_place_hit **hits, int *nhits,
                       gis_error *err) {
    json_object *root, *item, *e;
    const char *why = NULL;
    size_t count, i;
    int rc = 1, r;
    locale_t old = uselocale(n->c_locale);

    root = parse_json(body);
    if (!root) {
        gis_error_set(err, "answer is not JSON");
        goto done;
    }
    if (json_object_is_type(root, json_type_object) &&
        json_object_object_get_ex(root, "error", &e)) {
        const char *msg = json_object_is_type(e, json_type_object)
                              ? str_field(e, "message")
                              : json_object_get_string(e);
        if (reverse) {
            rc = 0; /* "Unable to geocode": nothing at that spot */
            goto done;
        }
        gis_error_set(err, "server says: %s", msg ? msg : "error");
        goto done;
    }
    if (reverse ? !json_object_is_type(root, json_type_object)
                : !json_object_is_type(root, json_type_array)) {
        gis_error_set(err, "answer is not a Nominatim %s result",
                      reverse ? "reverse" : "search");
        goto done;
    }
    count = reverse ? 1 : json_object_array_length(root);
    if (count == 0) {
        rc = 0;
        goto done;
    }
    *hits = calloc(count, sizeof **hits);
    if (!*hits) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    for (i = 0; i < count; i++) {
        item = reverse ? root : json_object_array_get_idx(root, i);
        *nhits = (int)i + 1; /* so a half-filled hit is freed too */
        r = read_hit(n, item, url, &(*hits)[i], &why);
        if (r == 1) {
            gis_error_set(err, "out of memory");
            goto done;
        }
        if (r == 2) {
            gis_error_set(err, "answer is not a Nominatim result (%s)", why);
            goto done;
        }
    }
    rc = 0;
done:
    if (rc) {
        gis_place_hits_free(*hits, *nhits);
        *hits = NULL;
        *nhits = 0;
    }
    json_object_put(root);
    uselocale(old);
    return rc;
}

/* Answers url from the cache, or asks the server and caches the answer
 * if it is a good one. */
static int lookup(gis_nominatim *n, const char *url, int reverse,
                  gis_place_hit **hits, int *nhits, gis_error *err) {
    gis_error why;
    char *body = NULL;
    int cached = 0, rc = 1;

    if (n->cache.get && (body = n->cache.get(n->cache.ctx, url))) {
        cached = 1;
        n->stats.cache_hits++;
    } else if (fetch(n, url, &body, err))
        goto done;
    if (read_answer(n, url, body, reverse, hits, nhits, &why)) {
        gis_error_set(err, "geocoder %s: %s%s", url, cached ? "cached " : "",
                      why.msg);
        goto done;
    }
    if (!cached && n->cache.put &&
        n->cache.put(n->cache.ctx, url, body, time(NULL))) {
        /* An answer we cannot keep would be asked for again next run. */
        gis_error_set(err, "geocoder %s: cannot store the answer in the cache",
                      url);
        gis_place_hits_free(*hits, *nhits);
        *hits = NULL;
        *nhits = 0;
        goto done;
    }
    rc = 0;
done:
    free(body);
    return rc;
}

/* Options shared by both endpoints; the order is fixed so the URL, and
 * so the cache key, is the same from run to run. */
static void sb_common(gis_nominatim *n, struct sb *b) {
    sb_add(b, "&addressdetails=1");
    sb_param(n, b, "accept-language", n->o.accept_language);
}

int gis_nominatim_search(gis_nominatim *n, const char *query, int limit,
                         gis_place_hit **hits, int *nhits, gis_error *err) {
    struct sb b = {0};
    int rc = 1;

    *hits = NULL;
    *nhits = 0;
    if (!query || !*query || strspn(query, " \t\r\n") == strlen(query)) {
        gis_error_set(err, "geocoder: empty search");
        return 1;
    }
    sb_add(&b, "%s/search?format=jsonv2", n->o.base_url);
    sb_param(n, &b, "q", query);
    if (limit > 0)
        sb_add(&b, "&limit=%d", limit);
    sb_common(n, &b);
    sb_param(n, &b, "countrycodes", n->o.countrycodes);
    sb_param(n, &b, "viewbox", n->o.viewbox);
    if (n->o.bounded)
        sb_add(&b, "&bounded=1");
    if (b.oom) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    rc = lookup(n, b.s, 0, hits, nhits, err);
done:
    free(b.s);
    return rc;
}

int gis_nominatim_reverse(gis_nominatim *n, double lon, double lat, int zoom,
                          gis_place_hit **hits, int *nhits, gis_error *err) {
    struct sb b = {0};
    locale_t old;
    int rc = 1;

    *hits = NULL;
    *nhits = 0;
    if (!isfinite(lon) || !isfinite(lat) || fabs(lon) > 180 || fabs(lat) > 90 ||
        zoom < 0 || zoom > 18) {
        gis_error_set(err,
                      "geocoder: cannot reverse lon %g lat %g at zoom %d "
                      "(lon -180..180, lat -90..90, zoom 0..18)",
                      lon, lat, zoom);
        return 1;
    }
    old = uselocale(n->c_locale);
    /* 7 decimals is about 1 cm: more would only split the cache. */
    sb_add(&b, "%s/reverse?format=jsonv2&lat=%.7f&lon=%.7f&zoom=%d",
           n->o.base_url, lat, lon, zoom);
    uselocale(old);
    sb_common(n, &b);
    if (b.oom) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    rc = lookup(n, b.s, 1, hits, nhits, err);
done:
    free(b.s);
    return rc;
}

void gis_place_hits_free(gis_place_hit *hits, int n) {
    int i, j;
    if (!hits)
        return;
    for (i = 0; i < n; i++) {
        gis_place_hit *h = &hits[i];
        free(h->display_name);
        free(h->name);
        free(h->osm_type);
        free(h->category);
        free(h->type);
        free(h->addresstype);
        for (j = 0; j < h->naddress; j++) {
            free(h->address[j].key);
            free(h->address[j].value);
        }
        free(h->address);
        free(h->licence);
        free(h->source);
        free(h->url);
    }
    free(hits);
}
