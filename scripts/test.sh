#!/bin/sh
# The test command: installs what is missing, checks formatting, builds
# the tracker twice (a normal build and an AddressSanitizer +
# UndefinedBehaviorSanitizer build, both with -Wall -Wextra -Werror) and
# runs every test (cmocka unit tests and CLI tests) under ctest in both.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== clang-format"
files=$(git ls-files 'gis/*.[ch]' 'tracker/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' \
    2>/dev/null || find gis tracker tests bench -name '*.[ch]')
clang-format --dry-run --Werror $files

echo "== build (normal)"
scripts/build.sh build
echo "== build (address + undefined sanitizers)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DTRACKER_SANITIZE=ON

echo "== tests (normal)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "== tests (sanitizers)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
LSAN_OPTIONS=suppressions="$(pwd)/scripts/lsan.supp":print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
echo "== all tests passed"
