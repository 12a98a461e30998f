/*
 * test_sheet.c: "danh mục công trình" sheets laid out as district offices
 * keep them (title rows, a two-row header under merged cells, a row of
 * column numbers, sections, subtotals, merged communes, numbers as text),
 * written as real XLSX files with libxlsxwriter and as CSV, then read
 * back row by row: each row's kind, Excel row number and sections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <xlsxwriter.h>

#include "../tools/office_sheet.h"
#include "trk_sheet.h"

/* A few of trk_import.c's synonyms; '*' matches a prefix. */
static int known(const char *key, void *ctx) {
    static const char *const keys[] = {
        "tencongtrinh",  "xa",  "x",       "y",           "loaicongtrinh",
        "tongmucdautu*", "stt", "thonxom", "kehoachvon*", 0};
    (void)ctx;
    for (const char *const *k = keys; *k; k++) {
        size_t n = strlen(*k);
        if ((*k)[n - 1] == '*' ? !strncmp(key, *k, n - 1) : !strcmp(key, *k))
            return 1;
    }
    return 0;
}

static void tmp_path(char *out, size_t n, const char *name) {
    const char *dir = getenv("TMPDIR");
    snprintf(out, n, "%s/test_sheet_%s", dir && *dir ? dir : "/tmp", name);
}

/* Writes a work on Excel row r (1-based). */
static void work(lxw_worksheet *ws, int r, int stt, const char *name,
                 const char *xa, const char *thon, const char *type, double x,
                 double y, double total) {
    lxw_row_t row = (lxw_row_t)(r - 1);
    worksheet_write_number(ws, row, 0, stt, NULL);
    worksheet_write_string(ws, row, 1, name, NULL);
    if (xa)
        worksheet_write_string(ws, row, 2, xa, NULL);
    worksheet_write_string(ws, row, 3, thon, NULL);
    worksheet_write_string(ws, row, 4, type, NULL);
    worksheet_write_number(ws, row, 5, x, NULL);
    worksheet_write_number(ws, row, 6, y, NULL);
    worksheet_write_number(ws, row, 7, total, NULL);
}

