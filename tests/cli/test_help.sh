# test_help.sh: the help texts and the usage errors of `tracker`.
#   `tracker help`, `tracker --help`, `tracker CMD --help` and
#   `tracker help CMD` exit 0 with the usage on stdout and nothing on
#   stderr; no command, an unknown command and an unknown option (of every
#   command) exit 2 with "error:" on stderr.  None of it creates files.
set -eu
. "$(dirname "$0")/lib.sh"

COMMANDS="init add list show export report layers demo"

for form in help --help; do
    describe "tracker $form"
    expect_tracker 0 $form
    expect_stdout_contains "usage: tracker COMMAND" \
        "Run 'tracker COMMAND --help'"
    for cmd in $COMMANDS help; do
        # Each command is listed at the start of a line: "  init   ...".
        if has "
  $cmd "; then pass; else
            fail "'tracker $form' does not list the command '$cmd'"
        fi
    done
    expect_stderr_empty
done

for cmd in $COMMANDS; do
    describe "tracker $cmd --help"
    expect_tracker 0 "$cmd" --help
    IFS= read -r first <"$OUT" || true
    case $first in
    "usage: tracker $cmd"*) pass ;;
    *) fail "the help does not start with 'usage: tracker $cmd': $first" ;;
    esac
    expect_stdout_contains "options:"
    expect_stderr_empty
    cp "$OUT" "$WORK/help-$cmd"

    describe "tracker $cmd --bogus-option"
    expect_tracker 2 "$cmd" --bogus-option
    expect_error_line "unknown option" "--bogus-option"
    expect_stderr_contains "
usage: tracker $cmd" "tracker $cmd --help"
    expect_stdout_empty
done

for cmd in add layers; do
    describe "tracker help $cmd"
    expect_tracker 0 help "$cmd"
    check "'tracker help $cmd' differs from 'tracker $cmd --help'" \
        cmp -s "$OUT" "$WORK/help-$cmd"
    expect_stderr_empty
done

describe "tracker list --db (no value)"
expect_tracker 2 list --db
expect_error_line "--db" "needs a value"

describe "tracker (no arguments)"
expect_tracker 2
expect_stderr_contains "error:" "usage: tracker COMMAND"
expect_stdout_empty

describe "tracker nosuch"
expect_tracker 2 nosuch
expect_error_line "unknown command" "nosuch"
expect_stdout_empty

describe "tracker help nosuch"
expect_tracker 2 help nosuch
expect_error_line "unknown command" "nosuch"
expect_stdout_empty

describe "tracker --bogus-option"
expect_tracker 2 --bogus-option
expect_error_line "--bogus-option"

# Usage errors in values and arguments, not only in option names.
describe "tracker list --format xml"
expect_tracker 2 list --format xml
expect_error_line "--format" "xml"
describe "tracker export shapefile outdir"
expect_tracker 2 export shapefile outdir
expect_error_line "shapefile"
describe "tracker add without a location"
expect_tracker 2 add --code X --name X --category bridge --unit 05803
expect_error_line "--point" "--line"

describe "no side effects"
check "help or a usage error created tracker.sqlite" test ! -e tracker.sqlite
check "a usage error created the export directory" test ! -e outdir
check "help or a usage error created demo/" test ! -e demo

finish
