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
from typing import Any

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


@dataclass
class StandardAggregate:
    standard: Standard
    instruments: list[Instrument] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        data = row_dict(self.standard, _SKIP | {"updated_at"})
        data["instruments"] = [row_dict(i, _SKIP | {"position"}) for i in self.instruments]
        data["services"] = [row_dict(s, _SKIP | {"position"}) for s in self.services]
        data["capabilities"] = [row_dict(c, _SKIP | {"position"}) for c in self.capabilities]
        return data


@dataclass
class AuthorisationAggregate:
    authorisation: Authorisation
    items: list[AuthorisationItem] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        data = row_dict(self.authorisation, _SKIP | {"updated_at"})
        data["items"] = [row_dict(i, _SKIP | {"position"}) for i in self.items]
        return data


@dataclass
class CredentialAggregate:
    credential: Credential
    items: list[CredentialItem] = field(default_factory=list)


@dataclass
class StaffAggregate:
    staff: Staff
    credentials: list[CredentialAggregate] = field(default_factory=list)

    def snapshot(self, private: bool = True) -> dict[str, Any]:
        skip = _SKIP | {"updated_at"}
        if not private:
            skip = skip | {"phone", "id_number"}
        data = row_dict(self.staff, skip)
        data["credentials"] = [
            {**row_dict(c.credential, _SKIP | {"position"}), "items": [row_dict(i, _SKIP | {"position"}) for i in c.items]}
            for c in self.credentials
        ]
        return data


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _replace_children(self, model: type[SQLModel], fk: str, parent_id: int, children: Sequence[SQLModel]) -> None:
        self.session.execute(delete(model).where(getattr(model, fk) == parent_id))
        for position, child in enumerate(children):
            setattr(child, fk, parent_id)
            setattr(child, "position", position)
            self.session.add(child)


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


class StandardRepository(_Repository):
    def get(self, standard_id: int) -> StandardAggregate | None:
        standard = self.session.get(Standard, standard_id)
        return self._load(standard) if standard else None

    def by_uid(self, institute_id: int, uid: str) -> StandardAggregate | None:
        stmt = select(Standard).where(col(Standard.institute_id) == institute_id, col(Standard.uid) == uid)
        standard = self.session.execute(stmt).scalars().first()
        return self._load(standard) if standard else None

    def by_certificate(self, institute_id: int, certificate_no: str) -> list[Standard]:
        stmt = select(Standard).where(
            col(Standard.institute_id) == institute_id, col(Standard.certificate_no) == certificate_no
        )
        return list(self.session.execute(stmt).scalars())

    def by_certificate_anywhere(self, certificate_no: str) -> list[Standard]:
        stmt = (
            select(Standard).where(col(Standard.certificate_no) == certificate_no).order_by(col(Standard.id))
        )
        return list(self.session.execute(stmt).scalars())

    def _load(self, standard: Standard) -> StandardAggregate:
        sid = standard.id
        instruments = self.session.execute(
            select(Instrument).where(col(Instrument.standard_id) == sid).order_by(col(Instrument.position))
        ).scalars()
        services = self.session.execute(
            select(Service).where(col(Service.standard_id) == sid).order_by(col(Service.position))
        ).scalars()
        capabilities = self.session.execute(
            select(Capability).where(col(Capability.standard_id) == sid).order_by(col(Capability.position))
        ).scalars()
        return StandardAggregate(standard, list(instruments), list(services), list(capabilities))

    def save(self, agg: StandardAggregate) -> StandardAggregate:
        """Insert or update the standard and replace its children."""
        agg.standard.updated_at = dt.datetime.now(dt.timezone.utc)
        self.session.add(agg.standard)
        self.session.flush()
        assert agg.standard.id is not None
        self._replace_children(Instrument, "standard_id", agg.standard.id, agg.instruments)
        self._replace_children(Service, "standard_id", agg.standard.id, agg.services)
        self._replace_children(Capability, "standard_id", agg.standard.id, agg.capabilities)
        self.session.flush()
        return agg

    def delete(self, agg: StandardAggregate) -> None:
        self.session.delete(agg.standard)
        self.session.flush()

    def count(self, institute_id: int | None = None) -> int:
        stmt = select(func.count()).select_from(Standard)
        if institute_id is not None:
            stmt = stmt.where(col(Standard.institute_id) == institute_id)
        return int(self.session.execute(stmt).scalar_one())


