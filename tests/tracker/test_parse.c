/*
 * test_parse.c: spreadsheet cells as offices write them: amounts in every
 * unit and both number conventions, dates in every order, categories in
 * every phrasing; refusals must say why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "trk_category.h"
#include "trk_parse.h"

/* Macros, not functions, so a failure names the test's line. */
#define AMOUNT_OK(text, unit, want)                                            \
    do {                                                                       \
        int64_t v_ = -1;                                                       \
        char why_[256] = "";                                                   \
        if (trk_parse_amount(text, unit, &v_, why_, sizeof why_))              \
            fail_msg("'%s' refused: %s", text, why_);                          \
        assert_int_equal(v_, want);                                            \
    } while (0)

#define AMOUNT_BAD(text, unit, word)                                           \
    do {                                                                       \
        int64_t v_ = 42;                                                       \
        char why_[256] = "";                                                   \
        assert_int_equal(trk_parse_amount(text, unit, &v_, why_, sizeof why_), \
                         1);                                                   \
        if (!strstr(why_, word))                                               \
            fail_msg("'%s': reason \"%s\" lacks \"%s\"", text, why_, word);    \
        assert_int_equal(v_, 42);                                              \
    } while (0)

#define DATE_OK(text, want)                                                    \
    do {                                                                       \
        char out_[11] = "", why_[256] = "";                                    \
        if (trk_parse_date(text, out_, why_, sizeof why_))                     \
            fail_msg("'%s' refused: %s", text, why_);                          \
        assert_string_equal(out_, want);                                       \
    } while (0)

#define DATE_BAD(text, word)                                                   \
    do {                                                                       \
        char out_[11] = "x", why_[256] = "";                                   \
        assert_int_equal(trk_parse_date(text, out_, why_, sizeof why_), 1);    \
        if (!strstr(why_, word))                                               \
            fail_msg("'%s': reason \"%s\" lacks \"%s\"", text, why_, word);    \
        assert_string_equal(out_, "x");                                        \
    } while (0)

#define CATEGORY(text, want)                                                   \
    do {                                                                       \
        const char *id_ = trk_parse_category(text, NULL);                      \
        if (!id_)                                                              \
            fail_msg("'%s' not mapped, want %s", text, want);                  \
        assert_string_equal(id_, want);                                        \
    } while (0)

#define NO_CATEGORY(text) assert_null(trk_parse_category(text, NULL))

static const trk_money_unit NONE = TRK_MONEY_UNIT_NONE;

static void test_unit_of_header(void **state) {
    (void)state;
    assert_int_equal(trk_money_unit_of_header("Tổng mức đầu tư (triệu đồng)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("TỔNG MỨC ĐẦU TƯ (TRIỆU ĐỒNG)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Tong muc dau tu (trieu dong)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Kinh phí (tr.đ)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Kinh phí (trđ)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Đơn vị tính: triệu đồng"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Amount (million VND)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Amount (VND million)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Giá trị (đồng)"), TRK_MONEY_VND);
    assert_int_equal(trk_money_unit_of_header("VNĐ"), TRK_MONEY_VND);
    assert_int_equal(trk_money_unit_of_header("Số tiền VND"), TRK_MONEY_VND);
    assert_int_equal(trk_money_unit_of_header("Giá trị hợp đồng (đồng)"),
                     TRK_MONEY_VND);
    assert_int_equal(trk_money_unit_of_header("Vốn (tỷ đồng)"),
                     TRK_MONEY_BILLION);
    assert_int_equal(trk_money_unit_of_header("Vốn, tỷ"), TRK_MONEY_BILLION);
    assert_int_equal(trk_money_unit_of_header("Budget (bn VND)"),
                     TRK_MONEY_BILLION);
    /* nothing, or words that only look like units */
    assert_int_equal(trk_money_unit_of_header("Tổng mức đầu tư"), NONE);
    assert_int_equal(trk_money_unit_of_header("Giá trị hợp đồng"), NONE);
    assert_int_equal(trk_money_unit_of_header("Tỷ lệ giải ngân (%)"), NONE);
    /* "ngân" (money) folds like "ngàn" (thousand) but is not a unit */
    assert_int_equal(trk_money_unit_of_header("Giải ngân (triệu đồng)"),
                     TRK_MONEY_MILLION);
    assert_int_equal(trk_money_unit_of_header("Lũy kế giải ngân, đồng"),
                     TRK_MONEY_VND);
    assert_int_equal(trk_money_unit_of_header("Giá trị (ngàn đồng)"), NONE);
    assert_int_equal(trk_money_unit_of_header(""), NONE);
    assert_int_equal(trk_money_unit_of_header(NULL), NONE);
    /* thousands and mixed units cannot be told as one of the enum's */
    assert_int_equal(trk_money_unit_of_header("Giá trị (1.000 đồng)"), NONE);
    assert_int_equal(trk_money_unit_of_header("Giá trị (nghìn đồng)"), NONE);
    assert_int_equal(trk_money_unit_of_header("Vốn (triệu đồng) / (tỷ đồng)"),
                     NONE);
}

