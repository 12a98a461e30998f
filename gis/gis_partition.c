/*
 * gis_partition.c: cells around sites, fitted to target areas, when all we
 * know of each cell is its centre and how large it should be.
 *
 * Why a weighted Voronoi: a plain Voronoi gives every site the same reach,
 * so places near the edge of a large cell end up in a small neighbour.
 * Measuring distance divided by sqrt(target area) lets large cells reach
 * further, and the weights are then refitted until each cell's area is
 * close to its target.  The outline (the union of the cells) comes from the
 * same weighted distance: a place is in it when its weighted distance to
 * the nearest site is at most a threshold chosen so the total area matches
 * the sum of the targets; holes that this leaves inside the outline are
 * filled, since the area being approximated has none.
 *
 * Why a raster: weighted Voronoi cells are bounded by circular arcs and can
 * fall apart into pieces; on a raster the assignment, the threshold, the
 * area fit and the repair of pieces (each cell must be one 4-connected
 * region holding its own site) are simple array passes, and GDAL turns the
 * final labels into polygons that share edges exactly, so cells cannot
 * overlap.
 *
 * Why the fit runs in stages: the full-resolution assignment dominates the
 * cost and this runs every time the caller initialises its data, so the
 * weights are first fitted on a coarse raster and only finished on the
 * requested one.  Moving cut-off pieces to a neighbour makes areas jump as
 * weights change, so the fit first ignores pieces (areas then vary
 * smoothly) and only then enforces connected cells; each round that would
 * make the fit worse is undone, so the result is the best one seen.
 *
 * Reported areas are measured geodesically on the final polygons (PROJ's
 * geodesic code), so they are what any other tool would measure.
 */
#include "gis_partition.h"

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <geodesic.h>
#include <ogr_srs_api.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CELL_DEG 0.0005
#define DEFAULT_MARGIN_DEG 0.1
/* Rounds per stage; a stage that has not converged by then keeps its best
 * round. */
#define DEFAULT_ITERATIONS 100
/* Stop fitting once every cell is within this relative error. */
#define FIT_TOLERANCE 0.01
/* The coarse raster's pixels are too large to resolve 1% on small cells;
 * its job is only to bring the weights close. */
#define COARSE_TOLERANCE 0.02
/* Area goes roughly with the square of the weight, so an exponent of 0.5
 * would be a full Newton-like step for a cell on the outline; half of it
 * keeps neighbours that trade area with each other from oscillating.  A
 * round never scales a weight by more than MAX_WEIGHT_STEP, and the fit
 * gives up once backtracking has shrunk its step below MIN_SCALE. */
#define WEIGHT_EXPONENT 0.25
#define MAX_WEIGHT_STEP 1.5
#define MIN_SCALE (1.0 / 256)
/* The coarse raster has about this many pixels; it only needs to be fine
 * enough that its fitted weights leave the full raster a few rounds, so
 * the full raster gets at most FINE_ROUNDS after a coarse stage. */
#define COARSE_PIXELS 60000L
#define FINE_ROUNDS 20
#define MAX_PIXELS (64L * 1024 * 1024)
/* Pixels per side of the tiles over which candidate sites are pruned. */
#define TILE 16
#define HIST_BINS 16384
/* Sites closer than this (in pixels) to a pixel edge claim both pixels. */
#define EDGE_EPS 1e-6
#define MAX_SEEDS 4
/* Labels of pixels that belong to no site. */
#define OUTSIDE (-1)
#define GAP (-2)
#define PI 3.14159265358979323846

typedef struct grid {
    int nx, ny;
    double x0, y0; /* west and north edges, degrees */
    double cell;   /* degrees */
    double kx, ky; /* km per degree of lon and lat at the mean latitude */
    double *row_km2;
} grid;

/* Per-site state of the weight fit, carried from the coarse raster to the
 * full one. */
typedef struct fit {
    double *inv_w2;      /* 1 / weight², weight = sqrt(target) at the start */
    double *best_inv_w2; /* inv_w2 of the best round so far */
    double *area;        /* km² of each cell in the current labelling */
    double *best_area;   /* area of the best round so far */
    double *hist;        /* HIST_BINS bins for outline_threshold */
    double total_km2;    /* the sum of the targets */
    double inner_km2;    /* outline area asked of the threshold, before the
                            gaps are filled and orphans dropped */
    int connected;       /* whether pieces cut off from their site move */
} fit;

typedef struct work {
    grid g;
    int *label;             /* site index per pixel, or OUTSIDE or GAP */
    double *r2;             /* squared weighted distance to nearest site */
    int *queue;             /* flood-fill queue */
    unsigned char *reached; /* flood-fill marks */
    int *seed;              /* MAX_SEEDS pixels per site, -1 unused */
    int *cand;              /* candidate sites of one tile */
} work;

