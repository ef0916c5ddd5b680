"""Creating, changing and deleting the own institute's records, with the audit trail.

Each use case validates with the domain rules first (nothing is written when any rule
fails), stores the record through its repository, and writes the audit entry (who,
when, fields before and after) in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from labregistry import i18n
from labregistry.domain import validation
from labregistry.domain.records import AuthorisationInput, StaffInput, StandardInput
from labregistry.errors import DomainError, Issue
from labregistry.ledger import tables
from labregistry.ledger.fields import kind_spec
from labregistry.registry import Registry
from labregistry.storage import mapping
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Staff, Standard
from labregistry.storage.uow import UnitOfWork


@dataclass(frozen=True)
class _Kind:
    entity: str
    repo: str
    validate: Callable[..., Any]  # (input) or, for an edit, (input, what `stored` gives)
    apply: Callable[[Any, Any, int], Any]
    row: Callable[[Any], Any]
    label: Callable[[Any], str]
    unique_certificate: bool
    #: what the rules compare an edit of a stored record with (``validate``'s second argument),
    #: from the record's snapshot (``agg.snapshot()``, or the audit's copy of a deleted one)
    stored: Callable[[dict[str, Any]], Any] | None = None


KINDS: dict[str, _Kind] = {
    "standard": _Kind(
        "standard", "standards", validation.validate_standard, mapping.apply_standard,
        lambda agg: agg.standard, lambda agg: agg.standard.certificate_no, True,
        validation.stored_standard,
    ),
    "authorisation": _Kind(
        "authorisation", "authorisations", validation.validate_authorisation, mapping.apply_authorisation,
        lambda agg: agg.authorisation, lambda agg: agg.authorisation.certificate_no, True,
        lambda snapshot: validation.kept_pairs(snapshot, "items"),
    ),
    "staff": _Kind(
        "staff", "staff", validation.validate_staff, mapping.apply_staff,
        lambda agg: agg.staff, lambda agg: agg.staff.name, False,
    ),
}


#: what a record is called in a message, in the message's language (never the table's name)
_NOUNS = {"standard": i18n.Label("计量标准", "measurement standard"),
          "authorisation": i18n.Label("计量授权", "authorisation"), "staff": i18n.Label("人员", "person")}


def not_found(kind: _Kind, ref: object) -> DomainError:
    """No record ``ref`` of ``kind``: "找不到记录：人员 王建国", not "staff 王建国" to a Chinese user."""
    return DomainError("record.not_found", kind=_NOUNS[kind.entity], ref=ref)


def _own_institute_id(uow: UnitOfWork) -> int:
    own = uow.institutes.own()
    if own is None or own.id is None:
        raise DomainError("record.no_own_institute")
    return own.id


def check_unique_certificate(uow: UnitOfWork, kind: _Kind, institute_id: int, agg: Any, self_id: int | None) -> None:
    if not kind.unique_certificate:
        return
    number = kind.label(agg)
    clashes = [r for r in getattr(uow, kind.repo).by_certificate(institute_id, number) if r.id != self_id]
    if clashes:
        raise DomainError.from_issues(
            [Issue("record.duplicate_certificate", "certificate_no", number, {"certificate_no": number})]
        )


def check(kind_name: str, inp: Any) -> list[Issue]:
    """Validate without writing: the warnings (e.g. a provincial temporary code); errors raise."""
    return list(_validated(KINDS[kind_name], inp).warnings)


def validate(kind_name: str, inp: Any, current: Any = None) -> Any:
    """The validated record, as :func:`update` (``current``: the record as stored, from
    :func:`get`) or :func:`create` (None) would validate it; DomainError with every issue.
    The editor checks a form with it, so that what it marks is what saving would say."""
    return _validated(KINDS[kind_name], inp, None if current is None else current.snapshot())


def validate_stored(kind_name: str, inp: Any, snapshot: dict[str, Any]) -> Any:
    """:func:`validate` against a record's ``snapshot`` (an audit entry's copy of it): what
    restoring a deleted record checks its content with, as saving it unchanged would."""
    return _validated(KINDS[kind_name], inp, snapshot)


def _validated(kind: _Kind, inp: Any, stored: dict[str, Any] | None = None) -> Any:
    """The domain's validated record, refused (``ledger.too_long``, at its field) when a text
    is longer than its column, as a ledger's is: before this, PostgreSQL refused the save
    with a DataError and SQLite stored the text, after which every bundle of the institute
    was refused by its peers. The lengths are the field registry's (:mod:`.ledger.tables`).
    ``stored``: the snapshot of the stored record an edit changes (or of a deleted one put
    back); a rule that binds entry only (a standard's code and its range's discipline, the
    accuracy rules) warns, not refuses, when the edit leaves its values."""
    validated = kind.validate(inp) if stored is None or kind.stored is None else kind.validate(
        inp, kind.stored(stored))
    issues = tables.stored_issues(kind_spec(kind.repo), validated)
    if issues:
        raise DomainError.from_issues(issues)
    return validated


def source_label(source: str | None) -> i18n.Message | str:
    """Where an audit entry came from, for people ('数据包 1231… 第 3 号', '台账 标准台账.xlsx'),
    as a message the caller renders (:func:`labregistry.i18n.rendered`); a source without a
    message as it is."""
    if not source:
        return ""
    if source.startswith("bundle:"):
        issuer, _, seq = source[len("bundle:"):].partition("#")
        return i18n.Message.of("audit.source.bundle", issuer=issuer, seq=seq)
    if source.startswith("ledger:"):
        return i18n.Message.of("audit.source.ledger", file=source[len("ledger:"):])
    code = f"audit.source.{source}"
    return i18n.Message.of(code) if i18n.known(code) else source


def create(reg: Registry, kind_name: str, inp: Any, *, operator: str | None = None, source: str = "app") -> int:
    """Validate and store a new record of the own institute; returns its id."""
    kind = KINDS[kind_name]
    validated = _validated(kind, inp)
    with reg.uow(operator, source, write=True) as uow:
        institute_id = _own_institute_id(uow)
        agg = kind.apply(None, validated, institute_id)
        check_unique_certificate(uow, kind, institute_id, agg, None)
        getattr(uow, kind.repo).save(agg)
        uow.audit("create", kind.entity, kind.row(agg).uid, label=kind.label(agg), after=agg.snapshot())
        uow.commit()
        return int(kind.row(agg).id)


def update(
    reg: Registry, kind_name: str, record_id: int, inp: Any, *, operator: str | None = None, source: str = "app"
) -> bool:
    """Validate and store changes; returns False when nothing changed (no audit entry).

    Validated against the record as stored, read in the same transaction (:func:`_validated`)."""
    kind = KINDS[kind_name]
    with reg.uow(operator, source, write=True) as uow:
        institute_id = _own_institute_id(uow)
        current = _get_own(uow, kind, record_id, institute_id)
        before = current.snapshot()
        validated = _validated(kind, inp, before)
        agg = kind.apply(current, validated, institute_id)
        check_unique_certificate(uow, kind, institute_id, agg, record_id)
        after = agg.snapshot()
        if before == after:
            return False
        getattr(uow, kind.repo).save(agg)
        uow.audit("update", kind.entity, kind.row(agg).uid, label=kind.label(agg), before=before, after=after)
        uow.commit()
        return True


def delete(reg: Registry, kind_name: str, record_id: int, *, operator: str | None = None, source: str = "app") -> None:
    """Delete one own record (with its children), audited; see :func:`delete_many`."""
    delete_many(reg, kind_name, [record_id], operator=operator, source=source)


def delete_many(
    reg: Registry, kind_name: str, record_ids: Iterable[int], *, operator: str | None = None, source: str = "app"
) -> int:
    """Delete own records, all or none, in one transaction; returns how many.

    Each deletion is audited with the record as it was (``before``), so its history
    stays readable. A record that another own record still depends on is refused
    (``record.in_use``, naming the record and its dependents) and nothing is deleted.
    Exchange needs no tombstone: a bundle carries the institute's whole current set,
    so the next export simply lacks the record and importers list it as withdrawn.
    """
    kind = KINDS[kind_name]
    with reg.uow(operator, source, write=True) as uow:
        doomed = _deletable(uow, kind, record_ids)
        for agg in doomed:
            before = agg.snapshot()
            getattr(uow, kind.repo).delete(agg)
            uow.audit("delete", kind.entity, kind.row(agg).uid, label=kind.label(agg), before=before)
        uow.commit()
        return len(doomed)


def check_delete(reg: Registry, kind_name: str, record_ids: Iterable[int]) -> None:
    """Raise what :func:`delete_many` would refuse (not found, not own, in use), writing
    nothing: the app asks before its confirmation, so a refusal comes first."""
    with reg.uow() as uow:
        _deletable(uow, KINDS[kind_name], record_ids)


def _deletable(uow: UnitOfWork, kind: _Kind, record_ids: Iterable[int]) -> list[Any]:
    ids = list(dict.fromkeys(int(i) for i in record_ids))
    institute_id = _own_institute_id(uow)
    doomed = [_get_own(uow, kind, record_id, institute_id) for record_id in ids]
    for agg in doomed:
        users = _dependents(uow, kind, agg, institute_id, ids)
        if users:
            raise _in_use(kind, agg, users)
    return doomed


@dataclass(frozen=True)
class Dependent:
    """An own record that refers to another one, so that the other cannot be deleted."""

    kind: str  # the records service's kind of the dependent: "standard"
    record_id: int
    label: str  # its certificate number
    role: str  # how it refers: "responsible_person" or "operators"


def dependents(reg: Registry, kind_name: str, record_id: int) -> list[Dependent]:
    """The own records that would lose a reference if ``record_id`` were deleted.

    Only people are referred to: a standard names its responsible person and operators
    (JJF 1033 makes changing them a recorded change), by name. A person whose name another
    own staff record also carries is not the only one it can mean, so nothing depends on it.
    """
    kind = KINDS[kind_name]
    with reg.uow() as uow:
        institute_id = _own_institute_id(uow)
        agg = _get_own(uow, kind, record_id, institute_id)
        return _dependents(uow, kind, agg, institute_id, [record_id])


_NAME_SEPARATORS = re.compile(r"[、,，;；/／\s]+")


def _dependents(uow: UnitOfWork, kind: _Kind, agg: Any, institute_id: int, leaving: list[int]) -> list[Dependent]:
    if kind.entity != "staff":
        return []
    name = (agg.staff.name or "").strip()
    if not name:
        return []
    people, standards = table_of(Staff), table_of(Standard)
    namesakes = uow.session.execute(
        select(people.c.id)
        .where(people.c.institute_id == institute_id, people.c.name == name, people.c.id.not_in(leaving))
        .limit(1)
    ).first()
    if namesakes is not None:
        return []
    rows = uow.session.execute(
        select(standards.c.id, standards.c.certificate_no, standards.c.responsible_person, standards.c.operators)
        .where(
            standards.c.institute_id == institute_id,
            or_(standards.c.responsible_person == name, standards.c.operators.contains(name, autoescape=True)),
        )
        .order_by(standards.c.certificate_no)
    )
    found = []
    for sid, certificate_no, responsible, operators in rows:
        if (responsible or "").strip() == name:
            found.append(Dependent("standard", int(sid), certificate_no, "responsible_person"))
        elif name in _NAME_SEPARATORS.split(operators or ""):
            found.append(Dependent("standard", int(sid), certificate_no, "operators"))
    return found


def _in_use(kind: _Kind, agg: Any, users: list[Dependent]) -> DomainError:
    shown = "、".join(u.label for u in users[:3]) + ("…" if len(users) > 3 else "")
    return DomainError("record.in_use", label=kind.label(agg), count=len(users), examples=shown)


def get(reg: Registry, kind_name: str, record_id: int) -> Any:
    """The whole record (an aggregate with its children), of any institute."""
    kind = KINDS[kind_name]
    with reg.uow() as uow:
        agg = getattr(uow, kind.repo).get(record_id)
        if agg is None:
            raise not_found(kind, record_id)
        return agg


def history(reg: Registry, kind_name: str, record_id: int) -> list[dict[str, Any]]:
    """The record's audit trail, oldest first: who, when, what, before and after."""
    import json

    kind = KINDS[kind_name]
    with reg.uow() as uow:
        agg = getattr(uow, kind.repo).get(record_id)
        if agg is None:
            raise not_found(kind, record_id)
        entries = uow.audit_log.history(kind.entity, kind.row(agg).uid)
        return [
            {
                "at": e.at,
                "operator": e.operator,
                "action": e.action,
                "source": e.source,
                "before": json.loads(e.before) if e.before else None,
                "after": json.loads(e.after) if e.after else None,
            }
            for e in entries
        ]


