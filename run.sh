#!/usr/bin/env bash
# Start the LabRegistry desktop app on its embedded SQLite default.
# Creates the virtual environment (.venv) on first use; extra arguments go to
# `labregistry`, e.g. ./run.sh --home /tmp/h   or   ./run.sh --lang en
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
ensure_venv gui
exec .venv/bin/labregistry "$@" gui
