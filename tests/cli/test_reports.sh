# test_reports.sh: `tracker report budget` and `tracker report works` on
# the demo's 15 illustrative works plus allocations, contracts and
# progress events written here with plain SQL.  Checks:
#   (a) the budget report's figures equal sums taken from the tables with
#       SQL (allocated per line and per source, contracted, disbursed,
#       the works with no allocated money, totals), and each line's
#       contracted and disbursed parts equal a largest-remainder split
#       recomputed here in exact integers;
#   (b) the XLSX workbooks, read back by GDAL's XLSX driver, hold the
#       same figures as numeric cells, with the title, header and
#       "Số liệu minh họa" rows;
#   (c) table, CSV and JSON show the same cells;
#   (d) bad input is refused with one clear error and the right exit
#       code, leaving the database and any earlier report as they were.
set -eu
. "$(dirname "$0")/lib.sh"

DB=d.sqlite
"$TRACKER" demo --db $DB --out demo >/dev/null 2>"$WORK/.demo-err" ||
    die "tracker demo failed: $(cat "$WORK/.demo-err")"

# Money on top of the demo's own: a work on three lines and sources with
# odd amounts that do not split evenly, a 0 VND allocation, a work whose
# only allocation is 0 VND and one with none (both "not allocated"),
# contracts of every status, cumulative disbursements with a later event
# that reports none and a correction.  The checks below take every figure
# from the tables, so they hold whatever the demo itself holds.
spatial_sql $DB "
BEGIN;
CREATE TEMP TABLE w AS SELECT id, code FROM work;
INSERT INTO allocation (work_id, budget_line_id, year, funding_source,
  capital_type, amount_vnd) VALUES
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), 'da1', 2022, 'local',
  'recurrent', 333333333),
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), 'da8', 2022, 'other',
  'unknown', 77777777),
 ((SELECT id FROM w WHERE code = 'MH-2022-06'), 'da8', 2022, 'local',
  'recurrent', 0);
UPDATE allocation SET amount_vnd = 0
  WHERE work_id = (SELECT id FROM w WHERE code = 'MH-2022-14');
INSERT INTO contract (work_id, code, contractor, method, value_vnd,
  signed_on, due_on, status, purpose) VALUES
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), 'T-HD-07',
  'Công ty TNHH Xây dựng Thử', 'open', 1234567891, '2022-01-10',
  '2023-12-31', 'active', 'construction'),
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), 'T-HD-07-TK',
  'Công ty Tư vấn Thử', 'direct', 999, '2022-01-05', NULL, 'cancelled',
  'design'),
 ((SELECT id FROM w WHERE code = 'MH-2022-12'), 'T-HD-12',
  'Công ty CP Thử', 'limited', 1999999999, '2022-02-01', '2023-11-30',
  'pending', 'construction'),
 ((SELECT id FROM w WHERE code = 'MH-2022-12'), 'T-HD-12-B',
  'HTX Thử', 'community', 600000000, '2022-01-01', NULL, 'terminated',
  'construction'),
 ((SELECT id FROM w WHERE code = 'MH-2022-14'), 'T-HD-14',
  'Tổ hợp tác Thử', 'community', 140000001, '2022-01-15', NULL, 'active',
  'construction'),
 ((SELECT id FROM w WHERE code = 'MH-TYT-01'), 'T-HD-15',
  'Công ty Thiết bị Thử', 'open', 250000000, '2022-01-20', NULL, 'active',
  'goods');
