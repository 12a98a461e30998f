/*
 * trk_map_print.c: the printable map's page: checks the options, lays out
 * an A4 landscape page (title, map frame, legend and notes on the right,
 * date and sources below) and draws it with cairo as PDF or PNG.  The data
 * comes from trk_map_print_data.c, the looks from trk_map_style.c and
 * trk_map_print_legend.c.
 *
 * The scale bar is measured, not assumed: its two ends are taken back to
 * lon/lat through PROJ and their distance measured on the WGS 84
 * ellipsoid with PROJ's geodesic routines (gis_geodesic_distance_m).  The
 * north arrow points to true north, found by projecting a point a little
 * north of it.  The page is drawn in points (842 x 595); a PNG is the same
 * drawing scaled to 150 dpi, so the two outputs never differ in layout.
 */
#include "trk_map_print.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gis_geom.h"
#include "trk_flags.h"
#include "trk_map_print_int.h"

#define PAGE_W 842.0
#define PAGE_H 595.0
#define PNG_SCALE (150.0 / 72.0)
#define MARGIN 20.0
#define DEFAULT_TITLE                                                                      \
    "Công trình hạ tầng Dự án 4 – Kế hoạch 227/KH-UBND năm 2022, huyện " \
    "Đại Từ"

/* Where things go on the page, in points. */
const trk_map_box trk_mp_frame = {MARGIN, 64, 548, 466};
static const trk_map_box panel = {580, 64, PAGE_W - MARGIN - 580, 466};

static const mp_indicator indicators[] = {
    {"works", "Số công trình", TRK_MS_COUNT},
    {"allocated", "Vốn phân bổ (triệu đồng)", TRK_MS_VND},
    {"disbursed_rate", "Tỷ lệ giải ngân (% vốn phân bổ)", TRK_MS_PERCENT},
    {"vnd_per_km2", "Vốn phân bổ trên diện tích (triệu đồng/km²)",
     TRK_MS_VND_KM2},
};

/* The map and what the page says around it. */
typedef struct page {
    mp_map m;
    char today[11];
    const char *title;
} page;

/* ---- options ---- */

static int check_format(const char *path, const char **format, gis_error *err) {
    const char *dot = strrchr(path, '.');
    if (!*format && dot &&
        (!strcasecmp(dot, ".png") || !strcasecmp(dot, ".pdf")))
        *format = dot + 1;
    if (!*format) {
        gis_error_set(err, "cannot tell the map format of '%s': use png or pdf",
                      path);
        return 1;
    }
    if (strcasecmp(*format, "png") && strcasecmp(*format, "pdf")) {
        gis_error_set(err, "unknown map format '%s': use png or pdf", *format);
        return 1;
    }
    return 0;
}

static int is_date(const char *d) {
    int i;
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return 0;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
            return 0;
    return 1;
}

static int check_options(const trk_map_opts *o, page *pg, gis_error *err) {
    const char *ind = o && o->indicator ? o->indicator : "works";
    const char *units = o && o->units ? o->units : "2022";
    mp_map *m = &pg->m;
    size_t i;

    m->ind = NULL;
    for (i = 0; i < sizeof indicators / sizeof indicators[0]; i++)
        if (!strcmp(indicators[i].id, ind) && trk_map_indicator_known(ind))
            m->ind = &indicators[i];
    if (!m->ind) {
        gis_error_set(err,
                      "unknown indicator '%s': use works, allocated, "
                      "disbursed_rate or vnd_per_km2",
                      ind);
        return 1;
    }
    if (strcmp(units, "2022") && strcmp(units, "current")) {
        gis_error_set(err, "unknown unit set '%s': use 2022 or current", units);
        return 1;
    }
    m->current = !strcmp(units, "current");
    trk_flags_today(o ? o->today : NULL, pg->today);
    if (!is_date(pg->today)) {
        gis_error_set(err, "'%s' is not a date (YYYY-MM-DD)", pg->today);
        return 1;
    }
    pg->title = o && o->title && *o->title ? o->title : DEFAULT_TITLE;
    return 0;
}

