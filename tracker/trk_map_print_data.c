/*
 * trk_map_print_data.c: what the printable map shows, read from the
 * database and projected: each unit with its indicator, the works with
 * their category, state and location precision, and the sources.
 *
 * The page is projected to VN-2000 / TM-3 106-30 (EPSG:9213), the grid
 * Thái Nguyên's surveyors use: its scale error over the district is under
 * 1e-4, where lon/lat drawn as plate carrée would stretch east-west by
 * 1/cos 21.6° (7%).  Geometries are projected once, in place, so drawing
 * is an affine transform.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_map_print_int.h"

const char trk_mp_crs[] = "EPSG:9213";

void trk_mp_release(mp_map *m) {
    int i;
    for (i = 0; i < m->nunits; i++) {
        free(m->units[i].name);
        OGR_G_DestroyGeometry(m->units[i].geom);
    }
    for (i = 0; i < m->nworks; i++)
        if (m->works[i].line)
            OGR_G_DestroyGeometry(m->works[i].line);
    for (i = 0; i < m->ncats; i++) {
        free(m->cats[i].id);
        free(m->cats[i].label);
    }
    free(m->units);
    free(m->works);
    free(m->cats);
    free(m->sources);
    proj_destroy(m->proj);
    if (m->ctx)
        proj_context_destroy(m->ctx);
}

/* ---- projection ---- */

static int proj_open(mp_map *m, gis_error *err) {
    PJ *op;
    if (!(m->ctx = proj_context_create())) {
        gis_error_set(err, "cannot start PROJ");
        return 1;
    }
    proj_log_level(m->ctx, PJ_LOG_NONE); /* the library never prints */
    op = proj_create_crs_to_crs(m->ctx, "EPSG:4326", trk_mp_crs, NULL);
    if (op)
        m->proj = proj_normalize_for_visualization(m->ctx, op);
    proj_destroy(op);
    if (!m->proj) {
        gis_error_set(
            err, "cannot project to %s: %s", trk_mp_crs,
            proj_context_errno_string(m->ctx, proj_context_errno(m->ctx)));
        return 1;
    }
    return 0;
}

