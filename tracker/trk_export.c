/*
 * trk_export.c: the SQL behind each exported layer.  Properties are what a
 * map of the programme needs: Vietnamese names, the 2022 unit and today's
 * commune, money as integer VND and as the plan writes it, and the
 * honesty flags (approximate polygons, illustrative works) on every
 * feature, since a feature may travel without its file.
 */
#include "trk_export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gis_writer.h"
#include "trk_flags.h"

#define UNIT_PROPS                                                             \
    " u.code, u.key, u.name, u.full_name, CASE u.kind WHEN 'xa' THEN 'xã'"    \
    " WHEN 'thi_tran' THEN 'thị trấn' ELSE 'phường' END AS kind_vi,"    \
    " u.valid_from, u.valid_to, u.area_km2,"                                   \
    " round(ST_Area(u.geom, 1) / 1e6, 2) AS polygon_km2, u.boundary_source,"   \
    " u.boundary_source <> 'official' AS approximate, u.boundary_partial AS"   \
    " partial, u.boundary_note,"                                               \
    " (SELECT count(*) FROM work_summary s WHERE s.unit_key = u.key OR"        \
    " s.unit_2022_code = u.code AND u.valid_from IS NULL) AS works,"

static const char units_2022_sql[] =
    "SELECT" UNIT_PROPS
    " u.atk, u.atk_basis, u.region, u.ntm_year, u.minority_area,"
    " cu.code AS commune_2025_code, cu.full_name AS commune_2025_name,"
    " AsBinary(u.geom) AS geom FROM admin_unit u"
    " LEFT JOIN unit_current uc ON uc.unit_id = u.id"
    " LEFT JOIN admin_unit cu ON cu.id = uc.current_unit_id"
    " WHERE (u.valid_from IS NULL OR u.valid_from <= '2022-10-11') AND"
    " (u.valid_to IS NULL OR u.valid_to > '2022-10-11') ORDER BY u.code";

static const char communes_2025_sql[] =
    "SELECT" UNIT_PROPS " u.seat, u.population,"
    " (SELECT group_concat(b.full_name, ', ') FROM unit_current x JOIN"
    " admin_unit b ON b.id = x.unit_id WHERE x.current_unit_id = u.id AND"
    " b.valid_from IS NULL) AS units_2022,"
    " AsBinary(u.geom) AS geom FROM admin_unit u WHERE u.valid_to IS NULL"
    " AND u.valid_from IS NOT NULL ORDER BY u.code";

#define WORK_PROPS                                                                   \
    "SELECT s.code, s.name, s.category, s.category_vi, s.sector,"                    \
    " s.work_type, s.status, s.status_vi, s.physical_pct, s.unit_code,"              \
    " s.unit_name, s.unit_2022_code, s.unit_2022_name, s.commune_2025_code,"         \
    " s.commune_2025_name, s.hamlet, s.investor, s.amount_vnd,"                      \
    " million_vi(s.amount_vnd) AS amount_million_vnd, s.budget_lines,"               \
    " s.precision_code, s.location_class, s.exactness, s.precision_vi,"              \
    " s.precision_code <> 1 AS approximate_location, s.illustrative,"                \
    " CASE WHEN s.illustrative THEN 'Minh họa: không phải công trình thật'" \
    " END AS data_note, s.amount_vnd AS allocated_vnd, x.disbursed_vnd,"             \
    " million_vi(x.disbursed_vnd) AS disbursed_million_vnd, (SELECT"                 \
    " sum(value_vnd) FROM contract c WHERE c.work_id = s.id AND c.status"            \
    " <> 'cancelled') AS contract_value_vnd, (SELECT"                                \
    " group_concat(c.contractor, '; ') FROM contract c WHERE c.work_id ="            \
    " s.id AND c.status <> 'cancelled') AS contractor, (SELECT"                      \
    " group_concat(c.code || ' ' || c.status, '; ') FROM contract c WHERE"           \
    " c.work_id = s.id) AS contract_status, (SELECT group_concat(f.flag,"            \
    " ',') FROM work_flag f WHERE f.work_id = s.id) AS flags, (SELECT"               \
    " group_concat(f.label_vi, '; ') FROM work_flag f WHERE f.work_id ="             \
    " s.id) AS flags_vi, (SELECT today FROM flags_day) AS flags_as_of,"

