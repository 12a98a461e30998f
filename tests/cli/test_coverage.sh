# test_coverage.sh: `tracker coverage` and `tracker units` on a small
# fixture with known answers: which units are unserved, each distance to
# the metre (checked against PROJ's own `geod`), the effect of a facility
# changing status, hamlets, target sets with unknown attributes, and the
# coverage GeoJSON (ogrinfo, RFC 7946, simplestyle).
set -eu
. "$(dirname "$0")/lib.sh"

init_db db.sqlite
export TRACKER_DB=db.sqlite TRACKER_USER=planner

# geodesic metres between two lon/lat points, by PROJ's geod (WGS84).
geod_m() {
    echo "$2 $1 $4 $3" | geod +ellps=WGS84 -I -f "%.3f" +units=m |
        awk '{print $3}'
}
centre() {
    spatial_sql db.sqlite "SELECT X(centre) || ' ' || Y(centre) FROM
        admin_unit WHERE code = '$1' AND valid_from IS NULL"
}
# coverage CSV field of one unit and category.
field() {
    $PYTHON -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["unit_code"] == sys.argv[2] and r["category"] == sys.argv[3]:
        print(r[sys.argv[4]])
' "$OUT" "$1" "$2" "$3"
}
# expect_metres GOT WANT MSG: equal to the metre.
expect_metres() {
    if $PYTHON -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 1)' "$1" "$2"; then
        pass
    else
        fail "$3: expected $2 m, got $1 m"
    fi
}

# A health station in use since before the programme in Tiên Hội (05803)
# and one being built in Hà Thượng (05812); Cù Vân (05809) has none.
tracker add --code H1 --name 'Trạm y tế xã Tiên Hội' --category health_station \
    --unit 05803 --point 105.6250 21.6500 --type existing --status maintenance \
    --status-date 2020-01-01
[ "$RC" -eq 0 ] || die "add H1: $(cat "$ERR")"
tracker add --code H2 --name 'Trạm y tế xã Hà Thượng' --category health_station \
    --unit 05812 --point 105.6900 21.6400 --status implementation \
    --status-date 2023-01-01
[ "$RC" -eq 0 ] || die "add H2: $(cat "$ERR")"

T3=05803,05809,05812
describe "coverage of three units for health stations"
expect_tracker 0 coverage --target $T3 --category health_station --format csv
expect_eq "$(field 05803 health_station in_use)|$(field 05803 health_station unserved)" \
    "1|0" "Tiên Hội has its station in use"
expect_eq "$(field 05812 health_station under_construction)|$(field 05812 health_station unserved)" \
    "1|0" "Hà Thượng's station under construction serves it"
expect_eq "$(field 05809 health_station nearest_code)|$(field 05809 health_station unserved)" \
    "H1|1" "Cù Vân: nearest in use is H1, beyond 5 km: unserved"
# shellcheck disable=SC2046
d_cv=$(geod_m $(centre 05809) 105.6250 21.6500)
# shellcheck disable=SC2046
d_ht=$(geod_m $(centre 05812) 105.6250 21.6500)
# shellcheck disable=SC2046
d_th=$(geod_m $(centre 05803) 105.6250 21.6500)
expect_metres "$(field 05809 health_station centre_m)" "$d_cv" "Cù Vân to H1"
expect_metres "$(field 05812 health_station centre_m)" "$d_ht" "Hà Thượng to H1 (H2 is not in use)"
expect_metres "$(field 05803 health_station centre_m)" "$d_th" "Tiên Hội to H1"
check "the summary names the unserved count" grep -q "1 unserved" "$ERR"

describe "the distance rule decides"
km_over=$($PYTHON -c "print(round($d_cv / 1000 + 0.05, 3))")
km_under=$($PYTHON -c "print(round($d_cv / 1000 - 0.05, 3))")
expect_tracker 0 coverage --target 05809 --category health_station \
    --max-km health_station=$km_over --format csv
expect_eq "$(field 05809 health_station unserved)" 0 "within $km_over km"
expect_tracker 0 coverage --target 05809 --category health_station \
    --max-km health_station=$km_under --format csv
expect_eq "$(field 05809 health_station unserved)" 1 "beyond $km_under km"

describe "a facility changing status changes the answer"
expect_tracker 0 progress H2 --date 2023-09-30 --status completion --physical 100
expect_tracker 0 coverage --target $T3 --category health_station --format csv
# shellcheck disable=SC2046
d_cv2=$(geod_m $(centre 05809) 105.6900 21.6400)
expect_eq "$(field 05809 health_station nearest_code)|$(field 05809 health_station unserved)" \
    "H2|0" "Cù Vân is now within 5 km of H2 in use"
expect_metres "$(field 05809 health_station centre_m)" "$d_cv2" "Cù Vân to H2"
expect_eq "$(field 05812 health_station in_use)" 1 "H2 counts as in use"

describe "hamlets with a point"
# Tân Thái (05827) has 9 hamlets on the shipped lists; give one a point.
spatial_sql db.sqlite "UPDATE hamlet SET point = MakePoint(105.6950, 21.6600,
    4326) WHERE id = (SELECT h.id FROM hamlet h JOIN admin_unit u ON u.id =
    h.unit_id WHERE u.code = '05827' AND u.valid_from IS NULL AND h.status <>
    'former' ORDER BY h.id LIMIT 1)"
expect_tracker 0 coverage --target 05827 --category health_station --format csv
d_h=$(geod_m 105.6950 21.6600 105.6900 21.6400)
expect_eq "$(field 05827 health_station hamlets)|$(field 05827 health_station hamlets_located)" \
    "9|1" "nine hamlets, one located"
