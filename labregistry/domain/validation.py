"""Validation of user input for standards, authorisations, staff and institutes.

Each ``validate_*`` checks everything and reports ALL problems at once (a ledger row
with three mistakes should say three things, not one per attempt): it returns a
``Validated*`` value with normalised codes, ranges, accuracies and dates plus the
warnings found, or raises :class:`DomainError` carrying every issue, each naming its
field (``"range_text"``, ``"instruments[0].calibration_due"``, ``"services[1].procedure"``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from labregistry.domain import fields
from labregistry.domain.accuracy import (
    Accuracy,
    accuracy_warnings,
    parse_accuracy,
    stored_accuracy_issue,
    unread_accuracy,
)
from labregistry.domain.choices import PROVINCES, Choices
from labregistry.domain.codes import (
    Procedure,
    StandardCode,
    StoredCode,
    check_uscc,
    discipline_quantity_issues,
    parse_procedure,
    parse_standard_code,
    procedure_issues,
    standard_code_issues,
    stored_discipline_issues,
    uscc_issues,
    uscc_province,
)
from labregistry.domain.dates import check_validity, parse_date
from labregistry.domain.plainfields import parse_number
from labregistry.domain.capabilities import capability_of, range_in_parameter
from labregistry.domain.quantities import MeasuredRange, comma_issues, parse_range, quantity_key
from labregistry.domain.records import (
    AuthorisationInput,
    AuthorisedItemInput,
    CapabilityInput,
    CredentialInput,
    InstituteInput,
    InstrumentInput,
    ServiceInput,
    StaffInput,
    StandardInput,
    ValidatedAuthorisation,
    ValidatedAuthorisedItem,
    ValidatedCapability,
    ValidatedCredential,
    ValidatedInstitute,
    ValidatedInstrument,
    ValidatedService,
    ValidatedStaff,
    ValidatedStandard,
    PLAIN,
    item_field,
)
from labregistry.domain.text import clean
from labregistry.textrules import character_params, unsafe_character
from labregistry.errors import DomainError, Issue

T = TypeVar("T")

Kept = frozenset[tuple[str, str]]
"""(range text, accuracy text) pairs as a stored record holds them: its own range and accuracy,
and each capability row's (or authorised item's). An edit that leaves a pair is saved with a
warning when the accuracy rules refuse its text now (:func:`_accuracy`)."""


@dataclass(frozen=True)
class StoredStandard(StoredCode):
    """A stored standard as the rules that bind entry only compare an edit of it with: its
    code and range quantity (the discipline rule), and its accuracy texts (:data:`Kept`)."""

    accuracies: Kept = frozenset()


def kept_pairs(record: Mapping[str, Any], rows: str) -> Kept:
    """The :data:`Kept` pairs of a record's snapshot (``records.get(...).snapshot()``, or an
    audit entry's ``before``): its own, and those of its child rows under ``rows``."""
    pairs = {(r.get("range_text"), r.get("accuracy_text")) for r in [record, *record.get(rows, [])]}
    return frozenset((str(a or ""), str(b)) for a, b in pairs if b is not None)


def stored_standard(snapshot: Mapping[str, Any]) -> StoredStandard:
    """What an edit (or the restoring) of the standard of ``snapshot`` is checked against."""
    return StoredStandard(str(snapshot["code"]), snapshot.get("quantity"), kept_pairs(snapshot, "capabilities"))


def text_issue(value: object, field: str) -> Issue | None:
    """The issue of a text holding a character no field may hold (:func:`.textrules.unsafe_character`):
    the one rule every entry point applies (editor, command line, ledger, bundle, key card)."""
    if not isinstance(value, str):
        return None
    char = unsafe_character(value)
    if char is None:
        return None
    return Issue("text.unsafe_character", field, value, character_params(char))


def check_text(value: object, field: str) -> None:
    """DomainError when ``value`` holds a character no text field may hold."""
    issue = text_issue(value, field)
    if issue is not None:
        raise DomainError.from_issues([issue])


