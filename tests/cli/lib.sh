# lib.sh: helpers shared by the CLI tests (POSIX sh).  A test script does
#
#     set -eu
#     . "$(dirname "$0")/lib.sh"
#
# and is run as `sh tests/cli/test_NAME.sh /path/to/tracker FIXTURES_DIR`.
# Sourcing this file sets TRACKER (absolute path of the binary) and
# FIXTURES, makes a private scratch directory $WORK (removed on exit),
# changes into it, and unsets TRACKER_DB so the caller's environment
# cannot point the tool at a real database.
#
# Checks do not stop the script: a failed check prints "FAIL [...]" to
# stderr and is counted; `finish` (the last line of every script) exits 1
# if any check failed.  `die` stops at once, for broken set-up.

set -eu

if [ $# -lt 1 ]; then
    echo "usage: sh $0 TRACKER [FIXTURES_DIR]" >&2
    exit 2
fi
TRACKER=$1
FIXTURES=${2:-}
case $TRACKER in
/*) ;;
*) TRACKER=$(pwd)/$TRACKER ;;
esac
[ -x "$TRACKER" ] || { echo "error: '$TRACKER' is not an executable" >&2; exit 2; }

TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracker-$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM HUP
cd "$WORK"
unset TRACKER_DB
# Messages and table widths are UTF-8; keep the tools from guessing.
LC_ALL=C.UTF-8
export LC_ALL

OUT=$WORK/.stdout
ERR=$WORK/.stderr
RC=0
FAILS=0
CHECKS=0
CONTEXT=

# The system python3 (stdlib only): version-manager shims such as pyenv's
# cost a second a call.
PYTHON=python3
for _p in /usr/bin/python3 /usr/local/bin/python3; do
    if [ -x "$_p" ]; then PYTHON=$_p; break; fi
done

# The district's generous bounding box (WGS84).
BBOX_W=105.40 BBOX_E=105.85 BBOX_S=21.40 BBOX_N=21.85

die() {
    printf 'FATAL [%s]: %s\n' "$TEST_NAME" "$*" >&2
    exit 1
}

# fail MSG: records a failed check and prints MSG (with the label set by
# `describe`) to stderr.
fail() {
    FAILS=$((FAILS + 1))
    printf 'FAIL [%s]%s: %s\n' "$TEST_NAME" "${CONTEXT:+ ($CONTEXT)}" "$*" >&2
}

# pass: records a passed check (only counted).
pass() {
    CHECKS=$((CHECKS + 1))
}

# check COND_DESCRIPTION cmd...: runs cmd silently; a non-zero exit fails.
check() {
    _desc=$1
    shift
    if "$@" >/dev/null 2>&1; then pass; else fail "$_desc"; fi
}

# describe TEXT: labels the following checks in failure messages.
describe() {
    CONTEXT=$*
}

show_output() {
    printf '  --- command: %s\n  --- exit: %s\n  --- stdout:\n' "$LAST_CMD" "$RC" >&2
    sed -n '1,20s/^/  | /p' "$OUT" >&2
    printf '  --- stderr:\n' >&2
    sed -n '1,20s/^/  | /p' "$ERR" >&2
}

# run cmd...: runs cmd with stdout in $OUT and stderr in $ERR; sets RC.
run() {
    LAST_CMD=$*
    set +e
    "$@" >"$OUT" 2>"$ERR"
    RC=$?
    set -e
}

# tracker ARGS...: runs the tracker binary as `run` does.
tracker() {
    run "$TRACKER" "$@"
}

# expect_exit CODE cmd...: runs cmd; fails unless it exits with CODE.
expect_exit() {
    _want=$1
    shift
    run "$@"
    if [ "$RC" -eq "$_want" ]; then
        pass
    else
        fail "expected exit $_want, got $RC"
        show_output
    fi
}

# expect_tracker CODE ARGS...: expect_exit for the tracker binary.
expect_tracker() {
    _want=$1
    shift
    expect_exit "$_want" "$TRACKER" "$@"
}

# slurp FILE: reads FILE into $SLURP (builtins only: a fork costs more
# than the check on this scale) and its line count into $SLURP_LINES.
slurp() {
    SLURP=
    SLURP_LINES=0
    while IFS= read -r _line || [ -n "$_line" ]; do
        SLURP="$SLURP$_line
"
        SLURP_LINES=$((SLURP_LINES + 1))
    done <"$1"
}

# has TEXT: whether $SLURP contains TEXT (literally).
has() {
    case $SLURP in
    *"$1"*) return 0 ;;
    *) return 1 ;;
    esac
}

expect_stdout_contains() {
    slurp "$OUT"
    for _t in "$@"; do
        if has "$_t"; then pass; else
            fail "stdout lacks '$_t'"
            show_output
        fi
    done
}

expect_stderr_contains() {
    slurp "$ERR"
    for _t in "$@"; do
        if has "$_t"; then pass; else
            fail "stderr lacks '$_t'"
            show_output
        fi
    done
}

expect_stdout_lacks() {
    slurp "$OUT"
    for _t in "$@"; do
        if has "$_t"; then
            fail "stdout unexpectedly has '$_t'"
            show_output
        else pass; fi
    done
}

expect_stdout_empty() {
    if [ -s "$OUT" ]; then fail "stdout is not empty"; show_output; else pass; fi
}

expect_stderr_empty() {
    if [ -s "$ERR" ]; then fail "stderr is not empty"; show_output; else pass; fi
}

# expect_error_line TEXT...: stderr starts with one "error: " line holding
# every TEXT, and no other line is an error.  A runtime failure (exit 1)
# prints that line alone; a usage error (exit 2) may follow it with the
# command's usage line (and its continuation lines) and a "(see ...)" hint.
expect_error_line() {
    _first=
    _errors=0
    _others=0
    _n=0
    while IFS= read -r _line || [ -n "$_line" ]; do
        _n=$((_n + 1))
        [ "$_n" -eq 1 ] && _first=$_line
        case $_line in
        error:*) _errors=$((_errors + 1)) ;;
        "usage: "* | "(see "* | "  "*) ;;
        *) [ "$_n" -eq 1 ] || _others=$((_others + 1)) ;;
        esac
    done <"$ERR"
    case $_first in
    "error: "*) pass ;;
    *)
        fail "stderr does not start with 'error: '"
        show_output
        return 0
        ;;
    esac
    if [ "$_errors" -eq 1 ]; then pass; else
        fail "stderr has $_errors error lines, expected 1"
        show_output
    fi
    if [ "$RC" -eq 1 ] && [ "$_n" -ne 1 ]; then
        fail "a runtime error should be one line, stderr has $_n"
        show_output
    elif [ "$_others" -ne 0 ]; then
        fail "stderr has more than the error and the usage hint"
        show_output
    else
        pass
    fi
    for _t in "$@"; do
        case $_first in
        *"$_t"*) pass ;;
        *) fail "the error line does not name '$_t': $_first" ;;
        esac
    done
}

# expect_eq ACTUAL EXPECTED MSG
expect_eq() {
    if [ "$1" = "$2" ]; then pass; else fail "$3: expected '$2', got '$1'"; fi
}

# db_digest FILE: a digest of the database's content (schema and rows).
db_digest() {
    _d=$(sqlite3 -batch "$1" .dump | sha256sum)
    echo "${_d%% *}"
}

# expect_db_unchanged FILE DIGEST
expect_db_unchanged() {
    _now=$(db_digest "$1")
    if [ "$_now" = "$2" ]; then pass; else fail "database '$1' was changed"; fi
}

# sql FILE QUERY: prints the query's rows (|-separated, no header).
sql() {
    sqlite3 -batch -noheader "$1" "$2"
}

# spatial_sql FILE QUERY: sql with the SpatiaLite functions loaded.
spatial_sql() {
    sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$1" "$2"
}

# py SCRIPT ARGS...: runs a python3 check; its non-zero exit (with a
# message on stderr) fails the check.
py() {
    _script=$1
    shift
    if _msg=$("$PYTHON" -c "$_script" "$@" 2>&1); then pass; else
        fail "python check failed: $_msg"
    fi
}

# init_db FILE [ARGS...]: a fresh database, or a fatal error.
init_db() {
    _db=$1
    shift
    "$TRACKER" init --db "$_db" "$@" >/dev/null 2>"$WORK/.init-err" ||
        die "tracker init --db $_db failed: $(cat "$WORK/.init-err")"
}

# finish: the last command of every test.
finish() {
    if [ "$FAILS" -gt 0 ]; then
        printf '%s: %d of %d checks failed\n' "$TEST_NAME" "$FAILS" \
            $((FAILS + CHECKS)) >&2
        exit 1
    fi
    printf '%s: all %d checks passed\n' "$TEST_NAME" "$CHECKS"
    exit 0
}
