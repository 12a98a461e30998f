/*
 * trk_oc4ids.c: the works as an OC4IDS 0.9.5 project package.
 *
 * One project per work.  The schema (draft-04, tests/fixtures/oc4ids-
 * 0.9.5) is the authority: only fields it defines are written, and a fact
 * the database does not hold is left out, never made up.  Most arrays and
 * objects of the schema have minItems/minProperties 1, so an empty one is
 * omitted rather than written empty.
 *
 *   id                  TRK_OC4IDS_PREFIX + work.code
 *   identifiers         work.code
 *   title               work.name (Vietnamese)
 *   description         category, type of work, unit; "ILLUSTRATIVE" first
 *                       for sample works (work.illustrative = 1)
 *   status              work_state.status (already projectStatus codes)
 *   type                work.work_type: new -> construction; upgrade,
 *                       repair, maintenance -> rehabilitation (all work on
 *                       an asset that stays, which is what projectType
 *                       calls rehabilitation; replacement and expansion
 *                       would claim more than the data says); existing and
 *                       unknown -> omitted (an existing facility recorded
 *                       for coverage is no project of any type)
 *   sector              category.oc4ids_sector, with its parent code
 *                       ("transport" for "transport.road") as the schema
 *                       asks
 *   period              work.start_date .. work.end_date (planned)
 *   locations[0]        the line (LineString) or the point, lon/lat; the
 *                       gazetteer is the official code of the unit (scheme
 *                       VN-DVHC: locationGazetteers is an open codelist and
 *                       none of its entries codes Vietnamese communes); the
 *                       description names the unit, today's commune and
 *                       whether the point is approximate (IATI precision
 *                       other than 1)
 *   budget              sum of allocation.amount_vnd; a breakdown per
 *                       budget line, funding source, capital type and year,
 *                       approved on the plan's date, from the plan's issuer
 *   parties             work.investor (publicAuthority, buyer,
 *                       procuringEntity), the plan's issuer (funder), each
 *                       contractor (supplier; identifier scheme VN-MST when
 *                       contract.contractor_tax_code is a tax code)
 *   contractingProcesses one per contract: status pending -> pre-award,
 *                       active -> active, cancelled/terminated -> closed;
 *                       method open/limited/direct as is, community ->
 *                       direct with its details, other -> details only;
 *                       purpose design/construction/supervision -> nature
 *   metrics             physicalProgress (progress_event.physical_pct) and
 *                       financialProgress (disbursed_vnd, cumulative)
 *   transactions        the increase of disbursed_vnd over the event
 *                       before (negative after a correction downwards)
 *   milestones          each change of status in the events, met that day
 *   completion.endDate  the day the work last reached completion, when its
 *                       status is completion or a later phase
 *
 * Dates in the database are Vietnamese calendar days; the schema wants
 * date-times: the start of the day at +07:00, or its last second for the
 * end of a period.  Unit names are written with "huyện Đại Từ, tỉnh Thái
 * Nguyên" while they belonged to a district (district_code set).
 */
#include "trk_oc4ids.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trk_contract.h"
#include "trk_parse.h"

#define PUBLISHER "Đại Từ works tracker"
#define DISTRICT "huyện Đại Từ"
#define PROVINCE "tỉnh Thái Nguyên"
#define DAY_START "T00:00:00+07:00"
#define DAY_END "T23:59:59+07:00"

/* Every work with what its project says about it, through work_summary
 * like every other report.  A line with one part is written as the
 * LineString it is. */
static const char works_sql[] =
    "SELECT s.id, s.code, s.name, s.category_vi, c.label_en, s.sector,"
    " s.work_type, s.unit_code, s.unit_name, u.valid_from, u.valid_to,"
    " u.district_code, s.commune_2025_code, s.commune_2025_name, s.hamlet,"
    " s.place_text, s.investor, s.status, s.precision_code, s.start_date,"
    " s.end_date, s.illustrative,"
    " CASE WHEN l.geom IS NULL THEN AsGeoJSON(w.point, 7)"
    " WHEN NumGeometries(l.geom) = 1 THEN AsGeoJSON(GeometryN(l.geom, 1), 7)"
    " ELSE AsGeoJSON(l.geom, 7) END"
    " FROM work_summary s JOIN work w ON w.id = s.id"
    " JOIN category c ON c.id = s.category"
    " JOIN admin_unit u ON u.key = s.unit_key"
    " LEFT JOIN work_line l ON l.work_id = s.id ORDER BY s.code";

/* The columns of works_sql. */
enum {
    W_ID,
    W_CODE,
    W_NAME,
    W_CATEGORY_VI,
    W_CATEGORY_EN,
    W_SECTOR,
    W_TYPE,
    W_UNIT_CODE,
    W_UNIT_NAME,
    W_UNIT_FROM,
    W_UNIT_TO,
    W_DISTRICT,
    W_COMMUNE_CODE,
    W_COMMUNE_NAME,
    W_HAMLET,
    W_PLACE,
    W_INVESTOR,
    W_STATUS,
    W_PRECISION,
    W_START,
    W_END,
    W_ILLUSTRATIVE,
    W_GEOMETRY
};

/* Allocations summed per line, source, capital type and year; the line is
 * named with its parent ("Dự án 4, Tiểu dự án 1") below the programme. */
