# test_import_bad.sh: `tracker import works FILE` refuses bad input.  A
# catalogue of small bad files, each imported into a fresh copy of the
# same seeded database; each must exit 1 (2 for usage errors), name the
# line or feature, the work's code and the field of every bad row on
# stdout ("error   line N CODE, field F: ...") with one "error: ..." line
# on stderr, and leave the database exactly as it was (one transaction:
# a file with any bad row writes nothing, good rows included).  Text that
# looks like SQL is data: it imports verbatim.  Also: every error of a
# file is listed, not just the first, and --report lists them too.
set -eu
. "$(dirname "$0")/lib.sh"

init_db base.sqlite

# The seed: two works, so that "nothing written" also covers updates.
cat >seed.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ,Kế hoạch vốn (triệu đồng),Nguồn vốn
S1,Cầu tràn xóm Trung Na,Cầu,05803,105.6189,21.6458,500,Dự án 4 - Tiểu dự án 1
S2,Nhà văn hóa xóm Bình Khang,Nhà văn hóa,05830,105.6381,21.6101,300,NSTW
EOF
cp base.sqlite seed.sqlite
describe "the seed"
expect_tracker 0 import works seed.csv --db seed.sqlite
[ "$(sql seed.sqlite "SELECT count(*) FROM work") $(sql seed.sqlite \
    "SELECT count(*) FROM allocation")" = "2 2" ] ||
    die "the seed did not add 2 works with 2 allocations"
SEED=$(db_digest seed.sqlite)

# The header most cases use, and the good row they vary.
H='Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ'
GOOD='B1,Cầu thử,Cầu,05803,105.6189,21.6458'

# csv FILE LINE...: writes the lines (a header first) to FILE.
csv() {
    _f=$1
    shift
    printf '%s\n' "$@" >"$_f"
}

# bad EXIT FILE [ARGS...]: imports FILE into a fresh copy of the seed; it
# must exit EXIT and leave the database unchanged.
bad() {
    _exit=$1 _file=$2
    shift 2
    cp seed.sqlite db.sqlite
    expect_tracker "$_exit" import works "$_file" --db db.sqlite "$@"
    expect_db_unchanged db.sqlite "$SEED"
}

# row_error WHERE CODE FIELD TEXT...: stdout has a row error line
# "error   WHERE CODE, field FIELD: ..." holding every TEXT (any code or
# none when CODE is empty, any field when FIELD is '*').
row_error() {
    _start="error   $1"
    _code=$2 _field=$3
    shift 3
    _hit=0
    while IFS= read -r _l || [ -n "$_l" ]; do
        case $_l in
        "$_start "* | "$_start,"*) ;;
        *) continue ;;
        esac
        if [ -n "$_code" ]; then
            case $_l in "$_start $_code, field "*) ;; *) continue ;; esac
        fi
        if [ "$_field" != "*" ]; then
            case $_l in *", field $_field: "*) ;; *) continue ;; esac
        fi
        _all=1
        for _t in "$@"; do
            case $_l in
            *"$_t"*) ;;
            *) _all=0 ;;
            esac
        done
        [ "$_all" = 0 ] || _hit=1
    done <"$OUT"
    if [ "$_hit" = 1 ]; then pass; else
        fail "no row error '$_start${_code:+ $_code}, field $_field: ...' holding: $*"
        show_output
    fi
}

# count_errors N: stdout has exactly N row error lines.
count_errors() {
    _n=0
    while IFS= read -r _l || [ -n "$_l" ]; do
        case $_l in "error   "*) _n=$((_n + 1)) ;; esac
    done <"$OUT"
    expect_eq "$_n" "$1" "row error lines on stdout"
}

# summary FILE N: the one stderr line says N errors, nothing written.
summary() {
    if [ "$2" = 1 ]; then _e="1 error in"; else _e="$2 errors in"; fi
    expect_error_line "'$1'" "$_e" "nothing was written"
}

