# test_init.sh: `tracker init` creates a SpatiaLite database with the
# reference layers (30 units of 2022, 10 communes since 2025-07-01) or,
# with --empty, the schema alone; it never overwrites a file; it honours
# TRACKER_DB; a failed load leaves no file behind.
set -eu
. "$(dirname "$0")/lib.sh"

describe "tracker init --db full.sqlite"
expect_tracker 0 init --db full.sqlite
check "init did not create full.sqlite" test -s full.sqlite
expect_stdout_contains "full.sqlite" "schema version 8" \
    "units in force on 2022-10-11: 30" "communes in force since 2025-07-01: 10"
expect_stderr_empty
check "init --db also created tracker.sqlite" test ! -e tracker.sqlite

expect_eq "$(sql full.sqlite "SELECT count(*) FROM admin_unit WHERE
    valid_from IS NULL AND valid_to > '2022-10-11'")" 30 \
    "units in force on 2022-10-11"
expect_eq "$(sql full.sqlite "SELECT count(*) FROM admin_unit WHERE
    valid_to IS NULL")" 10 "communes in force now"
expect_eq "$(sql full.sqlite 'PRAGMA user_version')" 8 "PRAGMA user_version"
expect_eq "$(sql full.sqlite "SELECT count(*) FROM category")" 14 \
    "categories"
expect_eq "$(sql full.sqlite "SELECT count(*) FROM work")" 0 \
    "works in a new database"
expect_eq "$(sql full.sqlite "SELECT count(*) FROM budget_line WHERE
    central_vnd IS NOT NULL")" 9 "funded budget lines"
# Every unit of 2022 has a polygon, flagged approximate; each lies in the
# district's box.
expect_eq "$(spatial_sql full.sqlite "SELECT count(*) FROM admin_unit WHERE
    valid_from IS NULL AND valid_to > '2022-10-11' AND geom IS NOT NULL
    AND boundary_source = 'approximate' AND MbrMinX(geom) >= $BBOX_W
    AND MbrMaxX(geom) <= $BBOX_E AND MbrMinY(geom) >= $BBOX_S
    AND MbrMaxY(geom) <= $BBOX_N")" 30 \
    "approximate 2022 polygons inside the district box"
# The reused code 05830: Bình Thuận until 2025-07-01, Đại Từ since.
expect_eq "$(sql full.sqlite "SELECT group_concat(full_name || '@' ||
    coalesce(valid_from, '') || '-' || coalesce(valid_to, ''), ';') FROM
    (SELECT * FROM admin_unit WHERE code = '05830' ORDER BY
    valid_from IS NOT NULL)")" \
    "Xã Bình Thuận@-2025-07-01;Xã Đại Từ@2025-07-01-" "units coded 05830"
FULL_DIGEST=$(db_digest full.sqlite)

describe "tracker init on an existing database"
expect_tracker 1 init --db full.sqlite
expect_error_line "full.sqlite" "exists"
expect_db_unchanged full.sqlite "$FULL_DIGEST"

describe "tracker init on an existing non-database file"
printf 'not a database\n' >notes.txt
expect_tracker 1 init --db notes.txt
expect_error_line "notes.txt" "exists"
check "init changed an existing file" \
    test "$(cat notes.txt)" = "not a database"

describe "tracker init --empty"
expect_tracker 0 init --empty --db empty.sqlite
expect_stdout_contains "schema version 8" "units in force on 2022-10-11: 0"
expect_eq "$(sql empty.sqlite "SELECT count(*) FROM admin_unit")" 0 \
    "units in an empty database"
expect_eq "$(sql empty.sqlite "SELECT count(*) FROM sqlite_master WHERE
    type = 'table' AND name IN ('work', 'work_line', 'allocation',
    'admin_unit', 'budget_line')")" 5 "domain tables in an empty database"
expect_eq "$(sql empty.sqlite "SELECT count(*) FROM category")" 14 \
    "categories in an empty database"
expect_eq "$(sql empty.sqlite 'PRAGMA user_version')" 8 \
    "PRAGMA user_version of an empty database"

describe "TRACKER_DB"
expect_exit 0 env "TRACKER_DB=$WORK/env.sqlite" "$TRACKER" init --empty
check "TRACKER_DB was not honoured by init" test -s env.sqlite
check "init wrote tracker.sqlite despite TRACKER_DB" test ! -e tracker.sqlite
expect_stdout_contains "env.sqlite"
# ... and by the commands that read a database: the full one has the
# plan, the empty one has none.
expect_exit 0 env "TRACKER_DB=$WORK/full.sqlite" "$TRACKER" report budget \
    --format csv
expect_stdout_contains "da4-tda1"
expect_exit 1 env "TRACKER_DB=$WORK/empty.sqlite" "$TRACKER" report budget
expect_error_line "empty.sqlite"
# --db wins over TRACKER_DB.
expect_exit 0 env "TRACKER_DB=$WORK/missing.sqlite" "$TRACKER" report budget \
    --db full.sqlite
check "report with TRACKER_DB created a database" test ! -e missing.sqlite

describe "tracker init with no --db and no TRACKER_DB"
mkdir default
(cd default && "$TRACKER" init --empty >/dev/null 2>&1) ||
    fail "init in a directory failed"
check "init without --db did not create ./tracker.sqlite" \
    test -s default/tracker.sqlite

describe "tracker init --layers (missing directory)"
expect_tracker 1 init --db broken.sqlite --layers "$WORK/no-such-layers"
expect_error_line "layers"
check "a failed init left broken.sqlite behind" test ! -e broken.sqlite

describe "tracker init in a missing directory"
expect_tracker 1 init --db "$WORK/no/such/dir/x.sqlite"
expect_error_line "x.sqlite"
check "init created a directory" test ! -e "$WORK/no"

finish