/* Lengths of a degree on WGS84 (standard series): the pixel areas then
 * agree with the geodesic areas measured at the end to well under 0.1%,
 * which the 110.57 km of the equator would not. */
static double km_per_deg_lat(double lat) {
    double p = lat * PI / 180.0;
    return (111132.92 - 559.82 * cos(2 * p) + 1.175 * cos(4 * p) -
            0.0023 * cos(6 * p)) /
           1000.0;
}

static double km_per_deg_lon(double lat) {
    double p = lat * PI / 180.0;
    return (111412.84 * cos(p) - 93.5 * cos(3 * p) + 0.118 * cos(5 * p)) /
           1000.0;
}

static void work_free(work *wk) {
    free(wk->g.row_km2);
    free(wk->label);
    free(wk->r2);
    free(wk->queue);
    free(wk->reached);
    free(wk->seed);
    free(wk->cand);
    memset(wk, 0, sizeof *wk);
}

/* The raster is aligned to multiples of the cell size so that the same
 * inputs always give the same pixels whatever the margin rounding. */
static int work_init(work *wk, const gis_site *sites, int n, double cell,
                     double margin, gis_error *err) {
    double minx = DBL_MAX, maxx = -DBL_MAX, miny = DBL_MAX, maxy = -DBL_MAX;
    double x1, y1, nxd, nyd, lat0;
    grid *g = &wk->g;
    size_t npix;
    int rc = -1;

    memset(wk, 0, sizeof *wk);
    for (int i = 0; i < n; i++) {
        minx = fmin(minx, sites[i].lon);
        maxx = fmax(maxx, sites[i].lon);
        miny = fmin(miny, sites[i].lat);
        maxy = fmax(maxy, sites[i].lat);
    }
    if (miny - margin <= -89.0 || maxy + margin >= 89.0) {
        gis_error_set(err, "sites plus margin reach too close to a pole");
        goto cleanup;
    }
    g->cell = cell;
    g->x0 = floor((minx - margin) / cell) * cell;
    g->y0 = ceil((maxy + margin) / cell) * cell;
    x1 = ceil((maxx + margin) / cell) * cell;
    y1 = floor((miny - margin) / cell) * cell;
    nxd = round((x1 - g->x0) / cell);
    nyd = round((g->y0 - y1) / cell);
    if (nxd * nyd > (double)MAX_PIXELS) {
        gis_error_set(err,
                      "raster of %.0f x %.0f cells is too large; use a "
                      "larger cell size",
                      nxd, nyd);
        goto cleanup;
    }
    g->nx = (int)nxd;
    g->ny = (int)nyd;
    lat0 = 0.5 * (miny + maxy);
    g->kx = km_per_deg_lon(lat0);
    g->ky = km_per_deg_lat(lat0);

    npix = (size_t)g->nx * (size_t)g->ny;
    g->row_km2 = malloc((size_t)g->ny * sizeof *g->row_km2);
    wk->label = malloc(npix * sizeof *wk->label);
    wk->r2 = malloc(npix * sizeof *wk->r2);
    wk->queue = malloc(npix * sizeof *wk->queue);
    wk->reached = malloc(npix);
    wk->seed = malloc((size_t)n * MAX_SEEDS * sizeof *wk->seed);
    wk->cand = malloc((size_t)n * sizeof *wk->cand);
    if (!g->row_km2 || !wk->label || !wk->r2 || !wk->queue || !wk->reached ||
        !wk->seed || !wk->cand) {
        gis_error_set(err, "out of memory for a %d x %d raster", g->nx, g->ny);
        goto cleanup;
    }
    for (int r = 0; r < g->ny; r++) {
        double lat = g->y0 - (r + 0.5) * cell;
        g->row_km2[r] = km_per_deg_lon(lat) * km_per_deg_lat(lat) * cell * cell;
    }
    rc = 0;
cleanup:
    if (rc != 0)
        work_free(wk);
    return rc;
}

/* A site's own pixel must carry its label, or its cell could not contain
 * it.  A site lying on a pixel edge (common when coordinates have few
 * decimals) claims the pixels on both sides, so that it ends up inside its
 * polygon rather than on the boundary shared with a neighbour. */
