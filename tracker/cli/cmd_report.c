/*
 * cmd_report.c: `tracker report budget|works`, the reports officials take
 * to meetings.  The library builds a report as tables of typed cells
 * (trk_report.h); this file prints them as an aligned table, CSV or JSON,
 * or has the library write an XLSX workbook.  Every format shows the same
 * cells: table and XLSX in million VND as the plan writes them, CSV and
 * JSON with the million text and the integer VND side by side.
 *
 * --output is written to a temporary file next to it and renamed into
 * place once complete, so a failed run leaves no half-written report and
 * an older report at that path stays as it was.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_money.h"
#include "trk_report.h"

static int run(int argc, char **argv);

const cli_command cmd_report = {
    "report", run, "print reports (budget, works)",
    "usage: tracker report budget|works [--format table|csv|json|xlsx]\n"
    "                     [--output FILE] [--today DATE] [--db FILE]\n"
    "\n"
    "budget: plan 227/KH-UBND line by line (TT, number, Nội dung, lead\n"
    "agency): the plan's central and local amounts, money allocated to\n"
    "works (central, local, other or unknown source), contracted value,\n"
    "disbursement and its rate against the plan (Tỷ lệ %); then the same\n"
    "by funding source and capital type against the plan's section III;\n"
    "each with its total (TỔNG CỘNG: 17.860,0 = 16.654,0 + 1.206,0).\n"
    "\n"
    "Contracted value (contracts not cancelled) and disbursement (the\n"
    "latest cumulative figure reported) belong to works.  A work's figures\n"
    "are split over its allocations in proportion to their amounts, in\n"
    "whole VND by the largest remainder method: each allocation gets the\n"
    "floor of its exact share and the dong left over go one each to the\n"
    "largest remainders (the earlier allocation on a tie), so the parts\n"
    "add up to the work's figure exactly.  A work with no allocated money\n"
    "is reported on its own row (Công trình chưa phân bổ vốn).\n"
    "\n"
    "works: each work with its code, name, commune, category, status,\n"
    "physical progress, allocated, contracted and disbursed money,\n"
    "contractors, contract status, flags (for --today) and the\n"
    "illustrative marker, then the totals.\n"
    "\n"
    "Money is million VND in table and xlsx (5.558,0; numeric cells in\n"
    "xlsx), and both million text (key) and integer VND (key_vnd) in csv\n"
    "and json.  Headings are Vietnamese; csv and json use stable English\n"
    "keys, with a kind per row (line, unallocated, subtotal, total...).\n"
    "\n"
    "options:\n"
    "  --format F          table (default), csv, json or xlsx\n"
    "  --output FILE       write there instead of stdout (needed for xlsx);\n"
    "                      replaced only once the report is complete\n"
    "  --today DATE        the report's day (YYYY-MM-DD) for its date and\n"
    "                      the flags (default: $TRACKER_TODAY, else "
    "today)\n" CLI_DB_HELP};

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_XLSX } out_format;

/* ---- cell text -------------------------------------------------------- */

static int is_number(const trk_report_col *c) {
    return c->type == TRK_COL_VND || c->type == TRK_COL_PCT ||
           c->type == TRK_COL_COUNT;
}

/* What people read in a cell (table): million VND, "12,3", cut text. */
static void shown(const trk_report_col *col, const trk_report_cell *c,
                  char *buf, size_t size) {
    char *p;
    *buf = '\0';
    switch (col->type) {
    case TRK_COL_VND:
        if (!c->null)
            trk_million_vi(c->value, buf, size);
        return;
    case TRK_COL_PCT:
        if (!c->null) {
            snprintf(buf, size, "%.1f", c->pct);
            if ((p = strchr(buf, '.')))
                *p = ',';
        }
        return;
    case TRK_COL_COUNT:
        if (!c->null)
            snprintf(buf, size, "%lld", (long long)c->value);
        return;
    default:
        break;
    }
    if (!c->text)
        return;
    if (col->cut <= 0 || cli_text_width(c->text) <= (size_t)col->cut) {
        snprintf(buf, size, "%s", c->text);
        return;
    }
    /* The first cut - 1 characters and an ellipsis. */
    {
        const unsigned char *s = (const unsigned char *)c->text;
        size_t n = 0, chars;
        for (chars = 0; s[n] && chars + 1 < (size_t)col->cut; chars++)
            for (n++; (s[n] & 0xC0) == 0x80; n++)
                ;
        while (n > 0 && s[n - 1] == ' ')
            n--;
        snprintf(buf, size, "%.*s…", (int)n, c->text);
    }
}

