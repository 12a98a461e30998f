# test_import_formats.sh: `tracker import works FILE` reads each format a
# district office or a field team has -- a Vietnamese CSV (amounts in
# triệu/tỷ, dd/mm/yyyy dates, statuses, Nguồn vốn), the same table as
# XLSX, GeoJSON points and lines, GPX waypoints and tracks, KML, KoboToolbox
# and ODK Central CSV exports (GPS accuracy), VN-2000 X/Y sheets, TCVN3
# text, rows located only by their hamlet -- into the expected works,
# units, lengths and precision codes.  Importing a file a second time
# changes nothing (same database digest, "unchanged"); --dry-run writes
# nothing; --report writes one CSV line per row; a re-import of an edited
# file updates that one allocation only.
#
# Every file is made here (heredocs, iconv, ogr2ogr, cs2cs) and imported
# into its own copy of one freshly initialised database.
set -eu
. "$(dirname "$0")/lib.sh"

init_db base.sqlite

# q DB SQL: one query with SpatiaLite loaded (X(), Y(), ...).
q() {
    spatial_sql "$1" "$2"
}

# expect_no_row_errors: stdout has no row error line.
expect_no_row_errors() {
    slurp "$OUT"
    case $SLURP in
    *"error   "*) fail "stdout lists row errors"; show_output ;;
    *) pass ;;
    esac
}

# import_new DB FILE N [ARGS...]: DB is a fresh copy of base.sqlite;
# importing FILE adds its N rows, and importing it again leaves the
# database as it was after the first import and says all N unchanged.
import_new() {
    _db=$1 _file=$2 _n=$3
    shift 3
    cp base.sqlite "$_db"
    expect_tracker 0 import works "$_file" --db "$_db" "$@"
    expect_stdout_contains "$_n rows: $_n added, 0 updated, 0 unchanged,"
    expect_no_row_errors
    expect_stderr_empty
    _d1=$(db_digest "$_db")
    expect_tracker 0 import works "$_file" --db "$_db" "$@"
    expect_stdout_contains "$_n rows: 0 added, 0 updated, $_n unchanged,"
    expect_no_row_errors
    expect_db_unchanged "$_db" "$_d1"
}

# expect_point DB CODE LON LAT [TOL]: the work's point within TOL degrees.
expect_point() {
    _got=$(q "$1" "SELECT printf('%.9f %.9f', X(point), Y(point)) FROM work
        WHERE code = '$2'")
    py '
import sys
got, lon, lat, tol = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), \
    float(sys.argv[4])
assert got, "no point for the work"
x, y = map(float, got.split())
assert abs(x - lon) <= tol and abs(y - lat) <= tol, \
    "point %s, expected %.9f %.9f within %g" % (got, lon, lat, tol)
' "$_got" "$3" "$4" "${5:-1e-9}"
}

# Haversine on the mean Earth radius, metres, along LON LAT LON LAT ...
haversine() {
    "$PYTHON" -c '
import math, sys
v = list(map(float, sys.argv[1:]))
pts = list(zip(v[0::2], v[1::2]))
total = 0.0
for (lon1, lat1), (lon2, lat2) in zip(pts, pts[1:]):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2)
         * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    total += 2 * 6371008.8 * math.asin(math.sqrt(h))
print("%.3f" % total)
' "$@"
}

# expect_length DB CODE METRES: the work's line length within 2%.
expect_length() {
    py '
import sys
got, want = sys.argv[1], float(sys.argv[2])
assert got, "the work has no row in work_line"
assert abs(float(got) - want) <= 0.02 * want, \
    "length_m %s, expected %.1f within 2%%" % (got, want)
' "$(sql "$1" "SELECT l.length_m FROM work_line l JOIN work w
        ON w.id = l.work_id WHERE w.code = '$2'")" "$3"
}

# What a work is, as one line: the columns every source fills.
WORK_ROW="w.code || '|' || w.name || '|' || w.category_id || '|' ||
    w.work_type || '|' || u.code || ' ' || u.full_name || '|' ||
    ifnull(h.name, '-') || '|' || ifnull(w.investor, '-') || '|' ||
    ifnull(w.start_date, '-') || '|' || ifnull(w.end_date, '-') || '|' ||
    ifnull(w.precision_code, '-') || '|' || ifnull(w.note, '-') || '|' ||
    printf('%.7f %.7f', X(w.point), Y(w.point))"
