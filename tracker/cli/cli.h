/*
 * cli.h: what the `tracker` commands share: the command table entry,
 * error and usage reporting (git style: "error: ...", usage errors exit 2,
 * runtime failures exit 1), and printing query rows as table, CSV or JSON.
 * Only the CLI prints; the libraries below it return messages.
 */
#ifndef CLI_H
#define CLI_H

#include <sqlite3.h>
#include <stdio.h>

#include "gis_db.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage; /* full help text, starting with the usage line */
} cli_command;

/* Prints "error: <msg>" to stderr; returns EXIT_RUNTIME. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "error: <msg>" and the command's usage line to stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The usage error for what getopt_long returned as c (':' for a missing
 * value, anything else for an unknown option); returns EXIT_USAGE. */
int cli_option_error(const cli_command *cmd, int c, char **argv);

/* Prints the command's full help to stdout; returns EXIT_OK. */
int cli_help(const cli_command *cmd);

typedef enum { CLI_TABLE, CLI_CSV, CLI_JSON } cli_format;

/* Parses "table", "csv" or "json"; 0 on success. */
int cli_parse_format(const char *text, cli_format *out);

/* Prints every row of st; 0 on success, else the database error is in
 * sqlite3_errmsg. */
int cli_print_rows(sqlite3_stmt *st, cli_format format, FILE *out);

/* Runs sql (with ?1 bound to arg when arg is not NULL) and prints its
 * rows; prints the error and returns EXIT_RUNTIME on failure. */
int cli_print_sql(gis_db *db, const char *sql, const char *arg,
                  cli_format format);

/* Opens the tracker database at path (migrating it); prints the error and
 * returns NULL on failure. */
gis_db *cli_open_db(const char *path);

/* Parses a decimal number filling the whole string; 0 on success. */
int cli_parse_double(const char *text, double *out);

/* Parses an ISO date (YYYY-MM-DD); 0 on success. */
int cli_parse_date(const char *text);

#define CLI_DB_HELP                                                            \
    "  --db FILE           the database (default: $TRACKER_DB, else "          \
    "tracker.sqlite)\n"

extern const cli_command cmd_init, cmd_add, cmd_list, cmd_show, cmd_export,
    cmd_report, cmd_layers, cmd_demo, cmd_geocode;

#endif