static const char allocations_sql[] =
    "SELECT a.budget_line_id, coalesce(p.number || ', ', '') ||"
    " coalesce(b.number, ''), b.title, a.funding_source, a.capital_type,"
    " a.year, sum(a.amount_vnd), pl.number, pl.issued_on, pl.issuer"
    " FROM allocation a JOIN budget_line b ON b.id = a.budget_line_id"
    " LEFT JOIN budget_line p ON p.id = b.parent_id AND p.level <>"
    " 'programme' JOIN plan pl ON pl.id = b.plan_id WHERE a.work_id = ?1"
    " GROUP BY a.budget_line_id, a.funding_source, a.capital_type, a.year"
    " ORDER BY a.year, b.sort, a.funding_source, a.capital_type";

static const char contracts_sql[] =
    "SELECT id, code, title, contractor, contractor_tax_code, method,"
    " value_vnd, signed_on, due_on, status, purpose FROM contract"
    " WHERE work_id = ?1 ORDER BY signed_on IS NULL, signed_on, id";

/* In the order work_state reads them (its latest is our last). */
static const char events_sql[] =
    "SELECT id, event_date, status, physical_pct, disbursed_vnd, note,"
    " correction FROM progress_event WHERE work_id = ?1"
    " ORDER BY event_date, id";

/* A build in progress: json-c returns NULL when memory runs out, and one
 * flag checked at the end is clearer than a test after every node. */
typedef struct builder {
    int oom;
} builder;

static const char *col(sqlite3_stmt *st, int i) {
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s && *s ? s : NULL;
}

/* Adds v (taking it) under key in o. */
static void put(builder *b, json_object *o, const char *key, json_object *v) {
    if (!v || !o || json_object_object_add(o, key, v)) {
        json_object_put(v);
        b->oom = 1;
    }
}

/* Appends v (taking it) to the array a. */
static void push(builder *b, json_object *a, json_object *v) {
    if (!v || !a || json_object_array_add(a, v)) {
        json_object_put(v);
        b->oom = 1;
    }
}

static json_object *str(builder *b, const char *s) {
    json_object *o = json_object_new_string(s);
    if (!o)
        b->oom = 1;
    return o;
}

/* Adds the text s under key unless it is NULL. */
static void put_text(builder *b, json_object *o, const char *key,
                     const char *s) {
    if (s)
        put(b, o, key, str(b, s));
}

/* Adds a non-empty array under key, else drops it: the schema's arrays
 * want at least one item. */
static void put_array(builder *b, json_object *o, const char *key,
                      json_object *a) {
    if (a && json_object_array_length(a) == 0)
        json_object_put(a);
    else
        put(b, o, key, a);
}

/* A number written with at most decimals decimals, trailing zeros cut:
 * json-c would print a double's 17 digits. */
static json_object *number(builder *b, double v, int decimals) {
    char text[64], *end;
    json_object *o;
    snprintf(text, sizeof text, "%.*f", decimals, v);
    if (strchr(text, '.')) {
        end = text + strlen(text) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
    }
    if (!strcmp(text, "-0"))
        strcpy(text, "0");
    if (!(o = json_object_new_double_s(v, text)))
        b->oom = 1;
    return o;
}

/* {"amount": vnd, "currency": "VND"}: integer đồng, as stored. */
static json_object *vnd(builder *b, int64_t amount) {
    json_object *o = json_object_new_object();
    put(b, o, "amount", json_object_new_int64(amount));
    put(b, o, "currency", str(b, "VND"));
    return o;
}

/* A calendar day of the database as the date-time the schema wants (its
 * start, or its last second for the end of a period), or NULL (and no
 * field) when the text is no date. */
static json_object *day_at(builder *b, const char *iso, const char *time) {
    char d[11], text[40];
    if (!iso || trk_parse_date(iso, d, NULL, 0))
        return NULL;
    snprintf(text, sizeof text, "%s%s", d, time);
    return str(b, text);
}

static json_object *day(builder *b, const char *iso) {
    return day_at(b, iso, DAY_START);
}

static void put_day(builder *b, json_object *o, const char *key,
                    const char *iso) {
    json_object *v = day(b, iso);
    if (v)
        put(b, o, key, v);
}

/* A Period from its first to its last day, or NULL when neither is
 * known. */
