"""Use cases of the catalogues: the effective catalogue, its import from Excel, listing, flags.

The catalogue is read from the database on each use (a few hundred rows at most, one
query per table), so a catalogue imported by one user of a shared server is the one every
other user's next list, import or editor judges against.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from labregistry import i18n
from labregistry.domain import catalogue as cat
from labregistry.domain.catalogue import Catalogue, ProcedureEntry
from labregistry.domain.codes import discipline_quantity_issues
from labregistry.errors import Issue
from labregistry.ledger import catalogue_sheet
from labregistry.registry import Registry
from labregistry.storage import catalogues as rows_store
from labregistry.storage import queries
from labregistry.storage.models import Institute, Standard

KINDS = (catalogue_sheet.PROCEDURES, catalogue_sheet.CODES)


def current(reg: Registry) -> Catalogue:
    """The shipped catalogue with this database's imported rows over it."""
    with reg.uow() as uow:
        return of_session(uow.session)


def of_session(session: Session) -> Catalogue:
    """:func:`current` read through an open session (one query per table)."""
    return cat.build(rows_store.code_updates(session), rows_store.procedure_updates(session))


def import_excel(reg: Registry, path: Path, *, kind: str | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Check every row of the file, then store them all in one transaction (nothing on a refusal
    or a dry run). The summary says how many rows are new, changed, the same, and which
    shipped entries the file disagrees with (the file wins)."""
    before = current(reg)
    read = catalogue_sheet.read_catalogue_file(
        path, kind, {p.number: p.replaced_by for p in before.procedures.values() if not p.derived})
    summary: dict[str, Any] = {"file": path.name, "kinds": list(read.kinds), "dry_run": dry_run,
                               "codes": _changes(before.codes, {c.code: c for c in read.codes}, _same_code),
                               "procedures": _changes(before.procedures, {p.number: p for p in read.procedures},
                                                      _same_procedure)}
    if not dry_run:
        with reg.uow(source=path.name, write=True) as uow:
            rows_store.store(uow.session, read.codes, read.procedures, path.name)
            uow.commit()
    return summary


def _same_code(a: cat.CodeEntry, b: cat.CodeEntry) -> bool:
    return a.name == b.name


def _same_procedure(a: ProcedureEntry, b: ProcedureEntry) -> bool:
    return not a.derived and a.same_content(b)


def _changes(before: dict[str, Any], incoming: dict[str, Any], same: Any) -> dict[str, Any]:
    added = [k for k in incoming if k not in before]
    changed = [k for k in incoming if k in before and not same(before[k], incoming[k])]
    overrides = [k for k in changed if before[k].origin == cat.SHIPPED]
    return {"rows": len(incoming), "added": len(added), "changed": len(changed),
            "unchanged": len(incoming) - len(added) - len(changed), "overrides_shipped": overrides}


def list_entries(reg: Registry, kind: str) -> list[dict[str, Any]]:
    """The effective catalogue's rows, each saying where it comes from and whether an update
    disagrees with the shipped entry (``differs_from_shipped`` and the shipped values); an
    edition's ``status_label`` is a message the caller renders (:func:`i18n.render_all`)."""
    catalogue = current(reg)
    if kind == catalogue_sheet.CODES:
        return [{"code": c.code, "name": c.name, "origin": c.origin, "source": c.source,
                 "differs_from_shipped": c.differs, "shipped_name": c.shipped_name if c.differs else None}
                for c in catalogue.codes.values()]
    return [_procedure_json(p) for p in catalogue.procedures.values()]


def _procedure_json(p: ProcedureEntry) -> dict[str, Any]:
    shipped = p.shipped
    return {
        "number": p.number, "title": p.title, "status": p.status, "status_label": cat.status_label(p.status),
        "replaced_by": p.replaced_by, "date": p.date.isoformat() if p.date else None, "origin": p.origin,
        "source": p.source, "derived": p.derived, "differs_from_shipped": shipped is not None,
        "shipped": None if shipped is None else {
            "title": shipped.title, "status": shipped.status, "replaced_by": shipped.replaced_by,
            "date": shipped.date.isoformat() if shipped.date else None},
    }


def write_template(out: Path, kind: str | None = None) -> Path:
    return catalogue_sheet.write_template(out, (kind,) if kind else KINDS)


def with_flags(reg: Registry, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Standards' list rows each with ``procedure_flags`` (its services citing an edition
    withdrawn or superseded) and ``code_warning`` (its code not in the code catalogue, or None);
    the flags' ``message`` and the ``code_warning`` are reasons the caller renders."""
    catalogue = current(reg)
    with reg.uow() as uow:
        services = queries.services_of(uow.session, [int(r["id"]) for r in rows])
    out = []
    for r in rows:
        flags = []
        for name, procedure in services.get(int(r["id"]), []):
            flag = cat.cited_flag(catalogue, procedure)
            if flag is not None:
                flags.append({"service": name, **flag.to_json(),
                              "message": flag.issue("procedure", procedure).reason})
        issue = catalogue.code_issue(str(r.get("code") or ""))
        out.append({**r, "procedure_flags": flags, "code_warning": issue.reason if issue else None})
    return out


# ---------------------------------------------------------------------------- marks on rows


@dataclass(frozen=True)
class Mark:
    """A catalogue warning on a record: the service or item citing an edition no longer in
    force (``subject`` its name), or the standard's code not in the code catalogue."""

    subject: str | None
    issue: Issue

    @property
    def kind(self) -> str:
        """``withdrawn``, ``superseded`` or ``code`` (what the table's short mark says)."""
        if self.issue.code.startswith("catalogue.procedure_withdrawn"):
            return cat.WITHDRAWN
        if self.issue.code.startswith("catalogue.procedure_superseded"):
            return cat.SUPERSEDED
        return "code"

    def render(self, lang: str | None = None) -> str:
        """The mark's words, for the edges: the citing service's name, then the reason."""
        text = self.issue.message(lang)
        return i18n.tr("catalogue.mark", lang, subject=self.subject, message=text) if self.subject else text


MARKS_KEY = "catalogue_marks"  # a list row's marks (a tuple of Mark, empty when none)


def attach_marks(session: Session, kind: str, rows: Mapping[int, dict[str, Any]]) -> None:
    """Give each standard's or authorisation's list row ``catalogue_marks``: one query for the
    services (items) of these rows only, the catalogue read once for the page. What the record
    tables show next to the rows, cached with them."""
    if kind not in ("standards", "authorisations") or not rows:
        return
    catalogue = of_session(session)
    ids = list(rows)
    cited = (queries.services_of if kind == "standards" else queries.items_of)(session, ids)
    flags: dict[str | None, cat.ProcedureFlag | None] = {}  # a page cites few editions, each many times

    def flag_of(procedure: str | None) -> cat.ProcedureFlag | None:
        if procedure not in flags:
            flags[procedure] = cat.cited_flag(catalogue, procedure)
        return flags[procedure]

    for row_id, row in rows.items():
        row[MARKS_KEY] = marks_for(catalogue, cited.get(row_id, []), row.get("code") if kind == "standards" else None,
                                   flag_of)


def marks_for(catalogue: Catalogue, cited: Sequence[tuple[str, str | None]], code: str | None,
              flag_of: Callable[[str | None], cat.ProcedureFlag | None] | None = None) -> tuple[Mark, ...]:
    """The marks of one record: its code (a standard's), then each citing service or item
    (``flag_of``: the flag of a cited text, memoised by the caller; default: judged here)."""
    judge = flag_of or (lambda text: cat.cited_flag(catalogue, text))
    marks = []
    issue = catalogue.code_issue(code) if code else None
    if issue is not None:
        marks.append(Mark(None, issue))
    for name, procedure in cited:
        flag = judge(procedure)
        if flag is not None:
            marks.append(Mark(name, flag.issue("procedure", procedure)))
    return tuple(marks)


def own_warnings(reg: Registry) -> list[dict[str, Any]]:
    """The own records the catalogue flags, for ``check``: each own standard's service and
    authorised item citing an edition withdrawn or superseded, each own standard whose code the
    code catalogue does not list, each own standard whose range is of a quantity its code's
    discipline does not measure (:func:`_discipline_warnings`). Warnings, not failures: the
    records stay valid and usable.
    Each procedure text and code is judged once, however many records cite it. A warning's
    ``message`` is a reason the caller renders."""
    with reg.uow() as uow:
        catalogue = of_session(uow.session)
        cited = queries.own_cited_procedures(uow.session)
        code_issues = {c: i for c in queries.own_distinct_codes(uow.session)
                       if (i := catalogue.code_issue(c)) is not None}
        coded = queries.own_standards_coded(uow.session, sorted(code_issues))
        discipline = _discipline_warnings(uow.session)
    flags: dict[str, cat.ProcedureFlag | None] = {}
    out: list[dict[str, Any]] = []
    for _id, certificate_no, code in coded:
        out.append({"kind": "standards", "certificate_no": certificate_no, "subject": None, "procedure": None,
                    "code": code, "rule": code_issues[code].code, "message": code_issues[code].reason})
    out.extend(discipline)
    for row in cited:
        text = str(row["procedure"])
        if text not in flags:
            flags[text] = cat.cited_flag(catalogue, text)
        flag = flags[text]
        if flag is not None:
            issue = flag.issue("procedure", text)
            out.append({"kind": row["kind"], "certificate_no": row["certificate_no"], "subject": row["subject"],
                        "procedure": text, "code": None, "rule": issue.code,
                        **{k: v for k, v in flag.to_json().items() if k != "procedure"},
                        "message": issue.reason})
    return out


def _discipline_warnings(session: Session) -> list[dict[str, Any]]:
    """Each own standard whose range is of a quantity its code's level-1 discipline does not
    measure (``domain.codes.discipline_quantity_issues``, the rule the editor, ``add-standard``
    and ledgers apply on entry): saved before the rule, or since the sets were judged anew. A
    warning naming the standard, its code and its range (``subject``), the reason saying to
    correct the code or the range; never export-blocking, a peer's receiver does not apply the
    rule either (review 9). The own standards are a few thousand at most, read once."""
    stmt = (select(col(Standard.certificate_no), col(Standard.code), col(Standard.quantity), col(Standard.range_text))
            .join(Institute, col(Institute.id) == col(Standard.institute_id))
            .where(col(Institute.is_own).is_(True), col(Standard.quantity).is_not(None))
            .order_by(col(Standard.certificate_no)))
    out: list[dict[str, Any]] = []
    for certificate_no, code, quantity, range_text in session.execute(stmt):
        for issue in discipline_quantity_issues(code, quantity, "range_text", range_text):
            out.append({"kind": "standards", "certificate_no": certificate_no, "subject": range_text,
                        "procedure": None, "code": code, "rule": issue.code, "message": issue.reason})
    return out
