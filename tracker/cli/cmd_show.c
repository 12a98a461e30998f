/*
 * cmd_show.c: `tracker show CODE` prints one work in full: its fields,
 * then its allocations and progress events.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "trk_db.h"

static int run(int argc, char **argv);

const cli_command cmd_show = {
    "show", run, "show one work with its funding and progress",
    "usage: tracker show CODE [--history] [--db FILE]\n"
    "                   [--format table|csv|json]\n"
    "\n"
    "Shows a work: location and precision, units, status, allocations,\n"
    "contracts and progress events.  With csv or json, prints the work's\n"
    "fields only.  --history prints its timeline instead: every progress\n"
    "event (corrections marked), allocation and contract in date order,\n"
    "with who recorded it and when.\n"
    "\n"
    "options:\n" CLI_DB_HELP "  --history           the timeline of the work\n"
    "  --format F          table (default), csv or json\n"};

/* Everything that happened to a work, oldest first. */
static const char history_sql[] =
    "SELECT day, what, status, physical_pct, disbursed_vnd, amount_vnd,"
    " detail, recorded_by, recorded_at FROM (SELECT e.event_date AS day,"
    " CASE WHEN e.correction THEN 'correction' ELSE 'progress' END AS what,"
    " e.status, e.physical_pct, e.disbursed_vnd, NULL AS amount_vnd, e.note"
    " AS detail, e.reported_by AS recorded_by, e.recorded_at, 1 AS k, e.id"
    " AS n FROM progress_event e JOIN work w ON w.id = e.work_id WHERE"
    " w.code = ?1 UNION ALL SELECT coalesce(substr(a.recorded_at, 1, 10),"
    " a.year || '-01-01'), 'allocation', NULL, NULL, NULL, a.amount_vnd,"
    " a.budget_line_id || ' ' || a.year || ' ' || a.funding_source || ' ' ||"
    " a.capital_type || CASE WHEN a.forced THEN ' FORCED: ' ||"
    " a.override_note ELSE '' END || coalesce(' (' || a.note || ')', ''),"
    " a.recorded_by, a.recorded_at, 0, a.id FROM allocation a JOIN work w"
    " ON w.id = a.work_id WHERE w.code = ?1 UNION ALL SELECT"
    " coalesce(c.signed_on, substr(c.recorded_at, 1, 10)), 'contract',"
    " c.status, NULL, NULL, c.value_vnd, c.code || ' ' || c.purpose || ' '"
    " || c.contractor || coalesce(' MST ' || c.contractor_tax_code, '') ||"
    " coalesce(', due ' || c.due_on, ''), c.recorded_by, c.recorded_at, 2,"
    " c.id FROM contract c JOIN work w ON w.id = c.work_id WHERE w.code ="
    " ?1 UNION ALL SELECT substr(h.recorded_at, 1, 10), 'change', NULL,"
    " NULL, NULL, NULL, h.field || ': ' || coalesce(h.old_value, '-') || ' ->"
    " ' || coalesce(h.new_value, '-') || ' (' || h.source || ')',"
    " h.recorded_by, h.recorded_at, 3, h.id FROM work_change h JOIN work w"
    " ON w.id = h.work_id WHERE w.code = ?1) ORDER BY day, k, n";

/* One record reads better as "field  value" lines than as a wide row. */
static int print_vertical(sqlite3_stmt *st) {
    int i, rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc != SQLITE_DONE;
    for (i = 0; i < sqlite3_column_count(st); i++) {
        const char *v = (const char *)sqlite3_column_text(st, i);
        printf("%-18s %s\n", sqlite3_column_name(st, i), v ? v : "");
    }
    return 0;
}

/* The work itself, as "field  value" lines in table format. */
static int print_work(gis_db *db, const char *sql, const char *code,
                      cli_format format) {
    sqlite3_stmt *st = NULL;
    gis_error err;
    int rc;
    if (format != CLI_TABLE)
        return cli_print_sql(db, sql, code, format);
    if (gis_db_prepare(db, &st, sql, &err))
        return cli_error("%s", err.msg);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = print_vertical(st);
    if (rc)
        cli_error("database error: %s", sqlite3_errmsg(db->handle));
    sqlite3_finalize(st);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"history", no_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *code;
    cli_format format = CLI_TABLE;
    gis_db *db;
    int c, rc, history = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_show, optarg, 1, &format)))
                return rc;
            break;
        case 'H':
            history = 1;
            break;
        case 'h':
            return cli_help(&cmd_show);
        default:
            return cli_option_error(&cmd_show, c, argv);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(&cmd_show, "give exactly one work code");
    code = argv[optind];
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (gis_db_int(db, 0, "SELECT count(*) FROM work WHERE code = ?1", code,
                   NULL) == 0) {
        gis_db_close(db);
        return cli_error("no work with code '%s'", code);
    }
    if (history) {
        rc = cli_print_sql(db, history_sql, code, format);
        gis_db_close(db);
        return rc;
    }
    rc = print_work(db,
                    "SELECT code, name, category, category_vi, work_type,"
                    " unit_code, unit_name, unit_2022_code, unit_2022_name,"
                    " commune_2025_code, commune_2025_name, hamlet,"
                    " investor, status, status_vi, physical_pct,"
                    " amount_vnd, million_vi(amount_vnd) AS million_vnd,"
                    " budget_lines, round(length_m, 1) AS length_m, lon,"
                    " lat, precision_code, location_class, exactness,"
                    " precision_vi, illustrative, note FROM work_summary"
                    " WHERE code = ?1",
                    code, format);
    if (rc == EXIT_OK && format == CLI_TABLE) {
        printf("\nallocations:\n");
        rc = cli_print_sql(db,
                           "SELECT a.budget_line_id AS budget_line, a.year,"
                           " a.funding_source, a.capital_type, a.amount_vnd,"
                           " million_vi(a.amount_vnd) AS million_vnd FROM"
                           " allocation a JOIN work w ON w.id = a.work_id"
                           " WHERE w.code = ?1 ORDER BY a.id",
                           code, format);
    }
    if (rc == EXIT_OK && format == CLI_TABLE) {
        printf("\ncontracts:\n");
        rc = cli_print_sql(db,
                           "SELECT c.code AS contract, c.purpose,"
                           " c.contractor, c.contractor_tax_code AS tax_code,"
                           " c.method, million_vi(c.value_vnd) AS"
                           " million_vnd, c.signed_on, c.due_on, c.status"
                           " FROM contract c JOIN work w ON w.id = c.work_id"
                           " WHERE w.code = ?1 ORDER BY c.signed_on, c.id",
                           code, format);
    }
    if (rc == EXIT_OK && format == CLI_TABLE) {
        printf("\nprogress events:\n");
        rc = cli_print_sql(db,
                           "SELECT e.event_date, e.status, e.physical_pct,"
                           " e.disbursed_vnd, e.note, e.reported_by,"
                           " CASE WHEN e.correction THEN 'yes' ELSE '' END"
                           " AS correction FROM"
                           " progress_event e JOIN work w ON w.id = e.work_id"
                           " WHERE w.code = ?1 ORDER BY e.event_date, e.id",
                           code, format);
    }
    gis_db_close(db);
    return rc;
}
