/*
 * cli.c: error reporting and row printing shared by the commands.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gis_coord.h"
#include "trk_db.h"
#include "trk_money.h"
#include "trk_parse.h"

int cli_error(const char *fmt, ...) {
    va_list ap;
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_RUNTIME;
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...) {
    va_list ap;
    const char *end = strchr(cmd->usage, '\n');
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%.*s\n(see 'tracker %s --help')\n",
            end ? (int)(end - cmd->usage) : (int)strlen(cmd->usage), cmd->usage,
            cmd->name);
    return EXIT_USAGE;
}

int cli_option_error(const cli_command *cmd, int c, char **argv) {
    if (c == ':')
        return cli_usage_error(cmd, "option '%s' needs a value",
                               argv[optind - 1]);
    return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int cli_help(const cli_command *cmd) {
    fputs(cmd->usage, stdout);
    return EXIT_OK;
}

int cli_parse_format(const char *text, cli_format *out) {
    if (!strcmp(text, "table"))
        *out = CLI_TABLE;
    else if (!strcmp(text, "csv"))
        *out = CLI_CSV;
    else if (!strcmp(text, "json"))
        *out = CLI_JSON;
    else
        return 1;
    return 0;
}

int cli_print_sql(gis_db *db, const char *sql, const char *arg,
                  cli_format format) {
    sqlite3_stmt *st = NULL;
    gis_error err;
    int rc;
    if (gis_db_prepare(db, &st, sql, &err))
        return cli_error("%s", err.msg);
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    rc = cli_print_rows(st, format, stdout);
    if (rc)
        cli_error("database error: %s", sqlite3_errmsg(db->handle));
    sqlite3_finalize(st);
    return rc ? EXIT_RUNTIME : EXIT_OK;
}

gis_db *cli_open_db(const char *path) {
    gis_db *db = NULL;
    gis_error err;
    if (trk_db_open(&db, path, &err)) {
        cli_error("%s", err.msg);
        return NULL;
    }
    return db;
}

int cli_parse_double(const char *text, double *out) {
    char *end;
    if (!text || !*text)
        return 1;
    *out = strtod(text, &end);
    return *end != '\0' || end == text;
}

int cli_opt_date(const cli_command *cmd, const char *opt, const char *value,
                 const char **out) {
    /* The importer's parser, so every command takes a date as the office
     * writes it (30/06/2023) as well as ISO; the normalised dates live
     * as long as the command (a few options at most). */
    static char dates[8][11];
    static int next;
    char why[160];
    if (trk_parse_date(value, dates[next % 8], why, sizeof why))
        return cli_usage_error(cmd, "%s: %s", opt, why);
    *out = dates[next++ % 8];
    return 0;
}

int cli_opt_format(const cli_command *cmd, const char *value, int csv_ok,
                   cli_format *out) {
    if (cli_parse_format(value, out) || (!csv_ok && *out == CLI_CSV))
        return cli_usage_error(cmd, "--format: '%s' is not %s", value,
                               csv_ok ? "table, csv or json" : "table or json");
    return 0;
}

