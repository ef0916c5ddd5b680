"""What each kind of ledger holds: its fields, their header spellings, and how rows become input.

A ledger field is a key such as ``"certificate_no"`` (a field of the record itself) or
``"instruments.name"`` (a field of a list item: instruments of a standard, items of an
authorisation, credentials of a person). List items live on *continuation rows*: one
standard with three instruments takes three rows, its own cells merged or left empty
below the first.

The fields, their headers and spellings are the field registry's
(:mod:`labregistry.domain.fields`): a field with a ledger column is a ledger field, in
its family's ledger order. Header synonyms are the spellings found in real ledgers (计量标准台账, 授权项目表,
人员台账) in Chinese and English; a header cell is compared after
:func:`header_keys` folded it (full-width to half-width, spaces, ``*`` marks, a trailing
colon and bracketed remarks removed). Each field's own Chinese and English labels are
synonyms too, so the headers of :mod:`.template` are always recognised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.domain import choices
from labregistry.domain import fields as field_registry
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.fields import Family, Field, RecordType
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CapabilityInput,
    Choices,
    CredentialInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
    make_input,
)
from labregistry.domain.text import clean, is_blank, normalise
from labregistry.errors import Issue

KIND_NAMES = ("standards", "authorisations", "staff")


# --------------------------------------------------------------------------------------
# Header folding
# --------------------------------------------------------------------------------------

_MARKS = re.compile(r"[*＊※★☆]")
_BRACKETED = re.compile(r"[(\[【{][^()\[\]【】{}]*[)\]】}]")
_EDGE_PUNCT = " .:：;；,，、-_—~"


def fold_header(text: str) -> str:
    """The comparable form of a header text: half-width, lower case, no spaces or marks."""
    s = normalise(text).lower()
    s = _MARKS.sub("", s)
    s = "".join(s.split())
    return s.strip(_EDGE_PUNCT)


def header_keys(text: object) -> list[str]:
    """Folded spellings of one header cell: whole, each line, and without bracketed remarks.

    ``"证书编号 *\\nCertificate No."`` -> ``["证书编号certificateno", "证书编号", "certificateno"]``;
    ``"测量范围（单位）"`` -> ``["测量范围(单位)", "测量范围"]``.
    """
    if is_blank(text) or not isinstance(text, str):
        return []
    lines = [text, *text.splitlines()] if "\n" in text.strip() else [text]
    out: list[str] = []
    for line in lines:
        for variant in (line, _BRACKETED.sub("", normalise(line))):
            key = fold_header(variant)
            if key and key not in out:
                out.append(key)
    return out


# --------------------------------------------------------------------------------------
# Field and kind specifications
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One column a ledger of a kind may have."""

    key: str  # "certificate_no" or "instruments.name"
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    type: str = "text"  # text | date | choice | code | list
    choices: Choices | None = None
    example: Any = None
    width: float = 14.0
    help_zh: str = ""
    help_en: str = ""
    max_length: int | None = None
    item_required: bool = False  # a list item's field every item needs (an instrument's name)

    @property
    def list_name(self) -> str | None:
        """``"instruments"`` for ``"instruments.name"``; None for a field of the record itself."""
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def attr(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    @property
    def label(self) -> i18n.Label:
        """The field's name in both languages, shown in the reader's."""
        return i18n.Label(self.zh, self.en)

    def all_spellings(self) -> tuple[str, ...]:
        return (self.zh, self.en, *self.synonyms)


@dataclass(frozen=True)
class KindSpec:
    """A kind of ledger: its fields, the field that identifies a record, and the list fields."""

    name: str  # standards / authorisations / staff
    entity: str  # standard / authorisation / staff (audit trail, services.records)
    sheet_title: str  # the template's data sheet
    key_field: str  # the field whose cell starts a new record (certificate_no / name)
    fields: tuple[FieldSpec, ...]
    #: ledger field -> database columns it sets on the record (what an update may change)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: fields the domain needs whatever the layout (their columns are always compared)
    always_owned: tuple[str, ...] = ()

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    @property
    def record_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.list_name is None)

    @property
    def list_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for f in self.fields:
            if f.list_name and f.list_name not in names:
                names.append(f.list_name)
        return tuple(names)

    def list_fields(self, list_name: str) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.list_name == list_name)

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)

    def identifies(self, key: str) -> bool:
        """Whether the field tells records or list items apart (it cannot be one value for a ledger)."""
        return key == self.key_field or (self.field(key).list_name is not None and
                                         self.field(key).attr in ("name", "certificate_no"))

    @property
    def label(self) -> i18n.Message:
        """计量标准, standards ...: the kind of ledger, rendered by its reader."""
        return i18n.Message.of(f"ledger.kind.{self.name}")

    def resolve_field(self, text: str) -> str | None:
        """A field key from its key, its label in either language, or a header synonym."""
        wanted = text.strip()
        if self.has(wanted):
            return wanted
        folded = fold_header(wanted)
        for f in self.fields:
            if folded in (fold_header(f.key), fold_header(f.zh), fold_header(f.en)):
                return f.key
        for f in self.fields:
            if folded in (fold_header(s) for s in f.synonyms):
                return f.key
        return None


