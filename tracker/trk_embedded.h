/*
 * trk_embedded.h: the files of layers/ compiled into the binary (see
 * cmake/embed.cmake), so `tracker init` needs no data directory.
 */
#ifndef TRK_EMBEDDED_H
#define TRK_EMBEDDED_H

#include <stddef.h>

typedef struct trk_embedded_file {
    const char *name; /* path relative to layers/, e.g. "plans.csv" */
    const unsigned char *data;
    size_t size;
} trk_embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const trk_embedded_file trk_embedded_files[];

#endif
