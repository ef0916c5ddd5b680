"""A change of a record as a lab manager reads it: one description for the CLI and the app.

An audit entry keeps the whole record before and after a change, as stored (``records.history``):
derived columns (``accuracy_k``, ``range_min``, ``code_temporary``), choice keys
(``registered_2``), child rows as dicts. :func:`describe_changes` turns a pair of them into
what the record's form shows, from the field registry (:mod:`labregistry.domain.fields`):

* the fields of the form (those with an editor hint, in the form's order), named by their
  labels; a column the domain derives is no field of the form, and is left out;
* a choice as its label (grade, status, quantity, credential kind, instrument role ...);
* a number as labs write it (``2``, not ``2.0``; ``0.00002``, not ``2e-05``);
* lists item by item ("主标准器及配套设备第 2 项 · 出厂编号"); a row added or removed by a
  change as one line, named by its name; a record created or deleted with every field of
  every row that is set;
* the demo's entries (``demo/generator.py``), which hold a list's count or a person's
  credential kinds where a real entry holds the rows, as "3 项" and the kinds' labels;
  a merged bundle's, which hold the lists under their sheets' record types, as the form's.

The values are :class:`~labregistry.i18n.Renderable` or text the same in every language: the
edges render them (``Change.render``), the CLI's ``history`` as lines, the app's History tab
as rows. ``history --json`` keeps the raw snapshots: a script reads them.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labregistry import i18n
from labregistry.domain import fields as registry
from labregistry.domain.capabilities import is_standards_own_row
from labregistry.domain.fields import Family, Field, RecordType
from labregistry.domain.fields.comparisons import COMPARISONS
from labregistry.domain.fields.decisions import DECISIONS
from labregistry.domain.records import FIELD_LABELS, list_item_label

Value = str | i18n.Renderable

FAMILIES: Mapping[str, Family] = {
    "standard": registry.STANDARDS,
    "authorisation": registry.AUTHORISATIONS,
    "staff": registry.STAFF_FAMILY,
    # no form edits these (a pilot's results table makes a comparison, a dialog a decision):
    # a bundle brings them, and the import's preview describes them by their sheets' fields
    "comparison": COMPARISONS,
    "decision": DECISIONS,
}

#: Keys of the demo's standard entries (``demo/generator._audit_standard``) for the fields
#: of the form they hold: those entries are in databases already, so they are read as written.
ALIASES: Mapping[str, Mapping[str, str]] = {"standard": {"range": "range_text", "accuracy": "accuracy_text"}}

#: The figures the core derives from a range's text (its limits in the SI unit, the unit): no
#: field of a form, but a bundle carries them, so a record can change in them alone.
FIGURES = ("range_min", "range_max", "unit")

#: Between the parts of a value that is a list (a credential's items, a demo person's
#: credential kinds), in both languages: the form's cell joins its items the same way.
SEPARATOR = "；"


@dataclass(frozen=True)
class Change:
    """One field that differs: its label, and its value before and after ("" for none)."""

    label: i18n.Renderable
    before: Value
    after: Value

    def render(self, lang: str | None = None) -> tuple[str, str, str]:
        return (self.label.render(lang), i18n.rendered(self.before, lang), i18n.rendered(self.after, lang))

    def line(self, lang: str | None = None) -> str:
        """The change as the command line prints it: "测量范围：(0～60) MPa → (0～100) MPa"
        ("—" for no value), in the history as in the import's preview."""
        label, before, after = self.render(lang)
        colon = ": " if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else "："
        return f"{label}{colon}{before or '—'} → {after or '—'}"


@dataclass(frozen=True)
class Joined:
    """Several values shown as one (a credential's items): each rendered, then joined."""

    parts: tuple[Value, ...]

    def render(self, lang: str | None = None) -> str:
        return SEPARATOR.join(i18n.rendered(part, lang) for part in self.parts)


