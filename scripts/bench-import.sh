#!/bin/sh
# Import benchmark: 100,000 works from a CSV with lon/lat into a database
# holding 10,000 synthetic unit polygons (each work assigned to its unit),
# beside `ogr2ogr -f SQLite -dsco SPATIALITE=YES` loading the same CSV
# without assignment.  Prints both times and their ratio.
# Target: the tracker takes at most 1.5 times as long as ogr2ogr.
# Usage: scripts/bench-import.sh [--units N] [--works N]
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec build-release/bench/bench_import "$@"