/* ---- table ------------------------------------------------------------ */

/* Writes text wrapped at about 100 columns, on word boundaries. */
static void wrapped(FILE *out, const char *text) {
    const char *s = text;
    while (*s) {
        const char *end = s, *brk = NULL;
        size_t w = 0;
        while (*end && w < 100) {
            if (*end == ' ')
                brk = end;
            end++;
            while (((unsigned char)*end & 0xC0) == 0x80)
                end++;
            w++;
        }
        if (*end && brk)
            end = brk;
        fprintf(out, "%.*s\n", (int)(end - s), s);
        s = end;
        while (*s == ' ')
            s++;
    }
}

/* Appends text padded to w columns (right-aligned when right). */
static char *pad(char *p, const char *text, size_t w, int right) {
    size_t tw = cli_text_width(text), n = strlen(text);
    if (right)
        for (; tw < w; tw++)
            *p++ = ' ';
    memcpy(p, text, n);
    p += n;
    if (!right)
        for (; tw < w; tw++)
            *p++ = ' ';
    return p;
}

static void put_line(FILE *out, char *line, char *end) {
    while (end > line && end[-1] == ' ')
        end--;
    *end = '\0';
    fprintf(out, "%s\n", line);
}

static int print_grid(FILE *out, const trk_report_table *t) {
    int vis[64], nv = 0, i, j, k, groups = 0, rc = 1;
    size_t w[64], total = 0, cap = 16;
    char **cells = NULL, *line = NULL, *p, buf[4096];

    for (i = 0; i < t->ncols && nv < 64; i++)
        if (!t->cols[i].data_only) {
            vis[nv++] = i;
            groups |= t->cols[i].group != NULL;
        }
    if (!(cells = calloc((size_t)t->nrows * nv + 1, sizeof *cells)))
        return 1;
    for (i = 0; i < nv; i++) {
        const trk_report_col *c = &t->cols[vis[i]];
        w[i] = cli_text_width(groups && c->group ? c->sub : c->label);
    }
    for (k = 0; k < t->nrows; k++)
        for (i = 0; i < nv; i++) {
            char **cell = &cells[(size_t)k * nv + i];
            shown(&t->cols[vis[i]], &t->cells[(size_t)k * t->ncols + vis[i]],
                  buf, sizeof buf);
            if (!(*cell = strdup(buf)))
                goto done;
            if (cli_text_width(*cell) > w[i])
                w[i] = cli_text_width(*cell);
        }
    /* A heading over a run of columns widens the run's last column when
     * the run is narrower than the heading. */
    for (i = 0; i < nv; i = j) {
        const char *g = t->cols[vis[i]].group;
        size_t span = w[i];
        for (j = i + 1; g && j < nv && t->cols[vis[j]].group &&
                        !strcmp(t->cols[vis[j]].group, g);
             j++)
            span += 2 + w[j];
        if (g && cli_text_width(g) > span)
            w[j - 1] += cli_text_width(g) - span;
    }
    for (i = 0; i < nv; i++) {
        total += w[i] + 2;
        cap += 4 * w[i] + 2;
    }
    if (!(line = malloc(cap)))
        goto done;
    if (groups) {
        p = line;
        for (i = 0; i < nv; i = j) {
            const char *g = t->cols[vis[i]].group;
            size_t span = w[i];
            for (j = i + 1; g && j < nv && t->cols[vis[j]].group &&
                            !strcmp(t->cols[vis[j]].group, g);
                 j++)
                span += 2 + w[j];
            p = pad(p, i ? "  " : "", i ? 2 : 0, 0);
            p = pad(p, g ? g : "", span, 0);
        }
        put_line(out, line, p);
    }
    p = line;
    for (i = 0; i < nv; i++) {
        const trk_report_col *c = &t->cols[vis[i]];
        p = pad(p, i ? "  " : "", i ? 2 : 0, 0);
        p = pad(p, groups && c->group ? c->sub : c->label, w[i], is_number(c));
    }
    put_line(out, line, p);
    memset(line, '-', total - 2);
    put_line(out, line, line + total - 2);
    for (k = 0; k < t->nrows; k++) {
        if (k > 0 && !strcmp(t->kinds[k], "total")) {
            memset(line, '-', total - 2);
            put_line(out, line, line + total - 2);
        }
        p = line;
        for (i = 0; i < nv; i++) {
            p = pad(p, i ? "  " : "", i ? 2 : 0, 0);
            p = pad(p, cells[(size_t)k * nv + i], w[i],
                    is_number(&t->cols[vis[i]]));
        }
        put_line(out, line, p);
    }
    rc = 0;
done:
    for (i = 0; cells && i < t->nrows * nv; i++)
        free(cells[i]);
    free(cells);
    free(line);
    return rc;
}

