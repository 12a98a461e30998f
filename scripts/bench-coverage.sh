#!/bin/sh
# Coverage benchmark: `tracker coverage` on a synthetic province (10,000
# units, 100,000 hamlets, 50,000 facilities) at quarter, half and full
# size, then its nearest-facility step beside SpatiaLite's VirtualKNN, the
# SQL nested loop (each on as many queries as fit in --seconds) and
# PostGIS's `<->` KNN on geography with a GiST index, every answer checked.
# PostGIS runs in a throwaway cluster in a temporary directory, on
# 127.0.0.1 and a socket there, stopped and removed on exit; postgresql
# and postgresql-15-postgis-3 are installed from Debian's packages when
# missing.  Without them (no network) the other figures are still printed.
# Targets: ours >= 100 times VirtualKNN's queries/s; faster than PostGIS.
# Usage: scripts/bench-coverage.sh [--units N] [--seconds S] [--port P]
set -eu
cd "$(dirname "$0")/.."

units=10000 seconds=60 port=54329
while [ $# -gt 0 ]; do
    case "$1" in
    --units) units=$2 ;;
    --seconds) seconds=$2 ;;
    --port) port=$2 ;;
    *)
        echo "usage: scripts/bench-coverage.sh [--units N] [--seconds S]" \
            "[--port P]" >&2
        exit 2
        ;;
    esac
    shift 2
done

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-release -j"$(nproc)" --target bench_coverage >/dev/null

