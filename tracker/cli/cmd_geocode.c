/*
 * cmd_geocode.c: `tracker geocode TEXT` shows how the tracker reads a
 * place name; `tracker geocode --works` locates every work that has place
 * text but no location yet.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trk_db.h"
#include "trk_geocode.h"
#include "trk_locate.h"

static int run(int argc, char **argv);

const cli_command cmd_geocode = {
    "geocode", run, "find a place from its name (or locate works)",
    "usage: tracker geocode TEXT [--as-of DATE] [--format table|json]\n"
    "                       [--geocoder URL --contact EMAIL]\n"
    "       tracker geocode --works [--geocoder URL --contact EMAIL]\n"
    "\n"
    "Reads a place as engineers write it (\"xóm Đồng Đình, xã La Bằng\",\n"
    "\"TT. Hung Son\", \"X.Cu Van\", upper case, without diacritics or\n"
    "spaces, NFD, or legacy TCVN3 text) and prints the unit (of its period\n"
    "and today's commune), the hamlet, a point and its IATI precision: 2\n"
    "a hamlet's or place's point, 3 the unit's area, 8 the unit's seat.\n"
    "When the text names several places, all are listed and the exit\n"
    "status is 1: nothing is guessed.\n"
    "\n"
    "With --works, every work that has place text but no location is\n"
    "looked up inside its own unit and located when the answer is single;\n"
    "the others are listed.\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --as-of DATE        only units in force on DATE (YYYY-MM-DD)\n"
    "  --format F          table (default) or json\n"
    "  --works             locate the works that lack a location\n"
    "  --geocoder URL      also ask this Nominatim-compatible server when\n"
    "                      the gazetteer has no confident answer (opt-in;\n"
    "                      at most one request a second, answers cached in\n"
    "                      the database, © OpenStreetMap contributors)\n"
    "  --contact EMAIL     who to contact, sent in the User-Agent\n"
    "                      (default: $TRACKER_CONTACT)\n"
    "  --interval MS       least time between requests (default 1000;\n"
    "                      the public server requires at least 1000)\n"};

static void json_str(const char *s) {
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        if ((unsigned char)*s >= 0x20)
            putchar(*s);
    }
    putchar('"');
}

static const char *status_name(int status) {
    return status == TRK_GEO_FOUND       ? "found"
           : status == TRK_GEO_AMBIGUOUS ? "ambiguous"
                                         : "not found";
}

static void print_json(const trk_geo_result *r) {
    int i;
    printf("{\"text\": ");
    json_str(r->text);
    printf(", \"from_tcvn3\": %s, \"status\": \"%s\", \"note\": ",
           r->from_tcvn3 ? "true" : "false", status_name(r->status));
    json_str(r->note);
    printf(", \"candidates\": [");
    for (i = 0; i < r->nhits; i++) {
        const trk_geo_hit *h = &r->hits[i];
        printf("%s\n {\"type\": \"%s\", \"name\": ", i ? "," : "",
               h->feature_type);
        json_str(h->name);
        printf(", \"matched\": ");
        json_str(h->matched);
        printf(", \"name_kind\": \"%s\", \"how\": \"%s\", \"score\": %.2f",
               h->name_kind, h->how, h->score);
        printf(", \"unit_key\": ");
        json_str(h->unit_key);
        printf(", \"unit_code\": ");
        json_str(h->unit_code);
        printf(", \"unit_name\": ");
        json_str(h->unit_name);
        printf(", \"valid_from\": ");
        json_str(h->valid_from);
        printf(", \"valid_to\": ");
        json_str(h->valid_to);
        printf(", \"current_key\": ");
        json_str(h->current_key);
        printf(", \"current_name\": ");
        json_str(h->current_name);
        printf(", \"hamlet\": ");
        json_str(h->hamlet);
        if (h->has_point)
            printf(", \"lon\": %.7f, \"lat\": %.7f", h->lon, h->lat);
        else
            printf(", \"lon\": null, \"lat\": null");
        printf(", \"precision\": %d, \"location_class\": %d, \"exactness\":"
               " %d, \"point_source\": ",
               h->precision, h->location_class, h->exactness);
        json_str(h->point_source);
        putchar('}');
    }
    printf("]}\n");
}

static void print_table(const trk_geo_result *r) {
    int i;
    printf("%s: %s%s\n", status_name(r->status), r->text,
           r->from_tcvn3 ? " (converted from TCVN3)" : "");
    if (*r->note)
        printf("note: %s\n", r->note);
    for (i = 0; i < r->nhits; i++) {
        const trk_geo_hit *h = &r->hits[i];
        printf("\n%d. %s (%s)\n", i + 1, h->name, h->feature_type);
        printf("   matched     %s (%s, %s name, score %.2f)\n", h->matched,
               h->how, h->name_kind, h->score);
        if (*h->unit_key)
            printf("   unit        %s %s (%s, %s to %s)\n", h->unit_code,
                   h->unit_name, h->unit_key,
                   *h->valid_from ? h->valid_from : "…",
                   *h->valid_to ? h->valid_to : "now");
        if (*h->current_key && strcmp(h->current_key, h->unit_key))
            printf("   today       %s (%s)\n", h->current_name, h->current_key);
        if (*h->hamlet)
            printf("   hamlet      %s\n", h->hamlet);
        if (h->has_point)
            printf("   point       %.7f %.7f (%s)\n", h->lon, h->lat,
                   h->point_source);
        printf("   precision   %d, location class %d, exactness %d\n",
               h->precision, h->location_class, h->exactness);
    }
}

static void located(const trk_locate_report *r, void *ctx) {
    (void)ctx;
    if (r->located)
        printf("located   %-12s %s -> %s\n", r->code, r->place_text, r->how);
    else
        printf("unplaced  %-12s %s: %s\n", r->code, r->place_text, r->how);
}

/* On stderr, so data on stdout stays clean. */
static void remote_summary(const trk_geocoder *g, const char *remote) {
    long sent, cached;
    if (!remote)
        return;
    trk_geocoder_remote_stats(g, &sent, &cached);
    fprintf(stderr,
            "remote geocoder %s: %ld request%s sent, %ld answer%s "
            "from the cache\n",
            remote, sent, sent == 1 ? "" : "s", cached, cached == 1 ? "" : "s");
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},
        {"works", no_argument, NULL, 'w'},
        {"geocoder", required_argument, NULL, 'g'},
        {"contact", required_argument, NULL, 'c'},
        {"interval", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *as_of = NULL, *remote = NULL;
    const char *contact = getenv("TRACKER_CONTACT");
    double interval = 0;
    cli_format format = CLI_TABLE;
    int c, works = 0, rc;
    gis_db *db;
    trk_geocoder *g = NULL;
    trk_geo_result res;
    gis_error err;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'a':
            if ((rc = cli_opt_date(&cmd_geocode, "--as-of", optarg, &as_of)))
                return rc;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_geocode, optarg, 0, &format)))
                return rc;
            break;
        case 'w':
            works = 1;
            break;
        case 'g':
            remote = optarg;
            break;
        case 'c':
            contact = optarg;
            break;
        case 'i':
            if (cli_parse_double(optarg, &interval) || interval < 0)
                return cli_usage_error(&cmd_geocode,
                                       "--interval: '%s' is not a number of "
                                       "milliseconds",
                                       optarg);
            break;
        case 'h':
            return cli_help(&cmd_geocode);
        default:
            return cli_option_error(&cmd_geocode, c, argv);
        }
    }
    if (works ? optind != argc : optind != argc - 1 || !*argv[optind])
        return cli_usage_error(&cmd_geocode,
                               works ? "--works takes no text"
                                     : "give the place text as one argument "
                                       "(quote it)");
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    if (trk_geocoder_open(&g, db, &err) ||
        (remote &&
         trk_geocoder_use_remote(g, remote, contact, (long)interval, &err))) {
        trk_geocoder_free(g);
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    if (works) {
        int done = 0, left = 0;
        rc = trk_locate_works(db, g, located, NULL, &done, &left, &err);
        remote_summary(g, remote);
        trk_geocoder_free(g);
        gis_db_close(db);
        if (rc)
            return cli_error("%s", err.msg);
        printf("%d work%s located, %d left without a location\n", done,
               done == 1 ? "" : "s", left);
        return left ? EXIT_RUNTIME : EXIT_OK;
    }
    if (trk_geocode(g, argv[optind], as_of, 0, &res, &err)) {
        trk_geocoder_free(g);
        gis_db_close(db);
        return cli_error("%s", err.msg);
    }
    if (format == CLI_JSON)
        print_json(&res);
    else
        print_table(&res);
    remote_summary(g, remote);
    trk_geocoder_free(g);
    gis_db_close(db);
    return res.status == TRK_GEO_FOUND ? EXIT_OK : EXIT_RUNTIME;
}
