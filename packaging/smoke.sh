#!/usr/bin/env bash
# packaging/smoke.sh DIST: run a built app as a user would, from its build output.
#   packaging/smoke.sh dist/linux     the frozen folder, then the .deb unpacked (paths, menu
#                                     entry, AppStream data, the command on PATH)
#   packaging/smoke.sh dist/windows   under Wine (or natively on Windows, see the workflow):
#                                     silent install, the installed programs, an upgrade in
#                                     place that keeps the data folder, silent uninstall
# Both: --version, init, demo, export, keys/trust, verify, import, certificate,
# verify-certificate, check and an error, in a data folder whose path holds Chinese and a
# space; Chinese to a console in a Latin and a Chinese code page; the desktop app offscreen
# up to its main window (LABREGISTRY_SMOKE); nothing of the test tools or of packaging/wine
# in the build. Exit 0 only when all of it passed.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: packaging/smoke.sh dist/linux|dist/windows" >&2; exit 2; }
dist="$(realpath "$1")"
cd "$(dirname "$0")/.."
source packaging/lib.sh

version="$(project_version)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PASSPHRASE="smoke test passphrase 2026"
USCC_A=12310000425011296P          # valid check characters
USCC_B=12320000466000783D
checks=0

pass() { checks=$((checks + 1)); printf '  ok  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- how to run a program

# run EXE ARGS...: the program with its output in $work/out and $work/err, rc in $rc
run() {
  set +e
  "${RUNNER[@]}" "$@" >"$work/out" 2>"$work/err"
  rc=$?
  set -e
}
cli() { run "$CLI" "$@"; }
expect_ok() {  # expect_ok WHAT
  if [ "$rc" -ne 0 ] || grep -q "Traceback" "$work/err"; then
    cat "$work/out" "$work/err" >&2
    fail "$1 (exit $rc)"
  fi
  pass "$1"
}
# a path as the program sees it (Wine: Z:\..., Windows: C:\...)
as_arg() {
  case "${TARGET:-}" in
    wine) winepath -w "$1" 2>/dev/null ;;
    windows) cygpath -w "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}

# ---------------------------------------------------------------- the checks shared by both

cli_suite() {  # the CLI of CLI.md, in two data folders with Chinese and a space in their paths
  local root="$work/实验室 数据"
  local a="$root/上海 计量院" b="$root/江苏 计量院"
  mkdir -p "$root"
  export LABREGISTRY_PASSPHRASE="$PASSPHRASE"

  cli --version
  expect_ok "--version"
  [ "$(tr -d '\r' < "$work/out")" = "labregistry $version" ] || fail "--version printed $(cat "$work/out")"

  cli --home "$(as_arg "$a")" init --name 上海市计量测试技术研究院 --uscc $USCC_A --province 上海 --city 上海
  expect_ok "init (home: $a)"
  cli --home "$(as_arg "$a")" demo --standards 40 --seed 7
  expect_ok "demo"
  cli --home "$(as_arg "$a")" export "$(as_arg "$root/上海 数据包.xlsx")"
  expect_ok "export"
  cli --home "$(as_arg "$a")" keys export-public "$(as_arg "$root/上海 公钥.card")"
  expect_ok "keys export-public"
  cli --home "$(as_arg "$a")" keys show --json
  expect_ok "keys show"
  local fingerprint
  fingerprint="$($PY3 -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["fingerprint"])' "$work/out")"

  cli --home "$(as_arg "$b")" init --name 江苏省计量科学研究院 --uscc $USCC_B --province 江苏 --city 南京
  expect_ok "init of a second institute"
  cli --home "$(as_arg "$b")" trust add "$(as_arg "$root/上海 公钥.card")" --fingerprint "$fingerprint"
  expect_ok "trust add"
  cli --home "$(as_arg "$b")" verify "$(as_arg "$root/上海 数据包.xlsx")" --json
  expect_ok "verify"
  grep -q '"valid": true' "$work/out" || fail "verify did not say valid: $(cat "$work/out")"
  cli --home "$(as_arg "$b")" import "$(as_arg "$root/上海 数据包.xlsx")" --yes
  expect_ok "import"
  cli --home "$(as_arg "$b")" stats --json
  expect_ok "stats"
  $PY3 - "$work/out" <<'EOF' || fail "stats after the import: $(cat "$work/out")"
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
assert data["region"]["institutes"] == 2 and data["region"]["standards"] == 40, data
EOF

  cli --home "$(as_arg "$a")" list standards --json
  local ref
  # a standard in force today (the demo's dates follow today: the first listed may have expired)
  ref="$($PY3 -c 'import json,sys; print(next(s for s in json.load(open(sys.argv[1], encoding="utf-8")) if s["usable"])["certificate_no"])' "$work/out")"
  cli --home "$(as_arg "$a")" certificate --standard "$ref" -o "$(as_arg "$root/能力 证明.pdf")"
  expect_ok "certificate"
  [ "$(head -c 5 "$root/能力 证明.pdf")" = "%PDF-" ] || fail "the certificate is not a PDF"
  cli --home "$(as_arg "$b")" verify-certificate "$(as_arg "$root/能力 证明.pdf")"
  expect_ok "verify-certificate (at the other institute)"
  cli --home "$(as_arg "$b")" check --json
  expect_ok "check"

  cli --home "$(as_arg "$a")" --lang zh verify "$(as_arg "$root/没有这个 文件.xlsx")"
  [ "$rc" -eq 1 ] && [ "$(wc -l < "$work/err")" -eq 1 ] && grep -q "^error: " "$work/err" \
    || { cat "$work/err" >&2; fail "a missing file: exit $rc, not one error line"; }
  pass "a missing file is one error line, exit 1"
  SUITE_HOME="$a"
}

