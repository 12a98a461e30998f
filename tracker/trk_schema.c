/*
 * trk_schema.c: the domain model of DESIGN.md as SQL, in numbered
 * migrations.  A new file runs them all; an older file runs those it
 * lacks.  Never edit a migration that has shipped: add the next one.
 *
 * Conventions: money is INTEGER VND; dates are ISO 8601 text; "unknown"
 * is a value of its own wherever a fact may be missing (ATK, region,
 * minority area), never folded into "no"; every geometry is EPSG:4326.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trk_category.h"
#include "trk_db.h"
#include "trk_gazetteer.h"

typedef struct geometry_column {
    const char *table, *column, *type;
} geometry_column;

typedef struct migration {
    int version;
    const char *sql;
    const geometry_column *geometries; /* ends with a NULL table */
    /* Data the step derives from what the file already holds, in the same
     * transaction; NULL when none. */
    int (*derive)(gis_db *db, gis_error *err);
} migration;

/* Version 1: the core model. */
static const char v1_sql[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"

    /* Where every loaded fact came from. */
    "CREATE TABLE source (\n"
    "  id TEXT PRIMARY KEY, title TEXT NOT NULL, file TEXT, origin TEXT,\n"
    "  licence TEXT, note TEXT);\n"

    /* A unit is its code plus its validity period: codes are reused. */
    "CREATE TABLE admin_unit (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL UNIQUE,\n"
    "  code TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  full_name TEXT NOT NULL,\n"
    "  name_key TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('xa','thi_tran','phuong')),\n"
    "  district_code TEXT,\n"
    "  province_code TEXT NOT NULL,\n"
    "  valid_from TEXT,\n"
    "  valid_to TEXT,\n"
    "  area_km2 REAL,\n"
    "  population INTEGER,\n"
    "  seat TEXT,\n"
    "  atk TEXT NOT NULL DEFAULT 'unknown'\n"
    "      CHECK (atk IN ('yes','no','unknown')),\n"
    "  atk_basis TEXT,\n"
    "  region TEXT NOT NULL DEFAULT 'unknown'\n"
    "      CHECK (region IN ('I','II','III','unknown')),\n"
    "  ntm_year INTEGER,\n"
    "  minority_area TEXT NOT NULL DEFAULT 'unknown'\n"
    "      CHECK (minority_area IN ('yes','no','unknown')),\n"
    "  boundary_source TEXT NOT NULL DEFAULT 'none'\n"
    "      CHECK (boundary_source IN ('approximate','official','none')),\n"
    "  boundary_partial INTEGER NOT NULL DEFAULT 0,\n"
    "  boundary_note TEXT,\n"
    "  note TEXT,\n"
    "  source_id TEXT REFERENCES source(id),\n"
    "  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from < "
    "valid_to));\n"
    "CREATE INDEX admin_unit_code ON admin_unit(code);\n"
    "CREATE INDEX admin_unit_name_key ON admin_unit(name_key);\n"

    /* Names observed in official lists at given dates. */
    "CREATE TABLE unit_name (\n"
    "  unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  name TEXT NOT NULL, observed_on TEXT NOT NULL,\n"
    "  source_id TEXT REFERENCES source(id),\n"
    "  PRIMARY KEY (unit_id, observed_on));\n"

    "CREATE TABLE unit_change (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  old_unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  new_unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  event TEXT NOT NULL CHECK (event IN ('merge','split','rename')),\n"
    "  effective_date TEXT NOT NULL,\n"
    "  legal_basis TEXT,\n"
    "  certainty TEXT NOT NULL CHECK (certainty IN "
    "('confirmed','uncertain')),\n"
    "  note TEXT,\n"
    "  source_id TEXT REFERENCES source(id));\n"

    /* Outlines of higher units derived from (or imported for) the units. */
    "CREATE TABLE outline (\n"
    "  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT "
    "NULL,\n"
    "  approximate INTEGER NOT NULL, note TEXT);\n"

    "CREATE TABLE hamlet (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  name TEXT NOT NULL, name_key TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN "
    "('current','former','unknown')),\n"
    "  vintage TEXT, origin TEXT,\n"
    "  source_id TEXT REFERENCES source(id),\n"
    "  UNIQUE (unit_id, name));\n"
    "CREATE TABLE hamlet_alias (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  hamlet_id INTEGER NOT NULL REFERENCES hamlet(id),\n"
    "  alias TEXT NOT NULL, alias_key TEXT NOT NULL, note TEXT,\n"
    "  source_id TEXT REFERENCES source(id));\n"

    "CREATE TABLE unit_fact (\n"
    "  id INTEGER PRIMARY KEY, scope_code TEXT NOT NULL, scope_name TEXT,\n"
    "  attribute TEXT NOT NULL, value TEXT, as_of TEXT, origin TEXT,\n"
    "  note TEXT, source_id TEXT REFERENCES source(id));\n"

    "CREATE TABLE plan (\n"
    "  id TEXT PRIMARY KEY, number TEXT NOT NULL, title TEXT NOT NULL,\n"
    "  issued_on TEXT, issuer TEXT, year INTEGER NOT NULL,\n"
    "  total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0),\n"
    "  source_id TEXT REFERENCES source(id));\n"
    "CREATE TABLE plan_total (\n"
    "  plan_id TEXT NOT NULL REFERENCES plan(id),\n"
    "  funding_source TEXT NOT NULL CHECK (funding_source IN "
    "('central','local')),\n"
    "  capital_type TEXT NOT NULL CHECK (capital_type IN "
    "('investment','recurrent')),\n"
    "  amount_vnd INTEGER NOT NULL CHECK (amount_vnd >= 0),\n"
    "  plan_section TEXT,\n"
    "  PRIMARY KEY (plan_id, funding_source, capital_type));\n"
    "CREATE TABLE budget_line (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  plan_id TEXT NOT NULL REFERENCES plan(id),\n"
    "  parent_id TEXT REFERENCES budget_line(id),\n"
    "  level TEXT NOT NULL CHECK (level IN "
    "('programme','du_an','tieu_du_an','noi_dung')),\n"
    "  number TEXT, title TEXT, lead_agency TEXT,\n"
    "  central_vnd INTEGER CHECK (central_vnd >= 0),\n"
    "  local_vnd INTEGER CHECK (local_vnd >= 0),\n"
    "  plan_section TEXT, sort INTEGER NOT NULL);\n"

    "CREATE TABLE category (\n"
    "  id TEXT PRIMARY KEY, label_vi TEXT NOT NULL, label_en TEXT NOT NULL,\n"
    "  oc4ids_sector TEXT NOT NULL, budget_line_id TEXT,\n"
    "  linear INTEGER NOT NULL, sort INTEGER NOT NULL);\n"

    "CREATE TABLE work (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  code TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  category_id TEXT NOT NULL REFERENCES category(id),\n"
    "  work_type TEXT NOT NULL DEFAULT 'unknown' CHECK (work_type IN\n"
    "      ('new','upgrade','repair','maintenance','existing','unknown')),\n"
    "  unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  hamlet_id INTEGER REFERENCES hamlet(id),\n"
    "  place_text TEXT,\n"
    "  investor TEXT,\n"
    "  start_date TEXT, end_date TEXT,\n"
    /* IATI: precision 1-9, location class 1-4, exactness 1-2. */
    "  precision_code INTEGER CHECK (precision_code BETWEEN 1 AND 9),\n"
    "  location_class INTEGER CHECK (location_class BETWEEN 1 AND 4),\n"
    "  exactness INTEGER CHECK (exactness IN (1,2)),\n"
    "  location_source TEXT,\n"
    "  gps_accuracy_m REAL,\n"
    "  illustrative INTEGER NOT NULL DEFAULT 0,\n"
    "  note TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
    "'now')));\n"
    "CREATE INDEX work_unit ON work(unit_id);\n"
    /* Line works (roads, pipes, power lines); the work keeps a
     * representative point in work.point as well. */
    "CREATE TABLE work_line (\n"
    "  work_id INTEGER PRIMARY KEY REFERENCES work(id) ON DELETE CASCADE,\n"
    "  length_m REAL NOT NULL CHECK (length_m > 0));\n"

    "CREATE TABLE allocation (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  work_id INTEGER NOT NULL REFERENCES work(id) ON DELETE CASCADE,\n"
    "  budget_line_id TEXT NOT NULL REFERENCES budget_line(id),\n"
    "  year INTEGER,\n"
    "  funding_source TEXT NOT NULL DEFAULT 'unknown' CHECK (funding_source"
    " IN ('central','local','other','unknown')),\n"
    "  capital_type TEXT NOT NULL DEFAULT 'unknown' CHECK (capital_type IN\n"
    "      ('investment','recurrent','unknown')),\n"
    "  amount_vnd INTEGER NOT NULL CHECK (amount_vnd >= 0),\n"
    "  note TEXT);\n"
    "CREATE INDEX allocation_work ON allocation(work_id);\n"

    "CREATE TABLE contract (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  work_id INTEGER NOT NULL REFERENCES work(id) ON DELETE CASCADE,\n"
    "  code TEXT, contractor TEXT, contractor_tax_code TEXT,\n"
    "  method TEXT CHECK (method IN "
    "('open','limited','direct','community','other')),\n"
    "  value_vnd INTEGER CHECK (value_vnd >= 0),\n"
    "  signed_on TEXT, due_on TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN\n"
    "      ('pending','active','cancelled','terminated')),\n"
    "  note TEXT);\n"

    /* Append-only: the state of a work is derived from its events. */
    "CREATE TABLE progress_event (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "  event_date TEXT NOT NULL,\n"
    "  status TEXT CHECK (status IN ('identification','preparation',\n"
    "      'implementation','completion','maintenance','decommissioning',\n"
    "      'decommissioned','cancelled')),\n"
    "  physical_pct REAL CHECK (physical_pct BETWEEN 0 AND 100),\n"
    "  disbursed_vnd INTEGER CHECK (disbursed_vnd >= 0),\n"
    "  note TEXT, reported_by TEXT,\n"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
    "'now')));\n"
    "CREATE INDEX progress_event_work ON progress_event(work_id, "
    "event_date);\n"
    "CREATE TRIGGER progress_event_no_update BEFORE UPDATE ON "
    "progress_event\n"
    "BEGIN SELECT RAISE(ABORT, 'progress events are append-only'); END;\n"
    "CREATE TRIGGER progress_event_no_delete BEFORE DELETE ON "
    "progress_event\n"
    "BEGIN SELECT RAISE(ABORT, 'progress events are append-only'); END;\n";

static const geometry_column v1_geometries[] = {
    {"admin_unit", "centre", "POINT"},
    {"admin_unit", "geom", "MULTIPOLYGON"},
    {"outline", "geom", "MULTIPOLYGON"},
    {"hamlet", "point", "POINT"},
    {"work", "point", "POINT"},
    {"work_line", "geom", "MULTILINESTRING"},
    {NULL, NULL, NULL}};

/* Version 2: provenance of derived layers, and the derived views every
 * report and export reads (current state of a work, today's unit). */
static const char v2_sql[] =
    "CREATE TABLE layer_info (\n"
    "  layer TEXT PRIMARY KEY, title TEXT NOT NULL, method TEXT,\n"
    "  approximate INTEGER NOT NULL DEFAULT 0, note TEXT,\n"
    "  source_ids TEXT, built_at TEXT NOT NULL DEFAULT\n"
    "      (strftime('%Y-%m-%dT%H:%M:%SZ','now')));\n"

    /* Latest reported status and progress of each work. */
    "CREATE VIEW work_state AS\n"
    "SELECT w.id AS work_id,\n"
    "  (SELECT status FROM progress_event e WHERE e.work_id = w.id\n"
    "     AND status IS NOT NULL ORDER BY event_date DESC, id DESC LIMIT 1)\n"
    "     AS status,\n"
    "  (SELECT physical_pct FROM progress_event e WHERE e.work_id = w.id\n"
    "     AND physical_pct IS NOT NULL ORDER BY event_date DESC, id DESC\n"
    "     LIMIT 1) AS physical_pct,\n"
    "  (SELECT sum(disbursed_vnd) FROM progress_event e\n"
    "     WHERE e.work_id = w.id) AS disbursed_vnd,\n"
    "  (SELECT max(event_date) FROM progress_event e WHERE e.work_id = "
    "w.id)\n"
    "     AS last_report\n"
    "FROM work w;\n"

    /* Each unit's successor in force today, following the crosswalk
     * through every step; splits follow their confirmed rows only. */
    "CREATE VIEW unit_current AS\n"
    "WITH RECURSIVE chain(unit_id, cur_id, depth) AS (\n"
    "  SELECT id, id, 0 FROM admin_unit\n"
    "  UNION\n"
    "  SELECT chain.unit_id, c.new_unit_id, depth + 1 FROM chain\n"
    "  JOIN unit_change c ON c.old_unit_id = chain.cur_id\n"
    "   AND c.new_unit_id <> chain.cur_id\n"
    "   AND (c.event <> 'split' OR c.certainty = 'confirmed')\n"
    "  WHERE depth < 10)\n"
    "SELECT chain.unit_id, chain.cur_id AS current_unit_id FROM chain\n"
    "JOIN admin_unit u ON u.id = chain.cur_id AND u.valid_to IS NULL;\n"
    /* One row per work with everything lists, maps and reports show:
     * the unit it was recorded in, the 2022 unit and the current commune
     * (through the crosswalk, or by its point when recorded in a later
     * unit), its state from the events, and its money from allocations. */
    "CREATE VIEW work_summary AS\n"
    "SELECT w.id, w.code, w.name, w.category_id AS category,\n"
    "  c.label_vi AS category_vi, c.oc4ids_sector AS sector, w.work_type,\n"
    "  u.key AS unit_key, u.code AS unit_code, u.full_name AS unit_name,\n"
    "  CASE WHEN u.valid_from IS NULL THEN u.code ELSE (SELECT b.code FROM\n"
    "    admin_unit b WHERE b.valid_from IS NULL AND ST_Contains(b.geom,\n"
    "    w.point)) END AS unit_2022_code,\n"
    "  CASE WHEN u.valid_from IS NULL THEN u.full_name ELSE (SELECT\n"
    "    b.full_name FROM admin_unit b WHERE b.valid_from IS NULL AND\n"
    "    ST_Contains(b.geom, w.point)) END AS unit_2022_name,\n"
    "  cu.code AS commune_2025_code, cu.full_name AS commune_2025_name,\n"
    "  h.name AS hamlet, w.place_text, w.investor,\n"
    "  s.status, CASE s.status WHEN 'identification' THEN 'Xác định dự án'\n"
    "    WHEN 'preparation' THEN 'Chuẩn bị đầu tư'\n"
    "    WHEN 'implementation' THEN 'Đang thực hiện'\n"
    "    WHEN 'completion' THEN 'Hoàn thành'\n"
    "    WHEN 'maintenance' THEN 'Vận hành, bảo trì'\n"
    "    WHEN 'decommissioning' THEN 'Đang ngừng sử dụng'\n"
    "    WHEN 'decommissioned' THEN 'Đã ngừng sử dụng'\n"
    "    WHEN 'cancelled' THEN 'Đã hủy' ELSE 'Chưa rõ' END AS status_vi,\n"
    "  s.physical_pct, s.last_report,\n"
    "  (SELECT sum(amount_vnd) FROM allocation a WHERE a.work_id = w.id)\n"
    "    AS amount_vnd,\n"
    "  (SELECT group_concat(DISTINCT budget_line_id) FROM allocation a\n"
    "    WHERE a.work_id = w.id) AS budget_lines,\n"
    "  l.length_m, l.work_id IS NOT NULL AS is_line,\n"
    "  w.precision_code, w.location_class, w.exactness, w.location_source,\n"
    "  CASE w.precision_code WHEN 1 THEN 'Chính xác (GPS, đo đạc)'\n"
    "    WHEN 2 THEN 'Gần đúng (thôn, xóm, địa điểm)'\n"
    "    WHEN 3 THEN 'Chỉ biết xã (điểm đại diện)'\n"
    "    WHEN 8 THEN 'Trụ sở UBND xã' ELSE 'Chưa rõ' END AS precision_vi,\n"
    "  w.gps_accuracy_m, w.start_date, w.end_date, w.illustrative, w.note,\n"
    "  X(w.point) AS lon, Y(w.point) AS lat\n"
    "FROM work w\n"
    "JOIN category c ON c.id = w.category_id\n"
    "JOIN admin_unit u ON u.id = w.unit_id\n"
    "LEFT JOIN unit_current uc ON uc.unit_id = u.id\n"
    "LEFT JOIN admin_unit cu ON cu.id = uc.current_unit_id\n"
    "LEFT JOIN hamlet h ON h.id = w.hamlet_id\n"
    "LEFT JOIN work_state s ON s.work_id = w.id\n"
    "LEFT JOIN work_line l ON l.work_id = w.id;\n";

static const geometry_column no_geometries[] = {{NULL, NULL, NULL}};

/* Version 3: the gazetteer.  Every name a place is known by (units in
 * every period, hamlets and their former names, places users add, the
 * district) with its matching key and folded words, a full-text index over
 * the words, and the cache of a remote geocoder's answers. */
static const char v3_sql[] =
    "CREATE TABLE place (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL DEFAULT 'other',\n"
    "  unit_id INTEGER REFERENCES admin_unit(id),\n"
    "  note TEXT, origin TEXT, licence TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
    "'now')));\n"
    "CREATE TABLE gazetteer_name (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  feature_type TEXT NOT NULL CHECK (feature_type IN\n"
    "      ('unit','hamlet','place','outline')),\n"
    "  feature_id INTEGER NOT NULL,\n"
    "  level TEXT NOT NULL CHECK (level IN\n"
    "      ('commune','hamlet','place','district')),\n"
    "  name TEXT NOT NULL,\n"
    "  display TEXT NOT NULL,\n"
    "  name_kind TEXT NOT NULL CHECK (name_kind IN\n"
    "      ('name','full_name','former','alias')),\n"
    "  key TEXT NOT NULL,\n"
    "  words TEXT NOT NULL);\n"
    "CREATE INDEX gazetteer_name_key ON gazetteer_name(key);\n"
    "CREATE VIRTUAL TABLE gazetteer_fts USING fts5(words,\n"
    "  content='gazetteer_name', content_rowid='id');\n"
    "CREATE TRIGGER gazetteer_name_ai AFTER INSERT ON gazetteer_name BEGIN\n"
    "  INSERT INTO gazetteer_fts(rowid, words) VALUES (new.id, new.words);\n"
    "END;\n"
    "CREATE TRIGGER gazetteer_name_ad AFTER DELETE ON gazetteer_name BEGIN\n"
    "  INSERT INTO gazetteer_fts(gazetteer_fts, rowid, words)\n"
    "  VALUES ('delete', old.id, old.words);\n"
    "END;\n"
    "CREATE TABLE geocoder_cache (\n"
    "  url TEXT PRIMARY KEY, body TEXT NOT NULL, fetched_at TEXT NOT NULL);\n"
    /* How a work's location was found, in words. */
    "ALTER TABLE work ADD COLUMN location_note TEXT;\n"
    /* The district ends when its last unit does (1/7/2025). */
    "ALTER TABLE outline ADD COLUMN valid_to TEXT;\n"
    "UPDATE outline SET valid_to = (SELECT max(valid_to) FROM admin_unit"
    " WHERE valid_from IS NULL);\n";

static const geometry_column v3_geometries[] = {{"place", "point", "POINT"},
                                                {NULL, NULL, NULL}};

/* Version 4: work.work_type's CHECK as comparisons.  SQLite builds an
 * ephemeral table for an IN list of six on every row it inserts, a fifth
 * of an import's insert; the comparisons accept exactly the same values.
 * SQLite's documented way to change a CHECK without touching the stored
 * rows: rewrite the table's SQL in sqlite_schema and bump schema_version,
 * inside the migration's transaction (lang_altertable.html, "Making Other
 * Kinds Of Table Schema Changes"). */
static const char v4_sql[] = "";

static const char work_type_in[] =
    "CHECK (work_type IN\n"
    "      ('new','upgrade','repair','maintenance','existing','unknown'))";
static const char work_type_or[] =
    "CHECK (work_type = 'new' OR work_type = 'upgrade' OR\n"
    "      work_type = 'repair' OR work_type = 'maintenance' OR\n"
    "      work_type = 'existing' OR work_type = 'unknown')";

static int work_type_check_as_comparisons(gis_db *db, gis_error *err) {
    sqlite3_stmt *st = NULL;
    char *sql = NULL, *at, *rewritten = NULL, pragma[64];
    int rc = 1;
    int64_t version;

    if (gis_db_prepare(db, &st,
                       "SELECT sql FROM sqlite_master WHERE type = 'table'"
                       " AND name = 'work'",
                       err))
        return 1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        sql = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    st = NULL;
    if (!sql || !(at = strstr(sql, work_type_in))) {
        free(sql);
        return 0; /* not the text version 1 wrote: leave it as it is */
    }
    rewritten = malloc(strlen(sql) + sizeof work_type_or);
    if (!rewritten) {
        gis_error_set(err, "out of memory");
        goto done;
    }
    snprintf(rewritten, strlen(sql) + sizeof work_type_or, "%.*s%s%s",
             (int)(at - sql), sql, work_type_or, at + strlen(work_type_in));
    version = gis_db_int(db, 0, "PRAGMA schema_version", NULL);
    if (gis_db_exec(db, "PRAGMA writable_schema = ON", err) ||
        gis_db_prepare(db, &st,
                       "UPDATE sqlite_master SET sql = ?1 WHERE type ="
                       " 'table' AND name = 'work'",
                       err))
        goto done;
    sqlite3_bind_text(st, 1, rewritten, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        gis_error_set(err, "rewriting work's CHECK: %s",
                      sqlite3_errmsg(db->handle));
        goto done;
    }
    snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %lld",
             (long long)version + 1);
    if (gis_db_exec(db, pragma, err) ||
        gis_db_exec(db, "PRAGMA writable_schema = OFF", err))
        goto done;
    if (gis_db_int(db, 0,
                   "SELECT count(*) FROM pragma_quick_check WHERE"
                   " quick_check <> 'ok'",
                   NULL) != 0) {
        gis_error_set(err, "the database fails its check after rewriting "
                           "work's CHECK");
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    if (rc)
        sqlite3_exec(db->handle, "PRAGMA writable_schema = OFF", NULL, NULL,
                     NULL);
    free(sql);
    free(rewritten);
    return rc;
}

/* Version 5: money, contracts and progress.  Allocations record who and
 * when, and an override of the plan's ceiling with its figures; contracts
 * say what they are for and who recorded them; a progress event carries
 * the disbursement to date (cumulative, as offices report it), and a
 * correction is an event of its own.  Settings hold the thresholds the
 * flags use. */
static const char v5_sql[] =
    "ALTER TABLE allocation ADD COLUMN forced INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE allocation ADD COLUMN override_note TEXT;\n"
    "ALTER TABLE allocation ADD COLUMN recorded_by TEXT;\n"
    "ALTER TABLE allocation ADD COLUMN recorded_at TEXT;\n"
    "CREATE INDEX allocation_line ON allocation(budget_line_id,"
    " funding_source, capital_type);\n"
    "ALTER TABLE contract ADD COLUMN purpose TEXT NOT NULL DEFAULT"
    " 'construction' CHECK (purpose IN ('design','construction',"
    "'supervision','goods','other'));\n"
    "ALTER TABLE contract ADD COLUMN title TEXT;\n"
    "ALTER TABLE contract ADD COLUMN recorded_by TEXT;\n"
    "ALTER TABLE contract ADD COLUMN recorded_at TEXT;\n"
    "ALTER TABLE contract ADD COLUMN updated_at TEXT;\n"
    "CREATE UNIQUE INDEX contract_code ON contract(code);\n"
    "CREATE INDEX contract_work ON contract(work_id);\n"
    "ALTER TABLE progress_event ADD COLUMN correction INTEGER NOT NULL"
    " DEFAULT 0;\n"
    "CREATE TABLE setting (\n"
    "  key TEXT PRIMARY KEY, value TEXT NOT NULL, note TEXT);\n"
    "INSERT INTO setting VALUES ('stalled_days', '90', 'a work in"
    " implementation with no event for this many days is stalled'),\n"
    "  ('disbursed_ahead_points', '10', 'disbursed share ahead of physical"
    " progress by more than this many points is flagged'),\n"
    "  ('contract_by', '07-01', 'an allocated work should have a contract"
    " by this day (MM-DD) of the allocation year');\n"
    /* Disbursement is reported to date: the latest figure is the state. */
    "DROP VIEW work_state;\n"
    "CREATE VIEW work_state AS\n"
    "SELECT w.id AS work_id,\n"
    "  (SELECT status FROM progress_event e WHERE e.work_id = w.id\n"
    "     AND status IS NOT NULL ORDER BY event_date DESC, id DESC LIMIT 1)\n"
    "     AS status,\n"
    "  (SELECT physical_pct FROM progress_event e WHERE e.work_id = w.id\n"
    "     AND physical_pct IS NOT NULL ORDER BY event_date DESC, id DESC\n"
    "     LIMIT 1) AS physical_pct,\n"
    "  (SELECT disbursed_vnd FROM progress_event e WHERE e.work_id = w.id\n"
    "     AND disbursed_vnd IS NOT NULL ORDER BY event_date DESC, id DESC\n"
    "     LIMIT 1) AS disbursed_vnd,\n"
    "  (SELECT max(event_date) FROM progress_event e WHERE e.work_id ="
    " w.id)\n"
    "     AS last_report\n"
    "FROM work w;\n";

/* Version 6: coverage.  Officials set the programme attributes of units
 * (ATK, region, minority area, new-rural year); each change is kept with
 * who made it, when and on what basis.  Each facility category has the
 * distance within which a facility still serves a unit. */
static const char v6_sql[] =
    "CREATE TABLE unit_attribute_change (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  unit_id INTEGER NOT NULL REFERENCES admin_unit(id),\n"
    "  attribute TEXT NOT NULL CHECK (attribute IN ('atk','region',"
    "'minority_area','ntm_year')),\n"
    "  old_value TEXT, new_value TEXT,\n"
    "  basis TEXT, changed_by TEXT NOT NULL,\n"
    "  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
    "'now')));\n"
    "CREATE TRIGGER unit_attribute_change_no_update BEFORE UPDATE ON"
    " unit_attribute_change\n"
    "BEGIN SELECT RAISE(ABORT, 'the record of changes is append-only');"
    " END;\n"
    "CREATE TRIGGER unit_attribute_change_no_delete BEFORE DELETE ON"
    " unit_attribute_change\n"
    "BEGIN SELECT RAISE(ABORT, 'the record of changes is append-only');"
    " END;\n"
    "CREATE TABLE coverage_rule (\n"
    "  category_id TEXT PRIMARY KEY, /* a trk_categories id */\n"
    "  max_km REAL NOT NULL CHECK (max_km >= 0),\n"
    "  note TEXT);\n"
    "INSERT INTO coverage_rule VALUES\n"
    "  ('health_station', 5, 'trạm y tế xã: within 5 km of the commune"
    " centre'),\n"
    "  ('market', 7, 'chợ: within 7 km'),\n"
    "  ('school', 5, 'trường học: within 5 km'),\n"
    "  ('community_house', 3, 'nhà văn hóa: within 3 km'),\n"
    "  ('water_supply', 3, 'nước sinh hoạt tập trung: within 3 km'),\n"
    "  ('road_to_commune_centre', 0, 'đường đến trung tâm xã: the unit"
    " needs its own'),\n"
    "  ('power', 0, 'điện: the unit needs its own');\n";

/* Version 7: what office files say of a work beyond its allocations.
 * "Tổng mức đầu tư" is the work's total investment (over all years and
 * sources), not money of a plan line, so it has a column of its own; a
 * site drawn as a polygon (a market's plot in Google Earth) keeps its
 * area while the work stands at a point inside it. */
static const char v7_sql[] =
    "ALTER TABLE work ADD COLUMN total_investment_vnd INTEGER CHECK"
    " (total_investment_vnd IS NULL OR (total_investment_vnd > 0 AND"
    " total_investment_vnd <= 1000000000000000));\n"
    "ALTER TABLE work ADD COLUMN site_area_m2 REAL CHECK (site_area_m2 IS"
    " NULL OR site_area_m2 > 0);\n";

/* Version 8: every change of a work's record or of an allocation's
 * amount leaves a row in work_change (old and new value, by whom, from
 * what: "import of 'danh-muc.xlsx', sheet 'Danh mục', row 15"), written
 * by triggers so no writer can skip it, and never rewritten.  The writer
 * says where the change comes from in change_context, a one-row table it
 * fills and empties inside its own transaction. */
static const char v8_sql[] =
    "CREATE TABLE change_context (id INTEGER PRIMARY KEY CHECK (id = 1),"
    " source TEXT NOT NULL, recorded_by TEXT);\n"
    "CREATE TABLE work_change (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  work_id INTEGER NOT NULL REFERENCES work(id) ON DELETE CASCADE,\n"
    "  field TEXT NOT NULL, old_value TEXT, new_value TEXT,\n"
    "  source TEXT NOT NULL, recorded_by TEXT,\n"
    "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ',"
    "'now')));\n"
    "CREATE INDEX work_change_work ON work_change(work_id);\n"
    "CREATE TRIGGER work_change_no_update BEFORE UPDATE ON work_change\n"
    "BEGIN SELECT RAISE(ABORT, 'work_change is a history: it is never"
    " rewritten'); END;\n"
    "CREATE TRIGGER work_change_log AFTER UPDATE ON work BEGIN\n"
    "  INSERT INTO work_change (work_id, field, old_value, new_value,"
    " source, recorded_by)\n"
    "  SELECT NEW.id, c.f, c.o, c.n, coalesce((SELECT source FROM"
    " change_context WHERE id = 1), 'unknown'), (SELECT recorded_by FROM"
    " change_context WHERE id = 1) FROM (\n"
    "    SELECT 1 AS k, 'name' AS f, OLD.name AS o, NEW.name AS n\n"
    "    UNION ALL SELECT 2, 'category', OLD.category_id, NEW.category_id\n"
    "    UNION ALL SELECT 3, 'work_type', OLD.work_type, NEW.work_type\n"
    "    UNION ALL SELECT 4, 'unit', (SELECT full_name FROM admin_unit WHERE"
    " id = OLD.unit_id), (SELECT full_name FROM admin_unit WHERE id ="
    " NEW.unit_id)\n"
    "    UNION ALL SELECT 5, 'place', OLD.place_text, NEW.place_text\n"
    "    UNION ALL SELECT 6, 'investor', OLD.investor, NEW.investor\n"
    "    UNION ALL SELECT 7, 'start_date', OLD.start_date, NEW.start_date\n"
    "    UNION ALL SELECT 8, 'end_date', OLD.end_date, NEW.end_date\n"
    "    UNION ALL SELECT 9, 'total_investment_vnd',"
    " OLD.total_investment_vnd, NEW.total_investment_vnd\n"
    "    UNION ALL SELECT 11, 'precision_code', OLD.precision_code,"
    " NEW.precision_code\n"
    "  ) c WHERE c.o IS NOT c.n ORDER BY c.k;\n"
    "END;\n"
    /* Apart, so that writing other fields needs no SpatiaLite. */
    "CREATE TRIGGER work_point_change_log AFTER UPDATE OF point ON work"
    " WHEN OLD.point IS NOT NEW.point BEGIN\n"
    "  INSERT INTO work_change (work_id, field, old_value, new_value,"
    " source, recorded_by) VALUES (NEW.id, 'point', CASE WHEN OLD.point IS"
    " NOT NULL THEN printf('%.6f %.6f', X(OLD.point), Y(OLD.point)) END,"
    " CASE WHEN NEW.point IS NOT NULL THEN printf('%.6f %.6f', X(NEW.point),"
    " Y(NEW.point)) END, coalesce((SELECT source FROM change_context WHERE"
    " id = 1), 'unknown'), (SELECT recorded_by FROM change_context WHERE id"
    " = 1));\n"
    "END;\n"
    "CREATE TRIGGER allocation_change_log AFTER UPDATE OF amount_vnd,"
    " funding_source ON allocation WHEN OLD.amount_vnd IS NOT NEW.amount_vnd"
    " OR OLD.funding_source IS NOT NEW.funding_source BEGIN\n"
    "  INSERT INTO work_change (work_id, field, old_value, new_value,"
    " source, recorded_by) VALUES (NEW.work_id, 'allocation ' ||"
    " NEW.budget_line_id || coalesce(' ' || NEW.year, ''), OLD.amount_vnd"
    " || ' ' || OLD.funding_source, NEW.amount_vnd || ' ' ||"
    " NEW.funding_source, coalesce((SELECT source FROM change_context WHERE"
    " id = 1), 'unknown'), (SELECT recorded_by FROM change_context WHERE id"
    " = 1));\n"
    "END;\n";

static const migration migrations[] = {
    {1, v1_sql, v1_geometries, NULL},
    {2, v2_sql, no_geometries, NULL},
    /* An older file's names enter the new gazetteer at once. */
    {3, v3_sql, v3_geometries, trk_gazetteer_rebuild},
    {4, v4_sql, no_geometries, work_type_check_as_comparisons},
    {5, v5_sql, no_geometries, NULL},
    {6, v6_sql, no_geometries, NULL},
    {7, v7_sql, no_geometries, NULL},
    {8, v8_sql, no_geometries, NULL},
};

#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int trk_schema_latest(void) { return migrations[N_MIGRATIONS - 1].version; }

int trk_schema_version(gis_db *db) {
    return (int)gis_db_int(db, 0, "PRAGMA user_version", NULL);
}

static int run_migration(gis_db *db, const migration *m, gis_error *err) {
    const geometry_column *g;
    char sql[64];

    if (gis_db_begin(db, err))
        return 1;
    if (m->version == 1 && gis_db_init_spatial(db, err))
        goto fail;
    if (gis_db_exec(db, m->sql, err))
        goto fail;
    for (g = m->geometries; g->table; g++)
        if (gis_db_add_geometry(db, g->table, g->column, g->type, err))
            goto fail;
    if (m->derive && m->derive(db, err))
        goto fail;
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
    if (gis_db_exec(db, sql, err) || gis_db_commit(db, err))
        goto fail;
    return 0;
fail:
    gis_error_prefix(err, "schema version %d: ", m->version);
    gis_db_rollback(db);
    return 1;
}

int trk_schema_migrate(gis_db *db, int target, gis_error *err) {
    int i, have = trk_schema_version(db);

    if (have > trk_schema_latest()) {
        gis_error_set(err,
                      "'%s' has schema version %d, newer than this "
                      "tracker's %d: use a newer tracker",
                      db->path, have, trk_schema_latest());
        return 1;
    }
    for (i = 0; i < N_MIGRATIONS; i++)
        if (migrations[i].version > have && migrations[i].version <= target)
            if (run_migration(db, &migrations[i], err))
                return 1;
    return 0;
}