static void test_amount_vietnamese_marks(void **state) {
    (void)state;
    AMOUNT_OK("1.234,5", TRK_MONEY_MILLION, 1234500000);
    AMOUNT_OK("850.000.000", NONE, 850000000);
    AMOUNT_OK("1.234.567,00", NONE, 1234567);
    AMOUNT_OK("5.558,0", TRK_MONEY_MILLION, 5558000000);
    AMOUNT_OK("1,2 tỷ", NONE, 1200000000);
    AMOUNT_OK("0,5 tỷ", NONE, 500000000);
    AMOUNT_OK("0,500 tỷ", NONE, 500000000); /* 0 cannot lead a group */
    AMOUNT_OK("1.234", TRK_MONEY_MILLION, 1234000000);
    AMOUNT_OK("12,25", TRK_MONEY_MILLION, 12250000);
}

static void test_amount_english_marks(void **state) {
    (void)state;
    AMOUNT_OK("1,234.5", TRK_MONEY_MILLION, 1234500000);
    AMOUNT_OK("1,234,500,000", NONE, 1234500000);
    AMOUNT_OK("1,234,567.00", NONE, 1234567);
    AMOUNT_OK("1.5", TRK_MONEY_MILLION, 1500000);
    AMOUNT_OK("1.5", TRK_MONEY_BILLION, 1500000000);
    AMOUNT_OK("1,234", TRK_MONEY_MILLION, 1234000000);
    /* GDAL's numeric cells: a 4-digit group cannot be thousands */
    AMOUNT_OK("5558.125", TRK_MONEY_MILLION, 5558125000);
    AMOUNT_OK("1234500000", NONE, 1234500000);
}

static void test_amount_units_in_cell(void **state) {
    (void)state;
    AMOUNT_OK("850 triệu", NONE, 850000000);
    AMOUNT_OK("850triệu", NONE, 850000000);
    AMOUNT_OK("850 TRIỆU", NONE, 850000000);
    AMOUNT_OK("850 trieu", NONE, 850000000);
    AMOUNT_OK("850 tr", NONE, 850000000);
    AMOUNT_OK("850tr", NONE, 850000000);
    AMOUNT_OK("850 trđ", NONE, 850000000);
    AMOUNT_OK("850 Trđ", NONE, 850000000);
    AMOUNT_OK("850 tr.đ", NONE, 850000000);
    AMOUNT_OK("850 triệu đồng", NONE, 850000000);
    AMOUNT_OK("850 million", NONE, 850000000);
    AMOUNT_OK("850 million VND", NONE, 850000000);
    AMOUNT_OK("1,2 ty", NONE, 1200000000);
    AMOUNT_OK("1,2 TỶ", NONE, 1200000000);
    AMOUNT_OK("1,2tỷ", NONE, 1200000000);
    AMOUNT_OK("1,2 tỷ đồng", NONE, 1200000000);
    AMOUNT_OK("1.2 billion", NONE, 1200000000);
    AMOUNT_OK("850.000.000 đồng", NONE, 850000000);
    AMOUNT_OK("850.000.000đ", NONE, 850000000);
    AMOUNT_OK("850000000 VND", NONE, 850000000);
    AMOUNT_OK("850.000.000 VNĐ", NONE, 850000000);
    AMOUNT_OK("850.000.000 ₫", NONE, 850000000);
    /* a written đồng unit makes small numbers unambiguous */
    AMOUNT_OK("850000 vnđ", NONE, 850000);
    AMOUNT_OK("850 dong", NONE, 850);
    /* decomposed (NFD) Unicode is the same word */
    AMOUNT_OK("850 trie\xcc\xa3\xcc\x82u", NONE, 850000000);
    AMOUNT_OK(" \t850 triệu\xc2\xa0", NONE, 850000000);
}

