"""Bundle workbooks: writing (text never a formula, no booleans, readable layout) and reading
(formulas, hidden/unknown/missing sheets, bad headers and foreign cells refused, by cell)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from labregistry.errors import DomainError
from labregistry.xlsx.canonical import SheetDigest, sheet_digest
from labregistry.xlsx.refs import column_letter
from labregistry.xlsx.workbook import (
    COVER_SHEET,
    META_HEADER,
    ColumnSpec,
    ReadWorkbook,
    SheetSpec,
    read_workbook,
    split_chunks,
    write_workbook,
)

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

STANDARDS = SheetSpec(
    "计量标准 Standards",
    [
        ColumnSpec("certificate_no", "证书编号", "Certificate No.", "text", 22),
        ColumnSpec("name", "标准名称", "Name", "text", 40),
        ColumnSpec("remark", "备注", "Remark", "text"),
        ColumnSpec("count", "数量", "Count", "int"),
        ColumnSpec("uncertainty", "不确定度", "Uncertainty", "float"),
        ColumnSpec("valid_until", "有效期至", "Valid until", "date"),
    ],
)
INSTRUMENTS = SheetSpec(
    "标准器 Instruments",
    [
        ColumnSpec("certificate_no", "证书编号", "Certificate No."),
        ColumnSpec("serial", "出厂编号", "Serial No."),
        ColumnSpec("calibrated_at", "检定时间", "Calibrated at", "date"),
    ],
)
SIGNATURE = "签名 Signature"
SPECS = [STANDARDS, INSTRUMENTS]

STANDARD_ROWS: list[list[Any]] = [
    ["JJG-2024-001", "0.02级活塞式压力计标准装置", None, 3, 0.02, dt.date(2027, 5, 31)],
    ["JJG-2024-002", "=HYPERLINK(\"http://evil\")", "+86 21 5555 0000", 1, 1 / 3, dt.date(2026, 1, 1)],
    ["JJG-2024-003", "-5 ℃～+50 ℃", "@SUM(A1)", 0, 60000000.0, None],
    ["JJG-2024-004", "\t制表符开头", "\r\n换行开头", -7, Decimal("1.25"), dt.datetime(2025, 2, 3)],
    ["JJG-2024-005", "#N/A", "1e5", None, None, dt.datetime(2025, 2, 3, 4, 5, 6)],
]
INSTRUMENT_ROWS: list[list[Any]] = [
    ["JJG-2024-001", "SN 0001", dt.datetime(2024, 3, 1, 9, 30)],
    ["JJG-2024-001", "0002", dt.date(2024, 3, 2)],
]


def write(path: Path, standards: list[list[Any]] | None = None, **kwargs: Any) -> dict[str, SheetDigest]:
    meta = kwargs.pop("meta", None)
    if meta is None:

        def meta(digests: dict[str, SheetDigest]) -> list[tuple[str, str]]:
            return [("manifest", repr(sorted(digests.items()))), ("signature", "c2lnbmF0dXJl")]

    return write_workbook(
        path,
        kwargs.pop("cover", [("机构 Institute", "上海市计量测试技术研究院"), ("说明 Note", "=不是公式")]),
        [(STANDARDS, STANDARD_ROWS if standards is None else standards), (INSTRUMENTS, INSTRUMENT_ROWS)],
        (SIGNATURE, meta),
        **kwargs,
    )


def read(path: Path, **kwargs: Any) -> ReadWorkbook:
    return read_workbook(path, SPECS, SIGNATURE, **kwargs)


def refused(path: Path, code: str) -> DomainError:
    with pytest.raises(DomainError) as info:
        read(path)
    assert info.value.code == code, info.value.render("en")
    assert str(path) in info.value.render("en")
    return info.value


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.xlsx"
    write(path)
    return path


def edit(path: Path, change: Any) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


# ---------------------------------------------------------------- round trip


def test_round_trip(bundle: Path, tmp_path: Path) -> None:
    digests = write(tmp_path / "again.xlsx")
    book = read(bundle)
    assert book.cover_present
    assert list(book.sheets) == [STANDARDS.name, INSTRUMENTS.name]
    assert book.digests == digests
    assert digests[STANDARDS.name] == sheet_digest(STANDARDS.keys, STANDARD_ROWS)
    assert digests[STANDARDS.name].row_count == 5
    assert book.meta["signature"] == "c2lnbmF0dXJl"
    assert book.meta["manifest"] == repr(sorted(digests.items()))
    assert book.data == bundle.read_bytes()
    rows = book.sheets[STANDARDS.name].rows
    assert book.sheets[STANDARDS.name].header_keys == STANDARDS.keys
    assert rows[0] == ["JJG-2024-001", "0.02级活塞式压力计标准装置", None, 3, 0.02, dt.date(2027, 5, 31)]
    assert rows[1][1] == '=HYPERLINK("http://evil")'
    assert rows[1][2] == "+86 21 5555 0000"
    assert rows[1][4] == 0.333333333333333  # 15 significant digits, as spreadsheet programs keep
    assert rows[2][2] == "@SUM(A1)"
    assert rows[2][4] == 60000000.0
    assert rows[3][1:3] == ["\t制表符开头", "\n换行开头"]
    assert rows[3][4] == 1.25
    assert rows[3][5] == dt.date(2025, 2, 3)
    assert rows[4][1:3] == ["#N/A", "1e5"]
    assert rows[4][5] == dt.datetime(2025, 2, 3, 4, 5, 6)
    assert book.sheets[INSTRUMENTS.name].rows == [
        ["JJG-2024-001", "SN 0001", dt.datetime(2024, 3, 1, 9, 30)],
        ["JJG-2024-001", "0002", dt.date(2024, 3, 2)],
    ]


def test_read_accepts_bytes(bundle: Path) -> None:
    book = read_workbook(bundle.read_bytes(), SPECS, SIGNATURE, name="mail-attachment.xlsx")
    assert book.file == "mail-attachment.xlsx"
    assert book.digests == read(bundle).digests


def test_text_is_never_a_formula(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                xml = zf.read(name).decode("utf-8")
                assert not re.search(r"<(\w+:)?f[ >/]", xml), name
                assert ' t="b"' not in xml and ' t="e"' not in xml
    wb = openpyxl.load_workbook(bundle)  # the normal (not read-only) reader agrees
    ws = wb[STANDARDS.name]
    for ref, text in [("B3", '=HYPERLINK("http://evil")'), ("C3", "+86 21 5555 0000"), ("C4", "@SUM(A1)"),
                      ("B5", "\t制表符开头"), ("B6", "#N/A"), ("C6", "1e5")]:
        assert ws[ref].value == text
        assert ws[ref].data_type == "s"
    assert wb[COVER_SHEET]["B2"].value == "=不是公式"
    assert wb[COVER_SHEET]["B2"].data_type == "s"


def test_layout_is_readable(bundle: Path) -> None:
    wb = openpyxl.load_workbook(bundle)
    assert wb.sheetnames == [COVER_SHEET, STANDARDS.name, INSTRUMENTS.name, SIGNATURE]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    ws = wb[STANDARDS.name]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(STANDARDS.headers)
    assert ws["A1"].value == "证书编号 Certificate No."
    assert ws["A1"].font.bold
    assert ws.column_dimensions["A"].width == 22
    assert ws.column_dimensions["B"].width == 40
    assert ws.column_dimensions["C"].width >= 10
    assert ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["F2"].is_date
    sig = wb[SIGNATURE]
    assert [c.value for c in sig[1]] == list(META_HEADER)
    assert sig.freeze_panes == "A2"


def test_no_booleans_or_wrong_types(tmp_path: Path) -> None:
    for bad_row in (
        ["A", "b", None, True, 1.0, None],
        ["A", True, None, 1, 1.0, None],
        ["A", "b", None, 1, False, None],
        ["A", "b", None, 1.5, 1.0, None],
        ["A", 5, None, 1, 1.0, None],
        ["A", "b", None, 1, 1.0, "2024-01-01"],
        ["A", "b", None, 1, 1.0, dt.datetime(2024, 1, 1, tzinfo=dt.UTC)],
    ):
        with pytest.raises(TypeError):
            write(tmp_path / "x.xlsx", [bad_row])
    with pytest.raises(ValueError):
        write(tmp_path / "x.xlsx", [["A", "b"]])
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("row", "code", "cell"),
    [
        (["A", "x" * 32768, None, 1, 1.0, None], "bundle.write.too_long", "B2"),
        (["A", "𠀀" * 16384, None, 1, 1.0, None], "bundle.write.too_long", "B2"),  # UTF-16 units
        (["A", "bell\x07", None, 1, 1.0, None], "bundle.write.illegal_character", "B2"),
        (["A", "\ufffe", None, 1, 1.0, None], "bundle.write.illegal_character", "B2"),
        (["A", "b", "_x0041_", 1, 1.0, None], "bundle.write.escape_sequence", "C2"),
        (["A", "b", "a x005F_ b", 1, 1.0, None], "bundle.write.escape_sequence", "C2"),
        (["A", "b", None, 10**15, 1.0, None], "bundle.write.number_range", "D2"),
        (["A", "b", None, 1, 1e301, None], "bundle.write.number_range", "E2"),
        (["A", "b", None, 1, 5e-324, None], "bundle.write.number_range", "E2"),
        (["A", "b", None, 1, float("nan"), None], "bundle.write.number_range", "E2"),
        (["A", "b", None, 1, float("inf"), None], "bundle.write.number_range", "E2"),
        (["A", "b", None, 1, 1.0, dt.date(1900, 2, 28)], "bundle.write.date_range", "F2"),
    ],
)
def test_values_spreadsheets_would_change_are_refused(tmp_path: Path, row: list[Any], code: str, cell: str) -> None:
    with pytest.raises(DomainError) as info:
        write(tmp_path / "x.xlsx", [row])
    assert info.value.code == code
    assert info.value.params["cell"] == cell
    assert STANDARDS.name in info.value.render("zh")
    assert not (tmp_path / "x.xlsx").exists()


def test_longest_cell_is_written(tmp_path: Path) -> None:
    text = "证" * 32767
    write(tmp_path / "x.xlsx", [["A", text, "𠀀" * 16383, 1, 1.0, None]])
    rows = read(tmp_path / "x.xlsx").sheets[STANDARDS.name].rows
    assert rows[0][1] == text
    assert rows[0][2] == "𠀀" * 16383


def test_long_meta_values_span_cells(tmp_path: Path) -> None:
    manifest = '{"sheets":[' + ",".join(f'"{i}:证书𠀀"' for i in range(12000)) + "]}"
    assert len(manifest) > 3 * 32767
    write(tmp_path / "m.xlsx", meta=[("manifest", manifest), ("signature", "=abc+/==")])
    book = read(tmp_path / "m.xlsx")
    assert book.meta == {"manifest": manifest, "signature": "=abc+/=="}
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx", read_only=True)
    row = next(r for r in wb[SIGNATURE].iter_rows(values_only=True) if r[0] == "manifest")
    assert len([c for c in row if c]) == 1 + len(split_chunks(manifest))
    wb.close()


def test_split_chunks_never_splits_a_character() -> None:
    text = "a𠀀" * 50
    chunks = split_chunks(text, 7)
    assert "".join(chunks) == text
    assert all(len(c.encode("utf-16-le")) // 2 <= 7 for c in chunks)


def test_meta_builder_gets_the_digests(tmp_path: Path) -> None:
    seen: dict[str, SheetDigest] = {}

    def meta(digests: dict[str, SheetDigest]) -> list[tuple[str, str]]:
        seen.update(digests)
        return [("manifest", "m")]

    digests = write(tmp_path / "x.xlsx", meta=meta)
    assert seen == digests
    assert read(tmp_path / "x.xlsx").meta == {"manifest": "m"}


def test_empty_sheets_and_trailing_empty_rows(tmp_path: Path) -> None:
    rows = [["A", None, None, None, None, None], [None] * 6, [None] * 6]
    digests = write(tmp_path / "x.xlsx", rows)
    assert digests[STANDARDS.name].row_count == 1
    book = read(tmp_path / "x.xlsx")
    assert book.sheets[STANDARDS.name].rows == [["A", None, None, None, None, None]]
    assert book.digests == digests
    digests = write(tmp_path / "y.xlsx", [])
    assert read(tmp_path / "y.xlsx").digests == digests
    assert digests[STANDARDS.name].row_count == 0


def test_spec_validation() -> None:
    with pytest.raises(ValueError):
        SheetSpec("a" * 32, [ColumnSpec("k", "中", "en")])
    with pytest.raises(ValueError):
        SheetSpec("a/b", [ColumnSpec("k", "中", "en")])
    with pytest.raises(ValueError):
        SheetSpec("ok", [ColumnSpec("k", "中", "en"), ColumnSpec("k", "中2", "en2")])
    with pytest.raises(ValueError):
        ColumnSpec("k", "中", "en", "bool")  # type: ignore[arg-type]
    assert column_letter(1) == "A" and column_letter(26) == "Z" and column_letter(28) == "AB"


# ---------------------------------------------------------------- refusals on reading


def test_formula_in_a_data_cell_is_refused(bundle: Path) -> None:
    edit(bundle, lambda wb: wb[STANDARDS.name].__setitem__("C12", "=SUM(1,2)"))
    err = refused(bundle, "bundle.formula")
    assert "计量标准 Standards!C12" in err.render("en")
    assert "计量标准 Standards!C12" in err.render("zh")


def test_formula_anywhere_is_refused(tmp_path: Path) -> None:
    for sheet, ref in [(COVER_SHEET, "B1"), (SIGNATURE, "B3"), (INSTRUMENTS.name, "A2"), (STANDARDS.name, "Z9")]:
        path = tmp_path / f"{ref}.xlsx"
        write(path)
        edit(path, lambda wb, s=sheet, r=ref: wb[s].__setitem__(r, "=1+1"))
        err = refused(path, "bundle.formula")
        assert f"{sheet}!{ref}" in err.render("en")


def test_formula_typed_by_hand_in_the_xml_is_refused(bundle: Path, ziptools: Any, tmp_path: Path) -> None:
    parts = ziptools.parts(bundle)
    name = "xl/worksheets/sheet2.xml"
    xml = parts[name].decode("utf-8")
    xml, n = re.subn(r'<c r="D2"( s="\d+")? t="n"><v>3</v></c>', r'<c r="D2"\1><f>1+2</f><v>3</v></c>', xml)
    assert n == 1
    parts[name] = xml.encode("utf-8")
    path = ziptools.rezip(parts, tmp_path / "hand.xlsx")
    err = refused(path, "bundle.formula")
    assert "计量标准 Standards!D2" in err.render("en")


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_is_refused(bundle: Path, state: str) -> None:
    def hide(wb: Any) -> None:
        wb.create_sheet("隐藏 Hidden")["A1"] = "x"
        wb["隐藏 Hidden"].sheet_state = state

    edit(bundle, hide)
    err = refused(bundle, "bundle.hidden_sheet")
    assert "隐藏 Hidden" in err.render("en")


def test_hiding_a_known_sheet_is_refused(bundle: Path) -> None:
    edit(bundle, lambda wb: setattr(wb[INSTRUMENTS.name], "sheet_state", "hidden"))
    refused(bundle, "bundle.hidden_sheet")


def test_extra_sheet_is_refused(bundle: Path) -> None:
    edit(bundle, lambda wb: wb.create_sheet("附加 Extra"))
    err = refused(bundle, "bundle.unknown_sheet")
    assert "附加 Extra" in err.render("zh")


def test_missing_sheet_is_refused(bundle: Path) -> None:
    edit(bundle, lambda wb: wb.remove(wb[INSTRUMENTS.name]))
    err = refused(bundle, "bundle.missing_sheet")
    assert INSTRUMENTS.name in err.render("en")
    path = bundle.with_name("nosig.xlsx")
    write(path)
    edit(path, lambda wb: wb.remove(wb[SIGNATURE]))
    refused(path, "bundle.missing_sheet")


def test_cover_may_be_missing(bundle: Path) -> None:
    edit(bundle, lambda wb: wb.remove(wb[COVER_SHEET]))
    book = read(bundle)
    assert not book.cover_present


def test_bad_headers_are_refused(tmp_path: Path) -> None:
    cases = [
        ("C1", "备注", "C1"),  # changed
        ("G1", "多余 Extra", "G1"),  # an extra column
        ("F1", None, "F1"),  # a missing column
    ]
    for ref, value, named in cases:
        path = tmp_path / f"{ref}.xlsx"
        write(path)
        edit(path, lambda wb, r=ref, v=value: wb[STANDARDS.name].__setitem__(r, v))
        err = refused(path, "bundle.bad_header")
        assert err.params["cell"] == named
        assert STANDARDS.name in err.render("en")


def test_values_outside_the_columns_are_refused(bundle: Path) -> None:
    edit(bundle, lambda wb: wb[INSTRUMENTS.name].__setitem__("E3", "note"))
    err = refused(bundle, "bundle.extra_cell")
    assert f"{INSTRUMENTS.name}!E3" in err.render("en")


@pytest.mark.parametrize(
    ("value", "code"),
    [(True, "bundle.bad_cell"), ("#N/A", "bundle.bad_cell"), (dt.time(12, 0), "bundle.bad_cell")],
)
def test_booleans_errors_and_times_are_refused(bundle: Path, value: Any, code: str) -> None:
    def change(wb: Any) -> None:
        cell = wb[STANDARDS.name]["C2"]
        cell.value = value
        if value == "#N/A":
            assert cell.data_type == "e"

    edit(bundle, change)
    err = refused(bundle, code)
    assert err.params["cell"] == "C2"


def test_wrong_types_are_refused_by_cell(bundle: Path) -> None:
    edit(bundle, lambda wb: wb[STANDARDS.name].__setitem__("D3", "three"))
    err = refused(bundle, "bundle.wrong_type")
    assert "D3" in err.render("en") and "数量 Count" in err.render("zh")


def test_defined_names_are_refused_and_print_areas_too(bundle: Path, tmp_path: Path) -> None:
    """A print area prints the cells it names and no other: a printout without the records
    (docs/bundle-format.md; tests/exchange/test_bundle_redteam.py prints one)."""
    from openpyxl.workbook.defined_name import DefinedName

    printed = tmp_path / "print.xlsx"
    write(printed)
    edit(printed, lambda wb: setattr(wb[STANDARDS.name], "print_area", "A1:F6"))
    assert "Print_Area" in refused(printed, "bundle.defined_name").render("en")

    def add_name(wb: Any) -> None:
        wb.defined_names["Auto_Open"] = DefinedName("Auto_Open", attr_text="[1]Sheet1!$A$1")

    edit(bundle, add_name)
    err = refused(bundle, "bundle.defined_name")
    assert "Auto_Open" in err.render("en")


def test_meta_sheet_shape_is_checked(bundle: Path) -> None:
    edit(bundle, lambda wb: wb[SIGNATURE].append(["manifest", "again"]))
    err = refused(bundle, "bundle.bad_meta")
    assert "manifest" in err.render("en")


def test_row_cap(bundle: Path) -> None:
    with pytest.raises(DomainError) as info:
        read(bundle, max_rows=3)
    assert info.value.code == "bundle.too_many_rows"
    # a single cell far below is refused the same way (how fast: benchmarks/units.py)
    edit(bundle, lambda wb: wb[INSTRUMENTS.name].__setitem__("A1048576", "x"))
    with pytest.raises(DomainError) as info:
        read(bundle)
    assert info.value.code == "bundle.too_many_rows"


def test_broken_xml_inside_a_valid_zip_is_a_clear_error(bundle: Path, ziptools: Any, tmp_path: Path) -> None:
    parts = ziptools.parts(bundle)
    parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"][:-40]
    path = ziptools.rezip(parts, tmp_path / "broken.xlsx")
    err = refused(path, "bundle.unreadable")
    assert "broken.xlsx" in err.render("zh")


def test_preflight_runs_first(bundle: Path, ziptools: Any, tmp_path: Path) -> None:
    parts = ziptools.parts(bundle)
    parts["xl/vbaProject.bin"] = b"\x00" * 10
    refused(ziptools.rezip(parts, tmp_path / "macro.xlsx"), "xlsx.macros")


# ---------------------------------------------------------------- a big sheet


@pytest.mark.slow
def test_a_big_sheet_reads_back_as_written(tmp_path: Path) -> None:
    """5,000 rows x 25 columns: the same digests and rows back (how fast: benchmarks/units.py)."""
    columns = [ColumnSpec(f"t{i}", f"文本{i}", f"Text {i}") for i in range(15)]
    columns += [ColumnSpec(f"i{i}", f"整数{i}", f"Int {i}", "int") for i in range(3)]
    columns += [ColumnSpec(f"f{i}", f"数值{i}", f"Float {i}", "float") for i in range(4)]
    columns += [ColumnSpec(f"d{i}", f"日期{i}", f"Date {i}", "date") for i in range(3)]
    big = SheetSpec("计量标准 Standards", columns)
    rows = [
        [f"JJG {r}-{c} 压力表 =A1" for c in range(15)]
        + [r, -r, r * 1000]
        + [r / 7, r * 1.5, -r / 3, 1e-6 * r]
        + [dt.date(2020, 1, 1) + dt.timedelta(days=r % 3000)] * 3
        for r in range(5000)
    ]
    path = tmp_path / "big.xlsx"
    digests = write_workbook(path, [], [(big, rows)], (SIGNATURE, [("k", "v")]))
    book = read_workbook(path, [big], SIGNATURE)
    assert book.digests == digests
    assert len(book.sheets[big.name].rows) == 5000
    assert book.sheets[big.name].rows[4999][:2] == ["JJG 4999-0 压力表 =A1", "JJG 4999-1 压力表 =A1"]
    assert book.sheets[big.name].rows[4999][15:18] == [4999, -4999, 4999000]


def test_fast_shared_strings_read_like_openpyxl() -> None:
    import io

    from openpyxl.reader.strings import read_string_table

    from labregistry.xlsx.strings import read_shared_strings

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="6" uniqueCount="6">'
        '<si><t xml:space="preserve"> plain  </t></si>'
        '<si><r><rPr><b val="true"/><rFont val="WenQuanYi Zen Hei"/></rPr><t>计量</t></r>'
        '<r><rPr><rFont val="Calibri"/></rPr><t xml:space="preserve"> Standard 1</t></r></si>'
        "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
        "<si><t/></si>"
        "<si><t>a&#10;b&amp;&lt;c&gt;</t></si>"
        "<si><t>_x005F_x0041_ x005F_y</t></si>"
        "</sst>"
    ).encode()
    assert read_shared_strings(io.BytesIO(xml)) == read_string_table(io.BytesIO(xml))
    assert read_shared_strings(io.BytesIO(xml))[:3] == [" plain  ", "计量 Standard 1", "東京"]
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><sst><si><t>&a;</t></si></sst>'
    with pytest.raises(ValueError):
        read_shared_strings(io.BytesIO(bomb))


def test_absurd_numbers_in_the_xml_are_refused_cleanly(bundle: Path, ziptools: Any, tmp_path: Path) -> None:
    parts = ziptools.parts(bundle)
    name = "xl/worksheets/sheet2.xml"
    for i, literal in enumerate(("1" + "0" * 400, "1e400", "INF")):
        xml = parts[name].decode("utf-8")
        xml, n = re.subn(r'(<c r="D2"[^>]*><v>)3(</v>)', rf"\g<1>{literal}\g<2>", xml)
        assert n == 1
        path = ziptools.rezip({**parts, name: xml.encode("utf-8")}, tmp_path / f"n{i}.xlsx")
        with pytest.raises(DomainError) as info:
            read(path)
        assert info.value.code in ("bundle.bad_cell", "bundle.unreadable")
        assert str(path) in info.value.render("en")
