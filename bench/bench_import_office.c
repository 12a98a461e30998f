/*
 * bench_import_office.c: `tracker import works` on files like a district
 * office's, beside ogr2ogr, at two sizes, so both the ratio and the way
 * cost grows show.
 *
 * Each row carries what a "danh mục công trình" sheet carries: code,
 * name, category, the commune by name, an allocation in triệu đồng, the
 * plan line and source ("Dự án 4 - Tiểu dự án 1, NSTW"), a year, a
 * status; a third of the rows are located by surveyors' VN-2000 X/Y
 * (TM-3 106°30'), a tenth by hamlet text only (geocoded), the rest by
 * lon/lat.  The database is the shipped Đại Từ layers (`tracker init`),
 * or --synthetic 10,000 square units (with no plan: its rows carry no
 * allocation).  Allocations pass the plan's caps
 * at this size, so the import runs with --force (each override is
 * recorded: part of the cost).  A second file with --bad percent rows
 * outside the district measures what a refused file costs.
 *
 * Usage: bench_import_office [--works N] [--small N] [--bad PCT]
 *                            [--synthetic] [--dir DIR]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gis_coord.h"
#include "gis_polyindex.h"
#include "trk_db.h"
#include "trk_import.h"
#include "trk_layers.h"
#include "trk_works.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const categories[] = {
    "Đường giao thông nông thôn", "Nhà văn hóa xóm", "Trạm y tế xã", "Chợ",
    "Kênh mương thủy lợi",        "Cầu dân sinh"};
static const char *const statuses[] = {"Chuẩn bị đầu tư", "Đang thi công",
                                       "Hoàn thành"};

typedef struct unit {
    long long id;
    char name[96];
} unit;

typedef struct hamlet {
    char name[96], unit[96];
} hamlet;

typedef struct base {
    double x0, y0, x1, y1; /* where the units are */
    unit *units;
    int nunits;
    hamlet *hamlets;
    int nhamlets;
    gis_polyindex *index;
    int synthetic; /* its units have no names in the gazetteer */
} base;

static int fail(const char *what, const gis_error *err) {
    fprintf(stderr, "error: %s: %s\n", what, err ? err->msg : "failed");
    return 1;
}