_LEDGER_TYPES = {"text": "text", "code": "code", "choice": "choice", "date": "date", "list": "list"}


def _choices_help(choices: Choices) -> tuple[str, str]:
    return "、".join(label.zh for label in choices.labels()), ", ".join(label.en for label in choices.labels())


def ledger_field(key: str, f: Field, *, in_list: bool) -> FieldSpec:
    """The ledger column of a registry field; a choice's help lists the choices."""
    col = f.ledger
    if col is None:
        raise ValueError(f"{key} has no ledger column")
    help_zh, help_en = col.help_zh, col.help_en
    if f.choices is not None:
        zh_list, en_list = _choices_help(f.choices)
        help_zh = (help_zh + "从下拉列表选择：" + zh_list).strip()
        help_en = (help_en + " One of: " + en_list).strip()
    return FieldSpec(
        key, col.zh, col.en, col.synonyms, required=f.required and not in_list, type=_LEDGER_TYPES.get(f.type, "text"),
        choices=f.choices, example=col.example, width=col.width, help_zh=help_zh, help_en=help_en,
        max_length=f.max_length, item_required=f.required and in_list,
    )


def ledger_fields(family: Family) -> tuple[FieldSpec, ...]:
    """A family's ledger columns, in ledger order (a list item's field is ``"instruments.name"``).

    Only the record's own fields are required: a ledger row may hold a record without items.
    """
    return tuple(ledger_field(key, f, in_list="." in key) for key, f in family.ledger_fields())


def ledger_columns(family: Family) -> dict[str, tuple[str, ...]]:
    """``{ledger field: database columns it sets}``: its own column and those derived from it."""
    record = family.record
    out: dict[str, tuple[str, ...]] = {}
    for f in record:
        if f.ledger is None:
            continue
        columns = tuple(
            g.name for g in record
            if g.stored and ((g.name == f.name and g.derived_from is None) or g.derived_from == f.name)
        )
        if columns:
            out[f.name] = columns
    return out


def kind_from_registry(family: Family, *, entity: str, sheet_title: str, key_field: str) -> KindSpec:
    """A ledger kind over a family of the field registry; the fields a record needs are always owned."""
    return KindSpec(
        name=family.name,
        entity=entity,
        sheet_title=sheet_title,
        key_field=key_field,
        fields=ledger_fields(family),
        columns=ledger_columns(family),
        always_owned=tuple(f.name for f in family.record if f.required and f.ledger is not None),
    )


DISCIPLINE_CHOICES = choices.DISCIPLINE_CHOICES

STANDARDS = kind_from_registry(
    field_registry.STANDARDS, entity="standard", sheet_title="计量标准台账", key_field="certificate_no"
)
AUTHORISATIONS = kind_from_registry(
    field_registry.AUTHORISATIONS, entity="authorisation", sheet_title="计量授权台账", key_field="certificate_no"
)
STAFF = kind_from_registry(field_registry.STAFF_FAMILY, entity="staff", sheet_title="人员台账", key_field="name")

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (STANDARDS, AUTHORISATIONS, STAFF)}

#: A list item's required field that another column may stand in for: a registered
#: metrologist's level (二级) gives the credential's kind.
IMPLIED_BY = {"credentials.kind": "credentials.level"}

#: Headers that are recognised as belonging to a header row, though nothing is imported from them.
IGNORED_HEADERS = frozenset(fold_header(t) for t in ("序号", "序", "编号序号", "no", "no.", "#", "seq", "序列"))

