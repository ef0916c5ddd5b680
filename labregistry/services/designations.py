"""Institute designations: industry metrology test centres and regional technical committees.

The integration plan counts institutes the authorities designated as industry metrology test
centres (产业计量测试中心) and as hosts of a regional metrology technical committee's
secretariat (区域计量技术委员会秘书处承担单位). These are the authorities' decisions, not an
institute's own records: the coordinator's home records them for any institute, own or peer,
by credit code (an institute whose bundle has not arrived yet may be designated), and a
peer's bundle never carries or changes them, since a signed bundle proves who sent it, not
that the sender was designated (docs/region-report.md). They are set one institute at a
time (``institutes designate``) or from the authority's list in Excel (``institutes
import-excel``), all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from labregistry import i18n
from labregistry.domain.choices import DESIGNATION_KINDS
from labregistry.domain.codes import check_uscc
from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.storage.models import Institute, InstituteDesignation
from labregistry.storage.uow import UnitOfWork

INDUSTRY_CENTRE = "industry_centre"
COMMITTEE = "committee"
KINDS = DESIGNATION_KINDS

NAME_LIMIT = 200


@dataclass(frozen=True)
class Designation:
    """One designation to record: ``kind`` is :data:`INDUSTRY_CENTRE` or :data:`COMMITTEE`."""

    kind: str
    name: str
    designated_by: str | None = None
    designated_on: dt.date | None = None


def kind_label(kind: str) -> i18n.Label:
    """产业计量测试中心 / industry test centre ...: in the language of the message that names it."""
    zh, en = KINDS[kind]
    return i18n.Label(zh, en)


def designate(reg: Registry, uscc: str, designations: Sequence[Designation], *, institute_name: str | None = None,
              operator: str | None = None, source: str = "cli") -> int:
    """Record ``designations`` for the institute ``uscc``; returns how many were new (one
    already recorded gets the authority and date given, if any)."""
    code = check_uscc(uscc)
    if not designations:
        raise DomainError("designation.nothing")
    for d in designations:
        _check_name(d.name)
    with reg.uow(operator or reg.operator(), source, write=True) as uow:
        name = _institute_name(uow, code, institute_name)
        if name is None:
            raise DomainError("designation.unknown_institute", uscc=code)
        added = _record(uow, code, name, designations)
        uow.commit()
    return added


def withdraw(reg: Registry, uscc: str, designations: Sequence[Designation], *, operator: str | None = None,
             source: str = "cli") -> int:
    """Remove the named designations of ``uscc`` (each must exist); returns how many."""
    code = check_uscc(uscc)
    if not designations:
        raise DomainError("designation.nothing")
    with reg.uow(operator or reg.operator(), source, write=True) as uow:
        for d in designations:
            row = _find(uow, code, d.kind, d.name)
            if row is None:
                raise DomainError("designation.not_found", uscc=code, kind=kind_label(d.kind), name=d.name)
            uow.audit("delete", "designation", code, label=f"{d.kind}:{d.name}", before=_snapshot(row))
            uow.session.delete(row)
        uow.commit()
    return len(designations)


def change(reg: Registry, uscc: str, old: Designation, new: Designation, *, operator: str | None = None,
           source: str = "app") -> None:
    """Replace one designation of ``uscc`` by ``new`` in one transaction (the app's Change ...):
    the same rules as :func:`withdraw` then :func:`designate`; the authority and date are
    ``new``'s as given (an empty one clears it)."""
    code = check_uscc(uscc)
    _check_name(new.name)
    with reg.uow(operator or reg.operator(), source, write=True) as uow:
        row = _find(uow, code, old.kind, old.name)
        if row is None:
            raise DomainError("designation.not_found", uscc=code, kind=kind_label(old.kind), name=old.name)
        before = _snapshot(row)
        if (new.kind, new.name.strip()) != (row.kind, row.name) and _find(uow, code, new.kind, new.name) is not None:
            raise DomainError("designation.exists", uscc=code, kind=kind_label(new.kind), name=new.name.strip())
        row.kind, row.name = new.kind, new.name.strip()
        row.designated_by, row.designated_on = new.designated_by or None, new.designated_on
        if _snapshot(row) != before:
            uow.session.add(row)
            uow.audit("update", "designation", code, label=f"{row.kind}:{row.name}", before=before,
                      after=_snapshot(row))
        uow.commit()


def list_designations(reg: Registry) -> list[dict[str, Any]]:
    """Every institute of the registry, and every designated one not in it yet, each with its
    designations (``industry_centres``, ``committees``); the designated first, then by
    province and name."""
    with reg.uow() as uow:
        institutes = {i.uscc: i for i in uow.session.execute(select(Institute)).scalars()}
        rows = list(uow.session.execute(
            select(InstituteDesignation).order_by(col(InstituteDesignation.kind), col(InstituteDesignation.name))
        ).scalars())
    out: dict[str, dict[str, Any]] = {
        code: {"uscc": code, "name": i.name, "province": i.province, "city": i.city, "in_registry": True,
               "is_own": i.is_own, "industry_centres": [], "committees": []}
        for code, i in institutes.items()
    }
    for row in rows:
        entry = out.setdefault(row.uscc, {"uscc": row.uscc, "name": row.institute_name, "province": None,
                                          "city": None, "in_registry": False, "is_own": False,
                                          "industry_centres": [], "committees": []})
        key = "industry_centres" if row.kind == INDUSTRY_CENTRE else "committees"
        entry[key].append({"name": row.name, "designated_by": row.designated_by,
                           "designated_on": row.designated_on})
    return sorted(out.values(), key=lambda e: (not (e["industry_centres"] or e["committees"]),
                                               e["province"] or "", e["name"] or "", e["uscc"]))


# ---------------------------------------------------------------- the authority's list in Excel

HEADER_ROWS = 10
_HEADINGS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "信用代码", "uscc", "credit code"),
    "name": ("机构名称", "单位名称", "承担单位", "name", "institute"),
    "kind": ("类别", "认定类别", "类型", "kind"),
    "designation": ("名称", "中心名称", "委员会名称", "认定名称", "designation"),
    "designated_by": ("批准单位", "认定单位", "批准部门", "designated by"),
    "designated_on": ("批准日期", "认定日期", "批准时间", "designated on"),
}
_REQUIRED = ("uscc", "kind", "designation")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    added: int
    institutes: int