INSERT INTO progress_event (work_id, event_date, physical_pct,
  disbursed_vnd, correction, note) VALUES
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), '2023-04-01', 30,
  300000000, 0, 'đợt 1'),
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), '2023-05-01', 55,
  700000001, 0, 'đợt 2'),
 ((SELECT id FROM w WHERE code = 'MH-2022-07'), '2023-05-15', 60, NULL, 0,
  'khối lượng'),
 ((SELECT id FROM w WHERE code = 'MH-2022-12'), '2023-05-01', 40,
  500000000, 0, ''),
 ((SELECT id FROM w WHERE code = 'MH-2022-12'), '2023-05-02', NULL,
  450000000, 1, 'điều chỉnh'),
 ((SELECT id FROM w WHERE code = 'MH-2022-14'), '2023-03-01', 50,
  70000000, 0, ''),
 ((SELECT id FROM w WHERE code = 'MH-TYT-01'), '2023-01-10', 10,
  100000000, 0, '');
COMMIT;" >/dev/null || die "test data SQL failed"
DIGEST=$(db_digest $DB)
TODAY=2023-06-01

# ---- figures straight from the tables --------------------------------
CONTRACTED=$(sql $DB "SELECT sum(value_vnd) FROM contract WHERE status IN
    ('pending','active','terminated')")
DISBURSED=$(sql $DB "SELECT sum(disbursed_vnd) FROM work_state")
ALLOCATED=$(sql $DB "SELECT sum(amount_vnd) FROM allocation")
UNALLOC=$(sql $DB "SELECT count(*) || ' ' || coalesce(sum((SELECT
    coalesce(sum(value_vnd), 0) FROM contract c WHERE c.work_id = w.id AND
    c.status IN ('pending','active','terminated'))), 0) || ' ' || coalesce(sum((SELECT
    disbursed_vnd FROM work_state s WHERE s.work_id = w.id)), 0) FROM work w
    WHERE coalesce((SELECT sum(amount_vnd) FROM allocation a WHERE
    a.work_id = w.id), 0) = 0")
echo "SQL: contracted $CONTRACTED, disbursed $DISBURSED, allocated" \
    "$ALLOCATED; not allocated (works, contracted, disbursed): $UNALLOC"

# The reports in every format.
for f in table csv json; do
    expect_tracker 0 report budget --db $DB --today $TODAY --format $f \
        --output budget.$f
    expect_stdout_empty
    expect_stderr_empty
    expect_tracker 0 report works --db $DB --today $TODAY --format $f \
        --output works.$f
    expect_stderr_empty
done
expect_tracker 0 report budget --db $DB --today $TODAY --format xlsx \
    --output budget.xlsx
expect_stderr_empty
expect_tracker 0 report works --db $DB --today $TODAY --format xlsx \
    --output works.xlsx
expect_stderr_empty
# stdout and --output hold the same report.
expect_tracker 0 report budget --db $DB --today $TODAY
check "report budget to stdout differs from --output" cmp -s "$OUT" budget.table
expect_tracker 0 report works --db $DB --today $TODAY --format json
check "report works to stdout differs from --output" cmp -s "$OUT" works.json

describe "report budget (table)"
slurp budget.table
for t in "KẾ HOẠCH 227/KH-UBND NĂM 2022" "Số liệu minh họa" "TT" "Nội dung" \
    "Kế hoạch vốn" "Đã phân bổ" "Giá trị hợp đồng" "Giải ngân" "Tỷ lệ %" \
    "Công trình chưa phân bổ vốn" "TỔNG CỘNG" "Ngân sách trung ương" \
    "Vốn đầu tư phát triển"; do
    if has "$t"; then pass; else fail "the budget table lacks '$t'"; fi
done
# The plan's totals: 16.654,0 central + 1.206,0 local = 17.860,0.
if printf '%s' "$SLURP" | grep -Eq \
    'TỔNG CỘNG +15 +16\.654,0 +1\.206,0 +17\.860,0 '; then
    pass
else
    fail "no total row reads 15 16.654,0 1.206,0 17.860,0"
fi

# ---- (a) the budget report against SQL -------------------------------
describe "report budget: figures against the tables"
py '
import json, sqlite3, sys
from fractions import Fraction
doc = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
q = lambda sql: db.execute(sql).fetchall()