# --- text ---------------------------------------------------------------

# TCVN3 text pasted into a UTF-8 file is converted (test_import_formats);
# bytes that are neither are refused.  A cell holding both valid UTF-8
# and broken bytes is damaged UTF-8, not TCVN3.
describe "damaged UTF-8 in a UTF-8 file"
printf '%s\n%s\nB2,C\341\272\247u \377\376,Cầu,05803,105.6189,21.6458\n' \
    "$H" "$GOOD" >utf8.csv
bad 1 utf8.csv
row_error "line 3" "" name "UTF-8"
count_errors 1
summary utf8.csv 1

# Bytes that are not UTF-8 and whose TCVN3 reading holds no Vietnamese
# letter ("CÀÁu"): not TCVN3 either.
describe "non-UTF-8 bytes that are no TCVN3 text"
printf '%s\n%s\nB2,C\200\203u,Cầu,05803,105.6189,21.6458\n' "$H" "$GOOD" \
    >not-tcvn3.csv
bad 1 not-tcvn3.csv
row_error "line 3" "" name "UTF-8"
count_errors 1
summary not-tcvn3.csv 1

# A UTF-16 file is no longer bad: test_import_office.sh imports one.

describe "an overlong name"
csv long.csv "$H" "B1,$("$PYTHON" -c 'print("C" * 401)'),Cầu,05803,105.6189,21.6458"
bad 1 long.csv
row_error "line 2" "" name "401 bytes" "400"
count_errors 1
summary long.csv 1
# The row has a code: its error line should name it.
slurp "$OUT"
if has "error   line 2 B1,"; then pass; else
    fail "the error line of row B1 does not name its code"
    show_output
fi

describe "a name of exactly 400 bytes"
NAME400=$("$PYTHON" -c 'print("C" * 400)')
csv long400.csv "$H" "B1,$NAME400,Cầu,05803,105.6189,21.6458"
cp seed.sqlite db.sqlite
expect_tracker 0 import works long400.csv --db db.sqlite
expect_eq "$(sql db.sqlite "SELECT length(name) FROM work WHERE code = 'B1'")" \
    400 "the stored 400-byte name"

describe "a spreadsheet formula as a name"
csv formula.csv "$H" 'B1,=SUM(A1:A3),Cầu,05803,105.6189,21.6458'
bad 1 formula.csv
row_error "line 2" "" name "'=SUM(A1:A3)'" "formula"
count_errors 1
summary formula.csv 1

describe "a spreadsheet formula as an amount"
csv formula-amount.csv "$H,Kế hoạch vốn (triệu đồng)" "$GOOD,=SUM(G3:G9)"
bad 1 formula-amount.csv
row_error "line 2" B1 amount "'=SUM(G3:G9)'" "formula"
count_errors 1
summary formula-amount.csv 1

# SQL in the data is data: the rows import, stored byte for byte.
describe "SQL metacharacters in codes, names and notes"
cat >sql.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ,Ghi chú
Q1'--,"Cầu'); DROP TABLE work; --",Cầu,05803,105.6189,21.6458,"x"" OR 1=1; DELETE FROM allocation; --"
Q2;,"Robert""); DELETE FROM work WHERE (""1""=""1",Cầu,05803,105.6189,21.6458,%s %n %% \x00 ?1 :a @b $c
EOF
cp seed.sqlite db.sqlite
expect_tracker 0 import works sql.csv --db db.sqlite
expect_stdout_contains "2 rows: 2 added, 0 updated, 0 unchanged"
py '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = dict((c, (n, t)) for c, n, t in
            db.execute("SELECT code, name, note FROM work"))