static json_object *period(builder *b, const char *start, const char *end) {
    json_object *o = json_object_new_object(), *v;
    put_day(b, o, "startDate", start);
    if ((v = day_at(b, end, DAY_END)))
        put(b, o, "endDate", v);
    if (o && json_object_object_length(o) == 0) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

static void put_period(builder *b, json_object *o, const char *key,
                       const char *start, const char *end) {
    json_object *p = period(b, start, end);
    if (p)
        put(b, o, key, p);
}

/* Growing text for descriptions. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(builder *b, text *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(builder *b, text *t, const char *fmt, ...) {
    va_list ap;
    int n;
    char *grown;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->len + (size_t)n + 1) * 2;
        if (!(grown = realloc(t->s, cap))) {
            b->oom = 1;
            return;
        }
        t->s = grown;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* The text as a JSON string; the text is emptied. */
static json_object *take(builder *b, text *t) {
    json_object *o = str(b, t->s ? t->s : "");
    free(t->s);
    t->s = NULL;
    t->len = t->cap = 0;
    return o;
}

/* "2022-10-11" as Vietnamese write it, "11/10/2022"; other text as is. */
static const char *vi_day(const char *iso, char out[11]) {
    char d[11];
    if (!iso || trk_parse_date(iso, d, NULL, 0))
        return iso ? iso : "?";
    snprintf(out, 11, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
    return out;
}

typedef struct pair {
    const char *key, *value;
} pair;

static const char *lookup(const pair *table, const char *key) {
    for (; key && table->key; table++)
        if (!strcmp(table->key, key))
            return table->value;
    return NULL;
}

static const pair project_types[] = {{"new", "construction"},
                                     {"upgrade", "rehabilitation"},
                                     {"repair", "rehabilitation"},
                                     {"maintenance", "rehabilitation"},
                                     {NULL, NULL}};

static const pair work_types_vi[] = {
    {"new", "Xây mới (new construction)"},
    {"upgrade", "Nâng cấp, cải tạo (upgrade)"},
    {"repair", "Sửa chữa (repair)"},
    {"maintenance", "Duy tu, bảo dưỡng (maintenance)"},
    {"existing", "Công trình có sẵn trước Chương trình, ghi lại để đánh giá"
                 " độ bao phủ (existing facility recorded for coverage, not"
                 " a programme investment)"},
    {NULL, NULL}};

/* IATI geographical precision, as the location's description says it. */
static const char *const precision_text[10] = {
    NULL,
    "Vị trí chính xác (exact location: GPS or survey)",
    "Vị trí gần đúng: gần thôn, xóm hoặc địa điểm có tên (APPROXIMATE"
    " location: near a hamlet or named place, IATI precision 2)",
    "Vị trí gần đúng: chỉ biết xã, điểm đại diện của xã (APPROXIMATE"
    " location: the commune only, a representative point, IATI precision"
    " 3)",
    "Vị trí gần đúng: chỉ biết tỉnh (APPROXIMATE location: the province"
    " only, IATI precision 4)",
    "Vị trí ước lượng (APPROXIMATE location: estimated, IATI precision 5)",
    "Vị trí gần đúng: chỉ biết quốc gia (APPROXIMATE location: the country"
    " only, IATI precision 6)",
    "Vị trí chưa rõ (APPROXIMATE location: unclear, IATI precision 7)",
    "Vị trí gần đúng: trụ sở UBND xã (APPROXIMATE location: the seat of the"
    " commune People's Committee, IATI precision 8)",
    "Vị trí chưa rõ (APPROXIMATE location: unclear, IATI precision 9)"};

static const pair sources_vi[] = {
    {"central", "ngân sách trung ương (central budget)"},
    {"local", "ngân sách địa phương (local budget)"},
    {"other", "nguồn khác (other source)"},
    {NULL, NULL}};

static const pair capital_vi[] = {
    {"investment", "vốn đầu tư phát triển (investment capital)"},
    {"recurrent", "vốn sự nghiệp (recurrent capital)"},
    {NULL, NULL}};

/* OCDS contract status -> contractingProcessStatus, by the codelist's
 * business logic: pending contracts only -> pre-award; an active
 * contract -> active; cancelled or terminated contracts -> closed. */
static const pair process_status[] = {{"pending", "pre-award"},
                                      {"active", "active"},
                                      {"cancelled", "closed"},
                                      {"terminated", "closed"},
                                      {NULL, NULL}};

static const pair contract_status_vi[] = {
    {"pending", "chưa có hiệu lực (pending)"},
    {"active", "đang thực hiện (active)"},
    {"cancelled", "đã hủy (cancelled)"},
    {"terminated", "đã kết thúc (terminated)"},
    {NULL, NULL}};

/* contract.method -> the closed method codelist.  Đấu thầu hạn chế is
 * "limited": the procuring entity invites the contractors it chooses.  A
 * community-implemented work (Nghị định 27/2022/NĐ-CP) is given to the
 * community without competition: direct, with the details saying so.
 * "other" has no code: the details alone. */
static const pair methods[] = {{"open", "open"},
                               {"limited", "limited"},
                               {"direct", "direct"},
                               {"community", "direct"},
                               {NULL, NULL}};

static const pair method_details[] = {
    {"open", "open bidding (đấu thầu rộng rãi)"},
    {"limited", "limited bidding (đấu thầu hạn chế)"},
    {"direct", "direct appointment (chỉ định thầu)"},
    {"community", "community-implemented (cộng đồng thực hiện)"},
    {"other", "other (hình thức khác)"},
    {NULL, NULL}};

static const pair purposes_vi[] = {
    {"design", "tư vấn thiết kế (design)"},
    {"construction", "thi công xây dựng (construction)"},
    {"supervision", "tư vấn giám sát (supervision)"},
    {"goods", "mua sắm hàng hóa (goods)"},
    {"other", "khác (other)"},
    {NULL, NULL}};

/* A status event as a milestone type: phases before procurement are
 * preProcurement; the phases of building and running the asset are
 * delivery; a cancellation is a decision (approval). */
static const pair milestone_types[] = {{"identification", "preProcurement"},
                                       {"preparation", "preProcurement"},
                                       {"implementation", "delivery"},
                                       {"completion", "delivery"},
                                       {"maintenance", "delivery"},
                                       {"decommissioning", "delivery"},
                                       {"decommissioned", "delivery"},
                                       {"cancelled", "approval"},
                                       {NULL, NULL}};

/* The party with this id, or with this name when it has no identifier
 * (an investor that also issued the plan is one party with two roles),
 * made when missing (id NULL: "party-N"); role is added to its roles.
 * Returns the party, owned by parties. */
static json_object *party(builder *b, json_object *parties, const char *id,
                          const char *name, const char *mst, const char *role) {
    json_object *p = NULL, *v, *roles, *ident;
    size_t i, n = json_object_array_length(parties);
    char made[32];

    for (i = 0; i < n && !p; i++) {
        json_object *q = json_object_array_get_idx(parties, i);
        if (id && json_object_object_get_ex(q, "id", &v) &&
            !strcmp(json_object_get_string(v), id))
            p = q;
        else if (!mst && !json_object_object_get_ex(q, "identifier", NULL) &&
                 json_object_object_get_ex(q, "name", &v) &&
                 !strcmp(json_object_get_string(v), name))
            p = q;
    }
    if (!p) {
        if (!id) {
            snprintf(made, sizeof made, "party-%zu", n + 1);
            id = made;
        }
        if (!(p = json_object_new_object())) {
            b->oom = 1;
            return NULL;
        }
        put(b, p, "id", str(b, id));
        put(b, p, "name", str(b, name));
        if (mst) {
            ident = json_object_new_object();
            put(b, ident, "scheme", str(b, "VN-MST"));
            put(b, ident, "id", str(b, mst));
            put(b, ident, "legalName", str(b, name));
            put(b, p, "identifier", ident);
        }
        put(b, p, "roles", json_object_new_array());
        push(b, parties, p);
        if (b->oom)
            return NULL;
    }
    if (!json_object_object_get_ex(p, "roles", &roles))
        return p;
    for (i = 0; i < json_object_array_length(roles); i++)
        if (!strcmp(json_object_get_string(json_object_array_get_idx(roles, i)),
                    role))
            return p;
    push(b, roles, str(b, role));
    return p;
}

/* An OrganizationReference to a party: its id and name. */
static json_object *ref(builder *b, json_object *p) {
    json_object *o = json_object_new_object(), *v;
    if (p && json_object_object_get_ex(p, "id", &v))
        put(b, o, "id", json_object_get(v));
    if (p && json_object_object_get_ex(p, "name", &v))
        put(b, o, "name", json_object_get(v));
    return o;
}

static int step_error(gis_db *db, const char *what, const char *code,
                      gis_error *err) {
    gis_error_set(err, "reading the %s of work '%s': %s", what, code,
                  sqlite3_errmsg(db->handle));
    return 1;
}

/* The work's location: its geometry, its unit in a gazetteer and in an
 * address, and in words, with how exact the point is. */
static json_object *location(builder *b, sqlite3_stmt *w) {
    json_object *loc = json_object_new_object(), *g, *gaz, *ids, *addr;
    const char *unit = col(w, W_UNIT_NAME), *code = col(w, W_UNIT_CODE);
    const char *hamlet = col(w, W_HAMLET), *place = col(w, W_PLACE);
    const char *geometry = col(w, W_GEOMETRY);
    const char *commune = col(w, W_COMMUNE_NAME);
    const char *commune_code = col(w, W_COMMUNE_CODE);
    char vi[11];
    int in_district = col(w, W_DISTRICT) != NULL;
    int precision = sqlite3_column_type(w, W_PRECISION) == SQLITE_NULL
                        ? 0
                        : sqlite3_column_int(w, W_PRECISION);
    text t = {0};

    put(b, loc, "id", str(b, "1"));
    add(b, &t, "%s", unit);
    if (in_district)
        add(b, &t, ", " DISTRICT);
    /* Codes are reused: the period says which unit the code means. */
    add(b, &t, ", " PROVINCE " (mã ĐVHC %s", code);
    if (col(w, W_UNIT_FROM))
        add(b, &t, ", hiệu lực từ %s", vi_day(col(w, W_UNIT_FROM), vi));
    if (col(w, W_UNIT_TO))
        add(b, &t, ", hiệu lực đến %s", vi_day(col(w, W_UNIT_TO), vi));
    add(b, &t, ")");
    if (commune && col(w, W_UNIT_TO))
        add(b, &t, "; nay thuộc %s (mã ĐVHC %s)", commune,
            commune_code ? commune_code : "?");
    if (hamlet)
        add(b, &t, "; thôn, xóm %s", hamlet);
    if (place && (!hamlet || strcmp(place, hamlet)))
        add(b, &t, "; %s", place);
    if (!geometry)
        add(b, &t, ". Chưa có tọa độ (not yet located)");
    else if (precision >= 1 && precision <= 9)
        add(b, &t, ". %s", precision_text[precision]);
    else
        add(b, &t,
            ". Độ chính xác vị trí chưa ghi (APPROXIMATE location:"
            " precision not recorded)");
    put(b, loc, "description", take(b, &t));

    if (geometry) {
        if (!(g = json_tokener_parse(geometry)))
            b->oom = 1; /* SpatiaLite's own JSON: only memory can fail */
        put(b, loc, "geometry", g);
    }

    gaz = json_object_new_object();
    put(b, gaz, "scheme", str(b, "VN-DVHC"));
    ids = json_object_new_array();
    push(b, ids, str(b, code));
    put(b, gaz, "identifiers", ids);
    put(b, loc, "gazetteer", gaz);

    addr = json_object_new_object();
    put_text(b, addr, "streetAddress", place ? place : hamlet);
    put_text(b, addr, "locality", unit);
    put_text(b, addr, "region",
             in_district ? DISTRICT ", " PROVINCE : PROVINCE);
    put_text(b, addr, "countryName", "Việt Nam");
    put(b, loc, "address", addr);
    return loc;
}

/* budget (sum and breakdown) from the work's allocations; nothing when it
 * has none (an existing facility, a work not funded yet). */
static int budget(builder *b, gis_db *db, sqlite3_stmt *w, json_object *proj,
                  json_object *parties, int64_t *total, gis_error *err) {
    sqlite3_stmt *st;
    json_object *bud, *groups, *group, *lines, *line, *issuer;
    int rc, n = 0;
    char id[256], vi[11];
    text t = {0};

    *total = 0;
    if (gis_db_stmt(db, &st, allocations_sql, err))
        return 1;
    sqlite3_bind_int64(st, 1, sqlite3_column_int64(w, W_ID));
    lines = json_object_new_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line_id = col(st, 0), *number = col(st, 1);
        const char *title = col(st, 2), *source = col(st, 3);
        const char *capital = col(st, 4), *year = col(st, 5);
        int64_t amount = sqlite3_column_int64(st, 6);

        if (__builtin_add_overflow(*total, amount, total)) {
            sqlite3_reset(st);
            json_object_put(lines);
            gis_error_set(err, "the allocations of work '%s' overflow",
                          col(w, W_CODE));
            return 1;
        }
        n++;
        line = json_object_new_object();
        snprintf(id, sizeof id, "%s/%s/%s/%s", line_id, source, capital,
                 year ? year : "any-year");
        put(b, line, "id", str(b, id));
        add(b, &t, "%s", line_id);
        if (number)
            add(b, &t, " %s", number);
        if (title)
            add(b, &t, ": %s", title);
        add(b, &t, "; %s",
            lookup(sources_vi, source)
                ? lookup(sources_vi, source)
                : "nguồn vốn chưa ghi (funding source not recorded)");
        if (lookup(capital_vi, capital))
            add(b, &t, "; %s", lookup(capital_vi, capital));
        add(b, &t, "; Kế hoạch %s", col(st, 7));
        if (col(st, 8))
            add(b, &t, " ngày %s", vi_day(col(st, 8), vi));
        if (col(st, 9))
            add(b, &t, " của %s", col(st, 9));
        put(b, line, "description", take(b, &t));
        put(b, line, "amount", vnd(b, amount));
        if (year) {
            char start[11], end[11];
            snprintf(start, sizeof start, "%.4s-01-01", year);
            snprintf(end, sizeof end, "%.4s-12-31", year);
            put_period(b, line, "period", start, end);
        }
        if (col(st, 9) &&
            (issuer = party(b, parties, NULL, col(st, 9), NULL, "funder")))
            put(b, line, "sourceParty", ref(b, issuer));
        put_day(b, line, "approvalDate", col(st, 8));
        push(b, lines, line);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_object_put(lines);
        return step_error(db, "allocations", col(w, W_CODE), err);
    }
    if (n == 0) {
        json_object_put(lines);
        return 0;
    }
    bud = json_object_new_object();
    put(b, bud, "description",
        str(b, "Vốn phân bổ cho công trình theo kế hoạch vốn (money"
               " allocated to the work by the plan's budget lines)"));
    put(b, bud, "amount", vnd(b, *total));
    group = json_object_new_object();
    put(b, group, "id", str(b, "allocations"));
    put(b, group, "description",
        str(b, "Theo dòng ngân sách, nguồn vốn, loại vốn và năm (by budget"
               " line, funding source, capital type and year)"));
    put(b, group, "budgetBreakdown", lines);
    groups = json_object_new_array();
    push(b, groups, group);
    put(b, bud, "budgetBreakdowns", groups);
    put(b, proj, "budget", bud);
    return 0;
}

/* One contracting process per contract, its contractor a supplier. */
static int contracts(builder *b, gis_db *db, sqlite3_stmt *w, json_object *proj,
                     json_object *parties, json_object *investor,
                     gis_error *err) {
    sqlite3_stmt *st;
    json_object *list = json_object_new_array();
    int rc;
    char id[64], mst[15], party_id[32];
    text t = {0};

    if (gis_db_stmt(db, &st, contracts_sql, err)) {
        json_object_put(list);
        return 1;
    }
    sqlite3_bind_int64(st, 1, sqlite3_column_int64(w, W_ID));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = col(st, 1), *title = col(st, 2);
        const char *contractor = col(st, 3), *method = col(st, 5);
        const char *status = col(st, 9), *purpose = col(st, 10);
        int has_mst = !trk_mst_written(col(st, 4), mst);
        json_object *cp = json_object_new_object(), *sum, *tender, *sup, *nat;

        snprintf(id, sizeof id, "contract-%lld",
                 (long long)sqlite3_column_int64(st, 0));
        put(b, cp, "id", str(b, code ? code : id));
        sum = json_object_new_object();
        put_text(b, sum, "externalReference", code);
        if (purpose &&
            (!strcmp(purpose, "design") || !strcmp(purpose, "construction") ||
             !strcmp(purpose, "supervision"))) {
            nat = json_object_new_array();
            push(b, nat, str(b, purpose));
            put(b, sum, "nature", nat);
        }
        if (title)
            add(b, &t, "%s. ", title);
        add(b, &t, "Hợp đồng %s; %s",
            lookup(purposes_vi, purpose) ? lookup(purposes_vi, purpose)
                                         : "(purpose not recorded)",
            lookup(contract_status_vi, status)
                ? lookup(contract_status_vi, status)
                : "(status not recorded)");
        put(b, sum, "description", take(b, &t));
        put_text(b, sum, "status", lookup(process_status, status));
        tender = json_object_new_object();
        put_text(b, tender, "procurementMethod", lookup(methods, method));
        put_text(b, tender, "procurementMethodDetails",
                 lookup(method_details, method));
        if (investor)
            put(b, tender, "procuringEntity", ref(b, investor));
        if (tender && json_object_object_length(tender))
            put(b, sum, "tender", tender);
        else
            json_object_put(tender);
        if (contractor) {
            if (has_mst)
                snprintf(party_id, sizeof party_id, "VN-MST-%s", mst);
            sup = json_object_new_array();
            push(b, sup,
                 ref(b, party(b, parties, has_mst ? party_id : NULL, contractor,
                              has_mst ? mst : NULL, "supplier")));
            put(b, sum, "suppliers", sup);
        }
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            put(b, sum, "contractValue", vnd(b, sqlite3_column_int64(st, 6)));
        put_period(b, sum, "contractPeriod", col(st, 7), col(st, 8));
        put(b, cp, "summary", sum);
        push(b, list, cp);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_object_put(list);
        return step_error(db, "contracts", col(w, W_CODE), err);
    }
    put_array(b, proj, "contractingProcesses", list);
    return 0;
}