static void test_amount_column_unit(void **state) {
    (void)state;
    /* the column's unit applies to plain numbers */
    AMOUNT_OK("850", TRK_MONEY_MILLION, 850000000);
    AMOUNT_OK("850", TRK_MONEY_VND, 850);
    AMOUNT_OK("1,2", TRK_MONEY_BILLION, 1200000000);
    /* the cell's unit wins over the column's */
    AMOUNT_OK("850000000 đồng", TRK_MONEY_MILLION, 850000000);
    AMOUNT_OK("2 tỷ", TRK_MONEY_MILLION, 2000000000);
    AMOUNT_OK("850 triệu", TRK_MONEY_VND, 850000000);
    AMOUNT_OK("850 triệu", TRK_MONEY_BILLION, 850000000);
    /* neither: 7 digits and more are đồng, fewer are ambiguous */
    AMOUNT_OK("1234567", NONE, 1234567);
    AMOUNT_OK("850000000", NONE, 850000000);
    AMOUNT_BAD("850", NONE, "'850' has no unit: write 850 triệu or 850000000");
    AMOUNT_BAD("123456", NONE, "has no unit");
    AMOUNT_BAD("1,5", NONE, "write 1,5 triệu or 1500000");
    AMOUNT_BAD("0001234", NONE, "has no unit"); /* zeros are not digits */
    /* nothing is nothing in every unit */
    AMOUNT_OK("0", NONE, 0);
    AMOUNT_OK("0,0", NONE, 0);
}

