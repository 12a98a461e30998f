#!/bin/sh
# The main job: installs what is missing, builds, and runs `tracker demo`,
# which builds demo/tracker.sqlite from the shipped Đại Từ layers plus
# illustrative sample works and exports demo/geojson/*.geojson.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build
exec build/tracker/tracker demo --out demo "$@"