class AuthorisationRepository(_Repository):
    def get(self, authorisation_id: int) -> AuthorisationAggregate | None:
        auth = self.session.get(Authorisation, authorisation_id)
        return self._load(auth) if auth else None

    def by_uid(self, institute_id: int, uid: str) -> AuthorisationAggregate | None:
        stmt = select(Authorisation).where(
            col(Authorisation.institute_id) == institute_id, col(Authorisation.uid) == uid
        )
        auth = self.session.execute(stmt).scalars().first()
        return self._load(auth) if auth else None

    def by_certificate(self, institute_id: int, certificate_no: str) -> list[Authorisation]:
        stmt = select(Authorisation).where(
            col(Authorisation.institute_id) == institute_id,
            col(Authorisation.certificate_no) == certificate_no,
        )
        return list(self.session.execute(stmt).scalars())

    def by_certificate_anywhere(self, certificate_no: str) -> list[Authorisation]:
        stmt = (
            select(Authorisation)
            .where(col(Authorisation.certificate_no) == certificate_no)
            .order_by(col(Authorisation.id))
        )
        return list(self.session.execute(stmt).scalars())

    def _load(self, auth: Authorisation) -> AuthorisationAggregate:
        items = self.session.execute(
            select(AuthorisationItem)
            .where(col(AuthorisationItem.authorisation_id) == auth.id)
            .order_by(col(AuthorisationItem.position))
        ).scalars()
        return AuthorisationAggregate(auth, list(items))

    def save(self, agg: AuthorisationAggregate) -> AuthorisationAggregate:
        agg.authorisation.updated_at = dt.datetime.now(dt.timezone.utc)
        self.session.add(agg.authorisation)
        self.session.flush()
        assert agg.authorisation.id is not None
        self._replace_children(AuthorisationItem, "authorisation_id", agg.authorisation.id, agg.items)
        self.session.flush()
        return agg

    def delete(self, agg: AuthorisationAggregate) -> None:
        self.session.delete(agg.authorisation)
        self.session.flush()


class StaffRepository(_Repository):
    def get(self, staff_id: int) -> StaffAggregate | None:
        person = self.session.get(Staff, staff_id)
        return self._load(person) if person else None

    def by_uid(self, institute_id: int, uid: str) -> StaffAggregate | None:
        stmt = select(Staff).where(col(Staff.institute_id) == institute_id, col(Staff.uid) == uid)
        person = self.session.execute(stmt).scalars().first()
        return self._load(person) if person else None

    def _load(self, person: Staff) -> StaffAggregate:
        creds = self.session.execute(
            select(Credential).where(col(Credential.staff_id) == person.id).order_by(col(Credential.position))
        ).scalars()
        out = StaffAggregate(person)
        for cred in creds:
            items = self.session.execute(
                select(CredentialItem)
                .where(col(CredentialItem.credential_id) == cred.id)
                .order_by(col(CredentialItem.position))
            ).scalars()
            out.credentials.append(CredentialAggregate(cred, list(items)))
        return out

    def save(self, agg: StaffAggregate) -> StaffAggregate:
        agg.staff.updated_at = dt.datetime.now(dt.timezone.utc)
        self.session.add(agg.staff)
        self.session.flush()
        assert agg.staff.id is not None
        self.session.execute(delete(Credential).where(col(Credential.staff_id) == agg.staff.id))
        for position, cred in enumerate(agg.credentials):
            cred.credential.staff_id = agg.staff.id
            cred.credential.position = position
            self.session.add(cred.credential)
            self.session.flush()
            assert cred.credential.id is not None
            self._replace_children(CredentialItem, "credential_id", cred.credential.id, cred.items)
        self.session.flush()
        return agg

    def delete(self, agg: StaffAggregate) -> None:
        self.session.delete(agg.staff)
        self.session.flush()


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