def unsafe_text_issues(inp: object) -> list[Issue]:
    """:func:`text_issue` for every text of an ``*Input`` (its lists' items included), each
    named by its field (``"instruments[1].serial_no"``): no field can be forgotten."""
    issues: list[Issue] = []

    def check(value: object, field: str) -> None:
        for text in value if isinstance(value, list) else [value]:
            issue = text_issue(text, field)
            if issue is not None:
                if field == "id_number":  # private: never shown in full
                    issue = dataclasses.replace(issue, value=_masked(str(text)))
                issues.append(issue)
                return

    assert dataclasses.is_dataclass(inp)
    for f in dataclasses.fields(inp):
        value = getattr(inp, f.name)
        if f.name == "extra":  # the plain fields' values, by field name
            for key, text in value.items():
                check(text, key)
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            for index, item in enumerate(value):
                for g in dataclasses.fields(item):
                    if g.name == "extra":
                        for key, text in item.extra.items():
                            check(text, item_field(f.name, index, key))
                    else:
                        check(getattr(item, g.name), item_field(f.name, index, g.name))
        else:
            check(value, f.name)
    return issues


#: Registration of a registered metrologist (注册证) is valid 5 years, an assessment certificate
#: of a measurement standard (考核证书, JJF 1033) 4 years; a month of slack for certificates
#: dated at the end of a month. Longer is a warning at entry, not a refusal: the paper rules.
REGISTRATION_YEARS = 5
STANDARD_CERTIFICATE_YEARS = 4
REGISTRATION_SLACK = dt.timedelta(days=31)


