/*
 * layers_db.h: the group fixture the tracker's tests share: a new
 * database in a temporary directory with the shipped reference layers
 * loaded, passed to each test as its state.  Header-only, because each
 * test is one executable built from one file.
 */
#ifndef LAYERS_DB_H
#define LAYERS_DB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "trk_db.h"
#include "trk_layers.h"

static char layers_db_dir[] = "/tmp/trk-test-XXXXXX";
static char layers_db_path[256];

static int layers_db_setup(void **state) {
    gis_db *db = NULL;
    gis_error err;
    if (!mkdtemp(layers_db_dir))
        return -1;
    snprintf(layers_db_path, sizeof layers_db_path, "%s/t.sqlite",
             layers_db_dir);
    if (trk_db_create(&db, layers_db_path, &err) ||
        trk_layers_load(db, NULL, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        gis_db_close(db);
        return -1;
    }
    *state = db;
    return 0;
}

static int layers_db_teardown(void **state) {
    gis_db_close(*state);
    unlink(layers_db_path);
    rmdir(layers_db_dir);
    return 0;
}

#endif
