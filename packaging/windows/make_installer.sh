#!/usr/bin/env bash
# make_installer.sh FOLDER VERSION OUT.exe [BUILD]: the NSIS installer of a Windows
# PyInstaller folder (installer.nsi). BUILD (default 0) is the fourth number of the
# version resource, and marks a rebuild of the same version (smoke.sh's upgrade check).
set -euo pipefail
folder="$1" version="$2" out="$3" build="${4:-0}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
IFS=. read -r major minor patch _ <<< "$version.0.0"
display="$version"
[ "$build" = 0 ] || display="$version.$build"
# a path for makensis: Git Bash on Windows hands Windows paths to Windows programs
native() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }
command -v makensis >/dev/null || { echo "error: makensis missing (Debian: apt-get install nsis)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# a fixed timestamp: the same folder gives the same installer
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}" \
makensis -V2 -INPUTCHARSET UTF8 \
  "-DVERSION=$display" "-DFILEVERSION=$major.$minor.$patch.$build" \
  "-DSOURCE=$(native "$(realpath "$folder")")" "-DOUTFILE=$(native "$(realpath -m "$out")")" \
  "-DICON=$(native "$root/ui/resources/icons/labregistry.ico")" \
  "$(native "$here/installer.nsi")" >&2
echo "$out"
