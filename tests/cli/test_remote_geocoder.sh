# test_remote_geocoder.sh: `tracker geocode --geocoder URL` asks a
# Nominatim-compatible server (the loopback stand-in of
# tests/fixtures/nominatim) only for names the gazetteer does not know,
# with a User-Agent naming the tool and a contact (required), keeps the
# OpenStreetMap licence with the answer, caches answers in the database
# (a second look-up sends nothing), retries a 503 after a back-off, and
# refuses a garbage answer with an error naming the URL.
set -eu
. "$(dirname "$0")/lib.sh"

unset TRACKER_CONTACT

LOG=$WORK/server.log
: >"$LOG"
: >server.out
"$PYTHON" "$FIXTURES/nominatim/server.py" "$LOG" >server.out 2>server.err &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || :; rm -rf "$WORK"' EXIT

PORT=
_i=0
while [ "$_i" -lt 100 ]; do
    IFS= read -r PORT <server.out || :
    [ -n "$PORT" ] && break
    kill -0 "$SERVER" 2>/dev/null || die "server.py: $(cat server.err)"
    sleep 0.05
    _i=$((_i + 1))
done
case $PORT in
'' | *[!0-9]*) die "server.py printed no port: '$PORT' $(cat server.err)" ;;
esac
URL=http://127.0.0.1:$PORT

init_db base.sqlite
cp base.sqlite db.sqlite
NAME='Trạm bơm Khuôn Ngàn'

# log_lines: the number of requests the server has logged.
log_lines() {
    slurp "$LOG"
    echo "$SLURP_LINES"
}

# remote_answer FILE: the JSON in FILE is the pumping station, found
# through the server.
remote_answer() {
    py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "found", d["status"]
(c,) = d["candidates"]
want = {"type": "remote", "precision": 2, "unit_key": "05797-2022"}
bad = {k: (c.get(k), v) for k, v in want.items() if c.get(k) != v}
assert not bad, "differs (got, expected): %s" % bad
assert abs(c["lon"] - 105.5381) < 1e-7 and abs(c["lat"] - 21.6552) < 1e-7, (
    c["lon"], c["lat"])
assert "OpenStreetMap" in c["point_source"], c["point_source"]
' "$1"
}

describe "a name the gazetteer does not know goes to the server"
expect_tracker 0 geocode "$NAME" --db db.sqlite --geocoder "$URL" \
    --contact test@example.org --format json
cp "$OUT" first.json
remote_answer first.json
py '
import json, sys
(c,) = json.load(open(sys.argv[1], encoding="utf-8"))["candidates"]
assert c["unit_code"] == "05797", "unit_code %r (unit_key %r)" % (
    c["unit_code"], c["unit_key"])
' first.json
py '
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 1, "%d requests: %s" % (len(lines), lines)
t, path, ua = lines[0].split("\t")
assert path.startswith("/search?"), path
assert "tracker" in ua and "test@example.org" in ua, "User-Agent %r" % ua
' "$LOG"

describe "the same name again comes from the cache"
expect_tracker 0 geocode "$NAME" --db db.sqlite --geocoder "$URL" \
    --contact test@example.org --format json
expect_eq "$(log_lines)" 1 "requests logged"
py '
import json, sys
a, b = (json.load(open(f, encoding="utf-8"))["candidates"]
        for f in sys.argv[1:3])
assert a == b, "first %s, then %s" % (a, b)
' first.json "$OUT"
expect_stderr_contains "1 answer from the cache"

DIGEST=$(db_digest db.sqlite)

describe "no contact"
expect_tracker 1 geocode "$NAME" --db db.sqlite --geocoder "$URL" \
    --format json
expect_error_line "contact"
expect_eq "$(log_lines)" 1 "requests logged"
expect_db_unchanged db.sqlite "$DIGEST"

describe "a name the gazetteer knows is not sent"
expect_tracker 0 geocode 'xã La Bằng' --db db.sqlite --geocoder "$URL" \
    --contact test@example.org --format json
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["type"], c["unit_code"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [("unit", "05815")], got
' "$OUT"
expect_eq "$(log_lines)" 1 "requests logged"

describe "the contact from TRACKER_CONTACT"
cp base.sqlite env.sqlite
expect_exit 0 env TRACKER_CONTACT=env@example.org "$TRACKER" geocode \
    "$NAME" --db env.sqlite --geocoder "$URL" --format json
remote_answer "$OUT"
expect_eq "$(log_lines)" 2 "requests logged"
py '
import sys
ua = open(sys.argv[1], encoding="utf-8").read().splitlines()[-1].split("\t")[2]
assert "tracker" in ua and "env@example.org" in ua, "User-Agent %r" % ua
' "$LOG"

describe "a 503 is retried after a back-off"
cp base.sqlite retry.sqlite
expect_tracker 0 geocode "$NAME" --db retry.sqlite \
    --geocoder "$URL/503/1/" --contact test@example.org --format json
remote_answer "$OUT"
py '
import sys
lines = [l.split("\t") for l in
         open(sys.argv[1], encoding="utf-8").read().splitlines()]
got = [(float(t), p) for t, p, ua in lines if p.startswith("/503/1/")]
assert len(got) == 2, "%d requests to /503/1/: %s" % (len(got), got)
gap = got[1][0] - got[0][0]
assert gap >= 0.9, "retried after %.3f s" % gap
' "$LOG"

describe "a garbage answer"
cp base.sqlite garbage.sqlite
GDIGEST=$(db_digest garbage.sqlite)
expect_tracker 1 geocode "$NAME" --db garbage.sqlite \
    --geocoder "$URL/garbage/" --contact test@example.org --format json
expect_error_line "$URL/garbage/"
expect_db_unchanged garbage.sqlite "$GDIGEST"

finish
