/*
 * gis_fuzzy.h: an in-memory index of name keys that answers "which keys
 * equal this one, or are one typo away" without comparing against every
 * key: each key is also filed under each of its one-letter deletions
 * (the symmetric-delete method), so a query looks up itself and its own
 * deletions, and only those candidates get an edit-distance check.
 */
#ifndef GIS_FUZZY_H
#define GIS_FUZZY_H

#include <stdint.h>

typedef struct gis_fuzzy gis_fuzzy;

/* A new, empty index, or NULL when out of memory. */
gis_fuzzy *gis_fuzzy_new(void);
void gis_fuzzy_free(gis_fuzzy *f);

/* Files id under key (an ASCII key from gis_text_key); one key may carry
 * many ids and one id many keys.  0 on success. */
int gis_fuzzy_add(gis_fuzzy *f, const char *key, int64_t id);

typedef void (*gis_fuzzy_cb)(int64_t id, int distance, void *ctx);

/* Calls cb once per (id, key) within max_edits (0 or 1) of key, with the
 * distance; returns the number of calls. */
int gis_fuzzy_find(gis_fuzzy *f, const char *key, int max_edits,
                   gis_fuzzy_cb cb, void *ctx);

/* Number of keys filed (not counting deletions). */
long gis_fuzzy_size(const gis_fuzzy *f);

#endif
