"""The own institute's capabilities as a CMC table (CNAS-GL025 / BIPM KCDB shape), in Excel.

One row per capability row of the own standards in force (not suspended or revoked, not
ended): the quantity, the instrument (the standard) and its parameter, the range, the
expanded uncertainty as recorded with its k (blank when the record has none, and 备注 says
that k was not recorded: never a k=2 the certificate did not state), the method (the procedures of the standard's
services), remarks (the conditions, and what the accuracy is when it is not an uncertainty:
a CMC is an uncertainty, so an MPE or a class is named as such, never passed off as one).
Every value goes through the safe cell writer and the file is written whole or not at all,
as the list reports are (:mod:`.list_report`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from labregistry import i18n
from labregistry.domain.quantities import QUANTITY_NAMES
from labregistry.outputs import check_xlsx_target
from labregistry.registry import Registry
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Capability, Institute, Service, Standard

# (key, zh header, en header, width)
COLUMNS: list[tuple[str, str, str, int]] = [
    ("no", "序号", "No.", 6),
    ("quantity", "被测量", "Quantity", 12),
    ("instrument", "计量标准（仪器）", "Instrument", 28),
    ("parameter", "参数", "Parameter", 18),
    ("range_text", "测量范围", "Range", 22),
    ("uncertainty", "扩展不确定度", "Expanded uncertainty", 26),
    ("k", "包含因子k", "k", 8),
    ("method", "依据方法/规程", "Method / procedure", 26),
    ("certificate_no", "考核证书编号", "Certificate No.", 26),
    ("remarks", "备注", "Remarks", 28),
]

# U95, U_99: an uncertainty stated by its coverage probability, which needs no k
_STATES_PROBABILITY = re.compile(r"U_?(?:95|99)")

S, CAP, SV, INST = table_of(Standard), table_of(Capability), table_of(Service), table_of(Institute)


@dataclass(frozen=True)
class CmcTable:
    path: Path
    rows: int


def cmc_rows(reg: Registry, on: dt.date, language: i18n.DocLanguage) -> list[dict[str, Any]]:
    """The own capability rows in force on ``on``, by certificate number and row."""
    in_force = (S.c.status.not_in(("suspended", "revoked")), S.c.valid_until >= on,
                or_(S.c.issued_on.is_(None), S.c.issued_on <= on))
    stmt = (select(S.c.id, S.c.name, S.c.certificate_no, CAP.c.quantity, CAP.c.parameter, CAP.c.range_text,
                   CAP.c.accuracy_text, CAP.c.accuracy_k, CAP.c.accuracy_basis, CAP.c.conditions)
            .select_from(CAP.join(S, S.c.id == CAP.c.standard_id).join(INST, INST.c.id == S.c.institute_id))
            .where(INST.c.is_own.is_(True), *in_force).order_by(S.c.certificate_no, S.c.id, CAP.c.position))
    with reg.engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(stmt)]
        methods = _methods(conn, sorted({r["id"] for r in found}))
    return [_shown(n, r, methods.get(r["id"], ""), language) for n, r in enumerate(found, start=1)]


def _methods(conn: Any, ids: list[int]) -> dict[int, str]:
    procedures: dict[int, list[str]] = {}
    for start in range(0, len(ids), 5000):
        stmt = (select(SV.c.standard_id, SV.c.procedure).where(SV.c.standard_id.in_(ids[start:start + 5000]))
                .order_by(SV.c.standard_id, SV.c.position))
        for sid, procedure in conn.execute(stmt):
            if procedure and procedure not in procedures.setdefault(sid, []):
                procedures[sid].append(procedure)
    return {sid: "、".join(p) for sid, p in procedures.items()}


def _shown(n: int, r: dict[str, Any], method: str, language: i18n.DocLanguage) -> dict[str, Any]:
    en = language == "en"
    names = QUANTITY_NAMES.get(r["quantity"] or "", (r["quantity"], r["quantity"]))
    basis = r["accuracy_basis"]
    remark = None if basis == "uncertainty" else i18n.tr(f"cmc.remark.{basis or 'none'}", language)
    if basis == "uncertainty" and r["accuracy_k"] is None and not _STATES_PROBABILITY.search(r["accuracy_text"] or ""):
        # the k column left blank said nothing of why: the record has none, and none is invented
        remark = i18n.tr("cmc.remark.k_missing", language)
    sep = "; " if en else "；"
    return {"no": n, "quantity": names[1] if en else names[0], "instrument": r["name"], "parameter": r["parameter"],
            "range_text": r["range_text"], "uncertainty": r["accuracy_text"], "k": r["accuracy_k"],
            "method": method or None, "certificate_no": r["certificate_no"],
            "remarks": sep.join(x for x in (r["conditions"], remark) if x) or None}


def write_cmc_table(reg: Registry, out: str | Path, *, institute: str, on: dt.date | None = None,
                    language: i18n.DocLanguage, now: dt.datetime | None = None) -> CmcTable:
    """Write the own CMC table to ``out`` (.xlsx; never over the registry's own files)."""
    from labregistry.services.list_report import write_table

    check_xlsx_target(reg.home, out)
    on = on or dt.date.today()
    rows = cmc_rows(reg, on, language)
    made = (now or dt.datetime.now()).replace(microsecond=0, tzinfo=None)
    facts = [(i18n.tr("cmc.generated", language), made),
             (i18n.tr("cmc.valid_on", language), on), (i18n.tr("cmc.count", language), len(rows))]
    path = write_table(out, sheet=i18n.tr("cmc.sheet", language),
                       title=i18n.tr("cmc.title", language, institute=institute), facts=facts, columns=COLUMNS,
                       rows=([row[key] for key, *_ in COLUMNS] for row in rows), language=language)
    return CmcTable(path, len(rows))
