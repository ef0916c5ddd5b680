"""Errors a user can fix, each with a stable code, the place and the offending value.

A :class:`Issue` says what is wrong with one value; a :class:`DomainError` carries
one or more issues, or a plain message code. Both render in Chinese and English
through :mod:`labregistry.i18n`, so the CLI's ``error:`` line and the UI's inline
messages say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from labregistry import i18n


@dataclass(frozen=True)
class Place:
    """Where a value came from: a file, a sheet, a row, a column (all optional)."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def render(self, lang: str | None = None) -> str:
        parts = []
        if self.file:
            parts.append(i18n.tr("place.file", lang, file=self.file))
        if self.sheet:
            parts.append(i18n.tr("place.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(i18n.tr("place.row", lang, row=self.row))
        if self.column:
            parts.append(i18n.tr("place.column", lang, column=self.column))
        return ", ".join(parts)


@dataclass(frozen=True)
class Issue:
    """One validation failure: message ``code``, the ``field`` and the offending ``value``.

    ``params`` fill the message template (e.g. the expected format); ``place`` locates
    the value in a file when it came from one.
    """

    code: str
    field: str
    value: Any = None
    params: dict[str, Any] = dc_field(default_factory=dict)
    place: Place | None = None
    warning: bool = False

    def message(self, lang: str | None = None) -> str:
        """The reason alone, e.g. '统一社会信用代码校验位错误，应为 X'."""
        # the issue's own params win: a message may show a cleaned-up value, for instance
        params = {"field": field_label(self.field, lang), "value": self.value, **self.params}
        return i18n.tr(self.code, lang, **params)

    def render(self, lang: str | None = None) -> str:
        """Field, value and reason, prefixed by the place when known."""
        label = field_label(self.field, lang)
        text = f"{label} ({self.field}) = {self.value!r}: {self.message(lang)}"
        if self.place is not None:
            where = self.place.render(lang)
            if where:
                text = f"{where}: {text}"
        return text

    @property
    def reason(self) -> Reason:
        """The reason alone (:meth:`message`) as a value the edges render."""
        return Reason(self)

    def at(self, place: Place) -> Issue:
        return Issue(self.code, self.field, self.value, dict(self.params), place, self.warning)


@dataclass(frozen=True)
class Reason:
    """An issue's reason without its field and value, rendered by the edges (for a list of
    warnings whose rows already name the record)."""

    issue: Issue

    def render(self, lang: str | None = None) -> str:
        return self.issue.message(lang)


class DomainError(Exception):
    """A refusal the user can act on. Carries issues, or a message code with params."""

    def __init__(self, code: str, issues: list[Issue] | None = None, **params: Any) -> None:
        self.code = code
        self.issues = list(issues or [])
        self.params = params
        super().__init__(self.render("en"))

    @classmethod
    def from_issues(cls, issues: list[Issue]) -> DomainError:
        return cls("validation.failed", issues)

    def render(self, lang: str | None = None) -> str:
        """One line: the first issue in full, then how many more there are."""
        if self.issues:
            errors = [i for i in self.issues if not i.warning] or self.issues
            head = errors[0].render(lang)
            if len(errors) > 1:
                head += i18n.tr("validation.more", lang, n=len(errors) - 1)
            return head
        return i18n.tr(self.code, lang, **self.params)


_FIELD_LABELS: dict[str, tuple[str, str]] = {}


def register_fields(labels: dict[str, tuple[str, str]]) -> None:
    """Register human labels ``{field: (zh, en)}`` used when rendering issues."""
    _FIELD_LABELS.update(labels)


def field_label(name: str, lang: str | None = None) -> str:
    labels = _FIELD_LABELS.get(name)
    if labels is None:
        return name
    return labels[1] if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else labels[0]
