#!/usr/bin/env bash
# Run the full test suite from a fresh clone: system packages (as root, via apt-get),
# the virtual environment (.venv), then pytest twice: the whole suite on the embedded SQLite
# default, then on a private PostgreSQL server (the regional-server setup) that the tests
# start, every test that can depend on the engine (docs/testing.md: engine_independent).
# Extra arguments go to pytest, e.g. ./test.sh tests/exchange -x
# LABREGISTRY_TEST_BACKENDS="sqlite" runs one pass only.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
ensure_system_packages
ensure_venv test
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

workers=()
if [ "$(nproc)" -gt 1 ]; then workers=(-n "$(nproc)"); fi

status=0
for backend in ${LABREGISTRY_TEST_BACKENDS:-sqlite postgres}; do
  echo "== tests on $backend =="
  set +e
  LABREGISTRY_TEST_BACKEND="$backend" .venv/bin/python -m pytest "${workers[@]}" "$@"
  rc=$?
  set -e
  if [ "$rc" -eq 5 ]; then
    echo "error: pytest collected no tests ($backend)" >&2
    rc=1
  fi
  [ "$rc" -ne 0 ] && status=$rc
done
exit "$status"
