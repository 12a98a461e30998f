# test_where_places.sh: `tracker where` puts the centre of every unit of
# 2022 in that unit, whether the point is written LON LAT, "LAT, LON",
# in DMS or as VN-2000 TM-3 surveyor X Y, and says when a point lies
# outside the district; `tracker places` adds a seat (which geocode then
# gives, precision 8, and where names as the nearest place), refuses a
# place outside the district or of an unknown kind, and imports points
# from GeoJSON in one transaction; `tracker add` takes a TM-3 point, or
# place text alone that `tracker geocode --works` locates later.
set -eu
. "$(dirname "$0")/lib.sh"

init_db base.sqlite

# tally FILE COUNT: each line of FILE, "ok LABEL" or "FAIL LABEL: WHY",
# is one check; FILE must hold COUNT lines (a crashed loop fails).
tally() {
    _n=0
    while IFS= read -r _line || [ -n "$_line" ]; do
        _n=$((_n + 1))
        case $_line in
        "ok "*) pass ;;
        *) fail "${_line#FAIL }" ;;
        esac
    done <"$1"
    expect_eq "$_n" "$2" "cases reported by the loop"
}

# --- where: every unit's centre in four forms -----------------------------

spatial_sql base.sqlite "SELECT key, code, printf('%.7f', X(centre)),
    printf('%.7f', Y(centre)) FROM admin_unit WHERE valid_from IS NULL
    ORDER BY code, key" >centres.txt
slurp centres.txt
[ "$SLURP_LINES" -eq 30 ] || die "expected 30 unit centres, got $SLURP_LINES"
# cs2cs reads EPSG:4326 as lat lon and writes EPSG:9213 (VN-2000 / TM-3
# 106-30) as easting northing.
while IFS='|' read -r _key _code _lon _lat; do
    echo "$_lat $_lon"
done <centres.txt | cs2cs -f %.4f EPSG:4326 EPSG:9213 >tm3.txt ||
    die "cs2cs failed"

cat >where.py <<'EOF'
import json, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

tracker, db, centres_file, tm3_file = sys.argv[1:5]
centres = [l.split("|") for l in open(centres_file).read().split("\n") if l]
tm3 = [l.split() for l in open(tm3_file).read().split("\n") if l]
assert len(tm3) == len(centres), "cs2cs gave %d points" % len(tm3)


def dms(v, pos, neg):
    h = pos if v >= 0 else neg
    v = abs(v)
    d = int(v)
    m = int((v - d) * 60)
    s = (v - d - m / 60) * 3600
    return "%d°%d'%.3f\"%s" % (d, m, s, h)


cases = []
for (key, code, lon, lat), (east, north, *_) in zip(centres, tm3):
    x, y = float(lon), float(lat)
    cases += [
        (key, "LON LAT", [lon, lat], x, y),
        (key, "'LAT, LON'", ["%s, %s" % (lat, lon)], x, y),
        (key, "DMS", ["%s %s" % (dms(y, "N", "S"), dms(x, "E", "W"))], x, y),
        # The surveyors' order: X (northing) first.
        (key, "TM-3 X Y", [north, east, "--crs", "VN2000-TM3-10630"], x, y),
    ]


def run(case):
    key, form, args, x, y = case
    p = subprocess.run([tracker, "where"] + args + ["--db", db, "--format",
                                                     "json"],
                       capture_output=True)
    label = "%s as %s %s" % (key, form, args)
    try:
        d = json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        return "FAIL %s: exit %d, stdout not JSON: %r %r" % (
            label, p.returncode, p.stdout[:200], p.stderr[:200])
    why = []
    if p.returncode != 0:
        why.append("exit %d" % p.returncode)
    if d.get("inside") is not True:
        why.append("inside %r" % d.get("inside"))
    if d.get("unit_2022_key") != key:
        why.append("unit_2022_key %r" % d.get("unit_2022_key"))
    lon, lat = d.get("lon"), d.get("lat")
    if not (isinstance(lon, float) and isinstance(lat, float)
            and abs(lon - x) < 1e-6 and abs(lat - y) < 1e-6):
        why.append("read as %r %r, expected %.7f %.7f" % (lon, lat, x, y))
    if why:
        return "FAIL %s: %s" % (label, "; ".join(why))
    return "ok %s %s" % (key, form)


