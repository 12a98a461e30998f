/*
 * cmd_import.c: `tracker import works FILE` reads works from the files
 * offices and field teams already have, and reports on every row.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_import.h"

static int run(int argc, char **argv);

const cli_command cmd_import = {
    "import", run, "import works from CSV, XLSX, GeoJSON, GPX, KML, ...",
    "usage: tracker import works FILE [--map FIELD=COLUMN]...\n"
    "                    [--map-value TEXT=CATEGORY]... [--as-of DATE]\n"
    "                    [--crs CRS] [--dry-run] [--force] [--report FILE]\n"
    "\n"
    "Reads works from any source OGR reads: CSV, XLSX, GeoJSON, KML/KMZ,\n"
    "GPX (waypoints are sites; tracks and routes become line works),\n"
    "Shapefile, GeoPackage, FlatGeobuf, and KoboToolbox or ODK Central CSV\n"
    "exports (their GPS columns and accuracy are read).  Columns are found\n"
    "by their headers in Vietnamese or English (Tên công trình, Loại công\n"
    "trình, Xã, Thôn/xóm, Địa điểm, Kinh độ, Vĩ độ, X, Y, Kế hoạch vốn,\n"
    "Tổng mức đầu tư, Giải ngân, Nguồn vốn, Chủ đầu tư, Năm, Tình trạng,\n"
    "...) or by --map.  Kế hoạch vốn / Vốn phân bổ is the year's allocation\n"
    "of the plan line (checked against the plan's caps), Tổng mức đầu tư\n"
    "the work's total investment, Giải ngân the disbursement to date.\n"
    "KML folders are all read; a polygon is a site placed inside it.  Amounts "
    "are\n"
    "read as officials write them (1.234,5 triệu; 1,2 tỷ; 850.000.000\n"
    "đồng), dates as dd/mm/yyyy, TCVN3 text is converted.  A row without\n"
    "coordinates is located from its place text by the gazetteer.\n"
    "\n"
    "One transaction: a file with any bad row writes nothing, and every bad\n"
    "row is listed with its line (or feature), field and reason.  The same\n"
    "file imported again updates works in place (by code; rows without a\n"
    "code get one made from their name, unit and place) and changes\n"
    "nothing when nothing changed.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --map FIELD=COLUMN  read FIELD from COLUMN; fields: code, name,\n"
    "                      category, unit, hamlet, place, lon, lat, x, y,\n"
    "                      coords, accuracy, amount, budget, investor, year,\n"
    "                      start, end, status, type, note, total,\n"
    "                      disbursed, contract_value\n"
    "  --map-value T=ID    read category text T as the category ID\n"
    "  --as-of DATE        which units the file's codes and names mean\n"
    "                      (default 2022-10-11, the plan's units)\n"
    "  --crs CRS           the CRS of X/Y columns (default: VN-2000 TM-3\n"
    "                      106°30' for surveyors' X/Y around Đại Từ)\n"
    "  --dry-run           check and show what would change; write nothing\n"
    "  --force             record allocations past the plan's caps as\n"
    "                      overrides, with their figures\n"
    "  --report FILE       write the row report as CSV\n"};

typedef struct out {
    FILE *report;
    int verbose;
    long rows; /* shown by the progress bar */
    int tty;
} out;

