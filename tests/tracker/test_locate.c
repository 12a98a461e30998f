/*
 * test_locate.c: works located from their place text carry the IATI
 * precision of what was found: a place's own point (2), the unit's seat
 * (8), the unit's area (3); ambiguous text stays unlocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layers_db.h"
#include "trk_db.h"
#include "trk_layers.h"
#include "trk_locate.h"
#include "trk_places.h"
#include "trk_works.h"

static void add_unlocated(gis_db *db, const char *code, const char *unit,
                          const char *place) {
    trk_work_input in = {0};
    gis_error err;
    in.code = code;
    in.name = "Công trình thử";
    in.category = "other";
    in.unit_code = unit;
    in.as_of = "2022-10-11";
    in.place = place;
    if (trk_work_add(db, &in, NULL, 0, &err))
        fail_msg("add %s: %s", code, err.msg);
}

static int64_t precision_of(gis_db *db, const char *code) {
    return gis_db_int(db, -1,
                      "SELECT coalesce(precision_code, 0) FROM work WHERE"
                      " code = ?1",
                      code, NULL);
}

static void test_precision_follows_what_was_found(void **state) {
    gis_db *db = *state;
    trk_place_input school = {0}, seat = {0};
    gis_error err;
    int located, left;
    char tcvn[64];
    FILE *p;

    school.name = "Trường mầm non Tân Sơn";
    school.kind = "school";
    school.lon = 105.5370;
    school.lat = 21.6300;
    seat.name = "UBND xã Cù Vân";
    seat.kind = "seat";
    seat.lon = 105.7250;
    seat.lat = 21.6330;
    assert_int_equal(trk_place_add(db, &school, NULL, &err), 0);
    assert_int_equal(trk_place_add(db, &seat, NULL, &err), 0);

    add_unlocated(db, "HAMLET", "05815", "xóm Đồng Đình");
    add_unlocated(db, "PLACE", "05815", "truong mam non Tan Son");
    add_unlocated(db, "SEAT", "05809", "chưa rõ vị trí");
    add_unlocated(db, "AREA", "05815", "không rõ");
    /* Legacy TCVN3 text from an old spreadsheet: "xóm Đồng Đình". */
    p = popen("printf 'x\\303\\263m \\304\\220\\341\\273\\223ng "
              "\\304\\220\\303\\254nh' | iconv -f UTF-8 -t TCVN5712-1",
              "r");
    assert_non_null(p);
    assert_non_null(fgets(tcvn, sizeof tcvn, p));
    pclose(p);
    add_unlocated(db, "TCVN3", "05815", tcvn);

    assert_int_equal(
        trk_locate_works(db, NULL, NULL, NULL, &located, &left, &err), 0);
    assert_int_equal(located, 5);
    assert_int_equal(left, 0);
    /* Hamlets have no points yet: the unit's area, said so. */
    assert_int_equal(precision_of(db, "HAMLET"), 3);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work w JOIN hamlet h ON"
                                " h.id = w.hamlet_id WHERE w.code IN"
                                " ('HAMLET', 'TCVN3') AND h.name ="
                                " 'Đồng Đình'",
                                NULL),
                     2);
    assert_int_equal(precision_of(db, "PLACE"), 2);
    assert_int_equal(precision_of(db, "SEAT"), 8);
    assert_int_equal(precision_of(db, "AREA"), 3);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work WHERE code ="
                                " 'AREA' AND location_note LIKE '%%located by"
                                " the unit%%'",
                                NULL),
                     1);
    assert_int_equal(gis_db_int(db, 0,
                                "SELECT count(*) FROM work WHERE"
                                " location_source = 'gazetteer' AND point IS"
                                " NOT NULL",
                                NULL),
                     5);
}

static void test_ambiguous_text_stays_unlocated(void **state) {
    gis_db *db = *state;
    trk_place_input bridge = {0};
    gis_error err;
    int located, left;

    /* Two footbridges of one name in one unit: the text cannot choose. */
    bridge.name = "Cầu treo";
    bridge.kind = "landmark";
    bridge.lon = 105.5300;
    bridge.lat = 21.6250;
    assert_int_equal(trk_place_add(db, &bridge, NULL, &err), 0);
    bridge.lon = 105.5400;
    bridge.lat = 21.6300;
    assert_int_equal(trk_place_add(db, &bridge, NULL, &err), 0);
    add_unlocated(db, "AMBIG", "05815", "cầu treo");
    assert_int_equal(
        trk_locate_works(db, NULL, NULL, NULL, &located, &left, &err), 0);
    assert_int_equal(located, 0);
    assert_int_equal(left, 1);
    assert_int_equal(precision_of(db, "AMBIG"), 0);
    assert_int_equal(gis_db_int(db, -1,
                                "SELECT point IS NULL FROM work WHERE code ="
                                " 'AMBIG'",
                                NULL),
                     1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precision_follows_what_was_found),
        cmocka_unit_test(test_ambiguous_text_stays_unlocated),
    };
    return cmocka_run_group_tests(tests, layers_db_setup, layers_db_teardown);
}
