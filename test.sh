#!/usr/bin/env bash
# Run the full test suite from a fresh clone: system packages (as root, via apt-get),
# the virtual environment (.venv), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
ensure_system_packages
ensure_venv test
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$rc"