/* ---- the map ---- */

/* Adds g's rings and lines to the path, closing polygon rings. */
static void geom_path(cairo_t *cr, const mp_map *m, OGRGeometryH g, int close) {
    int i, n = OGR_G_GetGeometryCount(g);
    double px, py;
    if (n > 0) {
        int rings = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon;
        for (i = 0; i < n; i++)
            geom_path(cr, m, OGR_G_GetGeometryRef(g, i), rings);
        return;
    }
    n = OGR_G_GetPointCount(g);
    for (i = 0; i < n; i++) {
        trk_mp_to_page(m, OGR_G_GetX(g, i), OGR_G_GetY(g, i), &px, &py);
        if (i == 0)
            cairo_move_to(cr, px, py);
        else
            cairo_line_to(cr, px, py);
    }
    if (close && n > 0)
        cairo_close_path(cr);
}

static void draw_units(cairo_t *cr, const mp_map *m) {
    int i;
    double x1, y1, x2, y2;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (i = 0; i < m->nunits; i++) {
        const mp_unit *u = &m->units[i];
        cairo_new_path(cr);
        geom_path(cr, m, u->geom, 1);
        trk_ms_rgb(cr,
                   u->cls >= 0 ? m->classes[u->cls].rgb : trk_ms_no_data_rgb);
        if (u->cls >= 0) {
            cairo_fill(cr);
            continue;
        }
        cairo_save(cr);
        cairo_fill_preserve(cr);
        cairo_path_extents(cr, &x1, &y1, &x2, &y2);
        cairo_clip(cr);
        trk_ms_hatch(cr, x1, y1, x2 - x1, y2 - y1);
        cairo_restore(cr);
    }
    cairo_new_path(cr);
    for (i = 0; i < m->nunits; i++)
        geom_path(cr, m, m->units[i].geom, 1);
    cairo_set_line_width(cr, 0.6);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_source_rgb(cr, 0.33, 0.33, 0.33);
    cairo_stroke(cr);
}

/* True when the box (x0, y0, x1, y1) covers a marker or a placed label. */
static int label_hits(const mp_map *m, const trk_map_box *placed, int n,
                      double x0, double y0, double x1, double y1) {
    int i;
    for (i = 0; i < m->nworks; i++)
        if (m->works[i].px > x0 - 6 && m->works[i].px < x1 + 6 &&
            m->works[i].py > y0 - 6 && m->works[i].py < y1 + 6)
            return 1;
    for (i = 0; i < n; i++)
        if (placed[i].x < x1 && placed[i].x + placed[i].w > x0 &&
            placed[i].y < y1 && placed[i].y + placed[i].h > y0)
            return 1;
    return 0;
}

/* Unit names at their centres, moved below or above a work or a name
 * already there. */
static void draw_labels(cairo_t *cr, const mp_map *m) {
    static const double dy[] = {0, 12, -12, 21, -21};
    trk_map_box *placed = calloc(m->nunits + 1, sizeof *placed);
    int i, n = 0;
    size_t k;
    double x, y, hw, hh = 4.5;
    trk_ms_font(cr, m->nunits > 40 ? 6 : 7, 1);
    for (i = 0; i < m->nunits && placed; i++) {
        const mp_unit *u = &m->units[i];
        if (isnan(u->lx))
            continue;
        trk_mp_to_page(m, u->lx, u->ly, &x, &y);
        hw = trk_ms_text_width(cr, u->name) / 2 + 1;
        for (k = 0; k < sizeof dy / sizeof dy[0]; k++)
            if (!label_hits(m, placed, n, x - hw, y + dy[k] - hh, x + hw,
                            y + dy[k] + hh))
                break;
        if (k == sizeof dy / sizeof dy[0])
            k = 0;
        placed[n++] = (trk_map_box){x - hw, y + dy[k] - hh, 2 * hw, 2 * hh};
        trk_ms_halo_text(cr, x, y + dy[k], u->name);
    }
    free(placed);
}

