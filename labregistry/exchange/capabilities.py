"""A bundle's capability rows (format 3): checked as the domain reads them, stored with what it derives.

A peer's signature says who sent a row, not that its figures are right. The sheet carries
each row as typed (parameter, range text, accuracy text, conditions) with its range in SI
units (quantity, lower and upper limit, unit), as the standards sheet carries a standard's.
The receiver reads the range and the accuracy text again with the domain's own code
(:func:`~labregistry.domain.quantities.parse_range`,
:func:`~labregistry.domain.accuracy.parse_accuracy`) and refuses, naming sheet, row, column
and rule (:func:`capability_problem`):

* a row whose range or accuracy text does not read (``bundle.capability_unreadable``);
* a row whose range breaks a rule the editor, ``add-standard`` and ledgers apply: a frequency
  after the range's unit ('(0~750)V 1kHz', ``range.second_amount``) or a parameter holding the
  range while the range is one frequency (``capability.range_in_parameter``): refused by the
  rule's words as a record to correct (``bundle.record_rule``), not as unreadable;
* a row whose SI values are not what its range text reads as (``bundle.capability_derived``):
  the values stored are the ones signed and shown, and they follow from the text;
* rows of a standard not numbered 0, 1, 2 ... in order: a repeated or misplaced row
  (``bundle.capability_position``).

An accuracy text that versions before the class rules of 2026-12-08 read as a class
(``accuracy.EARLIER_READ``: "0.05级或0.1级", "0.0_5级") is not refused: the peer's record
says it, and refusing it refused the peer's whole bundle. The row is stored with the text as
sent, not comparable, and the receiver told where (:data:`KEPT`: file, sheet, row, column).

A standard's range and its code's discipline (``domain.codes.DISCIPLINE_QUANTITIES``) are
not judged here: that rule is a judgement applied to what is entered, and a peer's signed
record is the peer's (review 9; docs/standard-codes.md).

The accuracy's derived figures and its error terms (docs/comparison.md) never travel: the
receiver derives them from the text (:func:`stored_rows`), so a peer cannot make a row look
better in search than its recorded accuracy says.

A standard with no row on the sheet (every standard of a bundle of format 2 or before) gets
one from its own range and accuracy, as the standard itself stores them
(:func:`with_own_rows`): the rows compared with the stored ones and written are the same
whichever version sent them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from labregistry.crypto.jsonform import Detail
from labregistry.domain.accuracy import EARLIER_READ, parse_accuracy
from labregistry.domain.capabilities import range_in_parameter, row_from_standard
from labregistry.domain.quantities import parse_range
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.xlsx.canonical import canonical_cell

SHEET = schema.CAPABILITIES
KEYS = SHEET.keys
_AT = {key: i for i, key in enumerate(KEYS)}
_SI = ("quantity", "range_min", "range_max", "unit")  # what the range text reads as, in sheet order
DERIVED = ("accuracy_kind", "accuracy_value", "accuracy_relative", "accuracy_k", "accuracy_class",
           "accuracy_basis", "error_constant", "error_of_reading", "error_of_span")
"""The stored columns a row's accuracy text gives (not on the sheet)."""
STORED = (*KEYS[1:], *DERIVED)
"""The capability table's columns a bundle row is stored in (besides ``standard_id``)."""

Problem = tuple[str, dict[str, Any]]


def capability_problem(rows: Sequence[Sequence[Any]], kept: list[Problem] | None = None) -> Problem | None:
    """The first row of the capability sheet the receiver refuses: (message code, params);
    the rows before it taken as written (code :data:`KEPT`) appended to ``kept``.

    The rows have passed the value checks (a range and an accuracy text in every row,
    positions that are integers)."""
    numbered: dict[Any, int] = {}
    for i, row in enumerate(rows):
        expected = numbered.get(row[0], 0)
        if row[_AT["position"]] != expected:
            return _at(i, "position", "bundle.capability_position", position=row[_AT["position"]],
                       expected=expected, uid=row[0])
        numbered[row[0]] = expected + 1
        problem = _row_problem(i, row)
        if problem is not None and problem[0] == KEPT:
            if kept is not None:
                kept.append(problem)
        elif problem is not None:
            return problem
    return None


KEPT = "bundle.accuracy_kept"
"""The code of a row taken as written, with the text as ``value`` and the rule's reason as
``detail``: an accuracy text the class rules refuse now but versions before them read
(``accuracy.EARLIER_READ``), stored as sent, not comparable, and said to the receiver
(:func:`capability_problem`'s ``kept``) and, by ``check``, to the sender (:func:`row_findings`)."""


def row_findings(rows: Sequence[Sequence[Any]]) -> Iterator[tuple[int, Problem]]:
    """Every row the receiver would refuse for its own text or figures, or take as written
    (code :data:`KEPT`), by index, in one reading: what a sender's ``check`` lists (rows saved
    before a rule was tightened), the bundle refused at its first refusal (:func:`capability_problem`)."""
    for i, row in enumerate(rows):
        problem = _row_problem(i, row)
        if problem is not None:
            yield i, problem