work=$(mktemp -d /tmp/bench-coverage.XXXXXX)
pgdir="" pgbin=""
cleanup() {
    if [ -n "$pgdir" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
        as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    sudo="none"
fi
as_postgres() {
    if [ -z "$sudo" ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres "$@"
    fi
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
build-release/bench/bench_coverage --units "$units" --seconds "$seconds" \
    --dir "$work/data" 2>"$work/bench.log" || {
    cat "$work/bench.log" >&2
    exit 1
}
. "$work/data/nearest.env"

# PostGIS: installed from Debian's packages when missing.
installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
postgis=yes
if ! installed postgresql || ! installed postgresql-15-postgis-3; then
    if [ "$sudo" = none ]; then
        postgis="no: postgresql-15-postgis-3 is missing and this is neither root nor sudo"
    elif ! { $sudo apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
            --no-install-recommends postgresql postgresql-15-postgis-3; } \
        >"$work/apt.log" 2>&1; then
        postgis="no: cannot install postgresql-15-postgis-3 ($(tail -n 1 "$work/apt.log"))"
    fi
fi
if [ "$postgis" = yes ] && [ "$sudo" = none ]; then
    postgis="no: a cluster owned by postgres needs root or sudo"
fi
if [ "$postgis" = yes ]; then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$pgbin/initdb" ] || postgis="no: initdb not found"
fi
if [ "$postgis" != yes ]; then
    echo
    echo "PostGIS: not run ($postgis)"
    exit 0
fi

# A throwaway cluster: owned by postgres, trust on loopback and its own
# socket directory only, no fsync (nothing here must survive).
pgdir="$work/pg"
mkdir -p "$pgdir"
chmod 755 "$work"
$sudo chown postgres:postgres "$pgdir"
as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 \
    --no-sync >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log" >&2
    exit 1
}
# The first free port from --port on.
started=no
for p in $(seq "$port" $((port + 9))); do
    if as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" \
        -w -o "-c listen_addresses=127.0.0.1 -c port=$p -c unix_socket_directories=$pgdir -c fsync=off -c shared_buffers=256MB" \
        start >/dev/null 2>&1; then
        started=yes port=$p
        break
    fi
done
if [ "$started" != yes ]; then
    echo "error: cannot start PostgreSQL on ports $port-$((port + 9))" >&2
    cat "$pgdir/server.log" >&2
    exit 1
fi
psql="psql -X -q -At -v ON_ERROR_STOP=1 -h $pgdir -p $port -U postgres -d postgres"

# Load, index, then time the KNN query three times with one worker (as
# ours runs on one thread: EXPLAIN ANALYZE's execution time, and the
# backend's CPU time from /proc), once with the default settings
# (parallel workers allowed), and compare its answers with ours.
$psql >"$work/pg.out" 2>"$work/pg.err" <<EOF || {
\\set q 'SELECT q.id, f.id FROM q CROSS JOIN LATERAL (SELECT id FROM fac ORDER BY fac.g <-> q.g LIMIT 1) f'
CREATE EXTENSION postgis;
CREATE TABLE fac (id bigint PRIMARY KEY, lon float8, lat float8,
                  g geography(Point, 4326));
CREATE TABLE q (id bigint PRIMARY KEY, lon float8, lat float8,
                g geography(Point, 4326));
CREATE TABLE ours (qid bigint PRIMARY KEY, fid bigint, metres float8);
\\copy fac (id, lon, lat) FROM '$work/data/facilities.csv' CSV HEADER
\\copy q (id, lon, lat) FROM '$work/data/queries.csv' CSV HEADER
\\copy ours FROM '$work/data/ours.csv' CSV HEADER
UPDATE fac SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
UPDATE q SET g = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
SELECT clock_timestamp() AS t0 \\gset
CREATE INDEX fac_g ON fac USING gist (g);
SELECT 'index_s=' || extract(epoch FROM clock_timestamp() - :'t0'::timestamptz);
VACUUM ANALYZE fac;
VACUUM ANALYZE q;
CREATE FUNCTION explain_json(sql text) RETURNS json LANGUAGE plpgsql AS \$\$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || sql INTO plan;
    RETURN plan;
END \$\$;
SELECT 'version=' || (SELECT extversion FROM pg_extension WHERE extname =
    'postgis') || ' on PostgreSQL ' || current_setting('server_version');
SELECT 'uses_index=' || (explain_json(:'q')::text LIKE '%fac_g%');
SELECT pg_backend_pid() AS pid \\gset
SET max_parallel_workers_per_gather = 0;
\\set c0 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
SELECT 'run1_ms=' || (explain_json(:'q')->0->>'Execution Time');
\\set c1 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
SELECT 'run2_ms=' || (explain_json(:'q')->0->>'Execution Time');
\\set c2 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
SELECT 'run3_ms=' || (explain_json(:'q')->0->>'Execution Time');
\\set c3 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`
SELECT 'cpu_ticks=' || :c1 - :c0 || ',' || :c2 - :c1 || ',' || :c3 - :c2;
RESET max_parallel_workers_per_gather;
SELECT explain_json(:'q') AS pj \\gset
SELECT 'parallel_ms=' || ((:'pj')::json->0->>'Execution Time');
SELECT 'parallel_workers=' || coalesce((:'pj')::json->0->'Plan'->>'Workers Launched', '0');
CREATE TABLE pg AS SELECT q.id AS qid, f.id AS fid FROM q CROSS JOIN LATERAL
    (SELECT id FROM fac ORDER BY fac.g <-> q.g LIMIT 1) f;
WITH c AS (
    SELECT o.fid AS fo, p.fid AS fp, o.metres,
           ST_Distance(q.g, a.g) AS mo, ST_Distance(q.g, b.g) AS mp
    FROM ours o JOIN pg p USING (qid) JOIN q ON q.id = o.qid
    JOIN fac a ON a.id = o.fid JOIN fac b ON b.id = p.fid)
SELECT 'shared=' || count(*) || E'\nsame=' || count(*) FILTER (WHERE fo = fp)
    || E'\nties=' || count(*) FILTER (WHERE fo <> fp AND abs(mo - mp) <= 1)
    || E'\nours_nearer=' || count(*) FILTER (WHERE fo <> fp AND mo < mp - 1)
    || E'\npg_nearer=' || count(*) FILTER (WHERE fo <> fp AND mp < mo - 1)
    || E'\nworst_m=' || round(greatest(max(mo - mp), 0)::numeric, 2)
    || E'\npg_worst_m=' || round(greatest(max(mp - mo), 0)::numeric, 2)
    || E'\nmetres_diff=' || round(max(abs(metres - mo))::numeric, 3)
FROM c;
SELECT 'unanswered=' || count(*) FROM ours o WHERE NOT EXISTS
    (SELECT 1 FROM pg p WHERE p.qid = o.qid);
EOF
    cat "$work/pg.err" >&2
    exit 1
}

# key=value lines from psql into shell variables (values are numbers,
# true/false, or the version text).
get() { sed -n "s/^$1=//p" "$work/pg.out" | head -n 1; }
tck=$(getconf CLK_TCK)
awk -v r1="$(get run1_ms)" -v r2="$(get run2_ms)" -v r3="$(get run3_ms)" \
    -v ticks="$(get cpu_ticks)" -v tck="$tck" -v par="$(get parallel_ms)" \
    -v workers="$(get parallel_workers)" \
    -v n="$queries" -v nf="$facilities" -v ow="$ours_wall" -v oc="$ours_cpu" \
    -v index_s="$(get index_s)" -v version="$(get version)" \
    -v uses="$(get uses_index)" -v shared="$(get shared)" \
    -v same="$(get same)" -v ties="$(get ties)" \
    -v on="$(get ours_nearer)" -v pn="$(get pg_nearer)" \
    -v worst="$(get worst_m)" -v pgworst="$(get pg_worst_m)" -v mdiff="$(get metres_diff)" \
    -v unanswered="$(get unanswered)" '
function fmt(v,   s, out) {   # 1234567 -> 1,234,567
    s = sprintf("%d", v + 0.5); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    return s out
}
BEGIN {
    # The median run by wall time, with its CPU time.
    w[1] = r1 / 1000; w[2] = r2 / 1000; w[3] = r3 / 1000
    split(ticks, t, ","); for (i = 1; i <= 3; i++) c[i] = t[i] / tck
    for (i = 1; i <= 3; i++) { k = 0
        for (j = 1; j <= 3; j++) if (w[j] < w[i] || (w[j] == w[i] && j < i)) k++
        if (k == 1) m = i }
    pw = w[m]; pc = c[m]; pp = par / 1000
    printf "\nPostGIS %s: the same %s query points and %s facilities,", version, fmt(n), fmt(nf)
    printf " a GiST index on geography (built in %.2f s, not counted), index-ordered scan: %s\n\n", index_s, uses == "true" ? "yes" : "NO"
    print "| method | queries | wall s | CPU s | queries/s (wall) | queries/s (CPU) | ours / method (wall) | ours / method (CPU) |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf "| PostGIS `<->` KNN on geography, GiST, one worker (median of 3) | %s | %.2f | %.2f | %s | %s | %.2f | %.2f |\n", fmt(n), pw, pc, fmt(n / pw), (pc > 0 ? fmt(n / pc) : "-"), (n / ow) / (n / pw), (pc > 0 ? (n / oc) / (n / pc) : 0)
    printf "| PostGIS, default settings (parallel workers allowed; %d launched) | %s | %.2f | - | %s | - | %.2f | - |\n", workers, fmt(n), pp, fmt(n / pp), (n / ow) / (n / pp)
    printf "\n(PostGIS one-worker runs: %.2f, %.2f, %.2f s wall; %.2f, %.2f, %.2f s CPU of the backend)\n", w[1], w[2], w[3], c[1], c[2], c[3]
    printf "\ncorrectness against PostGIS (distances by PostGIS ST_Distance on the spheroid; `<->` on geography ranks on the sphere):\n"
    printf "- %s shared queries: %s same facility, %d near-ties within 1 m, %d where ours is nearer by more than 1 m, %d where PostGIS is nearer by more than 1 m (ours at most %s m farther; the PostGIS answer at most %s m farther)", fmt(shared), fmt(same), ties, on, pn, worst, pgworst
    if (unanswered > 0) printf ", %d unanswered by PostGIS", unanswered
    printf "\n- our reported distances against ST_Distance: at most %s m apart\n", mdiff
    rw = (n / ow) / (n / pw); rc = (pc > 0 ? (n / oc) / (n / pc) : 0)
    printf "\nours / PostGIS (one worker): %.2f by wall time, %.2f by CPU time (target > 1): %s\n", rw, rc, (rw > 1 && rc > 1) ? "met" : "NOT met"
}'
