# Shared by packaging/linux/build.sh, packaging/windows/build.sh and packaging/smoke.sh.
# Sourced with the repository root as the working directory.

ROOT="$(pwd)"
BUILD_ROOT="$ROOT/build/packaging"   # venvs, PyInstaller work folders, Wine prefixes (not in git)
DIST_ROOT="$ROOT/dist"

PY3="${PY3:-python3}"                # a Python 3.11+ to run the helpers (the workflow: python)

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The version of pyproject.toml: the one source of every version a build carries.
project_version() {
  "$PY3" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' \
    "$ROOT/pyproject.toml"
}

# Debian packages, installed with apt-get when missing (as scripts/venv.sh does).
need_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "please install: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# The project's wheel, built from a copy of the working tree (pip builds in the tree it
# is given; the checkout stays free of build/ and *.egg-info). Prints the wheel's path.
build_wheel() {
  local out="$1" python="$2"
  local src="$BUILD_ROOT/src"
  rm -rf "$src" "$out" && mkdir -p "$src" "$out"
  cp -r "$ROOT/labregistry" "$ROOT/ui" "$ROOT/pyproject.toml" "$ROOT/README.md" "$src/"
  find "$src" -name __pycache__ -prune -exec rm -rf {} +
  "$python" -m pip wheel --no-deps -q -w "$out" "$src" >&2
  ls "$out"/labregistry-*.whl
}

# Test tools, profilers and type checkers never go into a build (the build venvs hold the
# runtime dependencies and the gui extra only); smoke.sh checks the built folder too.
DEV_ONLY='pytest|hypothesis|mypy|zxing|pyinstrument|py_spy|py-spy|calamine|pytest_qt|xdist'

check_runtime_only() {  # $1: a `pip list` output file
  if grep -iE "^($DEV_ONLY)([-_= ]|$)" "$1"; then
    die "the build environment holds test or developer tools (above): it must hold only runtime packages"
  fi
}

# Sizes of a built folder, largest parts first, for build-info.json and the README.
folder_report() {  # $1 folder, $2 seconds, $3 out json, $4.. extra key=value (numbers)
  "$PY3" - "$@" <<'EOF'
import json, os, sys
from pathlib import Path
folder, seconds, out, *extra = sys.argv[1:]
folder = Path(folder)
files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
total = sum(p.stat().st_size for p in files)
groups = {}
for p in files:
    rel = p.relative_to(folder).parts
    inner = rel[1:] if rel[0] == "_internal" else rel
    key = "/".join(inner[:2]) if inner and inner[0] in ("PySide6", "cryptography", "psycopg_binary") else inner[0]
    if inner and inner[0] == "PySide6" and len(inner) > 2 and inner[1] in ("Qt", "lib"):
        key = "/".join(inner[:3])
    groups[key] = groups.get(key, 0) + p.stat().st_size
largest = sorted(groups.items(), key=lambda kv: -kv[1])[:15]
info = {"folder": str(folder), "files": len(files), "bytes": total, "mb": round(total / 1e6, 1),
        "build_seconds": round(float(seconds)), "largest_mb": {k: round(v / 1e6, 1) for k, v in largest}}
for pair in extra:
    key, value = pair.split("=", 1)
    info[key] = float(value) if value.replace(".", "", 1).isdigit() else value
Path(out).write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"{folder}: {info['mb']} MB in {len(files)} files, built in {info['build_seconds']} s", file=sys.stderr)
for k, v in largest[:8]:
    print(f"  {v / 1e6:7.1f} MB  {k}", file=sys.stderr)
EOF
}
