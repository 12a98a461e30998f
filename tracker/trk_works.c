/*
 * trk_works.c: validation and storage of works.  Messages name the value
 * and the field it came from, so a user can fix the input at once.
 */
#include "trk_works.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_coord.h"
#include "gis_geom.h"
#include "gis_text.h"
#include "trk_alloc.h"
#include "trk_category.h"
#include "trk_money.h"

static const char *const work_types[] = {
    "new", "upgrade", "repair", "maintenance", "existing", "unknown", NULL};
static const char *const statuses[] = {
    "identification", "preparation", "implementation",
    "completion",     "maintenance", "decommissioning",
    "decommissioned", "cancelled",   NULL};

static int in_list(const char *const *list, const char *v) {
    for (; *list; list++)
        if (!strcmp(*list, v))
            return 1;
    return 0;
}

int trk_unit_resolve(gis_db *db, const char *code, const char *as_of,
                     int64_t *unit_id, gis_error *err) {
    sqlite3_stmt *st = NULL;
    char list[512] = "";
    int n = 0;

    if (gis_db_prepare(db, &st,
                       "SELECT id, full_name, coalesce(valid_from, '…'),"
                       " coalesce(valid_to, 'now') FROM admin_unit WHERE"
                       " code = ?1 AND (?2 IS NULL OR ((valid_from IS NULL"
                       " OR valid_from <= ?2) AND (valid_to IS NULL OR"
                       " valid_to > ?2))) ORDER BY valid_from IS NOT NULL,"
                       " valid_from",
                       err))
        return 1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    if (as_of)
        sqlite3_bind_text(st, 2, as_of, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t len = strlen(list);
        *unit_id = sqlite3_column_int64(st, 0);
        snprintf(list + len, sizeof list - len, "%s%s (%s to %s)",
                 n ? ", " : "", sqlite3_column_text(st, 1),
                 sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
        n++;
    }
    sqlite3_finalize(st);
    if (n == 0) {
        if (as_of)
            gis_error_set(err, "unknown unit code '%s' on %s (field unit)",
                          code, as_of);
        else
            gis_error_set(err, "unknown unit code '%s' (field unit)", code);
        return 1;
    }
    if (n > 1) {
        gis_error_set(err,
                      "unit code '%s' is ambiguous: it named %s; give a "
                      "date (--as-of) to choose",
                      code, list);
        return 1;
    }
    return 0;
}

/* The unit in force on as_of containing a point; a point on a shared
 * edge goes to the first unit, so every point gets one. */
int64_t trk_unit_at(gis_db *db, double lon, double lat, const char *as_of) {
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    /* The R*Tree of admin_unit.geom directly: SpatiaLite's SpatialIndex
     * virtual table costs more than the test it saves, row after row. */
    if (gis_db_stmt(db, &st,
                    "SELECT id FROM admin_unit WHERE id IN (SELECT pkid FROM"
                    " idx_admin_unit_geom WHERE xmin <= ?1 AND xmax >= ?1 AND"
                    " ymin <= ?2 AND ymax >= ?2) AND (valid_from IS NULL OR"
                    " valid_from <= ?3) AND (valid_to IS NULL OR valid_to >"
                    " ?3) AND ST_Intersects(geom, MakePoint(?1, ?2, 4326))"
                    " ORDER BY id LIMIT 1",
                    NULL))
        return 0;
    sqlite3_bind_double(st, 1, lon);
    sqlite3_bind_double(st, 2, lat);
    sqlite3_bind_text(st, 3, as_of ? as_of : "2022-10-11", -1,
                      SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

int trk_units_index(gis_db *db, const char *as_of, gis_polyindex **out,
                    gis_error *err) {
    return gis_polyindex_load(
        out, db,
        "SELECT id, AsBinary(geom) FROM admin_unit WHERE (valid_from IS NULL"
        " OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to > ?1)",
        as_of ? as_of : "2022-10-11", err);
}

/* Distance in metres from a point to a polygon (0 inside): the district
 * outline when unit_id is 0, else that unit's polygon. */
static double outside_by(gis_db *db, int64_t unit_id, double lon, double lat) {
    sqlite3_stmt *st = NULL;
    double d = 0;
    if (gis_db_stmt(db, &st,
                    "SELECT ST_Distance(geom, MakePoint(?1, ?2, 4326), 1)"
                    " FROM (SELECT geom FROM outline WHERE key = 'base'"
                    " AND ?3 = 0 UNION ALL SELECT geom FROM admin_unit"
                    " WHERE id = ?3) WHERE geom IS NOT NULL AND NOT"
                    " ST_Intersects(geom, MakePoint(?1, ?2, 4326))",
                    NULL))
        return 0;
    sqlite3_bind_double(st, 1, lon);
    sqlite3_bind_double(st, 2, lat);
    sqlite3_bind_int64(st, 3, unit_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        d = sqlite3_column_double(st, 0);
    sqlite3_reset(st);
    return d;
}

int trk_check_lonlat(double lon, double lat, const char *field,
                     gis_error *err) {
    /* Vietnam lies at lon 102-110, lat 8-24: read the other way round
     * the numbers are a classic lat/lon swap. */
    if (gis_coord_in_vietnam(lat, lon)) {
        gis_error_set(err,
                      "%s: %.7g %.7g looks swapped: give longitude first "
                      "(e.g. 105.62 21.64)",
                      field, lon, lat);
        return 1;
    }
    if (!isfinite(lon) || !isfinite(lat) || lon < -180 || lon > 180 ||
        lat < -90 || lat > 90) {
        gis_error_set(err, "%s: %.7g %.7g is not a longitude and latitude",
                      field, lon, lat);
        return 1;
    }
    return 0;
}

int trk_check_point(gis_db *db, double lon, double lat, const char *field,
                    gis_error *err) {
    if (trk_check_lonlat(lon, lat, field, err))
        return 1;
    return trk_check_outside(outside_by(db, 0, lon, lat), lon, lat, field, err);
}

int trk_check_outside(double d, double lon, double lat, const char *field,
                      gis_error *err) {
    if (d > TRK_OUTLINE_TOLERANCE_M) {
        gis_error_set(err,
                      "%s: %.7g %.7g lies outside the district (%.1f km "
                      "from its approximate outline)",
                      field, lon, lat, d / 1000);
        return 1;
    }
    return 0;
}

/* Parses and checks a line; *mid receives its representative point. */
static int check_line(gis_db *db, const char *text, OGRGeometryH *out,
                      double *mid_lon, double *mid_lat, gis_error *err) {
    OGRGeometryH g = NULL, part, mid;
    OGRwkbGeometryType t;
    int i, j, nparts;

    if (gis_geom_parse(text, &g, err)) {
        gis_error_prefix(err, "line: ");
        return 1;
    }
    t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t != wkbLineString && t != wkbMultiLineString) {
        gis_error_set(err, "line: a %s is not a line",
                      OGR_G_GetGeometryName(g));
        goto fail;
    }
    if (t == wkbLineString)
        g = OGR_G_ForceToMultiLineString(g);
    nparts = OGR_G_GetGeometryCount(g);
    if (nparts == 0) {
        gis_error_set(err, "line: the line is empty");
        goto fail;
    }
    for (i = 0; i < nparts; i++) {
        part = OGR_G_GetGeometryRef(g, i);
        if (OGR_G_GetPointCount(part) < 2 || OGR_G_Length(part) == 0) {
            gis_error_set(err,
                          "line: '%.80s' has a part with fewer than two "
                          "distinct vertices; a line needs at least 2",
                          text);
            goto fail;
        }
        for (j = 0; j < OGR_G_GetPointCount(part); j++) {
            char field[48];
            snprintf(field, sizeof field, "line vertex %d", j + 1);
            if (trk_check_point(db, OGR_G_GetX(part, j), OGR_G_GetY(part, j),
                                field, err))
                goto fail;
        }
    }
    /* Half-way along the first part, so the point lies on the work. */
    part = OGR_G_GetGeometryRef(g, 0);
    mid = OGR_G_Value(part, OGR_G_Length(part) / 2);
    if (!mid) {
        gis_error_set(err, "line: cannot find a point on it");
        goto fail;
    }
    *mid_lon = OGR_G_GetX(mid, 0);
    *mid_lat = OGR_G_GetY(mid, 0);
    OGR_G_DestroyGeometry(mid);
    *out = g;
    return 0;
fail:
    OGR_G_DestroyGeometry(g);
    return 1;
}

static int exec_bound(gis_db *db, sqlite3_stmt *st, gis_error *err) {
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        gis_error_set(err, "database error: %s", sqlite3_errmsg(db->handle));
        return 1;
    }
    return 0;
}

/* A work's input, checked and resolved: exactly what gets written. */
typedef struct resolved {
    const trk_category *cat;
    int64_t unit_id, hamlet_id, existing_id;
    OGRGeometryH line; /* owned */
    double lon, lat;
    int located, precision, location_class, exactness;
    const char *location_source;
} resolved;

static void resolved_release(resolved *r) {
    if (r->line)
        OGR_G_DestroyGeometry(r->line);
    r->line = NULL;
}

/* Every check a work must pass, before anything is written.  existing_ok
 * says whether a work with the same code may exist (an update). */
static int resolve(gis_db *db, const trk_work_input *in, int existing_ok,
                   resolved *r, gis_error *err) {
    memset(r, 0, sizeof *r);
    r->lon = in->lon;
    r->lat = in->lat;
    r->precision = in->precision_code ? in->precision_code : 1;
    if (!in->code || !*in->code) {
        gis_error_set(err, "a work needs a code (field code)");
        return 1;
    }
    if (!in->name || !*in->name) {
        gis_error_set(err, "work '%s' needs a name (field name)", in->code);
        return 1;
    }
    if (!in->category || !(r->cat = trk_category_find(in->category))) {
        gis_error_set(err,
                      "unknown category '%s' (field category); see "
                      "'tracker add --help' for the list",
                      in->category ? in->category : "");
        return 1;
    }
    if (in->work_type && !in_list(work_types, in->work_type)) {
        gis_error_set(err,
                      "unknown work type '%s' (field type): one of new, "
                      "upgrade, repair, maintenance, existing, unknown",
                      in->work_type);
        return 1;
    }
    if (in->status && !in_list(statuses, in->status)) {
        gis_error_set(err,
                      "unknown status '%s' (field status): an OC4IDS "
                      "project status such as identification, preparation, "
                      "implementation, completion",
                      in->status);
        return 1;
    }
    if (r->precision < 1 || r->precision > 9) {
        gis_error_set(err, "precision %d is not an IATI precision code (1-9)",
                      r->precision);
        return 1;
    }
    r->existing_id =
        in->known_new ? 0
                      : gis_db_int(db, 0, "SELECT id FROM work WHERE code = ?1",
                                   in->code, NULL);
    if (r->existing_id && !existing_ok) {
        gis_error_set(err,
                      "duplicate work code '%s' (field code): a work "
                      "with this code exists",
                      in->code);
        return 1;
    }
    if (in->unit_id) {
        r->unit_id = in->unit_id;
    } else if (!in->unit_code || !*in->unit_code) {
        gis_error_set(err, "work '%s' needs a unit code (field unit)",
                      in->code);
        return 1;
    } else if (trk_unit_resolve(db, in->unit_code, in->as_of, &r->unit_id,
                                err)) {
        return 1;
    }
    if (in->has_point && in->line) {
        gis_error_set(err, "work '%s' has both a point and a line: give one",
                      in->code);
        return 1;
    }
    r->located = in->has_point || in->line;
    if (!r->located && !(in->place && *in->place)) {
        gis_error_set(err,
                      "work '%s' needs a point, a line or place text "
                      "(field place)",
                      in->code);
        return 1;
    }
    if (in->has_point &&
        (in->in_unit_polygon
             ? trk_check_lonlat(r->lon, r->lat, "point", err)
             : trk_check_point(db, r->lon, r->lat, "point", err)))
        return 1;
    if (in->line && check_line(db, in->line, &r->line, &r->lon, &r->lat, err))
        return 1;
    if (in->budget_line &&
        gis_db_int(db, 0,
                   "SELECT count(*) FROM budget_line WHERE id = ?1 AND"
                   " (central_vnd IS NOT NULL OR local_vnd IS NOT NULL)",
                   in->budget_line, NULL) == 0) {
        gis_error_set(err,
                      "unknown budget line '%s' (field budget-line); see "
                      "'tracker report budget' for the lines",
                      in->budget_line);
        goto fail;
    }
    if (in->total_investment_vnd < 0 ||
        in->total_investment_vnd > TRK_MONEY_MAX_VND) {
        gis_error_set(err, "total investment must be between 0 and 10^15 VND "
                           "(field total-investment)");
        goto fail;
    }
    if (in->budget_line && in->amount_vnd < 0) {
        gis_error_set(err, "amount must not be negative (field amount)");
        goto fail;
    }
    r->hamlet_id = in->hamlet_id;
    if (!r->hamlet_id && in->hamlet) {
        char key[256], uid[32];
        gis_text_key(in->hamlet, key, sizeof key);
        snprintf(uid, sizeof uid, "%lld", (long long)r->unit_id);
        r->hamlet_id = gis_db_int(db, 0,
                                  "SELECT id FROM hamlet WHERE unit_id = ?1"
                                  " AND name_key = ?2 ORDER BY status ="
                                  " 'current' DESC LIMIT 1",
                                  uid, key, NULL);
    }
    /* IATI: a unit-wide location is an administrative region (class 1);
     * anything nearer is a structure (3); only exact points are exact. */
    r->location_class = r->precision == 3 ? 1 : 3;
    r->exactness = r->precision == 1 ? 1 : 2;
    r->location_source = in->location_source ? in->location_source
                         : r->line           ? "line"
                                             : "point";
    return 0;
fail:
    resolved_release(r);
    return 1;
}

/* Binds ?1..?23, shared by the insert and the update of a work. */
static void bind_work(sqlite3_stmt *st, const trk_work_input *in,
                      const resolved *r) {
    sqlite3_bind_text(st, 1, in->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, in->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->cat->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, in->work_type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, r->unit_id);
    if (r->hamlet_id)
        sqlite3_bind_int64(st, 6, r->hamlet_id);
    sqlite3_bind_text(st, 7, in->place ? in->place : in->hamlet, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 8, in->investor, -1, SQLITE_STATIC);
    if (r->located) {
        sqlite3_bind_int(st, 9, r->precision);
        sqlite3_bind_int(st, 10, r->location_class);
        sqlite3_bind_int(st, 11, r->exactness);
        sqlite3_bind_text(st, 12, r->location_source, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(st, 13, in->illustrative);
    sqlite3_bind_text(st, 14, in->note, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 15, r->lon);
    sqlite3_bind_double(st, 16, r->lat);
    sqlite3_bind_int(st, 17, r->located);
    if (in->gps_accuracy_m > 0)
        sqlite3_bind_double(st, 18, in->gps_accuracy_m);
    sqlite3_bind_text(st, 19, in->location_note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 20, in->start_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 21, in->end_date, -1, SQLITE_STATIC);
    if (in->total_investment_vnd > 0)
        sqlite3_bind_int64(st, 22, in->total_investment_vnd);
    if (in->site_area_m2 > 0)
        sqlite3_bind_double(st, 23, in->site_area_m2);
}

static const char insert_sql[] =
    "INSERT INTO work (code, name, category_id, work_type, unit_id,"
    " hamlet_id, place_text, investor, precision_code, location_class,"
    " exactness, location_source, illustrative, note, point, gps_accuracy_m,"
    " location_note, start_date, end_date, total_investment_vnd,"
    " site_area_m2) VALUES (?1, ?2, ?3, coalesce(?4, 'unknown'), ?5, ?6, ?7, "
    "?8, ?9, ?10, ?11,"
    " ?12, ?13, ?14, CASE WHEN ?17 THEN MakePoint(?15, ?16, 4326) END, ?18,"
    " ?19, ?20, ?21, ?22, ?23)";

/* Writes only when something differs, so a repeated import changes
 * nothing (changes() tells).  What the input does not say (?4, ?7, ?8,
 * ?14, ?18, ?20-?23 NULL; ?17 0: no location of its own) is left as the
 * work has it: a file without an investor column does not empty the
 * investor, and a row that only names a place does not erase the point
 * `geocode --works` found.  A point within 1e-7 degrees (a centimetre: a
 * file's rounding, such as an export's) is the same point.  The location
 * note (which file and row) alone is no change: the same sheet saved
 * under another name is the same data. */
static const char update_sql[] =
    "UPDATE work SET name = ?2, category_id = ?3, work_type = coalesce(?4,"
    " work_type), unit_id = ?5, hamlet_id = coalesce(?6, hamlet_id),"
    " place_text = coalesce(?7, place_text), investor = coalesce(?8, "
    "investor), precision_code ="
    " CASE WHEN ?17 THEN ?9 ELSE precision_code END, location_class = CASE"
    " WHEN ?17 THEN ?10 ELSE location_class END, exactness = CASE WHEN ?17"
    " THEN ?11 ELSE exactness END, location_source = CASE WHEN ?17 THEN ?12"
    " ELSE location_source END, illustrative = ?13, note = coalesce(?14,"
    " note), point = CASE WHEN ?17 AND (point IS NULL OR abs(X(point) - ?15)"
    " > 1e-7 OR abs(Y(point) - ?16) > 1e-7) THEN MakePoint(?15, ?16, 4326)"
    " ELSE point END, gps_accuracy_m = coalesce(?18, gps_accuracy_m), "
    "location_note ="
    " CASE WHEN ?17 THEN ?19 ELSE location_note END, start_date ="
    " coalesce(?20, start_date), end_date = coalesce(?21, end_date),"
    " total_investment_vnd = coalesce(?22, total_investment_vnd),"
    " site_area_m2 = coalesce(?23, site_area_m2) WHERE code = ?1 AND (name"
    " IS NOT ?2 OR category_id IS NOT ?3 OR (?4 IS NOT NULL AND work_type IS"
    " NOT ?4) OR unit_id IS NOT ?5 OR (?6 IS NOT NULL AND hamlet_id IS NOT"
    " ?6) OR (?7 IS NOT NULL AND place_text IS NOT ?7) OR (?8 IS NOT NULL AND "
    "investor IS NOT"
    " ?8) OR illustrative IS NOT ?13 OR (?14 IS NOT NULL AND note IS NOT"
    " ?14) OR (?17 AND (precision_code IS NOT ?9 OR location_class IS NOT"
    " ?10 OR exactness IS NOT ?11 OR location_source IS NOT ?12 OR point IS"
    " NULL OR abs(X(point) - ?15) > 1e-7 OR abs(Y(point) - ?16) > 1e-7))"
    " OR (?18 IS NOT NULL AND"
    " gps_accuracy_m IS NOT ?18) OR (?20 IS NOT NULL AND start_date IS NOT"
    " ?20) OR (?21 IS NOT NULL AND end_date IS NOT ?21) OR (?22 IS NOT NULL"
    " AND total_investment_vnd IS NOT ?22) OR (?23 IS NOT NULL AND"
    " site_area_m2 IS NOT ?23))";

/* The line of a work: replaced when it differs. */
static int write_line(gis_db *db, int64_t work_id, const resolved *r,
                      int *changed, gis_error *err) {
    sqlite3_stmt *st = NULL;
    unsigned char *wkb = NULL;
    size_t len = 0;
    int rc = 1;

    /* A new work has no line to compare with or remove. */
    if (!r->existing_id && !r->line)
        return 0;
    if (r->line && gis_geom_wkb(r->line, &wkb, &len)) {
        gis_error_set(err, "line: cannot encode it");
        return 1;
    }
    if (!r->existing_id)
        goto insert;
    if (gis_db_stmt(db, &st,
                    "SELECT count(*) FROM work_line WHERE work_id = ?1 AND"
                    " AsBinary(geom) = ?2",
                    err))
        goto done;
    sqlite3_bind_int64(st, 1, work_id);
    if (wkb)
        sqlite3_bind_blob(st, 2, wkb, (int)len, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1) {
        rc = 0; /* the same line */
        goto done;
    }
    sqlite3_reset(st);
    st = NULL;
    if (gis_db_stmt(db, &st, "DELETE FROM work_line WHERE work_id = ?1", err))
        goto done;
    sqlite3_bind_int64(st, 1, work_id);
    if (exec_bound(db, st, err))
        goto done;
    *changed |= sqlite3_changes(db->handle) > 0;
    sqlite3_reset(st);
    st = NULL;
    if (!wkb) {
        rc = 0;
        goto done;
    }
insert:
    if (gis_db_stmt(db, &st,
                    "INSERT INTO work_line (work_id, length_m, geom) VALUES"
                    " (?1, ?2, GeomFromWKB(?3, 4326))",
                    err))
        goto done;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_double(st, 2, gis_geodesic_length_m(r->line));
    sqlite3_bind_blob(st, 3, wkb, (int)len, SQLITE_STATIC);
    if (exec_bound(db, st, err))
        goto done;
    *changed = 1;
    rc = 0;
done:
    sqlite3_reset(st);
    free(wkb);
    return rc;
}

/* Runs one of the allocation statements below, whose parameters are the
 * same: ?1 work, ?2 line, ?3 year (NULL: the plan's), ?4 amount, ?5
 * source. */
static int run_allocation(gis_db *db, const char *sql, int64_t work_id,
                          const trk_work_input *in, int *changed,
                          gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_stmt(db, &st, sql, err))
        return 1;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_text(st, 2, in->budget_line, -1, SQLITE_STATIC);
    if (in->year)
        sqlite3_bind_int(st, 3, in->year);
    sqlite3_bind_int64(st, 4, in->amount_vnd);
    sqlite3_bind_text(st, 5, in->funding_source, -1, SQLITE_STATIC);
    rc = exec_bound(db, st, err);
    *changed |= sqlite3_changes(db->handle) > 0;
    sqlite3_reset(st);
    return rc;
}

/* The unary '+' on budget_line_id in the statements below keeps SQLite
 * on allocation_work: left to itself it chose allocation_line (two
 * equality columns), which scans every allocation of the line, so a file
 * whose rows all fund one line imported in quadratic time. */
/* The allocation of the work's line, year and source (unknown when the
 * row gives none): its amount brought up to date, or added.  A row that
 * now names the source claims the work's allocation of unknown source
 * for that line and year (the same file, re-imported with a source
 * column), so nothing is counted twice.  Allocations of other sources,
 * such as those `tracker allocate` records, are left alone. */
static int write_allocation(gis_db *db, int64_t work_id,
                            const trk_work_input *in, int *changed,
                            gis_error *err) {
    if (!in->budget_line)
        return 0;
    if (!in->funding_source) {
        /* No source in the row, but the work has allocations of known
         * sources for the line and year: the row agrees with their total,
         * or it is a conflict the user must settle. */
        char year[8] = "", wid[24], known[32], asked[32];
        int64_t total;
        if (in->year)
            snprintf(year, sizeof year, "%d", in->year);
        snprintf(wid, sizeof wid, "%lld", (long long)work_id);
        total = gis_db_int(
            db, -1,
            "SELECT sum(amount_vnd) FROM allocation a WHERE"
            " a.work_id = ?1 AND +a.budget_line_id = ?2 AND"
            " a.funding_source <> 'unknown' AND a.year IS"
            " coalesce(CAST(nullif(?3, '') AS INTEGER), (SELECT"
            " p.year FROM budget_line b JOIN plan p ON p.id ="
            " b.plan_id WHERE b.id = ?2))",
            (snprintf(known, sizeof known, "%lld", (long long)work_id), known),
            in->budget_line, year, NULL);
        if (total == in->amount_vnd)
            return 0;
        if (total >= 0) {
            gis_error_set(err,
                          "amount: %s million VND for %s, but the work has "
                          "%s million VND of it by source: give the source "
                          "(Nguồn vốn) or use 'tracker allocate'",
                          trk_million_vi(in->amount_vnd, asked, sizeof asked),
                          in->budget_line,
                          trk_million_vi(total, known, sizeof known));
            return 1;
        }
    }
    return run_allocation(
               db,
               "WITH a(year) AS (SELECT coalesce(?3, (SELECT p.year FROM"
               " budget_line b JOIN plan p ON p.id = b.plan_id WHERE b.id ="
               " ?2))) UPDATE allocation SET amount_vnd = ?4,"
               " funding_source = coalesce(?5, 'unknown') WHERE id = (SELECT"
               " x.id FROM allocation x, a WHERE x.work_id = ?1 AND"
               " +x.budget_line_id = ?2 AND x.year IS a.year AND"
               " (x.funding_source = coalesce(?5, 'unknown') OR (?5 IS NOT"
               " NULL AND x.funding_source = 'unknown')) ORDER BY"
               " x.funding_source = 'unknown', x.id LIMIT 1) AND (amount_vnd"
               " IS NOT ?4 OR funding_source IS NOT coalesce(?5, 'unknown'))",
               work_id, in, changed, err) ||
           run_allocation(
               db,
               "WITH a(year) AS (SELECT coalesce(?3, (SELECT p.year FROM"
               " budget_line b JOIN plan p ON p.id = b.plan_id WHERE b.id ="
               " ?2))) INSERT INTO allocation (work_id, budget_line_id,"
               " year, funding_source, amount_vnd) SELECT ?1, ?2, a.year,"
               " coalesce(?5, 'unknown'), ?4 FROM a WHERE NOT EXISTS"
               " (SELECT 1 FROM allocation x WHERE x.work_id = ?1 AND"
               " +x.budget_line_id = ?2 AND x.year IS a.year AND"
               " x.funding_source = coalesce(?5, 'unknown'))",
               work_id, in, changed, err);
}

/* A progress event when the status given is not the work's current one:
 * events are appended, never rewritten. */
static int write_status(gis_db *db, int64_t work_id, const trk_work_input *in,
                        int *changed, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (!in->status)
        return 0;
    if (gis_db_stmt(db, &st,
                    "INSERT INTO progress_event (work_id, event_date, status,"
                    " note) SELECT ?1, coalesce(?2, date('now')), ?3, ?4 WHERE"
                    " (SELECT status FROM work_state WHERE work_id = ?1) IS NOT"
                    " ?3",
                    err))
        return 1;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_text(st, 2, in->status_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4,
                      in->location_source &&
                              !strncmp(in->location_source, "file", 4)
                          ? "imported"
                          : "recorded with the work",
                      -1, SQLITE_STATIC);
    rc = exec_bound(db, st, err);
    *changed |= sqlite3_changes(db->handle) > 0;
    sqlite3_reset(st);
    return rc;
}

/* Disbursed to date as a progress event when the work's latest figure
 * differs: a figure lower than one already reported is refused, as
 * `tracker progress` refuses it (a correction is the way down). */
static int write_disbursed(gis_db *db, int64_t work_id,
                           const trk_work_input *in, int *changed,
                           gis_error *err) {
    sqlite3_stmt *st = NULL;
    char wid[24], a[32], b[32];
    int64_t now;
    int rc;
    if (!in->has_disbursed)
        return 0;
    if (in->disbursed_vnd < 0 || in->disbursed_vnd > TRK_MONEY_MAX_VND) {
        gis_error_set(err, "disbursed: must be between 0 and 10^15 VND");
        return 1;
    }
    snprintf(wid, sizeof wid, "%lld", (long long)work_id);
    now = gis_db_int(db, -1,
                     "SELECT disbursed_vnd FROM work_state WHERE work_id = ?1",
                     wid, NULL);
    if (now == in->disbursed_vnd)
        return 0;
    if (now > in->disbursed_vnd) {
        gis_error_set(err,
                      "disbursed: %s million VND is less than the %s already "
                      "reported; a lower figure is a correction ('tracker "
                      "progress --correction')",
                      trk_million_vi(in->disbursed_vnd, a, sizeof a),
                      trk_million_vi(now, b, sizeof b));
        return 1;
    }
    if (gis_db_stmt(db, &st,
                    "INSERT INTO progress_event (work_id, event_date,"
                    " disbursed_vnd, note, reported_by) VALUES (?1,"
                    " coalesce(?2, date('now')), ?3, 'imported', ?4)",
                    err))
        return 1;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_text(st, 2, in->status_date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, in->disbursed_vnd);
    sqlite3_bind_text(st, 4, trk_recorder(NULL), -1, SQLITE_STATIC);
    rc = exec_bound(db, st, err);
    *changed = 1;
    sqlite3_reset(st);
    return rc;
}

/* The history triggers (work_change_log, allocation_change_log) read
 * who changes an existing work, and from what, from change_context; it
 * is emptied again before the transaction ends. */
static int set_change_context(gis_db *db, const trk_work_input *in,
                              gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_stmt(db, &st,
                    "INSERT OR REPLACE INTO change_context VALUES (1, ?1, ?2)",
                    err))
        return 1;
    sqlite3_bind_text(st, 1, in->change_source ? in->change_source : "tracker",
                      -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, trk_recorder(NULL), -1, SQLITE_STATIC);
    rc = exec_bound(db, st, err);
    sqlite3_reset(st);
    return rc;
}

static int clear_change_context(gis_db *db, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int rc;
    if (gis_db_stmt(db, &st, "DELETE FROM change_context", err))
        return 1;
    rc = exec_bound(db, st, err);
    sqlite3_reset(st);
    return rc;
}

/* Inserts (existing 0) or updates the work and everything that hangs on
 * it, in one savepoint unless the caller's transaction stands for it. */
static int write_work(gis_db *db, const trk_work_input *in, const resolved *r,
                      int *changed, gis_error *err) {
    sqlite3_stmt *st = NULL;
    int64_t work_id = r->existing_id;

    int own = !in->caller_rolls_back;

    resolved keep = *r;

    *changed = 0;
    if (work_id && in->location_is_guess && r->located && !r->line) {
        char wid[24], prec[8];
        snprintf(wid, sizeof wid, "%lld", (long long)work_id);
        snprintf(prec, sizeof prec, "%d", r->precision);
        keep.located = !gis_db_int(
            db, 0,
            "SELECT point IS NOT NULL AND (location_source IS NOT"
            " 'gazetteer' OR (precision_code IN (1, 2) AND CAST(?2 AS"
            " INTEGER) NOT IN (1, 2))) FROM work WHERE id = ?1",
            wid, prec, NULL);
    }
    if (own && gis_db_begin(db, err))
        return 1;
    if (work_id && set_change_context(db, in, err))
        goto fail;
    if (gis_db_stmt(db, &st, work_id ? update_sql : insert_sql, err))
        goto fail;
    bind_work(st, in, &keep);
    if (exec_bound(db, st, err))
        goto fail;
    *changed |= sqlite3_changes(db->handle) > 0;
    sqlite3_reset(st);
    st = NULL;
    if (!work_id)
        work_id = sqlite3_last_insert_rowid(db->handle);
    if (write_line(db, work_id, r, changed, err) ||
        write_allocation(db, work_id, in, changed, err) ||
        write_status(db, work_id, in, changed, err) ||
        write_disbursed(db, work_id, in, changed, err) ||
        (r->existing_id && clear_change_context(db, err)) ||
        (own && gis_db_commit(db, err)))
        goto fail;
    return 0;
fail:
    sqlite3_reset(st);
    if (own)
        gis_db_rollback(db);
    return 1;
}

int trk_work_add(gis_db *db, const trk_work_input *in, char *warn,
                 size_t warnsize, gis_error *err) {
    resolved r;
    double outside;
    int changed;

    if (warn && warnsize)
        warn[0] = '\0';
    if (resolve(db, in, 0, &r, err))
        return 1;
    if (write_work(db, in, &r, &changed, err)) {
        resolved_release(&r);
        return 1;
    }
    resolved_release(&r);
    if (!r.located) {
        if (warn)
            snprintf(warn, warnsize,
                     "work '%s' has no location yet: 'tracker geocode "
                     "--works' locates it from its place text",
                     in->code);
        return 0;
    }
    /* Unit polygons are approximate: a point outside its own unit is
     * worth a look, not a refusal. */
    outside = outside_by(db, r.unit_id, r.lon, r.lat);
    if (outside > 0 && warn)
        snprintf(warn, warnsize,
                 "work '%s' lies %.1f km outside the polygon of its unit "
                 "(approximate polygons can be off near their edges)",
                 in->code, outside / 1000);
    return 0;
}

int trk_work_update(gis_db *db, const trk_work_input *in, int *changed,
                    gis_error *err) {
    resolved r;
    int rc;
    *changed = 0;
    if (resolve(db, in, 1, &r, err))
        return 1;
    rc = write_work(db, in, &r, changed, err);
    if (rc == 0 && !r.existing_id)
        *changed = TRK_WORK_ADDED;
    resolved_release(&r);
    return rc;
}

double trk_work_outside_m(gis_db *db, int64_t unit_id, double lon, double lat) {
    return outside_by(db, unit_id, lon, lat);
}
