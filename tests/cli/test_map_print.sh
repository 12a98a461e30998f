# test_map_print.sh: `tracker map --png/--pdf` from the CLI: A4 landscape
# files written for the demo database, several outputs at once, and bad
# input refused with the file named.  The picture itself (classes, legend,
# notes, scale bar) is checked in tests/tracker/test_map_print.c.
set -eu
. "$(dirname "$0")/lib.sh"

tracker demo --db demo.sqlite
[ "$RC" -eq 0 ] || die "demo: $(cat "$ERR")"
export TRACKER_DB=demo.sqlite TRACKER_TODAY=2023-12-01

describe "map --png and --pdf in one run"
expect_tracker 0 map --png m.png --pdf m.pdf --indicator vnd_per_km2 \
    --units current
expect_stdout_contains "wrote m.png: A4 landscape png, 1754 x 1240 px" \
    "wrote m.pdf: A4 landscape pdf, 842 x 595 pt"
py '
import struct, zlib
png = open("m.png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n", png[:8]
w, h = struct.unpack(">II", png[16:24])
assert (w, h) == (1754, 1240), (w, h)
assert len(png) > 50000, len(png)
pdf = open("m.pdf", "rb").read()
assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
'
describe "map --html with --png: both from the same options"
expect_tracker 0 map --html m.html --png m2.png
expect_stdout_contains "wrote m.html" "wrote m2.png"

describe "bad map input"
expect_tracker 2 map --png m.png --indicator height
expect_error_line "--indicator: 'height'"
expect_tracker 2 map --units 1999
expect_error_line "give the file to write"
expect_tracker 1 map --pdf /nonexistent/m.pdf
expect_error_line "/nonexistent/m.pdf"
check "no file left behind" test ! -e /nonexistent/m.pdf

finish
