"""The bundle's sheets, derived from the field registry, are the ones every bundle was written with.

Their names, column keys, headers, types and widths are the bytes of a bundle (signed, and
compared by every receiver); a registry change that moved or renamed one would make
bundles of two versions disagree. ``EXPECTED_KEYS`` is the layout of format versions 1 and
2; version 3 adds the capability sheet after the services (``CAPABILITY_KEYS``), nothing else;
version 4 adds the comparison sheets and the recognition decisions' sheet at the end
(``COMPARISON_KEYS``), nothing else.
"""

from __future__ import annotations

import dataclasses
import hashlib

from labregistry.exchange import schema
from labregistry.xlsx.workbook import SheetSpec

EXPECTED_KEYS = {
    "机构 Institute": ("uscc", "name", "name_en", "province", "city", "kind", "address", "contact"),
    "计量标准 Standards": (
        "uid", "certificate_no", "name", "code", "code_temporary", "grade", "certificate_authority", "issued_on",
        "valid_until", "range_text", "quantity", "range_min", "range_max", "unit", "accuracy_text", "accuracy_kind",
        "accuracy_value", "accuracy_relative", "accuracy_k", "accuracy_class", "responsible_person", "operators",
        "environment", "status", "notes",
    ),
    "标准器及配套设备 Instruments": (
        "standard_uid", "position", "role", "name", "model", "serial_no", "range_text", "accuracy_text",
        "traced_to_uscc", "traced_to_name", "calibration_cert_no", "calibration_due",
    ),
    "开展项目 Services": ("standard_uid", "position", "name", "procedure", "kind"),
    "计量授权 Authorisations": ("uid", "certificate_no", "form", "authority", "issued_on", "valid_until", "status",
                            "notes"),
    "授权项目 Authorised items": ("authorisation_uid", "position", "name", "range_text", "quantity", "range_min",
                              "range_max", "unit", "accuracy_text", "procedure"),
    "人员 Staff": ("uid", "name", "department", "title", "status"),
    "资格证书 Credentials": ("staff_uid", "position", "kind", "certificate_no", "registration", "issued_on",
                         "valid_until"),
    "资格项目 Credential items": ("staff_uid", "credential_position", "position", "name", "discipline"),
}

CAPABILITY_KEYS = ("standard_uid", "position", "parameter", "range_text", "quantity", "range_min", "range_max",
                   "unit", "accuracy_text", "conditions")

#: SHA-256 of every sheet's kind, table, link, name and columns (headers, types, widths).
EXPECTED_LAYOUT = "a37e126a095198e8b82ed3ca321b178badf0030de824059383a2d3e2f8036a74"  # versions 1 and 2
EXPECTED_LAYOUT_V3 = "ea81080f9f2a7965f1480461826a037a8a30e23733fb92f8c0fdde3d862d503a"
EXPECTED_LAYOUT_V4 = "a435b909af4459be89647ee296aafa28bc43b64dccc72e0a4789b1217e92858a"
EXPECTED_LAYOUT_V5 = "dfc40032078ad66714229acd0efd3fd081dd4995f3fe5b07df975e77f3bd3ba5"
COMPARISON_KEYS = {
    "比对 Comparisons": ("uid", "kind", "scheme_no", "name", "organiser", "measurand", "unit", "artefact", "started_on",
                       "ended_on", "report_on", "criterion", "reference_value", "reference_uncertainty", "sigma_pt"),
    "比对结果 Comparison results": ("comparison_uid", "position", "lab_code", "institute_uscc", "institute_name",
                                "value", "uncertainty", "coverage_k", "score", "verdict", "standard_certificate_no",
                                "parameter"),
    "互认决定 Recognition decisions": ("uid", "subject_uscc", "subject_name", "standard_certificate_no", "parameter",
                                   "discipline", "valid_from", "valid_until", "evidence", "note"),
}


def layout_digest(sheets: tuple[schema.SheetDef, ...]) -> str:
    text = repr([(s.kind, s.table, s.parent, s.spec.name, [dataclasses.astuple(c) for c in s.spec.columns])
                 for s in sheets])
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_sheets_and_their_columns_are_those_of_every_bundle() -> None:
    for version in (1, 2):
        sheets = schema.sheets_of(version)
        assert [(s.spec.name, s.keys) for s in sheets] == list(EXPECTED_KEYS.items())
        assert layout_digest(sheets) == EXPECTED_LAYOUT


def test_version_3_adds_the_capability_sheet_after_the_services() -> None:
    names = list(EXPECTED_KEYS)
    names.insert(names.index("开展项目 Services") + 1, "测量能力 Capabilities")
    assert [s.spec.name for s in schema.sheets_of(3)] == names
    assert schema.CAPABILITIES.keys == CAPABILITY_KEYS and schema.CAPABILITIES.parent == "standard_uid"
    assert layout_digest(schema.sheets_of(3)) == EXPECTED_LAYOUT_V3


def _as_of(version: int) -> tuple[schema.SheetDef, ...]:
    specs = {spec.name: spec for spec in schema.specs_of(version)}
    return tuple(dataclasses.replace(s, spec=specs[s.spec.name]) for s in schema.sheets_of(version))


def test_version_4_adds_the_comparison_and_decision_sheets_at_the_end() -> None:
    v3 = [s.spec.name for s in schema.sheets_of(3)]
    v4 = _as_of(4)
    assert [(s.spec.name, s.keys) for s in v4[len(v3):]] == list(COMPARISON_KEYS.items())
    assert [s.spec.name for s in schema.sheets_of(4)] == [s.spec.name for s in schema.SHEETS] == [*v3, *COMPARISON_KEYS]
    assert schema.COMPARISON_RESULTS.parent == "comparison_uid"
    assert layout_digest(v4) == EXPECTED_LAYOUT_V4


def test_version_5_adds_the_outside_pilots_name_and_code_at_the_end_of_the_comparisons_sheet() -> None:
    v4, v5 = _as_of(4), _as_of(5)
    assert [s.spec.name for s in v5] == [s.spec.name for s in v4]
    changed = [(a.spec.name, b.keys[len(a.keys):]) for a, b in zip(v4, v5, strict=True) if a.keys != b.keys]
    assert changed == [("比对 Comparisons", ("pilot_name", "pilot_code"))]
    comparisons = next(s for s in v5 if s.spec.name == "比对 Comparisons")
    assert [c.header for c in comparisons.spec.columns[-2:]] == ["库外主导实验室 Outside pilot", "主导实验室代码 Pilot code"]
    assert schema.VERSION == 5 and schema.READABLE_VERSIONS == (1, 2, 3, 4, 5)
    assert v5 == schema.SHEETS and layout_digest(v5) == EXPECTED_LAYOUT_V5


def test_a_changed_header_changes_the_layout() -> None:
    standards = schema.STANDARDS
    columns = [dataclasses.replace(c, header_en="Standard") if c.key == "name" else c for c in standards.spec.columns]
    changed = dataclasses.replace(standards, spec=SheetSpec(standards.spec.name, columns))
    sheets = tuple(changed if s is standards else s for s in schema.SHEETS)
    assert layout_digest(sheets) != EXPECTED_LAYOUT


def test_booleans_are_the_registry_bool_fields() -> None:
    assert schema.BOOL_COLUMNS == {"code_temporary", "accuracy_relative"}
