/*
 * trk_geocode_int.h: what the geocoder's two files share (the local
 * lookup in trk_geocode.c, the remote one in trk_geocode_remote.c); not
 * for other callers.
 */
#ifndef TRK_GEOCODE_INT_H
#define TRK_GEOCODE_INT_H

#include "gis_fuzzy.h"
#include "gis_nominatim.h"
#include "trk_geocode.h"

/* One gazetteer name, held in memory so that a lookup runs no SQL until
 * it describes its answer. */
typedef struct gaz_row {
    int64_t gid;        /* gazetteer_name.id */
    char type;          /* 'u' unit, 'h' hamlet, 'p' place, 'o' outline */
    char level;         /* 'c' commune, 'h' hamlet, 'p' place, 'd' district */
    int64_t feature_id; /* id in its own table */
    int64_t unit_id;    /* the unit it is, or lies in; 0 for the district */
    char *name, *display, *kind;
    char valid_from[12], valid_to[12]; /* units and the district */
    int has_point; /* a hamlet's or place's own point, the district's */
    double lon, lat;
} gaz_row;

/* A unit, held in memory with what answers describe: its names, period,
 * representative point and seat. */
typedef struct geo_unit {
    int64_t id;
    char key[32], code[8];
    char kind; /* 'x' xã, 't' thị trấn, 'p' phường */
    char *full_name;
    char valid_from[12], valid_to[12];
    int has_point;
    double lon, lat; /* its centre, or a point inside it */
    char *point_source;
    char *seat; /* a place of kind seat, or NULL */
    double seat_lon, seat_lat;
} geo_unit;

struct trk_geocoder {
    gis_db *db;
    gaz_row *rows; /* ordered by gid */
    long nrows;
    gis_fuzzy *index; /* key -> index into rows */
    geo_unit *units;  /* ordered by id */
    long nunits;
    int64_t *chg_old, *chg_new; /* the crosswalk: old unit -> new unit */
    char *chg_follow; /* followed to today's unit (merges, confirmed) */
    int nchg;
    sqlite3_stmt *words; /* full-text lookup */
    gis_nominatim *remote;
    char *remote_url;
};

/* True when unit a becomes unit b (or is b) through the crosswalk. */
int trk_geo_reaches(const trk_geocoder *g, int64_t a, int64_t b);

/* Fills the unit's code, name, period and today's commune into h. */
void trk_geo_fill_unit(trk_geocoder *g, int64_t unit, trk_geo_hit *h);

/* Asks the remote geocoder for res->text; hits replace res's. */
int trk_geo_ask_remote(trk_geocoder *g, int64_t within_unit,
                       trk_geo_result *res, gis_error *err);

#endif
