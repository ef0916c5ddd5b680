"""Recognition at a region's scale gives what the plain algorithm gives, on a varied region.

:func:`labregistry.inventory.recognition.equivalents` reads only what orders and counts the
candidates for all of them and works each distinct capability row out once (2026-12-08: 5.8 s
for one reference at 200,000 standards on PostgreSQL before). The oracle below is the
algorithm as it was before: every candidate read whole, every pair of rows (theirs against the
reference's) judged, the instrument rule over all found. Over a seeded region of four
institutes (classes, relative and absolute uncertainties and MPEs, grades, rows covering a
part of the reference's range, several rows per standard, expired, suspended and future
certificates, overdue main and ancillary instruments), every standard's equivalents, their
order, every field shown and the counts are the oracle's, whole and cut to a few, on two dates.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import Connection, and_, case, func, or_, select

from labregistry.domain.comparison import Requirement, covered_part, covers, judge, range_text, relate
from labregistry.domain.errormodel import ErrorModel
from labregistry.domain.grades import grade_relation
from labregistry.domain.records import CapabilityInput, InstrumentInput, StandardInput
from labregistry.inventory import recognition
from labregistry.inventory.capability_rows import CAP, StoredRow, stored_rows
from labregistry.inventory.provenance import institute_provenance
from labregistry.inventory.search import I, S, is_valid_on, mark_calibration
from labregistry.registry import Registry
from labregistry.services import exchange
from tests.conftest import PASSPHRASE
from tests.inventory.region import fill, open_site, trust_and_import

ON = dt.date(2025, 6, 1)
RANK = {"better": 0, "equal": 1, "partial": 2, "not_comparable": 3, "worse": 4}
TOL = 1e-9

PRESSURE_RANGES = ["(0~60)MPa", "(0~6)MPa", "(0.1~100)MPa", "(1~60)MPa", "(0.04~0.6)MPa", "(100~100000)kPa",
                   "(-0.1~2.5)MPa", "(0~40)kPa", "(0~250)MPa", "(6~60)MPa"]
PRESSURE_ACCURACIES = ["0.05级", "0.02级", "0.25级", "0.1级", "U=0.005MPa, k=2", "U=5kPa, k=2", "Urel=0.01%, k=2",
                       "MPE: ±0.05%", "MPE: ±0.1%FS", "±(0.02%读数+0.01%量程)", "二等", "一等", "三等"]
TEMPERATURE_RANGES = ["(-60~420)℃", "(0~419.527)℃", "(-30~300)℃", "(0~100)℃", "(300~1100)℃"]
TEMPERATURE_ACCURACIES = ["U=0.03℃, k=2", "U=0.02℃, k=2", "U=0.1℃, k=2", "MPE: ±0.5℃", "二等", "一等"]
KINDS = [  # code, name, quantity's ranges and accuracies
    ("12113200", "精密压力表标准装置", PRESSURE_RANGES, PRESSURE_ACCURACIES),
    ("12113100", "活塞式压力计标准装置", PRESSURE_RANGES, PRESSURE_ACCURACIES),
    ("12113300", "数字压力计标准装置", PRESSURE_RANGES, PRESSURE_ACCURACIES),
    ("04113500", "二等铂电阻温度计标准装置", TEMPERATURE_RANGES, TEMPERATURE_ACCURACIES),
    ("04113700", "工作用玻璃液体温度计标准装置", TEMPERATURE_RANGES, TEMPERATURE_ACCURACIES),
]
GRADES = ["社会公用计量标准", "部门最高计量标准", "企事业最高计量标准"]
PREFIX = {"A": "沪", "B": "苏", "C": "浙", "D": "皖"}


def _standards(site: str, rnd: random.Random, n: int) -> list[StandardInput]:
    out = []
    for i in range(n):
        code, name, ranges, accuracies = rnd.choice(KINDS)
        rows = [(rnd.choice(ranges), rnd.choice(accuracies)) for _ in range(rnd.choice([1, 1, 2, 3]))]
        issued = dt.date(2019, 1, 1) + dt.timedelta(days=rnd.randrange(0, 2400))  # some after ON
        until = issued + dt.timedelta(days=rnd.choice([700, 1460, 1825]))
        instruments = [InstrumentInput(name="主标准器", role="main", model="M", serial_no=f"S{i}-{k}", range_text=None,
                                       traced_to_name="中国计量科学研究院", calibration_cert_no=f"C{i}-{k}",
                                       calibration_due=rnd.choice([None, "2024-12-31", "2025-06-01", "2026-12-31"]))
                       for k in range(rnd.choice([0, 1, 1, 2]))]
        if rnd.random() < 0.3:
            instruments.append(InstrumentInput(name="配套设备", role="ancillary", model="M", serial_no=f"A{i}",
                                               calibration_due=rnd.choice(["2025-01-31", "2026-12-31"])))
        out.append(StandardInput(
            name=name, code=code, grade=rnd.choice(GRADES), certificate_no=f"[2024]{PREFIX[site]}量标证字第{i:04d}号",
            certificate_authority="市场监督管理局", issued_on=issued.isoformat(), valid_until=until.isoformat(),
            range_text=rows[0][0], accuracy_text=rows[0][1],
            status=rnd.choice(["valid"] * 8 + ["expired", "suspended", "revoked"]), instruments=instruments,
            capabilities=[CapabilityInput(parameter=f"参数{k}", range_text=r, accuracy_text=a)
                          for k, (r, a) in enumerate(rows)] if len(rows) > 1 else []))
    return out


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("recognition-oracle")
    rnd = random.Random(20261208)
    home = open_site(tmp, "A")
    fill(home, _standards("A", rnd, 30))
    peers = []
    for name in ("B", "C", "D"):
        peer = open_site(tmp, name)
        peers.append(peer)
        fill(peer, _standards(name, rnd, 30))
        bundle = tmp / f"{name}.xlsx"
        exchange.export_bundle(peer, bundle, PASSPHRASE)
        trust_and_import(home, peer, bundle, tmp)
    yield home
    for reg in [home, *peers]:
        reg.close()


def test_every_standards_equivalents_are_the_plain_algorithms(varied: Registry) -> None:
    with varied.engine.connect() as conn:
        ids = [int(i) for i in conn.execute(select(S.c.id).order_by(S.c.id)).scalars()]
        assert len(ids) == 120
        seen = {"partial": 0, "worse": 0, "usable": 0, "unusable": 0, "invalid": 0, "grade": 0}
        for standard_id in ids:
            for on in (ON, dt.date(2026, 12, 8)):
                want = _oracle(conn, standard_id, on)
                for limit in (None, 3):
                    got = recognition.equivalents(conn, standard_id, on, limit=limit)
                    expected = {**want, "equivalents": want["equivalents"][:limit],
                                "counts": {**want["counts"], "shown": len(want["equivalents"][:limit])}}
                    assert got == expected, (standard_id, on, limit)
                    assert [list(e) for e in got["equivalents"]] == [list(e) for e in expected["equivalents"]]
                for e in want["equivalents"]:
                    seen["partial"] += e["accuracy"] == "partial"
                    seen["worse"] += e["accuracy"] == "worse"
                    seen["usable"] += e["usable"]
                    seen["unusable"] += e["valid"] and not e["usable"]
                    seen["invalid"] += not e["valid"]
                    seen["grade"] += e["accuracy"] != "not_comparable" and "等" in (e["accuracy_text"] or "")
    # the region is varied enough to say something: each case occurs many times
    assert min(seen.values()) >= 20, seen


# ------------------------------------------------------------------ the plain algorithm (before 2026-12-08)


def _oracle(conn: Connection, standard_id: int, on: dt.date) -> dict[str, Any]:
    ref = recognition.fetch_standard(conn, standard_id)
    assert ref is not None
    ref_rows = stored_rows(conn, [standard_id]).get(standard_id, [])
    found_ids = set(conn.execute(select(S.c.id).where(S.c.institute_id != ref["institute_id"],
                                                      S.c.code == ref["code"])).scalars())
    as_good = [_as_good(row, model, rng) for row, model, rng in ref_rows
               if row["quantity"] and row["range_min"] is not None and row["range_max"] is not None]
    if as_good:
        found_ids |= set(conn.execute(select(S.c.id).where(
            S.c.institute_id != ref["institute_id"],
            S.c.id.in_(select(CAP.c.standard_id).where(or_(*as_good))))).scalars())
    theirs = stored_rows(conn, sorted(found_ids))
    whole = {r.id: dict(r._mapping) for r in conn.execute(
        select(*recognition._COLUMNS).select_from(S.join(I, I.c.id == S.c.institute_id)).where(S.c.id.in_(found_ids)))}
    found = []
    for sid in sorted(found_ids):
        row = whole[sid]
        same_code = row["code"] == ref["code"]
        relation, overlaps, figure, part, part_range, in_part = _best(theirs.get(sid, []), ref_rows)
        if not same_code and relation not in ("better", "equal", "partial"):
            continue
        note = recognition.relation_note(relation, part, in_part)
        row.update(basis="code" if same_code else "quantity", same_code=same_code, range_overlap=overlaps,
                   accuracy=relation, uncertainty=row["accuracy_text"], valid=is_valid_on(row, on), own=bool(row["own"]),
                   figure=figure, covered_part=part, covered_range=part_range, accuracy_in_part=in_part,
                   accuracy_note=note)
        found.append(row)
    mark_calibration(conn, found, on)
    found.sort(key=lambda r: (not r["valid"], not r["usable"], not r["same_code"], RANK[r["accuracy"]],
                              r.pop("figure"), r["province"], r["institute_name"], r["certificate_no"]))
    prov = institute_provenance(conn, {r["institute_id"] for r in found}, None)
    for item in found:
        item["provenance"] = prov.get(item["institute_id"])
    valid = [r for r in found if r["valid"]]
    return {"standard": recognition.standard_summary(ref, on), "valid_on": on, "equivalents": found,
            "counts": {"total": len(found), "valid": len(valid), "usable": sum(r["usable"] for r in found),
                       "shown": len(found), "institutes": len({r["institute_id"] for r in valid})}}


def _as_good(row: dict[str, Any], model: Any, rng: Any) -> Any:
    """A row of the quantity sharing more than a point of the range, no larger an error at both ends of the part."""
    point = rng.min == rng.max
    cond = and_(CAP.c.quantity == row["quantity"],
                CAP.c.range_min <= rng.max if point else CAP.c.range_min < rng.max,
                CAP.c.range_max >= rng.min if point else CAP.c.range_max > rng.min)
    if not isinstance(model, ErrorModel):
        return cond
    ends = (case((CAP.c.range_min > rng.min, CAP.c.range_min), else_=rng.min),
            case((CAP.c.range_max < rng.max, CAP.c.range_max), else_=rng.max))
    return and_(cond, *(
        CAP.c.error_constant + CAP.c.error_of_reading * func.abs(x) + CAP.c.error_of_span * (CAP.c.range_max - CAP.c.range_min)
        <= (model.constant + model.of_reading * func.abs(x) + model.of_span * (rng.max - rng.min)) * (1 + TOL)
        for x in ends))


def _best(rows: list[StoredRow], ref_rows: list[StoredRow]) -> tuple[str, bool, float, Any, Any, Any]:
    """Every pair of rows of one quantity that share a part of the range; the best comparison made."""
    overlaps, figure, made = False, float("inf"), []
    for row, model, rng in rows:
        for ref_row, ref_model, ref_rng in ref_rows:
            part = covered_part(rng, ref_rng) if row["quantity"] == ref_row["quantity"] else None
            if part is None:
                continue
            overlaps = True
            relation = relate(model, rng, ref_model, ref_rng, TOL, over=part)
            if relation == "not_comparable":
                relation = grade_relation(row.get("accuracy_class"), ref_row.get("accuracy_class"))
            fig = judge(model, rng, Requirement(*part)).figure
            figure = min(figure, fig if fig is not None else float("inf"))
            if relation in ("better", "equal") and not covers(rng, ref_rng):
                made.append(("partial", range_text(*part, ref_rng), {"min": part[0], "max": part[1], "unit": ref_rng.unit},
                             relation))
            elif relation != "not_comparable":
                made.append((relation, None, None, None))
    if not made:
        return "not_comparable", overlaps, figure, None, None, None
    relation, part_text, part_range, in_part = min(made, key=lambda m: (RANK[m[0]], RANK[m[3] or m[0]]))
    return relation, overlaps, figure, part_text, part_range, in_part

