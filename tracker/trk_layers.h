/*
 * trk_layers.h: loading the reference layers the tracker ships (units of
 * 2022 and later, their history, hamlets, facts, the 2022 plan) into a
 * database, with their provenance, and deriving approximate polygons.
 */
#ifndef TRK_LAYERS_H
#define TRK_LAYERS_H

#include <stddef.h>

#include "gis_db.h"

/* Loads every layer in one transaction: all or nothing.  dir is a copy of
 * layers/ to read from, or NULL for the copy built into the binary. */
int trk_layers_load(gis_db *db, const char *dir, gis_error *err);

/* The path under which layer file name can be read by GDAL: dir/name, or
 * a /vsimem/ file holding the embedded copy.  Returns 0 when it exists. */
int trk_layers_path(const char *dir, const char *name, char *out,
                    size_t outsize);

#endif
