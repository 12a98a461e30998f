# test_money_progress.sh: `tracker allocate`, `contract`, `progress`,
# `flags` and `show --history` on a database of two works: what they
# record, the plan's caps (with the figures in the refusal, and --force
# recording the override), the OC4IDS status moves, append-only events
# with corrections, the flags, and every bad input refused with one
# "error: ..." line and the database unchanged.
set -eu
. "$(dirname "$0")/lib.sh"

init_db db.sqlite
export TRACKER_DB=db.sqlite TRACKER_USER=tester
tracker add --code W1 --name 'Đường xóm Na Lang' --category rural_road \
    --unit 05803 --point 105.6189 21.6458
tracker add --code W2 --name 'Nhà văn hóa xóm Đồng Kè' \
    --category community_house --unit 05803 --point 105.6200 21.6460
[ "$RC" -eq 0 ] || die "cannot add the works: $(cat "$ERR")"
sql db.sqlite "UPDATE work SET start_date = '2022-11-01' WHERE code = 'W1'"

# --- allocations ----------------------------------------------------------
describe "allocate in the forms officials write"
expect_tracker 0 allocate W1 da4-tda1 '1.500 triệu' --source central \
    --capital investment
expect_stdout_contains "1.500,0 million VND"
expect_tracker 0 allocate W1 da4-tda1 '1,2 tỷ' --source central \
    --capital investment --year 2023 --note 'QĐ 12/QĐ-UBND'
expect_tracker 0 allocate W2 da4-tda1 450000000 --source local \
    --capital investment
expect_eq "$(sql db.sqlite "SELECT group_concat(w.code || ':' || year || ':'
    || funding_source || ':' || capital_type || ':' || amount_vnd || ':' ||
    forced || ':' || recorded_by, ' ') FROM allocation a JOIN work w ON w.id =
    a.work_id")" \
    "W1:2022:central:investment:1500000000:0:tester W1:2023:central:investment:1200000000:0:tester W2:2022:local:investment:450000000:0:tester" \
    "the allocations as recorded"

describe "an allocation past the line's local amount is refused with figures"
before=$(db_digest db.sqlite)
expect_tracker 1 allocate W2 da4-tda1 '100 triệu' --source local \
    --capital investment
# da4-tda1 gives 520,0 million VND of local money; 450,0 are allocated.
expect_error_line "line da4-tda1, local" "plan 520,0" \
    "already allocated 450,0" "asked 100,0" "30,0 over" "--force"
expect_db_unchanged db.sqlite "$before"

describe "an allocation past section III's local investment is refused"
# Local investment capital is 647,0; the line check passes on da1.
expect_tracker 0 allocate W2 da1 '150 triệu' --source local \
    --capital investment
before=$(db_digest db.sqlite)
expect_tracker 1 allocate W2 da1 '60 triệu' --source local \
    --capital investment
expect_error_line "local investment capital" "plan 647,0" \
    "already allocated 600,0" "asked 60,0"
expect_db_unchanged db.sqlite "$before"

describe "--force records the override and its figures"
expect_tracker 0 allocate W2 da1 '60 triệu' --source local \
    --capital investment --force --note 'QĐ bổ sung'
expect_stderr_contains "warning: recorded past the plan (override)"
expect_eq "$(sql db.sqlite "SELECT forced, override_note LIKE
    '%plan 647,0, already allocated 600,0, asked 60,0%' FROM allocation
    WHERE forced")" \
    "1|1" "the forced allocation keeps its figures"

