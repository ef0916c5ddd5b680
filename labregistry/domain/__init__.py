"""The domain layer: codes, ranges, accuracies, dates and validation rules, as pure functions.

Nothing here touches a database, a file or Qt; storage, ledger import, exchange and the
UI all call these functions so that a value is checked the same way wherever it enters.
Every user-visible message is in Chinese and English (messages.toml, read by labregistry.i18n).
"""

from __future__ import annotations

from labregistry.domain.accuracy import Accuracy, accuracy_issues, accuracy_warnings, parse_accuracy
from labregistry.domain.codes import (
    DISCIPLINES,
    Procedure,
    StandardCode,
    build_uscc,
    check_uscc,
    make_uscc,
    org_code_check_char,
    parse_procedure,
    parse_standard_code,
    procedure_issues,
    standard_code_issues,
    uscc_check_char,
    uscc_issues,
    uscc_province,
)
from labregistry.domain.dates import check_validity, date_issues, excel_serial_to_date, parse_date
from labregistry.domain.quantities import (
    QUANTITY_NAMES,
    MeasuredRange,
    UnitInfo,
    lookup_unit,
    parse_range,
    quantity_key,
    range_issues,
    to_canonical,
    unit_registry,
)
from labregistry.domain import records
from labregistry.domain.records import *  # noqa: F403  (the names of records.__all__, re-exported below)
from labregistry.domain.validation import (
    id_number_valid,
    validate_authorisation,
    validate_institute,
    validate_staff,
    validate_standard,
)

__all__ = [
    "DISCIPLINES",
    "QUANTITY_NAMES",
    "Accuracy",
    "MeasuredRange",
    "Procedure",
    "StandardCode",
    "UnitInfo",
    "accuracy_issues",
    "accuracy_warnings",
    "build_uscc",
    "check_uscc",
    "check_validity",
    "date_issues",
    "excel_serial_to_date",
    "id_number_valid",
    "lookup_unit",
    "make_uscc",
    "org_code_check_char",
    "parse_accuracy",
    "parse_date",
    "parse_procedure",
    "parse_range",
    "parse_standard_code",
    "procedure_issues",
    "quantity_key",
    "range_issues",
    "standard_code_issues",
    "to_canonical",
    "unit_registry",
    "uscc_check_char",
    "uscc_issues",
    "uscc_province",
    "validate_authorisation",
    "validate_institute",
    "validate_staff",
    "validate_standard",
]
#: The inputs, the validated values and the choice lists: what records exports, as it lists them.
__all__ += records.__all__