def resolve(reg: Registry, kind_name: str, ref: str | int) -> int:
    """A record id from an id or a certificate number (own institute first)."""
    kind = KINDS[kind_name]
    with reg.uow() as uow:
        if isinstance(ref, int) or (str(ref).isascii() and str(ref).isdigit()):  # int('²') raises
            if getattr(uow, kind.repo).get(int(ref)) is not None:
                return int(ref)
        if kind.unique_certificate:
            own = uow.institutes.own()
            found = getattr(uow, kind.repo).by_certificate(own.id, str(ref)) if own else []
            if not found:
                found = getattr(uow, kind.repo).by_certificate_anywhere(str(ref))
            if found:
                return int(found[0].id)
    raise not_found(kind, ref)


def _get_own(uow: UnitOfWork, kind: _Kind, record_id: int, institute_id: int) -> Any:
    agg = getattr(uow, kind.repo).get(record_id)
    if agg is None:
        raise not_found(kind, record_id)
    row = kind.row(agg)
    if row.institute_id != institute_id:
        owner = uow.institutes.get(row.institute_id)
        raise DomainError("record.not_own", institute=owner.name if owner else row.institute_id)
    return agg


def create_standard(reg: Registry, inp: StandardInput, **kw: Any) -> int:
    return create(reg, "standard", inp, **kw)


def create_authorisation(reg: Registry, inp: AuthorisationInput, **kw: Any) -> int:
    return create(reg, "authorisation", inp, **kw)


def create_staff(reg: Registry, inp: StaffInput, **kw: Any) -> int:
    return create(reg, "staff", inp, **kw)
