"""When a measurement standard may be used: its certificate, and its instruments' calibration (送检).

The one place of the rule (``docs/instrument-rule.md`` explains it for users). A standard is
**usable** on a day when

1. its assessment certificate is **in force**: status ``valid``, issued on or before the day
   (when the issue date is known), valid until the day or later; and
2. every **main standard instrument** (主标准器) is calibrated: none has a calibration due date
   (检定/校准有效期至) before the day. One that is past due makes the standard unusable until it
   is recalibrated: its state is ``needs_recalibration`` (需重新送检), it gets no certificate,
   it is not listed as in force in a capability statement, search and recognition mark it,
   and the traceability chain breaks at that instrument.

**Ancillary equipment** (配套设备) past due is a warning: the standard stays usable.
A main instrument without a recorded due date is not judged here (its traceability link is
reported as missing a certificate).

A **certificate** of a standard needs more than a usable standard: at least one
verification or calibration service and at least one main instrument, or it would declare
work done "as listed" above empty sections.

Everything here is a pure function of values (no database): the storage layer provides each
standard's earliest main and ancillary due dates (``main_calibration_due``,
``ancillary_calibration_due``) with its list rows, and full instrument lists where a message
must name the instrument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from labregistry import i18n
from labregistry.errors import DomainError

NEEDS_RECALIBRATION = "needs_recalibration"
"""The state of a standard in force whose main standard instrument is past its calibration due date."""


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def in_force(status: str | None, issued_on: Any, valid_until: Any, day: dt.date) -> bool:
    """The assessment certificate is in force on ``day``: valid, issued by then (when known), not expired."""
    until = _as_date(valid_until)
    if status != "valid" or until is None or until < day:
        return False
    issued = _as_date(issued_on)
    return issued is None or issued <= day


def overdue(due: Any, day: dt.date) -> bool:
    """A calibration due before ``day`` (the due date itself is still covered)."""
    when = _as_date(due)
    return when is not None and when < day


def usable(status: str | None, issued_on: Any, valid_until: Any, main_due: Any, day: dt.date) -> bool:
    """In force, and no main standard instrument past its calibration due date (``main_due``:
    the earliest due date among the main instruments, None when none is recorded)."""
    return in_force(status, issued_on, valid_until, day) and not overdue(main_due, day)


def state(status: str | None, valid_until: Any, main_due: Any, day: dt.date) -> str:
    """The status to show: ``expired`` once past the certificate's end whatever was recorded,
    ``needs_recalibration`` for a valid standard whose main instrument is overdue, else the status."""
    until = _as_date(valid_until)
    if status in ("valid", "expired") and until is not None and until < day:
        return "expired"
    if status == "valid" and overdue(main_due, day):
        return NEEDS_RECALIBRATION
    return status or ""


def row_state(row: Mapping[str, Any], day: dt.date) -> str:
    """:func:`state` of a list row (``status``, ``valid_until``, ``main_calibration_due``)."""
    return state(row.get("status"), row.get("valid_until"), row.get("main_calibration_due"), day)


def row_usable(row: Mapping[str, Any], day: dt.date) -> bool:
    """:func:`usable` of a list row."""
    return usable(row.get("status"), row.get("issued_on"), row.get("valid_until"),
                  row.get("main_calibration_due"), day)


def row_ancillary_overdue(row: Mapping[str, Any], day: dt.date) -> bool:
    """Whether a list row's ancillary equipment is past due on ``day``: a warning only, the
    standard stays usable (``ancillary_calibration_due``: the earliest ancillary due date)."""
    return overdue(row.get("ancillary_calibration_due"), day)


@dataclass(frozen=True)
class InstrumentDue:
    """What the rule needs of one instrument."""

    role: str  # main / ancillary
    name: str
    serial_no: str | None
    due: dt.date | None


def overdue_instruments(instruments: Iterable[InstrumentDue], day: dt.date, role: str) -> list[InstrumentDue]:
    """The instruments of ``role`` past their calibration due date on ``day``, earliest first."""
    found = [i for i in instruments if i.role == role and overdue(i.due, day)]
    return sorted(found, key=lambda i: (i.due or day, i.name))


def certificate_refusal(
    certificate_no: str, services: int, instruments: Iterable[InstrumentDue], day: dt.date
) -> DomainError | None:
    """Why a certificate of an in-force standard cannot be issued on ``day``, or None.

    Checked in this order: a main instrument overdue (recalibration comes first, it is what
    a lab manager can act on), no main instrument, no service."""
    listed = list(instruments)
    late = overdue_instruments(listed, day, "main")
    if late:
        first = late[0]
        return DomainError(
            "standard.needs_recalibration",
            certificate_no=certificate_no,
            instrument=first.name,
            serial_no=first.serial_no or "—",
            due=(first.due or day).isoformat(),
        )
    if not any(i.role == "main" for i in listed):
        return DomainError("standard.no_main_instrument", certificate_no=certificate_no)
    if services < 1:
        return DomainError("standard.no_services", certificate_no=certificate_no)
    return None


def certificate_warnings(certificate_no: str, instruments: Iterable[InstrumentDue], day: dt.date
                         ) -> list[i18n.Message]:
    """Warnings a certificate is still issued with: ancillary equipment past due, one message
    each (the edges render them)."""
    return [
        i18n.Message.of("standard.ancillary_overdue", certificate_no=certificate_no, instrument=i.name,
                        due=(i.due or day).isoformat())
        for i in overdue_instruments(instruments, day, "ancillary")
    ]


def state_label(value: str) -> i18n.Message:
    """The label of a state that is not a stored status (``needs_recalibration``), rendered by
    the edges."""
    return i18n.Message.of(f"state.{value}")
