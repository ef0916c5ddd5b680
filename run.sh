#!/usr/bin/env bash
# Start the LabRegistry desktop app on its embedded SQLite default.
# Creates the virtual environment (.venv) on first use; extra arguments go to
# `labregistry`, e.g. ./run.sh --home /tmp/h   or   ./run.sh --lang en
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
ensure_system_packages gui
ensure_venv gui
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ] && [ "$(uname)" = "Linux" ]; then
  echo "note: no display found (DISPLAY/WAYLAND_DISPLAY unset); starting without a window (offscreen)" >&2
  export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/labregistry "$@" gui
