/*
 * office_sheet.h: the top of a "danh mục công trình" sheet as a district
 * office lays it out, for the tests that write one with libxlsxwriter
 * (tests/tracker/test_sheet.c, tests/tools/make_office_sheet.c).
 * Header-only: each test is one executable built from one file.
 *
 * Rows 1-7: agency and motto side by side, the title with its year, the
 * decision, the programme, "Đơn vị tính: triệu đồng"; rows 8-9: a
 * two-row header under merged cells (STT | Tên công trình | Xã | Thôn,
 * xóm | Loại công trình | Tọa độ VN-2000: X, Y | Kinh phí: Tổng mức đầu
 * tư, Kế hoạch vốn năm 2022 | last); row 10: the column numbers.
 */
#ifndef OFFICE_SHEET_H
#define OFFICE_SHEET_H

#include <xlsxwriter.h>

static void office_sheet_top(lxw_worksheet *ws, const char *last) {
    static const char *const nums[] = {"(1)", "(2)", "(3)", "(4)", "(5)",
                                       "(6)", "(7)", "(8)", "(9)", "(10)"};
    worksheet_merge_range(ws, 0, 0, 0, 2, "UBND HUYỆN ĐẠI TỪ", NULL);
    worksheet_merge_range(ws, 0, 4, 0, 9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                          NULL);
    worksheet_merge_range(ws, 1, 0, 1, 2, "PHÒNG TÀI CHÍNH - KẾ HOẠCH", NULL);
    worksheet_merge_range(ws, 1, 4, 1, 9, "Độc lập - Tự do - Hạnh phúc", NULL);
    worksheet_merge_range(ws, 3, 0, 3, 9,
                          "DANH MỤC CÔNG TRÌNH ĐẦU TƯ CƠ SỞ HẠ TẦNG NĂM 2022",
                          NULL);
    worksheet_merge_range(ws, 4, 0, 4, 9,
                          "(Kèm theo Quyết định số 1234/QĐ-UBND ngày "
                          "15/3/2022 của UBND huyện Đại Từ)",
                          NULL);
    worksheet_merge_range(ws, 5, 0, 5, 9,
                          "Chương trình mục tiêu quốc gia phát triển kinh tế "
                          "- xã hội vùng đồng bào dân tộc thiểu số",
                          NULL);
    worksheet_merge_range(ws, 6, 8, 6, 9, "Đơn vị tính: triệu đồng", NULL);
    worksheet_merge_range(ws, 7, 0, 8, 0, "STT", NULL);
    worksheet_merge_range(ws, 7, 1, 8, 1, "Tên công trình", NULL);
    worksheet_merge_range(ws, 7, 2, 8, 2, "Xã", NULL);
    worksheet_merge_range(ws, 7, 3, 8, 3, "Thôn, xóm", NULL);
    worksheet_merge_range(ws, 7, 4, 8, 4, "Loại công trình", NULL);
    worksheet_merge_range(ws, 7, 5, 7, 6, "Tọa độ VN-2000", NULL);
    worksheet_write_string(ws, 8, 5, "X", NULL);
    worksheet_write_string(ws, 8, 6, "Y", NULL);
    worksheet_merge_range(ws, 7, 7, 7, 8, "Kinh phí", NULL);
    worksheet_write_string(ws, 8, 7, "Tổng mức đầu tư", NULL);
    worksheet_write_string(ws, 8, 8, "Kế hoạch vốn năm 2022", NULL);
    worksheet_merge_range(ws, 7, 9, 8, 9, last, NULL);
    for (int i = 0; i < 10; i++)
        worksheet_write_string(ws, 9, (lxw_col_t)i, nums[i], NULL);
}

/* A section row r (1-based): its STT (or none) and its name merged over
 * columns B-E. */
static void office_sheet_section(lxw_worksheet *ws, int r, const char *stt,
                                 const char *name) {
    lxw_row_t row = (lxw_row_t)(r - 1);
    if (stt)
        worksheet_write_string(ws, row, 0, stt, NULL);
    worksheet_merge_range(ws, row, 1, row, 4, name, NULL);
}

#endif
