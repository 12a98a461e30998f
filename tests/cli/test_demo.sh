# test_demo.sh: `tracker demo --out D` builds D/tracker.sqlite and
# D/geojson/*.geojson, names every file it wrote, marks every sample work
# illustrative, replaces its own database when run again, and refuses to
# touch any other file at D/tracker.sqlite.
set -eu
. "$(dirname "$0")/lib.sh"

LAYERS="units-2022 communes-2025 works-points works-lines"

describe "tracker demo --out D"
expect_tracker 0 demo --out D
expect_stderr_empty
expect_stdout_contains "D/tracker.sqlite" "ILLUSTRATIVE"
check "demo did not write D/tracker.sqlite" test -s D/tracker.sqlite
for name in $LAYERS; do
    expect_stdout_contains "D/geojson/$name.geojson"
    check "demo did not write D/geojson/$name.geojson" \
        test -s "D/geojson/$name.geojson"
done
# Every file the output names exists.
slurp "$OUT"
rest=$SLURP
named=0
while :; do
    case $rest in
    *"D/geojson/"*) ;;
    *) break ;;
    esac
    rest=${rest#*D/geojson/}
    file=${rest%%[ :
]*}
    named=$((named + 1))
    check "demo names D/geojson/$file, which does not exist" \
        test -f "D/geojson/$file"
done
expect_eq "$named" 4 "GeoJSON files named in the output"
describe "the meeting pack"
for f in map.html map.pdf map.png bao-cao-von.xlsx coverage.geojson works-oc4ids.json; do
    expect_stdout_contains "D/$f"
    check "demo did not write D/$f" test -s "D/$f"
done
py '
import json
pkg = json.load(open("D/works-oc4ids.json", encoding="utf-8"))
assert len(pkg["projects"]) == 15, len(pkg["projects"])
cov = json.load(open("D/coverage.geojson", encoding="utf-8"))
assert len(cov["features"]) == 30 and all("fill" in f["properties"] for f in cov["features"])
png = open("D/map.png", "rb").read(32)
assert png[:8] == b"\x89PNG\r\n\x1a\n"
assert open("D/map.pdf", "rb").read(5) == b"%PDF-"
html = open("D/map.html", encoding="utf-8").read()
assert "<script src" not in html and "minh họa" in html
'
run ogrinfo -ro -al -so D/bao-cao-von.xlsx
check "GDAL reads the budget report" [ "$RC" -eq 0 ]

check "demo wrote tracker.sqlite in the working directory" \
    test ! -e tracker.sqlite

WORKS=$(sql D/tracker.sqlite "SELECT count(*) FROM work")
check "the demo database has no works" test "$WORKS" -gt 0
expect_eq "$(sql D/tracker.sqlite "SELECT count(*) FROM work WHERE
    illustrative = 0")" 0 "demo works not marked illustrative"
expect_eq "$(sql D/tracker.sqlite "SELECT count(*) FROM admin_unit WHERE
    valid_from IS NULL AND valid_to > '2022-10-11'")" 30 "units of 2022"

describe "demo GeoJSON"
py '
import json, sys
d, works = sys.argv[1], int(sys.argv[2])
n = 0
for name in ("works-points", "works-lines"):
    doc = json.load(open("%s/%s.geojson" % (d, name), encoding="utf-8"))
    assert "crs" not in doc, name
    for f in doc["features"]:
        n += 1
        assert f["properties"].get("illustrative") is True, (
            name, f["properties"].get("code"), f["properties"].get("illustrative"))
assert n == works, "%d work features, %d works in the database" % (n, works)
for name in ("units-2022", "communes-2025"):
    doc = json.load(open("%s/%s.geojson" % (d, name), encoding="utf-8"))
    assert len(doc["features"]) == {"units-2022": 30}.get(name, 10), name
    for f in doc["features"]:
        assert f["properties"].get("approximate") is True, (
            name, f["properties"].get("code"))
' D/geojson "$WORKS"

describe "demo works carry their money, contracts, progress and flags"
# The sample's allocations, contracts and events (layers/sample-*.csv),
# with flags as of a fixed day.
TRACKER_TODAY=2023-12-01
export TRACKER_TODAY
expect_tracker 0 export geojson money --db D/tracker.sqlite
unset TRACKER_TODAY
py '
import json, sys
by = {}
for name in ("works-points", "works-lines"):
    for f in json.load(open("money/%s.geojson" % name, encoding="utf-8"))["features"]:
        by[f["properties"]["code"]] = f["properties"]
w = by["MH-2022-01"]
assert (w["allocated_vnd"], w["disbursed_vnd"], w["contract_value_vnd"],
        w["physical_pct"], w["budget_lines"]) == (1850000000, 1100000000,
        1825000000, 70.0, "da4-tda1"), w
assert "Minh Họa Một" in w["contractor"] and "MH-HD-01 active" in w["contract_status"], w
assert w["flags"] is None and w["flags_as_of"] == "2023-12-01", w
w = by["MH-2022-05"]
assert w["flags"].split(",") == ["disbursed_ahead", "past_due", "stalled"], w["flags"]
assert "Giải ngân vượt tiến độ" in w["flags_vi"], w
w = by["MH-2022-08"]
assert "over_allocation" in w["flags"], w
w = by["MH-2022-13"]
assert (w["status"], w["physical_pct"], w["disbursed_vnd"]) == ("completion", 100.0, 860000000), w
'

describe "tracker demo run again"
expect_tracker 0 demo --out D
expect_stdout_contains "D/tracker.sqlite"
expect_eq "$(sql D/tracker.sqlite "SELECT count(*) FROM work")" "$WORKS" \
    "works after a second run (replaced, not appended)"
expect_eq "$(sql D/tracker.sqlite "SELECT count(*) FROM meta WHERE
    key = 'demo'")" 1 "demo marks in the replaced database"

describe "tracker demo --db puts the database elsewhere"
expect_tracker 0 demo --out E --db E.sqlite
expect_stdout_contains "E.sqlite"
expect_eq "$(sql E.sqlite "SELECT count(*) FROM work")" "$WORKS" \
    "works in the --db database"
check "demo --db also wrote E/tracker.sqlite" test ! -e E/tracker.sqlite
check "demo --db wrote no E/geojson/units-2022.geojson" \
    test -s E/geojson/units-2022.geojson

describe "tracker demo over a user's database"
mkdir U
"$TRACKER" init --empty --db U/tracker.sqlite >/dev/null 2>&1 ||
    die "tracker init --empty failed"
DIGEST=$(db_digest U/tracker.sqlite)
expect_tracker 1 demo --out U
expect_error_line "U/tracker.sqlite"
expect_db_unchanged U/tracker.sqlite "$DIGEST"
check "a refused demo wrote U/geojson" test ! -e U/geojson

describe "tracker demo over a file that is not a database"
mkdir V
printf 'my notes\n' >V/tracker.sqlite
expect_tracker 1 demo --out V
expect_error_line "V/tracker.sqlite"
check "demo changed a non-database file" \
    test "$(cat V/tracker.sqlite)" = "my notes"
check "a refused demo wrote V/geojson" test ! -e V/geojson

finish
