# test_add.sh: `tracker add` records valid point and line works (WKT and
# GeoJSON lines, a reused unit code with --as-of) and refuses each bad
# input with the right exit code (2 usage, 1 validation), one
# "error: ..." line naming the field and the value, and an unchanged
# database.
set -eu
. "$(dirname "$0")/lib.sh"

init_db db.sqlite

# --- valid works --------------------------------------------------------

describe "add a point work"
expect_tracker 0 add --db db.sqlite --code T1 --name 'Cầu thử' \
    --category bridge --unit 05803 --point 105.6189 21.6458 \
    --budget-line da4-tda1 --amount 500000000
expect_stdout_contains "T1"
expect_stderr_empty

describe "list shows the point work"
expect_tracker 0 list --db db.sqlite --format csv
py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 1, "%d rows: %s" % (len(rows), rows)
r = rows[0]
want = {"code": "T1", "name": "Cầu thử", "category": "bridge",
        "unit_2022": "Xã Tiên Hội", "million_vnd": "500,0",
        "illustrative": "no"}
bad = {k: (r.get(k), v) for k, v in want.items() if r.get(k) != v}
assert not bad, "list row differs (got, expected): %s" % bad
' "$OUT"

describe "show T1"
expect_tracker 0 show T1 --db db.sqlite
expect_stdout_contains "T1" "Cầu thử" "Xã Tiên Hội" "da4-tda1" "500000000" \
    "105.6189" "21.6458"
expect_stderr_empty
expect_tracker 0 show T1 --db db.sqlite --format json
py '
import json, sys
(w,) = json.load(open(sys.argv[1], encoding="utf-8"))
want = {"code": "T1", "name": "Cầu thử", "category": "bridge",
        "unit_code": "05803", "unit_2022_code": "05803",
        "amount_vnd": 500000000, "budget_lines": "da4-tda1",
        "length_m": None, "illustrative": 0}
bad = {k: (w.get(k), v) for k, v in want.items() if w.get(k) != v}
assert not bad, "show differs (got, expected): %s" % bad
assert abs(w["lon"] - 105.6189) < 1e-9 and abs(w["lat"] - 21.6458) < 1e-9, w
' "$OUT"

describe "show an unknown work"
expect_tracker 1 show NOPE --db db.sqlite
expect_error_line "NOPE"

# 05800 was Xã Bản Ngoại until 2025-07-01 and is Xã Phú Thịnh since, so
# the line works name the date.
describe "add a line work (WKT)"
expect_tracker 0 add --db db.sqlite --code L1 --name 'Đường thử' \
    --category rural_road --unit 05800 --as-of 2022-10-11 \
    --line 'LINESTRING(105.60 21.66,105.61 21.665)'
expect_stdout_contains "L1"
expect_tracker 0 show L1 --db db.sqlite --format json
py '
import json, math, sys
(w,) = json.load(open(sys.argv[1], encoding="utf-8"))
assert w["unit_2022_name"] == "Xã Bản Ngoại", w["unit_2022_name"]
# Haversine on the mean Earth radius: within 0.5% of the geodesic here.
(lon1, lat1), (lon2, lat2) = (105.60, 21.66), (105.61, 21.665)
p1, p2 = math.radians(lat1), math.radians(lat2)
h = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2)
     * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
want = 2 * 6371008.8 * math.asin(math.sqrt(h))
got = w["length_m"]
assert isinstance(got, (int, float)) and got > 0, "length_m %r" % got
assert abs(got - want) <= 0.02 * want, "length_m %.1f, expected %.1f" % (
    got, want)
# Its point is on the line, between the two vertices.
assert 105.60 <= w["lon"] <= 105.61 and 21.66 <= w["lat"] <= 21.665, w
' "$OUT"

describe "add a line work (GeoJSON)"
expect_tracker 0 add --db db.sqlite --code L2 --name 'Đường GeoJSON' \
    --category rural_road --unit 05800 --as-of 2022-10-11 \
    --line '{"type":"LineString","coordinates":[[105.60,21.66],[105.61,21.665]]}'
expect_stdout_contains "L2"
expect_eq "$(spatial_sql db.sqlite "SELECT ST_Equals(a.geom, b.geom) AND
    abs(a.length_m - b.length_m) < 0.001 FROM work_line a, work_line b
    WHERE a.work_id = (SELECT id FROM work WHERE code = 'L1')
    AND b.work_id = (SELECT id FROM work WHERE code = 'L2')")" 1 \
    "the GeoJSON line equals the same WKT line"

describe "a reused code with --as-of"
expect_tracker 0 add --db db.sqlite --code A1 --name 'Nhà văn hóa thử' \
    --category community_house --unit 05830 --as-of 2022-10-11 \
    --point 105.6381 21.6101
expect_tracker 0 add --db db.sqlite --code A2 --name 'Trạm y tế thử' \
    --category health_station --unit 05830 --as-of 2025-07-01 \
    --point 105.6381 21.6101