rows = doc["lines"]
lines = {r["line"]: r for r in rows if r["kind"] == "line"}
(unalloc,) = [r for r in rows if r["kind"] == "unallocated"]
(total,) = [r for r in rows if r["kind"] == "total"]
assert [r["kind"] for r in rows][-2:] == ["unallocated", "total"]

# Plan columns: the budget lines.
for id_, c, l in q("SELECT id, central_vnd, local_vnd FROM budget_line"
                   " WHERE central_vnd IS NOT NULL"):
    r = lines[id_]
    assert (r["plan_central_vnd"], r["plan_local_vnd"],
            r["plan_total_vnd"]) == (c, l, c + l), r

# Allocated per line and source.
want = {}
for line, src, amount in q("SELECT budget_line_id, funding_source,"
                           " sum(amount_vnd) FROM allocation GROUP BY 1, 2"):
    key = {"central": "allocated_central_vnd", "local":
           "allocated_local_vnd"}.get(src, "allocated_other_vnd")
    want.setdefault(line, {}).setdefault(key, 0)
    want[line][key] += amount
for id_, r in lines.items():
    w = want.get(id_, {})
    for key in ("allocated_central_vnd", "allocated_local_vnd",
                "allocated_other_vnd"):
        assert r[key] == w.get(key, 0), (id_, key, r[key], w)
    assert r["allocated_total_vnd"] == sum(w.values()), r
    (n,) = q("SELECT count(DISTINCT work_id) FROM allocation WHERE"
             " amount_vnd > 0 AND budget_line_id = %r" % id_)[0]
    assert r["works"] == n, (id_, r["works"], n)

# Contracted and disbursed per work, from the tables.
works = {}
for wid, c, d in q("SELECT w.id, (SELECT coalesce(sum(value_vnd), 0) FROM"
                   " contract c WHERE c.work_id = w.id AND c.status IN"
                   " (\"pending\", \"active\", \"terminated\")), coalesce((SELECT"
                   " disbursed_vnd FROM progress_event e WHERE e.work_id ="
                   " w.id AND disbursed_vnd IS NOT NULL ORDER BY event_date"
                   " DESC, id DESC LIMIT 1), 0) FROM work w"):
    works[wid] = (c, d)
allocs = {}
for wid, line, amount in q("SELECT work_id, budget_line_id, amount_vnd FROM"
                           " allocation ORDER BY work_id, id"):
    allocs.setdefault(wid, []).append((line, amount))

def split(amount, weights):
    """Largest remainder in exact fractions; ties to the earlier part."""
    total = sum(weights)
    shares = [Fraction(amount * w, total) for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] -
                   parts[i]), i))
    for i in order[:amount - sum(parts)]:
        parts[i] += 1
    assert sum(parts) == amount
    return parts

got = {id_: [0, 0] for id_ in lines}
free = [0, 0, 0]
for wid, (c, d) in works.items():
    al = allocs.get(wid, [])
    if sum(a for _, a in al) == 0:
        free = [free[0] + 1, free[1] + c, free[2] + d]
        continue
    for k, fig in enumerate((c, d)):
        for (line, _), part in zip(al, split(fig, [a for _, a in al])):
            got[line][k] += part
for id_, r in lines.items():
    assert [r["contracted_vnd"], r["disbursed_vnd"]] == got[id_], \
        (id_, r["contracted_vnd"], r["disbursed_vnd"], got[id_])
    if r["plan_total_vnd"]:
        assert abs(r["disbursed_rate_pct"] - 100 * r["disbursed_vnd"] /
                   r["plan_total_vnd"]) <= 0.05, r

assert [unalloc["works"], unalloc["contracted_vnd"],
        unalloc["disbursed_vnd"]] == free, (unalloc, free)
assert unalloc["allocated_total_vnd"] is None, unalloc

# Totals: the tables, and the rows above them.
(contracted,) = q("SELECT sum(value_vnd) FROM contract WHERE status IN"
                  " (\"pending\", \"active\", \"terminated\")")[0]
