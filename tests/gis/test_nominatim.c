/*
 * test_nominatim.c: the geocoder client against a real HTTP server on
 * loopback (tests/fixtures/nominatim/server.py), so what is checked is
 * what goes over the wire: headers, spacing, retries, time-outs.  The
 * server logs every request before answering it; the tests count and time
 * requests from that log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gis_nominatim.h"

#define UA "tracker/0.1 (contact: test@example.org)"
#define LICENCE                                                                \
    "Data \xc2\xa9 OpenStreetMap contributors, ODbL 1.0. "                     \
    "http://osm.org/copyright"
/* "Đại Từ" as curl_easy_escape writes it */
#define Q_DAI_TU "q=%C4%90%E1%BA%A1i%20T%E1%BB%AB"

static struct {
    pid_t pid;
    int port;
    char log[512];
    char base[64];
} srv;

struct req {
    double t;
    char path[1024];
    char ua[256];
};

/* ---- the server ---- */

static int start_server(void **state) {
    const char *tmp = getenv("TMPDIR");
    char line[32];
    FILE *out;
    int fds[2], fd;

    (void)state;
    /* A proxy from the environment must not see loopback requests. */
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    unsetenv("all_proxy");
    unsetenv("ALL_PROXY");
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    snprintf(srv.log, sizeof srv.log, "%s/nominatim-log-XXXXXX",
             tmp ? tmp : "/tmp");
    fd = mkstemp(srv.log);
    if (fd < 0 || close(fd) || pipe(fds))
        return -1;
    srv.pid = fork();
    if (srv.pid < 0)
        return -1;
    if (srv.pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl("/usr/bin/python3", "python3",
              FIXTURES_DIR "/nominatim/server.py", srv.log, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    out = fdopen(fds[0], "r");
    if (!out) {
        close(fds[0]);
        return -1;
    }
    if (!fgets(line, sizeof line, out) || (srv.port = atoi(line)) <= 0) {
        fclose(out);
        return -1;
    }
    fclose(out);
    snprintf(srv.base, sizeof srv.base, "http://127.0.0.1:%d", srv.port);
    return 0;
}

static int stop_server(void **state) {
    (void)state;
    if (srv.pid > 0) {
        kill(srv.pid, SIGTERM);
        waitpid(srv.pid, NULL, 0);
    }
    unlink(srv.log);
    return 0;
}

/* Number of requests the server has logged so far. */
static int log_count(void) {
    FILE *f = fopen(srv.log, "r");
    int c, n = 0;
    assert_non_null(f);
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

/* Reads the requests logged after the first `from`; returns how many. */
static int log_since(int from, struct req *reqs, int max) {
    FILE *f = fopen(srv.log, "r");
    char line[2048], *tab1, *tab2;
    int i = 0, n = 0;

    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        if (i++ < from || n >= max)
            continue;
        line[strcspn(line, "\n")] = '\0';
        tab1 = strchr(line, '\t');
        tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        assert_non_null(tab2);
        *tab1 = *tab2 = '\0';
        reqs[n].t = atof(line);
        snprintf(reqs[n].path, sizeof reqs[n].path, "%s", tab1 + 1);
        snprintf(reqs[n].ua, sizeof reqs[n].ua, "%s", tab2 + 1);
        n++;
    }
    fclose(f);
    return n;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Test options: this server, no interval, short timeouts and back-off;
 * each test changes what it is about. */
static gis_nominatim_opts opts_for(const char *mode) {
    static char base[128];
    gis_nominatim_opts o;

    gis_nominatim_opts_init(&o);
    snprintf(base, sizeof base, "%s%s", srv.base, mode);
    o.base_url = base;
    o.user_agent = UA;
    o.min_interval_ms = 0;
    o.connect_timeout_ms = 1000;
    o.timeout_ms = 2000;
    o.max_retries = 3;
    o.backoff_ms = 50;
    o.max_backoff_ms = 2000;
    return o;
}

static gis_nominatim *client(const gis_nominatim_opts *o,
                             const gis_geocoder_cache *cache) {
    gis_nominatim *n = NULL;
    gis_error err = {{0}};
    if (gis_nominatim_new(&n, o, cache, &err))
        fail_msg("gis_nominatim_new: %s", err.msg);
    return n;
}

/* ---- an in-memory cache, as the tracker's table would be ---- */

struct memcache {
    int n, gets, puts;
    char *url[8], *body[8];
    time_t at[8];
};

static char *mc_get(void *ctx, const char *url) {
    struct memcache *c = ctx;
    int i;
    c->gets++;
    for (i = 0; i < c->n; i++)
        if (!strcmp(c->url[i], url))
            return strdup(c->body[i]);
    return NULL;
}

static int mc_put(void *ctx, const char *url, const char *body,
                  time_t fetched_at) {
    struct memcache *c = ctx;
    c->puts++;
    if (c->n == 8)
        return 1;
    c->url[c->n] = strdup(url);
    c->body[c->n] = strdup(body);
    c->at[c->n] = fetched_at;
    c->n++;
    return 0;
}

static void mc_free(struct memcache *c) {
    int i;
    for (i = 0; i < c->n; i++) {
        free(c->url[i]);
        free(c->body[i]);
    }
}

/* A cache that holds one body for every URL (ctx is the body). */
static char *fixed_get(void *ctx, const char *url) {
    (void)url;
    return strdup(ctx);
}

/* ---- tests ---- */

static void test_search_keeps_fields_licence_and_source(void **state) {
    gis_nominatim_opts o = opts_for("");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[4];
    int nhits = -1, mark = log_count(), i;
    char want[256];

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 5, &hits, &nhits, &err),
                     0);
    assert_int_equal(nhits, 2);
    assert_string_equal(hits[0].display_name,
                        "Huyện Đại Từ, Tỉnh Thái Nguyên, Việt Nam");
    assert_string_equal(hits[0].name, "Huyện Đại Từ");
    assert_true(fabs(hits[0].lat - 21.6426373) < 1e-9);
    assert_true(fabs(hits[0].lon - 105.6196489) < 1e-9);
    assert_string_equal(hits[0].osm_type, "relation");
    assert_true(hits[0].osm_id == 1903477);
    assert_string_equal(hits[0].category, "boundary");
    assert_string_equal(hits[0].type, "administrative");
    assert_string_equal(hits[0].addresstype, "county");
    assert_int_equal(hits[0].place_rank, 12);
    assert_true(fabs(hits[0].importance - 0.4173659487) < 1e-9);
    assert_true(hits[0].has_bbox);
    assert_true(hits[0].bbox[0] < hits[0].bbox[2]); /* west < east */
    assert_true(fabs(hits[0].bbox[1] - 21.499805) < 1e-9);
    assert_int_equal(hits[0].naddress, 5);
    assert_string_equal(hits[0].address[0].key, "county");
    assert_string_equal(hits[0].address[0].value, "Huyện Đại Từ");
    assert_string_equal(hits[0].address[4].key, "country_code");
    assert_true(hits[1].osm_id == 5782563610LL); /* past 32 bits */
    assert_string_equal(hits[1].osm_type, "node");
    for (i = 0; i < nhits; i++) {
        assert_string_equal(hits[i].licence, LICENCE);
        assert_string_equal(hits[i].source, srv.base);
        assert_non_null(strstr(hits[i].url, Q_DAI_TU));
    }
    /* What went over the wire: jsonv2, the query percent-encoded. */
    assert_int_equal(log_since(mark, r, 4), 1);
    snprintf(want, sizeof want, "/search?format=jsonv2&%s&limit=5", Q_DAI_TU);
    assert_memory_equal(r[0].path, want, strlen(want));
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_reverse_one_hit_or_none(void **state) {
    gis_nominatim_opts o = opts_for("/");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[4];
    int nhits = -1, mark = log_count();

    (void)state;
    assert_int_equal(gis_nominatim_reverse(n, 105.6385934, 21.6301862, 14,
                                           &hits, &nhits, &err),
                     0);
    assert_int_equal(nhits, 1);
    assert_string_equal(hits[0].name, "Thị trấn Hùng Sơn");
    assert_string_equal(hits[0].addresstype, "town");
    assert_string_equal(hits[0].licence, LICENCE);
    /* The trailing slash of the base URL is not part of the source. */
    assert_string_equal(hits[0].source, srv.base);
    gis_place_hits_free(hits, nhits);
    assert_int_equal(log_since(mark, r, 4), 1);
    assert_string_equal(r[0].path, "/reverse?format=jsonv2&lat=21.6301862&"
                                   "lon=105.6385934&zoom=14&addressdetails=1");

    /* Nothing there ("Unable to geocode") is an answer, not an error. */
    assert_int_equal(
        gis_nominatim_reverse(n, 0.5, 0.5, 10, &hits, &nhits, &err), 0);
    assert_int_equal(nhits, 0);
    assert_null(hits);
    assert_int_equal(gis_nominatim_reverse(n, 200, 0, 10, &hits, &nhits, &err),
                     1);
    assert_non_null(strstr(err.msg, "lon -180..180"));
    gis_nominatim_free(n);
}

static void test_user_agent_is_sent(void **state) {
    gis_nominatim_opts o = opts_for("/ua");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[4];
    int nhits = -1, mark = log_count();

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 1, &hits, &nhits, &err),
                     0);
    assert_int_equal(nhits, 1);
    assert_int_equal(log_since(mark, r, 4), 1);
    assert_string_equal(r[0].ua, UA);
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_min_interval_spaces_requests(void **state) {
    gis_nominatim_opts o = opts_for("");
    gis_nominatim *n;
    gis_nominatim_stats st;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[4];
    int nhits, mark = log_count();
    double t0, t1;

    (void)state;
    o.min_interval_ms = 300;
    n = client(&o, NULL);
    t0 = now_s();
    assert_int_equal(
        gis_nominatim_search(n, "interval one", 0, &hits, &nhits, &err), 0);
    gis_nominatim_get_stats(n, &st);
    assert_int_equal(st.waited_ms, 0); /* the first request goes at once */
    assert_int_equal(
        gis_nominatim_search(n, "interval two", 0, &hits, &nhits, &err), 0);
    t1 = now_s();
    assert_int_equal(log_since(mark, r, 4), 2);
    /* As the server saw them, not only as the client sent them. */
    assert_true(r[1].t - r[0].t >= 0.300);
    assert_true(t1 - t0 >= 0.300);
    assert_true(t1 - t0 < 1.5);
    gis_nominatim_get_stats(n, &st);
    assert_int_equal(st.requests, 2);
    assert_true(st.waited_ms >= 250);
    gis_nominatim_free(n);
}

static void test_429_retried_with_backoff(void **state) {
    gis_nominatim_opts o = opts_for("/429/2");
    gis_nominatim *n;
    gis_nominatim_stats st;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();

    (void)state;
    o.backoff_ms = 100;
    n = client(&o, NULL);
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     0);
    assert_int_equal(nhits, 2);
    assert_int_equal(log_since(mark, r, 8), 3);
    assert_true(r[1].t - r[0].t >= 0.100);
    assert_true(r[2].t - r[1].t >= 0.200); /* doubled */
    assert_true(r[2].t - r[0].t < 1.5);
    gis_nominatim_get_stats(n, &st);
    assert_int_equal(st.requests, 3);
    assert_int_equal(st.retries, 2);
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_503_retried_then_succeeds(void **state) {
    gis_nominatim_opts o = opts_for("/503");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();

    (void)state;
    assert_int_equal(
        gis_nominatim_reverse(n, 105.64, 21.63, 14, &hits, &nhits, &err), 0);
    assert_int_equal(nhits, 1);
    assert_int_equal(log_since(mark, r, 8), 3);
    assert_true(r[1].t - r[0].t >= 0.050);
    assert_true(r[2].t - r[1].t >= 0.100);
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_gives_up_after_max_retries(void **state) {
    gis_nominatim_opts o = opts_for("/503/9");
    gis_nominatim *n;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();
    char want[128];

    (void)state;
    o.max_retries = 2;
    n = client(&o, NULL);
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    assert_null(hits);
    assert_int_equal(nhits, 0);
    assert_int_equal(log_since(mark, r, 8), 3);
    snprintf(want, sizeof want, "geocoder %s/503/9/search?", srv.base);
    assert_memory_equal(err.msg, want, strlen(want));
    assert_non_null(strstr(err.msg, ": HTTP 503 (3 tries)"));
    gis_nominatim_free(n);
}

static void test_4xx_is_final(void **state) {
    gis_nominatim_opts o = opts_for("/404");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    assert_non_null(strstr(err.msg, ": HTTP 404"));
    assert_null(strstr(err.msg, "tries"));
    assert_int_equal(log_since(mark, r, 8), 1);
    gis_nominatim_free(n);

    /* A server that blocks our User-Agent is not asked again either. */
    o = opts_for("/ua");
    o.user_agent = "someone-else/1.0";
    n = client(&o, NULL);
    mark = log_count();
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    assert_non_null(strstr(err.msg, ": HTTP 403"));
    assert_int_equal(log_since(mark, r, 8), 1);
    gis_nominatim_free(n);
}

static void test_retry_after_is_obeyed(void **state) {
    gis_nominatim_opts o = opts_for("/429/1/ra/1");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     0);
    assert_int_equal(nhits, 2);
    assert_int_equal(log_since(mark, r, 8), 2);
    /* Back-off alone would have waited 50 ms. */
    assert_true(r[1].t - r[0].t >= 1.0);
    assert_true(r[1].t - r[0].t < 2.0);
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_retry_after_over_cap_gives_up(void **state) {
    gis_nominatim_opts o = opts_for("/429/1/ra/60");
    gis_nominatim *n = client(&o, NULL);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();
    double t0 = now_s();

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    assert_true(now_s() - t0 < 1.0);
    assert_int_equal(log_since(mark, r, 8), 1);
    assert_non_null(strstr(err.msg, "HTTP 429, server asks to wait 60 s"));
    gis_nominatim_free(n);
}

static void test_timeout_is_reported(void **state) {
    gis_nominatim_opts o = opts_for("/slow/3000");
    gis_nominatim *n;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();
    double t0, dt;

    (void)state;
    o.timeout_ms = 400;
    o.max_retries = 1;
    n = client(&o, NULL);
    t0 = now_s();
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    dt = now_s() - t0;
    /* Two tries of 400 ms and 50 ms back-off; nowhere near 3 s. */
    assert_true(dt >= 0.8);
    assert_true(dt < 1.8);
    assert_non_null(strstr(err.msg, ": timed out after 400 ms (2 tries)"));
    assert_int_equal(log_since(mark, r, 8), 2);
    gis_nominatim_free(n);
}

static void test_connection_refused_is_retried(void **state) {
    struct sockaddr_in a = {0};
    socklen_t alen = sizeof a;
    gis_nominatim_opts o;
    gis_nominatim *n;
    gis_nominatim_stats st;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    char base[64];
    int s, nhits = -1;

    (void)state;
    /* A port bound but not listening refuses connections for sure. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
    snprintf(base, sizeof base, "http://127.0.0.1:%d", ntohs(a.sin_port));
    o = opts_for("");
    o.base_url = base;
    o.max_retries = 1;
    n = client(&o, NULL);
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    assert_non_null(strstr(err.msg, base));
    assert_non_null(strstr(err.msg, "(2 tries)"));
    gis_nominatim_get_stats(n, &st);
    assert_int_equal(st.requests, 2);
    assert_int_equal(st.retries, 1);
    gis_nominatim_free(n);
    close(s);
}

static void test_cache_answers_second_time(void **state) {
    struct memcache mc = {0};
    gis_geocoder_cache cache = {mc_get, mc_put, &mc};
    gis_nominatim_opts o = opts_for("");
    gis_nominatim *n;
    gis_nominatim_stats st;
    gis_place_hit *a = NULL, *b = NULL;
    gis_error err = {{0}};
    int na = -1, nb = -1, mark, i;
    time_t before = time(NULL), after;
    char want[256];

    (void)state;
    n = client(&o, &cache);
    mark = log_count();
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &a, &na, &err), 0);
    after = time(NULL);
    assert_int_equal(log_count(), mark + 1);
    assert_int_equal(mc.puts, 1);
    /* The key is the full request URL. */
    snprintf(want, sizeof want, "%s/search?format=jsonv2&%s&addressdetails=1",
             srv.base, Q_DAI_TU);
    assert_string_equal(mc.url[0], want);
    assert_string_equal(a[0].url, want);
    assert_true(mc.at[0] >= before && mc.at[0] <= after);

    mark = log_count();
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &b, &nb, &err), 0);
    assert_int_equal(log_count(), mark); /* nothing sent */
    assert_int_equal(mc.puts, 1);
    assert_int_equal(nb, na);
    for (i = 0; i < na; i++) {
        assert_string_equal(b[i].display_name, a[i].display_name);
        assert_true(b[i].lat == a[i].lat && b[i].lon == a[i].lon);
        assert_true(b[i].osm_id == a[i].osm_id);
        assert_string_equal(b[i].licence, a[i].licence);
        assert_string_equal(b[i].source, a[i].source);
    }
    gis_place_hits_free(a, na);
    gis_place_hits_free(b, nb);

    /* "Nothing here" is an answer too: cached, not asked again. */
    assert_int_equal(gis_nominatim_reverse(n, 1, 1, 10, &a, &na, &err), 0);
    assert_int_equal(gis_nominatim_reverse(n, 1, 1, 10, &a, &na, &err), 0);
    assert_int_equal(na, 0);
    assert_int_equal(log_count(), mark + 1);
    assert_int_equal(mc.puts, 2);

    gis_nominatim_get_stats(n, &st);
    assert_int_equal(st.requests, 2);
    assert_int_equal(st.cache_hits, 2);
    gis_nominatim_free(n);

    /* A new client (the next run) with the same cache sends nothing. */
    n = client(&o, &cache);
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &a, &na, &err), 0);
    assert_int_equal(na, 2);
    assert_int_equal(log_count(), mark + 1);
    gis_place_hits_free(a, na);
    gis_nominatim_free(n);
    mc_free(&mc);
}

