# test_import_sheet.sh: a "danh mục công trình" workbook as a district
# office keeps it (written by tests/tools/make_office_sheet with
# libxlsxwriter: title rows, "Đơn vị tính: triệu đồng", a two-row header
# under merged cells, a column-number row, section rows, a commune merged
# down three rows, amounts typed as text, a "Cộng" formula, X/Y in
# VN-2000, swapped and as degrees, a wrong "Tổng cộng", an instructions
# sheet) imports with no option: the works and only the works, the
# sections' lines and categories, the totals checked, each point within a
# metre of where its X/Y say, Excel rows in the messages; a bad row and
# --dry-run leave the database's bytes.  The same sheet as an office CSV
# reads the same.
set -eu
. "$(dirname "$0")/lib.sh"

[ -x "${MAKE_OFFICE_SHEET:-}" ] ||
    die "MAKE_OFFICE_SHEET is not set to the fixture writer (run under ctest)"
init_db base.sqlite

file_digest() {
    _d=$(sha256sum "$1")
    echo "${_d%% *}"
}

"$MAKE_OFFICE_SHEET" danhmuc.xlsx >truth.csv || die "make_office_sheet failed"
"$MAKE_OFFICE_SHEET" danhmuc-bad.xlsx bad >/dev/null ||
    die "make_office_sheet bad failed"

describe "an office workbook imports with no option"
cp base.sqlite a.sqlite
expect_tracker 0 import works danhmuc.xlsx --db a.sqlite
expect_stdout_contains "6 rows: 6 added"
expect_eq "$(sql a.sqlite 'SELECT count(*) FROM work')" 6 \
    "works (no section, total or column-number row among them)"
expect_eq "$(sql a.sqlite "SELECT count(*) FROM work WHERE name IN ('Cộng', 'Tổng cộng') OR name LIKE 'Dự án%' OR name LIKE 'Tiểu dự án%' OR name LIKE 'Nội dung%' OR name LIKE 'CHƯƠNG TRÌNH%' OR name LIKE '(%'")" 0 \
    "no section or total row stored as a work"

describe "the header is found under the title rows, across two rows"
expect_stdout_contains \
    "note    sheet 'Danh mục', header row 8, field amount: 'Đơn vị tính: triệu đồng' above the header"
expect_stdout_contains "the title says 2022"

describe "the unit of amounts comes from the 'Đơn vị tính' line"
expect_eq "$(sql a.sqlite "SELECT group_concat(code || '=' || total_investment_vnd, ' ') FROM (SELECT * FROM work ORDER BY code)")" \
    "DT-01=1250000000 DT-02=2100000000 DT-03=350000000 DT-04=4200000000 DT-05=3100000000 DT-06=1800000000" \
    "Tổng mức đầu tư in triệu đồng"

describe "sections give the rows below their plan line and category"
expect_eq "$(sql a.sqlite "SELECT group_concat(w.code || ':' || w.category_id || ':' || a.budget_line_id || ':' || a.amount_vnd || ':' || a.year, ' ') FROM (SELECT * FROM work ORDER BY code) w JOIN allocation a ON a.work_id = w.id")" \
    "DT-01:rural_road:da4-tda1:500500000:2022 DT-02:rural_road:da4-tda1:700000000:2022 DT-03:rural_road:da4-tda1:100000000:2022 DT-04:market:da4-tda1:1200000000:2022 DT-05:market:da4-tda1:900000000:2022 DT-06:water_supply:da1:600000000:2022" \
    "category, line, amount (typed as text) and year of each work"
expect_stdout_contains \
    "section 'Nội dung số 01: Đường giao thông': the works below take budget line da4-tda1, category rural_road" \
    "section 'Nội dung số 02: Chợ': the works below take budget line da4-tda1, category market" \
    "the works below take budget line da1"

describe "a commune merged down three rows belongs to each of them"
expect_eq "$(sql a.sqlite "SELECT group_concat(u.name, ' ') FROM (SELECT * FROM work WHERE code IN ('DT-01', 'DT-02', 'DT-03') ORDER BY code) w JOIN admin_unit u ON u.id = w.unit_id")" \
    "Tiên Hội Tiên Hội Tiên Hội" "the merged Xã cell"

describe "total rows are checked, not imported"
expect_stdout_lacks "row 18, field total"
expect_stdout_contains \
    "warning sheet 'Danh mục', row 25, field total: the total row says 12.900,0 million VND, but the 6 works it totals sum to 12.800,0"

describe "X/Y swapped or typed as degrees are recognised, with a warning"
expect_stdout_contains "row 16 DT-02, field x: X" "are swapped" \
    "row 17 DT-03, field x: X 21.646200 and Y 105.618500 are degrees"
expect_stdout_lacks "--crs"
spatial_sql a.sqlite "SELECT code, printf('%.8f', X(point)), printf('%.8f', Y(point)) FROM work ORDER BY code" >got.txt
py '
import csv, math, sys
truth = {r["code"]: r for r in csv.DictReader(open(sys.argv[1]))}
for line in open(sys.argv[2]):
    code, lon, lat = line.strip().split("|")
    t = truth[code]
    dx = (float(lon) - float(t["lon"])) * 111320 * math.cos(math.radians(21.6))
    dy = (float(lat) - float(t["lat"])) * 110570
    d = math.hypot(dx, dy)
    assert d < 1.0, "%s is %.2f m from its X/Y" % (code, d)
assert len(truth) == 6
' truth.csv got.txt

describe "the instructions sheet is skipped and said to be"
expect_stdout_contains "note    sheet 'Hướng dẫn', field -: skipped"

describe "re-import of the unchanged workbook: all unchanged"
expect_tracker 0 import works danhmuc.xlsx --db a.sqlite
expect_stdout_contains "6 rows: 0 added, 0 updated, 6 unchanged"

