/*
 * bench_import.c: `tracker import works` at scale, beside ogr2ogr.
 *
 * Builds a tracker database holding --units synthetic unit polygons (a
 * grid of squares, with their outline), writes a CSV of --works works with
 * lon/lat inside them, then times the tracker's import (which checks every
 * row and assigns each work to the unit containing it) and `ogr2ogr -f
 * SQLite -dsco SPATIALITE=YES` loading the same CSV without assignment,
 * and prints the ratio.  Target: the tracker takes at most 1.5 times as
 * long as ogr2ogr.
 *
 * Usage: bench_import [--units N] [--works N] [--dir DIR]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trk_db.h"
#include "trk_import.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const categories[] = {
    "Đường giao thông nông thôn", "Nhà văn hóa xóm", "Trạm y tế xã", "Chợ",
    "Kênh mương thủy lợi",        "Cầu dân sinh"};

int main(int argc, char **argv) {
    int units = 10000, works = 100000, side, i;
    const char *dir = "/tmp/bench-import";
    char db_path[512], csv_path[512], ogr_path[512], cmd[2048];
    double x0 = 105.0, y0 = 21.0, span = 1.0, cell, t0, t_trk, t_ogr;
    gis_db *db = NULL;
    gis_error err;
    sqlite3_stmt *st = NULL;
    FILE *f;
    trk_import_opts o = {0};
    trk_import_stats stats;
    unsigned seed = 12345;

    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--units"))
            units = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--works"))
            works = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
    }
    side = (int)ceil(sqrt(units));
    cell = span / side;
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    snprintf(db_path, sizeof db_path, "%s/tracker.sqlite", dir);
    snprintf(csv_path, sizeof csv_path, "%s/works.csv", dir);
    snprintf(ogr_path, sizeof ogr_path, "%s/ogr2ogr.sqlite", dir);
    unlink(db_path);
    unlink(ogr_path);

    if (trk_db_create(&db, db_path, &err) || gis_db_begin(db, &err) ||
        gis_db_prepare(db, &st,
                       "INSERT INTO admin_unit (key, code, name, full_name,"
                       " name_key, kind, province_code, geom) VALUES (?1, ?1,"
                       " ?1, 'Xã ' || ?1, ?1, 'xa', '99',"
                       " CastToMultiPolygon(BuildMbr(?2, ?3, ?4, ?5, 4326)))",
                       &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    for (i = 0; i < units; i++) {
        char code[16];
        double x = x0 + (i % side) * cell, y = y0 + (i / side) * cell;
        snprintf(code, sizeof code, "U%05d", i);
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(st, 2, x);
        sqlite3_bind_double(st, 3, y);
        sqlite3_bind_double(st, 4, x + cell);
        sqlite3_bind_double(st, 5, y + cell);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (gis_db_exec(db,
                    "INSERT INTO outline (key, name, approximate, geom)"
                    " SELECT 'base', 'synthetic', 1,"
                    " CastToMultiPolygon(Extent(geom)) FROM admin_unit;",
                    &err) ||
        gis_db_commit(db, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }

    f = fopen(csv_path, "w");
    if (!f)
        return 1;
    fprintf(f, "code,name,category,lon,lat\n");
    for (i = 0; i < works; i++) {
        double lon = x0 + span * (rand_r(&seed) / (RAND_MAX + 1.0));
        double lat = y0 + span * (rand_r(&seed) / (RAND_MAX + 1.0));
        fprintf(f, "W%06d,Công trình %d,%s,%.6f,%.6f\n", i, i,
                categories[i % 6], lon, lat);
    }
    fclose(f);
    printf("%d unit polygons, %d works (CSV with lon/lat)\n", units, works);

    t0 = now();
    if (trk_import_works(db, csv_path, &o, NULL, NULL, &stats, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    t_trk = now() - t0;
    gis_db_close(db);
    printf("tracker import works: %.2f s (%ld added, every work assigned to"
           " its unit)\n",
           t_trk, stats.added);

    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f SQLite -dsco SPATIALITE=YES '%s' '%s' -oo "
             "X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326",
             ogr_path, csv_path);
    t0 = now();
    if (system(cmd) != 0) {
        fprintf(stderr, "error: ogr2ogr failed\n");
        return 1;
    }
    t_ogr = now() - t0;
    printf("ogr2ogr -f SQLite -dsco SPATIALITE=YES: %.2f s (no assignment)\n",
           t_ogr);
    printf("ratio: %.2f (tracker / ogr2ogr; target <= 1.5)\n", t_trk / t_ogr);
    return 0;
}
