/*
 * trk_map_style.c: how the printable map looks.  Kept apart from the
 * data (trk_map_print_data.c) and the page (trk_map_print.c) so the
 * cartographic choices are in one place: a sequential ColorBrewer ramp
 * (YlGnBu) for the units, one shape and colour per category for the
 * works, the state of a work told by how its symbol is filled (so it
 * survives a black-and-white photocopy), and a dashed halo around any
 * location that is not exact.
 */
#include "trk_map_style.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_money.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define FONT "DejaVu Sans"
#define MARKER_R 4.2

static const unsigned char ink[3] = {30, 30, 30};
static const unsigned char white[3] = {255, 255, 255};
const unsigned char trk_ms_no_data_rgb[3] = {230, 230, 230};
const unsigned char trk_ms_note_rgb[3] = {255, 236, 179};

/* ColorBrewer YlGnBu, 5 classes: light enough under the work symbols. */
static const unsigned char ramp[5][3] = {{255, 255, 204},
                                         {199, 233, 180},
                                         {127, 205, 187},
                                         {65, 182, 196},
                                         {44, 127, 184}};

static const struct {
    const char *category;
    trk_ms_symbol sym;
} symbols[] = {
    {"rural_road", {TRK_MS_CIRCLE, {166, 97, 26}}},
    {"road_to_commune_centre", {TRK_MS_SQUARE, {166, 97, 26}}},
    {"inter_commune_road", {TRK_MS_TRIANGLE, {166, 97, 26}}},
    {"bridge", {TRK_MS_DIAMOND, {166, 97, 26}}},
    {"maintenance", {TRK_MS_TRIANGLE_DOWN, {166, 97, 26}}},
    {"market", {TRK_MS_STAR, {197, 27, 125}}},
    {"health_station", {TRK_MS_SQUARE, {215, 25, 28}}},
    {"school", {TRK_MS_TRIANGLE, {94, 60, 153}}},
    {"community_house", {TRK_MS_HOUSE, {27, 120, 55}}},
    {"radio_relay", {TRK_MS_DIAMOND, {27, 120, 55}}},
    {"power", {TRK_MS_STAR, {230, 171, 2}}},
    {"irrigation", {TRK_MS_TRIANGLE_DOWN, {5, 113, 176}}},
    {"water_supply", {TRK_MS_CIRCLE, {5, 113, 176}}},
};
static const trk_ms_symbol other_symbol = {TRK_MS_CIRCLE, {110, 110, 110}};

const trk_ms_symbol *trk_ms_category_symbol(const char *category) {
    size_t i;
    for (i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (category && !strcmp(symbols[i].category, category))
            return &symbols[i].sym;
    return &other_symbol;
}

int trk_ms_status(const char *s) {
    if (!s)
        return TRK_MS_PLANNED;
    if (!strcmp(s, "completion") || !strcmp(s, "maintenance"))
        return TRK_MS_DONE;
    if (!strcmp(s, "implementation"))
        return TRK_MS_ACTIVE;
    if (!strcmp(s, "cancelled") || !strncmp(s, "decommission", 12))
        return TRK_MS_STOPPED;
    return TRK_MS_PLANNED;
}

const char *trk_ms_status_label(int status) {
    static const char *const labels[] = {
        "Hoàn thành, đang sử dụng", "Đang thi công (thực hiện)",
        "Chuẩn bị đầu tư, chưa rõ", "Đã hủy, ngừng sử dụng"};
    return labels[status];
}

/* ---- numbers and classes ---- */

void trk_ms_number_vi(double x, int decimals, char *out, size_t size) {
    char raw[64], *dot;
    size_t n = 0, i, digits;

    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(x));
    dot = strchr(raw, '.');
    digits = dot ? (size_t)(dot - raw) : strlen(raw);
    if (x < 0 && strspn(raw, "0.") != strlen(raw) && n + 1 < size)
        out[n++] = '-';
    for (i = 0; i < digits && n + 2 < size; i++) {
        if (i > 0 && (digits - i) % 3 == 0)
            out[n++] = '.';
        out[n++] = raw[i];
    }
    for (i = digits; raw[i] && n + 1 < size; i++)
        out[n++] = raw[i] == '.' ? ',' : raw[i];
    out[n] = '\0';
}

