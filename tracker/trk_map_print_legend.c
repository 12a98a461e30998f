/*
 * trk_map_print_legend.c: the printable map's furniture: the legend (only
 * what the map shows: the indicator's classes, the categories, states and
 * location precisions present), the scale bar, the north arrow and the
 * note box that says when boundaries are approximate or works
 * illustrative.  Drawn in points with the symbols of trk_map_style.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trk_map_style.h"

static const unsigned char ink[3] = {30, 30, 30};
static const unsigned char white[3] = {255, 255, 255};

static void legend_heading(cairo_t *cr, double x, double *cy, double w,
                           const char *text, int draw) {
    int lines;
    trk_ms_rgb(cr, ink);
    trk_ms_font(cr, 8, 1);
    lines = trk_ms_wrap(cr, x, *cy + 8, w, 10, 3, text, draw);
    *cy += lines * 10 + 3;
}

static void legend_label(cairo_t *cr, double x, double cy, double row,
                         const char *text, int draw) {
    if (!draw)
        return;
    trk_ms_font(cr, 7.2, 0);
    trk_ms_rgb(cr, ink);
    trk_ms_text(cr, x, cy + row / 2 + 2.6, text);
}

static void legend_classes(cairo_t *cr, double sx, double tx, double *cy,
                           double row, trk_ms_legend *lg, int draw) {
    int i;
    for (i = 0; i <= lg->nclasses; i++) {
        trk_map_box b = {sx, *cy + 1.5, 22, row - 3};
        if (i == lg->nclasses && !lg->no_data)
            break;
        if (draw) {
            cairo_rectangle(cr, b.x, b.y, b.w, b.h);
            trk_ms_rgb(cr, i < lg->nclasses ? lg->classes[i].rgb
                                            : trk_ms_no_data_rgb);
            cairo_fill_preserve(cr);
            if (i == lg->nclasses) {
                cairo_save(cr);
                cairo_clip_preserve(cr);
                trk_ms_hatch(cr, b.x, b.y, b.w, b.h);
                cairo_restore(cr);
            }
            cairo_set_line_width(cr, 0.5);
            cairo_set_source_rgb(cr, 0.38, 0.38, 0.38);
            cairo_stroke(cr);
        }
        if (i < lg->nclasses)
            lg->classes[i].swatch = b;
        legend_label(
            cr, tx, *cy, row,
            i < lg->nclasses ? lg->classes[i].label : "Không có số liệu", draw);
        *cy += row;
    }
}

static void legend_works(cairo_t *cr, double sx, double tx, double w,
                         double *cy, double row, const trk_ms_legend *lg,
                         int draw) {
    static const trk_ms_symbol grey = {TRK_MS_CIRCLE, {90, 90, 90}};
    int i;
    for (i = 0; i < lg->ncats; i++) {
        double my = *cy + row / 2;
        if (draw && lg->cat_lines[i]) {
            cairo_new_path(cr);
            cairo_move_to(cr, sx, my);
            cairo_line_to(cr, sx + 22, my);
            trk_ms_stroke_line(cr, lg->cat_symbols[i], TRK_MS_DONE);
        }
        if (draw)
            trk_ms_marker(cr, sx + 11, my, lg->cat_symbols[i], TRK_MS_DONE, 0);
        legend_label(cr, tx, *cy, row, lg->cat_labels[i], draw);
        *cy += row;
    }
    *cy += 4;
    legend_heading(cr, sx, cy, w, "Tình trạng", draw);
    for (i = 0; i < TRK_MS_NSTATUS; i++) {
        if (!lg->status_used[i])
            continue;
        if (draw)
            trk_ms_marker(cr, sx + 11, *cy + row / 2, &grey, i, 0);
        legend_label(cr, tx, *cy, row, trk_ms_status_label(i), draw);
        *cy += row;
    }
    *cy += 4;
    legend_heading(cr, sx, cy, w, "Vị trí công trình", draw);
    for (i = 0; i < 2; i++) {
        double h = i ? row * 1.35 : row;
        if (!(i ? lg->approx_used : lg->exact_used))
            continue;
        if (draw)
            trk_ms_marker(cr, sx + 11, *cy + h / 2, &grey, TRK_MS_DONE, i);
        legend_label(cr, tx, *cy + (h - row) / 2, row,
                     i ? "Gần đúng (thôn, xã, trụ sở UBND)"
                       : "Chính xác (GPS, đo đạc)",
                     draw);
        *cy += h;
    }
}

double trk_ms_legend_draw(cairo_t *cr, double x, double y, double w, double row,
                          trk_ms_legend *lg, int draw) {
    const double pad = 8, sx = x + pad, tx = x + pad + 30;
    double cy = y + pad;

    cairo_save(cr);
    trk_ms_rgb(cr, ink);
    trk_ms_font(cr, 10, 1);
    if (draw)
        trk_ms_text(cr, sx, cy + 9, "CHÚ GIẢI");
    cy += 16;
    legend_heading(cr, sx, &cy, w - 2 * pad, lg->title, draw);
    legend_classes(cr, sx, tx, &cy, row, lg, draw);
    if (lg->ncats) {
        cy += 4;
        legend_heading(cr, sx, &cy, w - 2 * pad, "Công trình theo loại", draw);
        legend_works(cr, sx, tx, w - 2 * pad, &cy, row, lg, draw);
    }
    cy += pad - 3;
    if (draw) {
        cairo_rectangle(cr, x, y, w, cy - y);
        cairo_set_line_width(cr, 0.8);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    return cy - y;
}

/* ---- scale bar, north arrow, notes ---- */