describe "the tracker's own GeoJSON export re-imports cleanly"
expect_tracker 0 export geojson out --db a.sqlite
expect_tracker 0 import works out/works-points.geojson --db a.sqlite
expect_stdout_contains "6 rows: 0 added, 0 updated, 6 unchanged"
cp base.sqlite ex.sqlite
expect_tracker 0 import works out/works-points.geojson --db ex.sqlite
expect_stdout_contains "6 rows: 6 added"
expect_eq "$(sql ex.sqlite "SELECT group_concat(code || ':' || category_id || ':' || work_type, ' ') FROM (SELECT * FROM work ORDER BY code)")" \
    "DT-01:rural_road:unknown DT-02:rural_road:unknown DT-03:rural_road:unknown DT-04:market:unknown DT-05:market:unknown DT-06:water_supply:unknown" \
    "the export's works, work type 'unknown' kept unknown"

describe "a bad row is named by sheet and Excel row; nothing is written"
cp base.sqlite bad.sqlite
_before=$(file_digest bad.sqlite)
expect_tracker 1 import works danhmuc-bad.xlsx --db bad.sqlite
expect_stdout_contains \
    "error   sheet 'Danh mục', row 22 DT-05, field category: category 'Sân bay' is not known"
expect_stderr_contains "nothing was written"
expect_eq "$(file_digest bad.sqlite)" "$_before" "the database's bytes"

describe "--dry-run of the workbook leaves the database's bytes"
expect_tracker 0 import works danhmuc.xlsx --db bad.sqlite --dry-run
expect_stdout_contains "dry run, nothing written"
expect_eq "$(file_digest bad.sqlite)" "$_before" "the database's bytes"

# --- the same list as an office CSV ----------------------------------
# Saved by Excel as "CSV UTF-8": the title rows and the two-row header
# stay, merged cells keep their text only in the first cell.
cat >danhmuc.csv <<'EOF'
UBND HUYỆN ĐẠI TỪ,,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,,,,
,,,,Độc lập - Tự do - Hạnh phúc,,,,,

DANH MỤC CÔNG TRÌNH NĂM 2022,,,,,,,,,
,,,,,,,,ĐVT: triệu đồng,
STT,Tên công trình,Xã,"Thôn, xóm",Loại công trình,Tọa độ VN-2000,,Kinh phí,,Mã công trình
,,,,,X,Y,Tổng mức đầu tư,Kế hoạch vốn năm 2022,
(1),(2),(3),(4),(5),(6),(7),(8),(9),(10)
I,Dự án 4: Đầu tư cơ sở hạ tầng thiết yếu,,,,,,,,
,Nội dung số 02: Chợ,,,,,,,,
1,Chợ xã La Bằng,La Bằng,Xóm Đồng Tiến,,21.62025,105.5255,"3.100,0",900,DT-05
2,Chợ xã Phú Lạc,Phú Lạc,Xóm Chùa,,21.69275,105.6125,"4.200,0","1.200,0",DT-04
,Cộng,,,,,,"7.300,0","2.100,0",
EOF

describe "an office CSV: header, sections, degrees and totals as in XLSX"
cp base.sqlite c.sqlite
# --dry-run shows every row's outcome, the checked totals too.
expect_tracker 0 import works danhmuc.csv --db c.sqlite --dry-run
expect_stdout_contains "total     line 13 : 7.300,0 million VND, the sum of the 2 works it totals" \
    "total     line 13 : 2.100,0 million VND"
expect_stdout_lacks "warning line 13"
expect_tracker 0 import works danhmuc.csv --db c.sqlite
expect_stdout_contains "2 rows: 2 added" \
    "note    header, line 6, field amount: 'ĐVT: triệu đồng' above the header" \
    "line 12 DT-04, field x: X 21.692750 and Y 105.612500 are degrees"
expect_eq "$(sql c.sqlite "SELECT group_concat(w.code || ':' || w.category_id || ':' || a.budget_line_id || ':' || a.amount_vnd, ' ') FROM (SELECT * FROM work ORDER BY code) w JOIN allocation a ON a.work_id = w.id")" \
    "DT-04:market:da4-tda1:1200000000 DT-05:market:da4-tda1:900000000" \
    "the CSV's works, categories and allocations"

describe "a changed amount, re-imported, shows in show --history"
sed 's/"3.100,0",900,DT-05/"3.150,0",950,DT-05/; s/"7.300,0","2.100,0"/"7.350,0","2.150,0"/' \
    danhmuc.csv >danhmuc-2.csv
expect_tracker 0 import works danhmuc-2.csv --db c.sqlite
expect_stdout_contains "2 rows: 0 added, 1 updated, 1 unchanged"
expect_tracker 0 show DT-05 --history --db c.sqlite
expect_stdout_contains \
    "total_investment_vnd: 3100000000 -> 3150000000 (import of 'danhmuc-2.csv', line 11)" \
    "allocation da4-tda1 2022: 900000000 unknown -> 950000000 unknown (import of 'danhmuc-2.csv', line 11)"
expect_eq "$(sql c.sqlite "SELECT count(*) FROM work_change WHERE work_id = (SELECT id FROM work WHERE code = 'DT-04')")" 0 \
    "no change recorded for the unchanged work"
describe "the history cannot be rewritten"
case $(sqlite3 -batch c.sqlite "UPDATE work_change SET new_value = 'x'" 2>&1) in
*"work_change is a history: it is never rewritten"*) pass ;;
*) fail "UPDATE work_change was not refused" ;;
esac
expect_eq "$(sql c.sqlite "SELECT count(*) FROM work_change WHERE new_value = 'x'")" 0 \
    "the history as it was"

finish
