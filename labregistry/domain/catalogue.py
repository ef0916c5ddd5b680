"""The two catalogues a registry judges records against: standard codes and procedures.

* **Standard codes** (JJF 1022-2014《计量标准命名与分类编码》): code -> name. A standard whose
  code the catalogue does not list is warned about, naming the nearest level it does list.
* **Procedures** (JJG verification regulations, JJF specifications): each edition
  ("JJG 52-2013") with its title, status (现行 in force, 废止 withdrawn, 被代替 superseded),
  the edition that replaced it, and a date. A service or an authorised item citing a
  withdrawn or superseded edition is flagged: a certificate under it is no longer lawful.

The app ships a catalogue (``catalogues/*.csv`` beside this module, every row with its
source: docs/catalogues.md); an institute brings it up to date from an Excel file, and the
rows it imported are kept in the database. Here both are merged into one
:class:`Catalogue`: an imported row wins over the shipped one of the same key (and says it
differs), and an edition listed in force is superseded by a later edition of the same
number listed in force (a new edition replaces the old one even when no row says so).

Pure values: no database, no files except the shipped data read through importlib.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from labregistry import i18n
from labregistry.domain.codes import DISCIPLINES, Procedure, parse_procedure, standard_code_issues
from labregistry.domain.records import ValidatedAuthorisation, ValidatedStandard, item_field
from labregistry.errors import DomainError, Issue

IN_FORCE, WITHDRAWN, SUPERSEDED = "in_force", "withdrawn", "superseded"
STATUSES = (IN_FORCE, WITHDRAWN, SUPERSEDED)
#: How people write a status in a catalogue sheet -> the stored key.
STATUS_WORDS: dict[str, str] = {
    "现行": IN_FORCE, "现行有效": IN_FORCE, "有效": IN_FORCE, "in force": IN_FORCE, "in_force": IN_FORCE,
    "current": IN_FORCE,
    "废止": WITHDRAWN, "作废": WITHDRAWN, "withdrawn": WITHDRAWN,
    "被代替": SUPERSEDED, "被替代": SUPERSEDED, "已被代替": SUPERSEDED, "superseded": SUPERSEDED,
}
SHIPPED, UPDATE = "shipped", "update"


@dataclass(frozen=True)
class CodeEntry:
    """A JJF 1022 code and its name. ``origin``: shipped or update; ``shipped_name`` when an
    update renamed a shipped code."""

    code: str
    name: str
    source: str = ""
    origin: str = SHIPPED
    shipped_name: str | None = None

    @property
    def differs(self) -> bool:
        return self.shipped_name is not None and self.shipped_name != self.name


@dataclass(frozen=True)
class ProcedureEntry:
    """One edition of a procedure: ``number`` is its normalised text, e.g. ``'JJG 52-2013'``.

    ``derived``: superseded because a later edition of the same number is in force, not
    because a row says so. ``shipped``: the shipped entry an update replaced, when they differ."""

    number: str
    title: str
    status: str
    replaced_by: str | None = None
    date: dt.date | None = None
    source: str = ""
    origin: str = SHIPPED
    derived: bool = False
    shipped: ProcedureEntry | None = None

    @property
    def series(self) -> str:
        """The number without its year: ``'JJG 52'`` (editions of one series replace each other)."""
        return self.number.rsplit("-", 1)[0]

    @property
    def year(self) -> int:
        return int(self.number.rsplit("-", 1)[1])

    def same_content(self, other: ProcedureEntry) -> bool:
        return (self.title, self.status, self.replaced_by, self.date) == (
            other.title, other.status, other.replaced_by, other.date)


@dataclass(frozen=True)
class ProcedureFlag:
    """A cited edition that is no longer in force."""

    procedure: str
    status: str  # withdrawn / superseded
    replaced_by: str | None
    date: dt.date | None

    def issue(self, field: str, value: object) -> Issue:
        params = {"procedure": self.procedure, "replaced_by": self.replaced_by or "",
                  "date": self.date.isoformat() if self.date else ""}
        code = "catalogue.procedure_withdrawn" if self.status == WITHDRAWN else "catalogue.procedure_superseded"
        return Issue(code + ("_on" if self.date else ""), field, value, params, warning=True)

    def to_json(self) -> dict[str, object]:
        return {"procedure": self.procedure, "status": self.status, "replaced_by": self.replaced_by,
                "date": self.date.isoformat() if self.date else None}


class Catalogue:
    """The effective catalogue: look-ups for flags, and the rows for listing."""

    def __init__(self, codes: Iterable[CodeEntry], procedures: Iterable[ProcedureEntry]) -> None:
        self.codes: dict[str, CodeEntry] = {c.code: c for c in codes}
        self.procedures: dict[str, ProcedureEntry] = {p.number: p for p in procedures}
        self._latest: dict[str, ProcedureEntry] = {}
        for p in self.procedures.values():
            if p.status == IN_FORCE and (p.series not in self._latest or p.year > self._latest[p.series].year):
                self._latest[p.series] = p
        # disciplines whose breakdown an imported table gives: only there can a code be "not listed"
        # (the shipped catalogue holds one example code below the disciplines, not a table)
        self._detailed = {c.code[:2] for c in self.codes.values() if c.code[2:] != "000000" and c.origin == UPDATE}

    def procedure_flag(self, procedure: Procedure | None) -> ProcedureFlag | None:
        """The flag of a cited edition withdrawn or superseded; None when in force or unknown.

        An edition the catalogue does not list, older than the edition in force of its
        series, is superseded by that edition."""
        if procedure is None or procedure.year is None or not procedure.kind.startswith("JJ"):
            return None
        entry = self.procedures.get(procedure.text)
        if entry is not None:
            if entry.status == IN_FORCE:
                return None
            last = self._end_of_chain(entry)
            if last is entry:
                return ProcedureFlag(entry.number, entry.status, entry.replaced_by, entry.date)
            if last.status == WITHDRAWN:  # the line ended: no edition to work to
                return ProcedureFlag(entry.number, WITHDRAWN, None, last.date)
            to = last.number if last.status == IN_FORCE else last.replaced_by or last.number
            return ProcedureFlag(entry.number, entry.status, to, entry.date)
        latest = self._latest.get(procedure.text.rsplit("-", 1)[0])
        if latest is not None and latest.year > int(procedure.year):
            return ProcedureFlag(procedure.text, SUPERSEDED, latest.number, latest.date)
        return None

    def _end_of_chain(self, entry: ProcedureEntry) -> ProcedureEntry:
        """The last edition reached from ``entry`` by "replaced by": the one to work to when it
        is in force (A by B, B by C: C), withdrawn when the line ended. An edition the
        catalogue does not list ends the chain; so would a circle, which imports refuse."""
        seen = {entry.number}
        while entry.status == SUPERSEDED and entry.replaced_by and entry.replaced_by not in seen:
            following = self.procedures.get(entry.replaced_by)
            if following is None:
                break
            seen.add(following.number)
            entry = following
        return entry

    def code_issue(self, code: str, field: str = "code") -> Issue | None:
        """A warning for a code the catalogue does not list, naming the nearest level it does.

        Only where an imported code table lists the discipline's breakdown (the shipped catalogue,
        the eighteen disciplines and one example, cannot say a code is missing), and never for a
        temporary code below a catch-all (90/91): those are not in the catalogue by design."""
        # the two look-ups first: the records tables ask this for every row they show, and
        # standard_code_issues goes through normalise()'s bounded cache, filling it with codes
        if code in self.codes or code[:2] not in self._detailed or standard_code_issues(code):
            return None
        near = self.nearest(code)
        return Issue("catalogue.code_unknown", field, code,
                     {"standard_code": code, "near_code": near.code, "near_name": near.name}, warning=True)

    def nearest(self, code: str) -> CodeEntry:
        """The listed code sharing the longest prefix of whole levels (the discipline at least)."""
        for digits in (6, 4, 2):
            entry = self.codes.get(code[:digits].ljust(8, "0"))
            if entry is not None:
                return entry
        zh, _en = DISCIPLINES.get(code[:2], (code[:2], code[:2]))
        return CodeEntry(code[:2].ljust(8, "0"), zh)

    def item_codes(self, discipline: str) -> list[CodeEntry]:
        """The listed codes of a discipline at item level (level 3 given), for coverage per code."""
        return sorted((c for c in self.codes.values()
                       if c.code[:2] == discipline and c.code[4:6] != "00"), key=lambda c: c.code)


# ---------------------------------------------------------------------------- merging


def merge_codes(shipped: Iterable[CodeEntry], updates: Iterable[CodeEntry]) -> list[CodeEntry]:
    """Shipped codes with the updates over them (an update wins, and keeps the shipped name)."""
    out = {c.code: c for c in shipped}
    for u in updates:
        before = out.get(u.code)
        shipped_name = before.name if before is not None and before.origin == SHIPPED else None
        out[u.code] = replace(u, origin=UPDATE, shipped_name=shipped_name)
    return sorted(out.values(), key=lambda c: c.code)


def merge_procedures(shipped: Iterable[ProcedureEntry], updates: Iterable[ProcedureEntry]) -> list[ProcedureEntry]:
    """Shipped editions with the updates over them, then older editions marked in force
    superseded by the latest edition in force of their series."""
    out = {p.number: p for p in shipped}
    for u in updates:
        before = out.get(u.number)
        differs = before is not None and before.origin == SHIPPED and not before.same_content(u)
        out[u.number] = replace(u, origin=UPDATE, shipped=before if differs else None)
    latest: dict[str, ProcedureEntry] = {}
    for p in out.values():
        if p.status == IN_FORCE and (p.series not in latest or p.year > latest[p.series].year):
            latest[p.series] = p
    for number, p in list(out.items()):
        newest = latest.get(p.series)
        if p.status == IN_FORCE and newest is not None and newest.year > p.year:
            out[number] = replace(p, status=SUPERSEDED, replaced_by=newest.number, date=newest.date, derived=True)
    return sorted(out.values(), key=_procedure_order)


def _procedure_order(p: ProcedureEntry) -> tuple[str, int, int]:
    m = re.match(r"(.*?) (\d+)", p.number)
    return (m.group(1), int(m.group(2)), p.year) if m else (p.number, 0, p.year)


# ---------------------------------------------------------------------------- shipped data


def _shipped_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("labregistry.domain").joinpath("catalogues", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def shipped_codes() -> tuple[CodeEntry, ...]:
    return tuple(CodeEntry(r["code"], r["name"], r["source"]) for r in _shipped_rows("codes.csv"))


@cache
def shipped_procedures() -> tuple[ProcedureEntry, ...]:
    return tuple(
        ProcedureEntry(r["number"], r["title"], STATUS_WORDS[r["status"]], r["replaced_by"] or None,
                       dt.date.fromisoformat(r["date"]) if r["date"] else None, r["source"])
        for r in _shipped_rows("procedures.csv"))


def build(code_updates: Sequence[CodeEntry] = (), procedure_updates: Sequence[ProcedureEntry] = ()) -> Catalogue:
    """The effective catalogue: shipped, with the database's updates over it."""
    return Catalogue(merge_codes(shipped_codes(), code_updates),
                     merge_procedures(shipped_procedures(), procedure_updates))


