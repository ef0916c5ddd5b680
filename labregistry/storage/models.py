"""The registry's tables (SQLModel), shared by SQLite and PostgreSQL.

Every record kind carries ``uid``, a UUID that identifies it across institutes: bundles
carry it, and merging matches on (institute, uid). Ledger import matches on the
certificate number within the institute instead, as lab managers do.

Ranges and accuracies keep the text the user typed (``*_text``) and a normalised form
(quantity, min and max in the canonical SI unit; accuracy kind and value) so that they
can be compared and searched. Schema changes go through Alembic migrations in
``storage/migrations``; never change a table here without adding one. The column of a
plain field of the field registry is not written here: :func:`add_registry_columns` makes
it from the field's declaration (docs/fields.md); its migration is written as any other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from pydantic.fields import FieldInfo
from sqlalchemy import Column, Date, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.types import TypeEngine
from sqlmodel import Field, SQLModel

from labregistry.domain import fields as registry
from labregistry.domain.records import PLAIN


def new_uid() -> str:
    return uuid.uuid4().hex


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Institute(SQLModel, table=True):
    """A metrology institute: the own one (``is_own``) or a peer known from its bundles."""

    __tablename__ = "institute"

    id: int | None = Field(default=None, primary_key=True)
    uscc: str = Field(max_length=18, unique=True, index=True)
    name: str = Field(max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    province: str = Field(max_length=8)  # 上海 / 江苏 / 浙江 / 安徽
    city: str = Field(max_length=50)
    kind: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=300)
    contact: str | None = Field(default=None, max_length=200)
    is_own: bool = Field(default=False)
    # provenance of a peer's records: the bundle they came from (revision 0002)
    bundle_seq: int | None = None
    bundle_key_id: str | None = Field(default=None, max_length=16)
    bundle_received_at: dt.datetime | None = None
    bundle_expires_at: dt.datetime | None = None
    stale: bool = Field(default=False)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Standard(SQLModel, table=True):
    """A measurement standard (计量标准) with its assessment certificate."""

    __tablename__ = "standard"
    __table_args__ = (
        UniqueConstraint("institute_id", "uid", name="uq_standard_uid"),
        Index("ix_standard_inst_cert", "institute_id", "certificate_no"),
        Index("ix_standard_valid_until", "valid_until"),
        Index("ix_standard_quantity", "quantity", "range_min", "range_max"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, index=True)  # merge looks up by uid (0004)
    institute_id: int = Field(foreign_key="institute.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    code: str = Field(max_length=8, index=True)  # JJF 1022-2014
    code_temporary: bool = Field(default=False)
    grade: str = Field(max_length=20)  # public / department / enterprise
    certificate_no: str = Field(max_length=100)
    certificate_authority: str | None = Field(default=None, max_length=200)
    issued_on: dt.date | None = None
    valid_until: dt.date
    range_text: str = Field(max_length=300)
    quantity: str | None = Field(default=None, max_length=40)
    range_min: float | None = None
    range_max: float | None = None
    unit: str | None = Field(default=None, max_length=40)  # canonical unit of min/max
    accuracy_text: str = Field(max_length=300)
    accuracy_kind: str | None = Field(default=None, max_length=12)  # U / Urel / class / MPE
    accuracy_value: float | None = None  # relative: a fraction; absolute: canonical unit
    accuracy_relative: bool | None = None
    accuracy_k: float | None = None
    accuracy_class: str | None = Field(default=None, max_length=20)  # "0.05" for 0.05级, "二等"
    responsible_person: str | None = Field(default=None, max_length=100)
    operators: str | None = Field(default=None, max_length=300)
    environment: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="valid", max_length=12)  # valid / suspended / revoked / expired
    notes: str | None = Field(default=None, sa_column=Column(Text))
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Instrument(SQLModel, table=True):
    """A main standard instrument (主标准器) or ancillary equipment (配套设备).

    ``traced_to_*`` is the traceability link: the institute that calibrated it and
    the calibration certificate, which builds the chain across institutes.
    """

    __tablename__ = "instrument"

    id: int | None = Field(default=None, primary_key=True)
    standard_id: int = Field(foreign_key="standard.id", ondelete="CASCADE", index=True)
    position: int = 0
    role: str = Field(default="main", max_length=10)  # main / ancillary
    name: str = Field(max_length=200)
    model: str | None = Field(default=None, max_length=100)
    serial_no: str | None = Field(default=None, max_length=100)
    range_text: str | None = Field(default=None, max_length=300)
    accuracy_text: str | None = Field(default=None, max_length=300)
    traced_to_uscc: str | None = Field(default=None, max_length=18, index=True)
    traced_to_name: str | None = Field(default=None, max_length=200)
    calibration_cert_no: str | None = Field(default=None, max_length=100)
    calibration_due: dt.date | None = None


class Service(SQLModel, table=True):
    """A verification or calibration item a standard supports, with its procedure."""

    __tablename__ = "service"

    id: int | None = Field(default=None, primary_key=True)
    standard_id: int = Field(foreign_key="standard.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str = Field(max_length=200)
    procedure: str | None = Field(default=None, max_length=100)  # JJG 52-2013, JJF 1059.1-2012
    kind: str = Field(default="calibration", max_length=14)  # verification / calibration / test


class Capability(SQLModel, table=True):
    """A capability row (CMC) of a standard: a parameter, its range and its accuracy.

    The ``error_*`` terms are the accuracy as an error ``a + b·|x| + c·span`` (all NULL when
    it cannot be compared: docs/comparison.md); ``accuracy_basis`` says what the figure is."""

    __tablename__ = "capability"
    # search reads a quantity's rows covering a range from this index alone (no table rows)
    __table_args__ = (Index("ix_capability_quantity", "quantity", "range_min", "range_max", "standard_id", "unit",
                            "error_constant", "error_of_reading", "error_of_span"),)

    id: int | None = Field(default=None, primary_key=True)
    standard_id: int = Field(foreign_key="standard.id", ondelete="CASCADE", index=True)
    position: int = 0
    parameter: str | None = Field(default=None, max_length=200)  # 直流电压, AC voltage at 1 kHz
    range_text: str = Field(max_length=300)
    quantity: str | None = Field(default=None, max_length=40)
    range_min: float | None = None
    range_max: float | None = None
    unit: str | None = Field(default=None, max_length=40)  # canonical unit of min/max
    accuracy_text: str = Field(max_length=300)
    accuracy_kind: str | None = Field(default=None, max_length=12)  # U / Urel / class / MPE
    accuracy_value: float | None = None
    accuracy_relative: bool | None = None
    accuracy_k: float | None = None
    accuracy_class: str | None = Field(default=None, max_length=20)
    accuracy_basis: str | None = Field(default=None, max_length=12)  # uncertainty / mpe / class
    error_constant: float | None = None  # canonical unit
    error_of_reading: float | None = None  # a fraction of the value
    error_of_span: float | None = None  # a fraction of the span
    conditions: str | None = Field(default=None, max_length=300)


class Comparison(SQLModel, table=True):
    """An interlaboratory comparison or proficiency test, as one institute recorded it.

    ``institute_id`` is the recorder, whose bundle carries it (revision 0008). Without
    ``pilot_name`` the recorder is the pilot, the institute that runs and publishes it; with it,
    the pilot is outside the registry (NIM, a key comparison, a PT provider), named by
    ``pilot_name`` and optionally ``pilot_code`` (its USCC, or the scheme's identifier such as
    CCEM-K4), and the recorder a participant that transcribed the published results (revision
    0014). The participants' results are :class:`ComparisonResult`."""

    __tablename__ = "comparison"
    __table_args__ = (UniqueConstraint("institute_id", "uid", name="uq_comparison_uid"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, index=True)
    institute_id: int = Field(foreign_key="institute.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=12)  # comparison / proficiency
    scheme_no: str = Field(max_length=100)
    name: str = Field(max_length=200)
    organiser: str | None = Field(default=None, max_length=200)
    measurand: str = Field(max_length=200)
    unit: str | None = Field(default=None, max_length=40)  # of the values and uncertainties
    artefact: str | None = Field(default=None, max_length=200)  # the transfer standard
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    report_on: dt.date | None = None
    criterion: str = Field(max_length=2)  # en / z
    reference_value: float | None = None  # the reference (En) or assigned (z) value
    reference_uncertainty: float | None = None  # its expanded U (En)
    sigma_pt: float | None = None  # the standard deviation for proficiency assessment (z)
    pilot_name: str | None = Field(default=None, max_length=200)  # None: the recorder is the pilot
    pilot_code: str | None = Field(default=None, max_length=40)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class ComparisonResult(SQLModel, table=True):
    """A participant's result in a comparison; linked to its standard by certificate number."""

    __tablename__ = "comparison_result"
    __table_args__ = (Index("ix_comparison_result_participant", "institute_uscc", "standard_certificate_no"),)

    id: int | None = Field(default=None, primary_key=True)
    comparison_id: int = Field(foreign_key="comparison.id", ondelete="CASCADE", index=True)
    position: int = 0
    lab_code: str | None = Field(default=None, max_length=20)
    institute_uscc: str | None = Field(default=None, max_length=18)
    institute_name: str = Field(max_length=200)
    value: float
    uncertainty: float | None = None
    coverage_k: float | None = None
    score: float  # En or z, as the comparison's criterion says
    verdict: str = Field(max_length=14)  # satisfactory / questionable / unsatisfactory
    standard_certificate_no: str | None = Field(default=None, max_length=100)
    parameter: str | None = Field(default=None, max_length=200)  # the capability row's parameter


class RecognitionDecision(SQLModel, table=True):
    """A recognition decision (互认决定): the recorder accepts another institute's results.

    ``institute_id`` is the recorder (X): the own institute for the decisions recorded here,
    the issuer of the bundle for a peer's, whose bundle carries them (revision 0012). The
    subject (Y) is named by USCC and name, not linked: it may be an institute this registry
    has not imported. The scope is one standard (its certificate number, optionally one
    capability parameter) or a whole JJF 1022 discipline; exactly one of the two is set."""

    __tablename__ = "recognition_decision"
    __table_args__ = (UniqueConstraint("institute_id", "uid", name="uq_recognition_decision_uid"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, index=True)
    institute_id: int = Field(foreign_key="institute.id", ondelete="CASCADE", index=True)
    subject_uscc: str = Field(max_length=18, index=True)
    subject_name: str = Field(max_length=200)
    standard_certificate_no: str | None = Field(default=None, max_length=100)
    parameter: str | None = Field(default=None, max_length=200)
    discipline: str | None = Field(default=None, max_length=2)  # JJF 1022 level-1 code
    valid_from: dt.date
    valid_until: dt.date | None = None
    evidence: str = Field(max_length=500)  # "比对:CSJ-2026-01; 证书:...; 现场评审:2026-03-01"
    note: str | None = Field(default=None, max_length=500)
    status: str = Field(default="in_force", max_length=10)  # in_force / withdrawn
    withdrawn_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Authorisation(SQLModel, table=True):
    """A metrology authorisation certificate (计量授权证书), one of four forms."""

    __tablename__ = "authorisation"
    __table_args__ = (
        UniqueConstraint("institute_id", "uid", name="uq_authorisation_uid"),
        Index("ix_authorisation_inst_cert", "institute_id", "certificate_no"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, index=True)  # merge looks up by uid (0004)
    institute_id: int = Field(foreign_key="institute.id", ondelete="CASCADE", index=True)
    certificate_no: str = Field(max_length=100)
    form: str = Field(max_length=24)  # legal_verification / public_standard / internal / special
    authority: str | None = Field(default=None, max_length=200)
    issued_on: dt.date | None = None
    valid_until: dt.date
    status: str = Field(default="valid", max_length=12)
    notes: str | None = Field(default=None, sa_column=Column(Text))
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class AuthorisationItem(SQLModel, table=True):
    """One authorised item: what may be verified, over which range, by which procedure."""

    __tablename__ = "authorisation_item"

    id: int | None = Field(default=None, primary_key=True)
    authorisation_id: int = Field(foreign_key="authorisation.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str = Field(max_length=200)
    range_text: str | None = Field(default=None, max_length=300)
    quantity: str | None = Field(default=None, max_length=40)
    range_min: float | None = None
    range_max: float | None = None
    unit: str | None = Field(default=None, max_length=40)
    accuracy_text: str | None = Field(default=None, max_length=300)
    procedure: str | None = Field(default=None, max_length=100)


class Staff(SQLModel, table=True):
    """A person of an institute. ``phone`` and ``id_number`` never leave the institute."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("institute_id", "uid", name="uq_staff_uid"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, index=True)  # merge looks up by uid (0004)
    institute_id: int = Field(foreign_key="institute.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    department: str | None = Field(default=None, max_length=100)
    title: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=40)  # private
    id_number: str | None = Field(default=None, max_length=40)  # private
    status: str = Field(default="active", max_length=12)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Credential(SQLModel, table=True):
    """A credential of a person: 注册计量师 (一级/二级), 计量检定员证, 项目考核合格证明."""

    __tablename__ = "credential"
    __table_args__ = (Index("ix_credential_cert", "certificate_no"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", ondelete="CASCADE", index=True)
    position: int = 0
    kind: str = Field(max_length=24)  # registered_1 / registered_2 / verifier / item_cert
    certificate_no: str = Field(max_length=100)
    registration: str | None = Field(default=None, max_length=12)  # initial / renewal / change
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None


class CredentialItem(SQLModel, table=True):
    """A professional item (注册计量专业项目) a credential covers."""

    __tablename__ = "credential_item"

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credential.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str = Field(max_length=200)
    discipline: str | None = Field(default=None, max_length=2)  # JJF 1022 level-1 code


class AuditEntry(SQLModel, table=True):
    """Who changed which record when, with the fields before and after (JSON)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_record", "entity", "record_uid"),
        # ix_audit_entity_action (revision 0010): the region report reads the standards' updates only
        Index("ix_audit_entity_action", "entity", "action"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str = Field(max_length=100)
    action: str = Field(max_length=10)  # create / update / delete
    entity: str = Field(max_length=30)  # institute / standard / authorisation / staff
    record_uid: str = Field(max_length=32)
    record_label: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=200)  # ui / cli / ledger file / bundle
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))


class Setting(SQLModel, table=True):
    """Registry-wide settings that belong with the data (e.g. the operator name)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(sa_column=Column(Text, nullable=False))


class TrustedKey(SQLModel, table=True):
    """A peer institute's public key this registry trusts (or trusted, until revoked).

    Added only after the user compared the fingerprint through another channel
    (``trust add CARD --fingerprint FP``), or accepted through a rotation statement
    signed by a key already trusted (``endorsed_by``).
    """

    __tablename__ = "trusted_key"

    key_id: str = Field(primary_key=True, max_length=16)
    uscc: str = Field(max_length=18, index=True)
    institute_name: str | None = Field(default=None, max_length=200)
    public_key: str = Field(max_length=64)  # base64 of the 32 raw bytes
    fingerprint: str = Field(max_length=60)
    added_at: dt.datetime = Field(default_factory=utcnow)
    added_by: str | None = Field(default=None, max_length=100)
    endorsed_by: str | None = Field(default=None, max_length=16)
    revoked: bool = Field(default=False)
    revoked_at: dt.datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=300)


class KeyStatement(SQLModel, table=True):
    """A signed rotation or revocation statement received from a peer (kept verbatim)."""

    __tablename__ = "key_statement"
    __table_args__ = (UniqueConstraint("kind", "key_id", "body_sha256", name="uq_key_statement"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # rotate / revoke
    uscc: str = Field(max_length=18, index=True)
    key_id: str = Field(max_length=16)  # the key the statement is about
    body: str = Field(sa_column=Column(Text, nullable=False))
    body_sha256: str = Field(max_length=64)
    received_at: dt.datetime = Field(default_factory=utcnow)


class ReceivedBundle(SQLModel, table=True):
    """A bundle accepted from a peer: its signed manifest, and its original bytes on disk.

    The highest ``seq`` per issuer is the rollback floor; ``path`` (inside the home)
    keeps the original file so it can be passed on unchanged (``export-received``).
    """

    __tablename__ = "received_bundle"
    __table_args__ = (UniqueConstraint("issuer_uscc", "seq", name="uq_received_bundle_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer_uscc: str = Field(max_length=18, index=True)
    issuer_name: str | None = Field(default=None, max_length=200)
    seq: int
    key_id: str = Field(max_length=16)
    issued_at: dt.datetime
    expires_at: dt.datetime
    received_at: dt.datetime = Field(default_factory=utcnow)
    received_by: str | None = Field(default=None, max_length=100)
    sha256: str = Field(max_length=64)
    size: int
    path: str = Field(max_length=300)
    manifest: str = Field(sa_column=Column(Text, nullable=False))
    expired_accepted: bool = Field(default=False)
    added: int = 0
    changed: int = 0
    withdrawn: int = 0


class CatalogueCode(SQLModel, table=True):
    """A JJF 1022 code imported from an institute's catalogue file, over the shipped one
    (``domain/catalogue.py`` merges them). Kept in the database so that every user of a
    shared server judges codes against the same catalogue."""

    __tablename__ = "catalogue_code"

    code: str = Field(primary_key=True, max_length=8)
    name: str = Field(max_length=200)
    source: str | None = Field(default=None, max_length=300)
    imported_from: str | None = Field(default=None, max_length=300)  # the file's name
    imported_at: dt.datetime = Field(default_factory=utcnow)


class CatalogueProcedure(SQLModel, table=True):
    """One edition of a JJG/JJF procedure imported from a catalogue file, over the shipped one."""

    __tablename__ = "catalogue_procedure"

    number: str = Field(primary_key=True, max_length=100)  # normalised: JJG 52-2013
    title: str | None = Field(default=None, max_length=300)
    status: str = Field(max_length=12)  # in_force / withdrawn / superseded
    replaced_by: str | None = Field(default=None, max_length=100)
    status_date: dt.date | None = None
    source: str | None = Field(default=None, max_length=300)
    imported_from: str | None = Field(default=None, max_length=300)
    imported_at: dt.datetime = Field(default_factory=utcnow)


class InstituteDesignation(SQLModel, table=True):
    """A designation of an institute by the authorities, recorded by this home (revision 0010):
    an industry metrology test centre (产业计量测试中心) or the secretariat of a regional
    metrology technical committee (区域计量技术委员会秘书处承担单位).

    Kept by credit code, not by the institute's row: the coordinator records what the
    authorities announced, for an institute whose bundle may not have arrived yet, and a
    peer's bundle never writes here (docs/region-report.md says why)."""

    __tablename__ = "institute_designation"
    __table_args__ = (UniqueConstraint("uscc", "kind", "name", name="uq_institute_designation"),)

    id: int | None = Field(default=None, primary_key=True)
    uscc: str = Field(max_length=18, index=True)
    institute_name: str | None = Field(default=None, max_length=200)  # as the authority's list names it
    kind: str = Field(max_length=16)  # industry_centre / committee
    name: str = Field(max_length=200)  # the centre's or the committee's name
    designated_by: str | None = Field(default=None, max_length=200)
    designated_on: dt.date | None = None
    recorded_at: dt.datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------------------
# Columns of plain registry fields
# --------------------------------------------------------------------------------------

#: The table of each record type of the field registry.
RECORD_MODELS: dict[str, type[SQLModel]] = {
    "institute": Institute, "standard": Standard, "instrument": Instrument, "service": Service,
    "capability": Capability, "authorisation": Authorisation, "authorisation_item": AuthorisationItem,
    "staff": Staff, "credential": Credential, "credential_item": CredentialItem,
}

_PLAIN_COLUMN_TYPES: dict[str, Callable[[int | None], TypeEngine[Any]]] = {
    "text": lambda n: String(n) if n is not None else Text(), "choice": lambda n: String(n),
    "date": lambda _n: Date(), "int": lambda _n: Integer(), "float": lambda _n: Float(),
}
_PLAIN_PYTHON_TYPES: dict[str, type] = {"text": str, "choice": str, "date": dt.date, "int": int, "float": float}


def registry_column(f: registry.Field) -> Column[Any]:
    """The column of a plain field (``domain.records.plain_fields``), from its declaration:
    a text of ``max_length`` characters (``Text`` without one), a date, a number; NOT NULL
    when the field is required or has a default."""
    if f.type not in _PLAIN_COLUMN_TYPES:
        raise ValueError(f"{f.name}: a {f.type} field has no column of its own; write it out in the model")
    return Column(f.name, _PLAIN_COLUMN_TYPES[f.type](f.max_length), nullable=f.nullable)


def add_registry_columns(model: type[SQLModel], plain: Iterable[registry.Field]) -> list[str]:
    """Give ``model`` the column of each plain field of its record (``records.PLAIN``).

    The hand-written columns above stay: the code reads them by name, typed; a field with
    a rule of its own has its column written out (the registry's tests name one missing).
    A plain field is declared in the registry only (docs/fields.md, "Adding a field"): its
    column is made here, when the model is imported, and mapped three ways, so that it is
    an attribute like a declared one: the table's column (DDL, queries, bulk writes), the
    mapper's property (the ORM loads and flushes it), and the model's pydantic field (the
    constructor, ``setattr`` and ``model_fields``, which the audit's snapshot reads). A
    mixin built from the registry before the class would do the same, but mypy --strict
    refuses a base class made at run time. A migration adds the column to the database;
    ``tests/storage/test_schema_matches_models.py`` compares the two.
    """
    table = model.__table__  # type: ignore[attr-defined]
    added = []
    for f in plain:
        if f.name in table.columns:  # written out above, to be read by name: it stays as written
            continue
        column = registry_column(f)
        table.append_column(column)
        model.__mapper__.add_property(f.name, column)  # type: ignore[attr-defined]
        python_type = _PLAIN_PYTHON_TYPES[f.type]
        annotation: Any = python_type if not f.nullable else python_type | None
        model.model_fields[f.name] = FieldInfo(annotation=annotation, default=f.default)
        added.append(f.name)
    if added:
        model.model_rebuild(force=True)
    return added


for _name, _plain in PLAIN.items():
    add_registry_columns(RECORD_MODELS[_name], _plain)