class _Collector:
    """Gathers issues from many checks so that one DomainError can report them all."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return fn(*args, **kwargs)
        except DomainError as err:
            self.issues.extend(err.issues)
            return None

    def add(self, issues: list[Issue]) -> None:
        self.issues.extend(issues)

    def text(self, value: object, field: str, required: bool = False) -> str | None:
        text = clean(value)
        if text is None and required:
            self.issues.append(Issue("value.required", field, value))
        return text

    def choice(self, choices: Choices, value: object, field: str) -> str | None:
        """The key of ``value``, not empty (:meth:`declared` sees to an empty one), among ``choices``."""
        key = choices.parse(value)
        if key is None:
            params = {
                "choices_zh": "、".join(label.zh for label in choices.labels()),
                "choices_en": ", ".join(label.en for label in choices.labels()),
            }
            self.issues.append(Issue("choice.unknown", field, value, params))
        return key

    def date(self, value: object, field: str, required: bool = False) -> dt.date | None:
        if clean(value) is None:
            if required:
                self.issues.append(Issue("value.required", field, value))
            return None
        return self.run(parse_date, value, field)

    def declared(self, f: fields.Field, value: object, where: str) -> Any:
        """``value`` checked by the declaration of its field ``f`` in the registry: required
        (unless its default stands in for an empty value), a choice among its choices, a
        date, a number, a text. A plain field has no other rule; the written-out choices (a
        standard's grade, a status, a province) are checked by it too, so that their choices,
        default and requiredness are declared once, in the registry."""
        if clean(value) is None:
            if f.required and f.default is None:
                self.issues.append(Issue("value.required", where, value))
            return f.default
        if f.type == "choice":
            assert f.choices is not None, f"{f.name}: a choice without choices"
            return self.choice(f.choices, value, where)
        if f.type == "date":
            return self.date(value, where)
        if f.type in ("int", "float"):
            return self.run(parse_number, value, where, f.type == "int")
        return clean(value)

    def plain(self, record: str, values: Mapping[str, Any], name: Callable[[str], str] = str) -> dict[str, Any]:
        """The record's plain fields (``records.plain_fields``) checked by their declaration
        (:meth:`declared`): the ``extra`` of the ``Validated*`` value."""
        return {f.name: self.declared(f, values.get(f.name), name(f.name)) for f in PLAIN[record]}

    def finish(self) -> tuple[Issue, ...]:
        """The warnings; DomainError with every issue when any is an error."""
        if any(not i.warning for i in self.issues):
            raise DomainError.from_issues(self.issues)
        return tuple(self.issues)


# --------------------------------------------------------------------------------------
# Standards
# --------------------------------------------------------------------------------------


def validate_standard(inp: StandardInput, stored: StoredCode | None = None) -> ValidatedStandard:
    """Check a standard and its instruments and services; DomainError with all issues.

    ``stored``: the code and range quantity of the record being edited, as stored. When the
    edit changes neither, a code whose discipline does not measure the range's quantity is a
    warning (:func:`~labregistry.domain.codes.stored_discipline_issues`), not a refusal; so
    is an accuracy text the rules refuse now, left with its range as a :class:`StoredStandard`
    holds them (:func:`_accuracy`)."""
    c = _Collector()
    kept = stored.accuracies if isinstance(stored, StoredStandard) else frozenset()
    c.add(unsafe_text_issues(inp))
    name = c.text(inp.name, "name", required=True)
    code = _standard_code(c, inp.code)
    grade = c.declared(fields.STANDARD.field("grade"), inp.grade, "grade")
    certificate_no = c.text(inp.certificate_no, "certificate_no", required=True)
    issued_on = c.date(inp.issued_on, "issued_on")
    valid_until = c.date(inp.valid_until, "valid_until", required=True)
    c.add(check_validity(issued_on, valid_until))
    if issued_on and valid_until:
        c.add(_period(issued_on, valid_until, STANDARD_CERTIFICATE_YEARS, "standard.validity_too_long", "valid_until"))
    capabilities = [_capability(c, i, x, kept) for i, x in enumerate(inp.capabilities)]
    rng, accuracy = _own_range_and_accuracy(c, inp, capabilities[0] if capabilities else None, kept)
    if code is not None and rng is not None:
        range_field = "range_text" if clean(inp.range_text) else item_field("capabilities", 0, "range_text")
        c.add(stored_discipline_issues(discipline_quantity_issues(code.code, rng.quantity, range_field, rng.text),
                                       code.code, rng.quantity, stored))
    status = c.declared(fields.STANDARD.field("status"), inp.status, "status")
    instruments = [_instrument(c, i, x) for i, x in enumerate(inp.instruments)]
    services = [_service(c, i, x) for i, x in enumerate(inp.services)]
    extra = c.plain("standard", inp.extra)
    warnings = c.finish()  # raises when anything above failed, so no None is left below
    assert name and code and grade and certificate_no and valid_until and rng and accuracy and status
    rows = tuple(x for x in capabilities if x is not None) or (capability_of(rng, accuracy),)
    return ValidatedStandard(
        name=name,
        code=code,
        grade=grade,
        certificate_no=certificate_no,
        certificate_authority=clean(inp.certificate_authority),
        issued_on=issued_on,
        valid_until=valid_until,
        range=rng,
        accuracy=accuracy,
        responsible_person=clean(inp.responsible_person),
        status=status,
        operators=clean(inp.operators),
        environment=clean(inp.environment),
        notes=clean(inp.notes),
        instruments=tuple(x for x in instruments if x is not None),
        services=tuple(x for x in services if x is not None),
        capabilities=rows,
        warnings=warnings,
        extra=extra,
    )


def _standard_code(c: _Collector, value: object) -> StandardCode | None:
    if clean(value) is None:
        c.add([Issue("value.required", "code", value)])
        return None
    c.add([i for i in standard_code_issues(value, "code") if i.warning])
    return c.run(parse_standard_code, value, "code")


def _own_range_and_accuracy(c: _Collector, inp: StandardInput, first: ValidatedCapability | None,
                            kept: Kept = frozenset()) -> tuple[MeasuredRange | None, Accuracy | None]:
    """The standard's own range and accuracy: as entered, or, left empty with capability rows
    given, the first row's (``add-standard --capability``, the editor and a ledger alike: one
    rule here, trial 9 found the editor refusing what the CLI saved). Taken from the first row,
    they are that row's, checked and warned about once, at the row."""
    row = inp.capabilities[0] if inp.capabilities else None
    if row is None or (clean(row.range_text) is None and clean(row.accuracy_text) is None):
        return _range_and_accuracy(c, inp.range_text, inp.accuracy_text, inp.quantity, required=True, kept=kept)
    own_range, own_accuracy = clean(inp.range_text), clean(inp.accuracy_text)
    if own_range is None and own_accuracy is None:
        return (first.range, first.accuracy) if first is not None else (None, None)
    range_text, accuracy_text = own_range or row.range_text, own_accuracy or row.accuracy_text
    same = clean(range_text) == clean(row.range_text) and clean(accuracy_text) == clean(row.accuracy_text)
    return _range_and_accuracy(c, range_text, accuracy_text, inp.quantity, required=True, warn=not same, kept=kept)