static int find_seeds(work *wk, const gis_site *sites, int n, gis_error *err) {
    const grid *g = &wk->g;
    size_t npix = (size_t)g->nx * (size_t)g->ny;
    int rc = -1;

    for (size_t p = 0; p < npix; p++)
        wk->label[p] = OUTSIDE;
    for (int i = 0; i < n; i++) {
        double fx = (sites[i].lon - g->x0) / g->cell;
        double fy = (g->y0 - sites[i].lat) / g->cell;
        int cx[2], cy[2], ncx = 1, ncy = 1, k = 0;

        cx[0] = (int)floor(fx);
        cy[0] = (int)floor(fy);
        if (fx - cx[0] < EDGE_EPS)
            cx[ncx++] = cx[0] - 1;
        else if (cx[0] + 1 - fx < EDGE_EPS)
            cx[ncx++] = cx[0] + 1;
        if (fy - cy[0] < EDGE_EPS)
            cy[ncy++] = cy[0] - 1;
        else if (cy[0] + 1 - fy < EDGE_EPS)
            cy[ncy++] = cy[0] + 1;
        for (int a = 0; a < ncy; a++) {
            for (int b = 0; b < ncx; b++) {
                int p;
                if (cx[b] < 0 || cx[b] >= g->nx || cy[a] < 0 ||
                    cy[a] >= g->ny) {
                    gis_error_set(err, "site %d lies outside the raster", i);
                    goto cleanup;
                }
                p = cy[a] * g->nx + cx[b];
                if (wk->label[p] >= 0) {
                    gis_error_set(err,
                                  "sites %d and %d share a raster cell; use "
                                  "a smaller cell size",
                                  wk->label[p], i);
                    goto cleanup;
                }
                wk->label[p] = i;
                wk->seed[i * MAX_SEEDS + k++] = p;
            }
        }
        while (k < MAX_SEEDS)
            wk->seed[i * MAX_SEEDS + k++] = -1;
    }
    rc = 0;
cleanup:
    return rc;
}

/* Nearest site by weighted distance for every pixel.  Working tile by tile,
 * a site whose best case in the tile is worse than another site's worst
 * case cannot win anywhere in it; this leaves a handful of candidates per
 * pixel instead of all sites. */
static void assign_nearest(work *wk, const gis_site *sites, int n,
                           const double *inv_w2) {
    const grid *g = &wk->g;

    for (int ty = 0; ty < g->ny; ty += TILE) {
        int ry = ty + TILE < g->ny ? ty + TILE : g->ny;
        /* Pixel-centre coordinates in km, relative to each site below. */
        double ya = (g->y0 - (ry - 0.5) * g->cell) * g->ky;
        double yb = (g->y0 - (ty + 0.5) * g->cell) * g->ky;
        for (int tx = 0; tx < g->nx; tx += TILE) {
            int rx = tx + TILE < g->nx ? tx + TILE : g->nx;
            double xa = (g->x0 + (tx + 0.5) * g->cell) * g->kx;
            double xb = (g->x0 + (rx - 0.5) * g->cell) * g->kx;
            double best_hi = DBL_MAX;
            int nc = 0;

            for (int i = 0; i < n; i++) {
                double sx = sites[i].lon * g->kx, sy = sites[i].lat * g->ky;
                double fx = fmax(fabs(sx - xa), fabs(sx - xb));
                double fy = fmax(fabs(sy - ya), fabs(sy - yb));
                double hi = (fx * fx + fy * fy) * inv_w2[i];
                if (hi < best_hi)
                    best_hi = hi;
            }
            for (int i = 0; i < n; i++) {
                double sx = sites[i].lon * g->kx, sy = sites[i].lat * g->ky;
                double ex = sx < xa ? xa - sx : (sx > xb ? sx - xb : 0.0);
                double ey = sy < ya ? ya - sy : (sy > yb ? sy - yb : 0.0);
                if ((ex * ex + ey * ey) * inv_w2[i] <= best_hi)
                    wk->cand[nc++] = i;
            }
            for (int r = ty; r < ry; r++) {
                double py = (g->y0 - (r + 0.5) * g->cell) * g->ky;
                for (int c = tx; c < rx; c++) {
                    double px = (g->x0 + (c + 0.5) * g->cell) * g->kx;
                    double best = DBL_MAX;
                    int bi = -1;
                    for (int k = 0; k < nc; k++) {
                        int i = wk->cand[k];
                        double dx = px - sites[i].lon * g->kx;
                        double dy = py - sites[i].lat * g->ky;
                        double v = (dx * dx + dy * dy) * inv_w2[i];
                        if (v < best) {
                            best = v;
                            bi = i;
                        }
                    }
                    wk->label[(size_t)r * g->nx + c] = bi;
                    wk->r2[(size_t)r * g->nx + c] = best;
                }
            }
        }
    }
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < MAX_SEEDS; k++) {
            int p = wk->seed[i * MAX_SEEDS + k];
            if (p >= 0) {
                wk->label[p] = i;
                wk->r2[p] = 0.0;
            }
        }
    }
}