want = {
    "S1": ("Cầu tràn xóm Trung Na", None),
    "S2": ("Nhà văn hóa xóm Bình Khang", None),
    "Q1'\''--": ("Cầu'\''); DROP TABLE work; --",
               "x\" OR 1=1; DELETE FROM allocation; --"),
    "Q2;": ("Robert\"); DELETE FROM work WHERE (\"1\"=\"1",
            "%s %n %% \\x00 ?1 :a @b $c"),
}
assert rows == want, "works stored: %r" % rows
(n,) = db.execute("SELECT count(*) FROM allocation").fetchone()
assert n == 2, "%d allocations, expected the seed'\''s 2" % n
' db.sqlite

# --- codes, units, categories ------------------------------------------

describe "a code twice in one file"
csv dup.csv "$H" "$GOOD" 'B1,Cầu khác,Cầu,05803,105.6189,21.6458'
bad 1 dup.csv
row_error "line 3" B1 code "'B1'" "twice" "line 2"
count_errors 1
summary dup.csv 1

describe "an unknown category"
csv category.csv "$H" 'B1,Sân bay xã,Sân bay,05803,105.6189,21.6458'
bad 1 category.csv
row_error "line 2" B1 category "'Sân bay'" "--map-value"
count_errors 1
summary category.csv 1

describe "an unknown unit name"
csv unit-name.csv "$H" 'B1,Cầu thử,Cầu,Xã Không Có,105.6189,21.6458'
bad 1 unit-name.csv
row_error "line 2" B1 unit "'Xã Không Có'" "2022-10-11"
count_errors 1
summary unit-name.csv 1

describe "an unknown unit code"
csv unit-code.csv "$H" 'B1,Cầu thử,Cầu,99999,105.6189,21.6458'
bad 1 unit-code.csv
row_error "line 2" B1 unit "'99999'"
count_errors 1
summary unit-code.csv 1

# 05830 was Xã Bình Thuận until 30/6/2025 and is Xã Đại Từ since: the
# file's codes mean the units of --as-of, by default the plan's (2022).
describe "a reused unit code without --as-of"
csv reused.csv "$H" 'B1,Cầu thử,Cầu,05830,105.6381,21.6101'
cp seed.sqlite db.sqlite
expect_tracker 0 import works reused.csv --db db.sqlite
expect_eq "$(sql db.sqlite "SELECT u.full_name FROM work w JOIN admin_unit u
    ON u.id = w.unit_id WHERE w.code = 'B1'")" "Xã Bình Thuận" \
    "the unit 05830 means by default"
describe "a reused unit code with --as-of 2025-07-01"
cp seed.sqlite db.sqlite
expect_tracker 0 import works reused.csv --db db.sqlite --as-of 2025-07-01
expect_eq "$(sql db.sqlite "SELECT u.full_name FROM work w JOIN admin_unit u
    ON u.id = w.unit_id WHERE w.code = 'B1'")" "Xã Đại Từ" \
    "the unit 05830 means on 2025-07-01"

describe "a unit code not in force on --as-of"
csv gone.csv "$H" "$GOOD"
bad 1 gone.csv --as-of 2025-07-01
row_error "line 2" B1 unit "'05803'" "2025-07-01"
count_errors 1
summary gone.csv 1

# --- coordinates and geometry ------------------------------------------

describe "text in Kinh độ"
csv lon.csv "$H" 'B1,Cầu thử,Cầu,05803,abc,21.6458'
bad 1 lon.csv
row_error "line 2" B1 lon "'abc'" "not a number"
count_errors 1
summary lon.csv 1

describe "a longitude without a latitude"
csv nolat.csv "$H" 'B1,Cầu thử,Cầu,05803,105.6189,'
bad 1 nolat.csv
row_error "line 2" B1 "*" "latitude"
count_errors 1
summary nolat.csv 1

describe "swapped coordinates"
csv swapped.csv "$H" 'B1,Cầu thử,Cầu,05803,21.6458,105.6189'
bad 1 swapped.csv
row_error "line 2" B1 location "21.6458 105.6189" "swapped"
count_errors 1
summary swapped.csv 1