static const trk_ms_symbol *work_symbol(const mp_map *m, const mp_work *w) {
    return w->cat >= 0 ? m->cats[w->cat].sym : trk_ms_category_symbol(NULL);
}

static void draw_works(cairo_t *cr, const mp_map *m) {
    int i;
    double x, y;
    for (i = 0; i < m->nworks; i++)
        if (m->works[i].line) {
            cairo_new_path(cr);
            geom_path(cr, m, m->works[i].line, 0);
            trk_ms_stroke_line(cr, work_symbol(m, &m->works[i]),
                               m->works[i].status);
        }
    /* A moved marker keeps a thin leader to its point. */
    cairo_new_path(cr);
    for (i = 0; i < m->nworks; i++) {
        trk_mp_to_page(m, m->works[i].x, m->works[i].y, &x, &y);
        if (x != m->works[i].px || y != m->works[i].py) {
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, m->works[i].px, m->works[i].py);
        }
    }
    cairo_set_line_width(cr, 0.5);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_stroke(cr);
    for (i = 0; i < m->nworks; i++)
        trk_ms_marker(cr, m->works[i].px, m->works[i].py,
                      work_symbol(m, &m->works[i]), m->works[i].status,
                      m->works[i].approximate);
}

/* The scale bar at the frame's lower left, measured along itself. */
static void draw_scale_bar(cairo_t *cr, const mp_map *m,
                           trk_map_print_info *info) {
    double x = trk_mp_frame.x + 14, y = trk_mp_frame.y + trk_mp_frame.h - 16;
    double ll[4], metres, pt_per_km, km;
    trk_mp_to_lonlat(m, x, y, &ll[0], &ll[1]);
    trk_mp_to_lonlat(m, x + 100, y, &ll[2], &ll[3]);
    metres = gis_geodesic_distance_m(ll[0], ll[1], ll[2], ll[3]);
    pt_per_km = 100 / (metres / 1000);
    km = trk_ms_scale_km(pt_per_km, trk_mp_frame.w * 0.3);
    trk_ms_scale_bar(cr, x, y, km, km * pt_per_km);
    info->scale_bar_km = km;
    trk_mp_to_lonlat(m, x + km * pt_per_km, y, &ll[2], &ll[3]);
    memcpy(info->scale_bar_lonlat, ll, sizeof ll);
}

/* The north arrow at the frame's upper right, turned to true north. */
static void draw_north_arrow(cairo_t *cr, const mp_map *m) {
    double x = trk_mp_frame.x + trk_mp_frame.w - 22, y = trk_mp_frame.y + 34;
    double lon, lat, nx, ny, px, py;
    trk_mp_to_lonlat(m, x, y, &lon, &lat);
    if (trk_mp_project(m, lon, lat + 0.01, &nx, &ny))
        return;
    trk_mp_to_page(m, nx, ny, &px, &py);
    trk_ms_north_arrow(cr, x, y, atan2(px - x, y - py));
}

static void draw_map(cairo_t *cr, const mp_map *m, trk_map_print_info *info) {
    const trk_map_box *b = &trk_mp_frame;
    cairo_save(cr);
    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    cairo_set_source_rgb(cr, 0.96, 0.96, 0.95);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    draw_units(cr, m);
    draw_works(cr, m);
    draw_labels(cr, m);
    draw_scale_bar(cr, m, info);
    draw_north_arrow(cr, m);
    cairo_restore(cr);
    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    cairo_set_line_width(cr, 1);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_stroke(cr);
}