/* The squared threshold at which the outline's area reaches total_km2.  An
 * area-weighted histogram of the weighted distances, interpolated within
 * the crossing bin, gets there in two passes where bisection would need
 * dozens; the leftover error is a fraction of a bin, far below one pixel
 * row around the outline. */
static double outline_threshold(const work *wk, double total_km2,
                                double *hist) {
    const grid *g = &wk->g;
    double hmax = 0.0, cum = 0.0;

    for (size_t p = 0; p < (size_t)g->nx * (size_t)g->ny; p++)
        if (wk->r2[p] > hmax)
            hmax = wk->r2[p];
    if (hmax <= 0.0)
        return hmax;
    memset(hist, 0, HIST_BINS * sizeof *hist);
    for (int r = 0; r < g->ny; r++) {
        for (int c = 0; c < g->nx; c++) {
            int b = (int)(wk->r2[(size_t)r * g->nx + c] / hmax * HIST_BINS);
            hist[b < HIST_BINS ? b : HIST_BINS - 1] += g->row_km2[r];
        }
    }
    for (int b = 0; b < HIST_BINS; b++) {
        if (cum + hist[b] >= total_km2 && hist[b] > 0.0)
            return hmax * (b + (total_km2 - cum) / hist[b]) / HIST_BINS;
        cum += hist[b];
    }
    /* The raster is too small to hold the whole outline: keep all of it. */
    return hmax;
}

/* The 4-neighbours of pixel p inside the raster; returns their count. */
static int neighbours(const grid *g, int p, int nb[4]) {
    int r = p / g->nx, c = p % g->nx, nn = 0;

    if (c > 0)
        nb[nn++] = p - 1;
    if (c + 1 < g->nx)
        nb[nn++] = p + 1;
    if (r > 0)
        nb[nn++] = p - g->nx;
    if (r + 1 < g->ny)
        nb[nn++] = p + g->nx;
    return nn;
}

/* Marks as GAP the pixels outside the outline that are enclosed by it.
 * A union of weighted discs leaves small holes where three or more discs
 * barely meet; the area being partitioned has none, and a place in such a
 * hole would belong to no cell, so the holes are handed to the cells. */
static void mark_gaps(work *wk) {
    const grid *g = &wk->g;
    size_t npix = (size_t)g->nx * (size_t)g->ny, head = 0, tail = 0;

    memset(wk->reached, 0, npix);
    for (int r = 0; r < g->ny; r++) {
        for (int c = 0; c < g->nx; c++) {
            int p = r * g->nx + c;
            if ((r == 0 || r == g->ny - 1 || c == 0 || c == g->nx - 1) &&
                wk->label[p] < 0) {
                wk->reached[p] = 1;
                wk->queue[tail++] = p;
            }
        }
    }
    while (head < tail) {
        int nb[4], nn = neighbours(g, wk->queue[head++], nb);
        for (int k = 0; k < nn; k++) {
            if (!wk->reached[nb[k]] && wk->label[nb[k]] < 0) {
                wk->reached[nb[k]] = 1;
                wk->queue[tail++] = nb[k];
            }
        }
    }
    for (size_t p = 0; p < npix; p++)
        if (wk->label[p] < 0 && !wk->reached[p])
            wk->label[p] = GAP;
}

/* Makes every cell a single 4-connected region around its own site, and
 * fills the gaps.  Pieces cut off from their site, and gaps, join whichever
 * reached cell they touch first in breadth-first order, so they stay in the
 * outline under a neighbour that really borders them; pieces touching no
 * reached cell leave the outline. */
static void repair_connectivity(work *wk, int n, int connected) {
    const grid *g = &wk->g;
    size_t npix = (size_t)g->nx * (size_t)g->ny, head, tail = 0;

    mark_gaps(wk);
    memset(wk->reached, 0, npix);
    if (!connected) {
        /* Only fill the gaps: every labelled pixel counts as reached. */
        for (size_t p = 0; p < npix; p++) {
            if (wk->label[p] >= 0) {
                wk->reached[p] = 1;
                wk->queue[tail++] = (int)p;
            }
        }
    }
    for (int i = 0; connected && i < n * MAX_SEEDS; i++) {
        int p = wk->seed[i];
        if (p >= 0 && !wk->reached[p]) {
            wk->reached[p] = 1;
            wk->queue[tail++] = p;
        }
    }
    /* Two sweeps over one queue: first each site floods its own label;
     * then, with all reached pixels queued, orphans and gaps are claimed. */
    for (int pass = 0; pass < 2; pass++) {
        head = 0;
        while (head < tail) {
            int p = wk->queue[head++];
            int nb[4], nn = neighbours(g, p, nb);
            for (int k = 0; k < nn; k++) {
                int q = nb[k];
                if (wk->reached[q] || wk->label[q] == OUTSIDE)
                    continue;
                if (pass == 0 && wk->label[q] != wk->label[p])
                    continue;
                wk->label[q] = wk->label[p];
                wk->reached[q] = 1;
                wk->queue[tail++] = q;
            }
        }
    }
    for (size_t p = 0; p < npix; p++)
        if (!wk->reached[p])
            wk->label[p] = OUTSIDE;
}

