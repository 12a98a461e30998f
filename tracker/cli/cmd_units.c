/*
 * cmd_units.c: `tracker units set|list|history`: the programme attributes
 * of units, set by officials, with their history.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gis_reader.h"
#include "trk_db.h"
#include "trk_units.h"

static int run(int argc, char **argv);

const cli_command cmd_units = {
    "units", run, "set and list units' programme attributes (ATK, region)",
    "usage: tracker units set CODE [--atk yes|no|unknown]\n"
    "                             [--region I|II|III|unknown]\n"
    "                             [--minority yes|no|unknown]\n"
    "                             [--ntm-year Y|unknown] [--basis TEXT]\n"
    "       tracker units set --file CSV [--basis TEXT]\n"
    "       tracker units list [--format table|csv|json]\n"
    "       tracker units history [CODE] [--format table|csv|json]\n"
    "\n"
    "The attributes decide the coverage target sets (tracker coverage\n"
    "--target atk|region-iii|minority).  Unknown is a value of its own,\n"
    "never read as no.  Every change is kept with who made it, when and on\n"
    "what basis (a decision such as QĐ 861/QĐ-TTg).  CODE is the unit's\n"
    "code on --as-of (default 2022-10-11, the plan's day).  The CSV has a\n"
    "column code and any of atk, region, minority, ntm_year, basis; all its\n"
    "rows are set in one transaction, or none.\n"
    "\n"
    "options:\n"
    "  --as-of DATE        the day the codes are read on\n"
    "  --by WHO            who sets them (default: $TRACKER_USER, $USER)\n"
    "  --format F          table (default), csv or json\n" CLI_DB_HELP};

/* A copy of a cell: OGR may reuse its buffer for the next field read. */
static const char *cell(gis_reader *r, const char *name, char *buf,
                        size_t size) {
    int i = gis_reader_field_index(r, name);
    const char *v = i >= 0 ? gis_reader_text(r, i) : "";
    if (!*v)
        return NULL;
    snprintf(buf, size, "%s", v);
    return buf;
}

static int set_from_file(gis_db *db, const char *file, const char *as_of,
                         const trk_unit_attrs *base, int *units, int *changes,
                         gis_error *err) {
    gis_reader *r = NULL;
    int rc;
    if (gis_reader_open(&r, file, NULL, err))
        return 1;
    if (gis_reader_field_index(r, "code") < 0) {
        gis_error_set(err, "'%s' has no column 'code'", file);
        gis_reader_close(r);
        return 1;
    }
    if (gis_db_begin(db, err)) {
        gis_reader_close(r);
        return 1;
    }
    while ((rc = gis_reader_next(r, err)) == 1) {
        trk_unit_attrs a = *base;
        char code_b[32], atk_b[16], region_b[16], minority_b[16], year_b[16],
            basis_b[512];
        const char *code = cell(r, "code", code_b, sizeof code_b);
        int n;
        a.atk = cell(r, "atk", atk_b, sizeof atk_b);
        a.region = cell(r, "region", region_b, sizeof region_b);
        a.minority = cell(r, "minority", minority_b, sizeof minority_b);
        a.ntm_year = cell(r, "ntm_year", year_b, sizeof year_b);
        if (cell(r, "basis", basis_b, sizeof basis_b))
            a.basis = basis_b;
        if (!code || trk_unit_set(db, code, as_of, &a, &n, err)) {
            if (!code)
                gis_error_set(err, "no code");
            gis_error_prefix(err, "'%s', %s: ", file, gis_reader_where(r));
            rc = -1;
            break;
        }
        (*units)++;
        *changes += n;
    }
    gis_reader_close(r);
    if (rc < 0 || gis_db_commit(db, err)) {
        gis_db_rollback(db);
        return 1;
    }
    return 0;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"atk", required_argument, NULL, 'a'},
        {"region", required_argument, NULL, 'r'},
        {"minority", required_argument, NULL, 'm'},
        {"ntm-year", required_argument, NULL, 'n'},
        {"basis", required_argument, NULL, 'B'},
        {"by", required_argument, NULL, 'b'},
        {"file", required_argument, NULL, 'F'},
        {"as-of", required_argument, NULL, 'A'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *file = NULL, *as_of = NULL,
               *action;
    trk_unit_attrs a = {0};
    cli_format format = CLI_TABLE;
    gis_db *db;
    gis_error err;
    int c, rc, units = 0, changes = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'a':
            a.atk = optarg;
            break;
        case 'r':
            a.region = optarg;
            break;
        case 'm':
            a.minority = optarg;
            break;
        case 'n':
            a.ntm_year = optarg;
            break;
        case 'B':
            a.basis = optarg;
            break;
        case 'b':
            a.by = optarg;
            break;
        case 'F':
            file = optarg;
            break;
        case 'A':
            if ((rc = cli_opt_date(&cmd_units, "--as-of", optarg, &as_of)))
                return rc;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_units, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_units);
        default:
            return cli_option_error(&cmd_units, c, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_units, "give set, list or history");
    action = argv[optind];
    if (!strcmp(action, "list") || !strcmp(action, "history")) {
        const char *code = optind + 1 < argc ? argv[optind + 1] : NULL;
        if (optind + (code ? 2 : 1) != argc ||
            (code && !strcmp(action, "list")))
            return cli_usage_error(&cmd_units, "too many arguments");
        if (!(db = cli_open_db(path)))
            return EXIT_RUNTIME;
        rc = cli_print_sql(
            db,
            !strcmp(action, "list")
                ? "SELECT code, full_name AS name, CASE WHEN valid_from IS"
                  " NULL THEN '2022' ELSE 'from ' || valid_from END AS"
                  " period, valid_to, atk, region, minority_area, ntm_year,"
                  " atk_basis FROM admin_unit WHERE ?1 IS NULL ORDER BY"
                  " valid_from IS NOT NULL, code"
                : "SELECT u.code, u.full_name AS name, c.attribute,"
                  " c.old_value, c.new_value, c.basis, c.changed_by,"
                  " c.changed_at FROM unit_attribute_change c JOIN"
                  " admin_unit u ON u.id = c.unit_id WHERE ?1 IS NULL OR"
                  " u.code = ?1 ORDER BY c.id",
            code, format);
        gis_db_close(db);
        return rc;
    }
    if (strcmp(action, "set"))
        return cli_usage_error(&cmd_units, "'%s' is not set, list or history",
                               action);
    if (file ? optind + 1 != argc
             : optind + 2 != argc ||
                   !(a.atk || a.region || a.minority || a.ntm_year))
        return cli_usage_error(&cmd_units,
                               "give CODE and an attribute to set, or "
                               "--file CSV");
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (file) {
        rc = set_from_file(db, file, as_of, &a, &units, &changes, &err);
    } else {
        rc = trk_unit_set(db, argv[optind + 1], as_of, &a, &changes, &err);
        units = 1;
    }
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    printf("%d unit%s, %d change%s recorded\n", units, units == 1 ? "" : "s",
           changes, changes == 1 ? "" : "s");
    return EXIT_OK;
}