(disbursed,) = q("SELECT sum(disbursed_vnd) FROM work_state")[0]
(allocated,) = q("SELECT sum(amount_vnd) FROM allocation")[0]
assert [contracted, disbursed, allocated] == \
    [int(x) for x in sys.argv[3:6]], "python and sqlite3 disagree"
assert [total["contracted_vnd"], total["disbursed_vnd"],
        total["allocated_total_vnd"]] == [contracted, disbursed, allocated], \
    total
assert [unalloc["works"], unalloc["contracted_vnd"],
        unalloc["disbursed_vnd"]] == [int(x) for x in sys.argv[6].split()]
assert total["plan_total_vnd"] == 17860000000, total
assert (total["plan_central"], total["plan_local"], total["plan_total"]) == \
    ("16.654,0", "1.206,0", "17.860,0"), total
for key in ("contracted_vnd", "disbursed_vnd", "allocated_total_vnd",
            "plan_central_vnd", "plan_local_vnd"):
    assert total[key] == sum(r[key] or 0 for r in rows[:-1]), key
assert abs(total["disbursed_rate_pct"] - 100 * disbursed / 17860000000) \
    <= 0.05
assert doc["work_count"] == 15 and doc["illustrative_works"] == 15
assert doc["unallocated_works"] == free[0] >= 2
assert "Số liệu minh họa" in doc["note"]

# By funding source and capital type: allocations and section III.
src = doc["by_source"]
parts = {(r["funding_source"], r["capital_type"]): r for r in src
         if r["kind"] == "source"}
plan = {(s, c): a for s, c, a in q("SELECT funding_source, capital_type,"
                                   " amount_vnd FROM plan_total")}
alloc = {(s, c): a for s, c, a in q("SELECT funding_source, capital_type,"
                                    " sum(amount_vnd) FROM allocation"
                                    " GROUP BY 1, 2")}
assert set(parts) == set(plan) | set(alloc), (sorted(parts), alloc)
for key, r in parts.items():
    assert r["plan_total_vnd"] == plan.get(key), (key, r)
    assert r["allocated_total_vnd"] == alloc.get(key, 0), (key, r)
for r in src:
    if r["kind"] == "subtotal":
        mine = [p for k, p in parts.items() if k[0] == r["funding_source"]]
        for key in ("allocated_total_vnd", "contracted_vnd",
                    "disbursed_vnd"):
            assert r[key] == sum(p[key] for p in mine), (r, key)
(stotal,) = [r for r in src if r["kind"] == "total"]
(sfree,) = [r for r in src if r["kind"] == "unallocated"]
assert (stotal["contracted_vnd"], stotal["disbursed_vnd"],
        stotal["allocated_total_vnd"], stotal["plan_total_vnd"]) == \
    (contracted, disbursed, allocated, 17860000000), stotal
assert (sfree["contracted_vnd"], sfree["disbursed_vnd"]) == tuple(free[1:])
assert sum(r["contracted_vnd"] for r in parts.values()) + free[1] == \
    contracted
central = [r for r in src if r["kind"] == "subtotal" and
           r["funding_source"] == "central"][0]
assert central["plan_total"] == "16.654,0", central
' budget.json $DB "$CONTRACTED" "$DISBURSED" "$ALLOCATED" "$UNALLOC"

# ---- (c) table, CSV and JSON agree -----------------------------------
describe "report budget: table, csv and json agree"
py '
import csv, json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
table = open(sys.argv[3], encoding="utf-8").read().splitlines()
flat = [(sec, r) for sec in ("lines", "by_source") for r in doc[sec]]
assert len(rows) == len(flat), (len(rows), len(flat))
for c, (sec, j) in zip(rows, flat):
    assert c["section"] == sec and c["kind"] == j["kind"], (c, j)
    for key, v in j.items():
        if v is None:
            assert c[key] == "", (key, c[key])
        elif isinstance(v, float):
            assert abs(float(c[key]) - v) < 1e-9, (key, c[key], v)
        else:
            assert c[key] == str(v), (key, c[key], v)

