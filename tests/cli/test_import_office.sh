# test_import_office.sh: files as a district office and its engineers
# really make them.  Google Earth KML and KMZ (altitude in every
# coordinate, folders, a market's plot drawn as a polygon, placemarks
# known only by their names); for every format the importer reads, a file
# with one bad row and every --dry-run leave the database file byte for
# byte as it was; money columns land where they belong (Tổng mức đầu tư
# is the work's total, Kế hoạch vốn the year's allocation, Giải ngân the
# disbursement); imported allocations meet the plan's caps, --force
# records the override; an unchanged sheet saved under another name
# re-imports as unchanged and keeps what the geocoder found; place text
# that matches nothing is placed at the unit's centre with a warning.
set -eu
. "$(dirname "$0")/lib.sh"

init_db base.sqlite

# file_digest FILE: the file's bytes, not only its content.
file_digest() {
    _d=$(sha256sum "$1")
    echo "${_d%% *}"
}

q() {
    spatial_sql "$1" "$2"
}

# --- Google Earth ----------------------------------------------------
# What Google Earth Pro saves: folders, lon,lat,0 coordinates, styles,
# a polygon for a site's area, and ExtendedData only where an engineer
# typed it.
cat >ge.kml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>
  <name>Cong trinh Dai Tu 2022.kmz</name>
  <Style id="s_ylw-pushpin"><IconStyle><scale>1.1</scale></IconStyle></Style>
  <Folder>
    <name>Nhà văn hóa</name>
    <Placemark>
      <name>Nhà văn hóa xóm Đồng Kem</name>
      <styleUrl>#s_ylw-pushpin</styleUrl>
      <Point><gx:drawOrder>1</gx:drawOrder><coordinates>105.6234,21.6512,0</coordinates></Point>
    </Placemark>
    <Placemark>
      <name>NVH xóm Cầu Thành</name>
      <Point><coordinates>105.6301,21.6588,0</coordinates></Point>
    </Placemark>
  </Folder>
  <Folder>
    <name>Đường giao thông</name>
    <Placemark>
      <name>Đường GTNT xóm Na Mao</name>
      <LineString><tessellate>1</tessellate>
        <coordinates>105.6000,21.7000,0 105.6100,21.7050,0 105.6200,21.7100,0</coordinates>
      </LineString>
    </Placemark>
    <Placemark>
      <name>Trạm y tế xã</name>
      <ExtendedData><Data name="category"><value>Trạm y tế</value></Data></ExtendedData>
      <Point><coordinates>105.6300,21.6600,0</coordinates></Point>
    </Placemark>
  </Folder>
  <Folder>
    <name>Chợ</name>
    <Placemark>
      <name>Khu đất chợ trung tâm</name>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>
        105.6200,21.6500,0 105.6210,21.6500,0 105.6210,21.6510,0
        105.6200,21.6510,0 105.6200,21.6500,0
      </coordinates></LinearRing></outerBoundaryIs></Polygon>
    </Placemark>
  </Folder>
</Document>
</kml>
EOF

describe "Google Earth KML: every folder, altitude dropped, polygon placed"
cp base.sqlite ge.sqlite
expect_tracker 0 import works ge.kml --db ge.sqlite
expect_stdout_contains "5 rows: 5 added"
expect_eq "$(sql ge.sqlite 'SELECT count(*) FROM work')" 5 "works from the KML"
expect_eq "$(sql ge.sqlite "SELECT category_id FROM work WHERE name = 'NVH xóm Cầu Thành'")" \
    community_house "category from the placemark's folder or name"
expect_eq "$(sql ge.sqlite "SELECT category_id FROM work WHERE name = 'Khu đất chợ trung tâm'")" \
    market "category of the polygon from its name"
expect_eq "$(sql ge.sqlite "SELECT category_id FROM work WHERE name = 'Trạm y tế xã'")" \
    health_station "category from ExtendedData"
expect_stdout_contains "placemark 'Khu đất chợ trung tâm'" "a polygon of"
# The plot is about 104 m x 111 m: 11,500 m² within 1%.
expect_eq "$(q ge.sqlite "SELECT site_area_m2 BETWEEN 11400 AND 11600 FROM work WHERE name = 'Khu đất chợ trung tâm'")" \
    1 "the polygon's geodesic area is kept"
expect_eq "$(q ge.sqlite "SELECT ST_Contains(ST_GeomFromText('POLYGON((105.62 21.65,105.621 21.65,105.621 21.651,105.62 21.651,105.62 21.65))', 4326), point) FROM work WHERE name = 'Khu đất chợ trung tâm'")" \
    1 "the polygon's work stands inside it"
expect_eq "$(q ge.sqlite "SELECT CoordDimension(geom) || ' ' || round(length_m) FROM work_line")" \
    "XY 2347.0" "the road is 2D, with its geodesic length"
