/*
 * bench_geocode.c: the geocoder at province scale.
 *
 * Builds a synthetic gazetteer (units and hamlets named from Vietnamese
 * syllables, --names in all) in a fresh tracker database, then geocodes
 * --queries texts written the ways spreadsheets write them: exact, without
 * diacritics, upper case, abbreviated prefixes, and with one typo.  Prints
 * queries per second on one core and the share answered correctly among
 * the queries whose answer is unambiguous, side by side with a baseline:
 * an exact-key SQL lookup (the index every SQLite user would write) on the
 * same queries.
 *
 * Usage: bench_geocode [--names N] [--queries N] [--db FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gis_text.h"
#include "trk_db.h"
#include "trk_gazetteer.h"
#include "trk_geocode.h"

static const char *const syllables[] = {
    "An",     "Bình",  "Cát",   "Đại",   "Đồng",  "Đức",  "Gia",   "Hà",
    "Hòa",    "Hồng",  "Hùng",  "Hưng",  "Khánh", "Kim",  "La",    "Lạc",
    "Lâm",    "Liên",  "Long",  "Lục",   "Minh",  "Mỹ",   "Na",    "Nam",
    "Ngọc",   "Phú",   "Phúc",  "Phục",  "Quang", "Quân", "Sơn",   "Tân",
    "Thái",   "Thành", "Thịnh", "Thọ",   "Thủy",  "Tiên", "Tiến",  "Trung",
    "Trường", "Tú",    "Văn",   "Vân",   "Việt",  "Vinh", "Xuân",  "Yên",
    "Bắc",    "Cẩm",   "Chu",   "Dương", "Giang", "Hải",  "Hoàng", "Khê",
    "Lãng",   "Lương", "Mai",   "Ninh",  "Phong", "Quế",  "Sa",    "Tây"};
#define NSYL (int)(sizeof syllables / sizeof syllables[0])

static unsigned long long rng = 88172645463325252ULL;
static unsigned next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

typedef struct name {
    char text[64];
    char key[64];
    int unit;     /* index of its unit (hamlets), or -1 for units */
    long long id; /* row id in admin_unit or hamlet */
} name;

static void make_name(char *out, size_t n, int words) {
    out[0] = '\0';
    for (int i = 0; i < words; i++) {
        if (i)
            strncat(out, " ", n - strlen(out) - 1);
        strncat(out, syllables[next_rand() % NSYL], n - strlen(out) - 1);
    }
}