int trk_mp_project(const mp_map *m, double lon, double lat, double *x,
                   double *y) {
    PJ_COORD c = proj_trans(m->proj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    *x = c.xy.x;
    *y = c.xy.y;
    return !isfinite(*x) || !isfinite(*y);
}

/* Projects every vertex of g in place. */
static int project_geom(const mp_map *m, OGRGeometryH g) {
    int i, n = OGR_G_GetGeometryCount(g);
    double x, y;
    for (i = 0; i < n; i++)
        if (project_geom(m, OGR_G_GetGeometryRef(g, i)))
            return 1;
    if (n > 0)
        return 0;
    n = OGR_G_GetPointCount(g);
    for (i = 0; i < n; i++) {
        if (trk_mp_project(m, OGR_G_GetX(g, i), OGR_G_GetY(g, i), &x, &y))
            return 1;
        OGR_G_SetPoint_2D(g, i, x, y);
    }
    return 0;
}

void trk_mp_to_page(const mp_map *m, double x, double y, double *px,
                    double *py) {
    *px = m->ox + (x - m->minx) * m->s;
    *py = m->oy + (m->maxy - y) * m->s;
}

void trk_mp_to_lonlat(const mp_map *m, double px, double py, double *lon,
                      double *lat) {
    PJ_COORD c = proj_coord(m->minx + (px - m->ox) / m->s,
                            m->maxy - (py - m->oy) / m->s, 0, 0);
    c = proj_trans(m->proj, PJ_INV, c);
    *lon = c.lp.lam;
    *lat = c.lp.phi;
}

/* ---- data ---- */

/* A projected geometry from the WKB in column col, or NULL. */
static OGRGeometryH read_geom(const mp_map *m, sqlite3_stmt *st, int col) {
    OGRGeometryH g = NULL;
    const void *wkb = sqlite3_column_blob(st, col);
    int n = sqlite3_column_bytes(st, col);
    if (!wkb || OGR_G_CreateFromWkb(wkb, NULL, &g, n) != OGRERR_NONE)
        return NULL;
    if (project_geom(m, g)) {
        OGR_G_DestroyGeometry(g);
        return NULL;
    }
    return g;
}

static char *text_dup(sqlite3_stmt *st, int col) {
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

/* Makes room in *items (of size bytes each, *cap of them) for n + 1;
 * non-zero when out of memory. */
static int grow(void *items, int n, int *cap, size_t size) {
    void *p;
    if (n < *cap)
        return 0;
    p = realloc(*(void **)items, (size_t)(*cap ? 2 * *cap : 16) * size);
    if (!p)
        return 1;
    *(void **)items = p;
    *cap = *cap ? 2 * *cap : 16;
    return 0;
}

/* After a loop over a statement's rows: non-zero, with SQLite's message,
 * when it stopped on an error (step) or ran out of memory (oom) rather
 * than at the end. */
static int read_failed(gis_db *db, int step, int oom, const char *what,
                       gis_error *err) {
    if (oom)
        gis_error_set(err, "out of memory");
    else if (step != SQLITE_DONE)
        gis_error_set(err, "cannot read %s: %s", what,
                      sqlite3_errmsg(db->handle));
    return oom || step != SQLITE_DONE;
}

static int load_categories(gis_db *db, mp_map *m, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc, step, oom = 0;
    if (gis_db_prepare(db, &st,
                       "SELECT id, label_vi FROM category ORDER BY"
                       " sort, id",
                       err))
        return 1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        mp_category *c;
        if ((oom = grow(&m->cats, m->ncats, &m->ccap, sizeof *m->cats)))
            break;
        c = &m->cats[m->ncats++];
        memset(c, 0, sizeof *c);
        c->id = text_dup(st, 0);
        c->label = text_dup(st, 1);
        c->sym = trk_ms_category_symbol(c->id);
        if ((oom = !c->id || !c->label))
            break;
    }
    rc = read_failed(db, step, oom, "categories", err);
    sqlite3_finalize(st);
    return rc;
}

/* Works, money and disbursement per unit of the chosen set, with the
 * unit's area, label point (its recorded centre, else its centroid when
 * inside, else a point on its surface) and polygon. */
#define UNITS_SQL(code, where)                                                 \
    "WITH a AS (SELECT " code " AS code, count(*) AS works,"                   \
    " sum(s.amount_vnd) AS allocated, sum(x.disbursed_vnd) AS disbursed"       \
    " FROM work_summary s LEFT JOIN work_state x ON x.work_id = s.id"          \
    " GROUP BY 1),"                                                            \
    " u AS (SELECT *, coalesce(centre, CASE WHEN ST_Contains(geom,"            \
    " Centroid(geom)) THEN Centroid(geom) ELSE PointOnSurface(geom) END)"      \
    " AS lp FROM admin_unit WHERE " where " AND geom IS NOT NULL)"             \
    " SELECT u.name, coalesce(a.works, 0), coalesce(a.allocated, 0),"          \
    " a.disbursed, coalesce(u.area_km2, ST_Area(u.geom, 1) / 1e6), X(u.lp),"   \
    " Y(u.lp), u.boundary_source <> 'official', AsBinary(u.geom),"             \
    " u.valid_from FROM u LEFT JOIN a ON a.code = u.code ORDER BY u.code"

static const char units_2022_sql[] =
    UNITS_SQL("s.unit_2022_code", "valid_from IS NULL");
static const char units_current_sql[] = UNITS_SQL(
    "s.commune_2025_code", "valid_to IS NULL AND valid_from IS NOT NULL");

static void unit_value(const mp_map *m, mp_unit *u, sqlite3_stmt *st) {
    double works = sqlite3_column_double(st, 1);
    double allocated = sqlite3_column_double(st, 2);
    double area = sqlite3_column_double(st, 4);
    u->known = 1;
    switch (m->ind->kind) {
    case TRK_MS_COUNT:
        u->value = works;
        break;
    case TRK_MS_VND:
        u->value = allocated;
        break;
    case TRK_MS_PERCENT: /* unknown until money is allocated and reported */
        u->known = allocated > 0 && sqlite3_column_type(st, 3) != SQLITE_NULL;
        u->value =
            u->known ? 100 * sqlite3_column_double(st, 3) / allocated : 0;
        break;
    case TRK_MS_VND_KM2:
        u->known = area > 0;
        u->value = u->known ? allocated / area : 0;
        break;
    }
}

static int load_units(gis_db *db, mp_map *m, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc, step, oom = 0;
    if (gis_db_prepare(db, &st, m->current ? units_current_sql : units_2022_sql,
                       err))
        return 1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        mp_unit *u;
        const unsigned char *from = sqlite3_column_text(st, 9);
        if ((oom = grow(&m->units, m->nunits, &m->ucap, sizeof *m->units)))
            break;
        u = &m->units[m->nunits];
        memset(u, 0, sizeof *u);
        if (!(u->geom = read_geom(m, st, 8)))
            continue; /* nothing to draw */
        u->name = text_dup(st, 0);
        m->nunits++;
        if ((oom = !u->name))
            break;
        unit_value(m, u, st);
        if (trk_mp_project(m, sqlite3_column_double(st, 5),
                           sqlite3_column_double(st, 6), &u->lx, &u->ly))
            u->lx = u->ly = NAN;
        m->approximate |= sqlite3_column_int(st, 7);
        if (from && (!*m->since || strcmp((const char *)from, m->since) < 0))
            snprintf(m->since, sizeof m->since, "%.10s", from);
    }
    rc = read_failed(db, step, oom, "units", err);
    sqlite3_finalize(st);
    if (!rc && m->nunits == 0) {
        gis_error_set(err,
                      "no unit polygons to draw for units '%s': load the"
                      " layers first (tracker init)",
                      m->current ? "current" : "2022");
        rc = 1;
    }
    return rc;
}