def _range_and_accuracy(
    c: _Collector,
    range_text: object,
    accuracy_text: object,
    quantity: object,
    required: bool,
    prefix: str = "",
    warn: bool = True,
    kept: Kept = frozenset(),
) -> tuple[MeasuredRange | None, Accuracy | None]:
    """Parse the range (checked against the expected quantity) and the accuracy against it;
    an accuracy kept with its range as stored (``kept``) is judged as :func:`_accuracy` says."""
    expected = None
    if clean(quantity) is not None:
        expected = quantity_key(str(quantity))
        if expected is None:
            c.add([Issue("quantity.unknown", prefix + "quantity", quantity)])
    rng_field, acc_field = (prefix or "") + "range_text", (prefix or "") + "accuracy_text"
    rng = acc = None
    rng_text = c.text(range_text, rng_field, required)
    if rng_text is not None:
        rng = c.run(parse_range, rng_text, expected, rng_field)
    acc_text = c.text(accuracy_text, acc_field, required)
    if acc_text is not None:  # also when the range failed: report the accuracy's own errors
        # not warn: the same text is a capability row's, warned there
        acc = _accuracy(c, acc_text, rng, acc_field, (rng_text or "", acc_text) in kept, warn)
    return rng, acc


def _accuracy(c: _Collector, text: str, rng: MeasuredRange | None, field: str, stored: bool,
              warn: bool) -> Accuracy | None:
    """The accuracy ``text`` reads as over ``rng``; None, its refusal collected, when it does not.

    ``stored``: the text is the record's as stored, with the same range: one the rules refuse
    now (saved before the rule, e.g. "0.05级或0.1级" before accuracy.two_classes) is kept
    as it is, not comparable (:func:`~labregistry.domain.accuracy.unread_accuracy`), with the
    refusal as a warning (``accuracy.stored``; not ``warn``: said at the row it is taken from).
    The rules bind what is entered: refusing the save until the text were corrected would keep a
    lab manager from recording that a standard is suspended or revoked (review 11)."""
    try:
        acc = parse_accuracy(text, rng, field)
    except DomainError as err:
        if not stored:
            c.add(err.issues)
            return None
        if warn:
            c.add([stored_accuracy_issue(i) for i in err.issues])
        return unread_accuracy(text)
    if warn:
        c.add(accuracy_warnings(acc, field, rng))
    return acc


def _procedure(c: _Collector, value: object, field: str) -> Procedure | None:
    if clean(value) is None:
        return None
    c.add([i for i in procedure_issues(value, field) if i.warning])
    return c.run(parse_procedure, value, field)


def _instrument(c: _Collector, index: int, inp: InstrumentInput) -> ValidatedInstrument | None:
    def f(name: str) -> str:
        return item_field("instruments", index, name)

    role = c.declared(fields.INSTRUMENT.field("role"), inp.role, f("role"))
    name = c.text(inp.name, f("name"), required=True)
    uscc = None
    if clean(inp.traced_to_uscc) is not None:
        c.add([i for i in uscc_issues(inp.traced_to_uscc, f("traced_to_uscc")) if i.warning])
        uscc = c.run(check_uscc, inp.traced_to_uscc, f("traced_to_uscc"))
    due = c.date(inp.calibration_due, f("calibration_due"))
    if clean(inp.range_text) is not None:  # free text, but never a comma trace would misread
        c.add(comma_issues(clean(inp.range_text), f("range_text")))
    extra = c.plain("instrument", inp.extra, f)
    if role is None or name is None:
        return None
    return ValidatedInstrument(
        role=role,
        name=name,
        model=clean(inp.model),
        serial_no=clean(inp.serial_no),
        range_text=clean(inp.range_text),
        accuracy_text=clean(inp.accuracy_text),
        traced_to_uscc=uscc,
        traced_to_name=clean(inp.traced_to_name),
        calibration_cert_no=clean(inp.calibration_cert_no),
        calibration_due=due,
        extra=extra,
    )


