/*
 * trk_coverage.c: coverage of a target set of units, category by
 * category, into the TEMP table coverage.
 *
 * The works are counted per unit and category in one grouped query; then
 * one pass per category: the facilities in use go into a nearest-point
 * index, and every target unit's centre and every located hamlet is
 * looked up in it.  Nothing
 * here scans every pair.
 */
#include "trk_coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_nearest.h"
#include "gis_writer.h"
#include "trk_category.h"

/* The metric plane the nearest-point search runs in: UTM 48N covers
 * northern Vietnam (102°-108°E). */
#define COVERAGE_CRS "EPSG:32648"

typedef struct unit {
    int64_t id;
    char code[16], name[128];
    double lon, lat, area_km2;
    int hamlets, located, beyond;
    double hamlet_max_m;
} unit;

typedef struct run {
    gis_db *db;
    const trk_coverage_opts *o;
    int current; /* today's communes rather than the units of 2022 */
    unit *units;
    int n;
} run;

static int by_id(const void *a, const void *b) {
    int64_t x = ((const unit *)a)->id, y = ((const unit *)b)->id;
    return x < y ? -1 : x > y;
}

static unit *find_unit(run *r, int64_t id) {
    unit key;
    key.id = id;
    return bsearch(&key, r->units, (size_t)r->n, sizeof key, by_id);
}

static int in_csv(const char *list, const char *item) {
    size_t n = strlen(item);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && *p == ' ')
            p++, len--;
        while (len && p[len - 1] == ' ')
            len--;
        if (len == n && !strncmp(p, item, n))
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* The candidate units and the target set among them. */
static int load_units(run *r, trk_coverage_summary *sum, gis_error *err) {
    const char *target = r->o->target ? r->o->target : "all";
    const char *attr = NULL, *yes = NULL;
    sqlite3_stmt *st = NULL;
    char sql[1024];
    int rc, cap = 0;

    if (!strcmp(target, "atk"))
        attr = "atk", yes = "yes";
    else if (!strcmp(target, "region-iii"))
        attr = "region", yes = "III";
    else if (!strcmp(target, "minority"))
        attr = "minority_area", yes = "yes";
    snprintf(sum->attribute, sizeof sum->attribute, "%s", attr ? attr : "");
    snprintf(sql, sizeof sql,
             "SELECT u.id, u.code, u.full_name, %s, coalesce(u.area_km2,"
             " ST_Area(u.geom, 1) / 1e6), %s FROM admin_unit u WHERE %s ORDER"
             " BY u.id",
             r->current ? "X(ST_PointOnSurface(u.geom)),"
                          " Y(ST_PointOnSurface(u.geom))"
                        : "X(u.centre), Y(u.centre)",
             attr ? attr : "'yes'",
             r->current ? "u.valid_to IS NULL AND u.valid_from IS NOT NULL"
                        : "u.valid_from IS NULL");
    if (gis_db_prepare(r->db, &st, sql, err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *value = (const char *)sqlite3_column_text(st, 6);
        unit *u;
        if (attr && !strcmp(value, "unknown"))
            sum->unknown++;
        if (attr ? strcmp(value, yes) != 0
                 : strcmp(target, "all") && !in_csv(target, code))
            continue;
        if (r->n == cap) {
            unit *grown;
            cap = cap ? cap * 2 : 64;
            if (!(grown = realloc(r->units, (size_t)cap * sizeof *grown))) {
                gis_error_set(err, "out of memory");
                sqlite3_finalize(st);
                return 1;
            }
            r->units = grown;
        }
        u = &r->units[r->n++];
        memset(u, 0, sizeof *u);
        u->id = sqlite3_column_int64(st, 0);
        snprintf(u->code, sizeof u->code, "%s", code);
        snprintf(u->name, sizeof u->name, "%s", sqlite3_column_text(st, 2));
        u->lon = sqlite3_column_double(st, 3);
        u->lat = sqlite3_column_double(st, 4);
        u->area_km2 = sqlite3_column_double(st, 5);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "reading units: %s", sqlite3_errmsg(r->db->handle));
        return 1;
    }
    /* Codes asked for by name must all be there. */
    if (!attr && strcmp(target, "all")) {
        for (const char *p = target; *p;) {
            char code[16];
            size_t len = strcspn(p, ","), skip = strspn(p, " ");
            int found = 0;
            snprintf(code, sizeof code, "%.*s",
                     (int)(len > skip ? len - skip : 0), p + skip);
            while (*code && code[strlen(code) - 1] == ' ')
                code[strlen(code) - 1] = '\0';
            for (int i = 0; i < r->n; i++)
                found |= !strcmp(r->units[i].code, code);
            if (!found) {
                gis_error_set(err,
                              "--target: '%s' is not a unit code of %s (or "
                              "use all, atk, region-iii, minority)",
                              code,
                              r->current ? "today's communes"
                                         : "the units of 2022");
                return 1;
            }
            p += len + (p[len] == ',');
        }
    }
    qsort(r->units, (size_t)r->n, sizeof *r->units, by_id);
    sum->units = r->n;
    return 0;
}