works_of() {
    q "$1" "SELECT $WORK_ROW FROM work w JOIN admin_unit u ON u.id = w.unit_id
        LEFT JOIN hamlet h ON h.id = w.hamlet_id ORDER BY w.code"
}
allocations_of() {
    sql "$1" "SELECT w.code || '|' || a.budget_line_id || '|' ||
        ifnull(a.year, '-') || '|' || a.funding_source || '|' || a.amount_vnd
        FROM allocation a JOIN work w ON w.id = a.work_id ORDER BY w.code"
}
statuses_of() {
    sql "$1" "SELECT w.code || '|' || s.status || '|' || s.last_report
        FROM work_state s JOIN work w ON w.id = s.work_id ORDER BY w.code"
}

# --- a Vietnamese CSV -------------------------------------------------

cat >vn.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Thôn/xóm,Kinh độ,Vĩ độ,Kế hoạch vốn (triệu đồng),Nguồn vốn,Chủ đầu tư,Năm,Tình trạng,Hình thức đầu tư,Ngày khởi công,Ngày hoàn thành,Ghi chú
VN-01,Cầu tràn xóm Trung Na,Cầu,Tiên Hội,Trung Na 1,105.6189,21.6458,"1.234,5",Dự án 4 - Tiểu dự án 1,UBND xã Tiên Hội,2022,Đang thi công,Xây mới,15/03/2022,,"Ghi chú: cầu cũ, hỏng"
VN-02,Nhà văn hóa xóm Bình Khang,Nhà văn hóa,05830,Bình Khang,105.6381,21.6101,"1,2 tỷ",NSTW,UBND xã Bình Thuận,2022,Hoàn thành,Nâng cấp,01/04/2022,30/11/2022,
VN-03,Đường giao thông xóm La Nạc,Đường giao thông nông thôn,Xã La Bằng,La Nạc,105.5363,21.6272,850.000.000 đồng,DA4-TDA1,UBND xã La Bằng,2023,Chuẩn bị đầu tư,Sửa chữa,,,
EOF

describe "Vietnamese CSV: import twice"
import_new vn.sqlite vn.csv 3

describe "Vietnamese CSV: the works"
expect_eq "$(works_of vn.sqlite)" "VN-01|Cầu tràn xóm Trung Na|bridge|new|05803 Xã Tiên Hội|Trung Na 1|UBND xã Tiên Hội|2022-03-15|-|1|Ghi chú: cầu cũ, hỏng|105.6189000 21.6458000
VN-02|Nhà văn hóa xóm Bình Khang|community_house|upgrade|05830 Xã Bình Thuận|Bình Khang|UBND xã Bình Thuận|2022-04-01|2022-11-30|1|-|105.6381000 21.6101000
VN-03|Đường giao thông xóm La Nạc|rural_road|repair|05815 Xã La Bằng|La Nạc|UBND xã La Bằng|-|-|1|-|105.5363000 21.6272000" \
    "works from the Vietnamese CSV"
# 1.234,5 triệu; 1,2 tỷ; 850.000.000 đồng (the cell's unit beats the
# header's); NSTW is a source, the line is the category's.
expect_eq "$(allocations_of vn.sqlite)" "VN-01|da4-tda1|2022|unknown|1234500000
VN-02|da4-tda1|2022|central|1200000000
VN-03|da4-tda1|2023|unknown|850000000" "allocations from the Vietnamese CSV"
# Đang thi công dates from the start, Hoàn thành from the end; Chuẩn bị
# đầu tư has no date in the file.
expect_eq "$(statuses_of vn.sqlite | cut -d'|' -f1,2)" "VN-01|implementation
VN-02|completion
VN-03|preparation" "statuses from the Vietnamese CSV"
expect_eq "$(statuses_of vn.sqlite | sed -n '1,2p')" \
    "VN-01|implementation|2022-03-15
VN-02|completion|2022-11-30" "status dates from the Vietnamese CSV"
expect_eq "$(sql vn.sqlite "SELECT group_concat(location_source, ',')
    FROM work")" "file,file,file" "location_source of file coordinates"

# --- the same table as XLSX -------------------------------------------

command -v ogr2ogr >/dev/null 2>&1 || die "ogr2ogr is not installed"

# As ogr2ogr writes it from the CSV: every cell a text cell.
describe "XLSX (all text cells): import"
ogr2ogr -f XLSX vn-text.xlsx vn.csv >.ogr 2>&1 ||
    die "ogr2ogr -f XLSX: $(cat .ogr)"
import_new xlsx-text.sqlite vn-text.xlsx 3
expect_eq "$(works_of xlsx-text.sqlite)" "$(works_of vn.sqlite)" \
    "works from the all-text XLSX and from the CSV"