/* dd/mm/yyyy from yyyy-mm-dd. */
static void date_vi(const char *iso, char out[11]) {
    snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static void draw_header(cairo_t *cr, const page *pg) {
    const mp_map *m = &pg->m;
    char sub[320], since[11];
    double size = 15, w = PAGE_W - 2 * MARGIN;
    trk_ms_font(cr, size, 1);
    while (size > 9 && trk_ms_text_width(cr, pg->title) > w)
        trk_ms_font(cr, size -= 0.5, 1);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    trk_ms_text(cr, MARGIN, 36, pg->title);
    date_vi(m->since, since);
    snprintf(sub, sizeof sub,
             "Chỉ tiêu: %s, theo đơn vị hành chính cấp xã %s%s (%d đơn vị)",
             m->ind->label, m->current ? "từ " : "năm 2022",
             m->current ? since : "", m->nunits);
    trk_ms_font(cr, 9.5, 0);
    trk_ms_text(cr, MARGIN, 54, sub);
}

static void draw_footer(cairo_t *cr, const page *pg) {
    char line[256], day[11];
    date_vi(pg->today, day);
    snprintf(line, sizeof line,
             "Ngày lập bản đồ: %s   ·   Lưới chiếu: VN-2000 / TM-3 kinh tuyến"
             " trục 106°30′ (%s)   ·   Lập bằng tracker",
             day, trk_mp_crs);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    trk_ms_font(cr, 7, 1);
    trk_ms_text(cr, MARGIN, trk_mp_frame.y + trk_mp_frame.h + 12, line);
    trk_ms_font(cr, 6.3, 0);
    trk_ms_wrap(cr, MARGIN, trk_mp_frame.y + trk_mp_frame.h + 21,
                PAGE_W - 2 * MARGIN, 7.6, 4, pg->m.sources, 1);
}

/* The legend above the note box, its rows tightened to fit. */
static void draw_panel(cairo_t *cr, mp_map *m, trk_map_print_info *info) {
    const char *notes[2], **labels;
    const trk_ms_symbol **syms;
    int *lines, n = 0, i;
    double note_h = 0, row = 12.5, bottom = panel.y + panel.h, h;
    trk_ms_legend lg = {0};

    if (m->approximate)
        notes[n++] = "Ranh giới gần đúng, không phải ranh giới chính thức.";
    if (m->illustrative)
        notes[n++] = "Công trình minh họa, không phải công trình thật.";
    if (n) {
        note_h = trk_ms_note_box(cr, panel.x, bottom, panel.w, notes, n, 1);
        info->notes = (trk_map_box){panel.x, bottom - note_h, panel.w, note_h};
        bottom -= note_h + 8;
    }
    labels = calloc(m->ncats + 1, sizeof *labels);
    syms = calloc(m->ncats + 1, sizeof *syms);
    lines = calloc(m->ncats + 1, sizeof *lines);
    if (labels && syms && lines)
        for (i = 0; i < m->ncats; i++)
            if (m->cats[i].used) {
                labels[lg.ncats] = m->cats[i].label;
                syms[lg.ncats] = m->cats[i].sym;
                lines[lg.ncats++] = m->cats[i].line;
            }
    lg.title = m->ind->label;
    lg.classes = m->classes;
    lg.nclasses = m->nclasses;
    lg.no_data = m->no_data > 0;
    lg.cat_labels = labels;
    lg.cat_symbols = syms;
    lg.cat_lines = lines;
    for (i = 0; i < m->nworks; i++) {
        lg.status_used[m->works[i].status] = 1;
        lg.exact_used |= !m->works[i].approximate;
        lg.approx_used |= m->works[i].approximate;
    }
    while (row > 8.5 && trk_ms_legend_draw(cr, panel.x, panel.y, panel.w, row,
                                           &lg, 0) > bottom - panel.y)
        row -= 0.5;
    h = trk_ms_legend_draw(cr, panel.x, panel.y, panel.w, row, &lg, 1);
    info->legend = (trk_map_box){panel.x, panel.y, panel.w, h};
    free(labels);
    free(syms);
    free(lines);
}

static void draw_page(cairo_t *cr, page *pg, trk_map_print_info *info) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_header(cr, pg);
    draw_map(cr, &pg->m, info);
    draw_panel(cr, &pg->m, info);
    draw_footer(cr, pg);
}

/* ---- output ---- */

