"""The overview's map: valid public standards per city of the region, and the shipped outlines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from labregistry import geo
from labregistry.inventory.criteria import build_criteria
from labregistry.registry import Registry
from labregistry.services import city_map, inventory
from labregistry.storage.models import Institute, Standard
from tests.services.registries import set_up, zhejiang

TODAY = dt.date(2026, 12, 7)
YESTERDAY, TOMORROW, NEXT_YEAR = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1), TODAY.replace(year=2027)

# (province, city as typed, [(grade, status, issued_on, valid_until), ...])
VALID = ("public", "valid", None, NEXT_YEAR)
PEERS: list[tuple[str, str, list[tuple[str, str, dt.date | None, dt.date]]]] = [
    ("江苏", "苏州市", [VALID, VALID,
                     ("public", "valid", None, YESTERDAY),  # ended yesterday
                     ("department", "valid", None, NEXT_YEAR),  # not public
                     ("public", "suspended", None, NEXT_YEAR),  # suspended
                     ("public", "valid", TOMORROW, NEXT_YEAR),  # not issued yet
                     ("public", "valid", None, TODAY)]),  # its last day: still valid
    ("江苏", "Suzhou", [VALID]),
    ("江苏", "昆山", [VALID]),  # a county-level city of Suzhou
    ("安徽", "Suzhou", [VALID]),  # 宿州: the province tells it from 苏州
    ("上海", "浦东新区", [VALID]),  # Shanghai is one city
    ("江苏", "南京", []),  # an institute without public standards
    ("江苏", "火星", [VALID, VALID]),  # no city of the map
    ("浙江", "苏州", [VALID]),  # a Jiangsu city under Zhejiang: not placed
]


@pytest.fixture
def reg(tmp_path: Path) -> Iterator[Registry]:
    registry = set_up(tmp_path / "home", zhejiang())
    with registry.uow(write=True) as uow:
        own = uow.session.execute(select(Institute).where(Institute.is_own)).scalar_one()
        add_standards(uow.session, own.id, [VALID, ("public", "revoked", None, NEXT_YEAR)])
        for n, (province, city, standards) in enumerate(PEERS):
            peer = Institute(uscc=f"PEER{n:014d}", name=f"同行 {n}", province=province, city=city)
            uow.session.add(peer)
            uow.session.flush()
            assert peer.id is not None
            add_standards(uow.session, peer.id, standards)
        uow.commit()
    yield registry
    registry.close()


def add_standards(session: Any, institute_id: int | None, rows: list[tuple[str, str, dt.date | None, dt.date]]) -> None:
    assert institute_id is not None
    for n, (grade, status, issued, until) in enumerate(rows):
        session.add(Standard(institute_id=institute_id, name=f"标准 {n}", code="12113100", grade=grade,
                             certificate_no=f"[2026]国量标{institute_id}-{n}号", issued_on=issued, valid_until=until,
                             range_text="(0~1)MPa", accuracy_text="0.05级", status=status))


def independent_count(reg: Registry) -> int:
    """Every standard read one by one, judged here: public, not suspended or revoked, in force today."""
    with reg.uow() as uow:
        standards = uow.session.execute(select(Standard)).scalars().all()
        return sum(1 for s in standards if s.grade == "public" and s.status not in ("suspended", "revoked")
                   and (s.issued_on is None or s.issued_on <= TODAY) and s.valid_until >= TODAY)


def test_each_city_counts_its_valid_public_standards_whatever_its_spelling(reg: Registry) -> None:
    counted = city_map.public_standards_by_city(reg, TODAY)
    by_city = {adcode: (c.standards, c.institutes) for adcode, c in counted.cities.items()}
    assert by_city == {
        "320500": (5, 3),  # 苏州市 3 of 7, Suzhou 1, 昆山 1
        "341300": (1, 1),  # 宿州
        "310100": (1, 1),
        "320100": (0, 1),
        "330100": (1, 1),  # the own institute counts too
    }
    assert counted.cities["320500"].spellings == ("Suzhou", "昆山", "苏州市")
    assert [(t.province, t.city, t.institutes, t.standards) for t in counted.unplaced] == [
        ("江苏", "火星", 1, 2), ("浙江", "苏州", 1, 1)]
    placed = sum(c.standards for c in counted.cities.values())
    assert placed + sum(t.standards for t in counted.unplaced) == independent_count(reg) == 11


def test_a_city_searched_finds_the_standards_its_count_says(reg: Registry) -> None:
    counted = city_map.public_standards_by_city(reg, TODAY)
    for adcode in ("320500", "341300", "310100", "320100", "330100", "320200"):
        inputs = counted.search_inputs(adcode)
        found = inventory.search_ids(reg, build_criteria(**inputs, today=TODAY))
        assert len(found) == counted.standards(adcode), (adcode, inputs)
    assert counted.search_inputs("310100")["cities"] == []  # the whole of Shanghai
    assert counted.search_inputs("320200")["cities"] == ["无锡"]  # no institute there: its own name


@pytest.mark.parametrize(("province", "city", "adcode"), [
    ("江苏", "苏州", "320500"), ("江苏", " 苏州市 ", "320500"), ("江苏", "SUZHOU", "320500"), ("江苏", "昆山市", "320500"),
    ("安徽", "Suzhou", "341300"), ("安徽", "Lu'an", "341500"), ("安徽", "Luan", "341500"), ("安徽", "巢湖市", "340100"),
    ("上海", "上海", "310100"), ("浙江", "Taizhou", "331000"), ("江苏", "Taizhou", "321200"),
    ("浙江", "苏州", None), ("江苏", "鼓楼区", None), ("江苏", "", None), ("江苏", "Su zhou", None),
])
def test_a_city_text_is_placed_by_its_province(province: str, city: str, adcode: str | None) -> None:
    assert geo.city_of(province, city) == adcode


@pytest.mark.engine_independent
def test_the_shipped_map_holds_the_41_cities_and_4_provinces() -> None:
    data = json.loads(geo.DATA.read_text(encoding="utf-8"))
    assert geo.DATA.stat().st_size < 80_000  # simplified: a few tens of KB
    provinces, cities = data["provinces"], data["cities"]
    assert [p["adcode"] for p in provinces] == ["310000", "320000", "330000", "340000"]
    assert len(cities) == 41
    prefix = {"上海": "31", "江苏": "32", "浙江": "33", "安徽": "34"}
    assert {p: sum(c["province"] == p for c in cities) for p in prefix} == {"上海": 1, "江苏": 13, "浙江": 11, "安徽": 16}
    for city in cities:
        assert city["adcode"].startswith(prefix[city["province"]]) and city["adcode"].endswith("00"), city["adcode"]
        assert city["rings"] and all(len(r) >= 6 and len(r) % 2 == 0 for r in city["rings"])
    assert len({c["adcode"] for c in cities}) == 41
    assert len({c["name"] for c in cities}) == 41  # Chinese names unique
    assert len({(c["province"], c["name_en"]) for c in cities}) == 41  # English within a province (Suzhou twice)
    counties = [n for c in cities for n in c["county_cities"]]
    assert len(counties) == len(set(counties)) and "昆山" in counties
    region = geo.region_map()
    for area in (*region.provinces, *region.cities):  # in the region: 114.8°E to 123°E, 27°N to 35.2°N
        points = [p for ring in area.rings for p in ring]
        assert all(114.8 < x < 123.0 and 27.0 < y < 35.2 for x, y in points), area.name
