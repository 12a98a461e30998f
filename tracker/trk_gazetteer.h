/*
 * trk_gazetteer.h: every name a place is known by, in one table
 * (gazetteer_name) with a full-text index, rebuilt from the units,
 * hamlets, aliases, places and outlines whenever they change.
 */
#ifndef TRK_GAZETTEER_H
#define TRK_GAZETTEER_H

#include "gis_db.h"

/* Rebuilds gazetteer_name (and so its FTS5 index) from the tables that
 * hold names.  Runs inside the caller's transaction when there is one. */
int trk_gazetteer_rebuild(gis_db *db, gis_error *err);

#endif
