/*
 * cmd_coverage.c: `tracker coverage`: which units of a target set still
 * lack a facility, category by category.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_coverage.h"
#include "trk_db.h"

static int run(int argc, char **argv);

const cli_command cmd_coverage = {
    "coverage", run, "which units lack a road, health station, market, ...",
    "usage: tracker coverage [--target all|atk|region-iii|minority|CODE,...]\n"
    "                        [--units 2022|current] [--category CAT,...]\n"
    "                        [--max-km CAT=KM,...] [--ranked]\n"
    "                        [--geojson FILE] [--format table|csv|json]\n"
    "\n"
    "For each unit of the target set and each category with a coverage\n"
    "rule: its works by status (planned, under construction, in use), the\n"
    "money allocated and disbursed (million VND; per km² of the unit), and\n"
    "the geodesic distance\n"
    "from the unit's centre (and from each of its hamlets with a point) to\n"
    "the nearest facility of the category in use, anywhere in the district.\n"
    "A unit is unserved (THIẾU) for a category when it has no facility in\n"
    "use or under construction and none in use within the category's\n"
    "distance: health_station 5 km, market 7 km, school 5 km,\n"
    "community_house 3 km, water_supply 3 km; road_to_commune_centre and\n"
    "power 0 (the unit needs its own).  Facilities that existed before the\n"
    "programme count: record them as works of type existing, status\n"
    "maintenance, without budget.\n"
    "\n"
    "Target sets follow the units' attributes (tracker units set): the\n"
    "report says how many units have the deciding attribute unknown rather\n"
    "than counting them as no.\n"
    "\n"
    "options:\n"
    "  --target T          all (default), atk, region-iii, minority, or unit\n"
    "                      codes separated by commas\n"
    "  --units U           2022 (the plan's 30 units, default) or current\n"
    "                      (today's communes)\n"
    "  --category C,...    only these categories\n"
    "  --max-km C=KM,...   another distance for a category\n"
    "  --ranked            the unserved units only, most unserved first\n"
    "  --geojson FILE      also write the coverage map (one polygon per unit,\n"
    "                      simplestyle colours by unserved categories)\n"
    "  --format F          table (default), csv or json\n" CLI_DB_HELP};

/* Every figure for csv and json; the table keeps what fits a screen. */
static const char rows_sql[] =
    "SELECT unit_code, unit_name, category, category_vi, in_use,"
    " under_construction, planned, works, allocated_vnd, disbursed_vnd,"
    " vnd_per_km2, round(centre_distance_m) AS centre_m, nearest_code,"
    " max_km, hamlets, hamlets_located, hamlets_beyond,"
    " round(hamlet_max_m) AS hamlet_max_m, unserved FROM temp.coverage"
    " WHERE ?1 IS NULL ORDER BY unit_code, rowid";

static const char table_sql[] =
    "SELECT unit_code AS code, unit_name AS unit, category_vi AS category,"
    " in_use, under_construction AS building, planned,"
    " million_vi(allocated_vnd) AS allocated, million_vi(disbursed_vnd) AS"
    " disbursed, million_vi(vnd_per_km2) AS per_km2, round("
    "centre_distance_m / 1000.0, 2) AS centre_km, nearest_code AS nearest,"
    " CASE WHEN hamlets_located THEN hamlets_beyond || '/' ||"
    " hamlets_located ELSE '-' END AS hamlets_far, CASE WHEN unserved THEN"
    " 'THIẾU' ELSE 'đủ' END AS served FROM temp.coverage WHERE ?1 IS NULL"
    " ORDER BY unit_code, rowid";

static const char ranked_sql[] =
    "SELECT unit_code, unit_name, count(*) AS unserved_categories,"
    " group_concat(category_vi, ', ') AS lacking, round(max(coalesce("
    "centre_distance_m, 0)) / 1000.0, 2) AS farthest_km FROM temp.coverage"
    " WHERE unserved AND ?1 IS NULL GROUP BY unit_id ORDER BY"
    " unserved_categories DESC, farthest_km DESC, unit_code";

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"target", required_argument, NULL, 't'},
        {"units", required_argument, NULL, 'u'},
        {"category", required_argument, NULL, 'c'},
        {"max-km", required_argument, NULL, 'k'},
        {"ranked", no_argument, NULL, 'r'},
        {"geojson", required_argument, NULL, 'g'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *geojson = NULL;
    trk_coverage_opts o = {0};
    trk_coverage_summary sum;
    cli_format format = CLI_TABLE;
    gis_db *db;
    gis_error err;
    long features;
    int c, rc, ranked = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 't':
            o.target = optarg;
            break;
        case 'u':
            o.units = optarg;
            break;
        case 'c':
            o.categories = optarg;
            break;
        case 'k':
            o.max_km = optarg;
            break;
        case 'r':
            ranked = 1;
            break;
        case 'g':
            geojson = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_coverage, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_coverage);
        default:
            return cli_option_error(&cmd_coverage, c, argv);
        }
    }
    if (optind != argc)
        return cli_usage_error(&cmd_coverage, "unexpected '%s'", argv[optind]);
    if (o.units && strcmp(o.units, "2022") && strcmp(o.units, "current"))
        return cli_usage_error(&cmd_coverage,
                               "--units: '%s' is not 2022 or current", o.units);
    if (geojson &&
        (rc = cli_output_not_db(&cmd_coverage, "--geojson", geojson, path)))
        return rc;
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (trk_coverage_run(db, &o, &sum, &err) ||
        (geojson && trk_coverage_geojson(db, geojson, &features, &err))) {
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    rc = cli_print_sql(db,
                       ranked                ? ranked_sql
                       : format == CLI_TABLE ? table_sql
                                             : rows_sql,
                       NULL, format);
    gis_db_close(db);
    /* The summary goes where it cannot spoil csv or json. */
    fprintf(format == CLI_TABLE ? stdout : stderr,
            "%starget %s: %d unit%s of %s, %d unserved for at least one "
            "category",
            format == CLI_TABLE ? "\n" : "", o.target ? o.target : "all",
            sum.units, sum.units == 1 ? "" : "s",
            o.units && !strcmp(o.units, "current") ? "today's communes"
                                                   : "2022",
            sum.unserved);
    if (*sum.attribute)
        fprintf(format == CLI_TABLE ? stdout : stderr,
                "; %d more with %s unknown (not counted as no: set them with "
                "'tracker units set CODE')",
                sum.unknown, sum.attribute);
    fputc('\n', format == CLI_TABLE ? stdout : stderr);
    if (geojson)
        fprintf(format == CLI_TABLE ? stdout : stderr, "wrote %s (%ld units)\n",
                geojson, features);
    return rc;
}
