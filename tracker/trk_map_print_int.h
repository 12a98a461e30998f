/*
 * trk_map_print_int.h: what the printable map's files share: the map as
 * read from the database and projected (trk_map_print_data.c), which
 * trk_map_print.c lays out and draws; not for other callers.
 */
#ifndef TRK_MAP_PRINT_INT_H
#define TRK_MAP_PRINT_INT_H

#include <ogr_api.h>
#include <proj.h>

#include "trk_map_print.h"
#include "trk_map_style.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* The map frame on the page, in points: the data is fitted into it. */
extern const trk_map_box trk_mp_frame;

typedef struct mp_indicator {
    const char *id, *label;
    trk_ms_kind kind;
} mp_indicator;

typedef struct mp_unit {
    char *name;
    double value;
    int known, cls;    /* cls -1: no value, hatched */
    double lx, ly;     /* label point, projected metres (NAN: none) */
    OGRGeometryH geom; /* projected metres */
} mp_unit;

typedef struct mp_work {
    int cat, status, approximate;
    double x, y;       /* projected metres */
    OGRGeometryH line; /* projected metres, or NULL */
    double px, py;     /* its marker on the page, moved off others */
} mp_work;

typedef struct mp_category {
    char *id, *label;
    const trk_ms_symbol *sym;
    int used, line; /* some work has it; some of those is a line */
} mp_category;

typedef struct mp_map {
    /* What to draw, set by the caller before trk_mp_load. */
    const mp_indicator *ind;
    int current; /* today's communes rather than the units of 2022 */
    /* What trk_mp_load reads and computes. */
    PJ_CONTEXT *ctx;
    PJ *proj; /* lon/lat -> easting, northing */
    mp_unit *units;
    int nunits, ucap;
    mp_work *works;
    int nworks, wcap;
    mp_category *cats;
    int ncats, ccap;
    trk_map_class classes[TRK_MAP_PRINT_MAX_CLASSES];
    int nclasses, no_data, approximate, illustrative;
    char since[11]; /* current communes: in force since (YYYY-MM-DD) */
    char *sources;  /* the credit line */
    double minx, miny, maxx, maxy; /* extent, projected metres */
    double s, ox, oy;              /* metres -> page points */
} mp_map;

/* Reads the units with their indicator, the works, the categories and
 * the sources; projects them to trk_mp_crs; classes the units; fits them
 * into trk_mp_frame; places the work markers off one another. */
int trk_mp_load(gis_db *db, mp_map *m, gis_error *err);
/* Frees what trk_mp_load read (also after it failed). */
void trk_mp_release(mp_map *m);

/* The CRS the page is drawn in. */
extern const char trk_mp_crs[];

/* lon/lat to projected metres; non-zero when PROJ cannot. */
int trk_mp_project(const mp_map *m, double lon, double lat, double *x,
                   double *y);
/* Projected metres to page points, and page points back to lon/lat. */
void trk_mp_to_page(const mp_map *m, double x, double y, double *px,
                    double *py);
void trk_mp_to_lonlat(const mp_map *m, double px, double py, double *lon,
                      double *lat);

#endif
