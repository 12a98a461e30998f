#!/bin/sh
# Import benchmark: 100,000 works from a CSV with lon/lat into a database
# holding 10,000 synthetic unit polygons (each work assigned to its unit),
# beside `ogr2ogr -f SQLite -dsco SPATIALITE=YES` loading the same CSV
# without assignment.  Prints both times and their ratio.
# Target: the tracker takes at most 1.5 times as long as ogr2ogr.
# Then the office benchmark (bench/bench_import_office.c): rows as an
# office sheet has them (allocation, line and source, year, status; a
# third by VN-2000 X/Y, a tenth by hamlet text), 10,000 and 100,000 rows,
# and 100,000 with 10% refused, on the shipped layers and on 10,000
# synthetic units, each beside ogr2ogr.
# Usage: scripts/bench-import.sh [--units N] [--works N]
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
build-release/bench/bench_import "$@"
echo
build-release/bench/bench_import_office
echo
build-release/bench/bench_import_office --synthetic
