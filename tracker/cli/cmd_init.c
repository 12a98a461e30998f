/*
 * cmd_init.c: `tracker init` creates a database and loads the shipped
 * reference layers.  If loading fails, the new file is removed: a user
 * never keeps a database that is half there.
 */
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_layers.h"

static int run(int argc, char **argv);

const cli_command cmd_init = {
    "init", run, "create a database with Đại Từ's reference layers",
    "usage: tracker init [--db FILE] [--empty] [--layers DIR]\n"
    "\n"
    "Creates a SpatiaLite database holding the tracker's domain model and,\n"
    "unless --empty, the reference layers of huyện Đại Từ: the 30 units of\n"
    "2022 with approximate polygons, the units that followed (the 10\n"
    "communes in force since 1/7/2025), their history, partial hamlet\n"
    "lists, programme facts and the budget lines of plan 227/KH-UBND.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --empty             create the schema only, without reference layers\n"
    "  --layers DIR        read the layers from DIR instead of the copy\n"
    "                      built into the tracker\n"};

/* Prints what a new database holds, for the user's confidence. */
static void summary(gis_db *db) {
    printf("created %s (schema version %d)\n", db->path,
           trk_schema_version(db));
    printf("  units in force on 2022-10-11: %lld (approximate polygons)\n",
           (long long)gis_db_int(
               db, 0,
               "SELECT count(*) FROM admin_unit WHERE valid_from IS NULL AND"
               " valid_to > '2022-10-11'",
               NULL));
    printf("  communes in force since 2025-07-01: %lld\n",
           (long long)gis_db_int(db, 0,
                                 "SELECT count(*) FROM admin_unit WHERE"
                                 " valid_to IS NULL",
                                 NULL));
    printf(
        "  unit changes: %lld, hamlet names: %lld, budget lines: %lld\n",
        (long long)gis_db_int(db, 0, "SELECT count(*) FROM unit_change", NULL),
        (long long)gis_db_int(db, 0, "SELECT count(*) FROM hamlet", NULL),
        (long long)gis_db_int(db, 0,
                              "SELECT count(*) FROM budget_line WHERE"
                              " central_vnd IS NOT NULL",
                              NULL));
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"empty", no_argument, NULL, 'e'},
        {"layers", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *layers = NULL;
    int c, empty = 0;
    gis_db *db = NULL;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'e':
            empty = 1;
            break;
        case 'l':
            layers = optarg;
            break;
        case 'h':
            return cli_help(&cmd_init);
        default:
            return cli_option_error(&cmd_init, c, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(&cmd_init, "unexpected argument '%s'",
                               argv[optind]);
    if (trk_db_create(&db, path, &err))
        return cli_error("%s", err.msg);
    if (!empty && trk_layers_load(db, layers, &err)) {
        gis_db_close(db);
        unlink(path);
        return cli_error("cannot load the reference layers: %s", err.msg);
    }
    summary(db);
    gis_db_close(db);
    return EXIT_OK;
}
