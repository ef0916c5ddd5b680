"""Render the application icon: ``resources/icons/labregistry.svg`` to PNGs and a Windows .ico.

    python -m ui.icon_build            # rewrite ui/resources/icons/
    python -m ui.icon_build --check    # exit 1 when a built icon is missing or no longer
                                       # looks like the SVG (the SVG was edited, not rebuilt)

The SVG is the source (in ``resources/``, beside the .ts files); the PNGs and the .ico are
built artefacts shipped as package data: the window and taskbar icon (PNGs), the Linux
menu entry (PNGs, and the SVG itself), the Windows executables and installer (.ico). Built
here with QtSvg so that no image tool is needed; the app itself never loads the SVG, so
frozen builds carry no SVG plug-in.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from ui.resources import ICON_SIZES, icons_dir

SOURCE = Path(__file__).resolve().parent.parent / "resources" / "icons" / "labregistry.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 256)  # what Explorer, the taskbar and the installer ask for
_PNG_IN_ICO = 256  # Windows Vista and later read PNG entries; BMP below for the old readers
_CHECK_TOLERANCE = 6.0  # mean difference per channel (0-255) between a fresh render and the file


def render(size: int, source: Path = SOURCE) -> QImage:
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"error: {source} is not an SVG QtSvg can render")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _bmp_entry(image: QImage) -> bytes:
    """An icon's image as a 32-bit DIB: BITMAPINFOHEADER (height doubled for the mask),
    BGRA rows bottom-up, then the 1-bit AND mask (all zero: the alpha channel decides)."""
    size = image.width()
    rgba = image.convertToFormat(QImage.Format.Format_ARGB32)  # little-endian memory: B G R A
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = [bytes(rgba.constScanLine(y))[: size * 4] for y in range(size)]
    mask_row = b"\0" * (((size + 31) // 32) * 4)
    return header + b"".join(reversed(rows)) + mask_row * size


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = [(size, png_bytes(img) if size >= _PNG_IN_ICO else _bmp_entry(img)) for size, img in sorted(images.items())]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _size, data in entries)


def build(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    images = {size: render(size) for size in sorted(set(ICON_SIZES) | set(ICO_SIZES))}
    for size in ICON_SIZES:
        path = target / f"labregistry-{size}.png"
        path.write_bytes(png_bytes(images[size]))
        written.append(path)
    ico = target / "labregistry.ico"
    ico.write_bytes(ico_bytes({size: images[size] for size in ICO_SIZES}))
    written.append(ico)
    return written


def _difference(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    if a.size() != b.size():
        return 255.0
    raw_a, raw_b = bytes(a.constBits())[: a.sizeInBytes()], bytes(b.constBits())[: b.sizeInBytes()]
    return sum(abs(x - y) for x, y in zip(raw_a, raw_b, strict=True)) / len(raw_a)


def check(target: Path) -> list[str]:
    """What is stale or missing (empty: the built icons match the SVG)."""
    problems = []
    for size in ICON_SIZES:
        path = target / f"labregistry-{size}.png"
        built = QImage(str(path))
        if built.isNull():
            problems.append(f"{path} is missing or not a PNG")
        elif _difference(built, render(size)) > _CHECK_TOLERANCE:
            problems.append(f"{path} no longer matches {SOURCE.name}")
    if not (target / "labregistry.ico").is_file():
        problems.append(f"{target / 'labregistry.ico'} is missing")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.icon_build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the built icons are up to date")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    del app  # QImage and QPainter need it to exist, nothing more
    target = icons_dir()
    if args.check:
        problems = check(target)
        for problem in problems:
            print(f"error: {problem} (run: python -m ui.icon_build)", file=sys.stderr)
        return 1 if problems else 0
    for path in build(target):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