expect_eq "$(allocations_of xlsx-text.sqlite)" "$(allocations_of vn.sqlite)" \
    "allocations from the all-text XLSX and from the CSV"

# With types: coordinates and years become number cells.
describe "XLSX (typed cells): import"
ogr2ogr -f XLSX -oo AUTODETECT_TYPE=YES vn.xlsx vn.csv >.ogr 2>&1 ||
    die "ogr2ogr -f XLSX: $(cat .ogr)"
ogrinfo -ro -so -al vn.xlsx >xlsx-info.txt 2>&1 || fail "ogrinfo vn.xlsx"
slurp xlsx-info.txt
if has "Kinh độ: Real" && has "Năm: Integer"; then pass; else
    fail "vn.xlsx does not type Kinh độ as Real and Năm as Integer"
fi
import_new xlsx.sqlite vn.xlsx 3
expect_eq "$(works_of xlsx.sqlite)" "$(works_of vn.sqlite)" \
    "works from the typed XLSX and from the CSV"
expect_eq "$(allocations_of xlsx.sqlite)" "$(allocations_of vn.sqlite)" \
    "allocations from the typed XLSX and from the CSV"
expect_eq "$(statuses_of xlsx.sqlite)" "$(statuses_of vn.sqlite)" \
    "statuses from the typed XLSX and from the CSV"

# --- GeoJSON ----------------------------------------------------------

cat >works.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"code": "GJ-01", "name": "Chợ Tân Thái",
  "category": "market", "unit": "05827", "amount": "850 triệu"},
 "geometry": {"type": "Point", "coordinates": [105.69, 21.6013]}},
{"type": "Feature", "properties": {"code": "GJ-02",
  "name": "Đường liên xóm Bản Ngoại", "category": "rural_road",
  "unit": "05800", "amount": 1500000000},
 "geometry": {"type": "LineString",
  "coordinates": [[105.60, 21.66], [105.61, 21.665]]}},
{"type": "Feature", "properties": {"name": "Trường mầm non Na Mao",
  "category": "school", "unit": "05782"},
 "geometry": {"type": "Point", "coordinates": [105.5428, 21.698]}}
]}
EOF

describe "GeoJSON: import twice"
import_new gj.sqlite works.geojson 3

describe "GeoJSON: the works"
expect_eq "$(q gj.sqlite "SELECT group_concat(c, ';') FROM (SELECT
    w.name || '=' || w.category_id || ',' || u.code || ',' ||
    w.precision_code AS c FROM work w JOIN admin_unit u ON u.id = w.unit_id
    ORDER BY w.name)")" \
    "Chợ Tân Thái=market,05827,1;Trường mầm non Na Mao=school,05782,1;Đường liên xóm Bản Ngoại=rural_road,05800,1" \
    "GeoJSON works, units and precision codes"
expect_point gj.sqlite GJ-01 105.69 21.6013
expect_length gj.sqlite GJ-02 "$(haversine 105.60 21.66 105.61 21.665)"
expect_eq "$(sql gj.sqlite "SELECT count(*) FROM work_line")" 1 \
    "line works from the GeoJSON"
# No year in the file: the plan's year.
expect_eq "$(allocations_of gj.sqlite)" "GJ-01|da4-tda1|2022|unknown|850000000
GJ-02|da4-tda1|2022|unknown|1500000000" "GeoJSON amounts"
AUTO_CODE=$(sql gj.sqlite "SELECT code FROM work WHERE name =
    'Trường mầm non Na Mao'")
case $AUTO_CODE in
AUTO-[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]) pass ;;
*) fail "the code-less feature got code '$AUTO_CODE', not AUTO-XXXXXXXX" ;;
esac

# Rows without a code get codes made from their name, unit and place: two
# different works must not share one.
cat >nocode.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "Cầu dân sinh Phú Lạc",
  "category": "bridge", "unit": "05785"},
 "geometry": {"type": "Point", "coordinates": [105.6125, 21.6928]}},
{"type": "Feature", "properties": {"name": "Trạm y tế Phục Linh",
  "category": "health_station", "unit": "05794"},
 "geometry": {"type": "Point", "coordinates": [105.6955, 21.6675]}}
]}
EOF
describe "GeoJSON: two features without a code"
cp base.sqlite nocode.sqlite
expect_tracker 0 import works nocode.geojson --db nocode.sqlite
expect_stdout_contains "2 rows: 2 added"
expect_eq "$(sql nocode.sqlite "SELECT count(DISTINCT code) FROM work")" 2 \
    "distinct codes made for two code-less works"

