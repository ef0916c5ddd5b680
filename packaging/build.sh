#!/usr/bin/env bash
# Build the installable app: packaging/build.sh linux|windows (see packaging/README.md).
#   linux    dist/linux/labregistry/ (PyInstaller one-folder) and dist/linux/labregistry_VERSION_amd64.deb
#   windows  dist/windows/labregistry/ (labregistry-gui.exe + labregistry.exe) and
#            dist/windows/LabRegistry-VERSION-setup.exe (NSIS), built under Wine here
# Then: packaging/smoke.sh dist/linux  or  packaging/smoke.sh dist/windows
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  linux) exec packaging/linux/build.sh ;;
  windows) exec packaging/windows/build.sh ;;
  *) echo "usage: packaging/build.sh linux|windows" >&2; exit 2 ;;
esac