expect_eq "$(sql db.sqlite "SELECT group_concat(w.code || '=' || u.full_name,
    ';') FROM (SELECT * FROM work WHERE code IN ('A1', 'A2') ORDER BY code)
    w JOIN admin_unit u ON u.id = w.unit_id")" \
    "A1=Xã Bình Thuận;A2=Xã Đại Từ" "the unit --as-of chose"

expect_eq "$(sql db.sqlite "SELECT count(*) FROM work")" 5 "works stored"
expect_eq "$(sql db.sqlite "SELECT count(*) FROM work_line")" 2 \
    "line works stored"

# --- bad inputs: each is refused and changes nothing --------------------

DIGEST=$(db_digest db.sqlite)

# bad_add EXIT [ARGS...]: an add of work E1 in Tiên Hội (05803) with ARGS
# appended (later options win) must exit EXIT and leave the db as it was.
bad_add() {
    _exit=$1
    shift
    expect_tracker "$_exit" add --db db.sqlite --code E1 \
        --name 'Công trình lỗi' --category bridge --unit 05803 "$@"
    expect_stdout_empty
    expect_db_unchanged db.sqlite "$DIGEST"
}

describe "non-numeric longitude"
bad_add 2 --point abc 21.6
expect_error_line "point" "abc"

describe "non-numeric latitude"
bad_add 2 --point 105.6189 21.6x
expect_error_line "point" "21.6x"

describe "swapped coordinates"
bad_add 1 --point 21.6458 105.6189
expect_error_line "point" "21.6458" "105.6189" "swapped"

describe "a point outside the district"
bad_add 1 --point 106.5 21.0
expect_error_line "point" "106.5" "outside"

describe "a one-vertex line"
bad_add 1 --line 'LINESTRING(105.6 21.66)'
expect_error_line "line" "105.6 21.66"

describe "a line whose two vertices are equal"
bad_add 1 --line 'LINESTRING(105.6 21.66,105.6 21.66)'
expect_error_line "line" "105.6 21.66"

describe "a line leaving the district"
bad_add 1 --line 'LINESTRING(105.6 21.66,106.5 21.0)'
expect_error_line "line vertex 2" "106.5" "outside"

describe "a point given as a line"
bad_add 1 --line 'POINT(105.6 21.66)'
expect_error_line "line" "POINT"

describe "unreadable line text"
bad_add 1 --line 'LINESTRING(105.6 north)'
expect_error_line "line"

describe "an unknown unit code"
bad_add 1 --point 105.6189 21.6458 --unit 99999
expect_error_line "unit" "99999"

describe "an ambiguous reused unit code"
bad_add 1 --point 105.6381 21.6101 --unit 05830
expect_error_line "unit" "05830" "ambiguous" "--as-of"

describe "a unit code not in force on --as-of"
bad_add 1 --point 105.6189 21.6458 --unit 05803 --as-of 2025-07-01
expect_error_line "unit" "05803" "2025-07-01"

describe "a malformed --as-of"
bad_add 2 --point 105.6189 21.6458 --as-of 11/13/2022
expect_error_line "--as-of" "11/13/2022"

describe "an unknown budget line"
bad_add 1 --point 105.6189 21.6458 --budget-line da99 --amount 1000
expect_error_line "budget-line" "da99"

describe "a non-numeric amount"
bad_add 2 --point 105.6189 21.6458 --budget-line da1 --amount 12abc
expect_error_line "amount" "12abc"

describe "an unknown category"
bad_add 1 --point 105.6189 21.6458 --category bridges
expect_error_line "category" "bridges"

describe "a duplicate work code"
bad_add 1 --point 105.6189 21.6458 --code T1
expect_error_line "code" "T1"

describe "an unknown work type"
bad_add 1 --point 105.6189 21.6458 --type rebuild
expect_error_line "type" "rebuild"

describe "a database in a missing directory"
expect_tracker 1 add --db /nonexistent/x.sqlite --code E1 --name 'Lỗi' \
    --category bridge --unit 05803 --point 105.6189 21.6458
expect_error_line "/nonexistent/x.sqlite"
check "add created /nonexistent/x.sqlite" test ! -e /nonexistent/x.sqlite

describe "a missing database file in an existing directory"
expect_tracker 1 add --db "$WORK/absent.sqlite" --code E1 --name 'Lỗi' \
    --category bridge --unit 05803 --point 105.6189 21.6458
expect_error_line "absent.sqlite"
check "add created the missing database" test ! -e "$WORK/absent.sqlite"

describe "a file that is not a tracker database"
printf 'hello\n' >notes.txt
expect_tracker 1 add --db notes.txt --code E1 --name 'Lỗi' \
    --category bridge --unit 05803 --point 105.6189 21.6458
expect_error_line "notes.txt"
check "add changed a non-database file" test "$(cat notes.txt)" = hello

describe "after the refusals"
expect_eq "$(sql db.sqlite "SELECT count(*) FROM work WHERE code = 'E1'")" 0 \
    "work E1 stored despite the errors"

finish
