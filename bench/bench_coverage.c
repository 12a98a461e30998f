/*
 * bench_coverage.c: `tracker coverage` at province scale, and its
 * nearest-facility step beside SpatiaLite's KNN virtual table and the
 * plain SQL nested loop.
 *
 * A synthetic province (a one-degree square at 105.3-106.3°E,
 * 21.2-22.2°N, inside UTM 48N) is built at quarter, half and full size:
 * N square units with their centre and area, 10N hamlets (random points in
 * their unit) and 5N existing health stations in use (random points, a
 * 'maintenance' event each), loaded with prepared statements in one
 * transaction and the spatial indexes deferred (gis_bulk.h).  Each size's
 * trk_coverage_run (target all, category health_station) runs in a
 * process of its own (this program again, with --child), so its wall and
 * CPU time and peak RSS (wait4's ru_maxrss) are its own; the time is set
 * against n log n to show the growth.  CPU time is reported beside wall
 * time throughout: the machine is shared, and the load of others moves it
 * least.
 *
 * Then, on the full-size data, the nearest-facility step alone for every
 * unit centre and hamlet: gis_nearest (tree built and searched), SpatiaLite
 * 5.0's VirtualKNN (VirtualKNN2 from 5.1 on) and the SQL nested loop (the
 * squared distance in metres of the query's latitude, ORDER BY ... LIMIT
 * 1), the last two on as many queries as fit in --seconds each.  Every
 * answer of ours is checked against an exact brute force in C (all pairs
 * in the local metric, the two best re-ranked by geodesic distance), and
 * against the other methods on the queries they share: a different
 * facility at the same geodesic distance within 1 m is a near-tie, any
 * other difference is counted by which side is nearer.
 *
 * The query points, facilities and our answers are written to CSV in
 * --dir for scripts/bench-coverage.sh, which runs PostGIS on them.
 *
 * Usage: bench_coverage [--units N] [--seconds S] [--dir DIR]
 *        bench_coverage --child DB   (one coverage run; prints its figures)
 */
/* wait4() and M_PI are BSD and X/Open, beyond the POSIX the build asks. */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gis_bulk.h"
#include "gis_geom.h"
#include "gis_nearest.h"
#include "trk_coverage.h"
#include "trk_db.h"

#define X0 105.3
#define Y0 21.2
#define SPAN 1.0
#define TIE_M 1.0 /* answers this close in geodesic distance are ties */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall and CPU time together: the machine is shared, and the CPU time
 * of this process is what the load of others changes least. */
typedef struct span {
    double wall, cpu;
} span;

static span clock_now(void) {
    struct timespec c;
    span t;
    t.wall = now();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    t.cpu = c.tv_sec + c.tv_nsec / 1e9;
    return t;
}

static span since(span t0) {
    span t = clock_now();
    t.wall -= t0.wall;
    t.cpu -= t0.cpu;
    return t;
}

/* 1,234,567 */
static const char *thousands(long v, char buf[32]) {
    char raw[32];
    int len, out = 0;
    len = snprintf(raw, sizeof raw, "%ld", v < 0 ? -v : v);
    if (v < 0)
        buf[out++] = '-';
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = raw[i];
    }
    buf[out] = '\0';
    return buf;
}

static double uniform(unsigned *seed) {
    return rand_r(seed) / (RAND_MAX + 1.0);
}

/* A kilobyte figure from /proc/self/status ("VmHWM", "VmRSS"). */
static long proc_status_kb(const char *key) {
    char line[256];
    long kb = -1;
    size_t n = strlen(key);
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':') {
            kb = atol(line + n + 1);
            break;
        }
    fclose(f);
    return kb;
}

static int step_done(gis_db *db, sqlite3_stmt *st, const char *what,
                     gis_error *err) {
    if (sqlite3_step(st) != SQLITE_DONE) {
        gis_error_set(err, "inserting %s: %s", what,
                      sqlite3_errmsg(db->handle));
        return 1;
    }
    sqlite3_reset(st);
    return 0;
}

/* The province at size n: n units on a grid of side ceil(sqrt(n)), 10n
 * hamlets and 5n facilities, the same for a given n on every run. */
