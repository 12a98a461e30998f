# test_geocode.sh: `tracker geocode TEXT` reads place names as engineers
# write them.  Every unit of 2022 is found from its exact name, without
# diacritics, in capitals, in NFD, without spaces and with its kind
# abbreviated (the two units named Quân Chu are ambiguous unless their
# kind is given); near-twin names stay apart; names shared by places of
# several periods or levels are ambiguous unless --as-of or a second
# part chooses; one typo and legacy TCVN3 bytes are read; the exit
# status is 0 found, 1 ambiguous or not found, 2 usage error; and
# looking up changes nothing in the database.
set -eu
. "$(dirname "$0")/lib.sh"

init_db db.sqlite
DIGEST=$(db_digest db.sqlite)

# The reference data: the 30 units in force on 2022-10-11.
spatial_sql db.sqlite "SELECT code, name, full_name, key,
    printf('%.7f', X(centre)), printf('%.7f', Y(centre)) FROM admin_unit
    WHERE valid_from IS NULL ORDER BY code, full_name" >units.txt
slurp units.txt
[ "$SLURP_LINES" -eq 30 ] || die "expected 30 units of 2022, got $SLURP_LINES"

# tally FILE COUNT: each line of FILE, "ok LABEL" or "FAIL LABEL: WHY",
# is one check; FILE must hold COUNT lines (a crashed loop fails).
tally() {
    _n=0
    while IFS= read -r _line || [ -n "$_line" ]; do
        _n=$((_n + 1))
        case $_line in
        "ok "*) pass ;;
        *) fail "${_line#FAIL }" ;;
        esac
    done <"$1"
    expect_eq "$_n" "$2" "cases reported by the loop"
}

# --- every unit of 2022, in six forms: one python process --------------

cat >forms.py <<'EOF'
import json, subprocess, sys, unicodedata
from concurrent.futures import ThreadPoolExecutor

tracker, db, units_file = sys.argv[1:4]
units = [l.rstrip("\n").split("|") for l in open(units_file, encoding="utf-8")
         if l.strip()]


