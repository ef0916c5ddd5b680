"""From validated domain values to table rows (ORM objects or plain dicts for bulk paths).

One place decides how a ``ValidatedStandard`` is stored, so the editor, the ledger
import and the bundle merge all store the same record the same way.
"""

from __future__ import annotations

from typing import Any

from labregistry.domain.records import (
    ValidatedAuthorisation,
    ValidatedInstitute,
    ValidatedStaff,
    ValidatedStandard,
)
from labregistry.storage.models import (
    Authorisation,
    AuthorisationItem,
    Credential,
    CredentialItem,
    Institute,
    Instrument,
    Service,
    Staff,
    Standard,
)
from labregistry.storage.repositories import (
    AuthorisationAggregate,
    CredentialAggregate,
    StaffAggregate,
    StandardAggregate,
)


def institute_fields(v: ValidatedInstitute) -> dict[str, Any]:
    return {
        "uscc": v.uscc,
        "name": v.name,
        "name_en": v.name_en,
        "province": v.province,
        "city": v.city,
        "kind": v.kind,
        "address": v.address,
        "contact": v.contact,
    }


def new_institute(v: ValidatedInstitute, *, is_own: bool) -> Institute:
    return Institute(**institute_fields(v), is_own=is_own)


def standard_fields(v: ValidatedStandard) -> dict[str, Any]:
    """The standard's own columns (not ids, not children)."""
    return {
        "name": v.name,
        "code": v.code.code,
        "code_temporary": v.code.temporary,
        "grade": v.grade,
        "certificate_no": v.certificate_no,
        "certificate_authority": v.certificate_authority,
        "issued_on": v.issued_on,
        "valid_until": v.valid_until,
        "range_text": v.range.text,
        "quantity": v.range.quantity,
        "range_min": v.range.min,
        "range_max": v.range.max,
        "unit": v.range.unit,
        "accuracy_text": v.accuracy.text,
        "accuracy_kind": v.accuracy.kind,
        "accuracy_value": v.accuracy.value,
        "accuracy_relative": v.accuracy.relative,
        "accuracy_k": v.accuracy.k,
        "accuracy_class": v.accuracy.accuracy_class,
        "responsible_person": v.responsible_person,
        "operators": v.operators,
        "environment": v.environment,
        "status": v.status,
        "notes": v.notes,
    }


def instrument_rows(v: ValidatedStandard) -> list[dict[str, Any]]:
    return [
        {
            "position": i,
            "role": ins.role,
            "name": ins.name,
            "model": ins.model,
            "serial_no": ins.serial_no,
            "range_text": ins.range_text,
            "accuracy_text": ins.accuracy_text,
            "traced_to_uscc": ins.traced_to_uscc,
            "traced_to_name": ins.traced_to_name,
            "calibration_cert_no": ins.calibration_cert_no,
            "calibration_due": ins.calibration_due,
        }
        for i, ins in enumerate(v.instruments)
    ]


def service_rows(v: ValidatedStandard) -> list[dict[str, Any]]:
    return [
        {
            "position": i,
            "name": s.name,
            "procedure": s.procedure.text if s.procedure else None,
            "kind": s.kind,
        }
        for i, s in enumerate(v.services)
    ]


def apply_standard(agg: StandardAggregate | None, v: ValidatedStandard, institute_id: int) -> StandardAggregate:
    """A new aggregate, or the given one updated in place, holding ``v``."""
    standard = agg.standard if agg else Standard(institute_id=institute_id, **_placeholders())
    for key, value in standard_fields(v).items():
        setattr(standard, key, value)
    return StandardAggregate(
        standard,
        [Instrument(standard_id=0, **row) for row in instrument_rows(v)],
        [Service(standard_id=0, **row) for row in service_rows(v)],
    )


def _placeholders() -> dict[str, Any]:
    # required columns are filled by standard_fields right after construction
    return {"name": "", "code": "", "grade": "", "certificate_no": "", "range_text": "", "accuracy_text": "",
            "valid_until": None}


def authorisation_fields(v: ValidatedAuthorisation) -> dict[str, Any]:
    return {
        "certificate_no": v.certificate_no,
        "form": v.form,
        "authority": v.authority,
        "issued_on": v.issued_on,
        "valid_until": v.valid_until,
        "status": v.status,
    }


def authorised_item_rows(v: ValidatedAuthorisation) -> list[dict[str, Any]]:
    rows = []
    for i, item in enumerate(v.items):
        rng = item.range
        rows.append(
            {
                "position": i,
                "name": item.name,
                "range_text": item.range_text,
                "quantity": rng.quantity if rng else None,
                "range_min": rng.min if rng else None,
                "range_max": rng.max if rng else None,
                "unit": rng.unit if rng else None,
                "accuracy_text": item.accuracy_text,
                "procedure": item.procedure.text if item.procedure else None,
            }
        )
    return rows


def apply_authorisation(
    agg: AuthorisationAggregate | None, v: ValidatedAuthorisation, institute_id: int
) -> AuthorisationAggregate:
    auth = agg.authorisation if agg else Authorisation(
        institute_id=institute_id, certificate_no="", form="", valid_until=None  # type: ignore[arg-type]
    )
    for key, value in authorisation_fields(v).items():
        setattr(auth, key, value)
    return AuthorisationAggregate(
        auth, [AuthorisationItem(authorisation_id=0, **row) for row in authorised_item_rows(v)]
    )


def staff_fields(v: ValidatedStaff) -> dict[str, Any]:
    return {
        "name": v.name,
        "department": v.department,
        "title": v.title,
        "phone": v.phone,
        "id_number": v.id_number,
        "status": v.status,
    }


def credential_rows(v: ValidatedStaff) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    out = []
    for i, cred in enumerate(v.credentials):
        row = {
            "position": i,
            "kind": cred.kind,
            "certificate_no": cred.certificate_no,
            "registration": cred.registration,
            "issued_on": cred.issued_on,
            "valid_until": cred.valid_until,
        }
        items = [{"position": j, "name": name} for j, name in enumerate(cred.items)]
        out.append((row, items))
    return out


def apply_staff(agg: StaffAggregate | None, v: ValidatedStaff, institute_id: int) -> StaffAggregate:
    person = agg.staff if agg else Staff(institute_id=institute_id, name="")
    for key, value in staff_fields(v).items():
        setattr(person, key, value)
    creds = [
        CredentialAggregate(Credential(staff_id=0, **row), [CredentialItem(credential_id=0, **i) for i in items])
        for row, items in credential_rows(v)
    ]
    return StaffAggregate(person, creds)