static int print_table(FILE *out, const trk_report *r) {
    int i;
    wrapped(out, r->title);
    wrapped(out, r->subtitle);
    if (r->note)
        wrapped(out, r->note);
    for (i = 0; i < r->ntables; i++) {
        fprintf(out, "\n%s\n\n", r->tables[i].heading);
        if (print_grid(out, &r->tables[i]))
            return 1;
    }
    return 0;
}

/* ---- CSV -------------------------------------------------------------- */

/* The data value of a cell as CSV/JSON text: VND as million text (main)
 * or integer (vnd), percentages with one decimal, booleans. */
static const char *data_text(const trk_report_col *col,
                             const trk_report_cell *c, int vnd, char *buf,
                             size_t size) {
    switch (col->type) {
    case TRK_COL_VND:
        if (c->null)
            return NULL;
        if (vnd)
            snprintf(buf, size, "%lld", (long long)c->value);
        else
            trk_million_vi(c->value, buf, size);
        return buf;
    case TRK_COL_PCT:
        if (c->null)
            return NULL;
        snprintf(buf, size, "%.1f", c->pct);
        return buf;
    case TRK_COL_COUNT:
        if (c->null)
            return NULL;
        snprintf(buf, size, "%lld", (long long)c->value);
        return buf;
    case TRK_COL_BOOL:
        return c->value ? "true" : "false";
    default:
        return c->text;
    }
}

/* The column of key in t, or -1. */
static int col_of(const trk_report_table *t, const char *key) {
    int i;
    for (i = 0; i < t->ncols; i++)
        if (!strcmp(t->cols[i].key, key))
            return i;
    return -1;
}

/* One CSV for every table: the union of their columns (in order of first
 * appearance), a section column when there are several tables, and the
 * row's kind. */