/* An observation of a progress metric on the day of the event at the
 * row of e, with the event's note (a correction says it is one). */
static json_object *observation(builder *b, sqlite3_stmt *e) {
    json_object *o = json_object_new_object();
    const char *note = col(e, 5);
    int correction = sqlite3_column_int(e, 6);
    char id[40];
    text t = {0};

    snprintf(id, sizeof id, "event-%lld",
             (long long)sqlite3_column_int64(e, 0));
    put(b, o, "id", str(b, id));
    put_period(b, o, "period", col(e, 1), col(e, 1));
    if (correction)
        add(b, &t, "Đính chính (correction)%s", note ? ": " : "");
    if (note)
        add(b, &t, "%s", note);
    if (t.len)
        put(b, o, "notes", take(b, &t));
    return o;
}

static json_object *percent_unit(builder *b) {
    json_object *u = json_object_new_object();
    put(b, u, "name", str(b, "percent"));
    put(b, u, "scheme", str(b, "UNCEFACT"));
    put(b, u, "id", str(b, "P1"));
    return u;
}

static json_object *metric(builder *b, const char *id, const char *what,
                           json_object *observations) {
    json_object *m = json_object_new_object();
    put(b, m, "id", str(b, id));
    put(b, m, "description", str(b, what));
    put(b, m, "observations", observations);
    return m;
}

