"""The shape of the field registry: a field, the places it appears, a record type, a family.

A :class:`Field` says once what a record's field is (name, type, length, whether it is
required, its default, its choices, its labels) and where it appears: a bundle sheet
column (:class:`SheetColumn`), a ledger column with the header spellings found in real
ledgers (:class:`LedgerColumn`), an editor widget (:class:`EditorHint`). A field without a
hint does not appear there (a person's phone has no sheet column: it never leaves the
institute). The views (bundle sheets, ledger kinds, editor specs, the rows a validated
record is stored as) are derived from these declarations by the modules that use them.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from labregistry.domain.choices import Choices

FieldType = Literal["text", "code", "choice", "date", "int", "float", "bool", "list"]

Origin = Literal["input", "derived", "system", "link", "check"]
"""Where a field's value comes from:

* ``input``: typed by the user (an attribute of the ``*Input`` and ``Validated*`` values);
* ``derived``: computed by the domain from an input (``range_min`` from ``range_text``);
* ``system``: set by the registry, not the user (``uid``, a list item's ``position``);
* ``link``: a bundle sheet's link to the parent record (``standard_uid``), not a column;
* ``check``: read from a ledger only to check another field (the discipline), never stored.
"""

Labels = tuple[str, str]


@dataclass(frozen=True)
class SheetColumn:
    """The field's column in a bundle sheet: its headers and width (the bytes of every bundle)."""

    zh: str
    en: str
    width: float | None = None


@dataclass(frozen=True)
class LedgerColumn:
    """The field's column in an Excel ledger: its template headers and the spellings found in real ledgers."""

    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    example: Any = None
    width: float = 14.0
    help_zh: str = ""
    help_en: str = ""


@dataclass(frozen=True)
class EditorHint:
    """How the record editor shows the field; the widget follows the field's type unless given."""

    width: int = 120  # as a table column
    # "person": a name from the own staff list or typed; "people": several such names
    widget: Literal["text", "multiline", "date", "choice", "person", "people"] | None = None
    choices: Mapping[str, tuple[str, str]] | None = None  # instead of the field's own (the quantity's names)
    editable: bool = False  # a choice that also accepts typed text
    optional: bool = False  # a choice that may stay empty


@dataclass(frozen=True)
class Field:
    """One field of a record type; see the module docstring."""

    name: str
    type: FieldType = "text"
    label: Labels | None = None  # (zh, en) in messages and the editor; None: none of its own
    max_length: int | None = None  # characters its column holds; None for Text or not text
    required: bool = False
    default: Any = None
    choices: Choices | None = None
    origin: Origin = "input"
    source: str | None = None  # attribute path of the value in the Validated record (default: name)
    derived_from: str | None = None  # the input field a derived column is computed from
    sheet: SheetColumn | None = None
    ledger: LedgerColumn | None = None
    editor: EditorHint | None = None

    @property
    def stored(self) -> bool:
        """A column of the record's table (a list cell is stored in the table of its items)."""
        return self.origin in ("input", "derived", "system") and self.type != "list"

    @property
    def nullable(self) -> bool:
        return not self.required and self.default is None


@dataclass(frozen=True)
class RecordType:
    """A kind of record and its table: its fields in the order of its bundle sheet."""

    name: str  # the table, and the bundle sheet's kind: "standard", "instrument"
    fields: tuple[Field, ...]
    sheet_name: str | None = None  # the bundle sheet ("计量标准 Standards")
    list_name: str | None = None  # as a list of the family's record ("instruments")
    list_label: Labels | None = None  # the list, in messages ("主标准器及配套设备")
    list_plural: str | None = None  # the whole list in English, where a change names it ("credentials")
    editor_order: tuple[str, ...] = ()  # the columns of the editor's table, by field name

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: field names must be distinct")

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field:
        """The field named ``name`` (KeyError if none): a lookup, since validation asks for the
        written-out choices' declarations on every record it checks."""
        return self._by_name[name]

    @property
    def parent_link(self) -> str | None:
        """The sheet column linking a row to its parent record (``standard_uid``), if any."""
        return next((f.name for f in self.fields if f.origin == "link"), None)

    @property
    def inputs(self) -> tuple[Field, ...]:
        """The fields a user types: the attributes of the record's ``*Input`` value."""
        return tuple(f for f in self.fields if f.origin == "input")

    def stored_row(self, validated: Any) -> dict[str, Any]:
        """The columns a validated record sets (not ids, positions or children)."""
        cls = type(validated)
        getters = self._getters.get(cls)
        if getters is None:
            getters = self._getters[cls] = self._getters_of(cls)
        return {name: get(validated) for name, get in getters}

    @cached_property
    def _getters(self) -> dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]]:
        """``(column, getter)`` of the stored fields by validated class, made once: a ledger
        import stores 10^5 records."""
        return {}

    def _getters_of(self, cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
        """A field the ``Validated*`` dataclass has no attribute for is a plain field, whose
        value is in its ``extra`` mapping (``domain.records.plain_fields``)."""
        own = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else None
        return tuple(
            (f.name, _extra_getter(f.name) if f.source is None and own is not None and f.name not in own
             else _getter(f.source or f.name))
            for f in self.fields if f.stored and f.origin != "system"
        )

    def editor_fields(self) -> tuple[Field, ...]:
        """The editor's table columns: ``editor_order``, then any other field with a hint."""
        placed = tuple(self.field(name) for name in self.editor_order)
        return (*placed, *(f for f in self.fields if f.editor is not None and f.name not in self.editor_order))


#: The editor group of a record's fields that never leave the institute (a person's phone and
#: ID number): no field of it has a bundle sheet column, and an unplaced field never goes in it.
PRIVATE_GROUP = "private"


@dataclass(frozen=True)
class Family:
    """A record with its lists (a standard with its instruments and services): one ledger, one editor."""

    name: str  # "standards", as in ledgers and the list pages
    record: RecordType
    lists: tuple[RecordType, ...] = ()  # in bundle sheet order; an item's own list has no list_name
    ledger_order: tuple[str, ...] = ()  # "certificate_no", "instruments.name" ...
    editor_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group key, field names)

    @property
    def record_types(self) -> tuple[RecordType, ...]:
        return (self.record, *self.lists)

    def list_type(self, list_name: str) -> RecordType:
        for rt in self.lists:
            if rt.list_name == list_name:
                return rt
        raise KeyError(list_name)

    def ledger_fields(self) -> tuple[tuple[str, Field], ...]:
        """``(ledger key, field)`` in ledger order; a field with a ledger column not placed goes last."""
        keyed = [(f.name, f) for f in self.record if f.ledger is not None]
        for rt in self.lists:
            if rt.list_name is not None:
                keyed += [(f"{rt.list_name}.{f.name}", f) for f in rt if f.ledger is not None]
        by_key = dict(keyed)
        unknown = [k for k in self.ledger_order if k not in by_key]
        if unknown:
            raise ValueError(f"{self.name}: ledger_order names fields without a ledger column: {unknown}")
        rest = [k for k, _f in keyed if k not in self.ledger_order]
        return tuple((k, by_key[k]) for k in (*self.ledger_order, *rest))

    def editor_group_fields(self) -> tuple[tuple[str, tuple[Field, ...]], ...]:
        """``(group key, fields)``; a field with an editor hint not placed goes into the last
        group that is not :data:`PRIVATE_GROUP` (whose heading says its fields never leave the
        institute; a plain field may well be exported): a standard's notes, a person's status."""
        placed = {name for _g, names in self.editor_groups for name in names}
        rest = tuple(f for f in self.record if f.editor is not None and f.name not in placed)
        general = [i for i, (key, _names) in enumerate(self.editor_groups) if key != PRIVATE_GROUP]
        last = general[-1] if general else -1
        return tuple((key, tuple(self.record.field(n) for n in names) + (rest if i == last else ()))
                     for i, (key, names) in enumerate(self.editor_groups))


def _extra_getter(name: str) -> Callable[[Any], Any]:
    """``validated -> validated.extra.get(name)``: a plain field's value, None when not given."""

    def get(validated: Any) -> Any:
        return validated.extra.get(name)

    return get


def _getter(path: str) -> Callable[[Any], Any]:
    """``validated -> value`` at an attribute path; None when a step on the way is None (no range)."""
    if "." not in path:
        return operator.attrgetter(path)
    parts = path.split(".")

    def get(validated: Any) -> Any:
        value = validated
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
        return value

    return get
