/*
 * trk_map.c: what the web and printable maps share.
 */
#include "trk_map.h"

#include <string.h>

int trk_map_indicator_known(const char *name) {
    static const char *const known[] = {"works", "allocated", "disbursed_rate",
                                        "vnd_per_km2", NULL};
    for (int i = 0; known[i]; i++)
        if (!strcmp(known[i], name))
            return 1;
    return 0;
}