def plain(s):
    """Without diacritics: NFD, marks dropped, đ -> d."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if not unicodedata.combining(c))


def kind_abbr(full, name):
    return ("TT. " if full.startswith("Thị trấn ") else "X. ") + name


# The two 2022 units whose bare name is shared (a town and a commune).
shared = {k: c for c, n, f, k, x, y in units if n == "Quân Chu"}
centre = {k: (float(x), float(y)) for c, n, f, k, x, y in units}
cases = []  # (label, text, expected status, expected unit keys)
for code, name, full, key, x, y in units:
    forms = [("exact name", name),
             ("without diacritics", plain(name)),
             ("in capitals", name.upper()),
             ("in NFD", unicodedata.normalize("NFD", name)),
             ("without spaces", name.replace(" ", "")),
             ("kind abbreviated", kind_abbr(full, name))]
    for form, text in forms:
        if key in shared and form != "kind abbreviated":
            cases.append(("%s %s" % (code, form), text, "ambiguous",
                          set(shared)))
        else:
            cases.append(("%s %s" % (code, form), text, "found", {key}))
# The shared name with its kind written out, as engineers do.
by_kind = {f.split(" Quân Chu")[0]: k for c, n, f, k, x, y in units
           if n == "Quân Chu"}
# ('TT. Quân Chu' and 'X. Quân Chu' are the forms above.)
for text, kind in (("xã Quân Chu", "Xã"), ("thị trấn Quân Chu", "Thị trấn")):
    cases.append(("Quân Chu with its kind", text, "found",
                  {by_kind.get(kind, "?")}))


def run(case):
    label, text, status, keys = case
    p = subprocess.run([tracker, "geocode", text, "--db", db, "--format",
                        "json"], capture_output=True)
    why = []
    try:
        d = json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        return "FAIL %s %r: exit %d, stdout not JSON: %r %r" % (
            label, text, p.returncode, p.stdout[:200], p.stderr[:200])
    cands = d.get("candidates", [])
    got = [(c.get("type"), c.get("unit_key"), c.get("how")) for c in cands]
    if d.get("status") != status:
        why.append("status %r, expected %r" % (d.get("status"), status))
    if p.returncode != (0 if status == "found" else 1):
        why.append("exit %d" % p.returncode)
    if d.get("from_tcvn3") is not False:
        why.append("from_tcvn3 %r for UTF-8 input" % d.get("from_tcvn3"))
    if status == "found":
        if len(cands) != 1:
            why.append("%d candidates" % len(cands))
        for c in cands[:1]:
            (key,) = keys
            want = {"type": "unit", "unit_key": key,
                    "unit_code": key.split("-")[0], "precision": 3,
                    "location_class": 1}
            bad = {k: c.get(k) for k, v in want.items() if c.get(k) != v}
            if bad:
                why.append("differs from %s: %s" % (want, bad))
            x, y = centre.get(key, (0, 0))
            if not (abs(c.get("lon", 0) - x) < 1e-7
                    and abs(c.get("lat", 0) - y) < 1e-7):
                why.append("point %r %r is not the unit centre %.7f %.7f"
                           % (c.get("lon"), c.get("lat"), x, y))
    else:
        ks = {c.get("unit_key") for c in cands}
        if not keys <= ks:
            why.append("candidates lack %s" % sorted(keys - ks))
        codes = {c.get("unit_code") for c in cands}
        if not codes <= {k.split("-")[0] for k in keys}:
            why.append("unexpected candidates")
    if why:
        return "FAIL %s %r: %s (candidates %s)" % (label, text,
                                                   "; ".join(why), got)
    return "ok %s" % label


if len(shared) != 2:
    print("FAIL the 2022 units named Quân Chu: %s" % shared)
with ThreadPoolExecutor(max_workers=4) as pool:
    for line in pool.map(run, cases):
        print(line)
EOF

describe "every unit of 2022 in every written form"
"$PYTHON" forms.py "$TRACKER" "$WORK/db.sqlite" units.txt >forms.out 2>forms.err ||
    fail "the forms loop failed: $(cat forms.err)"
tally forms.out $((30 * 6 + 2))

# --- single answers and their fields -------------------------------------

# geo EXIT TEXT [ARGS...]: `geocode TEXT --format json ARGS` must exit EXIT.
geo() {
    _exit=$1
    _text=$2
    shift 2
    expect_tracker "$_exit" geocode "$_text" --db db.sqlite --format json "$@"
}

describe "La Bằng: the 2022 unit, with today's commune of that name"
geo 0 'La Bằng'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
(c,) = d["candidates"]
want = {"type": "unit", "unit_key": "05815-2022", "unit_code": "05815",
        "current_key": "05818-2025", "current_name": "Xã La Bằng",
        "how": "exact", "precision": 3, "location_class": 1}
bad = {k: (c.get(k), v) for k, v in want.items() if c.get(k) != v}
assert not bad, "differs (got, expected): %s" % bad
' "$OUT"
expect_tracker 0 geocode 'La Bằng' --db db.sqlite
expect_stdout_contains "05815" "Xã La Bằng" "05818-2025"

describe "near-twin names resolve apart"
for pair in 'Phu Lac=05785' 'Phuc Luong=05767' 'Phuc Linh=05794'; do
    geo 0 "${pair%=*}"
    py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
codes = [c["unit_code"] for c in d["candidates"]]
assert d["status"] == "found" and codes == [sys.argv[2]], (
    "%s: %s %s, expected %s" % (sys.argv[3], d["status"], codes, sys.argv[2]))
' "$OUT" "${pair#*=}" "${pair%=*}"
done

describe "Đại Từ without a date: the district and the commune of 2025"
geo 1 'Đại Từ'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "ambiguous", d["status"]
got = sorted((c["type"], c["unit_code"]) for c in d["candidates"])
assert ("outline", "") in got, "no district outline: %s" % got
assert ("unit", "05830") in got, "no commune 05830: %s" % got
(u,) = [c for c in d["candidates"] if c["type"] == "unit"]
assert u["unit_key"] == "05830-2025", u["unit_key"]
assert d["note"], "an ambiguous answer says why"
' "$OUT"

describe "Đại Từ as of 2022-10-11: the district"
geo 0 'Đại Từ' --as-of 2022-10-11
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["type"], c["name"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [("outline", "Huyện Đại Từ")], (
    d["status"], got)
' "$OUT"

describe "Đại Từ as of 2026-01-01: the commune"
geo 0 'Đại Từ' --as-of 2026-01-01
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["type"], c["unit_key"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [("unit", "05830-2025")], (
    d["status"], got)
' "$OUT"

describe "Đại Phúc: a commune of 2025 only"
geo 0 'Đại Phúc'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["type"], c["unit_code"], c["unit_key"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [("unit", "05488", "05488-2025")], (
    d["status"], got)
' "$OUT"

describe "Đồng Tiến: a hamlet in several units"
geo 1 'Đồng Tiến'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "ambiguous", d["status"]
c = d["candidates"]
units = {x["unit_code"] for x in c}
assert len(c) >= 2 and len(units) == len(c), "candidates %s" % [
    (x["type"], x["unit_code"], x["hamlet"]) for x in c]
assert all(x["type"] == "hamlet" and x["hamlet"] == "Đồng Tiến"
           for x in c), c
assert "05827" in units, units
' "$OUT"

describe "xóm Đồng Tiến, xã Tân Thái: one hamlet"
geo 0 'xóm Đồng Tiến, xã Tân Thái'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["type"], c["hamlet"], c["unit_code"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [("hamlet", "Đồng Tiến", "05827")], (
    d["status"], got)
' "$OUT"

describe "one typo"
for pair in 'La Bnag=05815' 'Hung Sonn=05761'; do
    geo 0 "${pair%=*}"
    py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
got = [(c["unit_code"], c["how"]) for c in d["candidates"]]
assert d["status"] == "found" and got == [(sys.argv[2], "typo")], (
    "%s: %s %s" % (sys.argv[3], d["status"], got))
' "$OUT" "${pair#*=}" "${pair%=*}"
done

describe "legacy TCVN3 bytes"
TCVN=$(printf '%s' 'Xã La Bằng' | iconv -f UTF-8 -t TCVN5712-1) ||
    die "iconv cannot write TCVN5712-1"
case $TCVN in *'Xã'*) die "iconv left the text in UTF-8" ;; esac
geo 0 "$TCVN"
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["from_tcvn3"] is True, "from_tcvn3 %r" % d["from_tcvn3"]
got = [c["unit_code"] for c in d["candidates"]]
assert d["status"] == "found" and got == ["05815"], (d["status"], got)
' "$OUT"
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["text"] == "Xã La Bằng", "decoded as %r" % d["text"]
' "$OUT"

# --- exit codes -----------------------------------------------------------

describe "a name that is nowhere"
geo 1 'Xyzzy Quux'
py '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["status"] == "not found" and d["candidates"] == [], d
' "$OUT"

describe "no text"
expect_tracker 2 geocode --db db.sqlite --format json
expect_stdout_empty
expect_error_line

describe "after the look-ups"
expect_db_unchanged db.sqlite "$DIGEST"

finish
