"""The core's description of a record's change (``services.changes``), without a database:
the shapes an audit snapshot takes (``storage.repositories``' snapshots, the demo's) in,
what a lab manager reads out. The CLI's ``history`` (tests/cli/test_history_text.py) and the
app's History tab (tests/ui/test_history_view.py) print it from real entries."""

from __future__ import annotations

from typing import Any

import pytest

from labregistry.services import changes

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def described(kind: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
              lang: str = "zh") -> list[tuple[str, str, str]]:
    return [c.render(lang) for c in changes.describe_changes(kind, before, after)]


def test_numbers_are_written_as_labs_write_them() -> None:
    assert [changes.number(v) for v in (2.0, 2e-05, 0.0005, 1000.0, 7, 1.5e-12)] == [
        "2", "0.00002", "0.0005", "1000", "7", "0.0000000000015"]


def test_a_row_added_or_removed_by_a_change_is_one_line_named_by_its_name() -> None:
    one = {"name": "装置", "instruments": [{"role": "main", "name": "精密数字压力计", "serial_no": "1"}]}
    two = {**one, "instruments": [*one["instruments"], {"role": "ancillary", "name": "活塞压力计", "serial_no": "2"}]}
    assert described("standard", one, two) == [("主标准器及配套设备第 2 项 · 设备名称", "", "活塞压力计")]
    assert described("standard", two, one, "en") == [("instrument 2: name", "活塞压力计", "")]
    unnamed = {"credentials": [{"kind": "verifier", "certificate_no": None, "items": []}]}
    assert described("staff", {"credentials": []}, unnamed) == [("资质证书第 1 项 · 证书类别", "", "计量检定员证")]


def test_a_deletion_shows_every_field_it_had_and_only_the_forms() -> None:
    before = {"uid": "u", "certificate_no": "(沪)法计(2024)01001号", "form": "legal_verification",
              "status": "revoked", "notes": "kept, not in the form", "range_min": 0.0,
              "items": [{"name": "压力表", "range_text": "(0~60)MPa", "quantity": "pressure", "range_min": 0.0,
                         "range_max": 60000000.0, "unit": "Pa", "accuracy_text": None, "procedure": None}]}
    assert described("authorisation", before, None, "en") == [
        ("certificate number", "(沪)法计(2024)01001号", ""),
        ("form of authorisation", "authorised as a legal metrology verification institution", ""),
        ("status", "revoked", ""),
        ("authorised item 1: name", "压力表", ""),
        ("authorised item 1: measurement range", "(0~60)MPa", ""),
    ]


def test_a_credentials_items_are_joined_and_a_choice_unknown_to_the_list_is_shown_as_stored() -> None:
    before = {"status": "active", "credentials": [{"kind": "registered_2", "certificate_no": "JL2", "items": [
        {"name": "压力表", "discipline": None}]}]}
    after = {"status": "on_leave_2030", "credentials": [{"kind": "registered_2", "certificate_no": "JL2", "items": [
        {"name": "压力表", "discipline": None}, {"name": "数字压力计", "discipline": None}]}]}
    assert described("staff", before, after) == [
        ("状态", "在职", "on_leave_2030"),
        ("资质证书第 1 项 · 专业项目", "压力表", "压力表；数字压力计"),
    ]


def test_a_demo_entry_and_a_real_one_of_the_same_record_compare_by_what_they_show() -> None:
    demo = {"name": "何楠", "credentials": ["registered_2", "verifier"]}
    assert described("staff", None, demo) == [("名称", "", "何楠"), ("资质证书", "", "二级注册计量师；计量检定员证")]
    standard = {"range": "(0~60)MPa", "accuracy": "0.05级", "instruments": 3, "services": 0}
    assert described("standard", None, standard, "en") == [
        ("measurement range", "", "(0~60)MPa"),
        ("uncertainty / accuracy class / maximum permissible error", "", "0.05级"),
        ("main instruments and ancillary equipment", "", "3"),
    ]


def test_a_comparison_no_form_edits_is_described_by_its_sheets_fields() -> None:
    """A peer's bundle changes a comparison (the import's preview describes it): its fields and
    its results' by their labels, item by item; its uid and the results' links are no field."""
    result = {"comparison_uid": "u", "position": 1, "lab_code": "A", "institute_name": "上海所", "value": 10.00002,
              "score": 0.5}
    before = {"uid": "u", "scheme_no": "CSJ-1", "reference_value": 10.0, "comparison_result": [result]}
    after = {"uid": "u2", "scheme_no": "CSJ-1", "reference_value": 10.00001,
             "comparison_result": [{**result, "comparison_uid": "u2", "score": 1.2}]}
    assert described("comparison", before, after) == [
        ("参考值", "10", "10.00001"), ("比对结果第 1 项 · En值/z比分数", "0.5", "1.2")]
    assert described("decision", {"subject_name": "江苏所"}, {"subject_name": "江苏省所"}, "en") == [
        ("recognised institute", "江苏所", "江苏省所")]