def _service(c: _Collector, index: int, inp: ServiceInput) -> ValidatedService | None:
    def f(name: str) -> str:
        return item_field("services", index, name)

    name = c.text(inp.name, f("name"), required=True)
    procedure = _procedure(c, inp.procedure, f("procedure"))
    kind = c.declared(fields.SERVICE.field("kind"), inp.kind, f("kind"))
    if kind == "verification" and procedure is not None and not procedure.is_verification_regulation:
        params = {"procedure": procedure.text}
        c.add([Issue("service.verification_procedure", f("procedure"), inp.procedure, params, warning=True)])
    extra = c.plain("service", inp.extra, f)
    if name is None or kind is None:
        return None
    return ValidatedService(name=name, procedure=procedure, kind=kind, extra=extra)


def _capability(c: _Collector, index: int, inp: CapabilityInput, kept: Kept = frozenset()) -> ValidatedCapability | None:
    prefix = item_field("capabilities", index, "")
    rng, accuracy = _range_and_accuracy(c, inp.range_text, inp.accuracy_text, inp.quantity, True, prefix, kept=kept)
    extra = c.plain("capability", inp.extra, lambda name: prefix + name)
    if rng is not None:
        c.add(range_in_parameter(clean(inp.parameter), rng, prefix + "range_text"))
    if rng is None or accuracy is None:
        return None
    return dataclasses.replace(capability_of(rng, accuracy, clean(inp.parameter), clean(inp.conditions)), extra=extra)


# --------------------------------------------------------------------------------------
# Authorisations
# --------------------------------------------------------------------------------------


def validate_authorisation(inp: AuthorisationInput, stored: Kept | None = None) -> ValidatedAuthorisation:
    """Check an authorisation certificate and its items; DomainError with all issues.

    ``stored``: the items' texts of the record being edited, as stored (:data:`Kept`): an
    accuracy left with its range is judged as a stored one (:func:`_accuracy`)."""
    c = _Collector()
    c.add(unsafe_text_issues(inp))
    certificate_no = c.text(inp.certificate_no, "certificate_no", required=True)
    form = c.declared(fields.AUTHORISATION.field("form"), inp.form, "form")
    issued_on = c.date(inp.issued_on, "issued_on")
    valid_until = c.date(inp.valid_until, "valid_until", required=True)
    c.add(check_validity(issued_on, valid_until))
    status = c.declared(fields.AUTHORISATION.field("status"), inp.status, "status")
    items = [_authorised_item(c, i, x, stored or frozenset()) for i, x in enumerate(inp.items)]
    if not inp.items:
        c.add([Issue("authorisation.no_items", "items", None, warning=True)])
    extra = c.plain("authorisation", inp.extra)
    warnings = c.finish()  # raises when anything above failed
    assert certificate_no and form and valid_until and status
    return ValidatedAuthorisation(
        certificate_no=certificate_no,
        form=form,
        authority=clean(inp.authority),
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
        items=tuple(x for x in items if x is not None),
        warnings=warnings,
        extra=extra,
    )


def _authorised_item(c: _Collector, index: int, inp: AuthorisedItemInput, kept: Kept) -> ValidatedAuthorisedItem | None:
    name = c.text(inp.name, item_field("items", index, "name"), required=True)
    prefix = item_field("items", index, "")
    rng, acc = _range_and_accuracy(c, inp.range_text, inp.accuracy_text, None, required=False, prefix=prefix,
                                   kept=kept)
    procedure = _procedure(c, inp.procedure, item_field("items", index, "procedure"))
    extra = c.plain("authorisation_item", inp.extra, lambda name: prefix + name)
    if name is None:
        return None
    return ValidatedAuthorisedItem(name, rng, acc, procedure, clean(inp.range_text), clean(inp.accuracy_text), extra)


# --------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"^\+?[\d\s\-()]{5,24}$")


def id_number_valid(text: str) -> bool:
    """A resident ID number (GB 11643): 17 digits, a valid birth date, and the mod 11-2 check."""
    s = text.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return _ID_CHECK[sum(int(d) * w for d, w in zip(s[:17], _ID_WEIGHTS)) % 11] == s[17]


def _masked(text: str) -> str:
    """An ID number shown in messages and logs with its middle hidden (privacy)."""
    return text[:4] + "*" * max(len(text) - 8, 0) + text[-4:] if len(text) > 8 else "*" * len(text)