expect_eq "$(q ge.sqlite "SELECT round(X(point), 7) || ' ' || round(Y(point), 7) FROM work WHERE name = 'Nhà văn hóa xóm Đồng Kem'")" \
    "105.6234 21.6512" "a point exactly where Google Earth put it"

describe "Google Earth KML imported again: all unchanged"
_before=$(file_digest ge.sqlite)
expect_tracker 0 import works ge.kml --db ge.sqlite
expect_stdout_contains "5 rows: 0 added, 0 updated, 5 unchanged"
expect_eq "$(file_digest ge.sqlite)" "$_before" "the database's bytes"

describe "KMZ: the same placemarks from a zipped KML"
"$PYTHON" -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], "doc.kml")' ge.kml ge.kmz
cp base.sqlite kmz.sqlite
expect_tracker 0 import works ge.kmz --db kmz.sqlite
expect_stdout_contains "5 rows: 5 added"
expect_eq "$(sql kmz.sqlite 'SELECT group_concat(name, "|") FROM (SELECT name FROM work ORDER BY name)')" \
    "$(sql ge.sqlite 'SELECT group_concat(name, "|") FROM (SELECT name FROM work ORDER BY name)')" \
    "the KMZ gives the KML's works"

describe "a KML with a bad placemark in its second folder writes nothing"
sed 's#<name>Trạm y tế xã</name>#<name>Sân bay xã</name>#;
     s#<value>Trạm y tế</value>#<value>Sân bay</value>#' ge.kml >ge-bad.kml
cp base.sqlite gebad.sqlite
_before=$(file_digest gebad.sqlite)
expect_tracker 1 import works ge-bad.kml --db gebad.sqlite
expect_stdout_contains "placemark 'Sân bay xã'" "field category"
expect_stderr_contains "nothing was written"
expect_eq "$(file_digest gebad.sqlite)" "$_before" "the database's bytes"

# --- every format: one bad row, and --dry-run ------------------------
# The same three works in each format; the third has a category no one
# knows.  ogr2ogr writes the formats, as other tools would.
cat >good.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"code": "F-01", "name": "Trạm y tế xã Phú Xuyên", "category": "Trạm y tế", "unit": "Phú Xuyên"},
 "geometry": {"type": "Point", "coordinates": [105.6234, 21.6512]}},
{"type": "Feature", "properties": {"code": "F-02", "name": "Đường GTNT xóm Na Mao", "category": "Đường GTNT", "unit": "Na Mao"},
 "geometry": {"type": "LineString", "coordinates": [[105.60, 21.70], [105.61, 21.705]]}},
{"type": "Feature", "properties": {"code": "F-03", "name": "Nhà văn hóa xóm Đồng Kem", "category": "Nhà văn hóa", "unit": "Phú Xuyên"},
 "geometry": {"type": "Point", "coordinates": [105.6301, 21.6588]}}
]}
EOF
sed 's/"Nhà văn hóa", "unit"/"Sân bay", "unit"/' good.geojson >bad.geojson

for fmt in CSV XLSX GeoJSON LIBKML GPKG FlatGeobuf "ESRI Shapefile"; do
    case $fmt in
    CSV) ext=csv; lco="-lco GEOMETRY=AS_WKT" ;;
    XLSX) ext=xlsx; lco= ;;
    GeoJSON) ext=json; lco= ;;
    LIBKML) ext=kml; lco= ;;
    GPKG) ext=gpkg; lco= ;;
    FlatGeobuf) ext=fgb; lco= ;;
    *) ext=shp; lco="-lco ENCODING=UTF-8" ;;
    esac
    for kind in good bad; do
        rm -f "$kind.$ext"
        if [ "$fmt" = "ESRI Shapefile" ]; then
            # A shapefile holds one kind of geometry: the points.
            ogr2ogr -f "$fmt" "$kind.$ext" "$kind.geojson" $lco -dialect SQLite \
                -sql "SELECT * FROM $kind WHERE GeometryType(geometry) = 'POINT'" \
                2>/dev/null || die "ogr2ogr could not write $kind.$ext"
        elif [ "$fmt" = XLSX ]; then
            # A spreadsheet has no geometry: the points' lon/lat columns.
            ogr2ogr -f XLSX "$kind.$ext" "$kind.geojson" -dialect SQLite -sql "SELECT code, name, category, unit, X(geometry) AS lon, Y(geometry) AS lat FROM $kind WHERE GeometryType(geometry) = 'POINT'" \
                2>/dev/null || die "ogr2ogr could not write $kind.$ext"
        else
            # shellcheck disable=SC2086
            ogr2ogr -f "$fmt" "$kind.$ext" "$kind.geojson" $lco 2>/dev/null ||
                die "ogr2ogr could not write $kind.$ext as $fmt"
        fi
    done
    describe "$fmt: a file with one bad row leaves the database's bytes"
    cp base.sqlite "fmt-$ext.sqlite"
    _before=$(file_digest "fmt-$ext.sqlite")
    expect_tracker 1 import works "bad.$ext" --db "fmt-$ext.sqlite"
    expect_stdout_contains "field category" "Sân bay"
    expect_stderr_contains "nothing was written"
    expect_eq "$(file_digest "fmt-$ext.sqlite")" "$_before" "the database's bytes"
    describe "$fmt: --dry-run of a good file leaves the database's bytes"
    expect_tracker 0 import works "good.$ext" --db "fmt-$ext.sqlite" --dry-run
    expect_stdout_contains "dry run, nothing written"
    expect_eq "$(file_digest "fmt-$ext.sqlite")" "$_before" "the database's bytes"
    describe "$fmt: the good file imports"
    expect_tracker 0 import works "good.$ext" --db "fmt-$ext.sqlite"
    expect_eq "$(sql "fmt-$ext.sqlite" 'SELECT count(*) FROM work')" \
        "$(case $fmt in XLSX | ESRI*) echo 2 ;; *) echo 3 ;; esac)" \
        "works from $fmt"
