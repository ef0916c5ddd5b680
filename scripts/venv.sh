# Shared by run.sh and test.sh: create or refresh .venv from pyproject.toml, and
# install the Debian packages the app and its tests need (only when missing).

SYSTEM_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3  # Qt offscreen
  fonts-wqy-zenhei                                         # Chinese text in the app and PDFs
  fonts-dejavu-core                                        # ⁻⁰¹²³ ℃ µ Ω ‰ ± × ≤ √ in certificates (per-glyph fallback)
  postgresql                                               # regional-server tests
  libreoffice-calc-nogui                                   # bundles re-saved as a person would
  poppler-utils                                            # certificate PDFs to text and images
)

GUI_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-wqy-zenhei fonts-dejavu-core
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1                # Qt on an X11 desktop
)

ensure_system_packages() {
  local wanted=("${SYSTEM_PACKAGES[@]}")
  [ "${1:-}" = "gui" ] && wanted=("${GUI_PACKAGES[@]}")
  command -v dpkg-query >/dev/null || return 0   # not Debian: install the equivalents by hand
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "warning: please install these packages: ${missing[*]}" >&2
  fi
}

ensure_venv() {
  local extra="$1"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-$extra"
  local want
  want="$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[$extra]"
    echo "$want" > "$stamp"
  fi
}