/* Metrics, transactions, milestones and completion from the work's
 * events, oldest first. */
static int events(builder *b, gis_db *db, sqlite3_stmt *w, json_object *proj,
                  int64_t allocated, gis_error *err) {
    sqlite3_stmt *st;
    json_object *physical = json_object_new_array();
    json_object *financial = json_object_new_array();
    json_object *transactions = json_object_new_array();
    json_object *milestones = json_object_new_array();
    json_object *metrics, *o, *m;
    char last_status[32] = "", completed[11] = "", id[48];
    const char *status = col(w, W_STATUS);
    int64_t before = 0;
    int rc;
    text t = {0};

    if (gis_db_stmt(db, &st, events_sql, err))
        goto fail;
    sqlite3_bind_int64(st, 1, sqlite3_column_int64(w, W_ID));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *date = col(st, 1), *to = col(st, 2), *note = col(st, 5);
        long long event = (long long)sqlite3_column_int64(st, 0);

        if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
            o = observation(b, st);
            put(b, o, "measure", number(b, sqlite3_column_double(st, 3), 2));
            put(b, o, "unit", percent_unit(b));
            push(b, physical, o);
        }
        if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
            int64_t to_date = sqlite3_column_int64(st, 4);
            o = observation(b, st);
            put(b, o, "value", vnd(b, to_date));
            if (allocated > 0) {
                put(b, o, "measure",
                    number(b, 100.0 * (double)to_date / (double)allocated, 1));
                put(b, o, "unit", percent_unit(b));
            }
            push(b, financial, o);
            if (to_date != before) {
                m = json_object_new_object();
                snprintf(id, sizeof id, "disbursement-%lld", event);
                put(b, m, "id", str(b, id));
                put_day(b, m, "date", date);
                put(b, m, "value", vnd(b, to_date - before));
                push(b, transactions, m);
                before = to_date;
            }
        }
        if (to && strcmp(to, last_status)) {
            m = json_object_new_object();
            snprintf(id, sizeof id, "status-%lld", event);
            put(b, m, "id", str(b, id));
            put_text(b, m, "type", lookup(milestone_types, to));
            add(b, &t, "Chuyển giai đoạn (project status): %s", to);
            if (note)
                add(b, &t, ". %s", note);
            put(b, m, "description", take(b, &t));
            put_day(b, m, "dateMet", date);
            put_day(b, m, "dateModified", date);
            put(b, m, "status", str(b, "met"));
            push(b, milestones, m);
            snprintf(last_status, sizeof last_status, "%s", to);
            if (!strcmp(to, "completion") && date)
                snprintf(completed, sizeof completed, "%s", date);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        step_error(db, "progress events", col(w, W_CODE), err);
        goto fail;
    }
    metrics = json_object_new_array();
    if (json_object_array_length(physical))
        push(b, metrics,
             metric(b, "physicalProgress",
                    "Khối lượng thực hiện, % (physical progress of the"
                    " works, percent, as reported)",
                    physical));
    else
        json_object_put(physical);
    if (json_object_array_length(financial))
        push(b, metrics,
             metric(b, "financialProgress",
                    "Giải ngân lũy kế đến ngày báo cáo, VND, và % vốn phân"
                    " bổ (disbursed to date, VND, and percent of the"
                    " allocated budget)",
                    financial));
    else
        json_object_put(financial);
    put_array(b, proj, "metrics", metrics);
    put_array(b, proj, "milestones", milestones);
    put_array(b, proj, "transactions", transactions);
    if (*completed && status &&
        (!strcmp(status, "completion") || !strcmp(status, "maintenance") ||
         !strcmp(status, "decommissioning") ||
         !strcmp(status, "decommissioned")) &&
        (o = day(b, completed))) {
        m = json_object_new_object();
        put(b, m, "endDate", o);
        put(b, proj, "completion", m);
    }
    return 0;
