#!/usr/bin/env bash
# Measure LabRegistry at regional scale (issue #9): builds synthetic regions with the
# project's own demo and export, prints a table and writes benchmarks/results.json.
# ./bench.sh --quick   finishes in about a minute; ./bench.sh   is the full run (about 8 min on
# a quiet 2-core machine, building the regions included; see docs/benchmarks.md).
# Regions are cached in a temp folder of this checkout's own (--work; ./bench.sh --help).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
ensure_system_packages
ensure_venv bench
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python benchmarks/run.py "$@"
