/*
 * trk_geocode.h: from the way an engineer names a place ("xóm Đồng Đình,
 * xã La Bằng", "TT. Hung Son", "Phu Lac") to a unit, maybe a hamlet, a
 * point, and an honest IATI precision.  Ambiguity is reported with every
 * candidate, never resolved in silence.
 */
#ifndef TRK_GEOCODE_H
#define TRK_GEOCODE_H

#include <stdint.h>

#include "gis_db.h"

#define TRK_GEO_MAX_HITS 16

typedef struct trk_geo_hit {
    char feature_type[12]; /* unit, hamlet, place, outline */
    int64_t feature_id;
    char name[160];    /* the feature's display name */
    char matched[160]; /* the name that matched (maybe former or alias) */
    char name_kind[12];
    char how[16]; /* exact, typo, words */
    int64_t unit_id;
    char unit_key[32], unit_code[8], unit_name[160];
    char valid_from[12], valid_to[12];
    char current_key[32], current_name[160];
    char hamlet[160];
    int has_point;
    double lon, lat;
    int precision, location_class, exactness;
    char point_source[256]; /* "hamlet point", "unit centre", "seat", or
                               the remote source and its licence */
    double score;
} trk_geo_hit;

enum { TRK_GEO_NONE, TRK_GEO_FOUND, TRK_GEO_AMBIGUOUS };

typedef struct trk_geo_result {
    int status;
    trk_geo_hit hits[TRK_GEO_MAX_HITS];
    int nhits;
    char text[256]; /* the input as understood (UTF-8 NFC) */
    int from_tcvn3; /* the input was legacy TCVN3 text */
    char note[512];
} trk_geo_result;

typedef struct trk_geocoder trk_geocoder;

/* Loads the gazetteer's names into memory for fast lookups. */
int trk_geocoder_open(trk_geocoder **out, gis_db *db, gis_error *err);
void trk_geocoder_free(trk_geocoder *g);

/* Asks a Nominatim-compatible server (base_url) when the gazetteer has no
 * confident answer, identifying the tracker and contact in the
 * User-Agent, at most once per min_interval_ms (>= 1000 on the public
 * server), caching every answer in the database so a second run sends
 * nothing.  Remote hits carry their source and licence (OSM). */
int trk_geocoder_use_remote(trk_geocoder *g, const char *base_url,
                            const char *contact, long min_interval_ms,
                            gis_error *err);

/* Requests sent and answers taken from the cache, for the user. */
void trk_geocoder_remote_stats(const trk_geocoder *g, long *requests,
                               long *cached);

/* Geocodes text.  as_of (NULL: any period) keeps only units in force on
 * that date; within_unit (0: none) keeps only places inside that unit or
 * its successors.  Fills res; returns non-zero only on a database error. */
int trk_geocode(trk_geocoder *g, const char *text, const char *as_of,
                int64_t within_unit, trk_geo_result *res, gis_error *err);

/* The point a work known only by its unit stands at: the unit's seat
 * (IATI precision 8) or else its centre (3), with its unit fields; 1
 * when the unit has either. */
int trk_geocode_unit_point(trk_geocoder *g, int64_t unit_id, trk_geo_hit *hit);

#endif