/* One full labelling with the current weights; leaves each cell's area. */
static void label_pixels(work *wk, const gis_site *sites, int n, fit *ft) {
    const grid *g = &wk->g;
    double t2, sum = 0.0;

    assign_nearest(wk, sites, n, ft->inv_w2);
    t2 = outline_threshold(wk, ft->inner_km2, ft->hist);
    for (size_t p = 0; p < (size_t)g->nx * (size_t)g->ny; p++)
        if (wk->r2[p] > t2)
            wk->label[p] = OUTSIDE;
    repair_connectivity(wk, n, ft->connected);
    for (int i = 0; i < n; i++)
        ft->area[i] = 0.0;
    for (int r = 0; r < g->ny; r++)
        for (int c = 0; c < g->nx; c++) {
            int l = wk->label[(size_t)r * g->nx + c];
            if (l >= 0)
                ft->area[l] += g->row_km2[r];
        }
    /* Filled gaps add area the threshold did not count: ask it for that
     * much less next round, so the total settles on the sum of targets. */
    for (int i = 0; i < n; i++)
        sum += ft->area[i];
    ft->inner_km2 =
        fmax(0.5 * ft->total_km2, ft->inner_km2 + ft->total_km2 - sum);
}

/* How far the cells are from their targets: the largest relative error. */
static double fit_error(const gis_site *sites, int n, const double *area) {
    double worst = 0.0;

    for (int i = 0; i < n; i++) {
        double e = fabs(area[i] / sites[i].target_km2 - 1.0);
        if (e > worst)
            worst = e;
    }
    return worst;
}

/* What the fit minimises: the total log error, so that a single cell that
 * cannot reach its target does not hold back all the others. */
static double fit_score(const gis_site *sites, int n, const double *area) {
    double sum = 0.0;

    for (int i = 0; i < n; i++)
        sum += fabs(log(area[i] / sites[i].target_km2));
    return sum;
}

/* Rounds of labelling and reweighting until every cell is within tolerance
 * of its target or the rounds run out.  A round that makes the fit worse
 * is undone and the step halved (a backtracking line search), so the fit
 * improves monotonically even where areas jump with the weights; a round
 * that improves it lets the step grow back.  The labels left in wk are
 * those of the weights left in ft, and ft->area describes them. */
static void fit_weights(work *wk, const gis_site *sites, int n, int rounds,
                        double tolerance, fit *ft) {
    const double max_log_step = log(MAX_WEIGHT_STEP);
    const size_t bytes = (size_t)n * sizeof *ft->inv_w2;
    double best = DBL_MAX, scale = 1.0, inner_in = ft->inner_km2;
    double best_in = inner_in, best_out = inner_in;
    int labelled_best = 0;

    if (rounds < 1)
        rounds = 1;
    for (int round = 0; round < rounds && scale > MIN_SCALE; round++) {
        double score;
        inner_in = ft->inner_km2;
        label_pixels(wk, sites, n, ft);
        if (fit_error(sites, n, ft->area) < tolerance)
            return;
        score = fit_score(sites, n, ft->area);
        labelled_best = score < best;
        if (labelled_best) {
            best = score;
            best_in = inner_in;
            best_out = ft->inner_km2;
            memcpy(ft->best_inv_w2, ft->inv_w2, bytes);
            memcpy(ft->best_area, ft->area, bytes);
            scale = fmin(1.0, 2.0 * scale);
        } else {
            scale *= 0.5;
            ft->inner_km2 = best_out;
        }
        for (int i = 0; i < n; i++) {
            /* A cell is never empty (its seeds are kept), so area > 0. */
            double e = log(sites[i].target_km2 / ft->best_area[i]);
            double step = scale * WEIGHT_EXPONENT * e;
            step = fmax(-max_log_step, fmin(max_log_step, step));
            ft->inv_w2[i] = ft->best_inv_w2[i] * exp(-2.0 * step);
        }
    }
    memcpy(ft->inv_w2, ft->best_inv_w2, bytes);
    if (labelled_best) {
        ft->inner_km2 = best_out;
    } else {
        ft->inner_km2 = best_in;
        label_pixels(wk, sites, n, ft);
    }
}

