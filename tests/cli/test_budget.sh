# test_budget.sh: `tracker report budget` prints plan 227/KH-UBND's nine
# funded lines and totals (17.860,0 = 16.654,0 central + 1.206,0 local,
# million VND) as a table, JSON whose amounts add up to the plan's own
# section III totals, and CSV.
set -eu
. "$(dirname "$0")/lib.sh"

LINES="da1 da4-tda1 da5-tda1 da5-tda3 da7 da8 da9-tda2 da10-tda1 da10-tda3"

init_db t.sqlite
DIGEST=$(db_digest t.sqlite)

describe "report budget (table)"
expect_tracker 0 report budget --db t.sqlite
expect_stdout_contains "227/KH-UBND" "17.860,0" "16.654,0" "1.206,0"
expect_stderr_empty
slurp "$OUT"
for id in $LINES; do
    # Each line id starts a row of the table.
    if has "
$id "; then pass; else fail "the table has no row for line '$id'"; fi
done
# The total row holds the three totals in order.
if printf '%s' "$SLURP" | grep -Eq '16\.654,0 +1\.206,0 +17\.860,0'; then
    pass
else
    fail "no row reads 16.654,0 1.206,0 17.860,0"
fi

describe "report budget --format json"
expect_tracker 0 report budget --db t.sqlite --format json
expect_stderr_empty
py '
import json, sys
from collections import defaultdict
doc = json.load(open(sys.argv[1], encoding="utf-8"))
want = sys.argv[2].split()
lines = doc["lines"]
ids = [l["line"] for l in lines]
assert ids == want, "line ids %s, expected %s" % (ids, want)
central = sum(l["central_vnd"] for l in lines)
local = sum(l["local_vnd"] for l in lines)
assert central == 16654000000, "central_vnd sums to %d" % central
assert local == 1206000000, "local_vnd sums to %d" % local
for l in lines:
    assert isinstance(l["central_vnd"], int), l
    assert l["central_vnd"] + l["local_vnd"] == l["total_vnd"], l
per_source = defaultdict(int)
for row in doc["section_iii"]:
    per_source[row["funding_source"]] += row["amount_vnd"]
assert dict(per_source) == {"central": central, "local": local}, \
    "section III per source %s != lines %d/%d" % (dict(per_source),
                                                  central, local)
(total,) = doc["total"]
assert total["central_vnd"] == central, total
assert total["local_vnd"] == local, total
assert total["total_vnd"] == 17860000000, total
assert total["plan_total_vnd"] == 17860000000, total
assert (total["central"], total["local"], total["total"]) == \
    ("16.654,0", "1.206,0", "17.860,0"), total
' "$OUT" "$LINES"

describe "report budget --format csv"
expect_tracker 0 report budget --db t.sqlite --format csv
expect_stderr_empty
slurp "$OUT"
expect_eq "$SLURP_LINES" 10 "CSV lines (header + 9)"
py '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 10, "%d CSV records" % len(rows)
head, body = rows[0], rows[1:]
assert head[0] == "line", head
assert all(len(r) == len(head) for r in body), "ragged CSV"
ids = [r[0] for r in body]
assert ids == sys.argv[2].split(), ids
c = head.index("central_vnd"); l = head.index("local_vnd")
assert sum(int(r[c]) for r in body) == 16654000000
assert sum(int(r[l]) for r in body) == 1206000000
' "$OUT" "$LINES"

describe "report budget: bad input"
expect_tracker 2 report budget --db t.sqlite --format xml
expect_error_line "xml"
expect_tracker 1 report budget --db missing.sqlite
expect_error_line "missing.sqlite"
check "report created missing.sqlite" test ! -e missing.sqlite

describe "report budget is read-only"
expect_db_unchanged t.sqlite "$DIGEST"

finish
