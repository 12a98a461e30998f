# test_export.sh: `tracker export geojson DIR` writes four RFC 7946 layers
# that OGR reads: units-2022 (30), communes-2025 (10), works-points and
# works-lines (as many as the database holds); every coordinate lies in
# the district with at most 7 decimals, unit features say they are
# approximate, and there is no "crs" member.
set -eu
. "$(dirname "$0")/lib.sh"

init_db db.sqlite
add() {
    "$TRACKER" add --db db.sqlite "$@" >/dev/null 2>"$WORK/.add-err" ||
        die "tracker add $*: $(cat "$WORK/.add-err")"
}
# More decimals than a GeoJSON file should carry (RFC 7946 11.2).
add --code P1 --name 'Cầu thử' --category bridge --unit 05803 \
    --point 105.618912345678 21.645812345678 \
    --budget-line da4-tda1 --amount 500000000
add --code P2 --name 'Trường thử' --category school --unit 05824 \
    --point 105.754 21.6113
add --code L1 --name 'Đường thử' --category rural_road --unit 05800 \
    --as-of 2022-10-11 --line 'LINESTRING(105.60 21.66,105.605 21.662,105.61 21.665)'
NPOINTS=$(sql db.sqlite "SELECT count(*) FROM work WHERE id NOT IN
    (SELECT work_id FROM work_line)")
NLINES=$(sql db.sqlite "SELECT count(*) FROM work_line")
expect_eq "$NPOINTS/$NLINES" "2/1" "point/line works in the database"
DIGEST=$(db_digest db.sqlite)

describe "export geojson"
expect_tracker 0 export geojson out --db db.sqlite
expect_stderr_empty
expect_stdout_contains "units-2022.geojson" "communes-2025.geojson" \
    "works-points.geojson" "works-lines.geojson"
expect_db_unchanged db.sqlite "$DIGEST"

# ogr_count FILE: the feature count ogrinfo reads, or "unreadable".
ogr_count() {
    if ogrinfo -ro -so -al "$1" >"$WORK/.ogr" 2>&1; then
        slurp "$WORK/.ogr"
        _c=${SLURP#*Feature Count: }
        echo "${_c%%
*}"
    else
        echo unreadable
    fi
}

describe "ogrinfo reads every layer"
for f in units-2022:30 communes-2025:10 works-points:$NPOINTS \
    works-lines:$NLINES; do
    name=${f%%:*}
    expect_eq "$(ogr_count "out/$name.geojson")" "${f#*:}" \
        "features ogrinfo counts in $name.geojson"
done

describe "GeoJSON content"
py '
import json, sys
from decimal import Decimal
W, E, S, N = 105.40, 105.85, 21.40, 21.85
d = sys.argv[1]
problems = []
def load(name):
    decimals = []
    def num(text):
        decimals.append((-Decimal(text).as_tuple().exponent, text))
        return float(text)
    with open("%s/%s.geojson" % (d, name), encoding="utf-8") as f:
        doc = json.load(f, parse_float=num)
    worst = max(decimals) if decimals else (0, "")
    if worst[0] > 7:
        problems.append("%s: %s has %d decimals" % (name, worst[1], worst[0]))
    if doc.get("type") != "FeatureCollection":
        problems.append("%s: type %r" % (name, doc.get("type")))
    if "crs" in doc or any("crs" in f for f in doc["features"]):
        problems.append("%s: has a crs member (not RFC 7946)" % name)
    return doc
def positions(g):
    c = g["coordinates"]
    depth = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2,
             "MultiLineString": 2, "MultiPolygon": 3}[g["type"]]
    def walk(c, k):
        if k == 0:
            yield c
        else:
            for x in c:
                yield from walk(x, k - 1)
    return walk(c, depth)
def ring_area(r):
    return sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
               for i in range(len(r) - 1)) / 2
def rings_ok(name, f):
    g = f["geometry"]
    polys = {"Polygon": [g["coordinates"]],
             "MultiPolygon": g["coordinates"]}.get(g["type"])
    if polys is None:
        problems.append("%s %s: a %s, not a polygon" % (
            name, f["properties"].get("code"), g["type"]))
        return
    for p in polys:
        for i, r in enumerate(p):
            if r[0] != r[-1] or len(r) < 4:
                problems.append("%s %s: ring not closed" % (name,
                                f["properties"]["code"]))
            # RFC 7946 3.1.6: exterior rings counterclockwise, holes not.
            if (ring_area(r) > 0) != (i == 0):
                problems.append("%s %s: ring %d winds the wrong way" % (
                    name, f["properties"]["code"], i))