/* Whether any of the outline lies on the raster's edge, i.e. was cut off. */
static int outline_clipped(const work *wk) {
    const grid *g = &wk->g;

    for (int c = 0; c < g->nx; c++)
        if (wk->label[c] >= 0 ||
            wk->label[(size_t)(g->ny - 1) * g->nx + c] >= 0)
            return 1;
    for (int r = 0; r < g->ny; r++)
        if (wk->label[(size_t)r * g->nx] >= 0 ||
            wk->label[(size_t)r * g->nx + g->nx - 1] >= 0)
            return 1;
    return 0;
}

/* Appends the polygons of g (any nesting of collections) to multi. */
static int collect_polygons(OGRGeometryH multi, OGRGeometryH g) {
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));

    if (t == wkbPolygon) {
        OGRGeometryH copy = OGR_G_Clone(g);
        if (!copy)
            return -1;
        if (OGR_G_AddGeometryDirectly(multi, copy) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(copy);
            return -1;
        }
        return 0;
    }
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++)
            if (collect_polygons(multi, OGR_G_GetGeometryRef(g, k)) != 0)
                return -1;
    }
    return 0;
}

static double ring_km2(const struct geod_geodesic *gd, OGRGeometryH ring) {
    struct geod_polygon poly;
    int np = OGR_G_GetPointCount(ring);
    double a = 0.0;

    geod_polygon_init(&poly, 0);
    /* The closing point repeats the first; PROJ closes rings itself. */
    if (np > 1 && OGR_G_GetX(ring, 0) == OGR_G_GetX(ring, np - 1) &&
        OGR_G_GetY(ring, 0) == OGR_G_GetY(ring, np - 1))
        np--;
    for (int k = 0; k < np; k++)
        geod_polygon_addpoint(gd, &poly, OGR_G_GetY(ring, k),
                              OGR_G_GetX(ring, k));
    geod_polygon_compute(gd, &poly, 0, 1, &a, NULL);
    return fabs(a) / 1e6;
}

static double multipolygon_km2(OGRGeometryH multi) {
    struct geod_geodesic gd;
    double km2 = 0.0;

    geod_init(&gd, 6378137.0, 1.0 / 298.257223563);
    for (int k = 0; k < OGR_G_GetGeometryCount(multi); k++) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(multi, k);
        int nr = OGR_G_GetGeometryCount(poly);
        for (int r = 0; r < nr; r++) {
            double a = ring_km2(&gd, OGR_G_GetGeometryRef(poly, r));
            km2 += r == 0 ? a : -a;
        }
    }
    return km2;
}

static const char *gdal_reason(void) {
    const char *m = CPLGetLastErrorMsg();
    return m && *m ? m : "unknown GDAL error";
}