static int find_category(const mp_map *m, const char *id) {
    int i;
    for (i = 0; i < m->ncats; i++)
        if (id && !strcmp(m->cats[i].id, id))
            return i;
    return -1;
}

static int load_works(gis_db *db, mp_map *m, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc, step, oom = 0;
    if (gis_db_prepare(db, &st,
                       "SELECT w.category_id, x.status, w.precision_code,"
                       " w.illustrative, X(w.point), Y(w.point),"
                       " AsBinary(l.geom) FROM work w"
                       " LEFT JOIN work_state x ON x.work_id = w.id"
                       " LEFT JOIN work_line l ON l.work_id = w.id"
                       " WHERE w.point IS NOT NULL ORDER BY w.code",
                       err))
        return 1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        mp_work *w;
        if ((oom = grow(&m->works, m->nworks, &m->wcap, sizeof *m->works)))
            break;
        w = &m->works[m->nworks];
        memset(w, 0, sizeof *w);
        if (trk_mp_project(m, sqlite3_column_double(st, 4),
                           sqlite3_column_double(st, 5), &w->x, &w->y))
            continue;
        m->nworks++;
        w->cat = find_category(m, (const char *)sqlite3_column_text(st, 0));
        w->status = trk_ms_status((const char *)sqlite3_column_text(st, 1));
        w->approximate = sqlite3_column_int(st, 2) != 1; /* NULL too */
        w->line = read_geom(m, st, 6);
        m->illustrative |= sqlite3_column_int(st, 3) != 0;
        if (w->cat >= 0) {
            m->cats[w->cat].used = 1;
            m->cats[w->cat].line |= w->line != NULL;
        }
    }
    rc = read_failed(db, step, oom, "works", err);
    sqlite3_finalize(st);
    return rc;
}

/* A source's title up to its first colon, for a one-line credit. */
#define SHORT_TITLE                                                            \
    "group_concat(CASE WHEN instr(title, ':') > 0 THEN substr(title, 1,"       \
    " instr(title, ':') - 1) ELSE title END, '; ')"

/* The credit line: where the boundaries, the plan and the works come
 * from.  Illustrative data is what layers/sources.csv notes as such. */
static int load_sources(gis_db *db, mp_map *m, gis_error *err) {
    sqlite3_stmt *st = NULL;
    size_t len;
    FILE *f;
    const char *t[4];
    int i;

    if (gis_db_prepare(
            db, &st,
            "SELECT (SELECT title FROM layer_info WHERE layer = 'units'),"
            " (SELECT " SHORT_TITLE " FROM source WHERE instr(' ' ||"
            " (SELECT source_ids FROM layer_info WHERE layer = 'units') ||"
            " ' ', ' ' || id || ' ') > 0),"
            " (SELECT " SHORT_TITLE " FROM source WHERE id IN"
            " (SELECT source_id FROM plan)),"
            " (SELECT " SHORT_TITLE " FROM source WHERE note LIKE"
            " 'ILLUSTRATIVE%')",
            err))
        return 1;
    if (!(f = open_memstream(&m->sources, &len))) {
        sqlite3_finalize(st);
        gis_error_set(err, "out of memory");
        return 1;
    }
    sqlite3_step(st);
    for (i = 0; i < 4; i++) {
        t[i] = (const char *)sqlite3_column_text(st, i);
        t[i] = t[i] ? t[i] : "không rõ";
    }
    fprintf(f,
            "Nguồn số liệu — ranh giới: %s (%s). Kế hoạch: %s. Công"
            " trình: %d công trình trong cơ sở dữ liệu theo dõi",
            t[0], t[1], t[2], m->nworks);
    if (m->illustrative)
        fprintf(f, "; dữ liệu minh họa: %s", t[3]);
    fputc('.', f);
    sqlite3_finalize(st);
    return fclose(f) != 0;
}

/* ---- the page ---- */

static int classify(mp_map *m, gis_error *err) {
    double *v = malloc((m->nunits + 1) * sizeof *v);
    int *known = malloc((m->nunits + 1) * sizeof *known);
    int *cls = malloc((m->nunits + 1) * sizeof *cls);
    int i, rc = 1;
    if (v && known && cls) {
        for (i = 0; i < m->nunits; i++) {
            v[i] = m->units[i].value;
            known[i] = m->units[i].known;
        }
        m->nclasses =
            trk_ms_classify(v, known, m->nunits, m->ind->kind, m->classes, cls);
        for (i = 0; i < m->nunits; i++) {
            m->units[i].cls = cls[i];
            m->no_data += cls[i] < 0;
        }
        rc = 0;
    } else {
        gis_error_set(err, "out of memory");
    }
    free(v);
    free(known);
    free(cls);
    return rc;
}

