"""Capability rows (CMC) of a standard: built from a range and an accuracy, read from one line.

A standard has one or more rows, each a parameter with its own range and accuracy (issue
18; CNAS-GL025 and the KCDB record one CMC per parameter). Every path that stores a
standard (the editor and the CLI through validation, a ledger import, a peer's bundle, the
demo) builds its rows here, so that the stored error terms are always those of
:mod:`labregistry.domain.errormodel`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from labregistry.domain import fields
from labregistry.domain.accuracy import Accuracy, accuracy_issues, parse_accuracy, unread_accuracy
from labregistry.domain.errormodel import ErrorModel, error_model
from labregistry.domain.quantities import MeasuredRange, parse_range, range_issues
from labregistry.domain.records import CapabilityInput, ValidatedCapability
from labregistry.errors import DomainError, Issue, register_fields


register_fields({"capability": ("测量能力", "capability")})


def capability_of(rng: MeasuredRange, accuracy: Accuracy, parameter: str | None = None,
                  conditions: str | None = None) -> ValidatedCapability:
    """A validated row: the range and accuracy with the accuracy's error model (None: not comparable)."""
    model = error_model(accuracy, rng)
    return ValidatedCapability(parameter, rng, accuracy, model if isinstance(model, ErrorModel) else None, conditions)


def capability_row(cap: ValidatedCapability, position: int = 0) -> dict[str, Any]:
    """The row stored for ``cap`` (the field registry's columns) at ``position``."""
    return {"position": position, **fields.CAPABILITY.stored_row(cap)}


def is_standards_own_row(rows: Sequence[Any], range_text: Any, accuracy_text: Any) -> bool:
    """True when a standard's rows are the one row its own range and accuracy make (the core
    derives it on saving: the form shows no row then, and a message about that row names the
    standard's 测量范围 and 准确度, not a "capability 1" the user cannot find). ``rows``: stored
    rows as objects or mappings."""
    if len(rows) != 1:
        return False
    row = rows[0]

    def get(key: str) -> Any:
        return row.get(key) if isinstance(row, Mapping) else getattr(row, key)

    return not get("parameter") and not get("conditions") and (
        get("range_text"), get("accuracy_text")) == (range_text, accuracy_text)


def row_from_standard(values: Mapping[str, Any]) -> dict[str, Any]:
    """The one row of a standard stored without rows (a peer's bundle of format 2 or before):
    its own range and accuracy, from its stored columns. An accuracy that no longer parses
    keeps its text with no error terms (not comparable), never refusing the standard."""
    rng = MeasuredRange(str(values["range_text"]), str(values.get("quantity") or ""),
                        _number(values.get("range_min")), _number(values.get("range_max")), str(values.get("unit") or ""))
    text = str(values["accuracy_text"])
    try:
        accuracy = parse_accuracy(text, rng)
    except DomainError:
        accuracy = unread_accuracy(text)
        accuracy = dataclasses.replace(accuracy, kind=str(values.get("accuracy_kind") or accuracy.kind))
    row = capability_row(capability_of(rng, accuracy))
    if values.get("quantity") is None:
        row.update(quantity=None, range_min=None, range_max=None, unit=None)
    return row


def _number(value: Any) -> float:
    return float(value) if value is not None else float("nan")


def parse_capability(text: str, field: str = "capability") -> CapabilityInput:
    """``"直流电压 (0~1000)V U=0.002%,k=2"`` -> parameter, range and accuracy.

    The words are split where the range and the accuracy both read: the parameter is what
    comes before (it may hold numbers: ``交流电压 1kHz``). DomainError capability.unparseable."""
    words = str(text).split()
    for start in range(len(words)):
        for end in range(start + 1, len(words)):
            rng, acc = " ".join(words[start:end]), " ".join(words[end:])
            if _reads(range_issues(rng)) and _reads(accuracy_issues(acc)):
                return CapabilityInput(parameter=" ".join(words[:start]) or None, range_text=rng, accuracy_text=acc)
    raise DomainError.from_issues([Issue("capability.unparseable", field, text)])


def range_in_parameter(parameter: str | None, rng: MeasuredRange, field: str) -> list[Issue]:
    """A frequency taken for the range while the parameter holds the measured range
    ("交流电流 (0~20)A" with "50Hz"): the line "交流电流 (0~20)A 50Hz U=..." split where both
    halves read. Refused, saying to write the frequency in the parameter. Kept: a parameter
    with a condition alone ("交流电压 1kHz" with "10V"), and one value measured over a span of
    frequencies ("交流电压 (10Hz~1MHz)" with "10V"), a common CMC row."""
    if not parameter or rng.min != rng.max or rng.quantity != "frequency":
        return []
    words = parameter.split()
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            written = " ".join(words[start:end])
            if any(ch.isdigit() for ch in written) and _spans_other_than_frequency(written):
                suggested = " ".join([*words[:start], rng.text, *words[end:]])
                params = {"parameter": parameter, "written": written, "range": rng.text, "suggested": suggested}
                return [Issue("capability.range_in_parameter", field, rng.text, params)]
    return []


def _spans_other_than_frequency(text: str) -> bool:
    try:
        rng = parse_range(text)
    except DomainError:
        return False
    return rng.min < rng.max and rng.quantity != "frequency"


def _reads(issues: list[Issue]) -> bool:
    return not any(not i.warning for i in issues)