def status_label(status: str) -> i18n.Message:
    """现行, 废止, 被代替 ... as a message the edges render."""
    return i18n.Message.of(f"catalogue.status.{status}")


def status_from_word(word: object, words: Mapping[str, str] = STATUS_WORDS) -> str | None:
    """The stored status of what a sheet says (现行 / 废止 / 被代替, or English), None if unknown."""
    return words.get(re.sub(r"\s+", " ", str(word)).strip().lower()) if word is not None else None


# ---------------------------------------------------------------------------- records judged


def standard_issues(cat: Catalogue, standard: ValidatedStandard) -> list[Issue]:
    """Warnings for a standard: its code not listed, each service citing an edition not in force."""
    issues = [i for i in [cat.code_issue(standard.code.code)] if i is not None]
    for n, service in enumerate(standard.services):
        flag = cat.procedure_flag(service.procedure)
        if flag is not None and service.procedure is not None:
            issues.append(flag.issue(item_field("services", n, "procedure"), service.procedure.text))
    return issues


def authorisation_issues(cat: Catalogue, authorisation: ValidatedAuthorisation) -> list[Issue]:
    """Warnings for an authorisation: each authorised item citing an edition not in force."""
    issues = []
    for n, item in enumerate(authorisation.items):
        flag = cat.procedure_flag(item.procedure)
        if flag is not None and item.procedure is not None:
            issues.append(flag.issue(item_field("items", n, "procedure"), item.procedure.text))
    return issues


def cited_flag(cat: Catalogue, text: object) -> ProcedureFlag | None:
    """The flag of a stored procedure text (as a service keeps it); None when unreadable or in force."""
    if text is None or not str(text).strip():
        return None
    try:
        return cat.procedure_flag(parse_procedure(text))
    except DomainError:
        return None