expect_metres "$(field 05827 health_station hamlet_max_m)" "$d_h" "the hamlet to H2"
expect_eq "$(field 05827 health_station hamlets_beyond)" 0 "the hamlet is within 5 km"
expect_tracker 0 coverage --target 05827 --category health_station \
    --max-km health_station=1 --format csv
expect_eq "$(field 05827 health_station hamlets_beyond)" 1 "beyond 1 km"

describe "a hamlet point no map can hold is reported, not counted"
spatial_sql db.sqlite "UPDATE hamlet SET point = MakePoint(105.7, 95, 4326)
    WHERE id = (SELECT h.id FROM hamlet h JOIN admin_unit u ON u.id =
    h.unit_id WHERE u.code = '05827' AND u.valid_from IS NULL AND h.status <>
    'former' ORDER BY h.id LIMIT 1)"
expect_tracker 1 coverage --target 05827 --category health_station
expect_error_line "of Xã Tân Thái: its point cannot be placed"
spatial_sql db.sqlite "UPDATE hamlet SET point = MakePoint(105.6950, 21.6600,
    4326) WHERE id = (SELECT h.id FROM hamlet h JOIN admin_unit u ON u.id =
    h.unit_id WHERE u.code = '05827' AND u.valid_from IS NULL AND h.status <>
    'former' ORDER BY h.id LIMIT 1)"

describe "ranked list of unserved units"
expect_tracker 0 coverage --category health_station,market --ranked --format csv
py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
n = [int(r["unserved_categories"]) for r in rows]
assert n == sorted(n, reverse=True), n
assert len(rows) == 30, len(rows)  # no market anywhere: all 30 lack one
assert all(r["unit_code"] != "05803" or r["unserved_categories"] == "1" for r in rows)
' "$OUT"

describe "units set records each change with who and when"
expect_tracker 0 units set 05803 --atk yes --region III --basis 'QĐ thử 1'
expect_stdout_contains "1 unit, 2 changes recorded"
expect_tracker 0 units set 05803 --atk yes
expect_stdout_contains "0 changes"
expect_tracker 0 units history 05803 --format csv
py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert [(r["attribute"], r["old_value"], r["new_value"], r["changed_by"])
        for r in rows] == [("atk", "unknown", "yes", "planner"),
                           ("region", "unknown", "III", "planner")], rows
assert all(r["changed_at"] and r["basis"] == "QĐ thử 1" for r in rows), rows
' "$OUT"
expect_tracker 0 coverage --target atk --category health_station
expect_stdout_contains "target atk: 4 units of 2022" "26 more with atk unknown"
expect_tracker 0 coverage --target region-iii --category health_station
expect_stdout_contains "target region-iii: 1 unit of 2022" "29 more with region unknown"

describe "units set --file: all rows or none"
printf 'code,atk,minority\n05809,yes,yes\n05812,no,maybe\n' >bad.csv
before=$(db_digest db.sqlite)
expect_tracker 1 units set --file bad.csv
expect_error_line "bad.csv" "line 3" "minority 'maybe'"
expect_db_unchanged db.sqlite "$before"
printf 'code,atk,minority,basis\n05809,yes,yes,QĐ 2\n05812,no,unknown,QĐ 2\n' >good.csv
expect_tracker 0 units set --file good.csv
expect_stdout_contains "2 units, 2 changes recorded"

describe "bad coverage input"
for bad in \
    "1|'99999' is not a unit code|--target 05803,99999" \
    "2|--units: '2023'|--units 2023" \
    "1|--category: 'hospital'|--category hospital" \
    "1|--max-km: 'health_station=far'|--category health_station --max-km health_station=far" \
    "1|has no coverage rule|--category bridge"; do
    want_rc=${bad%%|*}
    rest=${bad#*|}
    text=${rest%%|*}
    args=${rest#*|}
    describe "coverage $args"
    # shellcheck disable=SC2086
    expect_tracker "$want_rc" coverage $args
    expect_error_line "$text"
done
before=$(db_digest db.sqlite)
expect_tracker 1 units set 05803 --atk maybe
expect_error_line "atk 'maybe'"
expect_tracker 1 units set 99999 --atk yes
expect_error_line "99999"
expect_db_unchanged db.sqlite "$before"

describe "coverage GeoJSON"
expect_tracker 0 coverage --category health_station,market --geojson cov.geojson
expect_stdout_contains "wrote cov.geojson (30 units)"
run ogrinfo -ro -al -so cov.geojson
check "ogrinfo reads the coverage map" [ "$RC" -eq 0 ]
expect_stdout_contains "Feature Count: 30"
py '
import json, sys
doc = json.load(open("cov.geojson", encoding="utf-8"))
assert "crs" not in doc
def area2(ring):  # twice the signed area: > 0 counter-clockwise
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]))
for f in doc["features"]:
    p = f["properties"]
    for k in ("fill", "fill-opacity", "stroke", "stroke-width", "title",
              "health_station_status", "market_status", "unserved_count",
              "approximate"):
        assert k in p, (k, p)
    assert p["approximate"] is True
    assert p["fill"] == {0: "#1a9850", 1: "#fee08b", 2: "#fc8d59"}.get(
        p["unserved_count"], "#d73027"), p
    g = f["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    for poly in polys:
        assert area2(poly[0]) > 0, "exterior ring not counter-clockwise"
        for hole in poly[1:]:
            assert area2(hole) < 0, "hole not clockwise"
        for ring in poly:
            for x, y in ring:
                assert 105.3 < x < 106 and 21.4 < y < 21.9, (x, y)
                for v in (x, y):
                    s = repr(v)
                    assert len(s.split(".")[-1]) <= 7 if "." in s else True, s
th = [f for f in doc["features"] if f["properties"]["code"] == "05803"][0]["properties"]
assert th["health_station_status"] == "in_use" and th["market_status"] == "unserved", th
'

finish