static void write_xlsx(const char *path) {
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Danh mục");
    lxw_worksheet *help = workbook_add_worksheet(wb, "Hướng dẫn");

    assert_non_null(wb);
    /* Rows 1-10: titles, the two-row header, column numbers. */
    office_sheet_top(ws, "Ghi chú");
    /* Rows 11-: data. */
    office_sheet_section(
        ws, 11, "A",
        "CHƯƠNG TRÌNH MTQG PHÁT TRIỂN KINH TẾ - XÃ HỘI VÙNG ĐỒNG BÀO "
        "DTTS");
    worksheet_write_number(ws, 10, 7, 9500, NULL);
    office_sheet_section(ws, 12, "I",
                         "Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu");
    office_sheet_section(ws, 13, NULL, "Tiểu dự án 1");
    office_sheet_section(ws, 14, NULL, "Nội dung số 01: Đường giao thông");
    work(ws, 15, 1, "Đường bê tông xóm Đồng Tâm", NULL, "Đồng Tâm",
         "Giao thông", 2390125.5, 410234.25, 1250);
    worksheet_merge_range(ws, 14, 2, 16, 2, "Quân Chu", NULL);
    worksheet_write_string(ws, 14, 8, "1.250,5", NULL);
    work(ws, 16, 2, "Đường giao thông xóm Khuôn Lân", NULL, "Khuôn Lân",
         "Giao thông", 2391010, 409876, 2100);
    work(ws, 17, 3, "Cống thoát nước xóm Đồng Kem", NULL, "Đồng Kem",
         "Thủy lợi", 2390544, 410021, 350);
    worksheet_write_string(ws, 17, 1, "Cộng", NULL);
    worksheet_write_formula_num(ws, 17, 7, "=SUM(H15:H17)", NULL, 3700);
    office_sheet_section(ws, 19, NULL, "Nội dung số 02: Chợ");
    work(ws, 20, 4, "Chợ trung tâm xã Phú Xuyên", "Phú Xuyên", "Xóm Chùa",
         "Chợ", 2395012, 412340, 4200);
    /* Row 21 blank. */
    work(ws, 22, 5, "Chợ xã La Bằng", "La Bằng", "Xóm Đồng Tiến", "Chợ",
         2393321, 401234, 3100);
    office_sheet_section(ws, 23, "II",
                         "Dự án 1: Giải quyết tình trạng thiếu nước sinh "
                         "hoạt");
    work(ws, 24, 6, "Nước sinh hoạt tập trung xóm Tân Lập", "Phúc Lương",
         "Tân Lập", "Nước sạch", 2401234, 405678, 1800);
    work(ws, 25, 7, "Cải tạo trường mầm non Hoàng Nông", "Hoàng Nông",
         "Xóm Đèo Khế", "Giáo dục", 2387654, 412345, 900);
    office_sheet_section(ws, 26, "B", "NGÂN SÁCH HUYỆN");
    work(ws, 27, 8, "Đường trục xã Yên Lãng", "Yên Lãng", "Xóm Đồng Kè",
         "Giao thông", 2398765, 418765, 2500);
    work(ws, 28, 9, "Kè chống sạt lở suối Minh Tiến", "Minh Tiến",
         "Xóm Khuân Câm", "Thủy lợi", 2399876, 416543, 1600);
    work(ws, 29, 10, "Trạm y tế xã Phú Lạc", "Phú Lạc", "Xóm Đồng Tâm", "Y tế",
         2386543, 413210, 1450);
    worksheet_merge_range(ws, 29, 0, 29, 1, "Tổng cộng", NULL);
    worksheet_write_formula_num(ws, 29, 7, "=SUM(H15:H29)", NULL, 21200.5);

    worksheet_write_string(help, 0, 0, "Hướng dẫn nhập danh mục", NULL);
    worksheet_write_string(help, 2, 0,
                           "Ghi tọa độ theo hệ VN-2000, kinh tuyến trục 106 "
                           "độ 30 phút",
                           NULL);
    worksheet_write_string(help, 3, 0, "Kinh phí ghi theo triệu đồng", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

typedef struct want {
    int row;
    trk_sheet_kind kind;
    int nsec;
    const char *last_section; /* innermost, or NULL */
} want;

static void check_rows(trk_sheet *s, const want *w, size_t n, int to_end) {
    gis_error err = {""};
    const char *const *secs;
    size_t i;
    for (i = 0; i < n; i++) {
        int k;
        if (trk_sheet_next(s, &err) != 1)
            fail_msg("row %d: no row (%s)", w[i].row, err.msg);
        if (trk_sheet_row_number(s) != w[i].row)
            fail_msg("want row %d, got %d (%s)", w[i].row,
                     trk_sheet_row_number(s), trk_sheet_text(s, 1));
        if ((int)trk_sheet_row_kind(s) != (int)w[i].kind)
            fail_msg("row %d '%s': kind %d, want %d", w[i].row,
                     trk_sheet_text(s, 1), trk_sheet_row_kind(s), w[i].kind);
        k = trk_sheet_sections(s, &secs);
        if (k != w[i].nsec)
            fail_msg("row %d: %d sections, want %d (innermost '%s')", w[i].row,
                     k, w[i].nsec, k ? secs[k - 1] : "");
        if (w[i].last_section)
            assert_string_equal(secs[k - 1], w[i].last_section);
    }
    if (to_end)
        assert_int_equal(trk_sheet_next(s, &err), 0);
}

static void test_xlsx(void **state) {
    char path[512];
    trk_sheet *s = NULL;
    gis_error err = {""};
    const char *const *secs;
    const want rows[] = {
        {11, TRK_SHEET_SECTION, 1, NULL},
        {12, TRK_SHEET_SECTION, 2,
         "I. Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu"},
        {13, TRK_SHEET_SECTION, 3, "Tiểu dự án 1"},
        {14, TRK_SHEET_SECTION, 4, "Nội dung số 01: Đường giao thông"},
        {15, TRK_SHEET_WORK, 4, NULL},
        {16, TRK_SHEET_WORK, 4, NULL},
        {17, TRK_SHEET_WORK, 4, NULL},
        {18, TRK_SHEET_TOTAL, 4, NULL},
        {19, TRK_SHEET_SECTION, 4, "Nội dung số 02: Chợ"},
        {20, TRK_SHEET_WORK, 4, "Nội dung số 02: Chợ"},
        {22, TRK_SHEET_WORK, 4, "Nội dung số 02: Chợ"},
        {23, TRK_SHEET_SECTION, 2,
         "II. Dự án 1: Giải quyết tình trạng thiếu nước sinh hoạt"},
        {24, TRK_SHEET_WORK, 2, NULL},
        {25, TRK_SHEET_WORK, 2, NULL},
        {26, TRK_SHEET_SECTION, 1, "B. NGÂN SÁCH HUYỆN"},
        {27, TRK_SHEET_WORK, 1, "B. NGÂN SÁCH HUYỆN"},
        {28, TRK_SHEET_WORK, 1, NULL},
        {29, TRK_SHEET_WORK, 1, NULL},
        {30, TRK_SHEET_TOTAL, 1, NULL},
    };
    (void)state;

    tmp_path(path, sizeof path, "danhmuc.xlsx");
    write_xlsx(path);
    if (trk_sheet_open(&s, path, "danhmuc.xlsx", NULL, known, NULL, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(trk_sheet_name(s), "Danh mục");
    assert_int_equal(trk_sheet_header_row(s), 8);
    assert_int_equal(trk_sheet_header_height(s), 2);
    assert_int_equal(trk_sheet_field_count(s), 10);
    assert_string_equal(trk_sheet_field_name(s, 0), "STT");
    assert_string_equal(trk_sheet_field_group(s, 0), "");
    assert_string_equal(trk_sheet_field_name(s, 1), "Tên công trình");
    assert_string_equal(trk_sheet_field_name(s, 2), "Xã");
    assert_string_equal(trk_sheet_field_name(s, 5), "X");
    assert_string_equal(trk_sheet_field_group(s, 5), "Tọa độ VN-2000");
    assert_string_equal(trk_sheet_field_name(s, 6), "Y");
    assert_string_equal(trk_sheet_field_group(s, 6), "Tọa độ VN-2000");
    assert_string_equal(trk_sheet_field_name(s, 7), "Tổng mức đầu tư");
    assert_string_equal(trk_sheet_field_group(s, 8), "Kinh phí");
    assert_string_equal(trk_sheet_field_name(s, 8), "Kế hoạch vốn năm 2022");
    assert_string_equal(trk_sheet_field_name(s, 9), "Ghi chú");
    assert_int_equal(trk_sheet_stt_field(s), 0);
    assert_int_equal(trk_sheet_name_field(s), 1);
    assert_string_equal(trk_sheet_unit_line(s), "Đơn vị tính: triệu đồng");
    printf("%s\n", trk_sheet_title(s));
    assert_non_null(strstr(trk_sheet_title(s), "NĂM 2022"));
    assert_non_null(strstr(trk_sheet_title(s), "UBND HUYỆN ĐẠI TỪ | CỘNG "
                                               "HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
                                               "NAM | PHÒNG TÀI CHÍNH"));

    /* Rows 11-15 checked by hand: cells, merges, sections. */
    check_rows(s, rows, 4, 0);
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_string_equal(trk_sheet_where(s), "sheet 'Danh mục', row 15");
    assert_string_equal(trk_sheet_text(s, 0), "1");
    assert_string_equal(trk_sheet_text(s, 2), "Quân Chu");
    assert_string_equal(trk_sheet_text(s, 5), "2390125.5");
    assert_string_equal(trk_sheet_text(s, 6), "410234.25");
    assert_string_equal(trk_sheet_text(s, 8), "1.250,5");
    assert_string_equal(trk_sheet_text(s, 42), "");
    assert_int_equal(trk_sheet_sections(s, &secs), 4);
    assert_string_equal(secs[0], "A. CHƯƠNG TRÌNH MTQG PHÁT TRIỂN KINH TẾ - "
                                 "XÃ HỘI VÙNG ĐỒNG BÀO DTTS");
    assert_string_equal(secs[1], "I. Dự án 4: Đầu tư cơ sở hạ tầng thiết "
                                 "yếu");
    assert_string_equal(secs[2], "Tiểu dự án 1");
    assert_string_equal(secs[3], "Nội dung số 01: Đường giao thông");
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_int_equal(trk_sheet_row_number(s), 16);
    assert_string_equal(trk_sheet_text(s, 2), "Quân Chu");
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_int_equal(trk_sheet_row_number(s), 17);
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_WORK);
    assert_string_equal(trk_sheet_text(s, 1), "Cống thoát nước xóm Đồng Kem");
    assert_string_equal(trk_sheet_text(s, 2), "Quân Chu");
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_TOTAL);
    assert_string_equal(trk_sheet_text(s, 2), ""); /* the merge ended */
    assert_string_equal(trk_sheet_text(s, 7), "3700");
    check_rows(s, rows + 8, 10, 0);
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_int_equal(trk_sheet_row_number(s), 30);
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_TOTAL);
    assert_string_equal(trk_sheet_text(s, 0), "Tổng cộng");
    assert_string_equal(trk_sheet_text(s, 1), "Tổng cộng");
    assert_string_equal(trk_sheet_text(s, 7), "21200.5");
    assert_int_equal(trk_sheet_next(s, &err), 0);
    trk_sheet_close(s);

    /* The whole sequence in one go, and the help sheet refused. */
    assert_int_equal(
        trk_sheet_open(&s, path, "danhmuc.xlsx", "Danh mục", known, NULL, &err),
        0);
    check_rows(s, rows, sizeof rows / sizeof *rows, 1);
    trk_sheet_close(s);
    s = NULL;
    assert_int_equal(trk_sheet_open(&s, path, "danhmuc.xlsx", "Hướng dẫn",
                                    known, NULL, &err),
                     1);
    assert_null(s);
    assert_string_equal(err.msg,
                        "'danhmuc.xlsx': no header row naming the columns "
                        "(such as 'Tên công trình', 'Xã', 'X', 'Y') in the "
                        "first 30 rows of sheet 'Hướng dẫn'");
    assert_int_equal(
        trk_sheet_open(&s, path, "danhmuc.xlsx", "Sheet9", known, NULL, &err),
        1);
    assert_non_null(strstr(err.msg, "no sheet 'Sheet9'"));
    remove(path);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_csv(void **state) {
    char path[512];
    trk_sheet *s = NULL;
    gis_error err = {""};
    const char *const *secs;
    const want rows[] = {
        {10, TRK_SHEET_SECTION, 1, "I. Dự án 4: Đầu tư cơ sở hạ tầng"},
        {11, TRK_SHEET_WORK, 1, NULL},
        {13, TRK_SHEET_WORK, 1, NULL},
        {14, TRK_SHEET_SECTION, 2, "DỰ ÁN 5: HỖ TRỢ SẢN XUẤT"},
        {15, TRK_SHEET_WORK, 2, NULL},
        {16, TRK_SHEET_TOTAL, 2, NULL},
    };
    (void)state;

    tmp_path(path, sizeof path, "danhmuc.csv");
    /* The header's last cell spans two lines: line numbers must follow. */
    write_text(path, "UBND HUYỆN ĐẠI TỪ,,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
                     "NAM\n"
                     ",,,,Độc lập - Tự do - Hạnh phúc\n"
                     "\n"
                     "DANH MỤC CÔNG TRÌNH NĂM 2022\n"
                     ",,,,,,ĐVT: triệu đồng\n"
                     "STT,Tên công trình,Xã,Tọa độ VN-2000,,Kinh phí,\n"
                     ",,,X,Y,Tổng mức đầu tư,\"Kế hoạch vốn\r\n"
                     "năm 2022\"\r\n"
                     "1,2,3,4,5,6,7\n"
                     "I,Dự án 4: Đầu tư cơ sở hạ tầng,,,,,\n"
                     "1,Đường bê tông xóm Đồng Tâm,Quân Chu,2390125.5,"
                     "410234.25,\"1.250,5\",500\n"
                     "\n"
                     "2, Cống thoát nước xóm Đồng Kem ,Phú Xuyên,2390544,"
                     "410021,350,100\n"
                     ",DỰ ÁN 5: HỖ TRỢ SẢN XUẤT,,,,,\n"
                     "3,Chuồng trại xóm Tân Lập,Phúc Lương,2401234,405678,"
                     "200,200\n"
                     ",Tổng cộng,,,,\"1.800,5\",800\n");
    if (trk_sheet_open(&s, path, "danhmuc.csv", NULL, known, NULL, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(trk_sheet_header_row(s), 6);
    assert_int_equal(trk_sheet_header_height(s), 2);
    assert_int_equal(trk_sheet_field_count(s), 7);
    assert_string_equal(trk_sheet_field_name(s, 1), "Tên công trình");
    assert_string_equal(trk_sheet_field_name(s, 3), "X");
    assert_string_equal(trk_sheet_field_group(s, 3), "Tọa độ VN-2000");
    assert_string_equal(trk_sheet_field_name(s, 4), "Y");
    assert_string_equal(trk_sheet_field_group(s, 4), "Tọa độ VN-2000");
    assert_string_equal(trk_sheet_field_name(s, 5), "Tổng mức đầu tư");
    assert_string_equal(trk_sheet_field_group(s, 5), "Kinh phí");
    assert_string_equal(trk_sheet_field_name(s, 6), "Kế hoạch vốn\r\nnăm 2022");
    assert_string_equal(trk_sheet_field_group(s, 6), "Kinh phí");
    assert_string_equal(trk_sheet_field_name(s, 2), "Xã");
    assert_string_equal(trk_sheet_field_group(s, 2), "");
    assert_string_equal(trk_sheet_unit_line(s), "ĐVT: triệu đồng");
    assert_non_null(strstr(trk_sheet_title(s), "DANH MỤC CÔNG TRÌNH NĂM 2022"));
    check_rows(s, rows, 2, 0);
    assert_string_equal(trk_sheet_where(s), "line 11");
    assert_string_equal(trk_sheet_text(s, 5), "1.250,5");
    assert_string_equal(trk_sheet_text(s, 3), "2390125.5");
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_string_equal(trk_sheet_text(s, 1), "Cống thoát nước xóm Đồng Kem");
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_WORK);
    assert_int_equal(trk_sheet_sections(s, &secs), 1);
    trk_sheet_close(s);

    assert_int_equal(
        trk_sheet_open(&s, path, "danhmuc.csv", NULL, known, NULL, &err), 0);
    check_rows(s, rows, sizeof rows / sizeof *rows, 1);
    trk_sheet_close(s);
    remove(path);
}

static void test_plain_csv(void **state) {
    char path[512];
    trk_sheet *s = NULL;
    gis_error err = {""};
    const char *const *secs;
    (void)state;

    tmp_path(path, sizeof path, "plain.csv");
    write_text(path, "\xEF\xBB\xBFTên công trình;Xã;X;Y\n"
                     "Đường bê tông xóm Đồng Tâm;Quân Chu;2390125,5;410234\n"
                     "Cống;La Bằng;2390544;410021\n"
                     "Dự án nước sạch xóm Na;Phú Xuyên;2390544;410021\n");
    if (trk_sheet_open(&s, path, "plain.csv", NULL, known, NULL, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(trk_sheet_header_row(s), 1);
    assert_int_equal(trk_sheet_header_height(s), 1);
    assert_int_equal(trk_sheet_field_count(s), 4);
    assert_string_equal(trk_sheet_field_name(s, 0), "Tên công trình");
    assert_null(trk_sheet_unit_line(s));
    assert_string_equal(trk_sheet_title(s), "");
    assert_int_equal(trk_sheet_stt_field(s), -1);
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_string_equal(trk_sheet_where(s), "line 2");
    assert_string_equal(trk_sheet_text(s, 2), "2390125,5");
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_WORK);
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_string_equal(trk_sheet_text(s, 0), "Cống");
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_WORK);
    /* Named like a section, but it has its commune: a work. */
    assert_int_equal(trk_sheet_next(s, &err), 1);
    assert_int_equal(trk_sheet_row_kind(s), TRK_SHEET_WORK);
    assert_int_equal(trk_sheet_sections(s, &secs), 0);
    assert_int_equal(trk_sheet_next(s, &err), 0);
    trk_sheet_close(s);

    /* No header at all. */
    write_text(path, "Danh sách\nghi chú\n");
    assert_int_equal(
        trk_sheet_open(&s, path, "plain.csv", NULL, known, NULL, &err), 1);
    assert_non_null(strstr(err.msg, "'plain.csv': no header row"));
    remove(path);
    assert_int_equal(
        trk_sheet_open(&s, path, "plain.csv", NULL, known, NULL, &err), 1);
    assert_non_null(strstr(err.msg, "cannot open 'plain.csv'"));
    trk_sheet_close(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_plain_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