/* The rule's distance for a category, or the --max-km override. */
static int max_km_of(run *r, const char *cat, double *km, gis_error *err) {
    const char *p = r->o->max_km;
    size_t n = strlen(cat);
    for (; p && *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
        if (!strncmp(p, cat, n) && p[n] == '=') {
            char *end;
            *km = strtod(p + n + 1, &end);
            if (end == p + n + 1 || (*end && *end != ',') || *km < 0) {
                gis_error_set(err, "--max-km: '%.*s' is not CATEGORY=KM",
                              (int)strcspn(p, ","), p);
                return 1;
            }
            return 0;
        }
    }
    *km = (double)gis_db_int(r->db, -1,
                             "SELECT CAST(max_km * 1000 AS INTEGER) FROM"
                             " coverage_rule WHERE category_id = ?1",
                             cat, NULL) /
          1000.0;
    if (*km < 0) {
        gis_error_set(err,
                      "category '%s' has no coverage rule: give its distance "
                      "with --max-km %s=KM",
                      cat, cat);
        return 1;
    }
    return 0;
}

/* The facilities of cat in use, with a point, anywhere in the district. */
static int facilities(run *r, const char *cat, gis_nearest **ix,
                      gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_nearest_new(ix, COVERAGE_CRS, err) ||
        gis_db_prepare(r->db, &st,
                       "SELECT w.id, X(w.point), Y(w.point) FROM work w JOIN"
                       " work_state s ON s.work_id = w.id WHERE w.category_id"
                       " = ?1 AND s.status IN ('completion', 'maintenance')"
                       " AND w.point IS NOT NULL",
                       err))
        return 1;
    sqlite3_bind_text(st, 1, cat, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (gis_nearest_add(*ix, sqlite3_column_int64(st, 0),
                            sqlite3_column_double(st, 1),
                            sqlite3_column_double(st, 2), err)) {
            sqlite3_finalize(st);
            return 1;
        }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "reading facilities: %s",
                      sqlite3_errmsg(r->db->handle));
        return 1;
    }
    return 0;
}

/* Every located hamlet of a target unit (today's commune through the
 * crosswalk), against the index. */
static int hamlets(run *r, gis_nearest *ix, double max_m, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    for (int i = 0; i < r->n; i++) {
        r->units[i].hamlets = r->units[i].located = r->units[i].beyond = 0;
        r->units[i].hamlet_max_m = 0;
    }
    if (gis_db_prepare(
            r->db, &st,
            r->current
                ? "SELECT c.current_unit_id, X(h.point), Y(h.point), h.name"
                  " FROM hamlet h JOIN unit_current c ON c.unit_id ="
                  " h.unit_id WHERE h.status <> 'former'"
                : "SELECT h.unit_id, X(h.point), Y(h.point), h.name FROM"
                  " hamlet h WHERE h.status <> 'former'",
            err))
        return 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        unit *u = find_unit(r, sqlite3_column_int64(st, 0));
        int64_t id;
        double m;
        int found;
        if (!u)
            continue;
        u->hamlets++;
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            continue;
        u->located++;
        found = gis_nearest_find(ix, sqlite3_column_double(st, 1),
                                 sqlite3_column_double(st, 2), &id, &m);
        if (found < 0) {
            gis_error_set(err, "hamlet '%s' of %s: its point cannot be placed",
                          sqlite3_column_text(st, 3), u->name);
            sqlite3_finalize(st);
            return 1;
        }
        if (!found) {
            u->beyond++; /* no facility at all */
            continue;
        }
        if (m > u->hamlet_max_m)
            u->hamlet_max_m = m;
        u->beyond += m > max_m;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "reading hamlets: %s",
                      sqlite3_errmsg(r->db->handle));
        return 1;
    }
    return 0;
}

