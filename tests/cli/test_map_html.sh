# test_map_html.sh: `tracker map --html FILE` writes one self-contained
# HTML file: Leaflet, the map's script and the data inline, nothing to
# fetch (no external script, stylesheet, image or tile URL), the data as
# RFC 7946 GeoJSON with at most 7 decimals and no way for a name or the
# title to close its element.  Headless Chromium, with every host name
# made unresolvable, opens it and draws the 30 units of 2022 (or the 10
# communes of today) as SVG paths, the 15 demo works, a legend with the
# indicator's classes, the notes on approximate boundaries and
# illustrative works and the Vietnamese title; "#work=CODE" opens a popup
# with the work's budget, contracts and progress; the filters by
# category, status and budget line leave the works they should.  Every
# indicator draws.  A bad option is a usage error (2), an unwritable file
# a runtime error (1) naming it.
set -eu
. "$(dirname "$0")/lib.sh"

TRACKER_TODAY=2024-01-15
export TRACKER_TODAY

"$TRACKER" demo --out demo --db demo.sqlite >/dev/null 2>"$WORK/.demo-err" ||
    die "tracker demo failed: $(cat "$WORK/.demo-err")"
DIGEST=$(db_digest demo.sqlite)

CHROMIUM=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done
[ -n "$CHROMIUM" ] || die "no chromium to open the map with (scripts/install-deps.sh installs it)"

# dom URL OUT: the page's DOM after headless Chromium has run its scripts
# (map.js draws synchronously, before the load event the dump waits for),
# without the scripts' text, so checks see what was drawn, not the code.
# Host names resolve to nothing, so a page that needed the network would
# show it.  Chromium's own stderr noise is ignored.
dom() {
    rm -rf "$WORK/.chrome"
    DBUS_SESSION_BUS_ADDRESS=disabled: timeout 60 "$CHROMIUM" --headless \
        --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --disable-background-networking --disable-component-update \
        --user-data-dir="$WORK/.chrome" --host-resolver-rules='MAP * ~NOTFOUND' \
        --dump-dom "$1" >"$WORK/.dom" 2>"$WORK/.chrome-err" || true
    "$PYTHON" -c '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(
    re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", dom, flags=re.S))
' "$WORK/.dom" "$2"
}

# The data of a map and its file, checked as a whole: one file, no
# external reference, well-escaped JSON, RFC 7946 features, classes that
# cover every unit.  Arguments: FILE UNITS WORKS INDICATOR.
STATIC_CHECK='
import json, re, sys
from decimal import Decimal
path, units, works, indicator = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
html = open(path, encoding="utf-8").read()
problems = []
low = html.lower()
# One file: no element loads anything, no stylesheet imports, no tiles.
# Leaflet itself holds a link in a string (its default attribution, which
# map.js replaces), so markup is checked without the scripts inside it.
scripts = re.findall(r"<script[^>]*>(.*?)</script>", low, re.S)
markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", low, flags=re.S)
styles = " ".join(re.findall(r"<style>(.*?)</style>", low, re.S))
checks = [
    (markup, r"<script[^>]*\ssrc\s*=", "a <script src>"),
    (markup, r"<link\b", "a <link> element"),
    (markup, r"<(img|iframe|embed|object|audio|video|source|base)\b", "an embedded resource"),
    (markup, r"(src|href|srcset|poster)\s*=\s*[\"\x27]?\s*(https?:)?//", "an external src/href"),
    (styles, r"url\(\s*[\"\x27]?\s*(https?:|//|[a-z0-9_./-]+\.(png|jpe?g|gif|svg|woff2?|ttf|css)\b)", "a url() to a file"),
    (styles, r"@import", "an @import"),
    (low, r"\{z\}/\{x\}/\{y\}|\{s\}\.tile|tile\.openstreetmap|l\.tilelayer\(", "a tile layer"),
    (low, r"sourcemappingurl", "a source map reference")]
for text, pat, what in checks:
    m = re.search(pat, text)
    if m:
        problems.append("%s: %r" % (what, text[max(0, m.start() - 40):m.end() + 40]))
if len(scripts) != 3 or markup.count("<script") != 3 or low.count("</script") != 3:
    problems.append("expected 3 <script> elements, found %d opening and %d closing"
                    % (markup.count("<script"), low.count("</script")))