def import_excel(reg: Registry, path: str | Path, *, operator: str | None = None) -> ImportResult:
    """The authority's list (one designation per row: credit code, institute name, kind,
    designation, optionally who designated it and when), from the first visible sheet.

    Every row is checked before anything is written; the first problem refuses the whole
    file, naming the file, sheet, row and column."""
    from labregistry.ledger.reader import open_ledger

    with open_ledger(path) as book:
        sheet = book.visible_sheets[0]
        grid = book.read_sheet(sheet)
    header_row, columns = _header(grid)
    place = {"file": grid.file, "sheet": sheet}
    rows: list[tuple[int, str, str | None, Designation]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number in grid.row_numbers(header_row + 1):
        values = {key: _text(grid.value(number, column)) for key, column in columns.items()}
        if not any(values.values()):
            continue
        parsed = _parse_row(values, number, columns, place, grid)
        key = (parsed[0], parsed[2].kind, parsed[2].name)
        if key in seen:
            raise _cell_error(place, number, "designation", grid, columns, "designation.problem.duplicate",
                              row=seen[key])
        seen[key] = number
        rows.append((number, parsed[0], parsed[1], parsed[2]))
    if not rows:
        raise DomainError("designation.sheet.empty", file=place["file"], sheet=place["sheet"])
    with reg.uow(operator or reg.operator(), f"excel {grid.file}", write=True) as uow:
        known = {i.uscc: i.name for i in uow.session.execute(select(Institute)).scalars()}
        for number, code, name, _d in rows:
            if code not in known and not name:
                raise _cell_error(place, number, "name", grid, columns, "designation.problem.name_needed")
        added = 0
        for code in dict.fromkeys(code for _n, code, _name, _d in rows):
            name = known.get(code) or next(n for _r, c, n, _d in rows if c == code and n)
            added += _record(uow, code, name, [d for _r, c, _n, d in rows if c == code])
        uow.commit()
    return ImportResult(rows=len(rows), added=added, institutes=len({code for _n, code, _name, _d in rows}))


def _header(grid: Any) -> tuple[int, dict[str, int]]:
    for number in grid.row_numbers()[:HEADER_ROWS]:
        found: dict[str, int] = {}
        for column, value in enumerate(grid.rows.get(number, ()), start=1):
            word = _text(value).lower().replace("（", "(").split("(")[0].strip()
            for key, names in _HEADINGS.items():
                if key not in found and word in names:
                    found[key] = column
        if all(key in found for key in _REQUIRED):
            return number, found
    raise DomainError("designation.sheet.no_header", file=grid.file, sheet=grid.sheet, rows=HEADER_ROWS)


def _parse_row(values: dict[str, str], number: int, columns: dict[str, int], place: dict[str, str],
               grid: Any) -> tuple[str, str | None, Designation]:
    for key in _REQUIRED:
        if not values.get(key):
            raise _cell_error(place, number, key, grid, columns, "designation.problem.required")
    try:
        code = check_uscc(values["uscc"])
    except DomainError as err:
        raise _cell_error(place, number, "uscc", grid, columns, None, detail=err) from None
    kind = KINDS.parse(values["kind"])
    if kind is None:
        raise _cell_error(place, number, "kind", grid, columns, "designation.problem.kind", text=values["kind"])
    for key in ("designation", "name", "designated_by"):
        if len(values.get(key) or "") > NAME_LIMIT:
            raise _cell_error(place, number, key, grid, columns, "designation.too_long",
                              text=values[key][:20] + "…", limit=NAME_LIMIT)
    on: dt.date | None = None
    if "designated_on" in columns and grid.value(number, columns["designated_on"]) not in (None, ""):
        try:
            on = parse_date(grid.value(number, columns["designated_on"]), "designated_on")
        except DomainError as err:
            raise _cell_error(place, number, "designated_on", grid, columns, None, detail=err) from None
    return code, values.get("name") or None, Designation(kind, values["designation"], values.get("designated_by") or None,
                                                         on)


def _cell_error(place: dict[str, str], number: int, key: str, grid: Any, columns: dict[str, int],
                problem: str | None, detail: DomainError | None = None, **params: Any) -> DomainError:
    """The refusal of one cell, its column named by the heading the file gave it."""
    column = _text(grid.value(_header(grid)[0], columns[key])) if key in columns else key
    return CellError(place, number, column, detail or DomainError(problem or "", **params))


class CellError(DomainError):
    """A problem of one cell of the list: the file, sheet, row and column, then the problem,
    both in the language the error is rendered in."""

    def __init__(self, place: dict[str, str], row: int, column: str, problem: DomainError) -> None:
        self.place, self.row, self.column, self.problem = place, row, column, problem
        super().__init__("designation.sheet.cell", file=place["file"], sheet=place["sheet"], row=row, column=column)

    def render(self, lang: str | None = None) -> str:
        return i18n.tr("designation.sheet.cell", lang, **self.place, row=self.row, column=self.column,
                       problem=self.problem.render(lang))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# ---------------------------------------------------------------- storage


def _check_name(name: str) -> None:
    if not name.strip():
        raise DomainError("designation.empty_name")
    if len(name) > NAME_LIMIT:
        raise DomainError("designation.too_long", text=name[:20] + "…", limit=NAME_LIMIT)


def _institute_name(uow: UnitOfWork, code: str, given: str | None) -> str | None:
    row = uow.session.execute(select(col(Institute.name)).where(col(Institute.uscc) == code)).scalar_one_or_none()
    return row or (given.strip() if given and given.strip() else None)


def _find(uow: UnitOfWork, code: str, kind: str, name: str) -> InstituteDesignation | None:
    return uow.session.execute(select(InstituteDesignation).where(
        col(InstituteDesignation.uscc) == code, col(InstituteDesignation.kind) == kind,
        col(InstituteDesignation.name) == name.strip())).scalar_one_or_none()


def _record(uow: UnitOfWork, code: str, institute_name: str, designations: Iterable[Designation]) -> int:
    added = 0
    for d in designations:
        row = _find(uow, code, d.kind, d.name)
        if row is None:
            row = InstituteDesignation(uscc=code, institute_name=institute_name, kind=d.kind, name=d.name.strip(),
                                       designated_by=d.designated_by, designated_on=d.designated_on)
            uow.session.add(row)
            uow.audit("create", "designation", code, label=f"{d.kind}:{row.name}", after=_snapshot(row))
            added += 1
            continue
        before = _snapshot(row)
        row.designated_by = d.designated_by or row.designated_by
        row.designated_on = d.designated_on or row.designated_on
        if _snapshot(row) != before:
            uow.session.add(row)
            uow.audit("update", "designation", code, label=f"{d.kind}:{row.name}", before=before, after=_snapshot(row))
    uow.session.flush()
    return added


def _snapshot(row: InstituteDesignation) -> dict[str, Any]:
    return {"uscc": row.uscc, "institute_name": row.institute_name, "kind": row.kind, "name": row.name,
            "designated_by": row.designated_by,
            "designated_on": row.designated_on.isoformat() if row.designated_on else None}
