"""Canonical JSON, strict parsing of untrusted JSON documents, and how their faults read.

Canonical form (what every signature in :mod:`labregistry.exchange` covers):
``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` encoded as
UTF-8. Keys are sorted by Unicode code point (Python's ``str`` order). Only ``dict`` with
``str`` keys, ``list``/``tuple``, ``str``, ``int`` (64-bit signed), ``bool`` and ``None``
are allowed: floats are refused because their text form is not stable across programs
(use strings or integers of a stated unit instead).

Untrusted JSON (key cards, statements, the private key file) is read with
:func:`parse_object`: size cap, strict UTF-8, no duplicate keys, no floats, no NaN,
bounded nesting. A :class:`Reader` then checks the exact key set and each value's type,
and every fault becomes a :class:`FormatError` (a :class:`~labregistry.errors.DomainError`)
whose message names the field and what is wrong with it, in Chinese and English.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from labregistry import i18n
from labregistry.textrules import unsafe_character
from labregistry.errors import DomainError

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
MAX_DEPTH = 32


class Detail(i18n.Message):
    """A message code with params, rendered late in whatever language the error renders in.

    Used as a param of another message, e.g. ``card.malformed`` with ``problem=Detail(...)``:
    an :class:`i18n.Message` (``i18n.tr`` renders a message given as a parameter in the
    outer message's language), written with its params as keywords, equal by value and
    hashable by its code, as the checks that compare and collect problems use it.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"Detail({self.code!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Detail) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)


class FormatError(DomainError):
    """A :class:`DomainError` whose params may hold :class:`Detail` values.

    ``code`` is the document-level code (``card.malformed``, ``statement.malformed``,
    ``key.file_malformed``); ``params["field"]`` names the field, ``params["problem"]``
    says what is wrong with it.
    """

    @property
    def problem_code(self) -> str | None:
        problem = self.params.get("problem")
        return problem.code if isinstance(problem, Detail) else None


def fault(
    code: str, field: str, problem: str, *, context: Mapping[str, Any] | None = None, **params: Any
) -> FormatError:
    """``FormatError(code, field=field, problem=Detail(problem, **params), **context)``.

    ``context`` fills the document-level message, e.g. ``{"file": path}``.
    """
    return FormatError(
        code,
        **dict(context or {}),
        field=field or Detail("json.field.document"),
        problem=Detail(problem, **params),
    )


# ---------------------------------------------------------------- canonical JSON


def _check_canonical(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply for canonical JSON")
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError("string is not encodable as UTF-8 (lone surrogate)") from exc
        return
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise ValueError(f"integer {value} outside the 64-bit range of canonical JSON")
        return
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical JSON")
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_canonical(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"canonical JSON keys must be str, not {type(key).__name__}")
            _check_canonical(key, depth + 1)
            _check_canonical(item, depth + 1)
        return
    raise TypeError(f"{type(value).__name__} is not allowed in canonical JSON")


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value``; TypeError/ValueError for what it cannot hold."""
    _check_canonical(value)
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def pretty_json(value: Any) -> bytes:
    """A readable rendering for files people may open: the same content as the canonical
    form, keys in the order given (format and version first), indented. Not what is signed."""
    _check_canonical(value)
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


# ---------------------------------------------------------------- strict parsing


class _Refused(Exception):
    def __init__(self, problem: str, **params: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.params = params


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("json.duplicate_key", key=key)
        out[key] = value
    return out


def _no_number(text: str) -> Any:
    raise _Refused("json.number_not_allowed", text=text[:40])


def parse_object(
    data: bytes, *, code: str, limit: int, context: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Parse untrusted ``data`` as one JSON object, or raise ``FormatError(code, ...)``.

    A leading UTF-8 byte order mark is tolerated (Windows editors add one).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("parse_object takes bytes")

    def bad(problem: str, **params: Any) -> FormatError:
        return fault(code, "", problem, context=context, **params)

    data = bytes(data)
    if len(data) > limit:
        raise bad("json.too_large", size=len(data), limit=limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise bad("json.not_utf8") from None
    text = text.removeprefix("\ufeff")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_float=_no_number,
            parse_constant=_no_number,
        )
    except _Refused as exc:
        raise bad(exc.problem, **exc.params) from None
    except json.JSONDecodeError as exc:
        raise bad("json.invalid", line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise bad("json.too_deep") from None
    except ValueError:
        # e.g. an integer with more digits than Python converts
        raise bad("json.number_not_allowed", text="") from None
    if not isinstance(value, dict):
        raise bad("json.wrong_type", expected=Detail("json.type.object"), actual=type_name(value))
    if _depth(value) > MAX_DEPTH:
        raise bad("json.too_deep")
    return value


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def type_name(value: Any) -> Detail:
    if value is None:
        return Detail("json.type.null")
    if isinstance(value, bool):
        return Detail("json.type.boolean")
    if isinstance(value, int):
        return Detail("json.type.integer")
    if isinstance(value, str):
        return Detail("json.type.string")
    if isinstance(value, list):
        return Detail("json.type.list")
    if isinstance(value, dict):
        return Detail("json.type.object")
    return Detail(type(value).__name__)


# ---------------------------------------------------------------- values

_DATETIME_RE = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
_KEY_ID_RE = re.compile(r"\A[0-9a-f]{16}\Z")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def format_datetime(value: datetime) -> str:
    """UTC, whole seconds, ``YYYY-MM-DDTHH:MM:SSZ``; naive datetimes are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text: str) -> datetime:
    """Inverse of :func:`format_datetime`; ValueError otherwise."""
    if not _DATETIME_RE.match(text):
        raise ValueError(text)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def normalise_time(value: datetime | None) -> datetime:
    """The instant as stored in documents: UTC, whole seconds (``None`` means now)."""
    return parse_datetime(format_datetime(value if value is not None else utc_now()))


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode_strict(text: str) -> bytes:
    """Standard base64 with padding, canonical only (re-encoding gives the same text)."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValueError("not base64") from None
    if b64encode(raw) != text:
        raise ValueError("not canonical base64")
    return raw


def uscc_valid(code: str) -> bool:
    """GB 32100-2015, by :func:`labregistry.domain.codes.check_uscc` (the one implementation
    of the check character), and strictly as written: a code the domain would first have to
    normalise (lower case, full-width, spaces, hyphens) is not valid in a signed document,
    whose canonical form must not change."""
    from labregistry.domain.codes import check_uscc

    if not isinstance(code, str):
        return False
    try:
        return check_uscc(code) == code
    except DomainError:
        return False


def key_id_valid(text: str) -> bool:
    return bool(_KEY_ID_RE.match(text))


def text_valid(text: str, limit: int) -> bool:
    """One line of 1..``limit`` characters, none of them one that no text field may hold
    (:func:`labregistry.textrules.unsafe_character`: bidi controls, invisible characters)."""
    return (0 < len(text) <= limit and text.strip() != "" and not _CONTROL_RE.search(text)
            and unsafe_character(text) is None)


# ---------------------------------------------------------------- reader


class Reader:
    """Typed access to one untrusted JSON object; every fault is ``FormatError(code, ...)``.

    ``prefix`` names the object inside its document (``endorsements[0].``) so messages
    point at the exact field.
    """

    def __init__(
        self, obj: Any, *, code: str, prefix: str = "", context: Mapping[str, Any] | None = None
    ) -> None:
        self.code = code
        self.prefix = prefix
        self.context = dict(context or {})
        if not isinstance(obj, dict):
            raise fault(
                code,
                prefix.rstrip("."),
                "json.wrong_type",
                context=self.context,
                expected=Detail("json.type.object"),
                actual=type_name(obj),
            )
        self.obj: dict[str, Any] = obj

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, problem: str, **params: Any) -> FormatError:
        return fault(self.code, self.name(key), problem, context=self.context, **params)

    def exact_keys(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        have = set(self.obj)
        missing = sorted(wanted - have)
        if missing:
            raise self.fail(self.prefix.rstrip("."), "json.missing_keys", keys=", ".join(missing))
        extra = sorted(have - wanted)
        if extra:
            raise self.fail(self.prefix.rstrip("."), "json.unexpected_keys", keys=", ".join(extra)[:200])

    def _typed(self, key: str, kind: type, label: str) -> Any:
        value = self.obj.get(key)
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            raise self.fail(key, "json.wrong_type", expected=Detail(label), actual=type_name(value))
        return value

    def string(self, key: str) -> str:
        return str(self._typed(key, str, "json.type.string"))

    def text(self, key: str, limit: int) -> str:
        value = self.string(key)
        if not text_valid(value, limit):
            raise self.fail(key, "json.bad_text", limit=limit)
        return value

    def integer(self, key: str, low: int, high: int) -> int:
        value = int(self._typed(key, int, "json.type.integer"))
        if not low <= value <= high:
            raise self.fail(key, "json.out_of_range", actual=value, min=low, max=high)
        return value

    def items(self, key: str, limit: int) -> list[Any]:
        value: list[Any] = self._typed(key, list, "json.type.list")
        if len(value) > limit:
            raise self.fail(key, "json.too_many", actual=len(value), limit=limit)
        return value

    def obj_at(self, key: str) -> Reader:
        return self.nested(self._typed(key, dict, "json.type.object"), self.name(key) + ".")

    def nested(self, obj: Any, prefix: str) -> Reader:
        return Reader(obj, code=self.code, prefix=prefix, context=self.context)

    def const(self, key: str, expected: str, problem: str = "json.bad_value") -> str:
        value = self.string(key)
        if value != expected:
            raise self.fail(key, problem, expected=expected, actual=value[:80])
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        options = tuple(allowed)
        value = self.string(key)
        if value not in options:
            raise self.fail(key, "json.bad_value", expected=" | ".join(options), actual=value[:80])
        return value

    def version(self, key: str, supported: int) -> int:
        value = self._typed(key, int, "json.type.integer")
        if value != supported:
            raise self.fail(key, "json.bad_version", expected=supported, actual=value)
        return int(value)

    def b64(self, key: str, length: int | None = None, *, max_length: int = 1 << 16) -> bytes:
        value = self.string(key)
        if len(value) > (max_length * 4) // 3 + 4:
            raise self.fail(key, "json.bad_base64")
        try:
            raw = b64decode_strict(value)
        except ValueError:
            raise self.fail(key, "json.bad_base64") from None
        if length is not None and len(raw) != length:
            raise self.fail(key, "json.bad_length", expected=length, actual=len(raw))
        return raw

    def time(self, key: str) -> datetime:
        value = self.string(key)
        try:
            return parse_datetime(value)
        except ValueError:
            raise self.fail(key, "json.bad_datetime", actual=value[:40]) from None

    def uscc(self, key: str) -> str:
        value = self.string(key)
        if not uscc_valid(value):
            raise self.fail(key, "json.bad_uscc", actual=value[:40])
        return value

    def key_id(self, key: str) -> str:
        value = self.string(key)
        if not key_id_valid(value):
            raise self.fail(key, "json.bad_key_id", actual=value[:40])
        return value

    def each(self, key: str, limit: int, read: Callable[[Reader], Any]) -> list[Any]:
        return [
            read(self.nested(item, f"{self.name(key)}[{i}]."))
            for i, item in enumerate(self.items(key, limit))
        ]
