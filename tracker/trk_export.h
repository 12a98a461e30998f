/*
 * trk_export.h: map layers out of the database, through OGR.
 */
#ifndef TRK_EXPORT_H
#define TRK_EXPORT_H

#include "gis_db.h"

typedef void (*trk_export_cb)(const char *path, const char *title, long count,
                              void *ctx);

/* Writes units-2022, communes-2025, works-points and works-lines as RFC
 * 7946 GeoJSON files in dir (created when missing), calling cb after each
 * file.  Unit layers carry the approximate flag and note on every feature;
 * work layers carry the illustrative flag. */
int trk_export_geojson(gis_db *db, const char *dir, trk_export_cb cb, void *ctx,
                       gis_error *err);

#endif