static int fill(const char *path, int n, gis_error *err) {
    static const char *const deferred[][2] = {{"admin_unit", "centre"},
                                              {"admin_unit", "geom"},
                                              {"hamlet", "point"},
                                              {"work", "point"}};
    gis_bulk_index bulk[4];
    int nbulk = 0, side = (int)ceil(sqrt(n)), rc = 1;
    double cell = SPAN / side;
    unsigned seed = 20240611u + (unsigned)n;
    gis_db *db = NULL;
    sqlite3_stmt *unit = NULL, *hamlet = NULL, *work = NULL, *event = NULL;

    memset(bulk, 0, sizeof bulk);
    unlink(path);
    /* A cache that holds the whole file: SQLite's default 2 MB spills the
     * transaction's pages to disk long before 10,000 units. */
    if (trk_db_create(&db, path, err) ||
        gis_db_exec(db, "PRAGMA cache_size = -1000000", err) ||
        gis_db_begin(db, err))
        goto done;
    for (; nbulk < 4; nbulk++)
        if (gis_bulk_index_begin(db, &bulk[nbulk], deferred[nbulk][0],
                                 deferred[nbulk][1], err))
            goto done;
    if (gis_db_prepare(db, &unit,
                       "INSERT INTO admin_unit (id, key, code, name,"
                       " full_name, name_key, kind, province_code, area_km2,"
                       " centre, geom) VALUES (?1, ?2, ?2, ?2, 'Xã ' || ?2,"
                       " lower(?2), 'xa', '99', ?3, MakePoint(?4, ?5, 4326),"
                       " CastToMultiPolygon(BuildMbr(?6, ?7, ?8, ?9, 4326)))",
                       err) ||
        gis_db_prepare(db, &hamlet,
                       "INSERT INTO hamlet (unit_id, name, name_key, status,"
                       " point) VALUES (?1, 'Xóm ' || ?2, 'xom ' || ?2,"
                       " 'current', MakePoint(?3, ?4, 4326))",
                       err) ||
        gis_db_prepare(db, &work,
                       "INSERT INTO work (id, code, name, category_id,"
                       " work_type, unit_id, point) VALUES (?1, ?2, 'Trạm y"
                       " tế ' || ?2, 'health_station', 'existing', ?3,"
                       " MakePoint(?4, ?5, 4326))",
                       err) ||
        gis_db_prepare(db, &event,
                       "INSERT INTO progress_event (work_id, event_date,"
                       " status) VALUES (?1, '2020-01-01', 'maintenance')",
                       err))
        goto done;
    for (int i = 0; i < n; i++) {
        char code[16];
        double x = X0 + (i % side) * cell, y = Y0 + (i / side) * cell;
        double lat = y + cell / 2;
        snprintf(code, sizeof code, "U%05d", i + 1);
        sqlite3_bind_int(unit, 1, i + 1);
        sqlite3_bind_text(unit, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(
            unit, 3, cell * 111.32 * cos(lat * M_PI / 180) * cell * 110.57);
        sqlite3_bind_double(unit, 4, x + cell / 2);
        sqlite3_bind_double(unit, 5, lat);
        sqlite3_bind_double(unit, 6, x);
        sqlite3_bind_double(unit, 7, y);
        sqlite3_bind_double(unit, 8, x + cell);
        sqlite3_bind_double(unit, 9, y + cell);
        if (step_done(db, unit, "a unit", err))
            goto done;
        for (int k = 1; k <= 10; k++) {
            sqlite3_bind_int(hamlet, 1, i + 1);
            sqlite3_bind_int(hamlet, 2, k);
            sqlite3_bind_double(hamlet, 3, x + cell * uniform(&seed));
            sqlite3_bind_double(hamlet, 4, y + cell * uniform(&seed));
            if (step_done(db, hamlet, "a hamlet", err))
                goto done;
        }
    }
    for (int j = 0; j < 5 * n; j++) {
        char code[16];
        int u = (int)(n * uniform(&seed));
        double x = X0 + (u % side) * cell, y = Y0 + (u / side) * cell;
        snprintf(code, sizeof code, "F%07d", j + 1);
        sqlite3_bind_int(work, 1, j + 1);
        sqlite3_bind_text(work, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(work, 3, u + 1);
        sqlite3_bind_double(work, 4, x + cell * uniform(&seed));
        sqlite3_bind_double(work, 5, y + cell * uniform(&seed));
        sqlite3_bind_int(event, 1, j + 1);
        if (step_done(db, work, "a facility", err) ||
            step_done(db, event, "an event", err))
            goto done;
    }
    while (nbulk > 0)
        if (gis_bulk_index_end(db, &bulk[--nbulk], err))
            goto done;
    if (gis_db_commit(db, err))
        goto done;
    rc = 0;
done:
    sqlite3_finalize(unit);
    sqlite3_finalize(hamlet);
    sqlite3_finalize(work);
    sqlite3_finalize(event);
    if (rc) {
        while (nbulk > 0)
            gis_bulk_index_free(&bulk[--nbulk]);
        if (db && db->depth)
            gis_db_rollback(db);
    }
    gis_db_close(db);
    return rc;
}

/* fill() in a process of its own, so this one stays small: a child
 * forked from it starts with a copy of its pages, and the kernel counts
 * them in the child's ru_maxrss even across exec. */
static int fill_apart(const char *path, int n) {
    int status;
    pid_t pid;
    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) < 0)
        return 1;
    if (pid == 0) {
        gis_error err;
        if (fill(path, n, &err)) {
            fprintf(stderr, "error: %s\n", err.msg);
            _exit(1);
        }
        _exit(0);
    }
    return waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
           WEXITSTATUS(status) != 0;
}