fail:
    json_object_put(physical);
    json_object_put(financial);
    json_object_put(transactions);
    json_object_put(milestones);
    return 1;
}

/* The project of the work at the current row of w. */
static int project(builder *b, gis_db *db, sqlite3_stmt *w, json_object **out,
                   gis_error *err) {
    json_object *p = json_object_new_object(), *a, *ident, *parties;
    json_object *investor = NULL;
    const char *code = col(w, W_CODE), *sector = col(w, W_SECTOR);
    const char *type = col(w, W_TYPE), *dot;
    char id[256];
    int64_t allocated;
    text t = {0};

    *out = p;
    if (!p) {
        b->oom = 1;
        return 0;
    }
    parties = json_object_new_array();
    snprintf(id, sizeof id, TRK_OC4IDS_PREFIX "%s", code);
    put(b, p, "id", str(b, id));
    ident = json_object_new_object();
    put(b, ident, "id", str(b, code));
    put(b, ident, "scheme", str(b, PUBLISHER " work code"));
    a = json_object_new_array();
    push(b, a, ident);
    put(b, p, "identifiers", a);
    put(b, p, "language", str(b, "vi"));
    put_text(b, p, "title", col(w, W_NAME));

    if (sqlite3_column_int(w, W_ILLUSTRATIVE))
        add(b, &t, "ILLUSTRATIVE sample work (minh họa): not a real work. ");
    add(b, &t, "%s (%s). %s. %s", col(w, W_CATEGORY_VI), col(w, W_CATEGORY_EN),
        lookup(work_types_vi, type)
            ? lookup(work_types_vi, type)
            : "Loại đầu tư chưa ghi (type of work not recorded)",
        col(w, W_UNIT_NAME));
    if (col(w, W_DISTRICT))
        add(b, &t, ", " DISTRICT);
    add(b, &t, ", " PROVINCE ".");
    put(b, p, "description", take(b, &t));

    put_text(b, p, "status", col(w, W_STATUS));
    put_text(b, p, "type", lookup(project_types, type));
    if (sector) {
        a = json_object_new_array();
        if ((dot = strchr(sector, '.'))) {
            snprintf(id, sizeof id, "%.*s", (int)(dot - sector), sector);
            push(b, a, str(b, id));
        }
        push(b, a, str(b, sector));
        put(b, p, "sector", a);
    }
    put_period(b, p, "period", col(w, W_START), col(w, W_END));
    a = json_object_new_array();
    push(b, a, location(b, w));
    put(b, p, "locations", a);

    if (col(w, W_INVESTOR)) {
        investor = party(b, parties, "investor", col(w, W_INVESTOR), NULL,
                         "publicAuthority");
        party(b, parties, "investor", col(w, W_INVESTOR), NULL, "buyer");
        party(b, parties, "investor", col(w, W_INVESTOR), NULL,
              "procuringEntity");
        put(b, p, "publicAuthority", ref(b, investor));
    }
    if (budget(b, db, w, p, parties, &allocated, err) ||
        contracts(b, db, w, p, parties, investor, err) ||
        events(b, db, w, p, allocated, err)) {
        json_object_put(parties);
        return 1;
    }
    put_array(b, p, "parties", parties);
    return 0;
}

