#!/bin/sh
# Geocoder benchmark: a synthetic province-scale gazetteer (100,000 names
# from Vietnamese syllables) and 100,000 queries written five ways (exact,
# without diacritics, upper case, abbreviated prefixes, one typo).  Prints
# queries per second on one core and the share answered right, beside an
# exact-key SQL lookup on the same queries as the baseline.
# Targets: >= 20,000 queries/s, >= 99% right on unambiguous queries.
# Usage: scripts/bench-geocode.sh [--names N] [--queries N]
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build-release -DCMAKE_BUILD_TYPE=Release
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
exec taskset -c 0 build-release/bench/bench_geocode "$@"