with ThreadPoolExecutor(max_workers=4) as pool:
    for line in pool.map(run, cases):
        print(line)
EOF

describe "every unit's centre lies in the unit, in every written form"
"$PYTHON" where.py "$TRACKER" "$WORK/base.sqlite" centres.txt tm3.txt \
    >where.out 2>where.err || fail "the where loop failed: $(cat where.err)"
tally where.out $((30 * 4))

describe "a point far outside the district"
expect_tracker 1 where 106.5 21.0 --db base.sqlite --format json
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["inside"] is False, "inside %r" % d["inside"]
assert d["distance_m"] > 50000, "distance_m %r" % d["distance_m"]
' "$OUT"

# A latitude of 105 is no point on Earth: as add and places do, where
# says the two numbers look swapped instead of naming a nearest unit.
describe "swapped coordinates"
expect_tracker 1 where 21.6386 105.6497 --db base.sqlite --format json
expect_stdout_empty
expect_error_line "swapped"

# --- places ---------------------------------------------------------------

cp base.sqlite places.sqlite

describe "add the seat of La Bằng"
expect_tracker 0 places add --db places.sqlite --name 'UBND xã La Bằng' \
    --kind seat --point 105.5370 21.6280
expect_stdout_contains "UBND xã La Bằng"
expect_eq "$(sql places.sqlite "SELECT count(*) FROM place")" 1 \
    "places stored"

describe "geocode gives the seat's point, precision 8"
expect_tracker 0 geocode 'xã La Bằng' --db places.sqlite --format json
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "found", d["status"]
(c,) = d["candidates"]
assert c["unit_code"] == "05815", c["unit_code"]
assert c["precision"] == 8, "precision %r" % c["precision"]
assert abs(c["lon"] - 105.537) < 1e-7 and abs(c["lat"] - 21.628) < 1e-7, (
    c["lon"], c["lat"])
' "$OUT"

describe "where names the seat as the nearest place"
expect_tracker 0 where 105.536 21.627 --db places.sqlite --format json
py '
import json, math, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["unit_2022_key"] == "05815-2022", d["unit_2022_key"]
n = d["nearest"]
assert n and n["name"] == "UBND xã La Bằng", "nearest %r" % n
# About 150 m on the ground (haversine).
p1, p2 = math.radians(21.627), math.radians(21.628)
h = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2)
     * math.sin(math.radians(105.537 - 105.536) / 2) ** 2)
want = 2 * 6371008.8 * math.asin(math.sqrt(h))
assert 100 <= n["distance_m"] <= 250, "distance_m %r" % n["distance_m"]
assert abs(n["distance_m"] - want) < 5, "distance_m %r, expected %.1f" % (
    n["distance_m"], want)
' "$OUT"
expect_tracker 0 where 105.536 21.627 --db places.sqlite
expect_stdout_contains "UBND xã La Bằng" " m"

DIGEST=$(db_digest places.sqlite)

describe "a place outside the district"
expect_tracker 1 places add --db places.sqlite --name 'Ngoài huyện' \
    --point 106.5 21.0
expect_error_line "outside"
expect_db_unchanged places.sqlite "$DIGEST"

describe "a place of an unknown kind"
expect_tracker 1 places add --db places.sqlite --name 'Nhà thờ' \
    --kind church --point 105.6189 21.6458
expect_error_line "kind" "church"
expect_db_unchanged places.sqlite "$DIGEST"

# Two points in Cù Vân and Hà Thượng; the bad file's second feature is a
# line.
cat >good.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Trường tiểu học Cù Vân",
  "kind": "school"},
  "geometry": {"type": "Point", "coordinates": [105.6800, 21.6700]}},
 {"type": "Feature", "properties": {"name": "Chợ Hà Thượng",
  "kind": "market"},
  "geometry": {"type": "Point", "coordinates": [105.6650, 21.6300]}}
]}
EOF
cat >bad.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "Trạm y tế Phú Lạc",
  "kind": "health_station"},
  "geometry": {"type": "Point", "coordinates": [105.5700, 21.7000]}},
 {"type": "Feature", "properties": {"name": "Đường hỏng", "kind": "other"},
  "geometry": {"type": "LineString",
   "coordinates": [[105.57, 21.70], [105.58, 21.71]]}}
]}
EOF

