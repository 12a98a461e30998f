/*
 * gis_fuzzy.c: symmetric-delete lookup over a chained hash table.
 *
 * Every key is filed under itself and under each string made by deleting
 * one of its characters.  Two keys within one edit (insert, delete,
 * substitute, or swap of neighbours) always share such a string, so the
 * query's own variants find every candidate; gis_text_distance then keeps
 * the true ones.  Memory grows with key length, which for place names is
 * short.
 */
#include "gis_fuzzy.h"

#include <stdlib.h>
#include <string.h>

#include "gis_text.h"

typedef struct entry {
    char *key;
    int64_t id;
} entry;

typedef struct slot {
    char *variant; /* the key or one of its deletions */
    long entry;    /* index into entries */
    struct slot *next;
} slot;

struct gis_fuzzy {
    entry *entries;
    long nentries, cap;
    slot **buckets;
    unsigned long nbuckets, nslots;
    long *seen; /* per entry: last query that reported it */
    long query;
};

static unsigned long hash(const char *s) {
    unsigned long h = 1469598103934665603UL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

gis_fuzzy *gis_fuzzy_new(void) {
    gis_fuzzy *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->nbuckets = 1024;
    f->buckets = calloc(f->nbuckets, sizeof *f->buckets);
    if (!f->buckets) {
        free(f);
        return NULL;
    }
    return f;
}

void gis_fuzzy_free(gis_fuzzy *f) {
    unsigned long b;
    long i;
    if (!f)
        return;
    for (b = 0; b < f->nbuckets; b++) {
        slot *s = f->buckets[b], *next;
        for (; s; s = next) {
            next = s->next;
            free(s->variant);
            free(s);
        }
    }
    for (i = 0; i < f->nentries; i++)
        free(f->entries[i].key);
    free(f->entries);
    free(f->buckets);
    free(f->seen);
    free(f);
}

static int grow(gis_fuzzy *f) {
    unsigned long n = f->nbuckets * 2, b;
    slot **buckets = calloc(n, sizeof *buckets);
    if (!buckets)
        return 1;
    for (b = 0; b < f->nbuckets; b++) {
        slot *s = f->buckets[b], *next;
        for (; s; s = next) {
            unsigned long h = hash(s->variant) & (n - 1);
            next = s->next;
            s->next = buckets[h];
            buckets[h] = s;
        }
    }
    free(f->buckets);
    f->buckets = buckets;
    f->nbuckets = n;
    return 0;
}

static int file_variant(gis_fuzzy *f, const char *variant, long entry) {
    unsigned long h;
    slot *s;
    if (f->nslots >= f->nbuckets && grow(f))
        return 1;
    h = hash(variant) & (f->nbuckets - 1);
    /* A key like "aab" yields "ab" twice; file it once. */
    for (s = f->buckets[h]; s; s = s->next)
        if (s->entry == entry && !strcmp(s->variant, variant))
            return 0;
    s = malloc(sizeof *s);
    if (!s || !(s->variant = strdup(variant))) {
        free(s);
        return 1;
    }
    s->entry = entry;
    s->next = f->buckets[h];
    f->buckets[h] = s;
    f->nslots++;
    return 0;
}

int gis_fuzzy_add(gis_fuzzy *f, const char *key, int64_t id) {
    size_t len = strlen(key), i;
    char *variant;
    long e;

    if (f->nentries == f->cap) {
        long cap = f->cap ? f->cap * 2 : 256;
        entry *entries = realloc(f->entries, cap * sizeof *entries);
        long *seen = realloc(f->seen, cap * sizeof *seen);
        if (entries)
            f->entries = entries;
        if (seen)
            f->seen = seen;
        if (!entries || !seen)
            return 1;
        f->cap = cap;
    }
    e = f->nentries;
    if (!(f->entries[e].key = strdup(key)))
        return 1;
    f->entries[e].id = id;
    f->seen[e] = 0;
    f->nentries++;
    if (file_variant(f, key, e))
        return 1;
    variant = malloc(len + 1);
    if (!variant)
        return 1;
    for (i = 0; i < len; i++) {
        memcpy(variant, key, i);
        memcpy(variant + i, key + i + 1, len - i);
        if (file_variant(f, variant, e)) {
            free(variant);
            return 1;
        }
    }
    free(variant);
    return 0;
}

static int report(gis_fuzzy *f, const char *variant, const char *key,
                  int max_edits, gis_fuzzy_cb cb, void *ctx) {
    unsigned long h = hash(variant) & (f->nbuckets - 1);
    slot *s;
    int calls = 0;
    for (s = f->buckets[h]; s; s = s->next) {
        entry *e;
        int d;
        if (f->seen[s->entry] == f->query || strcmp(s->variant, variant))
            continue;
        e = &f->entries[s->entry];
        d = gis_text_distance(key, e->key, max_edits);
        if (d > max_edits)
            continue;
        f->seen[s->entry] = f->query;
        cb(e->id, d, ctx);
        calls++;
    }
    return calls;
}

int gis_fuzzy_find(gis_fuzzy *f, const char *key, int max_edits,
                   gis_fuzzy_cb cb, void *ctx) {
    size_t len = strlen(key), i;
    char variant[256];
    int calls;

    f->query++;
    calls = report(f, key, key, max_edits, cb, ctx);
    if (max_edits < 1 || len >= sizeof variant)
        return calls;
    for (i = 0; i < len; i++) {
        memcpy(variant, key, i);
        memcpy(variant + i, key + i + 1, len - i);
        calls += report(f, variant, key, max_edits, cb, ctx);
    }
    return calls;
}

long gis_fuzzy_size(const gis_fuzzy *f) { return f->nentries; }