static int print_csv(FILE *out, const trk_report *r) {
    const trk_report_col *keys[128];
    int nkeys = 0, i, j, k, multi = r->ntables > 1;
    char buf[64];

    for (i = 0; i < r->ntables; i++)
        for (j = 0; j < r->tables[i].ncols; j++) {
            const trk_report_col *c = &r->tables[i].cols[j];
            for (k = 0; k < nkeys && strcmp(keys[k]->key, c->key); k++)
                ;
            if (k == nkeys && nkeys < 128)
                keys[nkeys++] = c;
        }
    fputs(multi ? "section,kind" : "kind", out);
    for (k = 0; k < nkeys; k++) {
        fprintf(out, ",%s", keys[k]->key);
        if (keys[k]->type == TRK_COL_VND)
            fprintf(out, ",%s_vnd", keys[k]->key);
    }
    fputc('\n', out);
    for (i = 0; i < r->ntables; i++) {
        const trk_report_table *t = &r->tables[i];
        int *at = malloc((size_t)nkeys * sizeof *at);
        if (!at)
            return 1;
        for (k = 0; k < nkeys; k++)
            at[k] = col_of(t, keys[k]->key);
        for (j = 0; j < t->nrows; j++) {
            const trk_report_cell *row = t->cells + (size_t)j * t->ncols;
            if (multi)
                fprintf(out, "%s,", t->key);
            fputs(t->kinds[j], out);
            for (k = 0; k < nkeys; k++) {
                const char *v = NULL;
                fputc(',', out);
                if (at[k] >= 0)
                    v = data_text(&t->cols[at[k]], &row[at[k]], 0, buf,
                                  sizeof buf);
                cli_csv_field(out, v ? v : "");
                if (keys[k]->type != TRK_COL_VND)
                    continue;
                fputc(',', out);
                v = at[k] >= 0 ? data_text(&t->cols[at[k]], &row[at[k]], 1, buf,
                                           sizeof buf)
                               : NULL;
                cli_csv_field(out, v ? v : "");
            }
            fputc('\n', out);
        }
        free(at);
    }
    return 0;
}

/* ---- JSON ------------------------------------------------------------- */

static void json_value(FILE *out, const trk_report_col *col,
                       const trk_report_cell *c, int vnd) {
    char buf[64];
    const char *v = data_text(col, c, vnd, buf, sizeof buf);
    if (col->type == TRK_COL_TEXT || (col->type == TRK_COL_VND && !vnd))
        cli_json_string(out, v);
    else
        fputs(v ? v : "null", out);
}

static int print_json(FILE *out, const trk_report *r) {
    char total[48];
    int i, j, k;

    fputs("{\"report\": ", out);
    cli_json_string(out, r->name);
    fputs(", \"title\": ", out);
    cli_json_string(out, r->title);
    fputs(", \"subtitle\": ", out);
    cli_json_string(out, r->subtitle);
    fputs(", \"note\": ", out);
    cli_json_string(out, r->note);
    fputs(", \"today\": ", out);
    cli_json_string(out, r->today);
    fputs(",\n \"plan\": ", out);
    if (r->plan_id) {
        fputs("{\"id\": ", out);
        cli_json_string(out, r->plan_id);
        fputs(", \"number\": ", out);
        cli_json_string(out, r->plan_number);
        fprintf(out, ", \"year\": %d, \"total\": ", r->plan_year);
        cli_json_string(out,
                        trk_million_vi(r->plan_total, total, sizeof total));
        fprintf(out, ", \"total_vnd\": %lld}", (long long)r->plan_total);
    } else {
        fputs("null", out);
    }
    fprintf(out,
            ",\n \"work_count\": %d, \"illustrative_works\": %d,"
            " \"unallocated_works\": %d",
            r->works, r->illustrative, r->unallocated);
    for (i = 0; i < r->ntables; i++) {
        const trk_report_table *t = &r->tables[i];
        fputs(",\n \"", out);
        fputs(t->key, out);
        fputs("\": [", out);
        for (j = 0; j < t->nrows; j++) {
            const trk_report_cell *row = t->cells + (size_t)j * t->ncols;
            fputs(j ? ",\n  {\"kind\": " : "\n  {\"kind\": ", out);
            cli_json_string(out, t->kinds[j]);
            for (k = 0; k < t->ncols; k++) {
                fputs(", ", out);
                cli_json_string(out, t->cols[k].key);
                fputs(": ", out);
                json_value(out, &t->cols[k], &row[k], 0);
                if (t->cols[k].type == TRK_COL_VND) {
                    fprintf(out, ", \"%s_vnd\": ", t->cols[k].key);
                    json_value(out, &t->cols[k], &row[k], 1);
                }
            }
            fputc('}', out);
        }
        fputs(t->nrows ? "\n ]" : "]", out);
    }
    fputs("}\n", out);
    return 0;
}