#: Range texts that read, but break a rule the editor, ``add-standard`` and ledgers apply: a
#: frequency written after the range's unit ('(0~750)V 1kHz'). Refused by the rule's words
#: (``bundle.record_rule``), not as a text that "cannot be read" (the eighth trial).
_RULES = frozenset({"range.second_amount"})


def _row_problem(i: int, row: Sequence[Any]) -> Problem | None:
    text = row[_AT["range_text"]]
    try:
        rng = parse_range(text)
    except DomainError as exc:
        detail = _detail(exc)
        if detail.code in _RULES:
            return _at(i, "range_text", "bundle.record_rule", value=text, detail=detail)
        return _at(i, "range_text", "bundle.capability_unreadable", detail=detail)
    parameter = row[_AT["parameter"]]  # '交流电流 (0~20)A' with the range '50Hz'
    moved = range_in_parameter(parameter if isinstance(parameter, str) else None, rng, "range_text")
    if moved:
        return _at(i, "range_text", "bundle.record_rule", value=text, detail=Detail(moved[0].code, **moved[0].params))
    for key in _SI:
        derived = getattr(rng, "min" if key == "range_min" else "max" if key == "range_max" else key)
        sent = row[_AT[key]]
        if canonical_cell(sent) != canonical_cell(derived):
            return _at(i, key, "bundle.capability_derived", sent="" if sent is None else sent, derived=derived,
                       range=text)
    refusal = _accuracy_refusal(row[_AT["accuracy_text"]], rng)
    if refusal is None:
        return None
    if refusal.code in EARLIER_READ:
        return _at(i, "accuracy_text", KEPT, value=row[_AT["accuracy_text"]], detail=refusal)
    return _at(i, "accuracy_text", "bundle.capability_unreadable", detail=refusal)


def _accuracy_refusal(text: Any, rng: Any) -> Detail | None:
    """Why the accuracy ``text`` does not read over ``rng`` (None: it reads)."""
    try:
        parse_accuracy(text, rng)
    except DomainError as exc:
        return _detail(exc)
    return None


def _at(i: int, key: str, code: str, **params: Any) -> Problem:
    column = SHEET.spec.columns[_AT[key]].header
    return code, {"sheet": SHEET.spec.name, "row": i + 2, "column": column, **params}


def _detail(exc: DomainError) -> Detail:
    """The domain's reason, rendered in the language of the message that shows it."""
    if not exc.issues:
        return Detail(exc.code, **exc.params)
    issue = exc.issues[0]
    return Detail(issue.code, **{"field": issue.field, "value": issue.value, **issue.params})


def with_own_rows(rows: Mapping[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """Every data sheet of the current format, a sheet the bundle's version lacks empty, and
    on the capability sheet a row from its own range and accuracy for each standard without
    one (every standard of a bundle of format 2 or before)."""
    out = {s.spec.name: rows.get(s.spec.name, []) for s in schema.SHEETS}
    having = {row[0] for row in out[SHEET.spec.name]}
    keys = schema.STANDARDS.keys
    own = [_own_row(dict(zip(keys, row))) for row in out[schema.STANDARDS.spec.name] if row[0] not in having]
    if own:
        out[SHEET.spec.name] = [*out[SHEET.spec.name], *own]
    return out


def _own_row(standard: Mapping[str, Any]) -> list[Any]:
    """A standard's own range and accuracy as a capability sheet row (position 0, no parameter)."""
    known = standard.get("quantity") is not None  # else no SI values: as a row stored without rows
    values = {"standard_uid": standard["uid"], "position": 0, "range_text": standard["range_text"],
              "accuracy_text": standard["accuracy_text"],
              **({key: standard.get(key) for key in _SI} if known else {})}
    return [values.get(key) for key in KEYS]


def stored_rows(rows: Sequence[Sequence[Any]], parent_index: Mapping[str, int]) -> list[list[Any]]:
    """The capability table's rows (``standard_id`` as the index of the parent row, then
    :data:`STORED`) for the sheet rows of the standards in ``parent_index``: each as sent,
    with the accuracy's figures and error terms derived here from its text."""
    out = []
    for row in rows:
        index = parent_index.get(row[0])
        if index is not None:
            out.append([index, *(None if v == "" else v for v in row[1:]), *_derived(*(row[_AT[k]] for k in (*_SI, "range_text", "accuracy_text")))])
    return out


@lru_cache(maxsize=4096)
def _derived(quantity: Any, low: Any, high: Any, unit: Any, range_text: str, accuracy_text: str) -> tuple[Any, ...]:
    """The derived columns of an accuracy over a range (rows repeat these texts: read once)."""
    row = row_from_standard({"range_text": range_text, "quantity": quantity, "range_min": low, "range_max": high,
                             "unit": unit, "accuracy_text": accuracy_text})
    return tuple(row[key] for key in DERIVED)