static void csv(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void on_row(const trk_import_row *r, void *ctx) {
    out *o = ctx;
    if (o->report) {
        csv(o->report, r->where);
        fputc(',', o->report);
        csv(o->report, r->code);
        fputc(',', o->report);
        csv(o->report, r->action);
        fputc(',', o->report);
        csv(o->report, r->field);
        fputc(',', o->report);
        csv(o->report, r->message);
        fputc('\n', o->report);
    }
    if (!strcmp(r->action, "error") || !strcmp(r->action, "warning") ||
        !strcmp(r->action, "note"))
        printf("%-7s %s%s%s, field %s: %s\n", r->action, r->where,
               *r->code ? " " : "", r->code, *r->field ? r->field : "-",
               r->message);
    else if (o->verbose)
        printf("%-9s %s %s: %s\n", r->action, r->where, r->code, r->message);
}

/* A bar on stderr for people watching long files; only on a terminal. */
static void progress(long done, long total, void *ctx) {
    out *o = ctx;
    char bar[41];
    int i, fill;
    if (!o->tty || total < 2000)
        return;
    fill = (int)(40 * (done > total ? total : done) / total);
    for (i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r[%s] %3ld%% %ld/%ld rows", bar, 100 * done / total, done,
            total);
    o->rows = done;
}

/* FIELD=COLUMN with a field the importer knows. */
static int known_map(const char *m) {
    const char *eq = strchr(m, '=');
    if (!eq || !eq[1])
        return 0;
    for (const char *const *f = trk_import_fields; *f; f++)
        if (strlen(*f) == (size_t)(eq - m) && !strncmp(m, *f, eq - m))
            return 1;
    return 0;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"map", required_argument, NULL, 'm'},
        {"map-value", required_argument, NULL, 'v'},
        {"as-of", required_argument, NULL, 'a'},
        {"crs", required_argument, NULL, 'c'},
        {"dry-run", no_argument, NULL, 'n'},
        {"force", no_argument, NULL, 'f'},
        {"report", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *report = NULL;
    const char *maps[64], *values[64];
    int nmaps = 0, nvalues = 0, c, rc;
    trk_import_opts o = {maps, values, NULL, NULL, 0, progress, NULL, 0};
    trk_import_stats st;
    out sink = {0};
    gis_db *db;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'm':
            if (nmaps == 63)
                return cli_usage_error(&cmd_import, "too many --map");
            if (!known_map(optarg))
                return cli_usage_error(&cmd_import,
                                       "--map '%s': not FIELD=COLUMN with a "
                                       "field such as name, category, unit, "
                                       "lon, lat",
                                       optarg);
            maps[nmaps++] = optarg;
            break;
        case 'v':
            if (nvalues == 63 || !strchr(optarg, '='))
                return cli_usage_error(
                    &cmd_import, "--map-value: '%s' is not TEXT=ID", optarg);
            values[nvalues++] = optarg;
            break;
        case 'a':
            if ((rc = cli_opt_date(&cmd_import, "--as-of", optarg, &o.as_of)))
                return rc;
            break;
        case 'c':
            o.crs = optarg;
            break;
        case 'n':
            o.dry_run = 1;
            break;
        case 'f':
            o.force = 1;
            break;
        case 'r':
            report = optarg;
            break;
        case 'h':
            return cli_help(&cmd_import);
        default:
            return cli_option_error(&cmd_import, c, argv);
        }
    }
    maps[nmaps] = NULL;
    values[nvalues] = NULL;
    if (argc - optind != 2 || strcmp(argv[optind], "works"))
        return cli_usage_error(&cmd_import, "expected: import works FILE");
    if (report && !(sink.report = fopen(report, "w")))
        return cli_error("cannot write '%s'", report);
    if (sink.report)
        fputs("where,code,action,field,message\n", sink.report);
    sink.verbose = o.dry_run;
    sink.tty = isatty(2);
    o.progress_ctx = &sink;
    if (!(db = cli_open_db(path))) {
        if (sink.report)
            fclose(sink.report);
        return EXIT_RUNTIME;
    }
    rc = trk_import_works(db, argv[optind + 1], &o, on_row, &sink, &st, &err);
    gis_db_close(db);
    if (sink.tty && sink.rows > 0)
        fputc('\n', stderr);
    if (sink.report)
        fclose(sink.report);
    if (rc)
        return cli_error("%s", err.msg);
    printf("%s%ld rows: %ld added, %ld updated, %ld unchanged, %ld "
           "warning%s\n",
           o.dry_run ? "dry run, nothing written: " : "", st.rows, st.added,
           st.updated, st.unchanged, st.warnings, st.warnings == 1 ? "" : "s");
    return EXIT_OK;
}