gui_check() {  # gui_check EXE [ARGS...]: offscreen to the main window, in Chinese, with its icon
  local report="$work/smoke.json"
  rm -f "$report"
  local started=$SECONDS
  LABREGISTRY_SMOKE="$(as_arg "$report")" run "$@"
  [ "$rc" -eq 0 ] && [ -f "$report" ] || { cat "$work/err" >&2; fail "the desktop app did not reach its main window (exit $rc)"; }
  $PY3 - "$report" <<'EOF' || fail "the main window: $(cat "$report")"
import json, sys
shown = json.load(open(sys.argv[1], encoding="utf-8"))
assert shown["visible"] and shown["navigation"][:2] == ["总览", "计量标准"], shown
assert 16 in shown["icon_sizes"] and 256 in shown["icon_sizes"], shown
EOF
  pass "desktop app: main window shown in Chinese with its icon ($((SECONDS - started)) s)"
}

no_foreign_files() {  # no_foreign_files FOLDER: no test tools, nothing from packaging/wine
  local folder="$1"
  local found
  found="$(find "$folder" -maxdepth 3 \( -iname 'pytest*' -o -iname '_pytest' -o -iname 'mypy*' \
    -o -iname 'hypothesis*' -o -iname 'zxing*' -o -iname 'pytestqt' -o -iname 'pyinstrument*' \) | head -5)"
  [ -z "$found" ] || fail "test or developer tools in the build: $found"
  # Every Wine stand-in carries this marker (packaging/wine/README.md)
  if grep -rlaF "LABREGISTRY-WINE-STAND-IN" "$folder" >/dev/null 2>&1; then
    fail "a Wine stand-in DLL is in the build: $(grep -rlaF LABREGISTRY-WINE-STAND-IN "$folder" | head -3)"
  fi
  found="$(find "$folder" -iname 'bcryptprimitives.dll' -o -iname 'icuuc.dll' | head -3)"
  [ -z "$found" ] || fail "a Windows system DLL was collected into the build: $found"
  pass "only runtime files: no test tools, no Wine stand-ins"
}

# ---------------------------------------------------------------- Linux

smoke_linux() {
  local app="$dist/labregistry"
  RUNNER=()
  CLI="$app/labregistry"
  no_foreign_files "$app"
  cli_suite
  # a Latin console: Chinese becomes "?", nothing fails
  PYTHONIOENCODING=cp437 cli --home "$SUITE_HOME" --lang zh stats
  expect_ok "Chinese to a cp437 console"
  QT_QPA_PLATFORM=offscreen gui_check "$CLI" --home "$SUITE_HOME" gui

  local deb
  deb="$(ls "$dist"/labregistry_"$version"_amd64.deb)" || fail "no .deb for $version in $dist"
  local root="$work/deb-root"
  dpkg-deb -x "$deb" "$root"
  for path in opt/labregistry/labregistry usr/bin/labregistry \
      usr/share/applications/cn.labregistry.LabRegistry.desktop \
      usr/share/metainfo/cn.labregistry.LabRegistry.metainfo.xml \
      usr/share/icons/hicolor/48x48/apps/cn.labregistry.LabRegistry.png \
      usr/share/icons/hicolor/scalable/apps/cn.labregistry.LabRegistry.svg; do
    [ -e "$root/$path" ] || fail ".deb lacks /$path"
  done
  [ "$(readlink "$root/usr/bin/labregistry")" = "../../opt/labregistry/labregistry" ] || fail "/usr/bin/labregistry"
  run "$root/usr/bin/labregistry" --version
  expect_ok ".deb: labregistry on PATH runs from /opt/labregistry"
  dpkg-deb -f "$deb" Depends | grep -q "libc6 (>= " || fail ".deb does not state its C library"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$root/usr/share/applications/cn.labregistry.LabRegistry.desktop" || fail ".desktop invalid"
  fi
  if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/cn.labregistry.LabRegistry.metainfo.xml" \
      >"$work/as" 2>&1 || { cat "$work/as" >&2; fail "AppStream metadata invalid"; }
  fi
  pass ".deb: /opt/labregistry, menu entry with icon, AppStream data"
}