#: Columns of published forms the registry has no field for (docs/ledger-headers.md). They are
#: never matched to a field: a spelling they contain would mistake them (末次检定或校准日期 for
#: 检定/校准, 首次取证日期 for the current certificate's date, 配套设备名称型号 for a model).
NOT_READ_HEADERS = frozenset(fold_header(t) for t in (
    "检定周期或复校间隔", "末次检定或校准日期", "配套设备名称型号", "首次取证日期",
))


#: A standard's own cells that are also each row's capability (``capabilities.range_text`` ...):
#: on a continuation row they give another parameter's range and accuracy, never a conflict
#: with the standard's own (:mod:`labregistry.ledger.capability_cells`).
CAPABILITY_CELLS = ("range_text", "accuracy_text", "quantity")


def kind_spec(name: str) -> KindSpec:
    return KINDS[name]


# --------------------------------------------------------------------------------------
# Rows -> domain input
# --------------------------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"[、,，;；/\n]+")


def split_items(value: object) -> list[str]:
    """``"压力表、数字压力计; 砝码"`` -> ``["压力表", "数字压力计", "砝码"]``."""
    text = clean(value)
    if text is None:
        return []
    return [part.strip() for part in _ITEM_SPLIT.split(text) if part.strip()]


def build_input(spec: KindSpec, values: Mapping[str, Any], children: Mapping[str, list[dict[str, Any]]]) -> Any:
    """The domain ``*Input`` for one ledger record; unmapped fields keep the input's defaults.

    A check column (the discipline) is no input: it is checked apart (:func:`discipline_issues`).
    """
    family = field_registry.BY_FAMILY[spec.name]
    own = _inputs(family.record, values)
    lists = {rt.list_name: [_inputs(rt, c) for c in children.get(rt.list_name, [])]
             for rt in family.lists if rt.list_name}
    if spec.name == "standards":
        return make_input(StandardInput, {
            **own,
            "instruments": [make_input(InstrumentInput, c) for c in lists["instruments"]],
            "services": [make_input(ServiceInput, c) for c in lists["services"]],
            "capabilities": [make_input(CapabilityInput, c) for c in lists.get("capabilities", [])],
        })
    if spec.name == "authorisations":
        return make_input(AuthorisationInput, {**own, "items": [make_input(AuthorisedItemInput, c) for c in lists["items"]]})
    creds = []
    for raw, c in zip(children.get("credentials", []), lists["credentials"], strict=True):
        if "items" in c:
            c["items"] = split_items(c["items"])
        c["kind"] = credential_kind(c.get("kind"), raw.get("level"))
        creds.append(make_input(CredentialInput, c))
    return make_input(StaffInput, {**own, "credentials": creds})


def _inputs(record: RecordType, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that are inputs of the record: a check column (the discipline, a level) is not."""
    checks = {f.name for f in record if f.origin == "check"}
    return {k: v for k, v in values.items() if k not in checks}


def credential_kind(kind: object, level: object) -> object:
    """The credential's kind, or the one its registration level implies (二级 -> 二级注册计量师)
    when the ledger has no kind or only says 注册计量师 without the level."""
    if choices.CREDENTIAL_KINDS.parse(clean(kind)) is not None:
        return kind
    implied = choices.LEVELS.parse(clean(level))
    return implied if implied is not None else kind


def discipline_issues(value: object, code: str | None) -> list[Issue]:
    """Warnings when the optional discipline column is unknown or disagrees with the code."""
    text = clean(value)
    if text is None:
        return []
    key = DISCIPLINE_CHOICES.parse(text)
    if key is None:
        m = re.match(r"^\s*(\d{2})", normalise(text))
        key = m.group(1) if m and m.group(1) in DISCIPLINES else None
    if key is None:
        choices = "、".join(f"{c} {zh}" for c, (zh, _en) in DISCIPLINES.items())
        return [Issue("ledger.discipline_unknown", "discipline", text, {"choices": choices}, warning=True)]
    if code and code[:2] != key:
        zh, en = DISCIPLINES.get(code[:2], ("?", "?"))
        params = {"code": code, "discipline": code[:2], "discipline_zh": zh, "discipline_en": en}
        return [Issue("ledger.discipline_mismatch", "discipline", text, params, warning=True)]
    return []