m = re.search(r"<script type=\"application/json\" id=\"trk-data\">(.*?)</script>", html, re.S)
if not m:
    sys.exit("no trk-data element")
raw = m.group(1)
if "<" in raw or ">" in raw or "&" in raw:
    problems.append("the data holds a raw <, > or &")
data = json.loads(raw, parse_float=Decimal)
for layer, want in (("units", units), ("works", works)):
    fc = data[layer]
    if fc.get("type") != "FeatureCollection" or "crs" in fc:
        problems.append("%s: not an RFC 7946 FeatureCollection" % layer)
    if len(fc["features"]) != want:
        problems.append("%s: %d features, expected %d" % (layer, len(fc["features"]), want))
def positions(c):
    if isinstance(c[0], (int, Decimal)):
        yield c
    else:
        for x in c:
            yield from positions(x)
def ring_area(r):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(r, r[1:]))
decimals = []
for f in data["units"]["features"] + data["works"]["features"]:
    g = f["geometry"]
    for lon, lat in positions(g["coordinates"]):
        decimals += [(-Decimal(x).as_tuple().exponent, str(x)) for x in (lon, lat)]
        if not (105.40 <= lon <= 105.85 and 21.40 <= lat <= 21.85):
            problems.append("%s: position %r outside the district" % (f["id"], (lon, lat)))
    if g["type"] == "MultiPolygon":
        for poly in g["coordinates"]:
            if ring_area(poly[0]) <= 0:
                problems.append("%s: exterior ring not counter-clockwise" % f["id"])
worst = max(decimals)
if worst[0] > 7:
    problems.append("a coordinate with %d decimals: %s" % worst)
if data["indicator"]["name"] != indicator:
    problems.append("indicator %r" % data["indicator"]["name"])
classes = data["classes"]
if not classes or sum(c["units"] for c in classes) != units:
    problems.append("classes do not cover the units: %r" % classes)
counts = [0] * len(classes)
for f in data["units"]["features"]:
    p = f["properties"]
    counts[p["class"]] += 1
    if p["approximate"] is not True:
        problems.append("%s: not approximate" % p["code"])
    if not p["value_text"]:
        problems.append("%s: no value_text" % p["code"])
if counts != [c["units"] for c in classes]:
    problems.append("class counts %r differ from the units classes %r" % (counts, classes))
ranges = [c for c in classes if c["kind"] == "range"]
for a, b in zip(ranges, ranges[1:]):
    if not a["max"] < b["min"]:
        problems.append("ranges overlap: %r %r" % (a, b))
for f in data["works"]["features"]:
    p = f["properties"]
    for k in ("illustrative", "approximate_location"):
        if not isinstance(p[k], bool):
            problems.append("%s: %s is not a boolean" % (f["id"], k))
    for k in ("budget_lines", "contracts", "flags"):
        if not isinstance(p[k], list):
            problems.append("%s: %s is not a list" % (f["id"], k))
for k in ("categories", "statuses", "budget_lines"):
    if not data[k]:
        problems.append("no %s for the filters" % k)
if problems:
    sys.exit("\n".join(problems[:10]))
'

describe "map --html (default: works, units of 2022)"
expect_tracker 0 map --html map.html --db demo.sqlite
expect_stderr_empty
expect_stdout_contains "wrote map.html: 30 units, 15 works" \
    "30 units with approximate boundaries, 15 illustrative works"
check "map.html was not written" test -s map.html
expect_db_unchanged demo.sqlite "$DIGEST"
BYTES=$(wc -c <map.html)
echo "map.html: $BYTES bytes"
py "$STATIC_CHECK" map.html 30 15 works
slurp map.html
for t in '<html lang="vi">' '<meta charset="utf-8">' \
    '<h1 id="trk-title">Công trình hạ tầng vùng đồng bào DTTS&amp;MN, huyện Đại Từ</h1>' \
    'Số liệu đến ngày 15/01/2024' 'id="trk-note-boundaries">Ranh giới gần đúng' \
    'id="trk-note-illustrative">Dữ liệu minh họa: 15/15' 'Leaflet 1.9.4'; do
    if has "$t"; then pass; else fail "map.html lacks '$t'"; fi
done