done

# --- money columns ---------------------------------------------------
cat >money.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Thôn/xóm,Tổng mức đầu tư (triệu đồng),Kế hoạch vốn năm 2022 (triệu đồng),Giải ngân (triệu đồng),Nguồn vốn,Giá trị hợp đồng (triệu đồng)
DT-01,Đường GTNT xóm Đồng Kem,Đường GTNT,Phú Xuyên,Trung tâm xã,"12.500,0","5.000,0","1.200,0",NSTW,"4.900,0"
DT-02,Chợ xã La Bằng,Chợ,La Bằng,Trung tâm xã,"10.165,0","3.000,0",0,NSTW,
EOF

describe "money: total investment, allocation and disbursed in their places"
cp base.sqlite money.sqlite
expect_tracker 0 import works money.csv --db money.sqlite
expect_eq "$(sql money.sqlite "SELECT group_concat(code || '=' || total_investment_vnd, ' ') FROM (SELECT * FROM work ORDER BY code)")" \
    "DT-01=12500000000 DT-02=10165000000" "Tổng mức đầu tư is each work's total"
expect_eq "$(sql money.sqlite "SELECT group_concat(budget_line_id || ':' || funding_source || ':' || amount_vnd, ' ') FROM (SELECT * FROM allocation ORDER BY amount_vnd)")" \
    "da4-tda1:central:3000000000 da4-tda1:central:5000000000" \
    "Kế hoạch vốn is the year's allocation of the line"
expect_eq "$(sql money.sqlite "SELECT disbursed_vnd FROM work_state s JOIN work w ON w.id = s.work_id WHERE w.code = 'DT-01'")" \
    1200000000 "Giải ngân is the disbursement to date"
expect_stdout_contains "field contract_value" "not imported"
expect_eq "$(sql money.sqlite 'SELECT count(*) FROM contract')" 0 \
    "a contract value is no allocation and no contract"

describe "money: 'Trung tâm xã' matches no place: the unit's centre, precision 3"
expect_stdout_contains "line 2 DT-01, field place: 'Trung tâm xã' matches no hamlet"
expect_eq "$(sql money.sqlite "SELECT precision_code || ' ' || (point IS NOT NULL) FROM work WHERE code = 'DT-02'")" \
    "3 1" "located at the unit's centre"

describe "money: an import past the plan's cap is refused with the figures"
sed 's/"3.000,0"/"6.000,0"/' money.csv >money-over.csv
_before=$(file_digest money.sqlite)
expect_tracker 1 import works money-over.csv --db money.sqlite
expect_stderr_contains "would pass the plan: line da4-tda1, central: plan 9.377,0, already allocated 8.000,0, asked 3.000,0 million VND (1.623,0 over)" \
    "nothing was written"
expect_eq "$(file_digest money.sqlite)" "$_before" "the database's bytes"
expect_tracker 1 import works money-over.csv --db money.sqlite --dry-run
expect_stderr_contains "would pass the plan"
expect_eq "$(file_digest money.sqlite)" "$_before" "the database's bytes after --dry-run"

describe "money: --force records the override with its figures"
expect_tracker 0 import works money-over.csv --db money.sqlite --force
expect_eq "$(sql money.sqlite "SELECT count(*) FROM allocation WHERE forced = 1 AND override_note LIKE '%1.623,0 over%'")" \
    2 "the file's allocations on the line are marked forced"
expect_tracker 0 report budget --db money.sqlite --format csv
expect_stdout_contains "11000000000"