# A line without a unit column lies in a unit, as a point does (GPX
# tracks never have one).
cat >line-nounit.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"code": "LN-01",
  "name": "Đường nội đồng Bản Ngoại", "category": "rural_road"},
 "geometry": {"type": "LineString", "coordinates":
  [[105.6000, 21.6600], [105.6030, 21.6620], [105.6050, 21.6650]]}}
]}
EOF
describe "GeoJSON: a line without a unit column"
cp base.sqlite line-nounit.sqlite
expect_tracker 0 import works line-nounit.geojson --db line-nounit.sqlite
expect_eq "$(sql line-nounit.sqlite "SELECT u.code || ' ' || u.full_name
    FROM work w JOIN admin_unit u ON u.id = w.unit_id")" \
    "05800 Xã Bản Ngoại" "the unit of a line inside Bản Ngoại"
expect_length line-nounit.sqlite LN-01 \
    "$(haversine 105.6000 21.6600 105.6030 21.6620 105.6050 21.6650)"

# --- GPX: a waypoint and a track --------------------------------------

# GPX has a name and a desc for each item: the category goes in <desc>,
# read through --map, one of them through --map-value.
cat >survey.gpx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="tracker test" xmlns="http://www.topografix.com/GPX/1/1">
  <wpt lat="21.6458" lon="105.6189">
    <name>Cầu tạm xóm Trung Na</name><desc>hạng mục A</desc>
  </wpt>
  <trk>
    <name>Đường bê tông xóm Bản Ngoại</name><desc>rural_road</desc>
    <trkseg>
      <trkpt lat="21.6600" lon="105.6000"><ele>40</ele></trkpt>
      <trkpt lat="21.6620" lon="105.6030"><ele>42</ele></trkpt>
      <trkpt lat="21.6650" lon="105.6050"><ele>45</ele></trkpt>
    </trkseg>
  </trk>
</gpx>
EOF

describe "GPX: import a waypoint and a track"
import_new gpx.sqlite survey.gpx 2 --map category=desc \
    --map-value 'hạng mục A=bridge'
describe "GPX: the works"
expect_eq "$(sql gpx.sqlite "SELECT group_concat(c, ';') FROM (SELECT
    w.name || '=' || w.category_id || ',' || u.code || ',' ||
    w.precision_code AS c FROM work w JOIN admin_unit u ON u.id = w.unit_id
    ORDER BY w.name)")" \
    "Cầu tạm xóm Trung Na=bridge,05803,1;Đường bê tông xóm Bản Ngoại=rural_road,05800,1" \
    "GPX works: the waypoint and the track"
expect_eq "$(q gpx.sqlite "SELECT printf('%.4f %.4f', X(point), Y(point))
    FROM work WHERE name = 'Cầu tạm xóm Trung Na'")" "105.6189 21.6458" \
    "the waypoint's point"
expect_eq "$(sql gpx.sqlite "SELECT count(*) FROM work_line")" 1 \
    "line works from the GPX track"
py '
import sys
got, want = sys.argv[1], float(sys.argv[2])
assert got, "the track made no line work"
assert abs(float(got) - want) <= 0.02 * want, \
    "track length_m %s, expected %.1f within 2%%" % (got, want)
' "$(sql gpx.sqlite "SELECT l.length_m FROM work_line l JOIN work w ON
    w.id = l.work_id WHERE w.name = 'Đường bê tông xóm Bản Ngoại'")" \
    "$(haversine 105.6000 21.6600 105.6030 21.6620 105.6050 21.6650)"

# GPX's own <type> element, mapped to the category.
sed -e 's#<desc>hạng mục A</desc>#<type>bridge</type>#' \
    -e 's#<desc>rural_road</desc>#<type>rural_road</type>#' \
    survey.gpx >typed.gpx
describe "GPX: category from <type> with --map category=type"
cp base.sqlite gpx-type.sqlite
expect_tracker 0 import works typed.gpx --db gpx-type.sqlite \
    --map category=type
expect_eq "$(sql gpx-type.sqlite "SELECT group_concat(category_id, ',')
    FROM (SELECT category_id FROM work ORDER BY category_id)")" \
    "bridge,rural_road" "categories read from GPX <type>"

# --- KML --------------------------------------------------------------

if ogrinfo --formats 2>/dev/null | grep -q 'KML'; then
    cat >site.kml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>works</name>
<Placemark><name>Trạm y tế xã Tiên Hội</name>
  <ExtendedData>
    <Data name="code"><value>KML-01</value></Data>
    <Data name="category"><value>Trạm y tế</value></Data>
  </ExtendedData>
  <Point><coordinates>105.6189,21.6458,0</coordinates></Point>
