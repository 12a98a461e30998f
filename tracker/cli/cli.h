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

/* Option helpers: store the value of opt, or print the usage error and
 * return EXIT_USAGE.  Dates are read as trk_parse_date reads them
 * (dd/mm/yyyy, ISO, ...) and stored as YYYY-MM-DD.  csv_ok is 0 for commands
 * that print one record. */
int cli_opt_date(const cli_command *cmd, const char *opt, const char *value,
                 const char **out);
int cli_opt_format(const cli_command *cmd, const char *value, int csv_ok,
                   cli_format *out);

/* A location as the user gave it, read once all options are known (the
 * CRS may come after it). */
typedef struct cli_point {
    int given;
    int two_values; /* "--point LON LAT": given as two arguments */
    char text[256], first[128], second[128];
} cli_point;

/* Takes the value(s) of a location option: two arguments (the second
 * from argv[optind], which is then skipped) or one text. */
void cli_point_take(cli_point *p, const char *optarg_, int argc, char **argv);

/* Reads p into WGS84.  Two values without a CRS are longitude then
 * latitude, strictly (a swapped pair is reported, not guessed); with a CRS,
 * or as one text, any form gis_coord reads (lat/lon told by range, DMS,
 * VN-2000 X/Y).  form receives how it was read.  Prints a usage error and
 * returns EXIT_USAGE on bad input, else 0. */
int cli_point_read(const cli_command *cmd, const char *opt, const cli_point *p,
                   const char *crs, double *lon, double *lat, char *form,
                   size_t formsize);

#define CLI_POINT_HELP                                                         \
    "                      LON LAT in WGS84 degrees, or one quoted text in\n"  \
    "                      any form: \"21.63, 105.64\", 21°37'48\"N\n"        \
    "                      105°38'24\"E, or with --crs the surveyors' X Y\n"  \
    "  --crs CRS           the CRS of the point: EPSG:nnnn, VN2000,\n"         \
    "                      VN2000-UTM48, VN2000-TM3-10630 (Thái Nguyên's\n"  \
    "                      zone; X = northing first) or a PROJ string\n"

#define CLI_DB_HELP                                                            \
    "  --db FILE           the database (default: $TRACKER_DB, else "          \
    "tracker.sqlite)\n"

/* Parses an amount of VND as officials write it ("1500000000",
 * "1.500 triệu", "1,5 tỷ") for option opt; a usage error otherwise. */
int cli_parse_vnd(const cli_command *cmd, const char *opt, const char *text,
                  int64_t *vnd);

/* Display width of UTF-8 text: one column per code point, which holds for
 * Vietnamese in precomposed (NFC) form. */
size_t cli_text_width(const char *s);

/* s as one CSV field (RFC 4180: quoted when it holds a comma, quote or
 * line break). */
void cli_csv_field(FILE *out, const char *s);

/* s as a JSON string, or null when s is NULL. */
void cli_json_string(FILE *out, const char *s);

/* 1 when a and b name the same existing file. */
int cli_same_file(const char *a, const char *b);

/* A usage error when output (written for option opt) is the database
 * itself: writing it would destroy the database. */
int cli_output_not_db(const cli_command *cmd, const char *opt,
                      const char *output, const char *db_path);

extern const cli_command cmd_allocate, cmd_contract, cmd_progress, cmd_flags,
    cmd_coverage, cmd_units;
extern const cli_command cmd_init, cmd_add, cmd_list, cmd_show, cmd_export,
    cmd_report, cmd_layers, cmd_demo, cmd_geocode, cmd_where, cmd_places,
    cmd_import, cmd_map;

#endif
