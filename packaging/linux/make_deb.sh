#!/usr/bin/env bash
# make_deb.sh FOLDER VERSION OUTDIR: the .deb of a PyInstaller folder, with dpkg-deb.
#   /opt/labregistry/                 the folder as built
#   /usr/bin/labregistry              a relative link to /opt/labregistry/labregistry
#   /usr/share/applications/ID.desktop, /usr/share/metainfo/ID.metainfo.xml
#   /usr/share/icons/hicolor/*/apps/ID.png|svg
# The menus and the icon cache are refreshed by the triggers of desktop-file-utils and
# hicolor-icon-theme: no maintainer scripts.
set -euo pipefail
folder="$(realpath "$1")" version="$2" out="$(realpath "$3")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
id=cn.labregistry.LabRegistry

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/labregistry"
install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/metainfo" \
  "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/labregistry"
cp -a "$folder" "$pkg/opt/labregistry"
ln -s ../../opt/labregistry/labregistry "$pkg/usr/bin/labregistry"
install -m644 "$here/$id.desktop" "$pkg/usr/share/applications/$id.desktop"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" "$here/$id.metainfo.xml" \
  > "$pkg/usr/share/metainfo/$id.metainfo.xml"
for png in "$root"/ui/resources/icons/labregistry-*.png; do
  size="${png##*-}"; size="${size%.png}"
  install -D -m644 "$png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/$id.png"
done
install -m644 "$root/resources/icons/labregistry.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/$id.svg"
printf 'LabRegistry %s\nBuilt with PyInstaller from the LabRegistry sources; see /opt/labregistry/packages.txt.\n' \
  "$version" > "$pkg/usr/share/doc/labregistry/README"

# The oldest C library the built files accept: the newest GLIBC_ symbol version they use
# (the build machine's Python and the Qt wheels decide it), so dpkg refuses, instead of the
# program failing, on a system too old for it.
glibc="$(find "$pkg/opt" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
[ -n "$glibc" ] || { echo "error: no GLIBC version found in the build" >&2; exit 1; }

cat > "$pkg/DEBIAN/control" <<EOF
Package: labregistry
Version: $version
Architecture: amd64
Maintainer: LabRegistry <labregistry@localhost>
Installed-Size: $(du -sk --apparent-size "$pkg" | cut -f1)
Depends: libc6 (>= $glibc), libcups2, libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0,
 libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0,
 libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libdbus-1-3,
 fonts-wqy-zenhei | fonts-wqy-microhei | fonts-noto-cjk
Recommends: cups-client
Section: science
Priority: optional
Description: registry and signed exchange of metrology capabilities
 LabRegistry (计量资源登记) catalogues a metrology institute's measurement
 standards, authorisations and staff, imports existing Excel ledgers,
 exchanges signed Excel bundles with other institutes of the Yangtze River
 Delta, and prints capability certificates anyone can verify offline.
 .
 The program and everything it needs are in /opt/labregistry; the data
 (database, keys, backups) stay in the user's data folder.
EOF
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out/labregistry_${version}_amd64.deb" >/dev/null
echo "$out/labregistry_${version}_amd64.deb (needs libc6 >= $glibc)" >&2