def test_a_comparisons_kind_criterion_and_verdict_are_said_in_words_never_as_keys() -> None:
    """A peer's bundle re-judges a comparison (a proficiency test by z, a result now
    questionable): the preview and the history say 能力验证 / z比分数 / 可疑, not the stored keys
    ``proficiency`` / ``z`` / ``questionable`` (the registry declared no choices for them)."""
    before = {"uid": "u", "kind": "comparison", "criterion": "en",
              "comparison_result": [{"institute_name": "上海所", "verdict": "satisfactory"}]}
    after = {"uid": "u", "kind": "proficiency", "criterion": "z",
             "comparison_result": [{"institute_name": "上海所", "verdict": "questionable"}]}
    assert described("comparison", before, after) == [
        ("类型", "计量比对", "能力验证"), ("评价方法", "En值", "z比分数"), ("比对结果第 1 项 · 结论", "满意", "可疑")]
    assert described("comparison", before, after, "en") == [
        ("kind", "interlaboratory comparison", "proficiency test"), ("criterion", "En", "z score"),
        ("comparison result 1: verdict", "satisfactory", "questionable")]


def test_every_field_and_list_shown_has_a_label_in_both_languages() -> None:
    """No internal name reaches a user: every field of a form and of its lists' rows is
    labelled, and every list has its heading in the catalogue."""
    for family in changes.FAMILIES.values():
        for f in changes.form_fields(family):
            assert changes.label_of(f) != (f.name, f.name), f.name
        for rt in family.lists:
            if rt.list_name is None or not changes.columns(rt):
                continue
            for f in changes.columns(rt):
                assert changes.label_of(f) != (f.name, f.name), f"{rt.list_name}.{f.name}"


@pytest.mark.parametrize("kind", sorted(k for k, family in changes.FAMILIES.items()
                                         if any(rt.list_name is not None for rt in family.lists)))
def test_a_list_as_a_whole_is_named_by_its_heading_in_either_language(kind: str) -> None:
    """A demo entry holds a list's count: the line is named by the list's heading (the
    registry's, the form's), in Chinese and in English, never by a message code. (A family
    without lists, a decision, has nothing to check here.)"""
    for rt in (rt for rt in changes.FAMILIES[kind].lists if rt.list_name is not None):
        (zh,) = described(kind, None, {rt.list_name: 2})
        (en,) = described(kind, None, {rt.list_name: 2}, "en")
        assert rt.list_label is not None and zh == (rt.list_label[0], "", "2 项")
        assert en[1:] == ("", "2") and en[0].isascii() and not en[0].startswith("changes."), en


def test_a_change_of_only_the_converted_figures_is_said_row_by_row_never_an_empty_entry() -> None:
    """A record whose derived figures alone change (a bundle's ``上限(SI)``, a capability's
    unit) is listed as changed: the preview and the history say what changed, with the
    figures as labs write them, not an entry with nothing under it; each row's named as the
    history names its fields (they were one line, "a；b", nobody could tell whose), the row a
    standard's own range makes said once, with the standard's."""
    capability = {"parameter": "压力", "range_text": "(0~60)MPa", "range_min": 0.0, "range_max": 6e7, "unit": "Pa"}
    before = {"certificate_no": "[2023]沪量标证字第0123号", "range_text": "(0~60)MPa", "range_min": 0.0,
              "range_max": 6e7, "unit": "Pa", "capabilities": [capability]}
    after = {**before, "range_max": 1e8, "capabilities": [{**capability, "range_min": 2e-05, "unit": "kPa"}]}
    assert described("standard", before, after) == [
        ("换算值（上下限、单位）", "0～60000000 Pa", "0～100000000 Pa"),
        ("测量能力第 1 项 · 换算值（上下限、单位）", "0～60000000 Pa", "0.00002～60000000 kPa")]
    assert described("standard", before, after, "en") == [
        ("converted figures (limits, unit)", "0～60000000 Pa", "0～100000000 Pa"),
        ("capability 1: converted figures (limits, unit)", "0～60000000 Pa", "0.00002～60000000 kPa")]
    own = {k: v for k, v in capability.items() if k != "parameter"}  # the row the standard's own range makes
    own_before = {**before, "accuracy_text": None, "capabilities": [{**own, "accuracy_text": None}]}
    own_after = {**own_before, "range_max": 1e8, "capabilities": [{**own, "accuracy_text": None, "range_max": 1e8}]}
    assert described("standard", own_before, own_after) == [("换算值（上下限、单位）", "0～60000000 Pa", "0～100000000 Pa")]
    # a field of the form that differs says it all: no second line of figures
    shown_too = {**after, "range_text": "(0~100)MPa"}
    assert [label for label, _, _ in described("standard", before, shown_too)] == ["测量范围"]
    assert described("standard", before, dict(before)) == []


def test_every_family_a_bundle_merges_is_described_and_named_in_either_language() -> None:
    """The import's preview (CLI and app) names a record by its kind and describes its change:
    every family the merge knows has both (a new one was "internal error: 'comparison'"), and
    a kind no map knows is shown as itself, never a KeyError."""
    from labregistry.domain.fields.decisions import DECISIONS
    from labregistry.exchange import merge

    for fam in merge.FAMILIES:
        assert fam.kind in changes.FAMILIES, fam.kind
        zh, en = changes.kind_label(fam.kind).render("zh"), changes.kind_label(fam.kind).render("en")
        assert not zh.isascii() and en.isascii() and not en.startswith("changes."), (zh, en)
    assert changes.FAMILIES["decision"] is DECISIONS
    assert changes.kind_label("calibration").render("zh") == "calibration"


def test_the_description_the_history_tab_uses_does_not_load_the_merge() -> None:
    """The History tab describes entries with this module: it needs the field registry, not the
    bundle merge (the import's preview passes the merge's snapshots in)."""
    import subprocess
    import sys

    code = ("import sys, labregistry.services.changes; "
            "print([m for m in sys.modules if m.startswith('labregistry.exchange')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
