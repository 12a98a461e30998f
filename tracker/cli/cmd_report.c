/*
 * cmd_report.c: `tracker report budget` prints the plan's budget lines and
 * totals from the database, in million VND the way the plan writes them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"

static int run(int argc, char **argv);

const cli_command cmd_report = {
    "report", run, "print reports (budget)",
    "usage: tracker report budget [--db FILE] [--format table|csv|json]\n"
    "\n"
    "Prints the funded lines of the plan (227/KH-UBND for 2022) with the\n"
    "lead agency and the central and local amounts, their total, and the\n"
    "plan's own totals by source and capital type (section III).  Amounts\n"
    "are million VND as the plan writes them (17.860,0); csv and json add\n"
    "the integer VND.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --format F          table (default), csv or json\n"};

static const char lines_sql[] =
    "SELECT b.id AS line, CASE WHEN p.level = 'du_an' THEN p.number || ', '"
    " || b.number ELSE b.number END AS number, b.lead_agency,"
    " million_vi(b.central_vnd) AS central, million_vi(b.local_vnd) AS"
    " local, million_vi(b.central_vnd + b.local_vnd) AS total,"
    " b.central_vnd, b.local_vnd, b.central_vnd + b.local_vnd AS"
    " total_vnd, b.plan_section, b.title FROM budget_line b LEFT JOIN"
    " budget_line p ON p.id = b.parent_id WHERE b.central_vnd IS NOT NULL"
    " OR b.local_vnd IS NOT NULL ORDER BY b.sort";

static const char lines_table_sql[] =
    "SELECT line, number, lead_agency, central, local, total FROM (%s)";

static const char total_sql[] =
    "SELECT 'TỔNG CỘNG' AS line, million_vi(sum(central_vnd)) AS central,"
    " million_vi(sum(local_vnd)) AS local, million_vi(sum(central_vnd +"
    " local_vnd)) AS total, sum(central_vnd) AS central_vnd,"
    " sum(local_vnd) AS local_vnd, sum(central_vnd + local_vnd) AS"
    " total_vnd, (SELECT total_vnd FROM plan LIMIT 1) AS plan_total_vnd"
    " FROM budget_line WHERE central_vnd IS NOT NULL OR local_vnd IS NOT"
    " NULL";

static const char section_sql[] =
    "SELECT p.number AS plan, t.plan_section, t.funding_source,"
    " t.capital_type, million_vi(t.amount_vnd) AS million_vnd, t.amount_vnd"
    " FROM plan_total t JOIN plan p ON p.id = t.plan_id ORDER BY"
    " t.funding_source, t.capital_type DESC";

static int report_budget(gis_db *db, cli_format format) {
    char sql[2048];
    sqlite3_stmt *st = NULL;
    gis_error err;
    int rc;

    if (gis_db_int(db, 0, "SELECT count(*) FROM plan", NULL) == 0)
        return cli_error("'%s' holds no plan (was it created with "
                         "--empty?)",
                         db->path);
    if (format == CLI_JSON) {
        fputs("{\"lines\": ", stdout);
        rc = cli_print_sql(db, lines_sql, NULL, format);
        fputs(", \"total\": ", stdout);
        rc = rc ? rc : cli_print_sql(db, total_sql, NULL, format);
        fputs(", \"section_iii\": ", stdout);
        rc = rc ? rc : cli_print_sql(db, section_sql, NULL, format);
        fputs("}\n", stdout);
        return rc;
    }
    if (format == CLI_CSV)
        return cli_print_sql(db, lines_sql, NULL, format);
    if (gis_db_prepare(db, &st,
                       "SELECT 'Kế hoạch ' || number || ' ngày ' ||"
                       " strftime('%d/%m/%Y', issued_on) || ', vốn năm ' ||"
                       " year || ' (triệu đồng)' FROM plan LIMIT 1",
                       &err))
        return cli_error("%s", err.msg);
    if (sqlite3_step(st) == SQLITE_ROW)
        printf("%s\n\n", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql, lines_table_sql, lines_sql);
    if ((rc = cli_print_sql(db, sql, NULL, format)))
        return rc;
    putchar('\n');
    snprintf(sql, sizeof sql, "SELECT line, central, local, total FROM (%s)",
             total_sql);
    if ((rc = cli_print_sql(db, sql, NULL, format)))
        return rc;
    printf("\nMục III của kế hoạch (theo nguồn vốn và loại vốn):\n");
    return cli_print_sql(db,
                         "SELECT funding_source AS source, capital_type AS"
                         " capital, million_vi(amount_vnd) AS million_vnd"
                         " FROM plan_total ORDER BY funding_source,"
                         " capital_type",
                         NULL, format);
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path();
    cli_format format = CLI_TABLE;
    gis_db *db;
    int c, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_report, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_report);
        default:
            return cli_option_error(&cmd_report, c, argv);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_report, "give a report name (budget)");
    if (strcmp(argv[optind], "budget"))
        return cli_usage_error(
            &cmd_report, "unknown report '%s' (known: budget)", argv[optind]);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = report_budget(db, format);
    gis_db_close(db);
    return rc;
}
