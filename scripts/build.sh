#!/bin/sh
# Installs what is missing, then configures and builds the tracker.
# Usage: scripts/build.sh [BUILD_DIR [extra cmake options...]]
# The default build is build/; scripts/test.sh also builds build-asan/
# with -DTRACKER_SANITIZE=ON.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dir=${1:-build}
[ $# -gt 0 ] && shift
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