def shown(r, keys):
    out = []
    for k in keys:
        v = r.get(k)
        if v is None:
            continue
        if k.endswith("_pct"):
            v = ("%.1f" % v).replace(".", ",")
        out.append(str(v))
    return out

money = ["works", "plan_central", "plan_local", "plan_total",
         "allocated_central", "allocated_local", "allocated_other",
         "allocated_total", "contracted", "disbursed", "disbursed_rate_pct"]
for r in doc["lines"]:
    if r["kind"] == "line":
        (row,) = [l for l in table if re.match(r"\d+ +%s " % re.escape(
            r["line"]), l)]
    elif r["kind"] == "total":
        row = [l for l in table if " TỔNG CỘNG " in l][0]
    else:
        # Section I comes first; section II has a row of the same name.
        row = [l for l in table if "Công trình chưa phân bổ vốn" in l][0]
    cells = re.split(r" {2,}", row.strip())
    want = shown(r, money)
    assert cells[-len(want):] == want, (cells, want)
' budget.json budget.csv budget.table

# ---- works report -----------------------------------------------------
describe "report works: figures against the tables"
py '
import json, sqlite3, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[2])
rows = doc["works"]
works = [r for r in rows if r["kind"] == "work"]
(total,) = [r for r in rows if r["kind"] == "total"]
assert [r["code"] for r in works] == sorted(c for (c,) in db.execute(
    "SELECT code FROM work")), "works and their order"
for r in works:
    (wid, ill) = db.execute("SELECT id, illustrative FROM work WHERE"
                            " code = ?", (r["code"],)).fetchone()
    (a,) = db.execute("SELECT sum(amount_vnd) FROM allocation WHERE"
                      " work_id = ?", (wid,)).fetchone()
    (c,) = db.execute("SELECT sum(value_vnd) FROM contract WHERE work_id = ?"
                      " AND status IN (\"pending\", \"active\", \"terminated\")",
                      (wid,)).fetchone()
    (d,) = db.execute("SELECT disbursed_vnd FROM work_state WHERE"
                      " work_id = ?", (wid,)).fetchone()
    assert (r["allocated_vnd"], r["contracted_vnd"], r["disbursed_vnd"]) == \
        (a, c, d), (r["code"], r, a, c, d)
    assert r["illustrative"] is bool(ill) is True, r
    n = db.execute("SELECT count(*) FROM contract WHERE work_id = ?",
                   (wid,)).fetchone()[0]
    assert (r["contractors"] or "").count(";") == max(n - 1, 0), r
for key in ("allocated_vnd", "contracted_vnd", "disbursed_vnd"):
    assert total[key] == sum(r[key] or 0 for r in works), key
assert (total["contracted_vnd"], total["disbursed_vnd"]) == \
    (int(sys.argv[3]), int(sys.argv[4])), total
code = {r["code"]: r for r in works}
w7 = code["MH-2022-07"]
assert w7["contractors"].startswith("Công ty Tư vấn Thử; Công ty TNHH Xây"
                                    " dựng Thử"), w7
assert w7["contract_status"].startswith("Đã hủy; Đang thực hiện"), w7
assert w7["physical_pct"] == 60.0 and w7["disbursed_vnd"] == 700000001, w7
assert code["MH-2022-12"]["disbursed"] == "450,0", code["MH-2022-12"]
w15 = code["MH-TYT-01"]
assert w15["allocated_vnd"] is None and w15["contracted"] == "250,0", w15
# Flags as trk_flags_view gives them for the day, joined in flag order.
for r in works:
    assert (r["flags"] or "").split(",") == sorted((r["flags"] or "").split(
        ",")), r
