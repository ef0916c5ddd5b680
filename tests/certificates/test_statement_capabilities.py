"""The institute's statement lists each standard's capability rows under it (statement content version 2).

Each row (parameter, range, accuracy exactly as recorded, conditions) is part of the signed
content and a fact the verifier finds on the page or names. A statement issued before the
rows were listed (content version 1) still verifies as unchanged. The rows of all standards
are read in one query, and a standard with more rows than a page holds runs over pages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event

from labregistry.certificates import content as contents
from labregistry.certificates import layout
from labregistry.certificates.layout import CONTENTS_KEY
from labregistry.domain.records import CapabilityInput
from labregistry.registry import Registry
from labregistry.services import certificates as svc
from labregistry.services import records
from tests.certificates.helpers import (
    ISSUED,
    USCC,
    assert_signs_the_rows,
    assert_verifies_unchanged,
    info_of,
    make_registry,
    pdf_text,
    poppler_text,
    pressure_standard,
    with_info,
)
from tests.certificates.test_page_facts import refused
from tests.conftest import PASSPHRASE

ROWS = [CapabilityInput("压力（表压）", "(0～60) MPa", None, "0.05级"),
        CapabilityInput("压力（绝压）", "(1×10⁻⁶～6) MPa", None, "Urel=5×10⁻⁵ (k=2)", "温度 (20±2)℃")]
OTHER_NO = "[2021]沪量标证字第0456号"
OTHER_ROWS = [CapabilityInput("直流电压", "(0～1000) V", None, "U=(2×10⁻⁶·x + 0.5 μV), k=2")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, int]]:
    reg, sid = make_registry(tmp_path_factory.mktemp("statement") / "home")
    assert records.update(reg, "standard", sid, pressure_standard(capabilities=list(ROWS)))
    records.create_standard(reg, pressure_standard(certificate_no=OTHER_NO, name="直流电压标准装置",
                                                   valid_until="2030-12-31", capabilities=list(OTHER_ROWS)))
    yield reg, sid
    reg.close()


def squeezed(text: str) -> str:
    return "".join(text.split())


def _rows(standard: dict[str, object]) -> list[tuple[object, ...]]:
    caps = standard["capabilities"]
    assert isinstance(caps, list)
    return [(r["parameter"], r["range_text"], r["accuracy_text"], r["conditions"]) for r in caps]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_standards_rows_are_printed_and_signed(site: tuple[Registry, int], tmp_path: Path,
                                                   language: str) -> None:
    reg, sid = site
    key = svc.unlock(reg, PASSPHRASE)
    out = tmp_path / f"{language}.pdf"
    svc.issue_statement(reg, USCC, out, key, language=language, issued_on=ISSUED)
    content = svc.statement_spec(reg, USCC, key, issued_on=ISSUED).content
    assert content["version"] == 2
    by_no = {s["certificate_no"]: s for s in content["standards"]}
    assert _rows(by_no[OTHER_NO]) == [(r.parameter, r.range_text, r.accuracy_text, r.conditions) for r in OTHER_ROWS]
    assert _rows(next(s for no, s in by_no.items() if no != OTHER_NO)) == [
        (r.parameter, r.range_text, r.accuracy_text, r.conditions) for r in ROWS]

    text = squeezed("".join(pdf_text(out)))
    assert ("测量能力" if language == "zh" else "onelinepercapability") in text
    for row in ROWS + OTHER_ROWS:  # exponents and units intact
        for value in (row.parameter, row.range_text, row.accuracy_text, row.conditions):
            assert value is None or squeezed(value) in text, value
    poppler = poppler_text(out)
    if poppler is not None:
        assert squeezed("Urel=5×10⁻⁵ (k=2)") in squeezed(poppler)
    (check,) = svc.verify_source(reg, out)
    assert check.genuine and check.record_state == "unchanged" and check.page_checked
    assert [f.value for f in check.facts if f.key == "standards[1].capabilities[1].accuracy_text"] == [
        "Urel=5×10⁻⁵ (k=2)"]  # the standards in code and certificate number order: OTHER_NO first

    changed = [ROWS[0], replace(ROWS[1], accuracy_text="Urel=6×10⁻⁵ (k=2)")]
    assert_signs_the_rows(reg, sid, out, ROWS, changed)


def test_a_statement_of_content_version_1_still_verifies_unchanged(site: tuple[Registry, int], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """As issued before the rows were listed: the content without them, the digest over that."""
    reg, _sid = site
    key = svc.unlock(reg, PASSPHRASE)
    monkeypatch.setattr(svc.contents, "statement_content", functools.partial(contents.statement_content, version=1))
    out = tmp_path / "v1.pdf"
    issued = svc.issue_statement(reg, USCC, out, key, issued_on=ISSUED)
    monkeypatch.undo()
    text = "".join(pdf_text(out))
    assert "0.5 μV" not in text and "每项计量标准下逐行列出" not in text
    assert_verifies_unchanged(reg, out, issued.payload)


def test_a_row_changed_on_the_page_alone_is_named(site: tuple[Registry, int], tmp_path: Path) -> None:
    reg, _sid = site
    spec = svc.statement_spec(reg, USCC, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED)
    fonts = svc.certificate_fonts(reg)
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(layout.render([spec], fonts).data)
    content = dict(spec.content)
    other, pressure = content["standards"]
    row = pressure["capabilities"][1]
    assert row["accuracy_text"] == "Urel=5×10⁻⁵ (k=2)"
    rows = [pressure["capabilities"][0], {**row, "accuracy_text": "Urel=5×10⁻⁶ (k=2)"}]
    content["standards"] = [other, {**pressure, "capabilities": rows}]
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(layout.render([replace(spec, content=content)], fonts).data)
    forged = with_info(forged, tmp_path / "forged2.pdf", **{CONTENTS_KEY: info_of(genuine)[f"/{CONTENTS_KEY}"]})
    home = reg.home.path
    assert "第 2 项计量标准第 2 行测量能力的不确定度/准确度等级/最大允许误差“Urel=5×10⁻⁵ (k=2)”" in refused(home, forged)
    assert 'standard 2, capability 2: uncertainty / accuracy class / MPE "Urel=5×10⁻⁵ (k=2)"' in refused(
        home, forged, "en")


def test_the_rows_of_every_standard_are_read_in_one_query(site: tuple[Registry, int]) -> None:
    reg, _sid = site
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM capability" in statement:
            seen.append(statement)

    event.listen(reg.engine, "before_cursor_execute", record)
    try:
        content = svc.statement_spec(reg, USCC, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED).content
    finally:
        event.remove(reg.engine, "before_cursor_execute", record)
    assert len(content["standards"]) == 2 and all(s["capabilities"] for s in content["standards"])
    assert len(seen) == 1, seen


def test_a_standard_with_more_rows_than_a_page_holds_runs_over_pages(tmp_path: Path) -> None:
    reg, sid = make_registry(tmp_path / "home")
    many = [CapabilityInput(f"直流电压 第{n}档", f"(0～{n}) V", None, f"U={n}×10⁻⁶ (k=2)") for n in range(1, 81)]
    assert records.update(reg, "standard", sid, pressure_standard(capabilities=many))
    out = tmp_path / "long.pdf"
    issued = svc.issue_statement(reg, USCC, out, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED)
    pages = pdf_text(out)
    assert issued.pages == len(pages) >= 3
    assert "U=1×10⁻⁶(k=2)" in squeezed(pages[0]) and "U=80×10⁻⁶(k=2)" in squeezed(pages[-1])
    for page in pages[1:]:
        assert "计量标准名称" in page  # the header repeated on each page the rows run over
    (check,) = svc.verify_source(reg, out)
    assert check.genuine and check.page_checked
    reg.close()


def test_a_page_break_falls_between_standards_not_inside_ones_rows() -> None:
    """A standard's rows stay on its page: each page's part of the table ends after a whole
    group (a standard and its three rows here), and the parts together hold every row once."""
    from labregistry.certificates import fonts as fontmod
    from labregistry.certificates.pagedtable import PagedTable

    caps = [{"parameter": f"参数{m}", "range_text": "(0～60) MPa", "accuracy_text": "0.05级", "conditions": None}
            for m in range(3)]
    standards = [{"name": f"标准{n}", "code": "12113100", "certificate_no": f"C{n}", "range_text": "(0～60) MPa",
                  "accuracy_text": "0.05级", "valid_until": "2030-01-01", "capabilities": caps} for n in range(60)]
    st = layout._Styles(fontmod.resolve_fonts("builtin"), "zh")
    rest = layout._statement_standards_table(st, standards)
    assert isinstance(rest, PagedTable)
    sizes = []
    for available in (180.0, 500.0, *[700.0] * 10):
        part, *more = rest.split(layout.CONTENT_W, available)
        height = part.wrap(layout.CONTENT_W, available)[1]
        assert height <= available and (len(part._cellvalues) - 1) % 4 == 0, (available, height)
        sizes.append(len(part._cellvalues) - 1)
        if not more:
            break
        (rest,) = more
    assert sum(sizes) == 60 * 4 and all(sizes)


def test_a_fact_is_found_anywhere_on_the_pages_and_a_missing_one_is_named() -> None:
    """The page check looks for each fact from where the one before it was found first (a
    statement has tens of thousands): a fact printed earlier on the pages still counts."""
    from labregistry.certificates.pagecheck import first_missing
    from labregistry.certificates.payload import Fact

    page = "第1页 甲 0.05级 乙 Urel=5×10⁻⁵ (k=2) 丙 0.05级"
    facts = [Fact("a", "fact.range", v) for v in ("乙", "Urel=5×10⁻⁵ (k=2)", "甲", "0.05级", "丙")]
    assert first_missing(facts, page) is None
    missing = Fact("b", "fact.accuracy", "Urel=5×10⁻⁶ (k=2)")
    assert first_missing([*facts, missing, facts[0]], page) is missing


@pytest.mark.parametrize("kind", ["statement", "certificate"])
def test_a_single_row_restating_the_standard_is_not_printed_twice(tmp_path: Path, kind: str) -> None:
    """A standard recorded before capability rows (or with one plain row) has one row that only
    restates its range and accuracy: the page states them once, the signed content keeps the
    row, and the page check still finds every fact."""
    reg, sid = make_registry(tmp_path / "home")
    try:
        key = svc.unlock(reg, PASSPHRASE)
        out = tmp_path / f"{kind}.pdf"
        if kind == "statement":
            svc.issue_statement(reg, USCC, out, key, issued_on=ISSUED)
            content = svc.statement_spec(reg, USCC, key, issued_on=ISSUED).content["standards"][0]
        else:
            svc.issue_standard(reg, sid, out, key, issued_on=ISSUED)
            content = svc.standard_spec(reg, sid, key, issued_on=ISSUED).content
        assert _rows({"capabilities": content["capabilities"]}) == [(None, "(0～60) MPa", "0.05级", None)]
        text = "".join(pdf_text(out))
        assert text.count("0.05级") == 1 and squeezed(text).count("(0～60)MPa") == 1
        assert "测量能力" not in text
        (check,) = svc.verify_source(reg, out)
        assert check.genuine and check.record_state == "unchanged" and check.page_checked
    finally:
        reg.close()


def test_powers_of_ten_and_a_span_of_uncertainty_are_printed_as_written(tmp_path: Path) -> None:
    """"(1~10⁶)Ω" and "Urel=(2~5)×10⁻⁶, k=2" were refused; read now (1×10⁶; the span's upper end
    for comparisons), the statement prints them as recorded and its page check finds them."""
    reg, sid = make_registry(tmp_path / "home")
    rows = [CapabilityInput("直流电阻", "(1~10⁶)Ω", None, "Urel=(2~5)×10⁻⁶, k=2"),
            CapabilityInput("时间间隔", "(10⁻⁹~10³)s", None, "U=(0.1~0.5)ns, k=2")]
    assert records.update(reg, "standard", sid, pressure_standard(capabilities=rows))
    out = tmp_path / "powers.pdf"
    svc.issue_statement(reg, USCC, out, svc.unlock(reg, PASSPHRASE), issued_on=ISSUED)
    page = squeezed(" ".join(pdf_text(out)))
    for text in ("(1~10⁶)Ω", "Urel=(2~5)×10⁻⁶,k=2", "(10⁻⁹~10³)s", "U=(0.1~0.5)ns,k=2"):
        assert squeezed(text) in page, text
    (check,) = svc.verify_source(reg, out)
    assert check.genuine and check.page_checked
    reg.close()