double trk_ms_scale_km(double pt_per_km, double max_pt) {
    static const double km[] = {500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.2};
    size_t i;
    for (i = 0; i < sizeof km / sizeof km[0]; i++)
        if (km[i] * pt_per_km <= max_pt)
            return km[i];
    return km[sizeof km / sizeof km[0] - 1];
}

void trk_ms_scale_bar(cairo_t *cr, double x, double y, double km, double len) {
    char a[32], b[48];
    int i;
    cairo_save(cr);
    cairo_rectangle(cr, x - 6, y - 15, len + 40, 26);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    for (i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + i * len / 4, y, len / 4, 4.5);
        trk_ms_rgb(cr, i % 2 ? white : ink);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.6);
        trk_ms_rgb(cr, ink);
        cairo_stroke(cr);
    }
    trk_ms_font(cr, 7, 0);
    trk_ms_number_vi(km / 2, km / 2 == floor(km / 2) ? 0 : 1, a, sizeof a);
    trk_ms_number_vi(km, km == floor(km) ? 0 : 1, b, sizeof b);
    trk_ms_text(cr, x - trk_ms_text_width(cr, "0") / 2, y - 3, "0");
    trk_ms_text(cr, x + len / 2 - trk_ms_text_width(cr, a) / 2, y - 3, a);
    trk_ms_text(cr, x + len - trk_ms_text_width(cr, b) / 2, y - 3, b);
    trk_ms_text(cr, x + len + trk_ms_text_width(cr, b) / 2 + 3, y - 3, "km");
    cairo_restore(cr);
}

void trk_ms_north_arrow(cairo_t *cr, double x, double y, double angle) {
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    cairo_set_line_width(cr, 0.7);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_move_to(cr, 0, -11);
    cairo_line_to(cr, -6, 9);
    cairo_line_to(cr, 0, 5);
    cairo_close_path(cr);
    trk_ms_rgb(cr, ink);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    cairo_move_to(cr, 0, -11);
    cairo_line_to(cr, 6, 9);
    cairo_line_to(cr, 0, 5);
    cairo_close_path(cr);
    trk_ms_rgb(cr, white);
    cairo_fill_preserve(cr);
    trk_ms_rgb(cr, ink);
    cairo_stroke(cr);
    trk_ms_font(cr, 9, 1);
    trk_ms_halo_text(cr, 0, -18, "B"); /* Bắc */
    cairo_restore(cr);
}

double trk_ms_note_box(cairo_t *cr, double x, double bottom, double w,
                       const char *const *notes, int n, int draw) {
    const double pad = 7, lead = 10.5;
    double h = 2 * pad + 13, top, cy;
    int i;

    cairo_save(cr);
    trk_ms_font(cr, 8, 1);
    for (i = 0; i < n; i++)
        h += trk_ms_wrap(cr, 0, 0, w - 2 * pad, lead, 4, notes[i], 0) * lead;
    top = bottom - h;
    if (draw) {
        cairo_rectangle(cr, x, top, w, h);
        trk_ms_rgb(cr, trk_ms_note_rgb);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 1.6);
        cairo_set_source_rgb(cr, 0.85, 0.37, 0.01);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.48, 0.12, 0.0);
        trk_ms_font(cr, 9, 1);
        trk_ms_text(cr, x + pad, top + pad + 9, "⚠ LƯU Ý");
        trk_ms_font(cr, 8, 1);
        cy = top + pad + 13 + 8;
        for (i = 0; i < n; i++)
            cy += trk_ms_wrap(cr, x + pad, cy, w - 2 * pad, lead, 4, notes[i],
                              1) *
                  lead;
    }
    cairo_restore(cr);
    return h;
}