# ---------------------------------------------------------------- Windows

smoke_windows() {
  local setup
  setup="$(ls "$dist"/LabRegistry-"$version"-setup.exe)" || fail "no installer for $version in $dist"
  no_foreign_files "$dist/labregistry"
  case "$(uname -s)" in
    MINGW*|MSYS*|CYGWIN*)  # Git Bash on Windows (the workflow): Windows' own arguments left alone
      TARGET=windows
      RUNNER=(env MSYS_NO_PATHCONV=1 MSYS2_ARG_CONV_EXCL='*')
      local appdata
      appdata="$(cygpath -u "$LOCALAPPDATA")"
      ;;
    *)
      TARGET=wine
      source packaging/windows/wine.sh   # a fresh prefix with the stand-ins (never the build's)
      wine_prefix "$work/prefix"
      RUNNER=(wine_run)
      local appdata="$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Local"
      ;;
  esac
  local installed="$appdata/Programs/LabRegistry"

  run "$setup" /S
  [ "$rc" -eq 0 ] && [ -f "$installed/labregistry.exe" ] && [ -f "$installed/labregistry-gui.exe" ] \
    || fail "silent install into $installed (exit $rc)"
  ls "$appdata/../Roaming/Microsoft/Windows/Start Menu/Programs/"LabRegistry*.lnk >/dev/null 2>&1 \
    || fail "no Start-menu entry"
  pass "silent per-user install with a Start-menu entry"

  CLI="$installed/labregistry.exe"
  cli_suite
  # Chinese to consoles in code pages 437 and 936: a console (a pseudo-terminal), and a pipe
  for cp in 437 936; do
    if [ "$TARGET" = wine ]; then  # a console: Wine makes one of a pseudo-terminal
      set +e
      script -qec "wine cmd /c chcp $cp \">\" nul \"&\" \"$(as_arg "$CLI")\" --home \"$(as_arg "$SUITE_HOME")\" --lang zh stats" \
        /dev/null </dev/null >"$work/out" 2>"$work/err"
      rc=$?
      set -e
      expect_ok "Chinese to a console in code page $cp"
    fi
    run cmd /c "chcp $cp >nul & \"$(as_arg "$CLI")\" --home \"$(as_arg "$SUITE_HOME")\" --lang zh stats | more"
    expect_ok "Chinese through a pipe in code page $cp"
  done
  WINEQT_QPA_PLATFORM=offscreen QT_QPA_PLATFORM=offscreen \
    gui_check "$installed/labregistry-gui.exe" -platform offscreen --home "$(as_arg "$SUITE_HOME")"

  # the default data folder (no --home), which an upgrade and an uninstall must keep
  cli init --name 浙江省计量科学研究院 --uscc 123300004700035787 --province 浙江 --city 杭州
  expect_ok "init in the default data folder"
  cli demo --standards 15
  expect_ok "demo in the default data folder"
  local data="$appdata/LabRegistry"
  [ -f "$data/labregistry.db" ] || fail "no database in the default data folder $data"
  echo "left by the old version" > "$installed/_internal/stale-file-of-the-old-version.txt"

  local upgrade="$work/LabRegistry-upgrade-setup.exe"
  packaging/windows/make_installer.sh "$dist/labregistry" "$version" "$upgrade" 1 >/dev/null
  run "$upgrade" /S
  [ "$rc" -eq 0 ] || fail "silent upgrade (exit $rc)"
  [ ! -e "$installed/_internal/stale-file-of-the-old-version.txt" ] || fail "the upgrade left old files behind"
  cli stats --json
  expect_ok "stats after the upgrade"
  grep -q '"standards": 15' "$work/out" || fail "the data folder did not survive the upgrade: $(cat "$work/out")"
  run reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LabRegistry' /v DisplayVersion
  grep -q "$version.1" "$work/out" || fail "the upgrade is not registered: $(cat "$work/out")"
  pass "upgrade in place: new files, old ones gone, the data folder kept"

  run "$installed/uninstall.exe" /S
  local waited=0
  while [ -e "$installed/labregistry.exe" ] && [ $waited -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  [ ! -e "$installed/labregistry.exe" ] || fail "uninstall left the program"
  [ -f "$data/labregistry.db" ] || fail "uninstall removed the data folder"
  run reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\LabRegistry'
  [ "$rc" -ne 0 ] || fail "uninstall left its registry entry"
  pass "silent uninstall: program gone, data folder kept"
  if [ "$TARGET" = wine ]; then wineserver -k 2>/dev/null || true; fi
}

if [ -f "$dist/labregistry/labregistry.exe" ]; then
  smoke_windows
elif [ -x "$dist/labregistry/labregistry" ]; then
  smoke_linux
else
  die "$dist holds no build (packaging/build.sh linux|windows makes one)"
fi
echo "$checks passed, 0 failed"
