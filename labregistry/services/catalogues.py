"""Use cases of the catalogues: the effective catalogue, its import from Excel, listing, flags.

The catalogue is read from the database on each use (a few hundred rows at most, one
query per table), so a catalogue imported by one user of a shared server is the one every
other user's next list, import or editor judges against.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labregistry.domain import catalogue as cat
from labregistry.domain.catalogue import Catalogue, ProcedureEntry
from labregistry.ledger import catalogue_sheet
from labregistry.registry import Registry
from labregistry.storage import catalogues as rows_store
from labregistry.storage import queries

KINDS = (catalogue_sheet.PROCEDURES, catalogue_sheet.CODES)


def current(reg: Registry) -> Catalogue:
    """The shipped catalogue with this database's imported rows over it."""
    with reg.uow() as uow:
        return cat.build(rows_store.code_updates(uow.session), rows_store.procedure_updates(uow.session))


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


def list_entries(reg: Registry, kind: str, lang: str | None = None) -> list[dict[str, Any]]:
    """The effective catalogue's rows, each saying where it comes from and whether an update
    disagrees with the shipped entry (``differs_from_shipped`` and the shipped values)."""
    catalogue = current(reg)
    if kind == catalogue_sheet.CODES:
        return [{"code": c.code, "name": c.name, "origin": c.origin, "source": c.source,
                 "differs_from_shipped": c.differs, "shipped_name": c.shipped_name if c.differs else None}
                for c in catalogue.codes.values()]
    return [_procedure_json(p, lang) for p in catalogue.procedures.values()]


def _procedure_json(p: ProcedureEntry, lang: str | None) -> dict[str, Any]:
    shipped = p.shipped
    return {
        "number": p.number, "title": p.title, "status": p.status, "status_label": cat.status_label(p.status, lang),
        "replaced_by": p.replaced_by, "date": p.date.isoformat() if p.date else None, "origin": p.origin,
        "source": p.source, "derived": p.derived, "differs_from_shipped": shipped is not None,
        "shipped": None if shipped is None else {
            "title": shipped.title, "status": shipped.status, "replaced_by": shipped.replaced_by,
            "date": shipped.date.isoformat() if shipped.date else None},
    }


def write_template(out: Path, kind: str | None = None) -> Path:
    return catalogue_sheet.write_template(out, (kind,) if kind else KINDS)


def with_flags(reg: Registry, rows: list[dict[str, Any]], lang: str | None = None) -> list[dict[str, Any]]:
    """Standards' list rows each with ``procedure_flags`` (its services citing an edition
    withdrawn or superseded) and ``code_warning`` (its code not in the code catalogue, or None)."""
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
                              "message": flag.issue("procedure", procedure).message(lang)})
        issue = catalogue.code_issue(str(r.get("code") or ""))
        out.append({**r, "procedure_flags": flags, "code_warning": issue.message(lang) if issue else None})
    return out