def describe_changes(
    kind: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[Change]:
    """The fields of the record's form that differ between two audit snapshots of a record
    of ``kind`` (``standard``, ``authorisation``, ``staff``), in the form's order, then its
    lists'. With one side None (a creation, a deletion): every field set on the other.

    When no field shown differs but the converted figures do (a peer's bundle with another
    ``上限(SI)``, a capability's unit), one line says so with the figures before and after:
    a change is never listed with nothing under it, in the import's preview or the history."""
    family = FAMILIES[kind]
    whole = before is None or after is None
    old, new = _read(kind, before), _read(kind, after)
    out = []
    for f in form_fields(family):
        a, b = shown(f, old.get(f.name)), shown(f, new.get(f.name))
        if a != b:
            out.append(Change(i18n.Label(*label_of(f)), a, b))
    for rt in family.lists:
        if rt.list_name is not None and columns(rt):
            out += _list_changes(rt, old.get(rt.list_name), new.get(rt.list_name), whole)
    if not out and not whole:
        out += _figure_changes(family, _shape(kind, before), _shape(kind, after))
    return out


def _figure_changes(family: Family, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The converted figures that differ, the record's then each row's (a capability's, named
    as the history names it: 测量能力第 2 项 · 换算值), ``0～60000000 Pa`` (the limits as labs
    write them, the SI unit); the row a standard's own range makes, when it says what the
    standard's figures say, not said twice; [] if none."""
    words = (i18n.tr("changes.figures", "zh"), i18n.tr("changes.figures", "en"))  # a field's label, in a row's too
    figures = i18n.Label(*words)
    out = []
    own = (_figures(old), _figures(new))
    if own[0] != own[1]:
        out.append(Change(figures, *own))
    for rt in family.lists:
        rows_a, rows_b = old.get(rt.list_name or ""), new.get(rt.list_name or "")
        if not (isinstance(rows_a, list) and isinstance(rows_b, list) and rt.list_label is not None):
            continue
        for n, (a, b) in enumerate(zip(rows_a, rows_b)):
            pair = (_figures(a), _figures(b))
            if pair[0] != pair[1] and not (len(rows_a) == 1 and pair == own):  # the standard's own row: said once
                out.append(Change(i18n.Label(*list_item_label(rt.list_label, n, words)), *pair))
    return out


def _figures(row: Any) -> str:
    if not isinstance(row, Mapping):
        return ""
    low, high, unit = (shown(None, row.get(name)) for name in FIGURES)
    if (low, high, unit) == ("", "", ""):
        return ""
    return f"{i18n.rendered(low)}～{i18n.rendered(high)} {i18n.rendered(unit)}".strip()


def kind_label(kind: str) -> i18n.Renderable:
    """A record's kind as the import's preview names it (``+ 计量标准 [2023]...``), in the CLI's
    ``import --dry-run`` and the app's wizard alike: the message ``changes.kind.<kind>``, one
    per family the merge knows (checked by tests/services/test_changes.py); a kind without
    one yet (a new family) as itself, never a KeyError."""
    code = f"changes.kind.{kind}"
    return i18n.Message.of(code) if i18n.known(code) else i18n.Label(kind, kind)


def form_fields(family: Family) -> list[Field]:
    """The record's fields its form shows, in the form's order (its groups'); for a record
    no form edits, its bundle sheet's fields with a label, in the sheet's order."""
    if not family.editor_groups:
        return list(_sheet_fields(family.record))
    return [f for _key, group in family.editor_group_fields() for f in group]


def columns(rt: RecordType) -> tuple[Field, ...]:
    """A list's columns as its table in the form shows them (else as its sheet does)."""
    return rt.editor_fields() or _sheet_fields(rt)


def _sheet_fields(rt: RecordType) -> tuple[Field, ...]:
    """The fields a bundle sheet carries that a person reads (not ids, links or positions)."""
    return tuple(f for f in rt if f.sheet is not None and f.label is not None and f.origin not in ("system", "link"))


def shown(f: Field | None, value: Any) -> Value:
    """A field's stored value as its form shows it: a choice as its label, a number as labs
    write it, a list of items (``[{"name": ...}]``) joined; "" for none."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return Joined(tuple(shown(None, v.get("name") if isinstance(v, Mapping) else v) for v in value))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return number(value)
    text = str(value)
    choices = _choices(f)
    if choices is not None and text in choices:
        return i18n.Label(*choices[text])
    return text


def number(value: int | float) -> str:
    """A number as labs write it: ``2`` for 2.0, ``0.00002`` for 2e-05 (never an exponent)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(decimal.Decimal(repr(value)), "f")
    return str(value)


def _choices(f: Field | None) -> Mapping[str, tuple[str, str]] | None:
    """The choices the form offers for ``f`` (the quantity's names for a standard's), if it is a choice."""
    if f is None:
        return None
    if f.editor is None:  # a field of a sheet no form shows: its declared choices, if any
        return f.choices if f.type == "choice" else None
    if (f.editor.widget or f.type) != "choice":
        return None
    return f.editor.choices or f.choices


def label_of(f: Field) -> tuple[str, str]:
    """A field's label (zh, en): its own, else the one messages give its name (an
    instrument's range is a "测量范围" as a standard's is)."""
    return f.label or FIELD_LABELS.get(f.name) or (f.name, f.name)


def _read(kind: str, snapshot: Mapping[str, Any] | None) -> dict[str, Any]:
    """A snapshot in the form's shape: the demo's keys read as the form's, a bundle's lists
    by their list names, and without the capability row a standard's own range and accuracy
    make (the form shows none: the core derives it)."""
    data = _shape(kind, snapshot)
    rows = data.get("capabilities")
    if kind == "standard" and isinstance(rows, list) and all(isinstance(r, Mapping) for r in rows) and (
            is_standards_own_row(rows, data.get("range_text"), data.get("accuracy_text"))):
        data["capabilities"] = []
    return data


def _shape(kind: str, snapshot: Mapping[str, Any] | None) -> dict[str, Any]:
    """A snapshot with the form's keys: the demo's read as the form's, a bundle's lists by their names."""
    data = dict(snapshot or {})
    for alias, name in ALIASES.get(kind, {}).items():
        if alias in data and name not in data:
            data[name] = data.pop(alias)
    _bundle_lists(FAMILIES[kind], data)
    return data


def _bundle_lists(family: Family, data: dict[str, Any]) -> None:
    """A merged bundle's entry (``exchange.merge.iter_audit_entries``) holds each list under
    its sheet's record type (``instrument``, ``credential``) and a credential's items as rows
    of their own (``credential_item``, linked by the credential's position): read them as the
    lists of the form, a credential's items in its row."""
    for rt in family.lists:
        if rt.list_name is not None and rt.name in data and rt.list_name not in data:
            data[rt.list_name] = data.pop(rt.name)
    items = data.pop(registry.CREDENTIAL_ITEM.name, None)
    if isinstance(items, list) and isinstance(data.get("credentials"), list):
        data["credentials"] = [
            {**row, "items": [i for i in items if isinstance(i, Mapping)
                              and str(i.get("credential_position")) == str(row.get("position"))]}
            if isinstance(row, Mapping) and "items" not in row else row
            for row in data["credentials"]
        ]


def _list_changes(rt: RecordType, before: Any, after: Any, whole: bool) -> list[Change]:
    """A list's changes item by item; a demo's count or list of kinds as one value."""
    assert rt.list_name is not None
    if not (_rows(before) and _rows(after)):
        a, b = _whole_list(rt, before), _whole_list(rt, after)
        return [Change(list_heading(rt), a, b)] if a != b else []
    old, new = before or [], after or []
    shown_columns = columns(rt)
    out: list[Change] = []
    for n in range(max(len(old), len(new))):
        a_row = old[n] if n < len(old) else None
        b_row = new[n] if n < len(new) else None
        if a_row is not None and b_row is not None or whole:
            for f in shown_columns:
                a = shown(f, a_row.get(f.name)) if a_row is not None else ""
                b = shown(f, b_row.get(f.name)) if b_row is not None else ""
                if a != b:
                    out.append(Change(_item_label(rt, n, f), a, b))
            continue
        out += _row_summary(rt, n, a_row, b_row, shown_columns)
    return out


def _row_summary(rt: RecordType, n: int, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                 columns: Sequence[Field]) -> list[Change]:
    """A row added or removed by a change: one line, its name (the first column that is not
    a choice: an instrument's name, a credential's number), else its first value set."""
    row = old if new is None else new
    assert row is not None
    names = [f for f in columns if _choices(f) is None] + [f for f in columns if _choices(f) is not None]
    for f in names:
        value = shown(f, row.get(f.name))
        if value != "":
            return [Change(_item_label(rt, n, f), value if new is None else "", value if old is None else "")]
    return []


def list_heading(rt: RecordType) -> i18n.Label:
    """A list as a whole, as its form's table is headed: the registry's label and English plural."""
    assert rt.list_label is not None
    return i18n.Label(rt.list_label[0], rt.list_plural or rt.list_label[1])


def _rows(value: Any) -> bool:
    """A list of rows as real entries hold them (or none): not the demo's count or kinds."""
    return value is None or isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _whole_list(rt: RecordType, value: Any) -> Value:
    """A list as one value: the demo's count ("3 项"), its kinds (the first column's labels:
    a credential's kind), or real rows by their names."""
    if value is None or value == [] or value == 0:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return i18n.Message.of("changes.count", n=value)
    if isinstance(value, list):
        first = columns(rt)[0]
        return Joined(tuple(_row_name(rt, v) if isinstance(v, Mapping) else shown(first, v) for v in value))
    return str(value)


def _row_name(rt: RecordType, row: Mapping[str, Any]) -> Value:
    """A row's name: the value of its first column set that is not a choice."""
    for f in columns(rt):
        value = shown(f, row.get(f.name))
        if _choices(f) is None and value != "":
            return value
    return ""


def _item_label(rt: RecordType, n: int, f: Field) -> i18n.Label:
    assert rt.list_label is not None
    return i18n.Label(*list_item_label(rt.list_label, n, label_of(f)))