counts = {}
for name in ("units-2022", "communes-2025", "works-points", "works-lines"):
    doc = load(name)
    counts[name] = len(doc["features"])
    for f in doc["features"]:
        p = f["properties"]
        for lon, lat in (pos[:2] for pos in positions(f["geometry"])):
            if not (W <= lon <= E and S <= lat <= N):
                problems.append("%s %s: %r %r outside the district box" % (
                    name, p.get("code"), lon, lat))
                break
        if name.startswith(("units", "communes")):
            rings_ok(name, f)
            if p.get("approximate") is not True:
                problems.append("%s %s: approximate is %r" % (
                    name, p.get("code"), p.get("approximate")))
            if not isinstance(p.get("boundary_note"), str) or \
                    not p["boundary_note"].strip():
                problems.append("%s %s: no boundary_note" % (name,
                                p.get("code")))
        else:
            if p.get("illustrative") is not False:
                problems.append("%s %s: illustrative is %r for a real work" % (
                    name, p.get("code"), p.get("illustrative")))
    if name == "works-points":
        by = {f["properties"]["code"]: f for f in doc["features"]}
        if sorted(by) != ["P1", "P2"]:
            problems.append("works-points codes %s" % sorted(by))
        else:
            g = by["P1"]["geometry"]
            lon, lat = g["coordinates"]
            if g["type"] != "Point" or abs(lon - 105.6189123) > 1.01e-7 or \
                    abs(lat - 21.6458123) > 1.01e-7:
                problems.append("P1 exported at %r %r" % (lon, lat))
            if by["P1"]["properties"].get("amount_vnd") != 500000000:
                problems.append("P1 amount_vnd %r" %
                                by["P1"]["properties"].get("amount_vnd"))
    if name == "works-lines":
        (f,) = doc["features"]
        if f["properties"].get("code") != "L1" or \
                f["geometry"]["type"] not in ("LineString", "MultiLineString"):
            problems.append("works-lines: %r" % f)
        elif len(list(positions(f["geometry"]))) != 3:
            problems.append("L1 exported with %d vertices" %
                            len(list(positions(f["geometry"]))))
        elif not f["properties"].get("length_m", 0) > 0:
            problems.append("L1 length_m %r" % f["properties"].get("length_m"))
want = {"units-2022": 30, "communes-2025": 10, "works-points": 2,
        "works-lines": 1}
if counts != want:
    problems.append("feature counts %s, expected %s" % (counts, want))
assert not problems, "\n".join(problems[:20])
' out

describe "export again into the same directory"
cp out/units-2022.geojson units-first.geojson 2>/dev/null || :
expect_tracker 0 export geojson out --db db.sqlite
check "a second export wrote a different units-2022.geojson" \
    cmp -s out/units-2022.geojson units-first.geojson
expect_eq "$(ogr_count out/works-points.geojson)" "$NPOINTS" \
    "points after a second export"

describe "export from a missing database"
expect_tracker 1 export geojson out2 --db missing.sqlite
expect_error_line "missing.sqlite"
check "a failed export created its directory" test ! -e out2
check "a failed export created the database" test ! -e missing.sqlite

describe "export kml and gpkg: one styled file each"
expect_tracker 0 export kml works.kml --db db.sqlite
expect_stdout_contains "wrote works.kml" "(Công trình (điểm))"
run ogrinfo -ro -al -so works.kml
check "ogrinfo reads the KML" [ "$RC" -eq 0 ]
expect_stdout_contains "Layer name: units_2022" "Layer name: works_points"
check "the KML has styles" grep -q "<Style>" works.kml
expect_tracker 0 export gpkg works.gpkg --db db.sqlite
run ogrinfo -ro -so works.gpkg
check "ogrinfo reads the GeoPackage" [ "$RC" -eq 0 ]
expect_stdout_contains "units_2022" "communes_2025" "works_points" "works_lines"
# QGIS reads layer_styles: one default style per layer, each a
# well-formed QML document whose renderer uses a field the layer has.
sql works.gpkg "SELECT f_table_name || char(9) || replace(styleQML, char(10), ' ')
    FROM layer_styles WHERE useAsDefault" >styles.tsv
py '
import sqlite3, sys, xml.etree.ElementTree as ET
rows = [l.rstrip("\n").split("\t", 1) for l in open("styles.tsv", encoding="utf-8")]
assert sorted(r[0] for r in rows) == ["communes_2025", "units_2022",
                                      "works_lines", "works_points"], rows
db = sqlite3.connect("works.gpkg")
for table, qml in rows:
    root = ET.fromstring(qml.split(">", 1)[1])  # after the DOCTYPE
    assert root.tag == "qgis", table
    cols = {r[1] for r in db.execute("PRAGMA table_info(%s)" % table)}
    r = root.find("renderer-v2")
    assert r is not None, table
    if r.get("type") == "categorizedSymbol":
        assert r.get("attr") in cols, (table, r.get("attr"))
        cats = r.findall("categories/category")
        syms = r.findall("symbols/symbol")
        assert len(cats) == len(syms) >= 10, table
        used = {v for (v,) in db.execute("SELECT DISTINCT category FROM %s" % table)}
        assert used <= {c.get("value") for c in cats}, (table, used)
    label = root.find("labeling/settings/text-style")
    assert label.get("fieldName") in cols, table
'
expect_tracker 2 export shp out.shp --db db.sqlite
expect_error_line "unknown export format 'shp'" "kml, gpkg"
expect_tracker 1 export gpkg /nonexistent/x.gpkg --db db.sqlite
expect_error_line "/nonexistent/x.gpkg"

finish