/* The transform that fits the units and works into the map frame. */
static int fit_page(mp_map *m) {
    const double l = 14, r = 14, t = 28, b = 36;
    double iw = trk_mp_frame.w - l - r, ih = trk_mp_frame.h - t - b, dx, dy;
    OGREnvelope e;
    int i;

    m->minx = m->miny = HUGE_VAL;
    m->maxx = m->maxy = -HUGE_VAL;
    for (i = 0; i < m->nunits; i++) {
        OGR_G_GetEnvelope(m->units[i].geom, &e);
        m->minx = fmin(m->minx, e.MinX), m->maxx = fmax(m->maxx, e.MaxX);
        m->miny = fmin(m->miny, e.MinY), m->maxy = fmax(m->maxy, e.MaxY);
    }
    for (i = 0; i < m->nworks; i++) {
        m->minx = fmin(m->minx, m->works[i].x);
        m->maxx = fmax(m->maxx, m->works[i].x);
        m->miny = fmin(m->miny, m->works[i].y);
        m->maxy = fmax(m->maxy, m->works[i].y);
    }
    dx = fmax(m->maxx - m->minx, 1);
    dy = fmax(m->maxy - m->miny, 1);
    m->s = fmin(iw / dx, ih / dy);
    m->ox = trk_mp_frame.x + l + (iw - dx * m->s) / 2;
    m->oy = trk_mp_frame.y + t + (ih - dy * m->s) / 2;
    return 0;
}

/* Markers that would hide one another (works known only by their
 * commune stand on its centre) are moved onto rings around their point,
 * exact locations placed first; a grid of cells smaller than the spacing
 * keeps the search local. */
#define SPACING 10.5
#define CELL 7.0

static int marker_free(const mp_map *m, const int *grid, int gw, int gh,
                       double x, double y) {
    int cx = (int)((x - trk_mp_frame.x) / CELL),
        cy = (int)((y - trk_mp_frame.y) / CELL);
    int i, j, w;
    if (x < trk_mp_frame.x || y < trk_mp_frame.y ||
        x >= trk_mp_frame.x + trk_mp_frame.w ||
        y >= trk_mp_frame.y + trk_mp_frame.h)
        return 0;
    for (j = cy - 2; j <= cy + 2; j++)
        for (i = cx - 2; i <= cx + 2; i++)
            if (i >= 0 && j >= 0 && i < gw && j < gh &&
                (w = grid[j * gw + i]) >= 0 &&
                hypot(m->works[w].px - x, m->works[w].py - y) < SPACING)
                return 0;
    return 1;
}

static void place_marker(mp_map *m, int *grid, int gw, int gh, int k) {
    mp_work *w = &m->works[k];
    double ax, ay, a;
    int r, j;
    trk_mp_to_page(m, w->x, w->y, &ax, &ay);
    w->px = ax, w->py = ay;
    for (r = 0; r <= 4; r++)
        for (j = 0; j < (r ? 6 * r : 1); j++) {
            a = -M_PI / 2 + 2 * M_PI * j / (r ? 6 * r : 1);
            if (marker_free(m, grid, gw, gh, ax + r * SPACING * cos(a),
                            ay + r * SPACING * sin(a))) {
                w->px = ax + r * SPACING * cos(a);
                w->py = ay + r * SPACING * sin(a);
                grid[(int)((w->py - trk_mp_frame.y) / CELL) * gw +
                     (int)((w->px - trk_mp_frame.x) / CELL)] = k;
                return;
            }
        }
}

static int place_markers(mp_map *m, gis_error *err) {
    int gw = (int)(trk_mp_frame.w / CELL) + 1,
        gh = (int)(trk_mp_frame.h / CELL) + 1;
    int *grid = malloc((size_t)gw * gh * sizeof *grid), i, pass;
    if (!grid) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    for (i = 0; i < gw * gh; i++)
        grid[i] = -1;
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < m->nworks; i++)
            if (m->works[i].approximate == pass)
                place_marker(m, grid, gw, gh, i);
    free(grid);
    return 0;
}

int trk_mp_load(gis_db *db, mp_map *m, gis_error *err) {
    return proj_open(m, err) || load_categories(db, m, err) ||
           load_units(db, m, err) || load_works(db, m, err) ||
           load_sources(db, m, err) || classify(m, err) || fit_page(m) ||
           place_markers(m, err);
}
