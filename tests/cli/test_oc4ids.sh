# test_oc4ids.sh: `tracker export oc4ids FILE` writes an OC4IDS 0.9.5
# project package that the official schemas accept (package schema, its
# $ref to the project schema served locally, closed codelists against their
# CSVs: tests/oc4ids_validate.py with Debian's python3-jsonschema), with
# the right values: a work's budget is the sum of its allocations to the
# đồng, each transaction the rise of the cumulative disbursement, the
# contractor's tax code the supplier's VN-MST identifier, a line work a
# LineString, contract status/method/purpose mapped to the codelists.
# The sample works of `tracker demo` all say ILLUSTRATIVE.  A database
# without works is refused with a message (a package needs a project);
# usage errors exit 2, an unwritable FILE exits 1 naming it.  Broken
# packages make the validator fail, so its "valid" means something.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# lib.sh moves into a scratch directory: find the schemas first.
case ${2:-} in
"") SCHEMAS=$HERE/../fixtures/oc4ids-0.9.5 ;;
/*) SCHEMAS=$2/oc4ids-0.9.5 ;;
*) SCHEMAS=$(pwd)/$2/oc4ids-0.9.5 ;;
esac
. "$HERE/lib.sh"

VALIDATE=$HERE/../oc4ids_validate.py
[ -f "$SCHEMAS/project-schema.json" ] || die "no OC4IDS schemas in '$SCHEMAS'"
"$PYTHON" -c 'import jsonschema' 2>/dev/null ||
    die "$PYTHON has no jsonschema (apt-get install python3-jsonschema)"
TRACKER_TODAY=2024-01-15
export TRACKER_TODAY

# validate FILE: the validator's verdict as a check.
validate() {
    if "$PYTHON" "$VALIDATE" "$SCHEMAS" "$1" >"$WORK/.val-out" 2>&1; then
        pass
    else
        fail "the validator rejects $1: $(sed -n 1,15p "$WORK/.val-out")"
    fi
}

# --- a small database of our own ------------------------------------------
init_db db.sqlite
add() {
    "$TRACKER" add --db db.sqlite "$@" >/dev/null 2>"$WORK/.add-err" ||
        die "tracker add $*: $(cat "$WORK/.add-err")"
}
add --code T-ROAD --name 'Đường GTNT xóm Trung Tâm' --category rural_road \
    --unit 05767 --type new --investor 'UBND xã Phúc Lương' \
    --line 'LINESTRING(105.614 21.747,105.6171234 21.7486,105.62 21.75)'
add --code T-BRIDGE --name 'Cầu dân sinh xóm Đồng Tâm' --category bridge \
    --unit 05803 --type upgrade --investor 'UBND huyện Đại Từ' \
    --point 105.6189 21.6458 --precision 3
# Not yet located: a place in words, waiting for `tracker geocode --works`.
add --code T-WAIT --name 'Nhà văn hóa xóm chưa định vị' \
    --category community_house --unit 05815 --place 'xóm Đồng Đình'
add --code T-HEALTH --name 'Trạm y tế xã có sẵn' --category health_station \
    --unit 05824 --type existing --point 105.754 21.6113 --illustrative
spatial_sql db.sqlite "
INSERT INTO allocation (work_id, budget_line_id, year, funding_source,
  capital_type, amount_vnd) VALUES
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'da4-tda1', 2022, 'central',
  'investment', 1000000000),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'da4-tda1', 2022, 'local',
  'investment', 123456789),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'da4-tda1', 2023, 'central',
  'investment', 76543210),
 ((SELECT id FROM work WHERE code = 'T-BRIDGE'), 'da4-tda1', 2022, 'central',
  'investment', 650000000);
INSERT INTO contract (work_id, code, title, contractor, contractor_tax_code,
  method, value_vnd, signed_on, due_on, status, purpose) VALUES
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'HĐ-01/2023-TC',
  'Thi công đường GTNT xóm Trung Tâm', 'Công ty TNHH Xây dựng Minh Tâm',
  '4600123456', 'limited', 1100000000, '2023-02-15', '2023-10-30',
  'active', 'construction'),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'HĐ-02/2023-GS', NULL,
  'Công ty CP Tư vấn Thái Nguyên', '0101234567-001', 'direct', 35000000,
  '2023-02-20', '2023-11-30', 'active', 'supervision'),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), 'HĐ-03/2022-TK',
  'Khảo sát, thiết kế', 'Công ty CP Tư vấn Thái Nguyên', '0101234567001',
  'open', 40000000, '2022-11-01', '2022-12-31', 'terminated', 'design'),
 ((SELECT id FROM work WHERE code = 'T-BRIDGE'), 'HĐ-04/2023-CĐ',
  'Cộng đồng xóm Đồng Tâm thi công cầu', 'Ban phát triển xóm Đồng Tâm',
  NULL, 'community', 600000000, '2023-05-01', NULL, 'pending',
  'construction'),
 ((SELECT id FROM work WHERE code = 'T-BRIDGE'), 'HĐ-05/2023-MS',
  'Mua lan can', 'Cửa hàng vật liệu Hà', 'ABC', 'other', 20000000, NULL,
  NULL, 'cancelled', 'goods');
INSERT INTO progress_event (work_id, event_date, status, physical_pct,
  disbursed_vnd, note, reported_by, correction) VALUES
 ((SELECT id FROM work WHERE code = 'T-ROAD'), '2023-03-01',
  'implementation', 10, 200000000, NULL, 'test', 0),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), '2023-06-30', NULL, 55.5,
  650000000, NULL, 'test', 0),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), '2023-09-15', NULL, 80,
  650000000, NULL, 'test', 0),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), '2023-11-20', 'completion',
  100, 1050000000, NULL, 'test', 0),
 ((SELECT id FROM work WHERE code = 'T-ROAD'), '2023-12-05', NULL, NULL,
  1000000000, 'số liệu giải ngân tháng 11 sai', 'test', 1),
 ((SELECT id FROM work WHERE code = 'T-BRIDGE'), '2023-05-01',
  'preparation', NULL, NULL, NULL, 'test', 0),
 ((SELECT id FROM work WHERE code = 'T-HEALTH'), '2022-10-11',
  'maintenance', NULL, NULL, NULL, 'test', 0);" ||
    die "cannot add the test allocations, contracts and events"
ROAD_SUM=$(sql db.sqlite "SELECT sum(amount_vnd) FROM allocation WHERE
    work_id = (SELECT id FROM work WHERE code = 'T-ROAD')")
# The rise between the events of 30/6 and 20/11 (the 15/9 one repeats 30/6).
ROAD_RISE=$(sql db.sqlite "SELECT (SELECT disbursed_vnd FROM progress_event
    WHERE event_date = '2023-11-20') - (SELECT disbursed_vnd FROM
    progress_event WHERE event_date = '2023-06-30')")
expect_eq "$ROAD_SUM/$ROAD_RISE" "1199999999/400000000" \
    "the test data's allocation sum/disbursement rise"
DIGEST=$(db_digest db.sqlite)

describe "export oc4ids"
expect_tracker 0 export oc4ids out.json --db db.sqlite
expect_stdout_contains "wrote out.json: 4 projects"
expect_stderr_empty
expect_db_unchanged db.sqlite "$DIGEST"
check "a temporary file is left beside out.json" \
    sh -c '! ls out.json.tmp* 2>/dev/null'
validate out.json

describe "oc4ids values"
py '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
road_sum, road_rise = int(sys.argv[2]), int(sys.argv[3])
p = {x["id"]: x for x in doc["projects"]}
assert list(p) == ["oc4ids-dt227-T-BRIDGE", "oc4ids-dt227-T-HEALTH",
                   "oc4ids-dt227-T-ROAD", "oc4ids-dt227-T-WAIT"], list(p)
assert doc["publishedDate"] == "2024-01-15T00:00:00+07:00", doc["publishedDate"]
assert doc["uri"] == "urn:oc4ids-dt227:package:2024-01-15", doc["uri"]
assert doc["version"] == "0.9" and \
    doc["publisher"]["name"] == "Đại Từ works tracker", doc["publisher"]

# Every amount in the file is a JSON integer of VND.
def amounts(o, path="$"):
    if isinstance(o, dict):
        if "currency" in o:
            assert o["currency"] == "VND", path
            assert type(o["amount"]) is int, (path, o["amount"])
        for k, v in o.items():
            amounts(v, path + "." + k)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            amounts(v, "%s[%d]" % (path, i))
amounts(doc)

road, bridge, health = (p["oc4ids-dt227-" + c]
                        for c in ("T-ROAD", "T-BRIDGE", "T-HEALTH"))
assert road["title"] == "Đường GTNT xóm Trung Tâm", road["title"]
assert (road["type"], bridge["type"]) == ("construction", "rehabilitation")
assert "type" not in health, health.get("type")
assert road["sector"] == ["transport", "transport.road"], road["sector"]
assert health["sector"] == ["health"], health["sector"]
assert (road["status"], bridge["status"], health["status"]) == \
    ("completion", "preparation", "maintenance")
assert health["description"].startswith("ILLUSTRATIVE sample work"), \
    health["description"]
assert "ILLUSTRATIVE" not in road["description"], road["description"]

# Budget: the sum of the allocations to the đồng, broken down by source.
b = road["budget"]
assert b["amount"] == {"amount": road_sum, "currency": "VND"}, b["amount"]
lines = b["budgetBreakdowns"][0]["budgetBreakdown"]
assert sum(l["amount"]["amount"] for l in lines) == road_sum, lines
ids = sorted(l["id"] for l in lines)
assert ids == ["da4-tda1/central/investment/2022",
               "da4-tda1/central/investment/2023",
               "da4-tda1/local/investment/2022"], ids
local = [l for l in lines if "/local/" in l["id"]][0]
assert local["amount"]["amount"] == 123456789, local
for want in ("da4-tda1", "Tiểu dự án 1", "Đầu tư cơ sở hạ tầng thiết yếu",
             "ngân sách địa phương", "227/KH-UBND"):
    assert want in local["description"], (want, local["description"])
assert local["approvalDate"] == "2022-10-11T00:00:00+07:00", local
assert local["period"]["endDate"] == "2022-12-31T23:59:59+07:00", local
funder = [x for x in road["parties"] if x["id"] == local["sourceParty"]["id"]]
assert funder and funder[0]["name"] == "UBND huyện Đại Từ" and \
    funder[0]["roles"] == ["funder"], funder
assert "budget" not in health, health.get("budget")
# The bridge investor issued the plan too: one party, both roles.
(inv,) = [x for x in bridge["parties"] if x["name"] == "UBND huyện Đại Từ"]
assert inv["roles"] == ["publicAuthority", "buyer", "procuringEntity",
                        "funder"], inv
assert bridge["publicAuthority"] == {"id": inv["id"], "name": inv["name"]}

# Transactions: the rise of the cumulative disbursement, event by event
# (none for the 15/9 event that repeats the figure; a correction down is
# negative); financial progress keeps the cumulative figures.
tx = [(t["date"][:10], t["value"]["amount"]) for t in road["transactions"]]
assert tx == [("2023-03-01", 200000000), ("2023-06-30", 450000000),
              ("2023-11-20", road_rise), ("2023-12-05", -50000000)], tx
metrics = {m["id"]: m for m in road["metrics"]}
fin = [(o["period"]["startDate"][:10], o["value"]["amount"], o["measure"])
       for o in metrics["financialProgress"]["observations"]]
assert fin[1] == ("2023-06-30", 650000000, 54.2), fin
last = metrics["financialProgress"]["observations"][-1]
assert last["value"]["amount"] == 1000000000 and last["notes"] == \
    "Đính chính (correction): số liệu giải ngân tháng 11 sai", last
assert [o["measure"] for o in metrics["physicalProgress"]["observations"]] \
    == [10, 55.5, 80, 100], metrics["physicalProgress"]
assert all(o["unit"]["id"] == "P1"
           for o in metrics["physicalProgress"]["observations"])
ms = [(m["type"], m["status"], m["dateMet"][:10]) for m in road["milestones"]]
assert ms == [("delivery", "met", "2023-03-01"),
              ("delivery", "met", "2023-11-20")], ms
assert road["completion"] == {"endDate": "2023-11-20T00:00:00+07:00"}, \
    road.get("completion")
assert "completion" not in bridge and "transactions" not in bridge

# Parties and contracting processes.
parties = {x["id"]: x for x in road["parties"]}
mst = parties["VN-MST-4600123456"]
assert mst["identifier"] == {"scheme": "VN-MST", "id": "4600123456",
                             "legalName": "Công ty TNHH Xây dựng Minh Tâm"}, mst
assert mst["name"] == "Công ty TNHH Xây dựng Minh Tâm" and \
    mst["roles"] == ["supplier"], mst
branch = parties["VN-MST-0101234567-001"]
assert branch["identifier"]["id"] == "0101234567-001", branch
assert len([x for x in road["parties"] if "supplier" in x["roles"]]) == 2, \
    "the supervisor with two contracts is one party"
cps = {c["id"]: c["summary"] for c in road["contractingProcesses"] +
       bridge["contractingProcesses"]}
c1 = cps["HĐ-01/2023-TC"]
assert (c1["status"], c1["tender"]["procurementMethod"], c1["nature"]) == \
    ("active", "limited", ["construction"]), c1
assert c1["suppliers"] == [{"id": "VN-MST-4600123456",
                            "name": "Công ty TNHH Xây dựng Minh Tâm"}], c1
assert c1["contractValue"] == {"amount": 1100000000, "currency": "VND"}
assert c1["contractPeriod"] == {"startDate": "2023-02-15T00:00:00+07:00",
                                "endDate": "2023-10-30T23:59:59+07:00"}, c1
assert c1["tender"]["procuringEntity"]["name"] == "UBND xã Phúc Lương", c1
assert "Thi công đường GTNT xóm Trung Tâm" in c1["description"], c1
c2 = cps["HĐ-02/2023-GS"]
assert (c2["status"], c2["tender"]["procurementMethod"], c2["nature"]) == \
    ("active", "direct", ["supervision"]), c2
c3 = cps["HĐ-03/2022-TK"]
assert (c3["status"], c3["tender"]["procurementMethod"], c3["nature"]) == \
    ("closed", "open", ["design"]), c3
assert c3["suppliers"][0]["id"] == "VN-MST-0101234567-001", c3
c4 = cps["HĐ-04/2023-CĐ"]
assert (c4["status"], c4["tender"]["procurementMethod"]) == \
    ("pre-award", "direct"), c4
assert c4["tender"]["procurementMethodDetails"] == \
    "community-implemented (cộng đồng thực hiện)", c4
(community,) = [x for x in bridge["parties"]
                if x["id"] == c4["suppliers"][0]["id"]]
assert "identifier" not in community, community
assert c4["contractPeriod"] == {"startDate": "2023-05-01T00:00:00+07:00"}
c5 = cps["HĐ-05/2023-MS"]
assert c5["status"] == "closed" and "nature" not in c5 and \
    "procurementMethod" not in c5["tender"] and \
    "contractPeriod" not in c5, c5
(shop,) = [x for x in bridge["parties"] if x["id"] == c5["suppliers"][0]["id"]]
assert "identifier" not in shop, "ABC is no tax code: %r" % shop
assert "contractingProcesses" not in health

# Locations: the line as a LineString, the point as a Point, lon/lat; the
# commune in the gazetteer and the address; approximate points say so.
(loc,) = road["locations"]
assert loc["geometry"] == {"type": "LineString", "coordinates": [
    [105.614, 21.747], [105.6171234, 21.7486], [105.62, 21.75]]}, loc
assert loc["gazetteer"] == {"scheme": "VN-DVHC", "identifiers": ["05767"]}
assert loc["address"]["locality"] == "Xã Phúc Lương", loc["address"]
assert "Phúc Lương" in loc["description"] and \
    "APPROXIMATE" not in loc["description"], loc["description"]
(bl,) = bridge["locations"]
assert bl["geometry"] == {"type": "Point", "coordinates": [105.6189, 21.6458]}
(wl,) = p["oc4ids-dt227-T-WAIT"]["locations"]
assert "geometry" not in wl and "not yet located" in wl["description"], wl
assert wl["address"]["streetAddress"] == "xóm Đồng Đình", wl["address"]
assert wl["gazetteer"]["identifiers"] == ["05815"], wl
assert "type" not in p["oc4ids-dt227-T-WAIT"], "work_type unknown: no type"
assert "APPROXIMATE" in bl["description"] and \
    "IATI precision 3" in bl["description"], bl["description"]
' out.json "$ROAD_SUM" "$ROAD_RISE"

describe "export oc4ids --uri"
expect_tracker 0 export oc4ids out2.json --db db.sqlite \
    --uri https://example.org/dai-tu/oc4ids-2024.json
py '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["uri"] == "https://example.org/dai-tu/oc4ids-2024.json", doc["uri"]
' out2.json
validate out2.json

describe "export oc4ids without TRACKER_TODAY"
expect_exit 0 env -u TRACKER_TODAY "$TRACKER" export oc4ids now.json \
    --db db.sqlite
py '
import json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
d = doc["publishedDate"]
assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", d), d
assert doc["uri"] == "urn:oc4ids-dt227:package:" + d[:10], doc["uri"]
' now.json
validate now.json

describe "export oc4ids replaces an older file"
printf 'old\n' >old.json
expect_tracker 0 export oc4ids old.json --db db.sqlite
check "old.json is the new package" cmp -s out.json old.json

# --- the demo's sample works ----------------------------------------------
describe "export oc4ids of the demo database"
"$TRACKER" demo --out demo --db demo.sqlite >/dev/null 2>"$WORK/.demo-err" ||
    die "tracker demo: $(cat "$WORK/.demo-err")"
NWORKS=$(sql demo.sqlite "SELECT count(*) FROM work")
NLINES=$(sql demo.sqlite "SELECT count(*) FROM work_line")
NPLAIN=$(sql demo.sqlite "SELECT count(*) FROM work WHERE NOT illustrative")
expect_eq "$NPLAIN" 0 "demo works not marked illustrative"
expect_tracker 0 export oc4ids demo.json --db demo.sqlite
expect_stdout_contains "$NWORKS projects"
validate demo.json
py '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(doc["projects"]) == int(sys.argv[2]), len(doc["projects"])
plain = [p["id"] for p in doc["projects"]
         if not p["description"].startswith("ILLUSTRATIVE sample work")]
assert not plain, "not marked illustrative: %s" % plain
lines = [p["id"] for p in doc["projects"]
         if p["locations"][0]["geometry"]["type"] == "LineString"]
assert len(lines) == int(sys.argv[3]), lines
' demo.json "$NWORKS" "$NLINES"

# --- a database without works ---------------------------------------------
describe "export oc4ids: no works"
init_db empty.sqlite
expect_tracker 1 export oc4ids none.json --db empty.sqlite
expect_error_line "no works to export"
expect_stdout_empty
check "a package was written for no works" test ! -e none.json

# --- bad input --------------------------------------------------------------
describe "export oc4ids without FILE"
expect_tracker 2 export oc4ids --db db.sqlite
expect_error_line "give the file to write"
expect_stdout_empty

describe "export oc4ids with two files"
expect_tracker 2 export oc4ids a.json b.json --db db.sqlite
expect_error_line "give the file to write"
check "a usage error wrote a.json" test ! -e a.json

describe "export without a format"
expect_tracker 2 export --db db.sqlite
expect_error_line "give a format"

describe "export oc4ids --uri (not a URI)"
expect_tracker 2 export oc4ids u.json --db db.sqlite --uri 'not a uri'
expect_error_line "--uri" "not a uri"
check "a usage error wrote u.json" test ! -e u.json

describe "export geojson --uri"
expect_tracker 2 export geojson gj --db db.sqlite --uri urn:x:y
expect_error_line "--uri" "oc4ids"
check "a usage error created gj/" test ! -e gj

describe "export oc4ids into a missing directory"
expect_tracker 1 export oc4ids nodir/sub/out.json --db db.sqlite
expect_error_line "cannot write 'nodir/sub/out.json'" \
    "No such file or directory"
check "nodir/ was created" test ! -e nodir

describe "export oc4ids below a regular file"
printf 'x\n' >plain.txt
expect_tracker 1 export oc4ids plain.txt/out.json --db db.sqlite
expect_error_line "cannot write 'plain.txt/out.json'"

describe "export oc4ids onto a directory"
mkdir adir
expect_tracker 1 export oc4ids adir --db db.sqlite
expect_error_line "cannot write 'adir'" "Is a directory"
check "adir/ is still a directory" test -d adir

describe "export oc4ids with a bad TRACKER_TODAY"
expect_exit 1 env TRACKER_TODAY=2024-13-45 "$TRACKER" export oc4ids t.json \
    --db db.sqlite
expect_error_line "TRACKER_TODAY" "2024-13-45"
check "t.json was written" test ! -e t.json

# --- the validator is no rubber stamp -------------------------------------
# broken NAME PYTHON: a copy of out.json with one fault, made by PYTHON on
# doc (the package) and r (the project of T-ROAD).
broken() {
    "$PYTHON" -c '
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
r = doc["projects"][2]
assert r["id"] == "oc4ids-dt227-T-ROAD", r["id"]
exec(sys.argv[3])
json.dump(doc, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
' out.json "$1" "$2" || die "cannot make $1"
}
# rejects FILE TEXT...: the validator exits 1 naming every TEXT.
rejects() {
    _f=$1
    shift
    expect_exit 1 "$PYTHON" "$VALIDATE" "$SCHEMAS" "$_f"
    expect_stderr_contains "$@"
}
broken bad-status.json 'r["status"] = "done"'
broken bad-amount.json 'r["budget"]["amount"]["amount"] = "1199999999"'
broken bad-currency.json 'r["budget"]["amount"]["currency"] = "VNĐ"'
broken bad-process.json \
    'r["contractingProcesses"][0]["summary"]["status"] = "completed"'
broken bad-method.json 'r["contractingProcesses"][0]["summary"]["tender"][
    "procurementMethod"] = "community"'
broken bad-date.json 'r["transactions"][0]["date"] = "2023-02-30T00:00:00Z"'
broken bad-day.json 'r["transactions"][0]["date"] = "2023-03-01"'
broken bad-geometry.json 'r["locations"][0]["geometry"]["type"] = "Line"'
broken bad-empty.json 'doc["projects"] = []'
broken bad-dup.json 'doc["projects"][1]["id"] = doc["projects"][0]["id"]'
broken bad-ref.json 'r["contractingProcesses"][0]["summary"]["suppliers"][0][
    "id"] = "VN-MST-9999999999"'
broken bad-uri.json 'doc["uri"] = "no uri here"'
broken bad-empty-array.json 'r["milestones"] = []'

describe "validator: wrong project status"
rejects bad-status.json '$.projects[2].status' "'done'"
describe "validator: amount as a string"
rejects bad-amount.json '$.projects[2].budget.amount.amount' "not of type"
describe "validator: currency outside the codelist"
rejects bad-currency.json '$.projects[2].budget.amount.currency'
describe "validator: contracting process status outside the codelist"
rejects bad-process.json \
    '$.projects[2].contractingProcesses[0].summary.status' "'completed'"
describe "validator: procurement method outside the codelist"
rejects bad-method.json \
    '$.projects[2].contractingProcesses[0].summary.tender.procurementMethod'
describe "validator: a date that does not exist"
rejects bad-date.json '$.projects[2].transactions[0].date' "date-time"
describe "validator: a date without its time"
rejects bad-day.json '$.projects[2].transactions[0].date' "date-time"
describe "validator: geometry type outside the codelist"
rejects bad-geometry.json '$.projects[2].locations[0].geometry.type'
describe "validator: a package without projects"
rejects bad-empty.json '$.projects'
describe "validator: two projects with one id"
rejects bad-dup.json '$.projects[1].id' "unique"
describe "validator: a supplier that is no party"
rejects bad-ref.json \
    '$.projects[2].contractingProcesses[0].summary.suppliers[0].id' \
    "names no party"
describe "validator: a uri that is none"
rejects bad-uri.json '$.uri' "uri"
describe "validator: an empty array"
rejects bad-empty-array.json '$.projects[2].milestones'

describe "validator: duplicate keys"
printf '{"uri": "urn:a:b", "uri": "urn:a:c"}' >dup-keys.json
rejects dup-keys.json "duplicate key"
describe "validator: usage"
expect_exit 2 "$PYTHON" "$VALIDATE" "$SCHEMAS"
expect_exit 2 "$PYTHON" "$VALIDATE" "$SCHEMAS" missing.json
expect_exit 2 "$PYTHON" "$VALIDATE" "$WORK" out.json

finish