describe "an import with a line among the points"
expect_tracker 1 places import bad.geojson --db places.sqlite
expect_error_line "bad.geojson" "feature 2"
expect_db_unchanged places.sqlite "$DIGEST"

describe "import two points from GeoJSON"
expect_tracker 0 places import good.geojson --db places.sqlite
expect_stdout_contains "good.geojson"
expect_eq "$(sql places.sqlite "SELECT count(*) FROM place")" 3 \
    "places stored"
expect_tracker 0 places list --db places.sqlite --format csv
py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
got = sorted((r["name"], r["kind"]) for r in rows)
want = sorted([("UBND xã La Bằng", "seat"),
               ("Trường tiểu học Cù Vân", "school"),
               ("Chợ Hà Thượng", "market")])
assert got == want, "places %s" % got
pt = {r["name"]: (float(r["lon"]), float(r["lat"])) for r in rows}
assert pt["Chợ Hà Thượng"] == (105.665, 21.63), pt
' "$OUT"

# --- works: a TM-3 point, and place text located later ----------------------

cp base.sqlite works.sqlite

describe "add a work at a TM-3 point"
expect_tracker 0 add --db works.sqlite --code V1 --name 'Cầu đo VN-2000' \
    --category bridge --point 2392947.91 410777.33 --crs VN2000-TM3-10630 \
    --unit 05761 --as-of 2022-10-11
expect_tracker 0 show V1 --db works.sqlite --format json
py '
import json, sys
(w,) = json.load(open(sys.argv[1], encoding="utf-8"))
assert abs(w["lon"] - 105.64) <= 1e-6 and abs(w["lat"] - 21.63) <= 1e-6, (
    w["lon"], w["lat"])
assert w["unit_2022_code"] == "05761", w["unit_2022_code"]
' "$OUT"

describe "add works with place text alone"
expect_tracker 0 add --db works.sqlite --code P1 \
    --name 'Nhà văn hóa xóm Đồng Đình' --category community_house \
    --place 'xóm Đồng Đình' --unit 05815 --as-of 2022-10-11
expect_tracker 0 add --db works.sqlite --code P2 --name 'Đường nội đồng' \
    --category rural_road --place 'cánh đồng Zyxw Qvut' --unit 05803 \
    --as-of 2022-10-11
expect_eq "$(sql works.sqlite "SELECT group_concat(code, ',') FROM work
    WHERE point IS NULL AND place_text IS NOT NULL")" "P1,P2" \
    "works waiting for a location"

describe "geocode --works locates them"
expect_tracker 0 geocode --works --db works.sqlite
expect_stdout_contains "P1" "P2"
expect_eq "$(sql works.sqlite "SELECT count(*) FROM work WHERE point IS NULL")" \
    0 "works without a point"
expect_eq "$(sql works.sqlite "SELECT w.precision_code, w.hamlet_id =
    (SELECT h.id FROM hamlet h JOIN admin_unit u ON u.id = h.unit_id
     WHERE h.name = 'Đồng Đình' AND u.key = '05815-2022'),
    instr(w.location_note, 'Đồng Đình') > 0
    FROM work w WHERE w.code = 'P1'")" "3|1|1" \
    "P1: precision, hamlet Đồng Đình of La Bằng, note"
expect_eq "$(sql works.sqlite "SELECT w.precision_code, w.hamlet_id IS NULL,
    instr(w.location_note, 'unit') > 0
    FROM work w WHERE w.code = 'P2'")" "3|1|1" \
    "P2: precision, no hamlet, the note says the unit located it"
expect_eq "$(spatial_sql works.sqlite "SELECT abs(X(w.point) - X(u.centre))
    < 1e-9 AND abs(Y(w.point) - Y(u.centre)) < 1e-9 FROM work w
    JOIN admin_unit u ON u.id = w.unit_id WHERE w.code = 'P2'")" 1 \
    "P2 is at its unit's centre"
expect_eq "$(sql works.sqlite "SELECT precision_code FROM work
    WHERE code = 'V1'")" 1 "V1 keeps its surveyed point"

finish