/* Turns the labels into one MultiPolygon per site. */
static int polygonize(const work *wk, int n, OGRGeometryH *polys,
                      gis_error *err) {
    const grid *g = &wk->g;
    double gt[6] = {g->x0, g->cell, 0.0, g->y0, 0.0, -g->cell};
    GDALDriverH mem_drv, vec_drv;
    GDALDatasetH ras = NULL, vec = NULL;
    GDALRasterBandH band;
    OGRLayerH layer;
    OGRFieldDefnH fld = NULL;
    OGRFeatureH feat = NULL;
    OGRSpatialReferenceH srs = NULL;
    int rc = -1;

    for (int i = 0; i < n; i++)
        polys[i] = NULL;
    if (!GDALGetDriverByName("MEM") || !GDALGetDriverByName("Memory"))
        GDALAllRegister();
    mem_drv = GDALGetDriverByName("MEM");
    vec_drv = GDALGetDriverByName("Memory");
    if (!mem_drv || !vec_drv) {
        gis_error_set(err, "GDAL has no MEM or Memory driver");
        goto cleanup;
    }
    ras = GDALCreate(mem_drv, "", g->nx, g->ny, 1, GDT_Int32, NULL);
    if (!ras) {
        gis_error_set(err, "cannot create in-memory raster: %s", gdal_reason());
        goto cleanup;
    }
    band = GDALGetRasterBand(ras, 1);
    if (GDALSetGeoTransform(ras, gt) != CE_None ||
        GDALSetRasterNoDataValue(band, -1) != CE_None ||
        GDALRasterIO(band, GF_Write, 0, 0, g->nx, g->ny, wk->label, g->nx,
                     g->ny, GDT_Int32, 0, 0) != CE_None) {
        gis_error_set(err, "cannot fill in-memory raster: %s", gdal_reason());
        goto cleanup;
    }
    vec = GDALCreate(vec_drv, "", 0, 0, 0, GDT_Unknown, NULL);
    if (!vec) {
        gis_error_set(err, "cannot create in-memory layer: %s", gdal_reason());
        goto cleanup;
    }
    layer = GDALDatasetCreateLayer(vec, "cells", NULL, wkbPolygon, NULL);
    fld = OGR_Fld_Create("label", OFTInteger);
    if (!layer || !fld || OGR_L_CreateField(layer, fld, TRUE) != OGRERR_NONE) {
        gis_error_set(err, "cannot create in-memory layer: %s", gdal_reason());
        goto cleanup;
    }
    /* The mask band excludes the nodata pixels (outside the outline);
     * the default 4-connectivity matches the repair above. */
    if (GDALPolygonize(band, GDALGetMaskBand(band), layer, 0, NULL, NULL,
                       NULL) != CE_None) {
        gis_error_set(err, "cannot polygonize cells: %s", gdal_reason());
        goto cleanup;
    }

    for (int i = 0; i < n; i++) {
        polys[i] = OGR_G_CreateGeometry(wkbMultiPolygon);
        if (!polys[i]) {
            gis_error_set(err, "out of memory for cell polygons");
            goto cleanup;
        }
    }
    OGR_L_ResetReading(layer);
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        int l = OGR_F_GetFieldAsInteger(feat, 0);
        OGRGeometryH part = OGR_F_StealGeometry(feat);
        OGR_F_Destroy(feat);
        feat = NULL;
        if (!part)
            continue;
        if (l < 0 || l >= n ||
            OGR_G_AddGeometryDirectly(polys[l], part) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(part);
            gis_error_set(err, "unexpected polygon for label %d", l);
            goto cleanup;
        }
    }

    srs = OSRNewSpatialReference(NULL);
    if (!srs || OSRImportFromEPSG(srs, 4326) != OGRERR_NONE) {
        gis_error_set(err, "cannot set up EPSG:4326: %s", gdal_reason());
        goto cleanup;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    for (int i = 0; i < n; i++) {
        if (OGR_G_GetGeometryCount(polys[i]) == 0) {
            gis_error_set(err, "cell %d came out empty", i);
            goto cleanup;
        }
        /* Pixel outlines can touch themselves at a corner, which some
         * checkers reject; repair rather than hand on an invalid shape. */
        if (!OGR_G_IsValid(polys[i])) {
            OGRGeometryH fixed = OGR_G_MakeValid(polys[i]);
            OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
            int bad = !fixed || !multi || collect_polygons(multi, fixed) != 0;
            if (fixed)
                OGR_G_DestroyGeometry(fixed);
            if (bad) {
                if (multi)
                    OGR_G_DestroyGeometry(multi);
                gis_error_set(err, "cannot make cell %d valid: %s", i,
                              gdal_reason());
                goto cleanup;
            }
            OGR_G_DestroyGeometry(polys[i]);
            polys[i] = multi;
        }
        OGR_G_AssignSpatialReference(polys[i], srs);
    }
    rc = 0;
cleanup:
    if (rc != 0) {
        for (int i = 0; i < n; i++) {
            if (polys[i])
                OGR_G_DestroyGeometry(polys[i]);
            polys[i] = NULL;
        }
    }
    if (srs)
        OSRRelease(srs);
    if (fld)
        OGR_Fld_Destroy(fld);
    if (vec)
        GDALClose(vec);
    if (ras)
        GDALClose(ras);
    return rc;
}

static int check_input(const gis_site *sites, int n,
                       const gis_partition_opts *opts, OGRGeometryH *out_polys,
                       double *out_km2, gis_error *err) {
    if (!sites || n <= 0) {
        gis_error_set(err, "no sites to partition");
        return -1;
    }
    if (n > INT_MAX / MAX_SEEDS) {
        gis_error_set(err, "too many sites (%d)", n);
        return -1;
    }
    if (!out_polys || !out_km2) {
        gis_error_set(err, "no room for the resulting cells");
        return -1;
    }
    if (opts && (!(opts->cell_deg >= 0.0 && opts->cell_deg < 1.0) ||
                 !(opts->margin_deg >= 0.0 && opts->margin_deg < 10.0) ||
                 opts->iterations < 0)) {
        gis_error_set(err,
                      "invalid partition options (cell %g, margin %g, "
                      "iterations %d)",
                      opts->cell_deg, opts->margin_deg, opts->iterations);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (!(sites[i].lon >= -180.0 && sites[i].lon <= 180.0) ||
            !(sites[i].lat > -90.0 && sites[i].lat < 90.0)) {
            gis_error_set(err, "site %d has invalid coordinates (%g, %g)", i,
                          sites[i].lon, sites[i].lat);
            return -1;
        }
        if (!(sites[i].target_km2 > 0.0) || !isfinite(sites[i].target_km2)) {
            gis_error_set(err, "site %d has invalid target area %g", i,
                          sites[i].target_km2);
            return -1;
        }
    }
    return 0;
}