for r in works:
    if r["contract_status"] == "Chưa có hợp đồng" and \
            (r["allocated_vnd"] or 0) > 0 and r["status"] not in \
            ("completion", "maintenance", "cancelled"):
        assert "no_contract" in (r["flags"] or ""), r
        assert "Đã bố trí vốn, chưa ký hợp đồng" in r["flags_vi"], r
assert "no_contract" not in (w7["flags"] or ""), w7
' works.json $DB "$CONTRACTED" "$DISBURSED"

describe "report works: table, csv and json agree"
py '
import csv, json, re, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
table = open(sys.argv[3], encoding="utf-8").read().splitlines()
assert len(rows) == len(doc["works"])
for c, j in zip(rows, doc["works"]):
    assert c["kind"] == j["kind"]
    for key, v in j.items():
        if v is None:
            assert c[key] == "", (key, c[key])
        elif isinstance(v, bool):
            assert c[key] == str(v).lower(), (key, c[key])
        elif isinstance(v, float):
            assert abs(float(c[key]) - v) < 1e-9, (key, c[key], v)
        else:
            assert c[key] == str(v), (key, c[key], v)
for j in doc["works"]:
    if j["kind"] != "work":
        continue
    (row,) = [l for l in table if re.match(r"\d+ +%s " % re.escape(
        j["code"]), l)]
    nums = []
    if j["physical_pct"] is not None:
        nums.append(("%.1f" % j["physical_pct"]).replace(".", ","))
    nums += [j[k] for k in ("allocated", "contracted", "disbursed") if j[k]]
    assert re.search(" +".join(map(re.escape, nums)), row), (nums, row)
    assert j["status_vi"] in row and j["unit_name"] in row, row
    assert row.rstrip().endswith("Minh họa"), row
' works.json works.csv works.table
slurp works.table
for t in "KẾ HOẠCH 227/KH-UBND NĂM 2022" "Số liệu minh họa" "Mã công trình" \
    "Tên công trình" "Xã, thị trấn" "Tình trạng" "Nhà thầu" "Cảnh báo" \
    "TỔNG CỘNG" "Đã hủy; Đang thực hiện"; do
    if has "$t"; then pass; else fail "the works table lacks '$t'"; fi
done

# ---- (b) XLSX read back through GDAL ---------------------------------
describe "report budget --format xlsx, read by GDAL"
run ogr2ogr -f CSV xb budget.xlsx -oo HEADERS=DISABLE -oo FIELD_TYPES=STRING
expect_eq "$RC" 0 "ogr2ogr budget.xlsx"
run ogr2ogr -f CSV xw works.xlsx -oo HEADERS=DISABLE -oo FIELD_TYPES=STRING
expect_eq "$RC" 0 "ogr2ogr works.xlsx"
run ogrinfo -ro -so budget.xlsx
expect_stdout_contains "Theo dự án" "Theo nguồn vốn"
py '
import csv, json, os, re, sys, zipfile
import xml.etree.ElementTree as ET
doc = json.load(open(sys.argv[1], encoding="utf-8"))

def sheet(path):
    return list(csv.reader(open(path, encoding="utf-8", newline="")))[1:]

def header(rows, two):
    """Column names from the header rows (a group over its sub-headings)."""
    i = [r[0] for r in rows].index("TT")
    top, names, group = rows[i], [], ""
    for k, v in enumerate(top):
        if two and rows[i + 1][k]:
            group = v or group
            names.append(group + " " + rows[i + 1][k])
        else:
            names.append(v)
    return i + (2 if two else 1), names

def vnd(text):
    return round(float(text) * 1e6) if text != "" else None

