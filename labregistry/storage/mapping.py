"""From validated domain values to table rows (ORM objects or plain dicts for bulk paths).

One place decides how a ``ValidatedStandard`` is stored, so that the editor and the ledger
import store the same record the same way (the bundle merge stores a peer's sheet rows as
they are: their columns are the same fields, :mod:`labregistry.exchange.schema`). The
columns and where each value comes from (``range_min`` from ``v.range.min``) are the
field registry's (:meth:`labregistry.domain.fields.RecordType.stored_row`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from labregistry.domain import fields
from labregistry.domain.fields import RecordType
from labregistry.domain.records import (
    ValidatedAuthorisation,
    ValidatedInstitute,
    ValidatedStaff,
    ValidatedStandard,
)
from labregistry.storage import models
from labregistry.storage.repositories import (
    AuthorisationAggregate,
    CredentialAggregate,
    StaffAggregate,
    StandardAggregate,
)


def institute_fields(v: ValidatedInstitute) -> dict[str, Any]:
    return fields.INSTITUTE.stored_row(v)


def new_institute(v: ValidatedInstitute, *, is_own: bool) -> models.Institute:
    return models.Institute(**institute_fields(v), is_own=is_own)


def standard_fields(v: ValidatedStandard) -> dict[str, Any]:
    """The standard's own columns (not ids, not children)."""
    return fields.STANDARD.stored_row(v)


def instrument_rows(v: ValidatedStandard) -> list[dict[str, Any]]:
    return _positioned(fields.INSTRUMENT, v.instruments)


def service_rows(v: ValidatedStandard) -> list[dict[str, Any]]:
    return _positioned(fields.SERVICE, v.services)


def capability_rows(v: ValidatedStandard) -> list[dict[str, Any]]:
    return _positioned(fields.CAPABILITY, v.capabilities)


def _positioned(record: RecordType, items: Sequence[Any]) -> list[dict[str, Any]]:
    """List items as rows, each with its place in the list."""
    return [{"position": i, **record.stored_row(item)} for i, item in enumerate(items)]


def apply_standard(agg: StandardAggregate | None, v: ValidatedStandard, institute_id: int) -> StandardAggregate:
    """A new aggregate, or the given one updated in place, holding ``v``."""
    standard = agg.standard if agg else models.Standard(institute_id=institute_id, **_placeholders())
    for key, value in standard_fields(v).items():
        setattr(standard, key, value)
    return StandardAggregate(
        standard,
        [models.Instrument(standard_id=0, **row) for row in instrument_rows(v)],
        [models.Service(standard_id=0, **row) for row in service_rows(v)],
        [models.Capability(standard_id=0, **row) for row in capability_rows(v)],
    )


def _placeholders() -> dict[str, Any]:
    # required columns are filled by standard_fields right after construction
    return {"name": "", "code": "", "grade": "", "certificate_no": "", "range_text": "", "accuracy_text": "",
            "valid_until": None}


def authorisation_fields(v: ValidatedAuthorisation) -> dict[str, Any]:
    return fields.AUTHORISATION.stored_row(v)


def authorised_item_rows(v: ValidatedAuthorisation) -> list[dict[str, Any]]:
    return _positioned(fields.AUTHORISED_ITEM, v.items)


def apply_authorisation(
    agg: AuthorisationAggregate | None, v: ValidatedAuthorisation, institute_id: int
) -> AuthorisationAggregate:
    auth = agg.authorisation if agg else models.Authorisation(
        institute_id=institute_id, certificate_no="", form="", valid_until=None  # type: ignore[arg-type]
    )
    for key, value in authorisation_fields(v).items():
        setattr(auth, key, value)
    return AuthorisationAggregate(
        auth, [models.AuthorisationItem(authorisation_id=0, **row) for row in authorised_item_rows(v)]
    )


def staff_fields(v: ValidatedStaff) -> dict[str, Any]:
    return fields.STAFF.stored_row(v)


def credential_rows(v: ValidatedStaff) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each credential's row, with its items' rows (a credential's items are a list of names)."""
    rows = _positioned(fields.CREDENTIAL, v.credentials)
    return [
        (row, [{"position": j, "name": name} for j, name in enumerate(cred.items)])
        for row, cred in zip(rows, v.credentials, strict=True)
    ]


def apply_staff(agg: StaffAggregate | None, v: ValidatedStaff, institute_id: int) -> StaffAggregate:
    person = agg.staff if agg else models.Staff(institute_id=institute_id, name="")
    for key, value in staff_fields(v).items():
        setattr(person, key, value)
    creds = [
        CredentialAggregate(
            models.Credential(staff_id=0, **row), [models.CredentialItem(credential_id=0, **i) for i in items]
        )
        for row, items in credential_rows(v)
    ]
    return StaffAggregate(person, creds)