size_t cli_text_width(const char *s) {
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

void cli_csv_field(FILE *out, const char *s) {
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void cli_json_string(FILE *out, const char *s) {
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static int print_table(sqlite3_stmt *st, FILE *out) {
    int ncol = sqlite3_column_count(st), i, rc, nrows = 0, cap = 0;
    size_t *w = calloc(ncol, sizeof *w);
    char **cells = NULL;

    if (!w)
        return 1;
    for (i = 0; i < ncol; i++)
        w[i] = cli_text_width(sqlite3_column_name(st, i));
    /* Rows are read once into memory so columns can be aligned. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((nrows + 1) * ncol > cap) {
            char **more;
            cap = (cap ? cap * 2 : 64) + ncol;
            more = realloc(cells, cap * sizeof *cells);
            if (!more) {
                rc = SQLITE_NOMEM;
                break;
            }
            cells = more;
        }
        for (i = 0; i < ncol; i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            char *copy = strdup(v ? v : "");
            cells[nrows * ncol + i] = copy;
            if (copy && cli_text_width(copy) > w[i])
                w[i] = cli_text_width(copy);
        }
        nrows++;
    }
    if (rc == SQLITE_DONE) {
        for (i = 0; i < ncol; i++) {
            const char *name = sqlite3_column_name(st, i);
            int pad = i == ncol - 1
                          ? 0
                          : (int)(w[i] + strlen(name) - cli_text_width(name));
            fprintf(out, "%s%-*s", i ? "  " : "", pad, name);
        }
        fputc('\n', out);
        for (int r = 0; r < nrows; r++) {
            for (i = 0; i < ncol; i++) {
                const char *c = cells[r * ncol + i] ? cells[r * ncol + i] : "";
                int right = *c && strspn(c, "0123456789.,-") == strlen(c);
                int pad = (int)(w[i] + strlen(c) - cli_text_width(c));
                if (i == ncol - 1 && !right)
                    fprintf(out, "%s%s", i ? "  " : "", c);
                else
                    fprintf(out, right ? "%s%*s" : "%s%-*s", i ? "  " : "", pad,
                            c);
            }
            fputc('\n', out);
        }
    }
    for (i = 0; i < nrows * ncol; i++)
        free(cells[i]);
    free(cells);
    free(w);
    return rc != SQLITE_DONE;
}

int cli_print_rows(sqlite3_stmt *st, cli_format format, FILE *out) {
    int ncol = sqlite3_column_count(st), i, rc, n = 0;

    if (format == CLI_TABLE)
        return print_table(st, out);
    if (format == CLI_CSV) {
        for (i = 0; i < ncol; i++) {
            if (i)
                fputc(',', out);
            cli_csv_field(out, sqlite3_column_name(st, i));
        }
        fputc('\n', out);
    } else {
        fputs("[", out);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (format == CLI_JSON)
            fputs(n ? ",\n {" : "\n {", out);
        for (i = 0; i < ncol; i++) {
            int t = sqlite3_column_type(st, i);
            const char *v = (const char *)sqlite3_column_text(st, i);
            if (format == CLI_CSV) {
                if (i)
                    fputc(',', out);
                cli_csv_field(out, v ? v : "");
                continue;
            }
            if (i)
                fputs(", ", out);
            cli_json_string(out, sqlite3_column_name(st, i));
            fputs(": ", out);
            if (t == SQLITE_NULL)
                fputs("null", out);
            else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
                fputs(v, out);
            else
                cli_json_string(out, v);
        }
        if (format == CLI_CSV)
            fputc('\n', out);
        else
            fputc('}', out);
        n++;
    }
    if (format == CLI_JSON)
        fputs(n ? "\n]\n" : "]\n", out);
    return rc != SQLITE_DONE;
}

void cli_point_take(cli_point *p, const char *optarg_, int argc, char **argv) {
    const char *next = optind < argc ? argv[optind] : NULL;
    p->given = 1;
    /* "LON LAT" as two arguments, unless the first already holds both
     * ("21.63, 105.64", a DMS text) or the next is an option. */
    p->two_values =
        next && !strpbrk(optarg_, " ,;\t") &&
        !(next[0] == '-' && (next[1] < '0' || next[1] > '9') && next[1] != '.');
    if (p->two_values) {
        snprintf(p->text, sizeof p->text, "%s %s", optarg_, next);
        snprintf(p->first, sizeof p->first, "%s", optarg_);
        snprintf(p->second, sizeof p->second, "%s", next);
        optind++;
    } else {
        snprintf(p->text, sizeof p->text, "%s", optarg_);
    }
}

int cli_point_read(const cli_command *cmd, const char *opt, const cli_point *p,
                   const char *crs, double *lon, double *lat, char *form,
                   size_t formsize) {
    gis_coord c;
    gis_error err;
    double v;

    if (p->two_values && !crs) {
        /* The documented order; check_point reports a swapped pair. */
        if (cli_parse_double(p->first, lon))
            return cli_usage_error(cmd, "%s: longitude '%s' is not a number",
                                   opt, p->first);
        if (cli_parse_double(p->second, lat))
            return cli_usage_error(cmd, "%s: latitude '%s' is not a number",
                                   opt, p->second);
        snprintf(form, formsize, "lonlat");
        return 0;
    }
    if (!crs && !cli_parse_double(p->text, &v))
        return cli_usage_error(cmd, "%s needs two values: LON LAT (got '%s')",
                               opt, p->text);
    if (gis_coord_parse(p->text, crs, &c, &err))
        return cli_usage_error(cmd, "%s: %s", opt, err.msg);
    *lon = c.lon;
    *lat = c.lat;
    snprintf(form, formsize, "%s in %s", c.form, c.crs);
    return 0;
}

int cli_parse_vnd(const cli_command *cmd, const char *opt, const char *text,
                  int64_t *vnd) {
    char why[256];
    if (trk_parse_amount(text, TRK_MONEY_VND, vnd, why, sizeof why))
        return cli_usage_error(cmd, "%s: %s", opt, why);
    if (*vnd < 0)
        return cli_usage_error(cmd, "%s: '%s' is negative", opt, text);
    if (*vnd > TRK_MONEY_MAX_VND)
        return cli_usage_error(cmd,
                               "%s: '%s' is more than 10^15 VND: is the unit "
                               "wrong?",
                               opt, text);
    return 0;
}

int cli_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cli_output_not_db(const cli_command *cmd, const char *opt,
                      const char *output, const char *db_path) {
    if (cli_same_file(output, db_path))
        return cli_usage_error(cmd, "%s: '%s' is the database itself", opt,
                               output);
    return 0;
}