static void value_label(double x, trk_ms_kind kind, char *out, size_t size) {
    char num[24];
    switch (kind) {
    case TRK_MS_COUNT:
        snprintf(out, size, "%.0f", x);
        break;
    case TRK_MS_VND:
        trk_million_vi((int64_t)llround(x), out, size);
        break;
    case TRK_MS_PERCENT:
        trk_ms_number_vi(x, x == floor(x) ? 0 : 1, num, sizeof num);
        snprintf(out, size, "%s%%", num);
        break;
    case TRK_MS_VND_KM2:
        trk_ms_number_vi(x / 1e6, 1, out, size);
        break;
    }
}

/* The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a
 * power of ten) not below x; whole for counts. */
static double round_up(double x, trk_ms_kind kind) {
    static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    double p, r = x;
    size_t i;
    if (x <= 0)
        return 0;
    p = pow(10, floor(log10(x)));
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= x * (1 - 1e-12)) {
            r = steps[i] * p;
            break;
        }
    return kind == TRK_MS_COUNT ? ceil(r) : r;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void ramp_at(double t, unsigned char out[3]) {
    double p = t * 4, f;
    int i = (int)p, c;
    if (i > 3)
        i = 3;
    f = p - i;
    for (c = 0; c < 3; c++)
        out[c] = (unsigned char)lround(ramp[i][c] +
                                       f * (ramp[i + 1][c] - ramp[i][c]));
}

static void class_label(trk_map_class *c, double lo, double hi, int first,
                        trk_ms_kind kind) {
    char a[28], b[28];
    /* Intervals are (lo, hi], the first [lo, hi]; counts say so exactly,
     * and the class after the zeros says it holds none. */
    if (kind == TRK_MS_COUNT && !first)
        lo += 1;
    value_label(lo, kind, a, sizeof a);
    value_label(hi, kind, b, sizeof b);
    if (lo == hi || !strcmp(a, b))
        snprintf(c->label, sizeof c->label, "%s", b);
    else if (!first && lo == 0)
        snprintf(c->label, sizeof c->label, "> 0 – %s", b);
    else
        snprintf(c->label, sizeof c->label, "%s – %s", a, b);
}

/* Upper bounds of up to max classes over the m sorted values s: one per
 * distinct value when few, else quantiles rounded up. */
static int breaks(const double *s, int m, int max, trk_ms_kind kind, double *lo,
                  double *hi, int *exact) {
    int i, d = 0, k = 0, j;
    for (i = 0; i < m; i++)
        if (i == 0 || s[i] != s[i - 1])
            d++;
    *exact = d <= max;
    if (*exact) {
        for (i = 0; i < m; i++)
            if (i == 0 || s[i] != s[i - 1]) {
                lo[k] = hi[k] = s[i];
                k++;
            }
        return k;
    }
    for (j = 1; j <= max; j++) {
        double ub = round_up(s[(j * m + max - 1) / max - 1], kind);
        if (j == max && ub < s[m - 1])
            ub = round_up(s[m - 1], kind);
        if (k > 0 && ub <= hi[k - 1])
            continue;
        lo[k] = k ? hi[k - 1] : s[0];
        hi[k++] = ub;
    }
    return k;
}