describe "a point in Hà Nội"
csv hanoi.csv "$H" 'B1,Cầu thử,Cầu,05803,105.85,21.03'
bad 1 hanoi.csv
row_error "line 2" B1 location "105.85 21.03" "outside the district"
count_errors 1
summary hanoi.csv 1

# feature FILE PROPS GEOMETRY: a one-feature GeoJSON FeatureCollection.
feature() {
    printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {%s}, "geometry": %s}]}\n' \
        "$2" "$3" >"$1"
}
PROPS='"code": "B1", "name": "Cầu thử", "category": "bridge", "unit": "05803"'

describe "a null geometry and no other location"
feature null.geojson "$PROPS" null
bad 1 null.geojson
row_error "feature 1" B1 "*" "place text"
count_errors 1
summary null.geojson 1
# The row error names the field at fault, like every other row error.
slurp "$OUT"
if has "field -:"; then
    fail "the error line names no field ('field -')"
    show_output
else pass; fi

describe "an empty point geometry"
feature empty-point.geojson "$PROPS" '{"type": "Point", "coordinates": []}'
bad 1 empty-point.geojson
row_error "feature 1" B1 "*"
count_errors 1
summary empty-point.geojson 1

describe "a line with one vertex"
feature one-vertex.geojson "$PROPS" \
    '{"type": "LineString", "coordinates": [[105.6189, 21.6458]]}'
bad 1 one-vertex.geojson
row_error "feature 1" B1 geometry "105.6189 21.6458" "fewer than two"
count_errors 1
summary one-vertex.geojson 1

describe "a multipoint (a polygon is a site: see test_import_office.sh)"
feature multipoint.geojson "$PROPS" '{"type": "MultiPoint", "coordinates":
    [[105.61, 21.64], [105.62, 21.64]]}'
bad 1 multipoint.geojson
row_error "feature 1" B1 geometry "MULTIPOINT" "not a point, a line or an area"
count_errors 1
summary multipoint.geojson 1

XYH='Mã công trình,Tên công trình,Loại công trình,X,Y'
describe "X/Y outside the VN-2000 zone"
csv xy-zone.csv "$XYH" 'B1,Cầu thử,Cầu,1392947.91,410777.33'
bad 1 xy-zone.csv
row_error "line 2" B1 x "1392947.91" "outside the area of use"
count_errors 1
summary xy-zone.csv 1

describe "X/Y that are no TM-3 survey"
csv xy-crs.csv "$XYH" 'B1,Cầu thử,Cầu,2392947.91,910777.33'
bad 1 xy-crs.csv
row_error "line 2" B1 x "910777.330" "--crs"
count_errors 1
summary xy-crs.csv 1

describe "X/Y in the zone, outside the district"
csv xy-out.csv "$XYH" 'B1,Cầu thử,Cầu,2392947.91,450777.33'
bad 1 xy-out.csv
row_error "line 2" B1 "*" "district"
count_errors 1
summary xy-out.csv 1

describe "text as GPS accuracy"
csv accuracy.csv 'code,name,category,unit,_gps_latitude,_gps_longitude,_gps_precision' \
    'B1,Cầu thử,bridge,05803,21.6458,105.6189,abc'
bad 1 accuracy.csv
row_error "line 2" B1 accuracy "'abc'" "not a number"
count_errors 1
summary accuracy.csv 1

# --- amounts, dates and the other cells --------------------------------

AH="$H,Kế hoạch vốn (triệu đồng)"
describe "an amount in words"
csv words.csv "$AH" "$GOOD,mười"
bad 1 words.csv
row_error "line 2" B1 amount "'mười'" "not an amount"
count_errors 1
summary words.csv 1

describe "a negative amount"
csv negative.csv "$AH" "$GOOD,-500"
bad 1 negative.csv
row_error "line 2" B1 amount "'-500'" "negative"
count_errors 1
summary negative.csv 1