</Placemark>
</Document></kml>
EOF
    describe "KML: import twice"
    import_new kml.sqlite site.kml 1
    describe "KML: the work"
    expect_eq "$(q kml.sqlite "SELECT w.code || '|' || w.name || '|' ||
        w.category_id || '|' || u.code || '|' || w.precision_code || '|' ||
        printf('%.4f %.4f', X(w.point), Y(w.point)) FROM work w
        JOIN admin_unit u ON u.id = w.unit_id")" \
        "KML-01|Trạm y tế xã Tiên Hội|health_station|05803|1|105.6189 21.6458" \
        "the KML placemark"
fi

# --- KoboToolbox and ODK Central exports ------------------------------

cat >kobo.csv <<'EOF'
name,category,unit,_vi_tri_latitude,_vi_tri_longitude,_vi_tri_altitude,_vi_tri_precision
Cống thoát nước xóm Đồng Tiến,irrigation,05815,21.6272,105.5363,30,4.5
EOF
describe "KoboToolbox CSV: import twice"
import_new kobo.sqlite kobo.csv 1
describe "KoboToolbox CSV: the work"
expect_eq "$(sql kobo.sqlite "SELECT w.category_id || '|' || u.code || '|' ||
    w.precision_code || '|' || w.gps_accuracy_m FROM work w
    JOIN admin_unit u ON u.id = w.unit_id")" "irrigation|05815|1|4.5" \
    "Kobo work with its GPS accuracy"
expect_point kobo.sqlite "$(sql kobo.sqlite "SELECT code FROM work")" \
    105.5363 21.6272

# A whole export as KoboToolbox writes it: the form's start/end times and
# its _status, _notes, ... metadata columns are not the work's.
cat >kobo-full.csv <<'EOF'
start,end,name,category,unit,vi_tri,_vi_tri_latitude,_vi_tri_longitude,_vi_tri_altitude,_vi_tri_precision,_id,_uuid,_submission_time,_validation_status,_notes,_status,_submitted_by,__version__,_tags,_index
2024-05-01T08:00:00.000+07:00,2024-05-01T08:12:00.000+07:00,Cống thoát nước xóm Đồng Tiến,irrigation,05815,21.6272 105.5363 30 4.5,21.6272,105.5363,30,4.5,101,6f1b1c1e-0000-4000-8000-000000000001,2024-05-01T01:12:30,,,submitted_via_web,,vABC123,,1
EOF
describe "KoboToolbox CSV: a full export with metadata columns"
cp base.sqlite kobo-full.sqlite
expect_tracker 0 import works kobo-full.csv --db kobo-full.sqlite
expect_eq "$(sql kobo-full.sqlite "SELECT ifnull(start_date, '-') || '|' ||
    ifnull(end_date, '-') || '|' || gps_accuracy_m FROM work")" "-|-|4.5" \
    "the form's start/end times taken as the work's dates"

cat >odk.csv <<'EOF'
SubmissionDate,name,category,unit,grp-vi_tri-Latitude,grp-vi_tri-Longitude,grp-vi_tri-Altitude,grp-vi_tri-Accuracy,meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion
2024-06-01T03:00:00.000Z,Trạm biến áp xóm La Nạc,power,05815,21.6272,105.5363,40,7.25,uuid:7d1f,uuid:7d1f,5,Cán bộ xã,0,0,,approved,collect:abc,0,2024060101
EOF
describe "ODK Central CSV: import twice"
import_new odk.sqlite odk.csv 1
describe "ODK Central CSV: the work"
expect_eq "$(sql odk.sqlite "SELECT w.name || '|' || w.category_id || '|' ||
    u.code || '|' || w.precision_code || '|' || w.gps_accuracy_m FROM work w
    JOIN admin_unit u ON u.id = w.unit_id")" \
    "Trạm biến áp xóm La Nạc|power|05815|1|7.25" \
    "ODK work with its GPS accuracy"
expect_point odk.sqlite "$(sql odk.sqlite "SELECT code FROM work")" \
    105.5363 21.6272

# Two field teams, two files, one database: code-less rows from one file
# must not replace another file's works.
describe "Kobo then ODK into one database"
cp kobo.sqlite field.sqlite
expect_tracker 0 import works odk.csv --db field.sqlite
expect_stdout_contains "1 rows: 1 added"
expect_eq "$(sql field.sqlite "SELECT group_concat(category_id, ',') FROM
    (SELECT category_id FROM work ORDER BY category_id)")" \
    "irrigation,power" "works after importing both field exports"

# --- VN-2000 X/Y ------------------------------------------------------

