"""The catalogue rows an institute imported (over the shipped catalogues), read and written.

One row per code or per procedure edition: importing a row again replaces it, so the
latest file wins, row by row; rows the file does not name stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from labregistry.domain.catalogue import UPDATE, CodeEntry, ProcedureEntry
from labregistry.storage.models import CatalogueCode, CatalogueProcedure, utcnow


def code_updates(session: Session) -> list[CodeEntry]:
    rows = session.exec(select(CatalogueCode).order_by(col(CatalogueCode.code))).all()
    return [CodeEntry(r.code, r.name, r.source or "", UPDATE) for r in rows]


def procedure_updates(session: Session) -> list[ProcedureEntry]:
    rows = session.exec(select(CatalogueProcedure).order_by(col(CatalogueProcedure.number))).all()
    return [ProcedureEntry(r.number, r.title or "", r.status, r.replaced_by, r.status_date, r.source or "", UPDATE)
            for r in rows]


def store(session: Session, codes: Sequence[CodeEntry], procedures: Sequence[ProcedureEntry], file: str) -> None:
    """Put the imported rows in (replacing rows of the same key); the caller commits."""
    now = utcnow()
    for c in codes:
        session.merge(CatalogueCode(code=c.code, name=c.name, source=c.source or None, imported_from=file,
                                    imported_at=now))
    for p in procedures:
        session.merge(CatalogueProcedure(number=p.number, title=p.title or None, status=p.status,
                                         replaced_by=p.replaced_by, status_date=p.date, source=p.source or None,
                                         imported_from=file, imported_at=now))