static void test_non_json_is_an_error_and_not_cached(void **state) {
    struct memcache mc = {0};
    gis_geocoder_cache cache = {mc_get, mc_put, &mc};
    gis_nominatim_opts o = opts_for("/garbage");
    gis_nominatim *n = client(&o, &cache);
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    struct req r[8];
    int nhits = -1, mark = log_count();
    char want[128];

    (void)state;
    assert_int_equal(gis_nominatim_search(n, "Đại Từ", 0, &hits, &nhits, &err),
                     1);
    snprintf(want, sizeof want, "geocoder %s/garbage/search?", srv.base);
    assert_memory_equal(err.msg, want, strlen(want));
    assert_non_null(strstr(err.msg, ": answer is not JSON"));
    assert_int_equal(mc.puts, 0);
    assert_int_equal(log_since(mark, r, 8), 1); /* not retried */
    gis_nominatim_free(n);
    mc_free(&mc);
}

static void test_bad_answers_from_cache(void **state) {
    gis_geocoder_cache cache = {fixed_get, NULL, NULL};
    /* Nothing listens here: every answer must come from the cache. */
    gis_nominatim_opts o = opts_for("");
    gis_nominatim *n;
    gis_place_hit *hits = NULL;
    gis_error err = {{0}};
    char cut[] = "[{\"display_name\": \"x\", \"lat\": \"1\"";
    char object[] = "{\"display_name\": \"x\"}";
    char no_lon[] = "[{\"display_name\": \"x\", \"lat\": \"21.6\"}]";
    char sparse[] = "[{\"display_name\": \"x\", \"lat\": 21.5, "
                    "\"lon\": 105.5, \"class\": \"place\", "
                    "\"osm_id\": \"42\"}] ";
    int nhits = -1;

    (void)state;
    o.base_url = "http://127.0.0.1:9";
    o.max_retries = 0;
    cache.ctx = cut;
    n = client(&o, &cache);
    assert_int_equal(gis_nominatim_search(n, "a", 0, &hits, &nhits, &err), 1);
    assert_non_null(strstr(err.msg, ": cached answer is not JSON"));
    gis_nominatim_free(n);

    cache.ctx = object;
    n = client(&o, &cache);
    assert_int_equal(gis_nominatim_search(n, "a", 0, &hits, &nhits, &err), 1);
    assert_non_null(strstr(err.msg, "not a Nominatim search result"));
    gis_nominatim_free(n);

    cache.ctx = no_lon;
    n = client(&o, &cache);
    assert_int_equal(gis_nominatim_search(n, "a", 0, &hits, &nhits, &err), 1);
    assert_non_null(strstr(err.msg, "no usable lat/lon"));
    assert_null(hits);
    gis_nominatim_free(n);

    /* Numbers as numbers, class for category, no licence: all taken. */
    cache.ctx = sparse;
    n = client(&o, &cache);
    assert_int_equal(gis_nominatim_search(n, "a", 0, &hits, &nhits, &err), 0);
    assert_int_equal(nhits, 1);
    assert_true(hits[0].lat == 21.5 && hits[0].lon == 105.5);
    assert_string_equal(hits[0].category, "place");
    assert_true(hits[0].osm_id == 42);
    assert_null(hits[0].licence);
    assert_true(hits[0].importance == -1);
    assert_int_equal(hits[0].place_rank, 0);
    assert_false(hits[0].has_bbox);
    assert_int_equal(hits[0].naddress, 0);
    gis_place_hits_free(hits, nhits);
    gis_nominatim_free(n);
}

