"""Repositories: how services load and store whole records (a record and its children).

A record kind is an aggregate: a standard with its instruments and services, an
authorisation with its items, a person with credentials and their items. Services
never assemble these by hand; they ask a repository. ``snapshot`` turns an aggregate
into plain JSON-able data for the audit trail and the bundle writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, func, select
from sqlmodel import Session, SQLModel, col

from labregistry.storage.models import (
    AuditEntry,
    Authorisation,
    AuthorisationItem,
    Capability,
    Credential,
    CredentialItem,
    Institute,
    Instrument,
    KeyStatement,
    ReceivedBundle,
    Service,
    Setting,
    Staff,
    Standard,
)
from labregistry.storage.models import TrustedKey as TrustedKeyRow

_Row = TypeVar("_Row", bound=SQLModel)
_Record = TypeVar("_Record", Standard, Authorisation, Staff)
_Certified = TypeVar("_Certified", Standard, Authorisation)
_Aggregate = TypeVar("_Aggregate")

_SKIP = {"id", "institute_id", "standard_id", "authorisation_id", "staff_id", "credential_id", "created_at"}


def row_dict(obj: SQLModel, skip: set[str] = _SKIP) -> dict[str, Any]:
    """Field values of one row, dates as ISO text, without internal keys."""
    out: dict[str, Any] = {}
    for name in type(obj).model_fields:
        if name in skip:
            continue
        value = getattr(obj, name)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[name] = value
    return out


#: A record's snapshot leaves out its last change's time; a child row's, its position (the
#: order of the list says it).
_RECORD_SKIP = _SKIP | {"updated_at"}
_CHILD_SKIP = _SKIP | {"position"}


def _child_rows(children: Sequence[SQLModel]) -> list[dict[str, Any]]:
    """A record's child rows in a snapshot, in their order."""
    return [row_dict(c, _CHILD_SKIP) for c in children]


@dataclass
class StandardAggregate:
    standard: Standard
    instruments: list[Instrument] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        return {**row_dict(self.standard, _RECORD_SKIP), "instruments": _child_rows(self.instruments),
                "services": _child_rows(self.services), "capabilities": _child_rows(self.capabilities)}


@dataclass
class AuthorisationAggregate:
    authorisation: Authorisation
    items: list[AuthorisationItem] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        return {**row_dict(self.authorisation, _RECORD_SKIP), "items": _child_rows(self.items)}


@dataclass
class CredentialAggregate:
    credential: Credential
    items: list[CredentialItem] = field(default_factory=list)


@dataclass
class StaffAggregate:
    staff: Staff
    credentials: list[CredentialAggregate] = field(default_factory=list)

    def snapshot(self, private: bool = True) -> dict[str, Any]:
        skip = _RECORD_SKIP if private else _RECORD_SKIP | {"phone", "id_number"}
        return {**row_dict(self.staff, skip), "credentials": [
            {**row_dict(c.credential, _CHILD_SKIP), "items": _child_rows(c.items)} for c in self.credentials]}


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _replace_children(self, model: type[SQLModel], fk: str, parent_id: int, children: Sequence[SQLModel]) -> None:
        self.session.execute(delete(model).where(getattr(model, fk) == parent_id))
        for position, child in enumerate(children):
            setattr(child, fk, parent_id)
            setattr(child, "position", position)
            self.session.add(child)

    def _children(self, model: type[_Row], fk: str, parent_id: int | None) -> list[_Row]:
        """A parent's child rows (``fk`` naming the parent), in their order."""
        stmt = select(model).where(getattr(model, fk) == parent_id).order_by(getattr(model, "position"))
        return list(self.session.execute(stmt).scalars())

    def _by_uid(self, model: type[_Row], institute_id: int, uid: str) -> _Row | None:
        """The record of an institute with this uid (one at most: ``uq_<table>_uid``)."""
        stmt = select(model).where(getattr(model, "institute_id") == institute_id, getattr(model, "uid") == uid)
        return self.session.execute(stmt).scalars().first()

    def _stored(self, record: Standard | Authorisation | Staff) -> int:
        """The record written as it is now, stamped ``updated_at`` (before its children, which
        need its id): its id."""
        record.updated_at = dt.datetime.now(dt.timezone.utc)
        self.session.add(record)
        self.session.flush()
        assert record.id is not None
        return record.id

    def _deleted(self, record: SQLModel) -> None:
        """The record deleted, its children with it (``ON DELETE CASCADE``)."""
        self.session.delete(record)
        self.session.flush()