def validate_staff(inp: StaffInput) -> ValidatedStaff:
    """Check a person and their credentials; DomainError with all issues."""
    c = _Collector()
    c.add(unsafe_text_issues(inp))
    name = c.text(inp.name, "name", required=True)
    id_number = clean(inp.id_number)
    if id_number is not None:
        id_number = id_number.upper()
        if not id_number_valid(id_number):
            c.add([Issue("staff.id_number", "id_number", _masked(id_number))])
    phone = clean(inp.phone)
    if phone is not None and not _PHONE.match(phone):
        c.add([Issue("staff.phone", "phone", phone)])
    status = c.declared(fields.STAFF.field("status"), inp.status, "status")
    credentials = [_credential(c, i, x) for i, x in enumerate(inp.credentials)]
    extra = c.plain("staff", inp.extra)
    warnings = c.finish()  # raises when anything above failed
    assert name
    return ValidatedStaff(
        name=name,
        department=clean(inp.department),
        title=clean(inp.title),
        phone=phone,
        id_number=id_number,
        credentials=tuple(x for x in credentials if x is not None),
        warnings=warnings,
        status=status or "active",
        extra=extra,
    )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _period(issued_on: dt.date, valid_until: dt.date, years: int, code: str, field: str) -> list[Issue]:
    """A warning when a certificate runs longer than ``years`` (plus a month of slack)."""
    if valid_until <= _add_years(issued_on, years) + REGISTRATION_SLACK:
        return []
    actual = round((valid_until - issued_on).days / 365.25, 1)
    return [Issue(code, field, valid_until.isoformat(), {"years": actual}, warning=True)]


def _credential(c: _Collector, index: int, inp: CredentialInput) -> ValidatedCredential | None:
    def f(name: str) -> str:
        return item_field("credentials", index, name)

    kind = c.declared(fields.CREDENTIAL.field("kind"), inp.kind, f("kind"))
    certificate_no = c.text(inp.certificate_no, f("certificate_no"), required=True)
    registered = kind in ("registered_1", "registered_2")
    registration = c.declared(fields.CREDENTIAL.field("registration"), inp.registration, f("registration"))
    issued_on = c.date(inp.issued_on, f("issued_on"))
    valid_until = c.date(inp.valid_until, f("valid_until"), required=registered)
    c.add(check_validity(issued_on, valid_until, f("valid_until")))
    if registered and issued_on and valid_until:
        c.add(_period(issued_on, valid_until, REGISTRATION_YEARS, "credential.validity_too_long", f("valid_until")))
    items = tuple(t for t in (clean(x) for x in inp.items) if t)
    extra = c.plain("credential", inp.extra, f)
    if kind is None or certificate_no is None:
        return None
    return ValidatedCredential(kind, certificate_no, registration, issued_on, valid_until, items, extra)


# --------------------------------------------------------------------------------------
# Institutes
# --------------------------------------------------------------------------------------


def validate_institute(inp: InstituteInput) -> ValidatedInstitute:
    """Check an institute; the province is normalised to 上海/江苏/浙江/安徽."""
    c = _Collector()
    c.add(unsafe_text_issues(inp))
    name = c.text(inp.name, "name", required=True)
    uscc = None
    if clean(inp.uscc) is None:
        c.add([Issue("value.required", "uscc", inp.uscc)])
    else:
        c.add([i for i in uscc_issues(inp.uscc, "uscc") if i.warning])
        uscc = c.run(check_uscc, inp.uscc, "uscc")
    province = c.declared(fields.INSTITUTE.field("province"), inp.province, "province")
    city = c.text(inp.city, "city", required=True)
    kind = c.declared(fields.INSTITUTE.field("kind"), inp.kind, "kind")
    if uscc and province and uscc_province(uscc) != province:
        params = {"region": uscc[2:8], "province": province, "province_en": PROVINCES[province][1]}
        c.add([Issue("institute.province_mismatch", "uscc", uscc, params, warning=True)])
    extra = c.plain("institute", inp.extra)
    warnings = c.finish()
    assert name and uscc and province and city
    return ValidatedInstitute(
        name=name,
        uscc=uscc,
        province=province,
        city=city,
        kind=kind,
        name_en=clean(inp.name_en),
        address=clean(inp.address),
        contact=clean(inp.contact),
        warnings=warnings,
        extra=extra,
    )