rows = sheet("xb/Theo dự án.csv")
assert "KẾ HOẠCH 227/KH-UBND NĂM 2022" in rows[0][0], rows[0]
assert rows[0][0].startswith("BÁO CÁO TÌNH HÌNH THỰC HIỆN VỐN"), rows[0]
assert any(r[0].startswith("Số liệu minh họa") for r in rows[:4]), rows[:4]
start, names = header(rows, True)
for want in ("TT", "Mã dòng", "Nội dung", "Cơ quan chủ trì",
             "Kế hoạch vốn TW", "Kế hoạch vốn ĐP", "Kế hoạch vốn Tổng",
             "Đã phân bổ TW", "Đã phân bổ ĐP", "Đã phân bổ Tổng",
             "Giá trị hợp đồng", "Giải ngân", "Tỷ lệ %"):
    assert want in names, (want, names)
col = {n: k for k, n in enumerate(names)}
body = rows[start:]
assert len(body) == len(doc["lines"]), (len(body), len(doc["lines"]))
money = {"Kế hoạch vốn TW": "plan_central_vnd",
         "Kế hoạch vốn ĐP": "plan_local_vnd",
         "Kế hoạch vốn Tổng": "plan_total_vnd",
         "Đã phân bổ TW": "allocated_central_vnd",
         "Đã phân bổ ĐP": "allocated_local_vnd",
         "Đã phân bổ Khác, chưa rõ": "allocated_other_vnd",
         "Đã phân bổ Tổng": "allocated_total_vnd",
         "Giá trị hợp đồng": "contracted_vnd", "Giải ngân": "disbursed_vnd"}
for x, j in zip(body, doc["lines"]):
    assert x[col["Mã dòng"]] == (j["line"] or ""), (x, j)
    for name, key in money.items():
        assert vnd(x[col[name]]) == j[key], (name, x[col[name]], j[key])
    if j["disbursed_rate_pct"] is not None:
        assert abs(float(x[col["Tỷ lệ %"]]) - j["disbursed_rate_pct"]) \
            <= 0.05
total = body[-1]
assert total[col["Nội dung"]] == "TỔNG CỘNG", total
assert [vnd(total[col[n]]) for n in ("Kế hoạch vốn TW", "Kế hoạch vốn ĐP",
        "Kế hoạch vốn Tổng")] == [16654000000, 1206000000, 17860000000]

lines_start = start
rows = sheet("xb/Theo nguồn vốn.csv")
start, names = header(rows, False)
col = {n: k for k, n in enumerate(names)}
body = rows[start:]
assert len(body) == len(doc["by_source"])
for x, j in zip(body, doc["by_source"]):
    assert x[col["Nguồn vốn"]] == (j["funding_source_vi"] or ""), (x, j)
    assert vnd(x[col["Kế hoạch vốn (mục III)"]]) == j["plan_total_vnd"]
    assert vnd(x[col["Đã phân bổ"]]) == j["allocated_total_vnd"], (x, j)
    assert vnd(x[col["Giá trị hợp đồng"]]) == j["contracted_vnd"], (x, j)
    assert vnd(x[col["Giải ngân"]]) == j["disbursed_vnd"], (x, j)

# The money cells are numbers, not text (no t="s" or inlineStr).
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
with zipfile.ZipFile("budget.xlsx") as z:
    xml = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
numeric = 0
for c in xml.iterfind(".//m:c", ns):
    ref = re.match(r"([A-Z]+)(\d+)", c.get("r"))
    if ref.group(1) in ("G", "H", "I", "N", "O") and \
            int(ref.group(2)) > lines_start and c.find("m:v", ns) is not None:
        assert c.get("t") in (None, "n"), (c.get("r"), c.get("t"))
        numeric += 1
assert numeric >= 5 * 9, numeric
' budget.json
py '
import csv, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.reader(open("xw/Công trình.csv", encoding="utf-8",
                            newline="")))[1:]