describe "re-import: the same sheet saved under another name is unchanged"
cp money-over.csv "money (ban sao).csv"
_before=$(file_digest money.sqlite)
expect_tracker 0 import works "money (ban sao).csv" --db money.sqlite --force
expect_stdout_contains "2 rows: 0 added, 0 updated, 2 unchanged"
expect_eq "$(file_digest money.sqlite)" "$_before" "the database's bytes"

describe "re-import: a row without coordinates keeps the point it has"
# The engineer sets the point of DT-01 by hand; the sheet still only
# names the place.
spatial_sql money.sqlite "UPDATE work SET point = MakePoint(105.6211, 21.6622, 4326), precision_code = 1 WHERE code = 'DT-01'" >/dev/null
expect_tracker 0 import works money-over.csv --db money.sqlite --force
expect_eq "$(q money.sqlite "SELECT precision_code || ' ' || round(X(point), 4) FROM work WHERE code = 'DT-01'")" \
    "1 105.6211" "the point found since is kept"

describe "re-import: a lower disbursement is refused, not rewritten"
sed 's/"1.200,0"/"1.000,0"/' money-over.csv >money-less.csv
_before=$(file_digest money.sqlite)
expect_tracker 1 import works money-less.csv --db money.sqlite --force
expect_stdout_contains "field disbursed" "less than the 1.200,0 already reported"
expect_eq "$(file_digest money.sqlite)" "$_before" "the database's bytes"

describe "dates as the office writes them, in every command"
expect_tracker 0 progress DT-02 --date "$(date +%d/%m/%Y)" --physical 10 --db money.sqlite
expect_eq "$(sql money.sqlite "SELECT event_date FROM progress_event WHERE physical_pct = 10")" \
    "$(date +%Y-%m-%d)" "progress --date dd/mm/yyyy is stored as ISO"
expect_tracker 2 progress DT-02 --date 31/02/2026 --physical 20 --db money.sqlite
expect_stderr_contains "February 2026 has 28 days"

# --- encodings -------------------------------------------------------
# One sheet, saved as Excel on Vietnamese Windows saves CSV (Windows-1258,
# tone marks as combining bytes), as an old TCVN3 office file, as UTF-16
# with its byte order mark, and decomposed (NFD) UTF-8.
cat >enc.csv <<'EOF'
Mã công trình,Tên công trình,Loại công trình,Xã,Kinh độ,Vĩ độ,Tổng mức đầu tư (triệu đồng)
E-01,Đường GTNT xóm Đồng Kem,Đường giao thông nông thôn,Phú Xuyên,105.6234,21.6512,"1.250,5"
E-02,Nhà văn hóa xóm Cầu Thành,Nhà văn hóa,Phú Lạc,105.6301,21.6588,"850,0"
E-03,Trạm y tế xã Phục Linh,Trạm y tế,Phục Linh,105.6400,21.6000,"2.100,0"
EOF
iconv -f UTF-8 -t CP1258 enc.csv >enc-1258.csv
iconv -f UTF-8 -t TCVN5712-1 enc.csv >enc-tcvn3.csv
iconv -f UTF-8 -t UTF-16 enc.csv >enc-utf16.csv
"$PYTHON" -c 'import sys, unicodedata
sys.stdout.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()))' \
    enc.csv >enc-nfd.csv
cp base.sqlite enc.sqlite
"$TRACKER" import works enc.csv --db enc.sqlite >/dev/null 2>&1 ||
    die "the UTF-8 sheet did not import"
_cols="code || '|' || name || '|' || category_id || '|' || unit_id || '|' || total_investment_vnd"
_enc_want=$(sql enc.sqlite "SELECT group_concat($_cols, ';') FROM (SELECT * FROM work ORDER BY code)")
for enc in 1258 tcvn3 utf16 nfd; do
    describe "encoding: enc-$enc.csv imports as the UTF-8 sheet does"
    cp base.sqlite "enc-$enc.sqlite"
    expect_tracker 0 import works "enc-$enc.csv" --db "enc-$enc.sqlite"
    expect_eq "$(sql "enc-$enc.sqlite" "SELECT group_concat($_cols, ';') FROM (SELECT * FROM work ORDER BY code)")" \
        "$_enc_want" "names (NFC), categories, units and amounts in triệu đồng"
done
cp base.sqlite enc2.sqlite
expect_tracker 0 import works enc-1258.csv --db enc2.sqlite
expect_stdout_contains "the file is Windows-1258"
expect_tracker 0 import works enc-tcvn3.csv --db enc2.sqlite
expect_stdout_contains "the file is TCVN3"
expect_tracker 0 import works enc-utf16.csv --db enc2.sqlite
expect_stdout_contains "the file is UTF-16LE"

describe "encoding: bytes no encoding explains are said to be so"
printf 'M\000a\000\377\376\001,x\n' >enc-garbage.csv
expect_tracker 1 import works enc-garbage.csv --db enc.sqlite
expect_stderr_contains "cannot tell its text encoding"

finish