/* ---- output ----------------------------------------------------------- */

static int emit(FILE *out, const trk_report *r, out_format format) {
    switch (format) {
    case OUT_CSV:
        return print_csv(out, r);
    case OUT_JSON:
        return print_json(out, r);
    default:
        return print_table(out, r);
    }
}

/* Writes the report to path through a temporary file in its directory,
 * renamed into place when complete. */
static int write_file(const trk_report *r, out_format format,
                      const char *path) {
    char tmp[4096];
    const char *slash = strrchr(path, '/');
    gis_error err;
    mode_t mask;
    FILE *f;
    int fd, failed;

    if (slash)
        snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path,
                 slash + 1);
    else
        snprintf(tmp, sizeof tmp, ".%s.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0)
        return cli_error("cannot write '%s': %s", path, strerror(errno));
    /* mkstemp makes the file private; a report is an ordinary file. */
    mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (format == OUT_XLSX) {
        close(fd);
        if (trk_report_xlsx(r, tmp, &err)) {
            unlink(tmp);
            return cli_error("%s", err.msg);
        }
    } else {
        if (!(f = fdopen(fd, "w"))) {
            int e = errno;
            close(fd);
            unlink(tmp);
            return cli_error("cannot write '%s': %s", path, strerror(e));
        }
        failed = emit(f, r, format);
        failed |= ferror(f);
        if (fclose(f) != 0 || failed) {
            int e = errno;
            unlink(tmp);
            return cli_error("cannot write '%s': %s", path,
                             e ? strerror(e) : "write error");
        }
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return cli_error("cannot write '%s': %s", path, strerror(e));
    }
    return EXIT_OK;
}

static int write_stdout(const trk_report *r, out_format format) {
    int failed = emit(stdout, r, format);
    if (fflush(stdout) != 0 || ferror(stdout) || failed)
        return cli_error("cannot write the report to stdout: %s",
                         strerror(errno ? errno : EIO));
    return EXIT_OK;
}

/* Whether path names the database file itself. */
static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *output = NULL, *today = NULL;
    out_format format = OUT_TABLE;
    cli_format cf;
    trk_report r;
    gis_error err;
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
            if (!strcmp(optarg, "xlsx"))
                format = OUT_XLSX;
            else if (!cli_parse_format(optarg, &cf))
                format = cf == CLI_CSV    ? OUT_CSV
                         : cf == CLI_JSON ? OUT_JSON
                                          : OUT_TABLE;
            else
                return cli_usage_error(
                    &cmd_report,
                    "--format: '%s' is not table, csv, json or"
                    " xlsx",
                    optarg);
            break;
        case 'o':
            if (!*optarg)
                return cli_usage_error(&cmd_report,
                                       "--output needs a file name");
            output = optarg;
            break;
        case 't':
            if ((rc = cli_opt_date(&cmd_report, "--today", optarg, &today)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_report);
        default:
            return cli_option_error(&cmd_report, c, argv);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_report,
                               argc - optind
                                   ? "give one report name (budget or works)"
                                   : "give a report name (budget or works)");
    if (strcmp(argv[optind], "budget") && strcmp(argv[optind], "works"))
        return cli_usage_error(&cmd_report,
                               "unknown report '%s' (known: budget, works)",
                               argv[optind]);
    if (format == OUT_XLSX && !output)
        return cli_usage_error(&cmd_report,
                               "--format xlsx needs --output FILE");
    if (output && cli_same_file(output, path))
        return cli_usage_error(&cmd_report,
                               "--output: '%s' is the database itself", output);
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = !strcmp(argv[optind], "budget")
             ? trk_report_budget(db, today, &r, &err)
             : trk_report_works(db, today, &r, &err);
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    rc = output ? write_file(&r, format, output) : write_stdout(&r, format);
    trk_report_release(&r);
    return rc;
}
