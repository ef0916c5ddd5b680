"""The valid public standards (社会公用计量标准) of each city of the region: the overview's map.

Counted in one grouped query over every institute, own and peers: per province and city as
typed, the institutes and their public standards valid on the day (as a regional search
"valid on" that day judges them). Each city text is then placed on one of the map's 41
cities (:func:`labregistry.geo.city_of`); the texts no map city matches are kept apart, to
be shown as such, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select

from labregistry import geo
from labregistry.inventory.search import I, S, valid_on
from labregistry.registry import Registry


@dataclass(frozen=True)
class CityText:
    """A city as institutes record it (``苏州市``), with what they hold."""

    province: str
    city: str
    institutes: int
    standards: int  # valid public standards


@dataclass(frozen=True)
class MapCity:
    """One city of the map: its valid public standards, institutes, and the city texts counted in it."""

    adcode: str
    standards: int = 0
    institutes: int = 0
    spellings: tuple[str, ...] = ()  # the institutes' city texts placed here (苏州, Suzhou, 昆山市)


@dataclass(frozen=True)
class PublicStandardsMap:
    on: dt.date
    cities: dict[str, MapCity] = field(default_factory=dict)  # by adcode, only cities with institutes
    unplaced: tuple[CityText, ...] = ()  # city texts no map city matches, most standards first

    def standards(self, adcode: str) -> int:
        city = self.cities.get(adcode)
        return city.standards if city else 0

    def search_inputs(self, adcode: str) -> dict[str, Any]:
        """What a regional search (``inventory.build_criteria``) needs to list the standards
        counted in ``adcode``: its province, the city texts placed there (none for Shanghai,
        the whole province), public, valid on the day counted."""
        city = geo.region_map().city(adcode)
        placed = self.cities.get(adcode)
        cities = [] if city.province == "上海" else list(placed.spellings if placed else (city.name,))
        return {"kind": "standards", "provinces": [city.province], "cities": cities, "grade": "public",
                "valid_on": self.on}


def city_texts(reg: Registry, on: dt.date) -> list[CityText]:
    """Per province and city text: institutes and valid public standards (one grouped query)."""
    counted = and_(S.c.institute_id == I.c.id, S.c.grade == "public", valid_on(S, on))
    stmt = (
        select(I.c.province, I.c.city, func.count(func.distinct(I.c.id)), func.count(S.c.id))
        .select_from(I.outerjoin(S, counted))
        .group_by(I.c.province, I.c.city)
    )
    with reg.uow() as uow:
        return [CityText(str(p), str(c or ""), int(i), int(n)) for p, c, i, n in uow.session.execute(stmt)]


def public_standards_by_city(reg: Registry, on: dt.date | None = None) -> PublicStandardsMap:
    """The valid public standards on ``on`` (today) of the whole region, by the map's cities."""
    on = on or dt.date.today()
    placed: dict[str, list[CityText]] = {}
    unplaced: list[CityText] = []
    for text in city_texts(reg, on):
        adcode = geo.city_of(text.province, text.city)
        if adcode is None:
            unplaced.append(text)
        else:
            placed.setdefault(adcode, []).append(text)
    cities = {
        adcode: MapCity(adcode, sum(t.standards for t in texts), sum(t.institutes for t in texts),
                        tuple(sorted(t.city for t in texts)))
        for adcode, texts in placed.items()
    }
    unplaced.sort(key=lambda t: (-t.standards, t.province, t.city))
    return PublicStandardsMap(on, cities, tuple(unplaced))
