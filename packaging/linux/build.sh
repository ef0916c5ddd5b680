#!/usr/bin/env bash
# The Linux build: dist/linux/labregistry/ (PyInstaller, one folder) and
# dist/linux/labregistry_VERSION_amd64.deb. Called by packaging/build.sh linux.
set -euo pipefail
cd "$(dirname "$0")/../.."
source packaging/lib.sh

started=$SECONDS
version="$(project_version)"
work="$BUILD_ROOT/linux"
dist="$DIST_ROOT/linux"
venv="$work/venv"
mkdir -p "$work"

# Debian's own Python (security updates from Debian; its shared libpython is what
# PyInstaller ships), unless PYTHON names another.
python="${PYTHON:-/usr/bin/python3}"
need_packages python3 python3-venv binutils dpkg-dev desktop-file-utils appstream
need_packages "libpython3.$("$python" -c 'import sys; print(sys.version_info[1])')"

# A build venv with the runtime dependencies and the gui extra only, remade when
# pyproject.toml or the pinned build tools change.
stamp="$( (cat pyproject.toml packaging/requirements-build.txt; "$python" --version) | sha256sum | cut -c1-16)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "build venv ($venv)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -r packaging/requirements-build.txt
  echo "$stamp" > "$venv/.stamp"
fi
say "wheel"
wheel="$(build_wheel "$work/wheel" "$venv/bin/python")"
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps "$wheel"
"$venv/bin/python" -m pip install -q "${wheel}[gui]"  # the runtime dependencies and PySide6
"$venv/bin/python" -m pip list --format=freeze > "$work/packages.txt"
check_runtime_only "$work/packages.txt"

say "PyInstaller"
rm -rf "$dist"
pyi_started=$SECONDS
"$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work/pyinstaller" packaging/labregistry.spec
pyi_seconds=$((SECONDS - pyi_started))
cp "$work/packages.txt" "$dist/packages.txt"

say "Debian package"
deb_started=$SECONDS
packaging/linux/make_deb.sh "$dist/labregistry" "$version" "$dist"
deb_seconds=$((SECONDS - deb_started))

deb="$(ls "$dist"/labregistry_*_amd64.deb)"
folder_report "$dist/labregistry" "$((SECONDS - started))" "$dist/build-info.json" \
  "pyinstaller_seconds=$pyi_seconds" "deb_seconds=$deb_seconds" "deb_bytes=$(stat -c %s "$deb")" \
  "version=$version"
say "done: $dist/labregistry and $deb ($((SECONDS - started)) s)"
