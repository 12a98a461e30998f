#!/bin/sh
# Installs the Debian 12 packages the tracker builds, tests and runs with,
# but only those that are missing, so a second run costs nothing and sends
# nothing over the network.  Runs apt-get as root, or through sudo.
set -eu

packages="build-essential cmake pkg-config git ca-certificates
libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
libutf8proc-dev libcurl4-openssl-dev libjson-c-dev libcmocka-dev
libxlsxwriter-dev python3-jsonschema libcairo2-dev fonts-dejavu-core
chromium clang-format python3"
# npm fetches Leaflet for the web map at build time; a machine whose
# node (e.g. NodeSource's) already brings npm keeps it.
command -v npm >/dev/null 2>&1 || packages="$packages npm"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "error: missing packages:$missing (run as root or install sudo)" >&2
    exit 1
fi
echo "installing:$missing" >&2
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >&2
