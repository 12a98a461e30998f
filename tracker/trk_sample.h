/*
 * trk_sample.h: the illustrative sample works the demo loads.
 */
#ifndef TRK_SAMPLE_H
#define TRK_SAMPLE_H

#include "gis_db.h"

/* Adds every work of layers/sample-works.csv (dir NULL: the built-in
 * copy), each marked illustrative, in one transaction; *count receives the
 * number added.  The message names the line and the field at fault. */
int trk_sample_load(gis_db *db, const char *dir, int *count, gis_error *err);

#endif