typedef struct sink {
    FILE *f;
    int errnum;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int len) {
    sink *s = closure;
    if (fwrite(data, 1, len, s->f) == len)
        return CAIRO_STATUS_SUCCESS;
    s->errnum = errno;
    return CAIRO_STATUS_WRITE_ERROR;
}

static void scale_box(trk_map_box *b, double k) {
    b->x *= k, b->y *= k, b->w *= k, b->h *= k;
}

/* Page geometry in the output's units, and what was drawn. */
static void finish_info(const mp_map *m, trk_map_print_info *info, double k) {
    int i;
    info->scale = k;
    info->width = (int)lround(PAGE_W * k);
    info->height = (int)lround(PAGE_H * k);
    info->map = trk_mp_frame;
    scale_box(&info->map, k);
    scale_box(&info->legend, k);
    scale_box(&info->notes, k);
    info->nclasses = m->nclasses;
    for (i = 0; i < m->nclasses; i++) {
        info->classes[i] = m->classes[i];
        scale_box(&info->classes[i].swatch, k);
    }
    info->no_data_units = m->no_data;
    memcpy(info->no_data_rgb, trk_ms_no_data_rgb, 3);
    memcpy(info->note_rgb, trk_ms_note_rgb, 3);
    info->units = m->nunits;
    info->works = m->nworks;
    info->approximate = m->approximate;
    info->illustrative = m->illustrative;
    snprintf(info->projection, sizeof info->projection, "%s", trk_mp_crs);
}

static int render(const char *path, int pdf, page *pg, trk_map_print_info *info,
                  gis_error *err) {
    sink out = {fopen(path, "wb"), 0};
    cairo_surface_t *surface;
    cairo_status_t st;
    cairo_t *cr;
    double k = pdf ? 1 : PNG_SCALE;

    if (!out.f) {
        gis_error_set(err, "cannot write '%s': %s", path, strerror(errno));
        return 1;
    }
    surface = pdf ? cairo_pdf_surface_create_for_stream(sink_write, &out,
                                                        PAGE_W, PAGE_H)
                  : cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                               (int)lround(PAGE_W * k),
                                               (int)lround(PAGE_H * k));
    if (pdf) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                       pg->title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
                                       "tracker");
    }
    cr = cairo_create(surface);
    cairo_scale(cr, k, k);
    draw_page(cr, pg, info);
    if (pdf)
        cairo_show_page(cr);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && !pdf)
        st = cairo_surface_write_to_png_stream(surface, sink_write, &out);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (fclose(out.f) != 0 && st == CAIRO_STATUS_SUCCESS) {
        out.errnum = errno;
        st = CAIRO_STATUS_WRITE_ERROR;
    }
    if (st != CAIRO_STATUS_SUCCESS) {
        gis_error_set(err, "cannot write '%s': %s", path,
                      st == CAIRO_STATUS_WRITE_ERROR && out.errnum
                          ? strerror(out.errnum)
                          : cairo_status_to_string(st));
        unlink(path);
        return 1;
    }
    finish_info(&pg->m, info, k);
    return 0;
}

/* ---- the API ---- */

int trk_map_print_write_info(gis_db *db, const char *path, const char *format,
                             const trk_map_opts *o, trk_map_print_info *info,
                             gis_error *err) {
    page pg;
    trk_map_print_info scratch;
    int rc = 1;

    memset(&pg, 0, sizeof pg);
    if (!info)
        info = &scratch;
    memset(info, 0, sizeof *info);
    if (check_format(path, &format, err) || check_options(o, &pg, err))
        return 1;
    if (!trk_mp_load(db, &pg.m, err))
        rc = render(path, !strcasecmp(format, "pdf"), &pg, info, err);
    trk_mp_release(&pg.m);
    return rc;
}

int trk_map_print_write(gis_db *db, const char *path, const char *format,
                        const trk_map_opts *o, gis_error *err) {
    return trk_map_print_write_info(db, path, format, o, NULL, err);
}