/* publishedDate: $TRACKER_TODAY at the start of that day in Vietnam, else
 * now in UTC. */
static int published_date(char out[40], gis_error *err) {
    const char *env = getenv("TRACKER_TODAY");
    char d[11];
    time_t now;
    struct tm tm;

    if (env && *env) {
        if (trk_parse_date(env, d, NULL, 0)) {
            gis_error_set(err, "TRACKER_TODAY: '%s' is not a date", env);
            return 1;
        }
        snprintf(out, 40, "%s" DAY_START, d);
        return 0;
    }
    now = time(NULL);
    if (!gmtime_r(&now, &tm) || !strftime(out, 40, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
        gis_error_set(err, "cannot read the clock");
        return 1;
    }
    return 0;
}

/* The package is written a project at a time, so memory stays that of one
 * project however many works there are, into a file beside path that is
 * renamed over it once complete: a failure leaves any older file whole. */
typedef struct output {
    const char *path;
    char *tmp;
    FILE *f;
} output;

static int output_open(output *o, const char *path, gis_error *err) {
    struct stat sb;
    size_t size = strlen(path) + 32;
    int fd;

    o->path = path;
    o->f = NULL;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        gis_error_set(err, "cannot write '%s': %s", path,
                      S_ISDIR(sb.st_mode) ? "Is a directory"
                                          : "not a regular file");
        return 1;
    }
    if (!(o->tmp = malloc(size))) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    snprintf(o->tmp, size, "%s.tmp-%ld", path, (long)getpid());
    if ((fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0 ||
        !(o->f = fdopen(fd, "w"))) {
        gis_error_set(err, "cannot write '%s': %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return 1;
    }
    return 0;
}

/* Writes json indented by indent after every line break (json-c indents
 * from the left margin; JSON strings hold no raw line breaks). */
static void output_indented(output *o, const char *json, const char *indent) {
    const char *nl;
    fputs(indent, o->f);
    while ((nl = strchr(json, '\n'))) {
        fwrite(json, 1, (size_t)(nl - json) + 1, o->f);
        fputs(indent, o->f);
        json = nl + 1;
    }
    fputs(json, o->f);
}

/* Closes the file and, when keep, renames it over the path; else (or on
 * failure) removes it.  Returns 0 when kept. */
static int output_close(output *o, int keep, gis_error *err) {
    int failed = 0, e = 0;
    if (!o->tmp)
        return 1;
    if (ferror(o->f) || fflush(o->f)) {
        failed = 1;
        e = errno;
    }
    if (fclose(o->f) && !failed) {
        failed = 1;
        e = errno;
    }
    if (keep && !failed && rename(o->tmp, o->path)) {
        failed = 1;
        e = errno;
    }
    if (keep && failed)
        gis_error_set(err, "cannot write '%s': %s", o->path,
                      e ? strerror(e) : "write error");
    if (!keep || failed)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return !keep || failed;
}

#define JSON_FLAGS                                                             \
    (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |                       \
     JSON_C_TO_STRING_NOSLASHESCAPE)

/* The package's members before "projects", as the start of an object
 * left open. */
static int write_head(builder *b, output *o, const char *uri,
                      const char *published) {
    json_object *head = json_object_new_object(), *publisher;
    const char *json;
    size_t len;

    put(b, head, "uri", str(b, uri));
    put(b, head, "publishedDate", str(b, published));
    publisher = json_object_new_object();
    put(b, publisher, "name", str(b, PUBLISHER));
    put(b, head, "publisher", publisher);
    put(b, head, "version", str(b, "0.9"));
    if (b->oom || !(json = json_object_to_json_string_ext(head, JSON_FLAGS))) {
        json_object_put(head);
        b->oom = 1;
        return 1;
    }
    len = strlen(json); /* ends "\n}" */
    fwrite(json, 1, len > 2 ? len - 2 : len, o->f);
    fputs(",\n  \"projects\": [\n", o->f);
    json_object_put(head);
    return 0;
}

int trk_export_oc4ids(gis_db *db, const char *path, const char *uri,
                      long *projects, gis_error *err) {
    builder b = {0};
    sqlite3_stmt *st = NULL;
    output out = {0};
    json_object *p = NULL;
    char published[40], made_uri[80];
    const char *json;
    long n = 0;
    int rc = 1, step;

    if (projects)
        *projects = 0;
    if (published_date(published, err))
        return 1;
    if (!uri) {
        snprintf(made_uri, sizeof made_uri, "urn:oc4ids-dt227:package:%.10s",
                 published);
        uri = made_uri;
    }
    /* The works statement stays open to the end: every query below reads
     * in its implicit read transaction, one snapshot of the file. */
    if (gis_db_prepare(db, &st, works_sql, err))
        return 1;
    if (output_open(&out, path, err) || write_head(&b, &out, uri, published))
        goto done;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (project(&b, db, st, &p, err))
            goto done;
        if (b.oom || !(json = json_object_to_json_string_ext(p, JSON_FLAGS)))
            goto done;
        if (n++)
            fputs(",\n", out.f);
        output_indented(&out, json, "    ");
        json_object_put(p);
        p = NULL;
    }
    if (step != SQLITE_DONE) {
        gis_error_set(err, "reading the works: %s", sqlite3_errmsg(db->handle));
        goto done;
    }
    if (n == 0) {
        gis_error_set(err, "no works to export: an OC4IDS package holds at "
                           "least one project");
        goto done;
    }
    fputs("\n  ]\n}\n", out.f);
    rc = 0;
done:
    if (b.oom) {
        gis_error_set(err, "out of memory writing '%s'", path);
        rc = 1;
    }
    json_object_put(p);
    sqlite3_finalize(st);
    if (output_close(&out, rc == 0, err))
        rc = 1;
    if (!rc && projects)
        *projects = n;
    return rc;
}