# One visit checks the drawing and, through "#work=CODE", a popup.
describe "Chromium draws the map offline"
dom "file://$WORK/map.html#work=MH-2022-01" dom.html
slurp dom.html
for t in 'data-drawn-units="30"' 'data-drawn-works="15"' \
    'data-shown-works="15"' 'data-indicator="works"' \
    'Công trình hạ tầng vùng đồng bào DTTS&amp;MN, huyện Đại Từ' \
    'Ranh giới gần đúng, không phải ranh giới chính thức' \
    'Dữ liệu minh họa' 'Lọc công trình' 'Tất cả dòng vốn' \
    'Dự án 4, Tiểu dự án 1' 'Vị trí gần đúng (nét đứt)' 'Chưa có công trình'; do
    if has "$t"; then pass; else fail "the drawn page lacks '$t'"; fi
done
py '
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
body = re.search(r"<body([^>]*)>", dom).group(1)
legend = int(re.search(r"data-legend-classes=\"(\d+)\"", body).group(1))
paths = re.findall(r"<path [^>]*class=\"([^\"]*)\"", dom)
units = sum("trk-unit" in c for c in paths)
works = sum("trk-work" in c for c in paths)
items = len(re.findall(r"<li class=\"trk-class\">", dom))
if (units, works) != (30, 15):
    sys.exit("SVG paths: %d units, %d works; expected 30 and 15" % (units, works))
if items != legend or legend < 2:
    sys.exit("legend: %d class items, data-legend-classes %d" % (items, legend))
' dom.html

"$PYTHON" -c '
import sys
dom = open(sys.argv[1], encoding="utf-8").read()
at = dom.find("<div class=\"leaflet-popup-content-wrapper\">")
print(dom[at:dom.find("leaflet-popup-tip-container", at)] if at >= 0 else "")
' dom.html >popup.html
slurp popup.html
for t in 'class="trk-popup"' 'MH-2022-01' 'Vốn bố trí' '1.850,0 triệu đồng' \
    'Đã giải ngân' 'Dự án 4, Tiểu dự án 1' 'Nhà thầu' \
    'Công ty TNHH Xây dựng Minh Họa Một (minh họa)' 'MH-HD-01' \
    'Đang thực hiện' '1.780,0 triệu đồng' 'Tiến độ' 'Khối lượng' '70 %' \
    'Cảnh báo' 'Quá hạn, chưa hoàn thành' \
    'Minh họa: không phải công trình thật' 'Chỉ biết xã'; do
    if has "$t"; then pass; else fail "the popup lacks '$t'"; fi
done