class InstituteRepository(_Repository):
    def own(self) -> Institute | None:
        stmt = select(Institute).where(col(Institute.is_own).is_(True))
        return self.session.execute(stmt).scalars().first()

    def by_uscc(self, uscc: str) -> Institute | None:
        return self.session.execute(select(Institute).where(col(Institute.uscc) == uscc)).scalars().first()

    def get(self, institute_id: int) -> Institute | None:
        return self.session.get(Institute, institute_id)

    def add(self, institute: Institute) -> Institute:
        self.session.add(institute)
        self.session.flush()
        return institute

    def all(self) -> list[Institute]:
        return list(self.session.execute(select(Institute).order_by(col(Institute.id))).scalars())


class _RecordRepository(_Repository, Generic[_Record, _Aggregate]):
    """A record kind an institute keeps (standards, authorisations, staff): found by id or by
    its uid within the institute, loaded with its children by :meth:`_load`."""

    model: type[_Record]

    def _load(self, record: _Record) -> _Aggregate:
        raise NotImplementedError

    def get(self, record_id: int) -> _Aggregate | None:
        record = self.session.get(self.model, record_id)
        return self._load(record) if record else None

    def by_uid(self, institute_id: int, uid: str) -> _Aggregate | None:
        record = self._by_uid(self.model, institute_id, uid)
        return self._load(record) if record else None


class _CertifiedRepository(_RecordRepository[_Certified, _Aggregate]):
    """A record kind with a certificate number (standards, authorisations): also found by it."""

    def by_certificate(self, institute_id: int, certificate_no: str) -> list[_Certified]:
        stmt = select(self.model).where(
            col(self.model.institute_id) == institute_id, col(self.model.certificate_no) == certificate_no
        )
        return list(self.session.execute(stmt).scalars())

    def by_certificate_anywhere(self, certificate_no: str) -> list[_Certified]:
        stmt = (
            select(self.model).where(col(self.model.certificate_no) == certificate_no).order_by(col(self.model.id))
        )
        return list(self.session.execute(stmt).scalars())


class StandardRepository(_CertifiedRepository[Standard, StandardAggregate]):
    model = Standard

    def _load(self, standard: Standard) -> StandardAggregate:
        sid = standard.id
        return StandardAggregate(standard, self._children(Instrument, "standard_id", sid),
                                 self._children(Service, "standard_id", sid),
                                 self._children(Capability, "standard_id", sid))

    def save(self, agg: StandardAggregate) -> StandardAggregate:
        """Insert or update the standard and replace its children."""
        sid = self._stored(agg.standard)
        self._replace_children(Instrument, "standard_id", sid, agg.instruments)
        self._replace_children(Service, "standard_id", sid, agg.services)
        self._replace_children(Capability, "standard_id", sid, agg.capabilities)
        self.session.flush()
        return agg

    def delete(self, agg: StandardAggregate) -> None:
        self._deleted(agg.standard)

    def count(self, institute_id: int | None = None) -> int:
        stmt = select(func.count()).select_from(Standard)
        if institute_id is not None:
            stmt = stmt.where(col(Standard.institute_id) == institute_id)
        return int(self.session.execute(stmt).scalar_one())


class AuthorisationRepository(_CertifiedRepository[Authorisation, AuthorisationAggregate]):
    model = Authorisation

    def _load(self, auth: Authorisation) -> AuthorisationAggregate:
        return AuthorisationAggregate(auth, self._children(AuthorisationItem, "authorisation_id", auth.id))

    def save(self, agg: AuthorisationAggregate) -> AuthorisationAggregate:
        self._replace_children(AuthorisationItem, "authorisation_id", self._stored(agg.authorisation), agg.items)
        self.session.flush()
        return agg

    def delete(self, agg: AuthorisationAggregate) -> None:
        self._deleted(agg.authorisation)


class StaffRepository(_RecordRepository[Staff, StaffAggregate]):
    model = Staff

    def _load(self, person: Staff) -> StaffAggregate:
        out = StaffAggregate(person)
        for cred in self._children(Credential, "staff_id", person.id):
            out.credentials.append(CredentialAggregate(cred, self._children(CredentialItem, "credential_id", cred.id)))
        return out

    def save(self, agg: StaffAggregate) -> StaffAggregate:
        staff_id = self._stored(agg.staff)
        self.session.execute(delete(Credential).where(col(Credential.staff_id) == staff_id))
        for position, cred in enumerate(agg.credentials):
            cred.credential.staff_id = staff_id
            cred.credential.position = position
            self.session.add(cred.credential)
            self.session.flush()
            assert cred.credential.id is not None
            self._replace_children(CredentialItem, "credential_id", cred.credential.id, cred.items)
        self.session.flush()
        return agg

    def delete(self, agg: StaffAggregate) -> None:
        self._deleted(agg.staff)