/* --child DB: one coverage run, its figures on stdout for the parent. */
static int child(const char *path) {
    gis_db *db = NULL;
    gis_error err;
    trk_coverage_opts o = {"all", NULL, "health_station", NULL};
    trk_coverage_summary sum;
    span t0, t;
    long rows, base;

    if (trk_db_open(&db, path, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    base = proc_status_kb("VmHWM");
    t0 = clock_now();
    if (trk_coverage_run(db, &o, &sum, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        gis_db_close(db);
        return 1;
    }
    t = since(t0);
    rows = (long)gis_db_int(db, -1, "SELECT count(*) FROM temp.coverage", NULL);
    printf("%.6f %.6f %ld %ld %d %d %ld\n", t.wall, t.cpu, base,
           proc_status_kb("VmHWM"), sum.units, sum.unserved, rows);
    gis_db_close(db);
    return 0;
}

typedef struct run_result {
    span took;            /* trk_coverage_run alone */
    long maxrss_kb;       /* the child's ru_maxrss */
    long base_kb, hwm_kb; /* its VmHWM before and after the run */
    int units, unserved;  /* the run's summary */
    long rows;            /* rows of temp.coverage */
} run_result;

static int run_child(const char *path, run_result *r) {
    int fd[2], status;
    pid_t pid;
    struct rusage ru;
    char buf[256];
    ssize_t got, used = 0;

    if (pipe(fd))
        return 1;
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl("/proc/self/exe", "bench_coverage", "--child", path,
              (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    while (used < (ssize_t)sizeof buf - 1 &&
           (got = read(fd[0], buf + used, sizeof buf - 1 - used)) > 0)
        used += got;
    buf[used] = '\0';
    close(fd[0]);
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 1;
    r->maxrss_kb = ru.ru_maxrss;
    return sscanf(buf, "%lf %lf %ld %ld %d %d %ld", &r->took.wall, &r->took.cpu,
                  &r->base_kb, &r->hwm_kb, &r->units, &r->unserved,
                  &r->rows) != 7;
}

/* ---- the nearest-facility step ---- */

typedef struct pt {
    int64_t id;
    double lon, lat;
} pt;

typedef struct answer {
    int64_t id; /* 0: none */
    double metres;
} answer;

typedef struct points {
    pt *p;
    int n, cap;
} points;

static int load_points(gis_db *db, const char *sql, points *ps,
                       gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_prepare(db, &st, sql, err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ps->n == ps->cap) {
            pt *grown;
            ps->cap = ps->cap ? ps->cap * 2 : 4096;
            if (!(grown = realloc(ps->p, (size_t)ps->cap * sizeof *grown))) {
                gis_error_set(err, "out of memory");
                sqlite3_finalize(st);
                return 1;
            }
            ps->p = grown;
        }
        ps->p[ps->n].id = sqlite3_column_int64(st, 0);
        ps->p[ps->n].lon = sqlite3_column_double(st, 1);
        ps->p[ps->n].lat = sqlite3_column_double(st, 2);
        ps->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "reading points: %s", sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

/* Metres per degree of longitude and latitude at lat on WGS84. */
static void metres_per_degree(double lat, double *kx, double *ky) {
    const double a = 6378137.0, e2 = 0.00669437999014;
    double s = sin(lat * M_PI / 180), w = 1 - e2 * s * s;
    *kx = a / sqrt(w) * cos(lat * M_PI / 180) * M_PI / 180;
    *ky = a * (1 - e2) / (w * sqrt(w)) * M_PI / 180;
}

/* gis_nearest over every facility, then every query: the step as
 * trk_coverage runs it (GEOS builds the tree on the first search, so the
 * build is counted with the queries). */
static int run_ours(const points *fac, const points *q, answer *ans, span *took,
                    gis_error *err) {
    gis_nearest *ix = NULL;
    span t0 = clock_now();
    if (gis_nearest_new(&ix, "EPSG:32648", err))
        return 1;
    for (int i = 0; i < fac->n; i++)
        if (gis_nearest_add(ix, fac->p[i].id, fac->p[i].lon, fac->p[i].lat,
                            err)) {
            gis_nearest_free(ix);
            return 1;
        }
    for (int i = 0; i < q->n; i++)
        if (gis_nearest_find(ix, q->p[i].lon, q->p[i].lat, &ans[i].id,
                             &ans[i].metres) != 1)
            ans[i].id = 0;
    *took = since(t0);
    gis_nearest_free(ix);
    return 0;
}

/* Runs st (bound by bind) on queries in order until the time is up;
 * returns how many were answered. */
static int run_timed(gis_db *db, sqlite3_stmt *st, const points *q, answer *ans,
                     double seconds, int metric, span *took, gis_error *err) {
    span t0 = clock_now();
    int i;
    for (i = 0; i < q->n && now() - t0.wall < seconds; i++) {
        int rc;
        sqlite3_bind_double(st, 1, q->p[i].lon);
        sqlite3_bind_double(st, 2, q->p[i].lat);
        if (metric) {
            double kx, ky;
            metres_per_degree(q->p[i].lat, &kx, &ky);
            sqlite3_bind_double(st, 3, kx * kx);
            sqlite3_bind_double(st, 4, ky * ky);
        }
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            ans[i].id = sqlite3_column_int64(st, 0);
            ans[i].metres = sqlite3_column_double(st, 1);
        } else if (rc == SQLITE_DONE) {
            ans[i].id = 0;
        } else {
            gis_error_set(err, "query %d: %s", i, sqlite3_errmsg(db->handle));
            return -1;
        }
        sqlite3_reset(st);
    }
    *took = since(t0);
    return i;
}

/* Exact nearest by brute force: every facility in the metric of the
 * query's latitude, the best two kept; when the second is within 0.1% + 2
 * m of the first (beyond what that local metric can misjudge over a few
 * km), the geodesic distance decides.  Returns the seconds taken. */
static int run_exact(const points *fac, const points *q, answer *ans, int count,
                     span *took) {
    double *fx = malloc((size_t)fac->n * sizeof *fx);
    double *fy = malloc((size_t)fac->n * sizeof *fy);
    span t0 = clock_now();
    if (!fx || !fy) {
        free(fx);
        free(fy);
        return 1;
    }
    for (int j = 0; j < fac->n; j++)
        fx[j] = fac->p[j].lon, fy[j] = fac->p[j].lat;
    for (int i = 0; i < count; i++) {
        double qx = q->p[i].lon, qy = q->p[i].lat, kx, ky;
        double d1 = INFINITY, d2 = INFINITY;
        int b1 = -1, b2 = -1;
        metres_per_degree(qy, &kx, &ky);
        for (int j = 0; j < fac->n; j++) {
            double dx = (fx[j] - qx) * kx, dy = (fy[j] - qy) * ky;
            double d = dx * dx + dy * dy;
            if (d < d2) {
                if (d < d1) {
                    d2 = d1, b2 = b1;
                    d1 = d, b1 = j;
                } else {
                    d2 = d, b2 = j;
                }
            }
        }
        ans[i].id = 0;
        if (b1 < 0)
            continue;
        ans[i].id = fac->p[b1].id;
        ans[i].metres = gis_geodesic_distance_m(qx, qy, fx[b1], fy[b1]);
        if (b2 >= 0 && sqrt(d2) - sqrt(d1) <= 1e-3 * sqrt(d1) + 2) {
            double m2 = gis_geodesic_distance_m(qx, qy, fx[b2], fy[b2]);
            if (m2 < ans[i].metres) {
                ans[i].id = fac->p[b2].id;
                ans[i].metres = m2;
            }
        }
    }
    free(fx);
    free(fy);
    *took = since(t0);
    return 0;
}

typedef struct agreement {
    long same, ties, ours_nearer, theirs_nearer, missing;
    double worst_m; /* largest excess of our distance over theirs */
} agreement;

/* Our answers against another method's on the first n queries, judged by
 * geodesic distance to each answer. */
static void compare(const points *q, const pt *fac_by_id, int64_t max_id,
                    const answer *ours, const answer *theirs, int n,
                    agreement *a) {
    memset(a, 0, sizeof *a);
    for (int i = 0; i < n; i++) {
        double mo, mt;
        const pt *fo, *ft;
        if (ours[i].id == theirs[i].id) {
            a->same++;
            continue;
        }
        if (ours[i].id <= 0 || theirs[i].id <= 0 || ours[i].id > max_id ||
            theirs[i].id > max_id) {
            a->missing++;
            continue;
        }
        fo = &fac_by_id[ours[i].id];
        ft = &fac_by_id[theirs[i].id];
        mo =
            gis_geodesic_distance_m(q->p[i].lon, q->p[i].lat, fo->lon, fo->lat);
        mt =
            gis_geodesic_distance_m(q->p[i].lon, q->p[i].lat, ft->lon, ft->lat);
        if (fabs(mo - mt) <= TIE_M)
            a->ties++;
        else if (mo < mt)
            a->ours_nearer++;
        else
            a->theirs_nearer++;
        if (mo - mt > a->worst_m)
            a->worst_m = mo - mt;
    }
}

static void print_agreement(const char *who, const agreement *a, int n) {
    char b1[32], b2[32];
    printf("- %s, %s shared queries: %s same facility, %ld near-ties"
           " within %.0f m, %ld where ours is nearer by more than %.0f m,"
           " %ld where %s is nearer by more than %.0f m",
           who, thousands(n, b1), thousands(a->same, b2), a->ties, TIE_M,
           a->ours_nearer, TIE_M, a->theirs_nearer, who, TIE_M);
    if (a->missing)
        printf(", %ld without an answer", a->missing);
    printf(" (ours at most %.2f m farther)\n", a->worst_m);
}

static int write_csv(const char *dir, const char *name, const points *ps,
                     const answer *ans) {
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "w")))
        return 1;
    fprintf(f, ans ? "qid,fid,metres\n" : "id,lon,lat\n");
    for (int i = 0; i < ps->n; i++)
        if (ans)
            fprintf(f, "%lld,%lld,%.3f\n", (long long)ps->p[i].id,
                    (long long)ans[i].id, ans[i].metres);
        else
            fprintf(f, "%lld,%.17g,%.17g\n", (long long)ps->p[i].id,
                    ps->p[i].lon, ps->p[i].lat);
    return fclose(f) != 0;
}

static int by_wall(const void *a, const void *b) {
    double x = ((const span *)a)->wall, y = ((const span *)b)->wall;
    return x < y ? -1 : x > y;
}

/* One line of the nearest-step table: rates by wall and by CPU time, and
 * how many times ours is faster on each. */
static void rate_row(const char *method, long n, span t, long n_ours,
                     span t_ours) {
    char b1[32], b2[32], b3[32];
    double wall = n / t.wall, cpu = n / t.cpu;
    double ours_wall = n_ours / t_ours.wall, ours_cpu = n_ours / t_ours.cpu;
    printf("| %s | %s | %.2f | %.2f | %s | %s | %.0f | %.0f |\n", method,
           thousands(n, b1), t.wall, t.cpu, thousands(lround(wall), b2),
           thousands(lround(cpu), b3), ours_wall / wall, ours_cpu / cpu);
}

static int nearest_step(const char *dir, const char *path, double seconds,
                        gis_error *err) {
    gis_db *db = NULL;
    points fac = {0}, q = {0};
    answer *ours = NULL, *knn = NULL, *loop = NULL, *exact = NULL;
    pt *fac_by_id = NULL;
    int64_t max_id = 0;
    sqlite3_stmt *st = NULL;
    unsigned seed = 7;
    span runs[3], t_ours, t_knn, t_loop, t_exact;
    int n_knn, n_loop, rc = 1;
    const char *knn_module = "VirtualKNN";
    char knn_label[128];
    agreement a;
    char b1[32], b2[32], env[1024];
    FILE *f;

    if (trk_db_open(&db, path, err) ||
        load_points(db,
                    "SELECT w.id, X(w.point), Y(w.point) FROM work w JOIN"
                    " work_state s ON s.work_id = w.id WHERE w.category_id ="
                    " 'health_station' AND s.status IN ('completion',"
                    " 'maintenance') AND w.point IS NOT NULL",
                    &fac, err) ||
        load_points(db,
                    "SELECT 0, X(centre), Y(centre) FROM admin_unit WHERE"
                    " valid_from IS NULL UNION ALL SELECT 0, X(point),"
                    " Y(point) FROM hamlet WHERE status <> 'former' AND"
                    " point IS NOT NULL",
                    &q, err))
        goto done;
    /* One order for every method, so each shares its first queries with
     * the others; random, so a prefix mixes centres and hamlets. */
    for (int i = 0; i < q.n; i++)
        q.p[i].id = i + 1;
    for (int i = q.n - 1; i > 0; i--) {
        int j = (int)((i + 1) * uniform(&seed));
        pt t = q.p[i];
        q.p[i] = q.p[j];
        q.p[j] = t;
    }
    for (int i = 0; i < fac.n; i++)
        if (fac.p[i].id > max_id)
            max_id = fac.p[i].id;
    ours = calloc((size_t)q.n, sizeof *ours);
    knn = calloc((size_t)q.n, sizeof *knn);
    loop = calloc((size_t)q.n, sizeof *loop);
    exact = calloc((size_t)q.n, sizeof *exact);
    fac_by_id = calloc((size_t)max_id + 1, sizeof *fac_by_id);
    if (!ours || !knn || !loop || !exact || !fac_by_id) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    for (int i = 0; i < fac.n; i++)
        fac_by_id[fac.p[i].id] = fac.p[i];

    /* (a) ours, three times: the median by wall time. */
    for (int r = 0; r < 3; r++)
        if (run_ours(&fac, &q, ours, &runs[r], err))
            goto done;
    qsort(runs, 3, sizeof runs[0], by_wall);
    t_ours = runs[1];

    /* (b) SpatiaLite's KNN virtual table on work.point: VirtualKNN2 where
     * the library has it (5.1), else 5.0's VirtualKNN, same columns. */
    if (gis_db_exec(db,
                    "CREATE VIRTUAL TABLE temp.bench_knn USING VirtualKNN2()",
                    NULL) == 0)
        knn_module = "VirtualKNN2";
    else if (gis_db_exec(db,
                         "CREATE VIRTUAL TABLE temp.bench_knn USING"
                         " VirtualKNN()",
                         err))
        goto done;
    if (gis_db_prepare(db, &st, "SELECT spatialite_version()", err))
        goto done;
    snprintf(knn_label, sizeof knn_label, "SpatiaLite %s %s, max_items = 1",
             sqlite3_step(st) == SQLITE_ROW
                 ? (const char *)sqlite3_column_text(st, 0)
                 : "?",
             knn_module);
    sqlite3_finalize(st);
    st = NULL;
    if (gis_db_prepare(db, &st,
                       "SELECT fid, distance FROM temp.bench_knn WHERE"
                       " f_table_name = 'work' AND f_geometry_column ="
                       " 'point' AND ref_geometry = MakePoint(?1, ?2, 4326)"
                       " AND max_items = 1",
                       err))
        goto done;
    n_knn = run_timed(db, st, &q, knn, seconds, 0, &t_knn, err);
    sqlite3_finalize(st);
    st = NULL;
    if (n_knn < 0)
        goto done;

    /* (c) the nested loop: every facility's squared distance in metres at
     * the query's latitude, the least first. */
    if (gis_db_prepare(db, &st,
                       "SELECT id, NULL FROM work WHERE point IS NOT NULL"
                       " ORDER BY (X(point) - ?1) * (X(point) - ?1) * ?3 +"
                       " (Y(point) - ?2) * (Y(point) - ?2) * ?4 LIMIT 1",
                       err))
        goto done;
    n_loop = run_timed(db, st, &q, loop, seconds, 1, &t_loop, err);
    if (n_loop < 0)
        goto done;

    /* (d) the exact reference over every query. */
    if (run_exact(&fac, &q, exact, q.n, &t_exact)) {
        gis_error_set(err, "out of memory");
        goto done;
    }

    printf("\nnearest facility, full size: %s query points (unit centres"
           " and hamlets) against %s facilities in use, one thread\n\n",
           thousands(q.n, b1), thousands(fac.n, b2));
    printf("| method | queries | wall s | CPU s | queries/s (wall) |"
           " queries/s (CPU) | ours / method (wall) | ours / method (CPU)"
           " |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    rate_row("gis_nearest: GEOS STRtree in UTM 48N, geodesic answer (build +"
             " queries, median of 3)",
             q.n, t_ours, q.n, t_ours);
    rate_row(knn_label, n_knn, t_knn, q.n, t_ours);
    rate_row("SQL nested loop, ORDER BY squared metres LIMIT 1", n_loop, t_loop,
             q.n, t_ours);
    rate_row("C brute force over all pairs (the exact reference)", q.n, t_exact,
             q.n, t_ours);
    printf("\n(gis_nearest's three runs: %.2f, %.2f, %.2f s wall)\n",
           runs[0].wall, runs[1].wall, runs[2].wall);

    printf("\ncorrectness of gis_nearest, judged by geodesic distance (a"
           " different facility within %.0f m is a near-tie):\n",
           TIE_M);
    compare(&q, fac_by_id, max_id, ours, exact, q.n, &a);
    print_agreement("exact brute force", &a, q.n);
    compare(&q, fac_by_id, max_id, ours, knn, n_knn, &a);
    print_agreement(knn_module, &a, n_knn);
    compare(&q, fac_by_id, max_id, ours, loop, n_loop, &a);
    print_agreement("SQL nested loop", &a, n_loop);
    printf("\nours / %s: %.0f by wall time, %.0f by CPU time (target >= 100):"
           " %s\n",
           knn_module, (q.n / t_ours.wall) / (n_knn / t_knn.wall),
           (q.n / t_ours.cpu) / (n_knn / t_knn.cpu),
           (q.n / t_ours.wall) / (n_knn / t_knn.wall) >= 100 &&
                   (q.n / t_ours.cpu) / (n_knn / t_knn.cpu) >= 100
               ? "met"
               : "NOT met");

    /* For scripts/bench-coverage.sh and PostGIS. */
    if (write_csv(dir, "facilities.csv", &fac, NULL) ||
        write_csv(dir, "queries.csv", &q, NULL) ||
        write_csv(dir, "ours.csv", &q, ours)) {
        gis_error_set(err, "cannot write the CSV files in '%s'", dir);
        goto done;
    }
    snprintf(env, sizeof env, "%s/nearest.env", dir);
    if (!(f = fopen(env, "w"))) {
        gis_error_set(err, "cannot write '%s'", env);
        goto done;
    }
    fprintf(f,
            "queries=%d\nfacilities=%d\nours_wall=%.4f\nours_cpu=%.4f\n"
            "ours_qps_wall=%.0f\nours_qps_cpu=%.0f\n",
            q.n, fac.n, t_ours.wall, t_ours.cpu, q.n / t_ours.wall,
            q.n / t_ours.cpu);
    fclose(f);
    rc = 0;
done:
    sqlite3_finalize(st);
    gis_db_close(db);
    free(fac.p);
    free(q.p);
    free(ours);
    free(knn);
    free(loop);
    free(exact);
    free(fac_by_id);
    return rc;
}

int main(int argc, char **argv) {
    int units = 10000;
    double seconds = 60;
    const char *dir = "/tmp/bench-coverage";
    char path[3][512], cmd[1024];
    static const char *const label[3] = {"quarter", "half", "full"};
    int size[3];
    run_result r[3];
    double built[3];
    gis_error err;
    char b1[32], b2[32], b3[32], b4[32];

    if (argc == 3 && !strcmp(argv[1], "--child"))
        return child(argv[2]);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--units"))
            units = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds"))
            seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else {
            fprintf(stderr, "usage: bench_coverage [--units N] [--seconds S]"
                            " [--dir DIR]\n");
            return 2;
        }
    }
    if (units < 4 || seconds <= 0) {
        fprintf(stderr, "error: --units must be at least 4 and --seconds"
                        " positive\n");
        return 2;
    }
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0)
        return 1;

    for (int s = 0; s < 3; s++) {
        span t0 = clock_now();
        size[s] = units / (4 >> s);
        snprintf(path[s], sizeof path[s], "%s/coverage-%d.sqlite", dir,
                 size[s]);
        if (fill_apart(path[s], size[s]))
            return 1;
        built[s] = since(t0).wall;
    }
    fprintf(stderr, "parent RSS before the runs: %ld kB\n",
            proc_status_kb("VmRSS"));
    for (int s = 0; s < 3; s++)
        if (run_child(path[s], &r[s])) {
            fprintf(stderr, "error: the coverage run on '%s' failed\n",
                    path[s]);
            return 1;
        }

    printf("coverage: trk_coverage_run (target all, category health_station),"
           " one process per size; peak = its ru_maxrss, run = what the run"
           " added to the process with the database open; n = units\n\n");
    printf("| size | units | hamlets | facilities | wall s | CPU s | peak MB |"
           " run MB | wall / (n log n) | CPU / (n log n) |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < 3; s++) {
        double nlogn = size[s] * log(size[s]), nlogn0 = size[0] * log(size[0]);
        printf("| %s | %s | %s | %s | %.2f | %.2f | %.1f | %.1f | %.2f | %.2f"
               " |\n",
               label[s], thousands(size[s], b1), thousands(10L * size[s], b2),
               thousands(5L * size[s], b3), r[s].took.wall, r[s].took.cpu,
               r[s].maxrss_kb / 1024.0, (r[s].hwm_kb - r[s].base_kb) / 1024.0,
               r[s].took.wall / nlogn / (r[0].took.wall / nlogn0),
               r[s].took.cpu / nlogn / (r[0].took.cpu / nlogn0));
        if (r[s].units != size[s] || r[s].rows != size[s])
            fprintf(stderr, "warning: %s: the run covered %d units, %ld rows\n",
                    label[s], r[s].units, r[s].rows);
    }
    printf("\n(the n log n columns relative to the quarter size; unserved"
           " units: %s, %s, %s; each database built and indexed in %.1f, %.1f,"
           " %.1f s)\n",
           thousands(r[0].unserved, b1), thousands(r[1].unserved, b2),
           thousands(r[2].unserved, b4), built[0], built[1], built[2]);

    if (nearest_step(dir, path[2], seconds, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    return 0;
}