# Surveyors write X = northing, Y = easting; cs2cs (EPSG:4326 in lat lon
# order, EPSG:9213 out as easting northing) gives the other two points.
command -v cs2cs >/dev/null 2>&1 || die "cs2cs is not installed"
printf '21.5377 105.6422\n21.7418 105.5485\n' |
    cs2cs EPSG:4326 EPSG:9213 -f %.3f >cs2cs.txt 2>&1 || die "cs2cs failed"
{
    echo 'Mã công trình,Tên công trình,Loại công trình,X,Y'
    echo 'XY-01,Trường mầm non Hùng Sơn,Trường học,2392947.91,410777.33'
    sed -n '1s/^\([0-9.]*\)[[:space:]]*\([0-9.]*\).*/XY-02,Chợ Ký Phú,Chợ,\2,\1/p' cs2cs.txt
    # and one written with decimal commas, as Vietnamese sheets do
    sed -n '2s/^\([0-9]*\)\.\([0-9]*\)[[:space:]]*\([0-9]*\)\.\([0-9]*\).*/XY-03,Cầu Minh Tiến,Cầu,"\3,\4","\1,\2"/p' cs2cs.txt
} >xy.csv
check "xy.csv has 3 rows" test "$(wc -l <xy.csv)" -eq 4

describe "VN-2000 X/Y: import twice"
import_new xy.sqlite xy.csv 3
describe "VN-2000 X/Y: the works"
expect_point xy.sqlite XY-01 105.64 21.63 1e-6
expect_point xy.sqlite XY-02 105.6422 21.5377 1e-6
expect_point xy.sqlite XY-03 105.5485 21.7418 1e-6
expect_eq "$(sql xy.sqlite "SELECT group_concat(c, ',') FROM (SELECT
    u.code || ':' || w.precision_code AS c FROM work w JOIN admin_unit u
    ON u.id = w.unit_id ORDER BY w.code)")" "05761:1,05845:1,05770:1" \
    "units found from the X/Y points"

# Another CRS with --crs: VN-2000 / UTM 48N.
printf '21.63 105.64\n' | cs2cs EPSG:4326 EPSG:3405 -f %.3f >utm.txt 2>&1 ||
    die "cs2cs failed"
{
    echo 'code,name,category,X,Y'
    sed -n '1s/^\([0-9.]*\)[[:space:]]*\([0-9.]*\).*/UTM-01,Cầu UTM,bridge,\2,\1/p' utm.txt
} >utm.csv
describe "X/Y with --crs VN2000-UTM48"
import_new utm.sqlite utm.csv 1 --crs VN2000-UTM48
expect_point utm.sqlite UTM-01 105.64 21.63 1e-6

# --- TCVN3 ------------------------------------------------------------

cat >tcvn-src.csv <<'EOF'
code,name,category,unit,lon,lat,investor
TC-01,Nhà văn hóa xóm Đồng Đình,Nhà văn hóa,La Bằng,105.5363,21.6272,UBND xã La Bằng
TC-02,Đường vào xóm Trung Na,Đường,Tiên Hội,105.6189,21.6458,Ban quản lý dự án
EOF
iconv -f UTF-8 -t TCVN5712-1 tcvn-src.csv >tcvn.csv || die "iconv to TCVN3"
check "the TCVN3 file is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 tcvn.csv >/dev/null 2>&1'

describe "TCVN3 CSV: import twice"
import_new tcvn.sqlite tcvn.csv 2
# The whole file is TCVN3: it is decoded once, and said so once.
expect_stdout_contains "warning file, field -: the file is TCVN3"
describe "TCVN3 CSV: the works, in UTF-8"
expect_eq "$(sql tcvn.sqlite "SELECT group_concat(c, ';') FROM (SELECT
    w.code || '=' || w.name || ',' || w.category_id || ',' || u.code || ','
    || w.investor AS c FROM work w JOIN admin_unit u ON u.id = w.unit_id
    ORDER BY w.code)")" \
    "TC-01=Nhà văn hóa xóm Đồng Đình,community_house,05815,UBND xã La Bằng;TC-02=Đường vào xóm Trung Na,rural_road,05803,Ban quản lý dự án" \
    "works from the TCVN3 file"
expect_eq "$(sql tcvn.sqlite "SELECT hex(name) FROM work WHERE code =
    'TC-01'")" "$(printf 'Nhà văn hóa xóm Đồng Đình' | od -An -tx1 |
    tr -d ' \n' | tr a-f A-F)" "TC-01's name as NFC UTF-8 bytes"