static void test_options_are_checked(void **state) {
    gis_nominatim_opts o;
    gis_nominatim *n = NULL;
    gis_error err = {{0}};

    (void)state;
    gis_nominatim_opts_init(&o);
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, &err), 1);
    assert_null(n);
    assert_non_null(strstr(err.msg, "User-Agent"));

    o.user_agent = UA;
    o.min_interval_ms = 500;
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, &err), 1);
    assert_non_null(strstr(err.msg, "one request per second"));

    o = opts_for("");
    o.base_url = "ftp://127.0.0.1/";
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, &err), 1);
    assert_non_null(strstr(err.msg, "not http or https"));

    o = opts_for("");
    o.user_agent = "tracker\r\nX-Evil: 1";
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, &err), 1);

    o = opts_for("");
    o.max_retries = -1;
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, NULL), 1);

    /* The public server with its own defaults is fine. */
    gis_nominatim_opts_init(&o);
    o.user_agent = UA;
    assert_int_equal(gis_nominatim_new(&n, &o, NULL, &err), 0);
    gis_nominatim_free(n);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_keeps_fields_licence_and_source),
        cmocka_unit_test(test_reverse_one_hit_or_none),
        cmocka_unit_test(test_user_agent_is_sent),
        cmocka_unit_test(test_min_interval_spaces_requests),
        cmocka_unit_test(test_429_retried_with_backoff),
        cmocka_unit_test(test_503_retried_then_succeeds),
        cmocka_unit_test(test_gives_up_after_max_retries),
        cmocka_unit_test(test_4xx_is_final),
        cmocka_unit_test(test_retry_after_is_obeyed),
        cmocka_unit_test(test_retry_after_over_cap_gives_up),
        cmocka_unit_test(test_timeout_is_reported),
        cmocka_unit_test(test_connection_refused_is_retried),
        cmocka_unit_test(test_cache_answers_second_time),
        cmocka_unit_test(test_non_json_is_an_error_and_not_cached),
        cmocka_unit_test(test_bad_answers_from_cache),
        cmocka_unit_test(test_options_are_checked),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