int trk_ms_classify(const double *v, const int *known, int n, trk_ms_kind kind,
                    trk_map_class *cls, int *cls_of) {
    enum { MAX = TRK_MAP_PRINT_MAX_CLASSES - 1 };
    double *s, lo[MAX], hi[MAX];
    int i, c, m = 0, k, exact, keep[MAX], nk = 0, units[MAX] = {0};

    for (i = 0; i < n; i++)
        cls_of[i] = -1;
    if (n <= 0 || !(s = malloc(n * sizeof *s)))
        return 0;
    for (i = 0; i < n; i++)
        if (known[i])
            s[m++] = v[i];
    qsort(s, m, sizeof *s, cmp_double);
    k = m ? breaks(s, m, MAX, kind, lo, hi, &exact) : 0;
    free(s);
    for (i = 0; i < n; i++) {
        if (!known[i])
            continue;
        for (c = 0; c < k; c++)
            if (exact ? v[i] == lo[c] : v[i] <= hi[c] * (1 + 1e-12))
                break;
        cls_of[i] = c < k ? c : k - 1;
        units[cls_of[i]]++;
    }
    /* Rounding may leave a class empty: drop it, then colour the rest. */
    for (c = 0; c < k; c++) {
        keep[c] = units[c] ? nk : -1;
        if (!units[c])
            continue;
        memset(&cls[nk], 0, sizeof cls[nk]);
        cls[nk].units = units[c];
        class_label(&cls[nk], lo[c], hi[c], c == 0 || exact, kind);
        nk++;
    }
    for (i = 0; i < n; i++)
        if (cls_of[i] >= 0)
            cls_of[i] = keep[cls_of[i]];
    for (c = 0; c < nk; c++)
        ramp_at(nk == 1 ? 0.5 : (double)c / (nk - 1), cls[c].rgb);
    return nk;
}

/* ---- text ---- */