describe "bad allocations"
for bad in \
    "1|no work with code 'W9'|W9 da4-tda1 1000000 --source central --capital investment" \
    "1|unknown budget line 'da99'|W1 da99 1000000 --source central --capital investment" \
    "1|unknown budget line 'da4'|W1 da4 1000000 --source central --capital investment" \
    "2|is negative|--source central --capital investment -- W1 da4-tda1 -5000000" \
    "2|AMOUNT|W1 da4-tda1 nhiều --source central --capital investment" \
    "1|more than 0|W1 da4-tda1 0 --source central --capital investment" \
    "1|source must be central or local|W1 da4-tda1 1000000 --source odA --capital investment" \
    "1|capital must be investment or recurrent|W1 da4-tda1 1000000 --source central --capital loan" \
    "2|--source central|W1 da4-tda1 1000000" \
    "2|--year|W1 da4-tda1 1000000 --source central --capital investment --year 22"; do
    want_rc=${bad%%|*}
    rest=${bad#*|}
    text=${rest%%|*}
    args=${rest#*|}
    describe "allocate $args"
    before=$(db_digest db.sqlite)
    # shellcheck disable=SC2086
    expect_tracker "$want_rc" allocate $args
    expect_error_line "$text"
    expect_db_unchanged db.sqlite "$before"
done

describe "an import without a source does not overwrite allocations by source"
# W2 holds da4-tda1 2022: 450,0 local.  A file giving W2 a different
# da4-tda1 amount without saying the source is a conflict, not an update.
printf 'code,name,category,Xã,lon,lat,amount,budget\nW2,Nhà văn hóa xóm Đồng Kè,community_house,05803,105.6200,21.6460,500000000,da4-tda1\n' >w2.csv
before=$(db_digest db.sqlite)
expect_tracker 1 import works w2.csv
expect_stdout_contains "field amount" "has 450,0 million VND of it by source"
expect_db_unchanged db.sqlite "$before"
printf 'code,name,category,Xã,lon,lat,amount,budget\nW2,Nhà văn hóa xóm Đồng Kè,community_house,05803,105.6200,21.6460,450000000,da4-tda1\n' >w2.csv
expect_tracker 0 import works w2.csv
expect_eq "$(sql db.sqlite "SELECT group_concat(funding_source || ':' ||
    amount_vnd) FROM allocation a JOIN work w ON w.id = a.work_id WHERE
    w.code = 'W2' AND budget_line_id = 'da4-tda1'")" "local:450000000" \
    "the same total leaves the allocations as they are"

describe "amounts past 10^15 VND are a unit mistake"
expect_tracker 2 allocate W1 da4-tda1 9223372036854775807 --source central \
    --capital investment
expect_error_line "more than 10^15 VND"

# --- contracts ------------------------------------------------------------
describe "contracts: construction and supervision of one work"
expect_tracker 0 contract add HD-01 --work W1 --contractor 'Công ty TNHH Xây
dựng Thử' --tax-code 4600123456 --method open --value '1,4 tỷ' \
    --signed 15/03/2023 --due 2023-12-31 --status active
expect_tracker 0 contract add HD-01-GS --work W1 --contractor 'Tư vấn Thử' \
    --tax-code 4600123456-001 --method direct --purpose supervision \
    --value 40000000 --signed 2023-03-16
expect_tracker 0 contract add HD-02 --work W2 --contractor 'Tổ cộng đồng xóm
Đồng Kè' --method community --value '400 triệu'
expect_tracker 0 contract list --format csv
py '
import csv, sys
rows = {r["contract"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
assert set(rows) == {"HD-01", "HD-01-GS", "HD-02"}, rows.keys()
r = rows["HD-01"]
assert (r["work"], r["purpose"], r["tax_code"], r["method"], r["value_vnd"],
        r["signed_on"], r["status"]) == ("W1", "construction", "4600123456",
        "open", "1400000000", "2023-03-15", "active"), r
assert rows["HD-01-GS"]["purpose"] == "supervision"
assert rows["HD-02"]["status"] == "pending" and rows["HD-02"]["method"] == "community"
' "$OUT"
expect_tracker 0 contract update HD-02 --status active --signed 2023-04-01

describe "bad contracts"
for bad in \
    "1|tax code '46001234'|add HD-9 --work W1 --contractor X --tax-code 46001234" \
    "1|tax code '4600123456-000'|add HD-9 --work W1 --contractor X --tax-code 4600123456-000" \
    "1|tax code '46001234AB'|add HD-9 --work W1 --contractor X --tax-code 46001234AB" \
    "1|contract 'HD-01' exists|add HD-01 --work W1 --contractor X" \
    "1|no work with code 'W9'|add HD-9 --work W9 --contractor X" \
    "1|method 'auction'|add HD-9 --work W1 --contractor X --method auction" \
    "1|due date 2023-01-01 is before the signing date 2023-03-15|update HD-01 --due 2023-01-01" \
    "1|cannot go from active to pending|update HD-01 --status pending" \
    "1|no contract with number 'HD-77'|update HD-77 --status active" \
    "2|is negative|add HD-9 --work W1 --contractor X --value -1000000" \
    "2|--signed|add HD-9 --work W1 --contractor X --signed 31/02/2023"; do
    want_rc=${bad%%|*}
    rest=${bad#*|}
    text=${rest%%|*}
    args=${rest#*|}
    describe "contract $args"
    before=$(db_digest db.sqlite)
    # shellcheck disable=SC2086
    expect_tracker "$want_rc" contract $args
    expect_error_line "$text"
    expect_db_unchanged db.sqlite "$before"
done

# --- progress -------------------------------------------------------------
describe "progress events"
expect_tracker 0 progress W1 --date 2023-01-10 --status preparation
expect_tracker 0 progress W1 --date 2023-03-20 --status implementation \
    --physical 10 --disbursed '300 triệu' --note 'tạm ứng'
expect_tracker 0 progress W1 --date 2023-06-30 --physical 45 \
    --disbursed 700000000
expect_eq "$(sql db.sqlite "SELECT status || '|' || physical_pct || '|' ||
    disbursed_vnd FROM work_state WHERE work_id = (SELECT id FROM work WHERE
    code = 'W1')")" "implementation|45.0|700000000" "W1's state"

describe "bad progress"
for bad in \
    "1|physical progress would go back from 45% to 40%|W1 --date 2023-07-31 --physical 40" \
    "1|disbursement to date would go back from 700,0 to 650,0|W1 --date 2023-07-31 --disbursed 650000000" \
    "1|before the work's latest event (2023-06-30)|W1 --date 2023-05-01 --physical 50" \
    "1|cannot go from implementation to maintenance|W1 --date 2023-07-31 --status maintenance" \
    "1|is not an OC4IDS project status|W1 --date 2023-07-31 --status done" \
    "1|before the work's start date 2022-11-01|W1 --date 2022-10-01 --physical 1 --correction --note x" \
    "1|a correction needs a note|W1 --date 2023-07-31 --physical 40 --correction" \
    "1|not a percentage|W1 --date 2023-07-31 --physical 120" \
    "1|the event says nothing|W1 --date 2023-07-31" \
    "1|no work with code 'W9'|W9 --date 2023-07-31 --physical 50" \
    "2|--date|W1 --date 31/06/2023 --physical 50" \
    "2|--physical|W1 --date 2023-07-31 --physical much"; do
    want_rc=${bad%%|*}
    rest=${bad#*|}
    text=${rest%%|*}
    args=${rest#*|}
    describe "progress $args"
    before=$(db_digest db.sqlite)
    # shellcheck disable=SC2086
    expect_tracker "$want_rc" progress $args
    expect_error_line "$text"
    expect_db_unchanged db.sqlite "$before"
done

describe "a status jump identification -> completion is refused"
expect_tracker 0 progress W2 --date 2023-01-05 --status identification
before=$(db_digest db.sqlite)
expect_tracker 1 progress W2 --date 2023-02-01 --status completion
expect_error_line "cannot go from identification to completion"
expect_db_unchanged db.sqlite "$before"

describe "a correction is a new event; nothing is edited"
events_before=$(sql db.sqlite "SELECT group_concat(id || event_date ||
    coalesce(physical_pct, ''), ',') FROM progress_event")
expect_tracker 0 progress W1 --date 2023-07-31 --physical 40 --correction \
    --note 'báo cáo 30/6 ghi nhầm 45%'
expect_stdout_contains "(correction)"
expect_eq "$(sql db.sqlite "SELECT group_concat(id || event_date ||
    coalesce(physical_pct, ''), ',') FROM progress_event WHERE id <= (SELECT
    max(id) - 1 FROM progress_event)")" "$events_before" \
    "earlier events untouched"
expect_eq "$(sql db.sqlite "SELECT physical_pct FROM work_state WHERE
    work_id = (SELECT id FROM work WHERE code = 'W1')")" "40.0" \
    "the correction is the state"
run sqlite3 db.sqlite "UPDATE progress_event SET physical_pct = 99"
check "the database refuses edits of events" [ "$RC" -ne 0 ]

describe "show --history: the timeline with who and when"
expect_tracker 0 show W1 --history --format csv
py '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
whats = [r["what"] for r in rows]
assert whats.count("allocation") == 2 and whats.count("contract") == 2, whats
assert whats.count("progress") == 3 and whats.count("correction") == 1, whats
days = [r["day"] for r in rows]
assert days == sorted(days), days
corr = [r for r in rows if r["what"] == "correction"][0]
assert corr["physical_pct"] == "40.0" and "ghi nhầm" in corr["detail"], corr
assert all(r["recorded_at"] for r in rows), rows
assert {r["recorded_by"] for r in rows if r["what"] not in ("contract", "change")} == {"tester"}, rows
# The start date set above by hand, outside the tracker, is in the
# history too: no writer can change a work unseen.
chg = [r for r in rows if r["what"] == "change"]
assert [r["detail"] for r in chg] == ["start_date: - -> 2022-11-01 (unknown)"], chg
' "$OUT"
expect_tracker 0 show W1
expect_stdout_contains "contracts:" "HD-01-GS" "correction"

# --- flags ----------------------------------------------------------------
describe "flags on a fixed day"
# W1: 3.100,0 allocated in all (incl. 2023's 1.200,0), contracts 1.440,0,
# disbursed 700,0 = 48.6% of its contracts' value at 40% built: 8.6 points,
# within the 10 allowed.  W2: allocated 660,0, contract 400,0 active since
# 2023-04-01, status identification.
expect_tracker 0 flags --today 2024-02-01 --format csv
py '
import csv, sys
got = sorted((r["code"], r["flag"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")))
want = [("W1", "past_due"), ("W1", "stalled")]
assert got == want, got
' "$OUT"
sql db.sqlite "UPDATE setting SET value = '5' WHERE key = 'disbursed_ahead_points'"
sql db.sqlite "INSERT INTO allocation (work_id, budget_line_id, year, funding_source, capital_type, amount_vnd) SELECT id, 'da5-tda1', 2024, 'central', 'investment', 10 FROM work WHERE code = 'W9'"
expect_tracker 0 flags --today 2024-02-01 --flag disbursed_ahead --format csv
py '
import csv, sys
got = [(r["code"], r["flag"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
assert got == [("W1", "disbursed_ahead")], got
' "$OUT"
expect_tracker 0 contract update HD-01 --value '3,2 tỷ'
expect_tracker 0 flags --today 2023-08-01 --flag over_allocation --format csv
expect_stdout_contains "W1,"
expect_tracker 0 flags --today 2023-08-01 --flag no_contract --format csv
expect_stdout_lacks "W2"
expect_tracker 2 flags --flag late
expect_error_line "--flag: 'late'"

finish