/* Strips marks and đ, as people type without a Vietnamese keyboard. */
static void plain(const char *in, char *out, size_t n) {
    char key[128];
    size_t j = 0;
    const char *p = in;
    gis_text_fold(in, key, sizeof key);
    /* Keep the original case of first letters for realism. */
    for (size_t i = 0; key[i] && j + 1 < n; i++) {
        char c = key[i];
        if ((i == 0 || key[i - 1] == ' ') && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        out[j++] = c;
    }
    out[j] = '\0';
    (void)p;
}

static void upper(const char *in, char *out, size_t n) {
    /* ASCII-only upper case after folding keeps the bench simple; the
     * Unicode upper case path is tested in the unit tests. */
    plain(in, out, n);
    for (char *c = out; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
}

/* One typo in the folded text: delete, insert, substitute or swap. */
static void typo(const char *in, char *out, size_t n) {
    char s[128];
    size_t len, at;
    plain(in, s, sizeof s);
    len = strlen(s);
    do
        at = next_rand() % len;
    while (s[at] == ' ');
    switch (next_rand() % 4) {
    case 0:
        memmove(s + at, s + at + 1, len - at);
        break;
    case 1:
        memmove(s + at + 1, s + at, len - at + 1);
        s[at] = (char)('a' + next_rand() % 26);
        break;
    case 2:
        s[at] = s[at] == 'x' ? 'y' : (char)(s[at] + 1);
        break;
    default:
        if (at + 1 < len && s[at + 1] != ' ') {
            char t = s[at];
            s[at] = s[at + 1];
            s[at + 1] = t;
        } else {
            s[at] = s[at] == 'x' ? 'y' : (char)(s[at] + 1);
        }
    }
    snprintf(out, n, "%s", s);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_key(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv) {
    int nnames = 100000, nqueries = 100000, nunits, i;
    const char *path = "/tmp/bench-geocode.sqlite";
    name *names;
    char **keys;
    char *single; /* the name answers one place only */
    gis_db *db = NULL;
    gis_error err;
    sqlite3_stmt *ins_unit, *ins_hamlet, *exact;
    trk_geocoder *g = NULL;

    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--names"))
            nnames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--queries"))
            nqueries = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--db"))
            path = argv[i + 1];
    }
    nunits = nnames / 50; /* about 50 hamlets a commune */
    names = calloc(nnames, sizeof *names);
    keys = calloc(nnames, sizeof *keys);
    single = calloc(nnames, 1);
    if (!names || !keys || !single)
        return 1;

    unlink(path);
    if (trk_db_create(&db, path, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    gis_db_begin(db, &err);
    gis_db_prepare(
        db, &ins_unit,
        "INSERT INTO admin_unit (key, code, name, full_name,"
        " name_key, kind, province_code) VALUES (?1, ?2, ?3, 'Xã ' ||"
        " ?3, name_key(?3), 'xa', '99')",
        &err);
    gis_db_prepare(db, &ins_hamlet,
                   "INSERT INTO hamlet (unit_id, name, name_key, status)"
                   " VALUES (?1, ?2, name_key(?2), 'current')",
                   &err);
    for (i = 0; i < nnames; i++) {
        name *nm = &names[i];
        char code[16];
        int is_unit = i < nunits;
        make_name(nm->text, sizeof nm->text, 2 + (next_rand() % 4 == 0));
        gis_text_key(nm->text, nm->key, sizeof nm->key);
        nm->unit = is_unit ? -1 : (int)(next_rand() % nunits);
        if (is_unit) {
            snprintf(code, sizeof code, "%06d", i);
            sqlite3_bind_text(ins_unit, 1, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_unit, 2, code, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_unit, 3, nm->text, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(ins_unit) != SQLITE_DONE) {
                /* Same name twice in one period is fine; same key not. */
                fprintf(stderr, "error: %s\n", sqlite3_errmsg(db->handle));
                return 1;
            }
            sqlite3_reset(ins_unit);
        } else {
            sqlite3_bind_int64(ins_hamlet, 1, names[nm->unit].id);
            sqlite3_bind_text(ins_hamlet, 2, nm->text, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(ins_hamlet) != SQLITE_DONE) {
                /* A unit with two hamlets of one name: skip the second. */
                sqlite3_reset(ins_hamlet);
                nm->id = -1;
                continue;
            }
            sqlite3_reset(ins_hamlet);
        }
        nm->id = sqlite3_last_insert_rowid(db->handle);
    }
    sqlite3_finalize(ins_unit);
    sqlite3_finalize(ins_hamlet);
    if (trk_gazetteer_rebuild(db, &err) || gis_db_commit(db, &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }
    printf("gazetteer: %d units and %d hamlets (%lld names with full "
           "names and aliases)\n",
           nunits, nnames - nunits,
           (long long)gis_db_int(db, 0, "SELECT count(*) FROM gazetteer_name",
                                 NULL));

    /* A name answers unambiguously when no other name of its level has
     * the same key (a hamlet is asked with its unit, so hamlet+unit). */
    for (i = 0; i < nnames; i++) {
        keys[i] = malloc(160);
        if (names[i].unit < 0)
            snprintf(keys[i], 160, "u:%s", names[i].key);
        else
            snprintf(keys[i], 160, "h:%s@%s", names[i].key,
                     names[names[i].unit].key);
    }
    {
        char **sorted = malloc(nnames * sizeof *sorted);
        memcpy(sorted, keys, nnames * sizeof *sorted);
        qsort(sorted, nnames, sizeof *sorted, cmp_key);
        for (i = 0; i < nnames; i++) {
            char **hit =
                bsearch(&keys[i], sorted, nnames, sizeof *sorted, cmp_key);
            int dup = (hit > sorted && !strcmp(hit[-1], keys[i])) ||
                      (hit < sorted + nnames - 1 && !strcmp(hit[1], keys[i]));
            /* A unit name that is also a hamlet name elsewhere stays
             * unambiguous as "xã NAME". */
            single[i] = !dup;
        }
        free(sorted);
    }

    if (trk_geocoder_open(&g, db, &err) ||
        gis_db_prepare(db, &exact,
                       "SELECT feature_type, feature_id FROM gazetteer_name"
                       " WHERE key = ?1",
                       &err)) {
        fprintf(stderr, "error: %s\n", err.msg);
        return 1;
    }

    {
        static const char *const forms[] = {
            "exact", "no diacritics", "upper case", "abbreviated", "one typo"};
        long right[5] = {0}, asked[5] = {0}, base_right[5] = {0};
        long unamb = 0, total_right = 0, base_total_right = 0;
        double t0, t_geo = 0, t_base = 0;
        char text[320], part[128], unitpart[128], key[128];

        for (i = 0; i < nqueries; i++) {
            int k = (int)(next_rand() % nnames), form = i % 5;
            name *nm = &names[k];
            const name *u = nm->unit >= 0 ? &names[nm->unit] : NULL;
            trk_geo_result r;
            int ok = 0, base_ok = 0, is_unamb = single[k] && nm->id > 0;
            const char *want_type = u ? "hamlet" : "unit";

            switch (form) {
            case 0:
                snprintf(part, sizeof part, "%s", nm->text);
                snprintf(unitpart, sizeof unitpart, "%s", u ? u->text : "");
                break;
            case 1:
                plain(nm->text, part, sizeof part);
                plain(u ? u->text : "", unitpart, sizeof unitpart);
                break;
            case 2:
                upper(nm->text, part, sizeof part);
                upper(u ? u->text : "", unitpart, sizeof unitpart);
                break;
            case 3:
                snprintf(part, sizeof part, "%s", nm->text);
                snprintf(unitpart, sizeof unitpart, "%s", u ? u->text : "");
                break;
            default:
                typo(nm->text, part, sizeof part);
                plain(u ? u->text : "", unitpart, sizeof unitpart);
            }
            if (u)
                snprintf(text, sizeof text, "%s %s, %s %s",
                         form == 3   ? "Thôn"
                         : form == 2 ? "XÓM"
                                     : "xóm",
                         part,
                         form == 3   ? "X."
                         : form == 2 ? "XÃ"
                                     : "xã",
                         unitpart);
            else
                snprintf(text, sizeof text, "%s %s",
                         form == 3   ? "X."
                         : form == 2 ? "XÃ"
                                     : "xã",
                         part);

            t0 = now();
            trk_geocode(g, text, NULL, 0, &r, &err);
            t_geo += now() - t0;
            ok = r.status == TRK_GEO_FOUND &&
                 !strcmp(r.hits[0].feature_type, want_type) &&
                 r.hits[0].feature_id == nm->id;

            /* The baseline: the query's whole text as a key. */
            gis_text_key(part, key, sizeof key);
            t0 = now();
            sqlite3_bind_text(exact, 1, key, -1, SQLITE_TRANSIENT);
            {
                /* Right only when the key names the one place asked for:
                 * an exact-key lookup cannot choose between namesakes. */
                int rows = 0, target = 0;
                while (sqlite3_step(exact) == SQLITE_ROW) {
                    rows++;
                    target |=
                        !strcmp((const char *)sqlite3_column_text(exact, 0),
                                want_type) &&
                        sqlite3_column_int64(exact, 1) == nm->id;
                }
                base_ok = rows == 1 && target;
            }
            sqlite3_reset(exact);
            t_base += now() - t0;

            if (!is_unamb)
                continue;
            if (!ok && getenv("BENCH_VERBOSE"))
                fprintf(stderr, "miss [%s] %s -> %s %s\n", forms[form], text,
                        r.nhits ? r.hits[0].name : "-",
                        r.status == TRK_GEO_AMBIGUOUS ? "(ambiguous)" : "");
            unamb++;
            asked[form]++;
            right[form] += ok;
            base_right[form] += base_ok;
            total_right += ok;
            base_total_right += base_ok;
        }
        printf("queries: %d (%ld unambiguous)\n\n", nqueries, unamb);
        printf("%-14s %10s %12s\n", "form", "geocoder", "exact-key SQL");
        for (i = 0; i < 5; i++)
            printf("%-14s %9.2f%% %11.2f%%\n", forms[i],
                   100.0 * right[i] / (asked[i] ? asked[i] : 1),
                   100.0 * base_right[i] / (asked[i] ? asked[i] : 1));
        printf("%-14s %9.2f%% %11.2f%%\n\n", "all",
               100.0 * total_right / (unamb ? unamb : 1),
               100.0 * base_total_right / (unamb ? unamb : 1));
        printf("geocoder:      %8.0f queries/s on one core\n",
               nqueries / t_geo);
        printf("exact-key SQL: %8.0f queries/s (baseline; answers only "
               "exact keys)\n",
               nqueries / t_base);
        printf("ratio:         %8.2f (geocoder time / baseline time)\n",
               t_geo / t_base);
        printf("targets: >= 20000 queries/s, >= 99%% right on unambiguous "
               "queries\n");
    }
    sqlite3_finalize(exact);
    trk_geocoder_free(g);
    gis_db_close(db);
    for (i = 0; i < nnames; i++)
        free(keys[i]);
    free(keys);
    free(single);
    free(names);
    return 0;
}