/* The base database: the shipped layers, or a grid of square units. */
static int make_base(const char *path, int synthetic, base *b) {
    gis_db *db = NULL;
    gis_error err;
    sqlite3_stmt *st = NULL;
    int i, side = 100;

    unlink(path);
    if (trk_db_create(&db, path, &err))
        return fail("create", &err);
    if (!synthetic && trk_layers_load(db, NULL, &err))
        return fail("layers", &err);
    if (synthetic) {
        double cell = 1.0 / side;
        if (gis_db_begin(db, &err) ||
            gis_db_prepare(
                db, &st,
                "INSERT INTO admin_unit (key, code, name, full_name,"
                " name_key, kind, province_code, geom) VALUES (?1, ?1, ?1,"
                " 'Xã ' || ?1, lower(?1), 'xa', '99',"
                " CastToMultiPolygon(BuildMbr(?2, ?3, ?4, ?5, 4326)))",
                &err))
            return fail("units", &err);
        for (i = 0; i < side * side; i++) {
            char code[16];
            double x = 105.0 + (i % side) * cell, y = 21.0 + (i / side) * cell;
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
            gis_db_commit(db, &err))
            return fail("outline", &err);
    }
    /* The units of 2022 (the file's Xã column names them) and the
     * hamlets with their unit, for rows located by text. */
    b->units = calloc(20000, sizeof *b->units);
    b->hamlets = calloc(2000, sizeof *b->hamlets);
    if (gis_db_prepare(db, &st,
                       "SELECT id, full_name FROM admin_unit WHERE"
                       " (valid_from IS NULL OR valid_from <= '2022-10-11')"
                       " AND (valid_to IS NULL OR valid_to > '2022-10-11')",
                       &err))
        return fail("units", &err);
    while (sqlite3_step(st) == SQLITE_ROW && b->nunits < 20000) {
        b->units[b->nunits].id = sqlite3_column_int64(st, 0);
        snprintf(b->units[b->nunits++].name, sizeof b->units->name, "%s",
                 sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (gis_db_prepare(db, &st,
                       "SELECT h.name, u.full_name FROM hamlet h JOIN"
                       " admin_unit u ON u.id = h.unit_id WHERE h.status ="
                       " 'current' AND (u.valid_to IS NULL OR u.valid_to >"
                       " '2022-10-11') AND (u.valid_from IS NULL OR"
                       " u.valid_from <= '2022-10-11')",
                       &err))
        return fail("hamlets", &err);
    while (sqlite3_step(st) == SQLITE_ROW && b->nhamlets < 2000) {
        snprintf(b->hamlets[b->nhamlets].name, sizeof b->hamlets->name, "%s",
                 sqlite3_column_text(st, 0));
        snprintf(b->hamlets[b->nhamlets++].unit, sizeof b->hamlets->unit, "%s",
                 sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (gis_db_prepare(db, &st,
                       "SELECT MbrMinX(geom), MbrMinY(geom), MbrMaxX(geom),"
                       " MbrMaxY(geom) FROM outline WHERE key = 'base'",
                       &err) ||
        sqlite3_step(st) != SQLITE_ROW)
        return fail("outline", &err);
    b->x0 = sqlite3_column_double(st, 0);
    b->y0 = sqlite3_column_double(st, 1);
    b->x1 = sqlite3_column_double(st, 2);
    b->y1 = sqlite3_column_double(st, 3);
    sqlite3_finalize(st);
    if (trk_units_index(db, "2022-10-11", &b->index, &err))
        return fail("index", &err);
    gis_db_close(db);
    return 0;
}

static double uniform(unsigned *seed) {
    return rand_r(seed) / (RAND_MAX + 1.0);
}

static const char *unit_name(const base *b, long long id) {
    /* Synthetic units are known by their polygons only: the rows leave
     * the Xã column empty and the point finds the unit. */
    if (b->synthetic)
        return "";
    for (int i = 0; i < b->nunits; i++)
        if (b->units[i].id == id)
            return b->units[i].name;
    return "";
}

/* Writes n office rows; bad_pct of them lie 50 km east of the district. */
static int write_csv(const char *path, const base *b, int n, int bad_pct) {
    FILE *f = fopen(path, "w");
    unsigned seed = 12345;
    gis_error err;
    int i;

    if (!f)
        return 1;
    fprintf(f, "Mã công trình,Tên công trình,Loại công trình,Xã,Thôn/xóm,"
               "Kinh độ,Vĩ độ,X,Y,Kế hoạch vốn năm 2022 (triệu đồng),Nguồn"
               " vốn,Năm,Tình trạng\n");
    for (i = 0; i < n; i++) {
        double lon, lat, x, y;
        long long id = 0;
        int kind = i % 30; /* 0-2 text, 3-12 X/Y, the rest lon/lat */
        char amount[32];
        do {
            lon = b->x0 + (b->x1 - b->x0) * uniform(&seed);
            lat = b->y0 + (b->y1 - b->y0) * uniform(&seed);
            id = gis_polyindex_find(b->index, lon, lat);
        } while (!id);
        snprintf(amount, sizeof amount, "\"%d,%d\"", 50 + rand_r(&seed) % 900,
                 rand_r(&seed) % 10);
        fprintf(f, "DT-%07d,%s số %d,%s,", i, categories[i % 6], i,
                categories[i % 6]);
        if (kind < 3 && b->nhamlets) {
            const hamlet *h = &b->hamlets[rand_r(&seed) % b->nhamlets];
            fprintf(f, "%s,%s,,,,,", h->unit, h->name);
        } else if (kind < 3 || i % 10 == 9) {
            /* A tenth of the rest (and the text rows of a synthetic
             * base, which has no hamlets): lon/lat, with place text. */
            if (bad_pct && i % 100 < bad_pct)
                lon += 0.5;
            fprintf(f, "%s,Trung tâm xã,%.6f,%.6f,,,", unit_name(b, id), lon,
                    lat);
        } else if (kind < 13) {
            if (bad_pct && i % 100 < bad_pct)
                lon += 0.5;
            if (gis_coord_from_wgs84(lon, lat, "VN2000-TM3-10630", &x, &y,
                                     &err)) {
                fclose(f);
                return fail("VN-2000", &err);
            }
            /* Surveyors write X for the northing. */
            fprintf(f, "%s,,,,%.3f,%.3f,", unit_name(b, id), y, x);
        } else {
            if (bad_pct && i % 100 < bad_pct)
                lon += 0.5;
            fprintf(f, "%s,,%.6f,%.6f,,,", unit_name(b, id), lon, lat);
        }
        /* A synthetic base has no plan to allocate from. */
        if (b->synthetic)
            fprintf(f, ",,2022,%s\n", statuses[i % 3]);
        else
            fprintf(f, "%s,\"Dự án 4 - Tiểu dự án 1, NSTW\",2022,%s\n", amount,
                    statuses[i % 3]);
    }
    return fclose(f) != 0;
}

typedef struct run {
    double tracker, ogr;
    long added, errors;
} run;

static int time_both(const char *dir, const char *base_db, const char *csv,
                     run *out) {
    char db_path[512], ogr_path[512], cmd[2048];
    gis_db *db = NULL;
    gis_error err;
    trk_import_opts o = {0};
    trk_import_stats stats;
    double t0;
    int rc;

    snprintf(db_path, sizeof db_path, "%s/run.sqlite", dir);
    snprintf(ogr_path, sizeof ogr_path, "%s/ogr2ogr.sqlite", dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", base_db, db_path);
    if (system(cmd) != 0)
        return 1;
    unlink(ogr_path);
    if (trk_db_open(&db, db_path, &err))
        return fail("open", &err);
    o.force = 1;
    t0 = now();
    rc = trk_import_works(db, csv, &o, NULL, NULL, &stats, &err);
    out->tracker = now() - t0;
    out->added = rc ? 0 : stats.added;
    out->errors = stats.errors;
    gis_db_close(db);
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f SQLite -dsco SPATIALITE=YES '%s' '%s' -oo "
             "X_POSSIBLE_NAMES='Kinh độ' -oo Y_POSSIBLE_NAMES='Vĩ độ' -a_srs "
             "EPSG:4326",
             ogr_path, csv);
    t0 = now();
    if (system(cmd) != 0)
        return fail("ogr2ogr", NULL);
    out->ogr = now() - t0;
    return 0;
}

int main(int argc, char **argv) {
    int works = 100000, small = 10000, bad = 10, synthetic = 0, i;
    const char *dir = "/tmp/bench-import-office";
    char base_db[512], csv[512], cmd[600];
    base b = {0};
    run big, little, refused;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--synthetic"))
            synthetic = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "--works"))
            works = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--small"))
            small = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--bad"))
            bad = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--dir"))
            dir = argv[++i];
    }
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    snprintf(base_db, sizeof base_db, "%s/base.sqlite", dir);
    b.synthetic = synthetic;
    if (make_base(base_db, synthetic, &b))
        return 1;
    printf("base: %s, %d units of 2022, %d hamlets\n",
           synthetic ? "synthetic squares" : "the shipped Đại Từ layers",
           b.nunits, b.nhamlets);
    printf("rows: office sheet (allocation, line and source, year, status;"
           " 1/3 VN-2000 X/Y, 1/10 hamlet text only, the rest lon/lat)\n");

    snprintf(csv, sizeof csv, "%s/small.csv", dir);
    if (write_csv(csv, &b, small, 0) || time_both(dir, base_db, csv, &little))
        return 1;
    snprintf(csv, sizeof csv, "%s/big.csv", dir);
    if (write_csv(csv, &b, works, 0) || time_both(dir, base_db, csv, &big))
        return 1;
    snprintf(csv, sizeof csv, "%s/refused.csv", dir);
    if (write_csv(csv, &b, works, bad) ||
        time_both(dir, base_db, csv, &refused))
        return 1;

    if (little.added != small || big.added != works) {
        fprintf(stderr, "error: the files did not import whole\n");
        return 1;
    }
    printf("%7d rows: tracker %6.2f s (%ld added), ogr2ogr %6.2f s, ratio "
           "%.2f\n",
           small, little.tracker, little.added, little.ogr,
           little.tracker / little.ogr);
    printf("%7d rows: tracker %6.2f s (%ld added), ogr2ogr %6.2f s, ratio "
           "%.2f (target <= 1.5)\n",
           works, big.tracker, big.added, big.ogr, big.tracker / big.ogr);
    printf("growth %d/%d rows: tracker %.1f (linear: %.1f), ogr2ogr %.1f\n",
           works, small, big.tracker / little.tracker, (double)works / small,
           big.ogr / little.ogr);
    printf("%7d rows, %d%% outside the district: tracker %6.2f s (%ld row "
           "errors, refused), %.2f of the accepted file's time\n",
           works, bad, refused.tracker, refused.errors,
           refused.tracker / big.tracker);
    gis_polyindex_free(b.index);
    free(b.units);
    free(b.hamlets);
    return 0;
}