# The whole file in TCVN3, headers too, as an old office PC saves it.
cat >tcvn-vn-src.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ
TV-01,Nhà văn hóa xóm Đồng Đình,Nhà văn hóa,La Bằng,105.5363,21.6272
EOF
iconv -f UTF-8 -t TCVN5712-1 tcvn-vn-src.csv >tcvn-vn.csv ||
    die "iconv to TCVN3"
describe "TCVN3 CSV with Vietnamese headers"
cp base.sqlite tcvn-vn.sqlite
expect_tracker 0 import works tcvn-vn.csv --db tcvn-vn.sqlite
expect_eq "$(sql tcvn-vn.sqlite "SELECT code || '=' || name FROM work")" \
    "TV-01=Nhà văn hóa xóm Đồng Đình" "the work from the all-TCVN3 file"

# --- rows located by their hamlet -------------------------------------

cat >hamlet.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Thôn/xóm,Địa điểm,Kế hoạch vốn (triệu đồng)
HM-01,Đường bê tông xóm Đồng Tiến,Đường giao thông nông thôn,La Bằng,Đồng Tiến,,500
HM-02,Nhà văn hóa xóm Bình Khang,Nhà văn hóa,05830,Bình Khang,,300
HM-03,Kênh mương xóm La Nạc,Thủy lợi,,,"xóm La Nạc, xã La Bằng",200
EOF
describe "hamlet CSV: import twice"
import_new hamlet.sqlite hamlet.csv 3
describe "hamlet CSV: the works"
expect_eq "$(sql hamlet.sqlite "SELECT group_concat(c, ';') FROM (SELECT
    w.code || '=' || u.code || ',' || ifnull(h.name, '-') || ',' ||
    ifnull(h.unit_id = w.unit_id, 0) || ',' || w.precision_code || ',' ||
    w.location_source AS c FROM work w JOIN admin_unit u ON u.id = w.unit_id
    LEFT JOIN hamlet h ON h.id = w.hamlet_id ORDER BY w.code)")" \
    "HM-01=05815,Đồng Tiến,1,3,gazetteer;HM-02=05830,Bình Khang,1,3,gazetteer;HM-03=05815,La Nạc,1,3,gazetteer" \
    "hamlet works: unit, hamlet, precision 3"
expect_eq "$(q hamlet.sqlite "SELECT count(*) FROM work w JOIN admin_unit u
    ON u.id = w.unit_id WHERE w.point IS NOT NULL AND
    ST_Intersects(u.geom, w.point)")" 3 "hamlet works pointed inside their unit"

# --- --dry-run and --report -------------------------------------------

describe "--dry-run --report"
cp base.sqlite dry.sqlite
DIGEST=$(db_digest dry.sqlite)
expect_tracker 0 import works vn.csv --db dry.sqlite --dry-run \
    --report dry-report.csv
expect_db_unchanged dry.sqlite "$DIGEST"
expect_stdout_contains "add       line 2 VN-01" "add       line 3 VN-02" \
    "add       line 4 VN-03" "dry run, nothing written" "3 rows: 3 added"
py '
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
assert rows and rows[0] == ["where", "code", "action", "field", "message"], \
    "header %r" % (rows[:1],)
got = [(r[0], r[1], r[2]) for r in rows[1:]]
# VN-02 names a source (NSTW) but no plan line: where its money went is
# said, never silent.
want = [("line 2", "VN-01", "add"), ("line 3", "VN-02", "warning"),
        ("line 3", "VN-02", "add"), ("line 4", "VN-03", "add")]
assert got == want, "report rows %r" % got
assert all(len(r) == 5 for r in rows), "rows of other widths: %r" % rows
' dry-report.csv

describe "--report after a real import"
expect_tracker 0 import works vn.csv --db dry.sqlite --report report.csv
expect_stdout_contains "3 rows: 3 added"
py '
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
got = [(r["where"], r["code"], r["action"], r["message"]) for r in rows]
want = [("line 2", "VN-01", "add", "Cầu tràn xóm Trung Na"),
        ("line 3", "VN-02", "warning", "the row names a source (central) "
         "but no plan line: its allocation goes to line da4-tda1, which "
         "funds community_house (so do later such rows); give a column such "
         "as \x27Dự án\x27 to say otherwise"),
        ("line 3", "VN-02", "add", "Nhà văn hóa xóm Bình Khang"),
        ("line 4", "VN-03", "add", "Đường giao thông xóm La Nạc")]
assert got == want, "report rows %r" % got
' report.csv
expect_eq "$(sql dry.sqlite "SELECT count(*) FROM work")" 3 \
    "works after the real import"

