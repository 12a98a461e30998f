/*
 * trk_map_style.h: the printable map's cartography: classes and their
 * colours, work symbols and text (trk_map_style.c); legend, scale bar,
 * north arrow and notes (trk_map_print_legend.c).  Shared by the
 * printable map's files; not for other callers.  Everything here draws
 * in points on a cairo context.
 */
#ifndef TRK_MAP_STYLE_H
#define TRK_MAP_STYLE_H

#include <cairo.h>
#include <stddef.h>

#include "trk_map_print.h"

/* What an indicator measures, which decides its breaks and labels. */
typedef enum trk_ms_kind {
    TRK_MS_COUNT,   /* whole numbers */
    TRK_MS_VND,     /* VND, written as million VND */
    TRK_MS_PERCENT, /* per cent */
    TRK_MS_VND_KM2  /* VND per km², written as million VND per km² */
} trk_ms_kind;

/* A work's state as the map draws it (from its OC4IDS status). */
enum {
    TRK_MS_DONE,    /* completion, maintenance: filled */
    TRK_MS_ACTIVE,  /* implementation: a ring */
    TRK_MS_PLANNED, /* identification, preparation, none yet: a dot */
    TRK_MS_STOPPED, /* cancelled, decommission(ing/ed): grey, crossed */
    TRK_MS_NSTATUS
};

typedef enum trk_ms_shape {
    TRK_MS_CIRCLE,
    TRK_MS_SQUARE,
    TRK_MS_TRIANGLE,
    TRK_MS_DIAMOND,
    TRK_MS_TRIANGLE_DOWN,
    TRK_MS_STAR,
    TRK_MS_HOUSE
} trk_ms_shape;

typedef struct trk_ms_symbol {
    trk_ms_shape shape;
    unsigned char rgb[3];
} trk_ms_symbol;

int trk_ms_status(const char *oc4ids_status);
const char *trk_ms_status_label(int status);

/* The symbol of a category id (a grey circle for one not in the table). */
const trk_ms_symbol *trk_ms_category_symbol(const char *category);

/* Sorts the n values with known[i] set into at most
 * TRK_MAP_PRINT_MAX_CLASSES classes (one per value when there are few,
 * else quantiles rounded to round numbers), labels and colours them along
 * a sequential ramp and counts their units; cls_of[i] receives each
 * value's class, -1 when unknown.  Returns the number of classes. */
int trk_ms_classify(const double *v, const int *known, int n, trk_ms_kind kind,
                    trk_map_class *cls, int *cls_of);

/* The ground of units without a value, hatched over. */
extern const unsigned char trk_ms_no_data_rgb[3];
/* The fill of the note box. */
extern const unsigned char trk_ms_note_rgb[3];

/* Writes x the Vietnamese way (1.234,5) with that many decimals. */
void trk_ms_number_vi(double x, int decimals, char *out, size_t size);

void trk_ms_rgb(cairo_t *cr, const unsigned char rgb[3]);
void trk_ms_font(cairo_t *cr, double size, int bold);
double trk_ms_text_width(cairo_t *cr, const char *s);
/* Text with its baseline at y. */
void trk_ms_text(cairo_t *cr, double x, double y, const char *s);
/* Text centred on (x, y) with a white halo, for names over the map. */
void trk_ms_halo_text(cairo_t *cr, double x, double y, const char *s);
/* Text wrapped at spaces into width, first baseline at y, at most
 * max_lines lines (the last ends in "…" when cut).  Draws nothing when
 * draw is 0.  Returns the number of lines. */
int trk_ms_wrap(cairo_t *cr, double x, double y, double width, double leading,
                int max_lines, const char *text, int draw);

/* Hatches the rectangle over the current clip (no data). */
void trk_ms_hatch(cairo_t *cr, double x, double y, double w, double h);

/* A work's marker at (x, y); approximate locations get a dashed halo. */
void trk_ms_marker(cairo_t *cr, double x, double y, const trk_ms_symbol *sym,
                   int status, int approximate);
/* Strokes the current path as a line work (dashed until complete). */
void trk_ms_stroke_line(cairo_t *cr, const trk_ms_symbol *sym, int status);

/* What the legend lists: only what the map shows. */
typedef struct trk_ms_legend {
    const char *title;      /* the indicator with its unit */
    trk_map_class *classes; /* swatch boxes filled in, in points */
    int nclasses;
    int no_data;
    const char *const *cat_labels;
    const trk_ms_symbol *const *cat_symbols;
    const int *cat_lines; /* drawn with a line sample */
    int ncats;
    int status_used[TRK_MS_NSTATUS];
    int exact_used, approx_used;
} trk_ms_legend;

/* Draws (or, draw 0, measures) the legend at (x, y), width w, rows of
 * height row; returns its height. */
double trk_ms_legend_draw(cairo_t *cr, double x, double y, double w, double row,
                          trk_ms_legend *lg, int draw);

/* The longest round length in km not over max_pt at pt_per_km. */
double trk_ms_scale_km(double pt_per_km, double max_pt);
/* A scale bar of km kilometres, len points long, left end at (x, y). */
void trk_ms_scale_bar(cairo_t *cr, double x, double y, double km, double len);
/* A north arrow centred at (x, y), turned by angle radians clockwise from
 * the page's up. */
void trk_ms_north_arrow(cairo_t *cr, double x, double y, double angle);

/* The note box with its lines at the bottom of box (x, bottom, w):
 * returns its height; draws only when draw is set. */
double trk_ms_note_box(cairo_t *cr, double x, double bottom, double w,
                       const char *const *notes, int n, int draw);

#endif
