# test_budget.sh: `tracker report budget` on a database with the plan and
# no works prints plan 227/KH-UBND's nine funded lines and totals
# (17.860,0 = 16.654,0 central + 1.206,0 local, million VND) as a table,
# JSON whose amounts add up to the plan's own section III totals, and
# CSV.  test_reports.sh covers allocations, contracts and disbursement.
set -eu
. "$(dirname "$0")/lib.sh"

LINES="da1 da4-tda1 da5-tda1 da5-tda3 da7 da8 da9-tda2 da10-tda1 da10-tda3"

init_db t.sqlite
DIGEST=$(db_digest t.sqlite)

describe "report budget (table)"
expect_tracker 0 report budget --db t.sqlite --today 2022-12-31
expect_stdout_contains "227/KH-UBND" "17.860,0" "16.654,0" "1.206,0" \
    "KẾ HOẠCH 227/KH-UBND NĂM 2022" "31/12/2022" "TT" "Nội dung" \
    "Kế hoạch vốn" "Đã phân bổ" "Giá trị hợp đồng" "Giải ngân" "Tỷ lệ %" \
    "TỔNG CỘNG" "Ngân sách trung ương" "Ngân sách địa phương"
# No works, so no note about illustrative ones.
expect_stdout_lacks "Số liệu minh họa"
expect_stderr_empty
slurp "$OUT"
for id in $LINES; do
    # Each line id is the second cell of a row: TT, then the id.
    if printf '%s' "$SLURP" | grep -Eq "^[0-9]+ +$id "; then pass; else
        fail "the table has no row for line '$id'"
    fi
done
# The total row: no works, then the plan's three totals in order.
if printf '%s' "$SLURP" | grep -Eq \
    'TỔNG CỘNG +0 +16\.654,0 +1\.206,0 +17\.860,0 '; then
    pass
else
    fail "no row reads TỔNG CỘNG 0 16.654,0 1.206,0 17.860,0"
fi
# Section III: central 16.654,0 and local 1.206,0 by capital type.
for row in '1 +Ngân sách trung ương +III\.1 +16\.654,0' \
    '1\.1 +Ngân sách trung ương +Vốn đầu tư phát triển +III\.1 +12\.924,0' \
    '1\.2 +Ngân sách trung ương +Vốn sự nghiệp +III\.1 +3\.730,0' \
    '2 +Ngân sách địa phương +III\.2 +1\.206,0' \
    '2\.1 +Ngân sách địa phương +Vốn đầu tư phát triển +III\.2 +647,0' \
    '2\.2 +Ngân sách địa phương +Vốn sự nghiệp +III\.2 +559,0'; do
    if printf '%s' "$SLURP" | grep -Eq "^$row "; then pass; else
        fail "no section III row matches '$row'"
    fi
done

describe "report budget --format json"
expect_tracker 0 report budget --db t.sqlite --format json
expect_stderr_empty
py '
import json, sys
from collections import defaultdict
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = sys.argv[2].split()
rows = doc["lines"]
assert [r["kind"] for r in rows] == ["line"] * 9 + ["unallocated", "total"]
lines = rows[:9]
ids = [l["line"] for l in lines]
assert ids == want, "line ids %s, expected %s" % (ids, want)
assert [l["tt"] for l in lines] == [str(i) for i in range(1, 10)]
assert lines[1]["number"] == "Dự án 4, Tiểu dự án 1", lines[1]
assert lines[1]["lead_agency"] == "Phòng Tài chính - Kế hoạch", lines[1]
assert lines[1]["title"].startswith("Đầu tư cơ sở hạ tầng"), lines[1]
central = sum(l["plan_central_vnd"] for l in lines)
local = sum(l["plan_local_vnd"] for l in lines)
assert central == 16654000000, "plan_central_vnd sums to %d" % central
assert local == 1206000000, "plan_local_vnd sums to %d" % local
for l in lines:
    assert isinstance(l["plan_central_vnd"], int), l
    assert l["plan_central_vnd"] + l["plan_local_vnd"] == \
        l["plan_total_vnd"], l
    assert (l["allocated_total_vnd"], l["contracted_vnd"],
            l["disbursed_vnd"], l["disbursed_rate_pct"]) == (0, 0, 0, 0.0), l
per_source = defaultdict(int)
for row in doc["by_source"]:
    if row["kind"] == "source":
        per_source[row["funding_source"]] += row["plan_total_vnd"]
assert dict(per_source) == {"central": central, "local": local}, \
    "section III per source %s != lines %d/%d" % (dict(per_source),
                                                  central, local)
subtotals = {r["funding_source"]: r["plan_total_vnd"]
             for r in doc["by_source"] if r["kind"] == "subtotal"}
assert subtotals == {"central": central, "local": local}, subtotals
total = rows[-1]
assert total["plan_central_vnd"] == central, total
assert total["plan_local_vnd"] == local, total
assert total["plan_total_vnd"] == 17860000000, total
assert doc["plan"]["total_vnd"] == 17860000000, doc["plan"]
assert doc["plan"]["number"] == "227/KH-UBND", doc["plan"]
assert (total["plan_central"], total["plan_local"], total["plan_total"]) == \
    ("16.654,0", "1.206,0", "17.860,0"), total
(stotal,) = [r for r in doc["by_source"] if r["kind"] == "total"]
assert stotal["plan_total"] == "17.860,0", stotal
assert doc["work_count"] == 0 and doc["note"] is None, doc
' "$OUT" "$LINES"

describe "report budget --format csv"
expect_tracker 0 report budget --db t.sqlite --format csv
expect_stderr_empty
slurp "$OUT"
# Header, 9 lines, not allocated, total; section III: 2 sources with 2
# capital types each, not allocated, total.
expect_eq "$SLURP_LINES" 20 "CSV lines"
py '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 20, "%d CSV records" % len(rows)
head, body = rows[0], rows[1:]
assert head[:4] == ["section", "kind", "tt", "line"], head
assert all(len(r) == len(head) for r in body), "ragged CSV"
lines = [r for r in body if r[:2] == ["lines", "line"]]
ids = [r[3] for r in lines]
assert ids == sys.argv[2].split(), ids
c = head.index("plan_central_vnd"); l = head.index("plan_local_vnd")
assert sum(int(r[c]) for r in lines) == 16654000000
assert sum(int(r[l]) for r in lines) == 1206000000
(total,) = [r for r in body if r[:2] == ["lines", "total"]]
t = head.index("plan_total")
assert (total[head.index("plan_central")], total[head.index("plan_local")],
        total[t]) == ("16.654,0", "1.206,0", "17.860,0"), total
' "$OUT" "$LINES"

describe "report budget: bad input"
expect_tracker 2 report budget --db t.sqlite --format xml
expect_error_line "xml"
expect_tracker 2 report budget --db t.sqlite --format xlsx
expect_error_line "--output"
init_db empty.sqlite --empty
expect_tracker 1 report budget --db empty.sqlite
expect_error_line "empty.sqlite" "no plan"
expect_tracker 1 report budget --db missing.sqlite
expect_error_line "missing.sqlite"
check "report created missing.sqlite" test ! -e missing.sqlite

describe "report budget is read-only"
expect_db_unchanged t.sqlite "$DIGEST"

finish
