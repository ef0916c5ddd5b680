# Sourced by packaging/windows/build.sh and packaging/smoke.sh: Wine set up for a build or
# a check, in a prefix of its own. The Wine 8 work-arounds (packaging/wine/) go into that
# prefix only, never into a build.

# Wine prefixes live outside the checkout: each links its drive Z: to / , and setuptools
# (pip install -e . of run.sh and test.sh) follows links when it lists the project's files.
WINE_PREFIXES="${LABREGISTRY_WINE_PREFIXES:-${XDG_CACHE_HOME:-$HOME/.cache}/labregistry-wine}"

export WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Unix file names in UTF-8 (the data folders hold Chinese); the console's code page is
# set per command (chcp) by smoke.sh.
export LC_ALL=C.UTF-8 LANG=C.UTF-8

# wine_stand_ins: build packaging/wine/*.c with MinGW (once; again when the source changes)
wine_stand_ins() {
  local out="$BUILD_ROOT/wine-stand-ins"
  mkdir -p "$out"
  for src in "$ROOT"/packaging/wine/*.c; do
    local name dll
    name="$(basename "$src" .c)"
    dll="$out/$name.dll"
    if [ ! -f "$dll" ] || [ "$src" -nt "$dll" ] || [ "${src%.c}.def" -nt "$dll" ]; then
      x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll" "$src" "${src%.c}.def" -ladvapi32
    fi
  done
  printf '%s' "$out"
}

# wine_prefix DIR: a 64-bit prefix (made on first use) with the stand-ins in system32
wine_prefix() {
  export WINEPREFIX="$1"
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    wine wineboot --init >/dev/null 2>&1
    wineserver -w
  fi
  local stand_ins
  stand_ins="$(wine_stand_ins)"
  cp "$stand_ins"/*.dll "$WINEPREFIX/drive_c/windows/system32/"
}

# wine_run PROGRAM ARGS...: a Windows program under Wine with pipes for its standard
# streams. Wine 8 hands Python an invalid handle for a regular Unix file as stdout or
# stderr ("init_sys_streams: can't initialize sys standard streams"); pipes work. The exit
# code is the program's (the callers run with pipefail).
wine_run() {
  { wine "$@" </dev/null 2> >(cat >&2); } | cat
}
