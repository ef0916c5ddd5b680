"""The own institute and the region's institutes, with the provenance of their records.

After set-up the own institute's name, province, city and other details can be corrected
(:func:`update_own`): the next bundle carries them to the peers. Its credit code cannot:
it is sealed into the institute's signing key and every public key card given out, and
the peers' trust and the bundles' rollback floor are kept by it; a wrong code is fixed by
setting up a new data folder before anything leaves the institute.
"""

from __future__ import annotations

from typing import Any

from labregistry.domain import validation
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError, Issue
from labregistry.registry import OPERATOR_KEY, Registry
from labregistry.storage import mapping
from labregistry.storage.models import Institute, utcnow

_EDITABLE = ("name", "name_en", "province", "city", "kind", "address", "contact")

_FIELDS = ("uscc", "name", "name_en", "province", "city", "kind", "address", "contact", "is_own",
           "bundle_seq", "bundle_key_id", "bundle_received_at", "bundle_expires_at", "stale")


def _as_dict(institute: Institute) -> dict[str, Any]:
    return {name: getattr(institute, name) for name in _FIELDS}


def own_institute(reg: Registry) -> dict[str, Any] | None:
    """The own institute's fields, or None before ``init`` (the app then offers first run)."""
    with reg.uow() as uow:
        own = uow.institutes.own()
        return _as_dict(own) if own else None


def region_institutes(reg: Registry) -> list[dict[str, Any]]:
    """Every institute in the registry, the own one first, each with where its data came from."""
    with reg.uow() as uow:
        rows = [_as_dict(i) for i in uow.institutes.all()]
    return sorted(rows, key=lambda r: (not r["is_own"], r["province"], r["name"]))


def update_own(reg: Registry, inp: InstituteInput, *, operator: str | None = None) -> dict[str, Any]:
    """Correct the own institute's details (not its credit code); returns its fields.

    Validated as at set-up; the change is audited like a record's. A credit code other
    than the own is refused at its field (see the module docstring)."""
    validated = validation.validate_institute(inp)
    with reg.uow(operator or reg.operator(), "app", write=True) as uow:
        own = uow.institutes.own()
        if own is None:
            raise DomainError("institute.none")
        if validated.uscc != own.uscc:
            raise DomainError.from_issues([Issue("institute.uscc_fixed", "uscc", inp.uscc)])
        after = {key: value for key, value in mapping.institute_fields(validated).items() if key in _EDITABLE}
        before = {key: getattr(own, key) for key in after}
        if after != before:
            for key, value in after.items():
                setattr(own, key, value)
            own.updated_at = utcnow()
            uow.session.add(own)
            uow.audit("update", "institute", own.uscc, label=own.name, before=before, after=after)
            uow.commit()
        return _as_dict(own)


def set_operator(reg: Registry, name: str) -> None:
    """Who is recorded with every change made here, as set at ``init`` (empty: the OS user)."""
    name = name.strip()
    if name:
        validation.check_text(name, "operator")
    with reg.uow(reg.operator(), "app", write=True) as uow:
        before = uow.settings.get(OPERATOR_KEY) or ""
        if before != name:
            uow.settings.set(OPERATOR_KEY, name)
            uow.audit("update", "setting", OPERATOR_KEY, label=OPERATOR_KEY,
                      before={"operator": before}, after={"operator": name})
            uow.commit()


def operator_set(reg: Registry) -> str:
    """The operator's name set at ``init`` or in the app's settings ("" when none)."""
    with reg.uow() as uow:
        return uow.settings.get(OPERATOR_KEY) or ""