assert "KẾ HOẠCH 227/KH-UBND NĂM 2022" in rows[0][0], rows[0]
assert any(r[0].startswith("Số liệu minh họa") for r in rows[:4])
i = [r[0] for r in rows].index("TT")
names = rows[i]
for want in ("Mã công trình", "Tên công trình", "Xã, thị trấn",
             "Loại công trình", "Tình trạng", "Khối lượng %", "Đã phân bổ",
             "Giá trị hợp đồng", "Giải ngân", "Nhà thầu",
             "Tình trạng hợp đồng", "Cảnh báo", "Minh họa"):
    assert want in names, (want, names)
col = {n: k for k, n in enumerate(names)}
body = rows[i + 1:]
assert len(body) == len(doc["works"])
vnd = lambda t: round(float(t) * 1e6) if t != "" else None
for x, j in zip(body, doc["works"]):
    assert x[col["Mã công trình"]] == (j["code"] or ""), (x, j)
    assert vnd(x[col["Đã phân bổ"]]) == j["allocated_vnd"], (x, j)
    assert vnd(x[col["Giá trị hợp đồng"]]) == j["contracted_vnd"], (x, j)
    assert vnd(x[col["Giải ngân"]]) == j["disbursed_vnd"], (x, j)
    assert x[col["Cảnh báo"]] == (j["flags_vi"] or ""), (x, j)
    assert x[col["Minh họa"]] == ("Minh họa" if j["illustrative"] else "")
assert body[-1][col["Tên công trình"]] == "TỔNG CỘNG"
' works.json

# ---- (d) bad input -----------------------------------------------------
describe "report: bad input"
printf 'old report\n' >keep.csv
umask 022
expect_tracker 2 report budget --db $DB --format xml --output keep.csv
expect_error_line "xml"
expect_tracker 2 report works --db $DB --format xlsx
expect_error_line "--output"
expect_tracker 2 report budget --db $DB --format xlsx
expect_error_line "--output"
expect_tracker 2 report payroll --db $DB
expect_error_line "payroll"
expect_tracker 2 report --db $DB
expect_error_line "report name"
expect_tracker 2 report budget works --db $DB
expect_error_line "one report"
expect_tracker 2 report works --db $DB --today 2023-13-45 --output keep.csv
expect_error_line "--today" "2023-13-45"
expect_tracker 2 report budget --db $DB --output $DB
expect_error_line "$DB"
expect_tracker 2 report budget --db $DB --output ''
expect_error_line "--output"
expect_tracker 1 report budget --db $DB --output no/such/dir/r.xlsx \
    --format xlsx
expect_error_line "cannot write" "no/such/dir/r.xlsx"
mkdir adir
expect_tracker 1 report budget --db $DB --output adir
expect_error_line "cannot write" "adir"
expect_tracker 1 report works --db missing.sqlite --output keep.csv
expect_error_line "missing.sqlite"
check "report created missing.sqlite" test ! -e missing.sqlite
if [ -w /dev/full ]; then
    run sh -c '"$0" report budget --db "$1" >/dev/full' "$TRACKER" $DB
    expect_eq "$RC" 1 "exit code writing to a full device"
    expect_error_line "cannot write"
fi
init_db empty.sqlite --empty
expect_tracker 1 report budget --db empty.sqlite --output keep.csv
expect_error_line "no plan"
slurp keep.csv
expect_eq "$SLURP" "old report
" "an earlier report after failed runs"
check "a failed run left a temporary file" \
    sh -c '! ls -A | grep -Eq "^\.(keep\.csv|adir|budget\.[a-z]+|works\.[a-z]+)\."'
check "adir was touched" test -z "$(ls -A adir)"
expect_tracker 0 report works --db empty.sqlite --format csv
expect_stdout_contains "kind,tt,code"
expect_tracker 0 report budget --db $DB --format csv --output keep.csv
check "report replaced by a complete one" grep -q '^lines,total,' keep.csv
expect_eq "$(stat -c %a keep.csv)" 644 "mode of the report file"
check "a run left a temporary file" sh -c '! ls -A | grep -q "^\.keep"'

describe "reports are read-only"
expect_db_unchanged $DB "$DIGEST"

finish