/* The works counted per unit and category, in one grouped query over
 * work_summary for the whole run, into temp.coverage_works. */
static int count_works(run *r, gis_error *err) {
    char sql[2048];
    snprintf(sql, sizeof sql,
             "INSERT INTO temp.coverage_works SELECT u.id, s.category,"
             " sum(s.status IN ('identification', 'preparation')),"
             " sum(s.status = 'implementation'), sum(s.status IN ('completion',"
             " 'maintenance')), count(*), coalesce(sum(s.amount_vnd), 0),"
             " coalesce(sum(x.disbursed_vnd), 0) FROM work_summary s JOIN"
             " admin_unit u ON u.code = s.%s AND %s LEFT JOIN work_state x ON"
             " x.work_id = s.id GROUP BY u.id, s.category",
             r->current ? "commune_2025_code" : "unit_2022_code",
             r->current ? "u.valid_to IS NULL AND u.valid_from IS NOT NULL"
                        : "u.valid_from IS NULL");
    if (gis_db_exec(r->db, sql, err)) {
        gis_error_prefix(err, "counting works: ");
        return 1;
    }
    return 0;
}

static int one_category(run *r, const char *cat, gis_error *err) {
    gis_nearest *ix = NULL;
    sqlite3_stmt *st = NULL;
    double km;
    int rc = 1;

    if (max_km_of(r, cat, &km, err) || facilities(r, cat, &ix, err) ||
        hamlets(r, ix, km * 1000, err))
        goto done;
    if (gis_db_prepare(
            r->db, &st,
            "INSERT INTO temp.coverage (unit_id, unit_code, unit_name,"
            " category, category_vi, max_km, planned, under_construction,"
            " in_use, works, allocated_vnd, disbursed_vnd, area_km2,"
            " vnd_per_km2, centre_distance_m, nearest_code, hamlets,"
            " hamlets_located, hamlets_beyond, hamlet_max_m, unserved) SELECT"
            " ?1, ?2, ?3, ?4, (SELECT label_vi FROM category WHERE id = ?4),"
            " ?5, coalesce(w.planned, 0), coalesce(w.building, 0),"
            " coalesce(w.in_use, 0), coalesce(w.works, 0),"
            " coalesce(w.allocated, 0), coalesce(w.disbursed, 0), ?6, CASE"
            " WHEN ?6 > 0 THEN round(coalesce(w.allocated, 0) / ?6) END, ?7,"
            " (SELECT code FROM work WHERE id = ?8), ?9, ?10, ?11, ?12,"
            " coalesce(w.in_use, 0) + coalesce(w.building, 0) = 0 AND"
            " coalesce(?7 > ?5 * 1000, 1) FROM (SELECT 1) LEFT JOIN"
            " temp.coverage_works w ON w.unit_id = ?1 AND w.category = ?4",
            err))
        goto done;
    for (int i = 0; i < r->n; i++) {
        unit *u = &r->units[i];
        int64_t id;
        double m;
        int found = gis_nearest_find(ix, u->lon, u->lat, &id, &m);
        if (found < 0) {
            gis_error_set(err, "%s (%s): its centre cannot be placed", u->name,
                          u->code);
            goto done;
        }
        sqlite3_bind_int64(st, 1, u->id);
        sqlite3_bind_text(st, 2, u->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, cat, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 5, km);
        sqlite3_bind_double(st, 6, u->area_km2);
        if (found) {
            sqlite3_bind_double(st, 7, m);
            sqlite3_bind_int64(st, 8, id);
        } else {
            sqlite3_bind_null(st, 7);
            sqlite3_bind_null(st, 8);
        }
        sqlite3_bind_int(st, 9, u->hamlets);
        sqlite3_bind_int(st, 10, u->located);
        sqlite3_bind_int(st, 11, u->beyond);
        if (u->located)
            sqlite3_bind_double(st, 12, u->hamlet_max_m);
        else
            sqlite3_bind_null(st, 12);
        if (sqlite3_step(st) != SQLITE_DONE) {
            gis_error_set(err, "storing coverage: %s",
                          sqlite3_errmsg(r->db->handle));
            goto done;
        }
        sqlite3_reset(st);
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    gis_nearest_free(ix);
    return rc;
}

int trk_coverage_run(gis_db *db, const trk_coverage_opts *o,
                     trk_coverage_summary *sum, gis_error *err) {
    run r = {0};
    sqlite3_stmt *st = NULL;
    int rc = 1, step;

    memset(sum, 0, sizeof *sum);
    r.db = db;
    r.o = o;
    if (o->units && strcmp(o->units, "2022") && strcmp(o->units, "current")) {
        gis_error_set(err, "--units: '%s' is not 2022 or current", o->units);
        return 1;
    }
    r.current = o->units && !strcmp(o->units, "current");
    if (o->categories)
        for (const char *p = o->categories; *p;) {
            char cat[64];
            size_t len = strcspn(p, ","), skip = strspn(p, " ");
            snprintf(cat, sizeof cat, "%.*s",
                     (int)(len > skip ? len - skip : 0), p + skip);
            while (*cat && cat[strlen(cat) - 1] == ' ')
                cat[strlen(cat) - 1] = '\0';
            if (!trk_category_find(cat)) {
                gis_error_set(err, "--category: '%s' is not a category", cat);
                return 1;
            }
            p += len + (p[len] == ',');
        }
    if (gis_db_exec(db,
                    "DROP TABLE IF EXISTS temp.coverage; CREATE TEMP TABLE"
                    " coverage (unit_id INTEGER, unit_code TEXT, unit_name"
                    " TEXT, category TEXT, category_vi TEXT, max_km REAL,"
                    " planned INTEGER, under_construction INTEGER, in_use"
                    " INTEGER, works INTEGER, allocated_vnd INTEGER,"
                    " disbursed_vnd INTEGER, area_km2 REAL, vnd_per_km2"
                    " INTEGER, centre_distance_m REAL, nearest_code TEXT,"
                    " hamlets INTEGER, hamlets_located INTEGER,"
                    " hamlets_beyond INTEGER, hamlet_max_m REAL, unserved"
                    " INTEGER, PRIMARY KEY (unit_id, category)); DROP TABLE"
                    " IF EXISTS temp.coverage_works; CREATE TEMP TABLE"
                    " coverage_works (unit_id INTEGER, category TEXT, planned"
                    " INTEGER, building INTEGER, in_use INTEGER, works"
                    " INTEGER, allocated INTEGER, disbursed INTEGER, PRIMARY"
                    " KEY (unit_id, category))",
                    err) ||
        load_units(&r, sum, err) || count_works(&r, err))
        goto done;
    /* The categories with a rule (or those asked for), in the order the
     * tracker lists categories. */
    if (gis_db_prepare(db, &st,
                       "SELECT c.id FROM category c WHERE CASE WHEN ?1 IS"
                       " NULL THEN c.id IN (SELECT category_id FROM"
                       " coverage_rule) ELSE instr(',' || replace(?1, ' ',"
                       " '') || ',', ',' || c.id || ',') > 0 END ORDER BY"
                       " c.sort",
                       err))
        goto done;
    if (o->categories)
        sqlite3_bind_text(st, 1, o->categories, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        char cat[64];
        snprintf(cat, sizeof cat, "%s", sqlite3_column_text(st, 0));
        if (one_category(&r, cat, err))
            goto done;
    }
    if (step != SQLITE_DONE) {
        gis_error_set(err, "reading categories: %s",
                      sqlite3_errmsg(db->handle));
        goto done;
    }
    /* A distance for a category that was not run is a typo, not a no-op. */
    for (const char *p = o->max_km; p && *p;) {
        char cat[64];
        size_t len = strcspn(p, "=,");
        snprintf(cat, sizeof cat, "%.*s", (int)len, p);
        if (!gis_db_int(db, 0,
                        "SELECT count(*) FROM category c WHERE c.id = ?1 AND"
                        " CASE WHEN ?2 IS NULL THEN c.id IN (SELECT"
                        " category_id FROM coverage_rule) ELSE instr(',' ||"
                        " replace(?2, ' ', '') || ',', ',' || c.id || ',') >"
                        " 0 END",
                        cat, o->categories, NULL)) {
            gis_error_set(err,
                          "--max-km: '%s' is not a category of this run "
                          "(%s)",
                          cat,
                          o->categories ? o->categories
                                        : "the categories with a rule");
            goto done;
        }
        p += strcspn(p, ",");
        p += *p == ',';
    }
    sum->unserved = (int)gis_db_int(db, 0,
                                    "SELECT count(DISTINCT unit_id) FROM"
                                    " temp.coverage WHERE unserved",
                                    NULL);
    rc = 0;
done:
    sqlite3_finalize(st);
    free(r.units);
    return rc;
}

/* Number of unserved categories -> a colour ColorBrewer's RdYlGn would
 * give: green none, yellow one, orange two, red three or more. */
static const char fill_sql[] =
    "CASE min(unserved_count, 3) WHEN 0 THEN '#1a9850' WHEN 1 THEN"
    " '#fee08b' WHEN 2 THEN '#fc8d59' ELSE '#d73027' END";

int trk_coverage_geojson(gis_db *db, const char *path, long *count,
                         gis_error *err) {
    static const char *const bools[] = {"approximate", "partial", NULL};
    const char *lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=7",
                         "WRITE_NAME=YES",
                         "DESCRIPTION=Mức độ bao phủ công trình theo xã; ranh"
                         " giới gần đúng (approximate boundaries)",
                         NULL};
    gis_write_opts wo = {"GeoJSON", "coverage", lco, bools, "geom", NULL};
    sqlite3_stmt *st = NULL;
    char *sql, *p;
    size_t size = 8192;
    int rc = 1, step;

    if (!(sql = malloc(size))) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    p = sql + snprintf(sql, size,
                       "SELECT * , %s AS fill, 0.6 AS \"fill-opacity\","
                       " '#555555' AS stroke, 1 AS \"stroke-width\", 1 AS"
                       " \"stroke-opacity\", name || ': ' || CASE"
                       " unserved_count WHEN 0 THEN 'đủ công trình' ELSE"
                       " 'thiếu ' || unserved_vi END AS title FROM (SELECT"
                       " u.code, u.full_name AS name, u.boundary_source ="
                       " 'approximate' AS approximate, u.boundary_partial AS"
                       " partial, round(u.area_km2, 2) AS area_km2, (SELECT"
                       " sum(works) FROM temp.coverage c WHERE c.unit_id ="
                       " u.id) AS works, (SELECT sum(allocated_vnd) FROM"
                       " temp.coverage c WHERE c.unit_id = u.id) AS"
                       " allocated_vnd, (SELECT sum(disbursed_vnd) FROM"
                       " temp.coverage c WHERE c.unit_id = u.id) AS"
                       " disbursed_vnd, (SELECT count(*) FROM temp.coverage"
                       " c WHERE c.unit_id = u.id AND unserved) AS"
                       " unserved_count, (SELECT group_concat(category_vi,"
                       " ', ') FROM temp.coverage c WHERE c.unit_id = u.id"
                       " AND unserved) AS unserved_vi",
                       fill_sql);
    if (gis_db_prepare(db, &st,
                       "SELECT DISTINCT category FROM temp.coverage ORDER BY"
                       " rowid",
                       err))
        goto done;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        /* Category ids are the tracker's own identifiers. */
        const char *cat = (const char *)sqlite3_column_text(st, 0);
        size_t used = (size_t)(p - sql);
        if (used + 1024 > size) {
            char *grown = realloc(sql, size * 2);
            if (!grown) {
                gis_error_set(err, "out of memory");
                goto done;
            }
            sql = grown;
            p = sql + used;
            size *= 2;
        }
        p += snprintf(p, size - used,
                      ", (SELECT CASE WHEN unserved THEN 'unserved' WHEN"
                      " in_use > 0 THEN 'in_use' WHEN under_construction > 0"
                      " THEN 'under_construction' ELSE 'served_nearby' END"
                      " FROM temp.coverage c WHERE c.unit_id = u.id AND"
                      " c.category = '%s') AS \"%s_status\", (SELECT"
                      " round(centre_distance_m / 1000.0, 2) FROM"
                      " temp.coverage c WHERE c.unit_id = u.id AND c.category"
                      " = '%s') AS \"%s_km\"",
                      cat, cat, cat, cat);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (step != SQLITE_DONE) {
        gis_error_set(err, "no coverage to map: run the coverage first");
        goto done;
    }
    snprintf(p, size - (size_t)(p - sql),
             ", AsBinary(u.geom) AS geom FROM admin_unit u WHERE u.id IN"
             " (SELECT unit_id FROM temp.coverage) ORDER BY u.code)");
    if (gis_db_prepare(db, &st, sql, err))
        goto done;
    rc = gis_write_query(st, path, &wo, count, err);
done:
    sqlite3_finalize(st);
    free(sql);
    return rc;
}
