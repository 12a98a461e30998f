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

/* The four layers in one file, styled: a KML (KMZ when path ends in
 * .kmz) with a document per layer and styles from OGR style strings
 * (works coloured by category), or a GeoPackage whose layer_styles table
 * holds a QGIS style for each layer, so QGIS opens it styled.  cb as
 * above, once per layer. */
int trk_export_kml(gis_db *db, const char *path, trk_export_cb cb, void *ctx,
                   gis_error *err);
int trk_export_gpkg(gis_db *db, const char *path, trk_export_cb cb, void *ctx,
                    gis_error *err);

/* The layers of the exports, for the styled writers: 4 of them. */
typedef struct trk_export_layer {
    const char *file, *name, *title, *sql, *description;
} trk_export_layer;
extern const trk_export_layer trk_export_layers[4];

#endif
