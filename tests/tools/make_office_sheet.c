/*
 * make_office_sheet.c: writes a "danh mục công trình" workbook laid out
 * as a district office keeps one, for the CLI tests to import: agency and
 * motto rows, the table title with its year, "Đơn vị tính: triệu đồng",
 * a two-row header under merged cells ("Tọa độ VN-2000" over X and Y), a
 * row of column numbers, section rows (A, I, Tiểu dự án 1, Nội dung số
 * 01: ...), a commune merged down three rows, numbers stored as text, a
 * "Cộng" subtotal as a formula with its cached value, VN-2000 X/Y (one
 * pair swapped, one pair typed as a phone's degrees), and a "Tổng cộng"
 * row whose figure is wrong; a second sheet of instructions.
 *
 *   make_office_sheet OUT.xlsx [bad]
 *
 * With "bad", one work names a category no one knows.  Prints each
 * work's code, the longitude and latitude its X/Y stand for, and its
 * Excel row, as CSV: what the import must find.
 */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gis_coord.h"
#include "office_sheet.h"

#define CRS "VN2000-TM3-10630"

typedef struct work {
    int row; /* Excel row, 1-based */
    const char *code, *name, *unit, *hamlet, *category;
    double lon, lat;
    const char *xy;        /* "vn2000", "swapped", "degrees" */
    double total;          /* Tổng mức đầu tư, million VND */
    const char *plan_text; /* Kế hoạch vốn as typed, text */
} work;

static const work works[] = {
    {15, "DT-01", "Đường bê tông xóm Đồng Tâm", NULL, "Đồng Tâm", NULL,
     105.61900, 21.64575, "vn2000", 1250, "500,5"},
    {16, "DT-02", "Đường giao thông xóm Khuôn Lân", NULL, "Khuôn Lân", NULL,
     105.62010, 21.64490, "swapped", 2100, "700"},
    {17, "DT-03", "Đường nội đồng xóm Đồng Kem", NULL, "Đồng Kem", NULL,
     105.61850, 21.64620, "degrees", 350, "100"},
    {20, "DT-04", "Chợ xã Phú Lạc", "Phú Lạc", "Xóm Chùa", NULL, 105.61250,
     21.69275, "vn2000", 4200, "1.200,0"},
    {22, "DT-05", "Chợ xã La Bằng", "La Bằng", "Xóm Đồng Tiến", NULL, 105.52550,
     21.62025, "vn2000", 3100, "900"},
    {24, "DT-06", "Nước sinh hoạt tập trung xóm Tân Lập", "Phúc Lương",
     "Tân Lập", "Nước sạch", 105.61675, 21.75075, "vn2000", 1800, "600"},
};
#define NWORKS (sizeof works / sizeof *works)

static int write_work(lxw_worksheet *ws, const work *w, int stt, int bad) {
    lxw_row_t r = (lxw_row_t)(w->row - 1);
    double e, n, x, y;
    gis_error err;

    if (gis_coord_from_wgs84(w->lon, w->lat, CRS, &e, &n, &err)) {
        fprintf(stderr, "make_office_sheet: %s\n", err.msg);
        return 1;
    }
    /* Surveyors' X is the northing. */
    x = n, y = e;
    if (!strcmp(w->xy, "swapped"))
        x = e, y = n;
    else if (!strcmp(w->xy, "degrees"))
        x = w->lat, y = w->lon;
    worksheet_write_number(ws, r, 0, stt, NULL);
    worksheet_write_string(ws, r, 1, w->name, NULL);
    if (w->unit)
        worksheet_write_string(ws, r, 2, w->unit, NULL);
    worksheet_write_string(ws, r, 3, w->hamlet, NULL);
    if (bad && stt == 5)
        worksheet_write_string(ws, r, 4, "Sân bay", NULL);
    else if (w->category)
        worksheet_write_string(ws, r, 4, w->category, NULL);
    worksheet_write_number(ws, r, 5, x, NULL);
    worksheet_write_number(ws, r, 6, y, NULL);
    worksheet_write_number(ws, r, 7, w->total, NULL);
    /* Numbers typed as text, the way a copied sheet keeps them. */
    worksheet_write_string(ws, r, 8, w->plan_text, NULL);
    worksheet_write_string(ws, r, 9, w->code, NULL);
    return 0;
}

int main(int argc, char **argv) {
    lxw_workbook *wb;
    lxw_worksheet *ws, *help;
    int bad = argc > 2 && !strcmp(argv[2], "bad");

    if (argc < 2) {
        fprintf(stderr, "usage: make_office_sheet OUT.xlsx [bad]\n");
        return 2;
    }
    wb = workbook_new(argv[1]);
    if (!wb)
        return 1;
    ws = workbook_add_worksheet(wb, "Danh mục");
    help = workbook_add_worksheet(wb, "Hướng dẫn");
    office_sheet_top(ws, "Mã công trình");

    office_sheet_section(
        ws, 11, "A",
        "CHƯƠNG TRÌNH MTQG PHÁT TRIỂN KINH TẾ - XÃ HỘI VÙNG ĐỒNG BÀO "
        "DTTS VÀ MIỀN NÚI");
    office_sheet_section(ws, 12, "I",
                         "Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu");
    office_sheet_section(ws, 13, NULL, "Tiểu dự án 1");
    office_sheet_section(ws, 14, NULL, "Nội dung số 01: Đường giao thông");
    /* One commune for three works, merged down their rows. */
    worksheet_merge_range(ws, 14, 2, 16, 2, "Tiên Hội", NULL);
    worksheet_write_string(ws, 17, 1, "Cộng", NULL);
    worksheet_write_formula_num(ws, 17, 7, "=SUM(H15:H17)", NULL, 3700);
    office_sheet_section(ws, 19, NULL, "Nội dung số 02: Chợ");
    office_sheet_section(
        ws, 23, "II",
        "Dự án 1: Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản "
        "xuất, nước sinh hoạt");
    for (size_t i = 0; i < NWORKS; i++)
        if (write_work(ws, &works[i], (int)i + 1, bad))
            return 1;
    /* The true sum is 12.800; the sheet says otherwise. */
    worksheet_merge_range(ws, 24, 0, 24, 1, "Tổng cộng", NULL);
    worksheet_write_formula_num(ws, 24, 7, "=H18+H20+H22+H24", NULL, 12900);

    worksheet_write_string(help, 0, 0, "Hướng dẫn nhập danh mục", NULL);
    worksheet_write_string(help, 2, 0,
                           "Ghi tọa độ theo hệ VN-2000, kinh tuyến trục 106 "
                           "độ 30 phút",
                           NULL);
    if (workbook_close(wb) != LXW_NO_ERROR)
        return 1;
    puts("code,lon,lat,row");
    for (size_t i = 0; i < NWORKS; i++)
        printf("%s,%.7f,%.7f,%d\n", works[i].code, works[i].lon, works[i].lat,
               works[i].row);
    return 0;
}