static void test_amount_refusals(void **state) {
    int64_t v = 7;
    (void)state;
    AMOUNT_BAD("1,2,3", NONE, "'1,2,3' is not an amount");
    AMOUNT_BAD("1.2.3", TRK_MONEY_MILLION, "is not an amount");
    AMOUNT_BAD("abc", NONE, "'abc' is not an amount");
    AMOUNT_BAD("1..5", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("1.", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD(".5", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("1 234", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("1.234.5", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("1,23.456,7", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("1,234.567.8", TRK_MONEY_MILLION, "not an amount");
    AMOUNT_BAD("", TRK_MONEY_MILLION, "empty");
    AMOUNT_BAD("   ", TRK_MONEY_MILLION, "empty");
    AMOUNT_BAD("-5", TRK_MONEY_MILLION, "negative");
    AMOUNT_BAD("-850.000.000 đồng", NONE, "negative");
    AMOUNT_BAD("\xe2\x88\x92"
               "5 triệu",
               NONE, "negative");
    AMOUNT_BAD("0,0000001 triệu", NONE, "not a whole number of đồng");
    AMOUNT_BAD("1,5 đồng", NONE, "not a whole number");
    AMOUNT_BAD("1234567,5", NONE, "not a whole number");
    AMOUNT_BAD("0,1234567891 tỷ", NONE, "not a whole number");
    AMOUNT_BAD("850 m2", NONE, "unknown unit 'm2'");
    AMOUNT_BAD("850 USD", NONE, "unknown unit 'USD'");
    AMOUNT_BAD("850 tỷ lệ", NONE, "unknown unit");
    AMOUNT_BAD("850 %", NONE, "unknown unit");
    /* a NULL reason buffer is allowed */
    assert_int_equal(trk_parse_amount("abc", NONE, &v, NULL, 0), 1);
    assert_int_equal(v, 7);
}

static void test_amount_overflow(void **state) {
    (void)state;
    AMOUNT_OK("9223372036854775807", NONE, INT64_MAX);
    AMOUNT_OK("9.223.372.036.854.775.807 đồng", NONE, INT64_MAX);
    AMOUNT_BAD("9223372036854775808", NONE, "amount too large");
    AMOUNT_BAD("99999999999999999999", NONE, "amount too large");
    AMOUNT_OK("9223372036 tỷ", NONE, 9223372036000000000);
    AMOUNT_BAD("9223372037 tỷ", NONE, "amount too large");
    AMOUNT_BAD("10000000000 tỷ", NONE, "amount too large");
    AMOUNT_BAD("9223372036854,776 triệu", NONE, "amount too large");
    AMOUNT_BAD("99999999999999999999", TRK_MONEY_BILLION, "amount too large");
}

static void test_date_formats(void **state) {
    (void)state;
    DATE_OK("11/10/2022", "2022-10-11");
    DATE_OK("1/2/2023", "2023-02-01");
    DATE_OK("01/02/2023", "2023-02-01");
    DATE_OK("11-10-2022", "2022-10-11");
    DATE_OK("11.10.2022", "2022-10-11");
    DATE_OK("2022-10-11", "2022-10-11");
    DATE_OK("2022/10/11", "2022-10-11");
    DATE_OK("2022/10/11 00:00:00", "2022-10-11");
    DATE_OK("2022/10/11 00:00:00.000+07", "2022-10-11");
    DATE_OK("2022-10-11T08:30:00Z", "2022-10-11");
    DATE_OK("11/10/2022 08:30", "2022-10-11");
    DATE_OK("  11/10/2022 ", "2022-10-11");
    DATE_OK("31/12/2100", "2100-12-31");
    DATE_OK("01/01/1900", "1900-01-01");
}

static void test_date_leap_years(void **state) {
    (void)state;
    DATE_OK("29/02/2024", "2024-02-29");
    DATE_OK("29/02/2000", "2000-02-29"); /* divisible by 400 */
    DATE_BAD("29/02/2023", "February 2023 has 28 days");
    DATE_BAD("29/02/1900", "February 1900 has 28 days"); /* by 100 */
    DATE_BAD("29/02/2100", "has 28 days");
    DATE_BAD("30/02/2024", "February 2024 has 29 days");
}

static void test_date_refusals(void **state) {
    (void)state;
    DATE_BAD("31/04/2022", "'31/04/2022' is not a date: April has 30 days");
    DATE_BAD("31/06/2022", "June has 30 days");
    DATE_BAD("32/01/2022", "January has 31 days");
    DATE_BAD("13/13/2022", "'13/13/2022' is not a date (dd/mm/yyyy)");
    DATE_BAD("12/25/2022", "no month 25");
    DATE_BAD("2022-13-01", "(yyyy-mm-dd)");
    DATE_BAD("00/01/2022", "no day 0");
    DATE_BAD("01/01/1899", "1900-2100");
    DATE_BAD("01/01/2101", "1900-2100");
    DATE_BAD("1/2/22", "four digits");
    DATE_BAD("abc", "'abc' is not a date");
    DATE_BAD("44845", "not a date"); /* a spreadsheet serial number */
    DATE_BAD("11/10-2022", "not a date");
    DATE_BAD("11/10/2022x", "not a date");
    DATE_BAD("2022/10/11 25:00", "not a date");
    DATE_BAD("2022/10/11 10:7", "not a date");
    DATE_BAD("111/10/2022", "not a date");
    DATE_BAD("", "empty");
}

static void test_category_ids_and_labels(void **state) {
    const trk_category *c;
    (void)state;
    /* every id and label of the codelist maps to itself */
    for (c = trk_categories; c->id; c++) {
        CATEGORY(c->id, c->id);
        CATEGORY(c->label_vi, c->id);
        CATEGORY(c->label_en, c->id);
    }
    CATEGORY(" RURAL_ROAD ", "rural_road");
    CATEGORY("cong trinh dien", "power");
    CATEGORY("CÔNG TRÌNH ĐIỆN", "power");
    CATEGORY("trường, lớp học", "school");
    CATEGORY("cong trinh ha tang quy mo nho khac", "other");
    /* the pointer is the codelist's own */
    assert_ptr_equal(trk_parse_category("Chợ", NULL),
                     trk_category_find("market")->id);
}

static void test_category_phrases(void **state) {
    (void)state;
    CATEGORY("Đường giao thông nông thôn", "rural_road");
    CATEGORY("Đường GTNT", "rural_road");
    CATEGORY("Đường bê tông xóm", "rural_road");
    CATEGORY("Đường đến trung tâm xã", "road_to_commune_centre");
    CATEGORY("Đường trục xã", "road_to_commune_centre");
    CATEGORY("Đường liên xã", "inter_commune_road");
    CATEGORY("Cầu dân sinh", "bridge");
    CATEGORY("Cầu treo", "bridge");
    CATEGORY("Ngầm tràn", "bridge");
    CATEGORY("Chợ", "market");
    CATEGORY("Chợ nông thôn", "market");
    CATEGORY("Trạm y tế xã", "health_station");
    CATEGORY("Trường mầm non", "school");
    CATEGORY("Trường tiểu học", "school");
    CATEGORY("Phòng học", "school");
    CATEGORY("Lớp học", "school");
    CATEGORY("Nhà văn hóa xóm", "community_house");
    CATEGORY("Nhà văn hóa", "community_house");
    CATEGORY("Nhà sinh hoạt cộng đồng", "community_house");
    CATEGORY("Đường điện", "power");
    CATEGORY("Điện sinh hoạt", "power");
    CATEGORY("Trạm biến áp", "power");
    CATEGORY("Kênh mương thủy lợi", "irrigation");
    CATEGORY("Kênh mương", "irrigation");
    CATEGORY("Thủy lợi", "irrigation");
    CATEGORY("Đập", "irrigation");
    CATEGORY("Hồ chứa", "irrigation");
    CATEGORY("Trạm truyền thanh", "radio_relay");
    CATEGORY("Đài truyền thanh", "radio_relay");
    CATEGORY("Trạm chuyển tiếp phát thanh", "radio_relay");
    CATEGORY("Nước sinh hoạt tập trung", "water_supply");
    CATEGORY("Công trình cấp nước", "water_supply");
    CATEGORY("Duy tu", "maintenance");
    CATEGORY("Bảo dưỡng", "maintenance");
    CATEGORY("Sửa chữa đường", "maintenance");
}

static void test_category_spellings(void **state) {
    (void)state;
    /* case, missing diacritics, decomposed Unicode, punctuation */
    CATEGORY("ĐƯỜNG GTNT", "rural_road");
    CATEGORY("duong gtnt", "rural_road");
    CATEGORY("Duong giao thong nong thon", "rural_road");
    CATEGORY("Cho\xcc\x9b\xcc\xa3 no\xcc\x82ng tho\xcc\x82n", "market");
    CATEGORY("Kenh muong thuy loi", "irrigation");
    CATEGORY("Tram y te xa", "health_station");
    CATEGORY("Đường GTNT.", "rural_road");
    CATEGORY("Nha van hoa xom", "community_house");
    /* words that announce a work come before the head word */
    CATEGORY("Xây dựng đường giao thông nông thôn xóm Đồng Tâm", "rural_road");
    CATEGORY("Nâng cấp, mở rộng đường liên xã", "inter_commune_road");
    CATEGORY("Tuyến đường GTNT xóm 5", "rural_road");
    CATEGORY("Kiên cố hóa kênh mương xóm Khuôn Nanh", "irrigation");
    CATEGORY("Hệ thống truyền thanh xã", "radio_relay");
    CATEGORY("XD nhà văn hóa xóm Làng Lớn", "community_house");
    CATEGORY("Hỗ trợ xây dựng phòng học", "school");
}

static void test_category_order(void **state) {
    (void)state;
    /* "Đường điện" is a power line, not a road */
    CATEGORY("Đường điện", "power");
    CATEGORY("Đường điện hạ thế xóm Đèo Khế", "power");
    CATEGORY("Đường dây 0,4kV", "power");
    CATEGORY("Đường ống nước sinh hoạt", "water_supply");
    /* repairs are maintenance whatever they repair */
    CATEGORY("Sửa chữa nhà văn hóa xóm", "maintenance");
    CATEGORY("Duy tu đường GTNT", "maintenance");
    CATEGORY("Duy tu, bảo dưỡng công trình", "maintenance");
    CATEGORY("Cải tạo, sửa chữa trường mầm non", "maintenance");
    /* the head word decides */
    CATEGORY("Đường vào nhà văn hóa xóm", "rural_road");
    CATEGORY("Nhà văn hóa xóm Đồng Tâm và sân", "community_house");
    CATEGORY("Cầu treo xóm Trung Na", "bridge");
}

static void test_category_unknown(void **state) {
    (void)state;
    NO_CATEGORY("Kè chống sạt lở");
    NO_CATEGORY("Nghĩa trang nhân dân");
    NO_CATEGORY("Sân thể thao");
    NO_CATEGORY("xyz");
    NO_CATEGORY("");
    NO_CATEGORY("  ,. ");
    NO_CATEGORY(NULL);
    NO_CATEGORY("\xff\xfe"); /* not UTF-8 */
}

static void test_category_extra(void **state) {
    const char *const ke[] = {"Kè chống sạt lở=irrigation", NULL};
    const char *const road[] = {"Đường điện = rural_road", NULL};
    const char *const mixed[] = {"Chợ=la_bang", "no pair here",
                                 "Xóm Đồng Tâm=dong_tam",
                                 "Nhà đa năng=community_house", NULL};
    const char *const empty[] = {NULL};
    (void)state;
    assert_string_equal(trk_parse_category("KE CHONG SAT LO", ke),
                        "irrigation");
    assert_string_equal(trk_parse_category("Kè  chống sạt lở.", ke),
                        "irrigation");
    /* the extra mapping is consulted first and wins */
    assert_string_equal(trk_parse_category("Đường điện", road), "rural_road");
    assert_ptr_equal(trk_parse_category("duong dien", road),
                     trk_category_find("rural_road")->id);
    /* pairs for other fields (ids that are no category) are skipped */
    assert_string_equal(trk_parse_category("Chợ", mixed), "market");
    assert_null(trk_parse_category("Xóm Đồng Tâm", mixed));
    assert_string_equal(trk_parse_category("nha da nang", mixed),
                        "community_house");
    assert_null(trk_parse_category("Kè chống sạt lở", empty));
    assert_null(trk_parse_category("Kè chống sạt lở", road));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unit_of_header),
        cmocka_unit_test(test_amount_vietnamese_marks),
        cmocka_unit_test(test_amount_english_marks),
        cmocka_unit_test(test_amount_units_in_cell),
        cmocka_unit_test(test_amount_column_unit),
        cmocka_unit_test(test_amount_refusals),
        cmocka_unit_test(test_amount_overflow),
        cmocka_unit_test(test_date_formats),
        cmocka_unit_test(test_date_leap_years),
        cmocka_unit_test(test_date_refusals),
        cmocka_unit_test(test_category_ids_and_labels),
        cmocka_unit_test(test_category_phrases),
        cmocka_unit_test(test_category_spellings),
        cmocka_unit_test(test_category_order),
        cmocka_unit_test(test_category_unknown),
        cmocka_unit_test(test_category_extra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