int gis_partition_weighted(const gis_site *sites, int n,
                           const gis_partition_opts *opts,
                           OGRGeometryH *out_polys, double *out_km2,
                           gis_error *err) {
    double cell = DEFAULT_CELL_DEG, margin = DEFAULT_MARGIN_DEG;
    int rounds = DEFAULT_ITERATIONS, factor, coarse_done = 0;
    OGRGeometryH *polys = NULL;
    fit ft = {0};
    work wk = {0};
    int rc = -1;

    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    if (check_input(sites, n, opts, out_polys, out_km2, err) != 0)
        goto cleanup;
    if (opts && opts->cell_deg > 0.0)
        cell = opts->cell_deg;
    if (opts && opts->margin_deg > 0.0)
        margin = opts->margin_deg;
    if (opts && opts->iterations > 0)
        rounds = opts->iterations;

    ft.inv_w2 = malloc((size_t)n * sizeof *ft.inv_w2);
    ft.best_inv_w2 = malloc((size_t)n * sizeof *ft.best_inv_w2);
    ft.area = malloc((size_t)n * sizeof *ft.area);
    ft.best_area = malloc((size_t)n * sizeof *ft.best_area);
    ft.hist = malloc(HIST_BINS * sizeof *ft.hist);
    polys = calloc((size_t)n, sizeof *polys);
    if (!ft.inv_w2 || !ft.best_inv_w2 || !ft.area || !ft.best_area ||
        !ft.hist || !polys) {
        gis_error_set(err, "out of memory for %d sites", n);
        goto cleanup;
    }
    for (int i = 0; i < n; i++) {
        ft.inv_w2[i] = 1.0 / sites[i].target_km2;
        ft.total_km2 += sites[i].target_km2;
    }
    ft.inner_km2 = ft.total_km2;

    /* The coarse stage is only worth it when the requested raster is large;
     * sites too close together for the coarsest raster try a finer one. */
    if (work_init(&wk, sites, n, cell, margin, err) != 0)
        goto cleanup;
    factor = (int)floor(sqrt((double)wk.g.nx * wk.g.ny / COARSE_PIXELS));
    work_free(&wk);
    for (; factor >= 2 && !coarse_done; factor--) {
        if (work_init(&wk, sites, n, factor * cell, margin, err) != 0)
            goto cleanup;
        if (find_seeds(&wk, sites, n, NULL) == 0) {
            ft.connected = 0;
            fit_weights(&wk, sites, n, rounds, COARSE_TOLERANCE, &ft);
            ft.connected = 1;
            fit_weights(&wk, sites, n, rounds, COARSE_TOLERANCE, &ft);
            coarse_done = 1;
        }
        work_free(&wk);
    }

    if (work_init(&wk, sites, n, cell, margin, err) != 0 ||
        find_seeds(&wk, sites, n, err) != 0)
        goto cleanup;
    if (!coarse_done) {
        ft.connected = 0;
        fit_weights(&wk, sites, n, rounds, FIT_TOLERANCE, &ft);
    }
    ft.connected = 1;
    fit_weights(&wk, sites, n,
                coarse_done && rounds > FINE_ROUNDS ? FINE_ROUNDS : rounds,
                FIT_TOLERANCE, &ft);
    /* A cut-off outline cannot reach the targets; say so rather than hand
     * back cells with a straight edge along the raster. */
    if (outline_clipped(&wk)) {
        gis_error_set(err,
                      "the outline reaches the edge of the raster; use a "
                      "margin larger than %g degrees",
                      margin);
        goto cleanup;
    }
    if (polygonize(&wk, n, polys, err) != 0)
        goto cleanup;
    for (int i = 0; i < n; i++) {
        out_polys[i] = polys[i];
        out_km2[i] = multipolygon_km2(polys[i]);
    }
    rc = 0;
cleanup:
    if (rc != 0 && polys) {
        for (int i = 0; i < n; i++)
            if (polys[i])
                OGR_G_DestroyGeometry(polys[i]);
    }
    free(polys);
    free(ft.hist);
    free(ft.best_area);
    free(ft.area);
    free(ft.best_inv_w2);
    free(ft.inv_w2);
    work_free(&wk);
    CPLPopErrorHandler();
    return rc;
}