describe "filters by category, status and budget line"
# A copy of the page with a script after map.js that works the three
# filters the way a reader would and notes how many works each left.
"$PYTHON" -c '
import sys
html = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
var s = document.querySelectorAll(".trk-filters select"), b = document.body;
function pick(i, v, name) {
    s[i].value = v;
    s[i].dispatchEvent(new Event("change"));
    b.setAttribute("data-probe-" + name, b.getAttribute("data-shown-works"));
    s[i].value = "";
    s[i].dispatchEvent(new Event("change"));
}
pick(0, "school", "school");
pick(1, "completion", "completion");
pick(2, "da1", "da1");
pick(2, "none", "none");
</script>
"""
at = html.rindex("</body>")
open(sys.argv[2], "w", encoding="utf-8").write(html[:at] + probe + html[at:])
' map.html filters.html
dom "file://$WORK/filters.html" filters.dom
slurp filters.dom
for want in \
    "school:$(sql demo.sqlite "SELECT count(*) FROM work WHERE category_id = 'school'")" \
    "completion:$(sql demo.sqlite "SELECT count(*) FROM work_state WHERE status = 'completion'")" \
    "da1:$(sql demo.sqlite "SELECT count(DISTINCT work_id) FROM allocation WHERE budget_line_id = 'da1'")" \
    "none:$(sql demo.sqlite "SELECT count(*) FROM work WHERE id NOT IN (SELECT work_id FROM allocation)")" \
    "shown:15"; do
    name=${want%%:*} n=${want#*:}
    attr="data-probe-$name=\"$n\""
    [ "$name" = shown ] && attr="data-shown-works=\"$n\""
    if has "$attr"; then pass; else fail "filter $name: the page lacks $attr"; fi
done

# Every indicator draws; the last one on today's communes.
for ind in allocated disbursed_rate vnd_per_km2; do
    units=2022 n=30
    [ "$ind" = vnd_per_km2 ] && units=current n=10
    describe "--indicator $ind --units $units"
    expect_tracker 0 map --html "$ind.html" --indicator "$ind" \
        --units "$units" --db demo.sqlite
    expect_stdout_contains "wrote $ind.html: $n units, 15 works"
    py "$STATIC_CHECK" "$ind.html" "$n" 15 "$ind"
    dom "file://$WORK/$ind.html" "$ind.dom"
    slurp "$ind.dom"
    for t in "data-drawn-units=\"$n\"" 'data-drawn-works="15"' \
        "data-indicator=\"$ind\"" 'Ranh giới gần đúng'; do
        if has "$t"; then pass; else fail "the drawn page lacks '$t'"; fi
    done
done
slurp vnd_per_km2.dom
for t in 'Các xã hiện nay (10)' 'triệu đồng/km²'; do
    if has "$t"; then pass; else fail "the communes' map lacks '$t'"; fi
done
slurp disbursed_rate.html
if has '"label":"Tỷ lệ giải ngân (% vốn bố trí)"'; then pass; else
    fail "disbursed_rate.html lacks its indicator's label"
fi

describe "names cannot break out of the page"
cp demo.sqlite inj.sqlite
"$TRACKER" add --db inj.sqlite --code 'X</script>' \
    --name '</script><script>document.title="pwned"</script> & <!-- "q" '"'"'a' \
    --category bridge --unit 05803 --point 105.6189 21.6458 >/dev/null \
    2>"$WORK/.add-err" || die "tracker add failed: $(cat "$WORK/.add-err")"
expect_tracker 0 map --html inj.html --db inj.sqlite \
    --title '<b>Bản đồ</b> </script> & "x"' --today 2023-05-06
py "$STATIC_CHECK" inj.html 30 16 works
py '
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(re.search(r"id=\"trk-data\">(.*?)</script>", html, re.S).group(1))
names = [f["properties"]["name"] for f in data["works"]["features"]]
want = "</script><script>document.title=\"pwned\"</script> & <!-- \"q\" \x27a"
if want not in names:
    sys.exit("the name did not survive: %r" % names[-1:])
if "<title>&lt;b&gt;Bản đồ&lt;/b&gt; &lt;/script&gt; &amp; &quot;x&quot;</title>" not in html:
    sys.exit("the title is not escaped")
' inj.html
dom "file://$WORK/inj.html" inj.dom
slurp inj.dom
# The page drew every work and kept its own title: the name stayed data.
for t in 'data-drawn-works="16"' 'Số liệu đến ngày 06/05/2023' \
    '<title>&lt;b&gt;Bản đồ&lt;/b&gt; &lt;/script&gt; &amp; "x"</title>' \
    '&lt;b&gt;Bản đồ&lt;/b&gt; &lt;/script&gt; &amp; "x"</h1>'; do
    if has "$t"; then pass; else fail "the drawn page lacks '$t'"; fi
done

describe "usage errors"
expect_tracker 2 map --html bad.html --indicator roads --db demo.sqlite
expect_error_line "--indicator" "'roads'" "works" "allocated" \
    "disbursed_rate" "vnd_per_km2"
check "a usage error wrote a file" test ! -e bad.html
expect_tracker 2 map --html bad.html --units 2025 --db demo.sqlite
expect_error_line "--units" "'2025'" "2022" "current"
expect_tracker 2 map --html bad.html --today 2024-13-01 --db demo.sqlite
expect_error_line "--today" "2024-13-01"
expect_tracker 2 map --db demo.sqlite
expect_error_line "--html"
expect_tracker 2 map --html bad.html extra --db demo.sqlite
expect_error_line "extra"
expect_tracker 2 map --html
expect_error_line
check "a usage error wrote a file" test ! -e bad.html
expect_tracker 0 map --help
expect_stdout_contains "usage: tracker map (--html FILE | --png FILE | --pdf FILE)" "vnd_per_km2"

describe "runtime errors"
expect_tracker 1 map --html "$WORK/no/such/dir/map.html" --db demo.sqlite
expect_error_line "$WORK/no/such/dir/map.html"
mkdir adir
expect_tracker 1 map --html adir --db demo.sqlite
expect_error_line "'adir'"
expect_tracker 1 map --html x.html --db missing.sqlite
expect_error_line "missing.sqlite"
check "a failed map wrote a file" test ! -e x.html

finish