void trk_ms_rgb(cairo_t *cr, const unsigned char rgb[3]) {
    cairo_set_source_rgb(cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

void trk_ms_font(cairo_t *cr, double size, int bold) {
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double trk_ms_text_width(cairo_t *cr, const char *s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

void trk_ms_text(cairo_t *cr, double x, double y, const char *s) {
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s);
}

void trk_ms_halo_text(cairo_t *cr, double x, double y, const char *s) {
    cairo_text_extents_t e;
    cairo_save(cr);
    cairo_text_extents(cr, s, &e);
    cairo_new_path(cr);
    cairo_move_to(cr, x - e.width / 2 - e.x_bearing,
                  y - e.height / 2 - e.y_bearing);
    cairo_text_path(cr, s);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_width(cr, 2.4);
    trk_ms_rgb(cr, white);
    cairo_stroke_preserve(cr);
    trk_ms_rgb(cr, ink);
    cairo_fill(cr);
    cairo_restore(cr);
}

/* Appends sep and n bytes of word to line (of size bytes) when they fit. */
static int append(char *line, size_t size, const char *sep, const char *word,
                  size_t n) {
    size_t have = strlen(line), s = strlen(sep);
    if (have + s + n + 1 > size)
        return 1;
    memcpy(line + have, sep, s);
    memcpy(line + have + s, word, n);
    line[have + s + n] = '\0';
    return 0;
}

/* Cuts words off line until it fits width with "…" after it. */
static void ellipsize(cairo_t *cr, char *line, size_t size, double width) {
    char *sp;
    while (
        strlen(line) + 4 > size ||
        (trk_ms_text_width(cr, line) + trk_ms_text_width(cr, " …") > width)) {
        if (!(sp = strrchr(line, ' ')))
            break;
        *sp = '\0';
    }
    append(line, size, " ", "…", strlen("…"));
}

int trk_ms_wrap(cairo_t *cr, double x, double y, double width, double leading,
                int max_lines, const char *text, int draw) {
    char line[1024] = "", cand[1024];
    const char *p = text, *e;
    int lines = 0;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        e = strchr(p, ' ');
        if (!e)
            e = p + strlen(p);
        memcpy(cand, line, sizeof line);
        if ((append(cand, sizeof cand, *line ? " " : "", p, e - p) ||
             trk_ms_text_width(cr, cand) > width) &&
            *line) {
            if (lines == max_lines - 1) {
                ellipsize(cr, line, sizeof line, width);
                break;
            }
            if (draw)
                trk_ms_text(cr, x, y + lines * leading, line);
            lines++;
            line[0] = '\0';
            append(line, sizeof line, "", p, e - p);
        } else {
            memcpy(line, cand, sizeof line);
        }
        p = e;
    }
    if (*line) {
        if (draw)
            trk_ms_text(cr, x, y + lines * leading, line);
        lines++;
    }
    return lines;
}

/* ---- fills and symbols ---- */

void trk_ms_hatch(cairo_t *cr, double x, double y, double w, double h) {
    double d;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.45);
    cairo_new_path(cr);
    for (d = -h; d < w; d += 3.5) {
        cairo_move_to(cr, x + d, y + h);
        cairo_line_to(cr, x + d + h, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void star_path(cairo_t *cr, double x, double y, double r) {
    int i;
    for (i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.5 : r * 1.3;
        if (i == 0)
            cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
        else
            cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
    }
    cairo_close_path(cr);
}

static void polygon(cairo_t *cr, double x, double y, const double *xy, int n) {
    int i;
    cairo_move_to(cr, x + xy[0], y + xy[1]);
    for (i = 1; i < n; i++)
        cairo_line_to(cr, x + xy[2 * i], y + xy[2 * i + 1]);
    cairo_close_path(cr);
}

static void shape_path(cairo_t *cr, trk_ms_shape shape, double x, double y,
                       double r) {
    const double tri[] = {0, -1.2 * r, 1.1 * r, 0.8 * r, -1.1 * r, 0.8 * r};
    const double down[] = {0, 1.2 * r, 1.1 * r, -0.8 * r, -1.1 * r, -0.8 * r};
    const double dia[] = {0, -1.25 * r, 1.1 * r, 0, 0, 1.25 * r, -1.1 * r, 0};
    const double house[] = {-0.9 * r, 0.9 * r, 0.9 * r,  0.9 * r,  0.9 * r,
                            -0.1 * r, 0,       -1.1 * r, -0.9 * r, -0.1 * r};
    cairo_new_path(cr);
    switch (shape) {
    case TRK_MS_CIRCLE:
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    case TRK_MS_SQUARE:
        cairo_rectangle(cr, x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r);
        break;
    case TRK_MS_TRIANGLE:
        polygon(cr, x, y, tri, 3);
        break;
    case TRK_MS_TRIANGLE_DOWN:
        polygon(cr, x, y, down, 3);
        break;
    case TRK_MS_DIAMOND:
        polygon(cr, x, y, dia, 4);
        break;
    case TRK_MS_STAR:
        star_path(cr, x, y, r);
        break;
    case TRK_MS_HOUSE:
        polygon(cr, x, y, house, 5);
        break;
    }
}

void trk_ms_marker(cairo_t *cr, double x, double y, const trk_ms_symbol *sym,
                   int status, int approximate) {
    const double dash[] = {1.6, 1.2};
    double r = MARKER_R;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (approximate) {
        cairo_new_path(cr);
        cairo_arc(cr, x, y, r + 3.8, 0, 2 * M_PI);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 0.8);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    shape_path(cr, sym->shape, x, y, r);
    cairo_set_line_width(cr, status == TRK_MS_ACTIVE ? 4.0 : 2.6);
    trk_ms_rgb(cr, white); /* a halo keeps the symbol clear of the fill */
    cairo_stroke_preserve(cr);
    switch (status) {
    case TRK_MS_DONE:
        trk_ms_rgb(cr, sym->rgb);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.7);
        trk_ms_rgb(cr, ink);
        cairo_stroke(cr);
        break;
    case TRK_MS_ACTIVE:
        trk_ms_rgb(cr, white);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 2.0);
        trk_ms_rgb(cr, sym->rgb);
        cairo_stroke(cr);
        break;
    case TRK_MS_PLANNED:
        trk_ms_rgb(cr, white);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.9);
        trk_ms_rgb(cr, sym->rgb);
        cairo_stroke(cr);
        cairo_arc(cr, x, y, r * 0.4, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    default:
        cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 0.7);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_stroke(cr);
        cairo_move_to(cr, x - r * 0.6, y - r * 0.6);
        cairo_line_to(cr, x + r * 0.6, y + r * 0.6);
        cairo_move_to(cr, x + r * 0.6, y - r * 0.6);
        cairo_line_to(cr, x - r * 0.6, y + r * 0.6);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void trk_ms_stroke_line(cairo_t *cr, const trk_ms_symbol *sym, int status) {
    const double dash[] = {4.0, 2.5};
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_width(cr, 4.2);
    trk_ms_rgb(cr, white);
    cairo_stroke_preserve(cr);
    if (status != TRK_MS_DONE)
        cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 2.2);
    trk_ms_rgb(cr, sym->rgb);
    cairo_stroke(cr);
    cairo_restore(cr);
}
