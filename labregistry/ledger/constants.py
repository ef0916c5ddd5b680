"""One value for a whole ledger, for a field it has no column for (``import-excel --set``).

Institutes leave out of their ledgers what is the same on every row: a district legal
metrology institute's standards are all public ones, so its ledger has no 计量标准类别
column; a list of verifiers' certificates has no credential type column. Such a field
gets one value for the whole ledger:

* given by the user (``--set grade=社会公用计量标准``; the field by its name, its label or
  a header spelling; the value checked here, before any row is read);
* remembered with the layout's mapping from the last import (:mod:`labregistry.services.ledger`);
* or inferred from the own institute (:func:`infer`): a legal metrology institute's
  standards are public ones, with a note in the report saying so.

:func:`likely` is the answer the wizard preselects when it asks. The value is given to
every record (:func:`fill`) after the rows are grouped, as if each row had held it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from labregistry import i18n
from labregistry.domain.dates import parse_date
from labregistry.domain.text import clean, normalise
from labregistry.errors import DomainError
from labregistry.ledger.fields import FieldSpec, KindSpec
from labregistry.ledger.grouping import Grouping
from labregistry.ledger.layout import ColumnMapping, Constant
from labregistry.xlsx.refs import column_letter


def parse_set_arg(text: str) -> tuple[str, str]:
    """``"grade=社会公用计量标准"`` -> ``("grade", "社会公用计量标准")``; DomainError otherwise."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise DomainError("ledger.set.bad_arg", text=text)
    return name.strip(), value.strip()


def constant_for(spec: KindSpec, name: str, text: str, source: str = "user") -> tuple[str, Constant]:
    """The field ``name`` means and its checked value; DomainError naming the rule broken."""
    from labregistry.ledger.layout import unknown_field

    key = spec.resolve_field(name)
    if key is None:
        raise unknown_field(spec, name)
    f = spec.field(key)
    params: dict[str, Any] = {"field": key, "label": f.zh, "label_en": f.en}
    if spec.identifies(key):
        raise DomainError("ledger.set.key_field", **params)
    value = clean(text)
    if value is None:
        raise DomainError("ledger.set.bad_arg", text=f"{name}=")
    return key, Constant(_checked(f, value, params), value, source)


def _checked(f: FieldSpec, value: str, params: dict[str, Any]) -> Any:
    """The value as the record's input takes it: a choice's key, a date, the text."""
    if f.choices is not None:
        parsed = f.choices.parse(value)
        if parsed is None:
            raise DomainError("ledger.set.bad_choice", value=value, choices="、".join(label.zh for label in f.choices.labels()),
                              choices_en=", ".join(label.en for label in f.choices.labels()), **params)
        return parsed
    if f.type == "date":
        try:
            return parse_date(value, f.key)
        except DomainError as err:
            raise DomainError("ledger.set.bad_value", value=value, reason=err.render("zh"),
                              reason_en=err.render("en"), **params) from None
    if f.max_length is not None and len(value) > f.max_length:
        raise DomainError("ledger.set.too_long", length=len(value), limit=f.max_length, **params)
    return value


def apply_sets(spec: KindSpec, mapping: ColumnMapping, sets: Iterable[tuple[str, str]], source: str = "user") -> None:
    """Give each ``(field, value)`` to the whole ledger; refused for a field that has a column."""
    for name, text in sets:
        key, constant = constant_for(spec, name, text, source)
        column = mapping.column_of(key)
        if column is not None:
            f = spec.field(key)
            raise DomainError("ledger.set.has_column", field=key, column=column_letter(column),
                              header=(mapping.header_of(column) or "").replace("\n", " "), label=f.zh,
                              label_en=f.en)
        mapping.constants[key] = constant


def infer(spec: KindSpec, mapping: ColumnMapping, institute_kind: str | None) -> None:
    """What the own institute implies for a required field without a column or a value.

    A legal metrology institute (法定计量检定机构) keeps public standards (社会公用计量
    标准): a district institute's ledger rarely has the column at all. Never against what the
    form's own headers say (:func:`grade_named`: a 企事业最高计量标准器具 table): then asked.
    """
    if (spec.name == "standards" and institute_kind == "legal" and "grade" in mapping.missing_required(spec)
            and grade_named(mapping) in (None, "public")):
        mapping.constants["grade"] = Constant("public", "社会公用计量标准", "inferred", "ledger.set.public_for_legal")


#: Words of a form's own headings (or its sheet's name) that name its standards' grade: the
#: Hubei 企事业最高计量标准器具汇总表 heads its name column 企事业最高计量标准器具名称.
_GRADE_WORDS = (("企事业最高", "enterprise"), ("企事业单位最高", "enterprise"), ("企业最高", "enterprise"),
                ("部门最高", "department"), ("社会公用", "public"))


def grade_named(mapping: ColumnMapping) -> str | None:
    """The grade the ledger's own words name (its headers, its sheet's name), when they name
    exactly one; None otherwise."""
    texts = [normalise(t) for t in (mapping.sheet, *mapping.headers.values()) if t]
    found = {grade for text in texts for word, grade in _GRADE_WORDS if word in text}
    return found.pop() if len(found) == 1 else None


def likely(spec: KindSpec, key: str, institute_kind: str | None, mapping: ColumnMapping | None = None) -> str | None:
    """The answer the wizard preselects for a field without a column (a choice's key), if any:
    a standard's grade as the form's own headers name it (:func:`grade_named`: it preselected
    社会公用 for a 企事业最高计量标准器具 form), else as the own institute implies."""
    f = spec.field(key)
    if f.choices is None:
        return None
    if key == "grade":
        named = grade_named(mapping) if mapping is not None else None
        return named or ("enterprise" if institute_kind == "enterprise" else "public")
    if key == "form":
        return "legal_verification" if institute_kind == "legal" else "special"
    if key == "credentials.kind":
        return "registered_2"
    return next(iter(f.choices), None)


def fill(spec: KindSpec, grouping: Grouping, mapping: ColumnMapping) -> None:
    """Give every record (and every item of a list field) the ledger's constant values."""
    if not mapping.constants:
        return
    for key, constant in mapping.constants.items():
        if mapping.column_of(key) is not None:
            continue
        list_name = spec.field(key).list_name
        attr = spec.field(key).attr
        for rec in grouping.records:
            if list_name is None:
                rec.values[key] = constant.value
                rec.value_rows.setdefault(key, rec.first_row)
            else:
                for child in rec.children.get(list_name, []):
                    child.values[attr] = constant.value


def shown(spec: KindSpec, key: str, constant: Constant) -> str | i18n.Label:
    """The value as the user reads it: a choice's label (in the language it is shown in)."""
    f = spec.field(key)
    if f.choices is not None and constant.value in f.choices:
        return i18n.Label(*f.choices[str(constant.value)])
    if hasattr(constant.value, "isoformat"):
        return str(constant.value.isoformat())
    return constant.text


def describe(spec: KindSpec, mapping: ColumnMapping) -> list[dict[str, Any]]:
    """The constants as the report, the JSON and the summary show them: the label, the value,
    where it came from and the note are rendered by the caller (:func:`i18n.render_all`), in
    the user's language or the report's."""
    out = []
    for key, constant in mapping.constants.items():
        f = spec.field(key)
        note = i18n.Message.of(constant.reason) if constant.reason else None
        out.append({"field": key, "label": i18n.Label(f.zh, f.en), "value": shown(spec, key, constant),
                    "source": constant.source, "source_text": i18n.Message.of(f"ledger.set.source.{constant.source}"),
                    "note": note})
    return out