# --- a re-import of an edited file ------------------------------------

describe "re-import with one amount changed"
sed 's/"1.234,5"/"1.300"/' vn.csv >vn-edit.csv
cmp -s vn.csv vn-edit.csv && die "sed did not change the amount"
mkdir edit
cp vn.csv edit/works.csv
cp base.sqlite edit/db.sqlite
(cd edit && "$TRACKER" import works works.csv --db db.sqlite >/dev/null 2>&1) ||
    fail "the first import of edit/works.csv"
sqlite3 -batch edit/db.sqlite .dump >before.sql
cp vn-edit.csv edit/works.csv
cd edit
expect_tracker 0 import works works.csv --db db.sqlite --dry-run
expect_stdout_contains "update    line 2 VN-01" "unchanged line 3 VN-02" \
    "unchanged line 4 VN-03" "3 rows: 0 added, 1 updated, 2 unchanged"
expect_tracker 0 import works works.csv --db db.sqlite
expect_stdout_contains "3 rows: 0 added, 1 updated, 2 unchanged"
cd "$WORK"
sqlite3 -batch edit/db.sqlite .dump >after.sql
py '
import sys
before = open(sys.argv[1], encoding="utf-8").read().splitlines()
after = open(sys.argv[2], encoding="utf-8").read().splitlines()
gone = [l for l in before if l not in after]
new = [l for l in after if l not in before]
assert len(gone) == 1 and len(new) == 2, \
    "changed lines:\n-%s\n+%s" % ("\n-".join(gone), "\n+".join(new))
assert gone[0].startswith("INSERT INTO allocation VALUES(") and \
    ",1234500000," in gone[0], gone[0]
assert new[0] == gone[0].replace(",1234500000,", ",1300000000,"), new[0]
# and the change, in the history, with where it came from
assert new[1].startswith("INSERT INTO work_change VALUES(1,1,\x27allocation "
    "da4-tda1 2022\x27,\x271234500000 unknown\x27,\x271300000000 unknown"
    "\x27,\x27import of \x27\x27works.csv\x27\x27, line 2\x27,"), new[1]
' before.sql after.sql
expect_eq "$(allocations_of edit/db.sqlite)" "VN-01|da4-tda1|2022|unknown|1300000000
VN-02|da4-tda1|2022|central|1200000000
VN-03|da4-tda1|2023|unknown|850000000" "allocations after the re-import"

# ODK Central names grouped questions group-question: the names inside
# groups are read like plain headers.
describe "ODK CSV with grouped questions"
cat >odk-grp.csv <<'EOF'
grp-ten_cong_trinh,grp-loai,grp-xa,grp-vi_tri-Latitude,grp-vi_tri-Longitude,grp-vi_tri-Accuracy
Cầu treo xóm La Cút,Cầu dân sinh,05815,21.6272,105.5363,7.25
EOF
import_new odk-grp.sqlite odk-grp.csv 1
expect_eq "$(sql odk-grp.sqlite "SELECT w.name || '|' || w.category_id || '|' ||
    u.code || '|' || w.gps_accuracy_m FROM work w JOIN admin_unit u ON u.id =
    w.unit_id")" "Cầu treo xóm La Cút|bridge|05815|7.25" \
    "the work from grouped ODK questions"

# Imports set SpatiaLite's insert triggers aside and index the new works
# in one statement: every database made above has each located work in
# the R*Tree exactly where its point is, and all of work's triggers back.
describe "the spatial index after imports"
checked=0
for db in *.sqlite */*.sqlite; do
    [ -f "$db" ] || continue
    checked=$((checked + 1))
    expect_eq "$(spatial_sql "$db" "SELECT (SELECT count(*) FROM work WHERE
        point IS NOT NULL) = (SELECT count(*) FROM idx_work_point) AND
        (SELECT count(*) FROM work w JOIN idx_work_point i ON i.pkid = w.id
        WHERE abs(i.xmin - X(w.point)) < 1e-4 AND abs(i.ymin - Y(w.point)) <
        1e-4) = (SELECT count(*) FROM idx_work_point)")" "1" \
        "$db: one R*Tree entry per located work, at its point"
    expect_eq "$(sql "$db" "SELECT group_concat(name, ' ') FROM (SELECT name
        FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'work'
        ORDER BY name)")" \
        "ggi_work_point ggu_work_point gid_work_point gii_work_point giu_work_point tmd_work_point tmi_work_point tmu_work_point work_change_log work_point_change_log" \
        "$db: work's triggers restored"
done
check "the index was checked in $checked databases" [ "$checked" -ge 8 ]

finish
