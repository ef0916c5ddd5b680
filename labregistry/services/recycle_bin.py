"""The recycle bin: own records deleted since the last export, and their restoration.

Deleting needs no bin of its own: :func:`records.delete_many` audits each deleted record
with its whole content (``before``). The withdrawal becomes public only with the next
export, whose bundle lacks the record (importers list it as withdrawn); until then a
deletion can be undone without anyone having seen it. So the bin is the audit log's
deletions made after the last export (:data:`exchange.LAST_EXPORT_KEY`) of records that
are not back; restoring validates the content as it was, as a new record would be, and
stores it under its old uid, so a peer never sees it withdrawn and re-added.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ScalarSelect, Select, func, select
from sqlmodel import col

from labregistry.domain.capabilities import is_standards_own_row
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CapabilityInput,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
    input_names,
    make_input,
)
from labregistry.errors import DomainError, Issue
from labregistry.registry import Registry
from labregistry.services import records
from labregistry.services.exchange import LAST_EXPORT_KEY
from labregistry.storage.models import AuditEntry
from labregistry.storage.uow import UnitOfWork

KIND_OF_ENTITY = {"standard": "standard", "authorisation": "authorisation", "staff": "staff"}
LOOKBACK = 5000  # deletions read at most: a bin is emptied by every export


@dataclass(frozen=True)
class Deleted:
    """One record in the bin."""

    entry_id: int  # the audit entry of its deletion
    kind: str  # standard / authorisation / staff
    uid: str
    label: str  # the certificate number, or the person's name
    deleted_at: dt.datetime
    operator: str
    name: str = ""  # a standard's name (what the number alone does not say); "" otherwise


def last_export(uow: UnitOfWork) -> dt.datetime | None:
    """When the own institute last exported a bundle (None: never, from this registry)."""
    text = uow.settings.get(LAST_EXPORT_KEY)
    return _aware(dt.datetime.fromisoformat(text)) if text else None


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive UTC times, PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def contents(reg: Registry) -> list[Deleted]:
    """What can be restored, the latest deletion first."""
    with reg.uow() as uow:
        return _contents(uow)


def deletions_query(since: dt.datetime | None) -> Select[AuditEntry]:
    """The audit log's deletions of records, made after ``since``, the latest first.

    Read through the index on (entity, action) (revision 0010): the log holds an entry per
    record ever written (270,000 in a 200,000-standard home) and scanning it froze the app."""
    stmt = select(AuditEntry).where(col(AuditEntry.action) == "delete",
                                    col(AuditEntry.entity).in_(list(KIND_OF_ENTITY)))
    if since is not None:
        stmt = stmt.where(col(AuditEntry.id) > _first_entry_after(since))
    return stmt.order_by(col(AuditEntry.id).desc()).limit(LOOKBACK)


def _first_entry_after(since: dt.datetime) -> ScalarSelect[int]:
    """The id before the first audit entry after ``since`` (entries are numbered in time order)."""
    return (
        select(func.coalesce(func.min(AuditEntry.id), 2**62) - 1)
        .where(col(AuditEntry.at) > since.astimezone(dt.timezone.utc))
        .scalar_subquery()
    )


def _contents(uow: UnitOfWork) -> list[Deleted]:
    since = last_export(uow)
    own = uow.institutes.own()
    if own is None or own.id is None:
        return []
    found: list[Deleted] = []
    seen: set[tuple[str, str]] = set()
    for entry in uow.session.execute(deletions_query(since)).scalars():
        key = (entry.entity, entry.record_uid)
        if key in seen or entry.before is None or entry.id is None:
            continue
        seen.add(key)
        if since is not None and _aware(entry.at) <= since:
            continue
        if _exists(uow, entry.entity, own.id, entry.record_uid):
            continue
        name = json.loads(entry.before).get("name") if entry.entity == "standard" else ""
        found.append(Deleted(entry.id, entry.entity, entry.record_uid, entry.record_label or "",
                             _aware(entry.at), entry.operator, str(name or "")))
    return found


def _exists(uow: UnitOfWork, entity: str, institute_id: int, uid: str) -> bool:
    repo = getattr(uow, records.KINDS[entity].repo)
    return repo.by_uid(institute_id, uid) is not None


def restore(reg: Registry, entry_id: int, *, operator: str | None = None) -> int:
    """Put a record of the bin back, as it was, under its uid; returns its id (:func:`restore_warned`)."""
    return restore_warned(reg, entry_id, operator=operator)[0]


def restore_warned(reg: Registry, entry_id: int, *, operator: str | None = None) -> tuple[int, tuple[Issue, ...]]:
    """Put a record of the bin back, as it was, under its uid; returns its id and the
    warnings its content draws (what to correct in it).

    Refused (``bin.gone``) when it is not in the bin, or its certificate number is now taken.
    Its content is validated as an edit that changes nothing would be (``records.validate_stored``):
    a rule that binds entry only (a standard's code and its range's discipline, the accuracy
    rules) warns about what it stored before the rule, as saving it unchanged would, rather than
    refusing to give back what was deleted (review 11); a rule every record must keep refuses."""
    with reg.uow(operator, "restore", write=True) as uow:
        entry = next((d for d in _contents(uow) if d.entry_id == entry_id), None)
        row = uow.session.get(AuditEntry, entry_id)
        if entry is None or row is None or row.before is None:
            raise DomainError("bin.gone")
        kind = records.KINDS[entry.kind]
        before = json.loads(row.before)
        validated = records.validate_stored(entry.kind, as_input(entry.kind, before), before)
        own = uow.institutes.own()
        assert own is not None and own.id is not None
        agg = kind.apply(None, validated, own.id)
        kind.row(agg).uid = entry.uid
        records.check_unique_certificate(uow, kind, own.id, agg, None)
        getattr(uow, kind.repo).save(agg)
        uow.audit("create", kind.entity, entry.uid, label=kind.label(agg), after=agg.snapshot())
        uow.commit()
        return int(kind.row(agg).id), tuple(validated.warnings)


def _pick(cls: type, data: dict[str, Any]) -> Any:
    """``cls(...)`` from the keys of ``data`` that are its fields (the stored, typed columns),
    its plain fields' values in its ``extra``."""
    names = input_names(cls)
    return make_input(cls, {k: v for k, v in data.items() if k in names and not isinstance(v, list)})


def as_input(kind: str, snapshot: dict[str, Any]) -> Any:
    """The ``*Input`` a record's audit snapshot was validated from (its typed fields)."""
    if kind == "standard":
        inp = _pick(StandardInput, snapshot)
        inp.instruments = [_pick(InstrumentInput, r) for r in snapshot.get("instruments", [])]
        inp.services = [_pick(ServiceInput, r) for r in snapshot.get("services", [])]
        inp.capabilities = [_pick(CapabilityInput, r) for r in _typed_capabilities(snapshot)]
        return inp
    if kind == "authorisation":
        inp = _pick(AuthorisationInput, snapshot)
        inp.items = [_pick(AuthorisedItemInput, r) for r in snapshot.get("items", [])]
        return inp
    inp = _pick(StaffInput, snapshot)
    inp.credentials = []
    for cred in snapshot.get("credentials", []):
        credential = _pick(CredentialInput, cred)
        credential.items = [item["name"] for item in cred.get("items", [])]
        inp.credentials.append(credential)
    return inp


def _typed_capabilities(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The capability rows a user typed: none when the one row is derived from the
    standard's own range and accuracy (saving derives it again)."""
    rows = list(snapshot.get("capabilities", []))
    return [] if is_standards_own_row(rows, snapshot.get("range_text"), snapshot.get("accuracy_text")) else rows