class SettingRepository(_Repository):
    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.session.get(Setting, key)
        return row.value if row else default

    def set(self, key: str, value: str) -> None:
        row = self.session.get(Setting, key)
        if row is None:
            self.session.add(Setting(key=key, value=value))
        else:
            row.value = value
            self.session.add(row)


class AuditRepository(_Repository):
    def history(self, entity: str, uid: str) -> list[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(col(AuditEntry.entity) == entity, col(AuditEntry.record_uid) == uid)
            .order_by(col(AuditEntry.at), col(AuditEntry.id))
        )
        return list(self.session.execute(stmt).scalars())

    def recent(self, limit: int = 50) -> list[AuditEntry]:
        stmt = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
        return list(self.session.execute(stmt).scalars())


class TrustRepository(_Repository):
    """Trusted peer keys and the key statements received with bundles."""

    def all(self) -> list[TrustedKeyRow]:
        stmt = select(TrustedKeyRow).order_by(col(TrustedKeyRow.uscc), col(TrustedKeyRow.added_at))
        return list(self.session.execute(stmt).scalars())

    def get(self, key_id: str) -> TrustedKeyRow | None:
        return self.session.get(TrustedKeyRow, key_id)

    def for_uscc(self, uscc: str) -> list[TrustedKeyRow]:
        stmt = select(TrustedKeyRow).where(col(TrustedKeyRow.uscc) == uscc)
        return list(self.session.execute(stmt).scalars())

    def add(self, row: TrustedKeyRow) -> None:
        """Store a new key, or the changes made to one read from here (revoked ...)."""
        self.session.add(row)
        self.session.flush()

    def statements(self, uscc: str) -> list[KeyStatement]:
        stmt = select(KeyStatement).where(col(KeyStatement.uscc) == uscc).order_by(col(KeyStatement.id))
        return list(self.session.execute(stmt).scalars())

    def statements_of_kind(self, kind: str) -> list[KeyStatement]:
        stmt = select(KeyStatement).where(col(KeyStatement.kind) == kind).order_by(col(KeyStatement.id))
        return list(self.session.execute(stmt).scalars())

    def add_statement(self, row: KeyStatement) -> bool:
        """Store a statement once; False when it was already there."""
        exists = self.session.execute(
            select(col(KeyStatement.id)).where(
                col(KeyStatement.kind) == row.kind, col(KeyStatement.key_id) == row.key_id,
                col(KeyStatement.body_sha256) == row.body_sha256,
            )
        ).first()
        if exists:
            return False
        self.session.add(row)
        self.session.flush()
        return True


class ReceivedBundleRepository(_Repository):
    def last_seq(self, issuer_uscc: str) -> int | None:
        stmt = select(func.max(col(ReceivedBundle.seq))).where(col(ReceivedBundle.issuer_uscc) == issuer_uscc)
        value = self.session.execute(stmt).scalar_one()
        return int(value) if value is not None else None

    def for_issuer(self, issuer_uscc: str) -> list[ReceivedBundle]:
        stmt = (
            select(ReceivedBundle)
            .where(col(ReceivedBundle.issuer_uscc) == issuer_uscc)
            .order_by(col(ReceivedBundle.seq))
        )
        return list(self.session.execute(stmt).scalars())

    def latest_per_issuer(self) -> list[ReceivedBundle]:
        newest = (
            select(col(ReceivedBundle.issuer_uscc), func.max(col(ReceivedBundle.seq)).label("seq"))
            .group_by(col(ReceivedBundle.issuer_uscc))
            .subquery()
        )
        stmt = select(ReceivedBundle).join(
            newest,
            (col(ReceivedBundle.issuer_uscc) == newest.c.issuer_uscc)
            & (col(ReceivedBundle.seq) == newest.c.seq),
        ).order_by(col(ReceivedBundle.issuer_uscc))
        return list(self.session.execute(stmt).scalars())

    def recent(self, limit: int = 20) -> list[ReceivedBundle]:
        stmt = select(ReceivedBundle).order_by(col(ReceivedBundle.received_at).desc()).limit(limit)
        return list(self.session.execute(stmt).scalars())

    def add(self, row: ReceivedBundle) -> None:
        self.session.add(row)
        self.session.flush()

    def delete(self, row: ReceivedBundle) -> None:
        self.session.delete(row)
        self.session.flush()
