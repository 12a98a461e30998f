# test_layers_import.sh: `tracker layers import units FILE` with an
# "official" boundary file made here from the tool's own export: a
# GeoPackage in VN-2000 / UTM 48N (EPSG:3405) whose names are written
# without spaces ('AnKhánh'), holding An Khánh (05824) and Cù Vân (05809)
# and one feature that matches no unit.  The two units become official,
# the rest stay approximate; a file matching nothing and a missing file
# exit 1 and change nothing.
set -eu
. "$(dirname "$0")/lib.sh"

init_db base.sqlite
"$TRACKER" export geojson ref --db base.sqlite >/dev/null 2>&1 ||
    die "tracker export failed"

# make_gpkg OUT SQL: an EPSG:3405 GeoPackage from ref/units-2022.geojson.
make_gpkg() {
    ogr2ogr -f GPKG "$1" ref/units-2022.geojson -t_srs EPSG:3405 -nln xa \
        -dialect SQLite -sql "$2" >"$WORK/.ogr2ogr" 2>&1 ||
        die "ogr2ogr $1: $(cat "$WORK/.ogr2ogr")"
}
make_gpkg off.gpkg "SELECT replace(name, ' ', '') AS ten_xa, geometry
    FROM units_2022 WHERE code IN ('05824', '05809')
    UNION ALL SELECT 'XãKhôngTồnTại' AS ten_xa, geometry FROM units_2022
    WHERE code = '05761'"
make_gpkg none.gpkg "SELECT 'XãKhôngTồnTại' AS ten_xa, geometry
    FROM units_2022 WHERE code = '05761'"

describe "the fixture"
ogrinfo -ro -al -so off.gpkg >fixture.txt 2>&1 || fail "ogrinfo off.gpkg"
slurp fixture.txt
if has "Feature Count: 3" && has "3405"; then pass; else
    fail "off.gpkg is not 3 features in EPSG:3405"
fi

describe "import matching two units"
cp base.sqlite t.sqlite
expect_tracker 0 layers import units off.gpkg --db t.sqlite
expect_stdout_contains "'AnKhánh' -> Xã An Khánh" "'CùVân' -> Xã Cù Vân" \
    "unmatched" "'XãKhôngTồnTại'" "2 units given official polygons" \
    "1 feature unmatched"
# The units left without a feature are reported too.
expect_stdout_contains "Xã Bình Thuận (05830"
slurp "$OUT"
case $SLURP in
*"matched"*"AnKhánh"*"unmatched"*) pass ;;
*) fail "the report does not list matched then unmatched features" ;;
esac
expect_eq "$(sql t.sqlite "SELECT group_concat(code, ',') FROM (SELECT code
    FROM admin_unit WHERE boundary_source = 'official' ORDER BY code)")" \
    "05809,05824" "units with official boundaries"
expect_eq "$(sql t.sqlite "SELECT count(*) FROM admin_unit WHERE
    boundary_source = 'approximate'")" \
    "$(($(sql base.sqlite "SELECT count(*) FROM admin_unit") - 2))" \
    "units left approximate"
expect_eq "$(sql t.sqlite "SELECT count(*) FROM admin_unit WHERE
    boundary_source = 'official' AND (valid_from IS NOT NULL OR
    valid_to IS NULL)")" 0 "official units other than the 2022 ones"
# The polygons came back to WGS84 from UTM: same place, same area as the
# approximate polygons the fixture was made from.
expect_eq "$(spatial_sql t.sqlite "ATTACH 'base.sqlite' AS b;
    SELECT count(*) FROM admin_unit n JOIN b.admin_unit o ON o.id = n.id
    WHERE n.boundary_source = 'official' AND ST_SRID(n.geom) = 4326
    AND abs(ST_Area(n.geom, 1) / ST_Area(o.geom, 1) - 1) < 0.01
    AND ST_Distance(ST_Centroid(n.geom), ST_Centroid(o.geom), 1) < 50")" 2 \
    "official polygons in WGS84, in place, with the right area"

describe "export after the import"
expect_tracker 0 export geojson after --db t.sqlite
py '
import json, sys
units = {f["properties"]["code"]: f["properties"] for f in json.load(
    open(sys.argv[1] + "/units-2022.geojson", encoding="utf-8"))["features"]}
for code, p in sorted(units.items()):
    official = code in ("05809", "05824")
    assert p["approximate"] is (not official), (code, p["approximate"])
    assert p["boundary_source"] == ("official" if official else
                                    "approximate"), (code, p)
communes = {f["properties"]["code"]: f["properties"] for f in json.load(
    open(sys.argv[1] + "/communes-2025.geojson", encoding="utf-8"))["features"]}
# An Khánh since 2025 is derived again from the new polygons.
note = communes["05809"]["boundary_note"]
assert "Cù Vân (official)" in note and "An Khánh (official)" in note, note
' after

describe "import a file that matches nothing"
cp base.sqlite n.sqlite
DIGEST=$(db_digest n.sqlite)
expect_tracker 1 layers import units none.gpkg --db n.sqlite
expect_error_line "none.gpkg"
expect_stdout_contains "0 units given official polygons"
expect_db_unchanged n.sqlite "$DIGEST"

describe "import a missing file"
expect_tracker 1 layers import units "$WORK/no-such-file.gpkg" --db n.sqlite
expect_error_line "no-such-file.gpkg"
expect_db_unchanged n.sqlite "$DIGEST"

describe "import into a missing database"
expect_tracker 1 layers import units off.gpkg --db missing.sqlite
expect_error_line "missing.sqlite"
check "import created missing.sqlite" test ! -e missing.sqlite

describe "import with a malformed --as-of"
expect_tracker 2 layers import units off.gpkg --db n.sqlite --as-of 2022
expect_error_line "--as-of" "2022"
expect_db_unchanged n.sqlite "$DIGEST"

finish