describe "an amount without a unit in a column without one"
csv no-unit.csv "$H,Kinh phí" "$GOOD,850"
bad 1 no-unit.csv
row_error "line 2" B1 amount "'850' has no unit" "850 triệu"
count_errors 1
summary no-unit.csv 1

describe "an impossible date"
csv date.csv "$H,Ngày khởi công" "$GOOD,31/04/2022"
bad 1 date.csv
row_error "line 2" B1 start "'31/04/2022'" "April has 30 days"
count_errors 1
summary date.csv 1

describe "29 February of a common year"
csv feb.csv "$H,Ngày hoàn thành" "$GOOD,29/02/2023"
bad 1 feb.csv
row_error "line 2" B1 end "'29/02/2023'" "February 2023 has 28 days"
count_errors 1
summary feb.csv 1

describe "a year in letters"
csv year.csv "$H,Năm" "$GOOD,abcd"
bad 1 year.csv
row_error "line 2" B1 year "'abcd'" "not a year"
count_errors 1
summary year.csv 1

describe "an unknown status"
csv status.csv "$H,Tình trạng" "$GOOD,Tạm dừng"
bad 1 status.csv
row_error "line 2" B1 status "'Tạm dừng'" "not known"
count_errors 1
summary status.csv 1

describe "an unknown work type"
csv type.csv "$H,Hình thức đầu tư" "$GOOD,Xã hội hóa"
bad 1 type.csv
row_error "line 2" B1 type "'Xã hội hóa'" "not known"
count_errors 1
summary type.csv 1

describe "an unknown budget line"
csv budget.csv "$AH,Nguồn vốn" "$GOOD,500,Vốn vay ODA"
bad 1 budget.csv
row_error "line 2" B1 budget "'Vốn vay ODA'" "budget line"
count_errors 1
summary budget.csv 1

# --- whole files -------------------------------------------------------

describe "no name column"
csv no-name.csv 'Mã công trình,Loại công trình,Xã,Kinh độ,Vĩ độ' \
    'B1,Cầu,05803,105.6189,21.6458'
bad 1 no-name.csv
expect_stdout_empty
expect_error_line "name" "--map name=COLUMN"