static const char points_sql[] =
    WORK_PROPS " AsBinary(w.point) AS geom FROM work_summary s JOIN work w"
               " ON w.id = s.id LEFT JOIN work_state x ON x.work_id = s.id"
               " WHERE NOT s.is_line ORDER BY s.code";

static const char lines_sql[] =
    WORK_PROPS " round(s.length_m, 1) AS length_m, AsBinary(l.geom) AS geom"
               " FROM work_summary s JOIN work_line l ON l.work_id = s.id"
               " LEFT JOIN work_state x ON x.work_id = s.id ORDER BY s.code";

const trk_export_layer trk_export_layers[4] = {
    {"units-2022.geojson", "units_2022",
     "Đơn vị hành chính cấp xã năm 2022 (ranh giới gần đúng)", units_2022_sql,
     "DESCRIPTION=Ranh giới gần đúng, không phải ranh giới chính thức "
     "(approximate boundaries, not official)"},
    {"communes-2025.geojson", "communes_2025",
     "Xã từ 01/7/2025 (ranh giới gần đúng)", communes_2025_sql,
     "DESCRIPTION=Ranh giới gần đúng, không phải ranh giới chính thức "
     "(approximate boundaries, not official)"},
    {"works-points.geojson", "works_points", "Công trình (điểm)", points_sql,
     "DESCRIPTION=Công trình có thuộc tính illustrative = true là dữ liệu "
     "minh họa"},
    {"works-lines.geojson", "works_lines", "Công trình dạng tuyến", lines_sql,
     "DESCRIPTION=Công trình có thuộc tính illustrative = true là dữ liệu "
     "minh họa"},
};

static const char *const bools[] = {"approximate", "partial", "illustrative",
                                    "approximate_location", NULL};

/* mkdir -p: each missing directory along dir. */
static int make_dirs(const char *dir) {
    char buf[4096], *p;
    snprintf(buf, sizeof buf, "%s", dir);
    for (p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return 1;
            *p = '/';
        }
    return mkdir(buf, 0777) != 0 && errno != EEXIST;
}

int trk_export_geojson(gis_db *db, const char *dir, trk_export_cb cb, void *ctx,
                       gis_error *err) {
    size_t i;
    char path[4096];

    /* Works carry their flags as of today ($TRACKER_TODAY in tests). */
    if (trk_flags_view(db, NULL, err))
        return 1;
    if (make_dirs(dir)) {
        gis_error_set(err, "cannot create directory '%s': %s", dir,
                      strerror(errno));
        return 1;
    }
    for (i = 0; i < sizeof trk_export_layers / sizeof trk_export_layers[0];
         i++) {
        const char *lco[] = {"RFC7946=YES", "COORDINATE_PRECISION=7",
                             "WRITE_NAME=YES", trk_export_layers[i].description,
                             NULL};
        gis_write_opts o = {
            "GeoJSON", trk_export_layers[i].name, lco, bools, "geom", NULL};
        sqlite3_stmt *st = NULL;
        long count;
        int rc;

        snprintf(path, sizeof path, "%s/%s", dir, trk_export_layers[i].file);
        if (gis_db_prepare(db, &st, trk_export_layers[i].sql, err))
            return 1;
        rc = gis_write_query(st, path, &o, &count, err);
        sqlite3_finalize(st);
        if (rc)
            return 1;
        if (cb)
            cb(path, trk_export_layers[i].title, count, ctx);
    }
    return 0;
}