describe "a truncated GeoJSON"
printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {%s}, "geometry": {"type": "Point", "coordinates": [105.6189, 21.64' \
    "$PROPS" >truncated.geojson
bad 1 truncated.geojson
expect_stdout_empty
expect_error_line "truncated.geojson"

describe "a CSV cut inside a quoted cell"
printf '%s\n%s\nB2,"Cầu hai,Cầu,05803,105.61' "$H" "$GOOD" >truncated.csv
bad 1 truncated.csv
row_error "line 3" B2 "*"
summary truncated.csv 1

describe "a nonexistent file"
bad 1 nonexistent.csv
expect_stdout_empty
expect_error_line "nonexistent.csv"

describe "a header without rows"
csv header-only.csv "$H"
bad 1 header-only.csv
expect_stdout_empty
expect_error_line "header-only.csv" "no rows"

describe "an empty file"
: >empty.csv
bad 1 empty.csv
expect_stdout_empty
expect_error_line "empty.csv"

describe "a UTF-8 BOM"
{
    printf '\357\273\277'
    printf '%s\n%s\n' "$H" 'BOM-1,Cầu thử,Cầu,05803,105.6189,21.6458'
} >bom.csv
cp seed.sqlite db.sqlite
expect_tracker 0 import works bom.csv --db db.sqlite
expect_eq "$(sql db.sqlite "SELECT hex(code) || ' ' || name FROM work WHERE
    name = 'Cầu thử'")" "424F4D2D31 Cầu thử" "the code read after a BOM"

# --- options -----------------------------------------------------------

csv ok.csv "$H" "$GOOD"

describe "--map to a missing column"
bad 1 ok.csv --map name=Tên
expect_stdout_empty
expect_error_line "--map" "'Tên'"

describe "--map with an unknown field"
bad 2 ok.csv --map colour=Xã
expect_stdout_empty
expect_error_line "--map" "colour"

describe "--map without ="
bad 2 ok.csv --map name
expect_stdout_empty
expect_error_line "--map" "name"

describe "--map-value without ="
bad 2 ok.csv --map-value bridge
expect_stdout_empty
expect_error_line "--map-value" "bridge"

describe "a malformed --as-of"
bad 2 ok.csv --as-of 11/13/2022
expect_stdout_empty
expect_error_line "--as-of" "11/13/2022"

describe "an unknown option"
bad 2 ok.csv --bogus
expect_stdout_empty
expect_error_line "--bogus"

describe "no FILE"
cp seed.sqlite db.sqlite
expect_tracker 2 import works --db db.sqlite
expect_error_line "import works FILE"
expect_db_unchanged db.sqlite "$SEED"

# --- many bad rows -----------------------------------------------------

# Seven bad rows (one with two errors), one good row, and an update of
# S1's amount: all listed, nothing written.
cat >many.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ,Kế hoạch vốn (triệu đồng),Năm,Ngày khởi công,Tình trạng
M1,Cầu một,Cầu,05803,abc,21.6458,500,2022,01/03/2022,Đang thi công
M2,Cầu hai,Sân bay,05803,105.6189,21.6458,500,2022,01/03/2022,Đang thi công
M3,Cầu ba,Cầu,05803,105.6189,21.6458,mười,2022,01/03/2022,Đang thi công
M4,Cầu bốn,Cầu,05803,105.6189,21.6458,500,abcd,01/03/2022,Đang thi công
M5,Cầu năm,Cầu,05803,105.6189,21.6458,500,2022,31/04/2022,Đang thi công
M6,Cầu sáu,Cầu,05803,105.6189,21.6458,500,2022,01/03/2022,Tạm dừng
M7,Cầu bảy,Cầu,05803,105.6189,21.6458,500,2022,01/03/2022,Hoàn thành
M8,Cầu tám,Sân bay,05803,105.6189,21.6458,-5,2022,01/03/2022,Đang thi công
S1,Cầu tràn xóm Trung Na,Cầu,05803,105.6189,21.6458,999,2022,01/03/2022,Đang thi công
EOF

describe "many errors in one file"
bad 1 many.csv
row_error "line 2" M1 lon "'abc'"
row_error "line 3" M2 category "'Sân bay'"
row_error "line 4" M3 amount "'mười'"
row_error "line 5" M4 year "'abcd'"
row_error "line 6" M5 start "'31/04/2022'"
row_error "line 7" M6 status "'Tạm dừng'"
row_error "line 9" M8 category "'Sân bay'"
row_error "line 9" M8 amount "'-5'"
count_errors 8
summary many.csv 8
expect_stdout_lacks "line 8 M7," "line 10 S1,"

describe "many errors in one file, --dry-run"
bad 1 many.csv --dry-run
count_errors 8
expect_stdout_contains "add       line 8 M7" "update    line 10 S1"
summary many.csv 8

describe "many errors in one file, --report"
bad 1 many.csv --report report.csv
count_errors 8
py '
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
assert rows and rows[0] == ["where", "code", "action", "field", "message"], \
    "header %r" % (rows[:1],)
errors = sorted((r[0], r[1], r[3]) for r in rows[1:] if r[2] == "error")
want = sorted([("line 2", "M1", "lon"), ("line 3", "M2", "category"),
               ("line 4", "M3", "amount"), ("line 5", "M4", "year"),
               ("line 6", "M5", "start"), ("line 7", "M6", "status"),
               ("line 9", "M8", "category"), ("line 9", "M8", "amount")])
assert errors == want, "report errors %r" % errors
assert all(r[4] for r in rows[1:] if r[2] == "error"), "an error without reason"
assert not [r for r in rows[1:] if r[2] == "error" and r[1] in ("M7", "S1")], \
    "good rows reported as errors"
' report.csv

finish
