"""The fast sheet reader (labregistry.xlsx.sheetxml) reads exactly what openpyxl reads.

``read_workbook(engine="auto")`` (the default) reads sheets with sheetxml where their XML is
within its subset and with openpyxl otherwise; ``engine="openpyxl"`` is openpyxl alone. The
two must agree on every file: the same typed rows (types included), digests, meta and cover,
or the same refusal (code, parameters, message). ``engine="fast"`` (no fallback) must cover
every file that spreadsheet programs and this project write, so the fast path is really the
one taken for real bundles.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.xlsx import sheetxml
from labregistry.xlsx.canonical import SheetDigest
from labregistry.xlsx.workbook import ColumnSpec, SheetSpec, read_workbook, write_workbook
from tests.exchange.sites import make_site
from tests.xlsx.test_canonical import FIXED_FLOATS, TRICKY_TEXT, random_value

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

SIGNATURE = "签名 Signature"
EDGE = SheetSpec("计量标准 Standards", [
    ColumnSpec("t1", "文本", "Text"),
    ColumnSpec("t2", "文本二", "Text 2"),
    ColumnSpec("i", "整数", "Int", "int"),
    ColumnSpec("f", "数值", "Float", "float"),
    ColumnSpec("d", "日期", "Date", "date"),
])
SMALL = SheetSpec("标准器 Instruments", [ColumnSpec("a", "甲", "A"), ColumnSpec("n", "数", "N", "int")])
SPECS = [EDGE, SMALL]


def edge_rows() -> list[list[Any]]:
    rnd = random.Random(5)
    rows: list[list[Any]] = [
        ["纯文本", "𠀀 emoji 😀 e\u0301", 0, 0.0, dt.date(1900, 3, 1)],
        ["=1+1", "+86 21", -5, -1.5, dt.datetime(2024, 1, 2, 3, 4, 5)],
        ["@SUM(A1)", "-5", 10**15 - 1, 1 / 3, dt.datetime(2024, 2, 29, 23, 59, 59)],
        ["#N/A", "TRUE", -(10**15) + 1, 123456.78901234567, dt.date(9999, 12, 31)],
        ["\t制表", "a\r\nb\rc\nd", None, 1e-300, None],
        ["  两端空格  ", " ", 7, 1e300, dt.datetime(2000, 1, 1, 0, 0, 1)],
        ["& < > \" ' &amp; &#13;", "]]> <![CDATA[x]]>", 1, 60000000.0, dt.date(2024, 1, 2)],
        [None, None, None, None, None],  # an empty row between records is kept
        ["证" * 32767, "𠀀" * 16383, 2, 2.5e-7, dt.date(2030, 6, 30)],
    ]
    rows += [[t, None, None, None, None] for t in TRICKY_TEXT]
    rows += [[None, None, None, f, None] for f in FIXED_FLOATS]
    for _ in range(150):
        rows.append([random_value(rnd, c.type) for c in EDGE.columns])
    return rows


def write_edge(path: Path) -> dict[str, SheetDigest]:
    return write_workbook(
        path, [("说明 Note", "=不是公式"), ("机构", "上海")],
        [(EDGE, edge_rows()), (SMALL, [["x", 1], ["y", None], [None, None]])],
        (SIGNATURE, [("manifest", '{"a":"上海 𠀀 & < >"}'), ("signature", "=+/AA==")]),
    )


def outcome(source: Path | bytes, engine: str, specs: Any = SPECS, meta: str = SIGNATURE) -> tuple[Any, ...]:
    """What a reader makes of ``source``: the refusal, or everything it read (types included)."""
    try:
        book = read_workbook(source, specs, meta, name="bundle.xlsx", engine=engine)  # type: ignore[arg-type]
    except DomainError as exc:
        return ("refused", exc.code, exc.params, exc.render("en"), exc.render("zh"))
    rows = {name: [[(type(v).__name__, v) for v in row] for row in sheet.rows] for name, sheet in book.sheets.items()}
    return ("read", book.digests, book.meta, book.cover_present, rows)


def assert_same(source: Path | bytes, *, fast_covers: bool = False, specs: Any = SPECS,
                meta: str = SIGNATURE) -> tuple[Any, ...]:
    slow = outcome(source, "openpyxl", specs, meta)
    assert outcome(source, "auto", specs, meta) == slow
    try:
        fast = outcome(source, "fast", specs, meta)
    except sheetxml.Unsupported:
        assert not fast_covers, "the fast reader should cover this file"
    else:
        assert fast == slow
    return slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, lo_convert: Any) -> dict[str, Path]:
    """Edge values and a real signed bundle, as written, as openpyxl saves them again, and as
    LibreOffice saves them (one LibreOffice run)."""
    folder = tmp_path_factory.mktemp("fast-reader")
    edge = folder / "edge.xlsx"
    write_edge(edge)
    site = make_site(folder, "A", standards=40, seed=3, sqlite=True)  # the readers are the subject, not the engine
    real = site.export(folder / "real.xlsx")
    out = {"edge": edge, "real": real}
    for name in ("edge", "real"):
        wb = openpyxl.load_workbook(out[name])
        resaved = folder / f"{name}-openpyxl.xlsx"
        wb.save(resaved)
        out[f"{name}-openpyxl"] = resaved
    converted = lo_convert([edge, real], folder / "lo")
    out["edge-libreoffice"], out["real-libreoffice"] = converted
    return out


def specs_of(name: str) -> tuple[Any, str]:
    return (schema.SPECS, schema.META_SHEET) if name.startswith("real") else (SPECS, SIGNATURE)


@pytest.mark.parametrize("name", ["edge", "real", "edge-openpyxl", "real-openpyxl", "edge-libreoffice",
                                  "real-libreoffice"])
def test_the_fast_reader_reads_the_corpus_exactly(corpus: dict[str, Path], name: str) -> None:
    specs, meta = specs_of(name)
    result = assert_same(corpus[name], fast_covers=True, specs=specs, meta=meta)
    assert result[0] == "read", result[1:4]


def test_the_corpus_is_what_it_claims(corpus: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(corpus["edge-libreoffice"]) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()  # LibreOffice's shared strings, not our inline ones
    with zipfile.ZipFile(corpus["edge"]) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml").decode()
        assert 't="inlineStr"' in xml and "&amp;amp;" in xml and "]]&gt;" in xml
    book = read_workbook(corpus["edge-libreoffice"], SPECS, SIGNATURE)
    assert book.sheets[EDGE.name].rows[0][:2] == ["纯文本", "𠀀 emoji 😀 e\u0301"]


# ---------------------------------------------------------------- refusals: the same, whoever reads


def _edit(path: Path, part: str, change: Any, tmp: Path, ziptools: Any) -> Path:
    parts = ziptools.parts(path)
    xml = parts[part].decode("utf-8")
    new = change(xml)
    assert new != xml, "the edit must change something"
    parts[part] = new.encode("utf-8")
    return ziptools.rezip(parts, tmp / "edited.xlsx")


SHEET = "xl/worksheets/sheet2.xml"  # 计量标准 Standards


def _row_ends(xml: str, cell: str, rows: tuple[int, ...] = (1, 2)) -> str:
    """``xml`` with ``cell`` (``#`` standing for the row number) added at the end of ``rows``."""
    for number in rows:
        added = cell.replace("#", str(number))
        xml = re.sub(rf'(<row r="{number}"[^>]*>.*?)</row>', lambda m, added=added: m.group(1) + added + "</row>",
                     xml, count=1, flags=re.DOTALL)
    return xml

EDITS: dict[str, Any] = {
    "formula": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2"><f>1+1</f><v>2</v></c>'),
    "boolean": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="b"><v>1</v></c>'),
    "error": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="e"><v>#N/A</v></c>'),
    "str type": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="str"><v>0</v></c>'),
    "text in an int column": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>',
                                                 '<c r="C2" t="inlineStr"><is><t>zero</t></is></c>'),
    "float in an int column": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="n"><v>0.5</v></c>'),
    "integral float in an int column": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>',
                                                           '<c r="C2" t="n"><v>2.0</v></c>'),
    "number in a text column": lambda x: re.sub(r'<c r="A2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                                                '<c r="A2" t="n"><v>5</v></c>', x),
    "date style on a number column": lambda x: x.replace('<c r="D2" t="n">', '<c r="D2" s="2" t="n">', 1),
    "huge integer": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', f'<c r="C2" t="n"><v>{"9" * 400}</v></c>'),
    "too many digits": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', f'<c r="C2" t="n"><v>{"9" * 5000}</v></c>'),
    "infinity": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="n"><v>1e400</v></c>'),
    "INF": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="n"><v>INF</v></c>'),
    "date out of range": lambda x: x.replace('<c r="E2" s="2" t="n"><v>61</v></c>',
                                             '<c r="E2" s="2" t="n"><v>99999999</v></c>'),
    "time without a date": lambda x: x.replace('<c r="E2" s="2" t="n"><v>61</v></c>',
                                               '<c r="E2" s="2" t="n"><v>0.5</v></c>'),
    "shared string out of range": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="s"><v>7</v></c>'),
    "extra cell": lambda x: _row_ends(x, '<c r="Z#" t="inlineStr"><is><t>note</t></is></c>'),
    "extra cell far to the right": lambda x: _row_ends(x, '<c r="AAB#" t="inlineStr"><is><t>n</t></is></c>'),
    "empty cell far to the right": lambda x: _row_ends(x, '<c r="XFD#" s="1"/>'),
    "column past ZZZ": lambda x: _row_ends(x, '<c r="AAAA#" t="inlineStr"><is><t>n</t></is></c>'),
    "empty extra cell": lambda x: _row_ends(x, '<c r="Z#" t="inlineStr"><is><t></t></is></c>'),
    "styled empty extra cell": lambda x: _row_ends(x, '<c r="Z#" s="1"/>'),
    "cells out of order": lambda x: _row_ends(x.replace('<c r="C2" t="n"><v>0</v></c>', "", 1),
                                              '<c r="C2" t="n"><v>0</v></c>', rows=(2,)),
    "a cell out of order far to the right": lambda x: x.replace(
        '<c r="C2" t="n"><v>0</v></c>', '<c r="AZ2" t="inlineStr"><is><t>REVOKED</t></is></c><c r="C2" t="n"><v>0</v>'
        "</c>", 1),
    "a cell twice": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="n"><v>0</v></c>'
                                        '<c r="C2" t="n"><v>1</v></c>', 1),
    "a cell naming the row below": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C3" t="n"><v>0</v></c>',
                                                       1),
    "a cell naming the row below, without a reference after it": lambda x: x.replace(
        '<c r="C2" t="n"><v>0</v></c>', '<c r="C3" t="n"><v>0</v></c><c t="n"><v>5</v></c>', 1),
    "a row twice": lambda x: x.replace('<row r="3">', '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
                                       '<row r="3">', 1),
    "rows out of order": lambda x: x.replace('<row r="3">', '<row r="2">', 1),
    "row zero": lambda x: x.replace('<row r="3">', '<row r="0">', 1),
    "row without number": lambda x: x.replace('<row r="3">', "<row>", 1),
    "cell without reference": lambda x: x.replace('<c r="C2" t="n">', '<c t="n">', 1),
    "row part of a reference differs": lambda x: x.replace('<c r="C2" t="n">', '<c r="C9" t="n">', 1),
    "lower-case reference": lambda x: x.replace('<c r="C2" t="n">', '<c r="c2" t="n">', 1),
    "rich text": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><r><t>\1</t></r></is>", x, count=1),
    "phonetic run": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r'<is><t>\1</t><rPh sb="0" eb="1"><t>x</t>'
                                     r"</rPh></is>", x, count=1),
    "comment between cells": lambda x: x.replace("</c><c", "</c><!-- hidden --><c", 1),
    "CDATA text": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t><![CDATA[\1]]></t></is>", x, count=1),
    "processing instruction": lambda x: x.replace("</c><c", "</c><?pi x?><c", 1),
    "whitespace between tags": lambda x: x.replace("</c><c", "</c>\n<c", 1),
    "character reference": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t>&#x41;&#66;&lt;\1</t></is>", x,
                                            count=1),
    "carriage return reference": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t>a&#13;b\1</t></is>", x,
                                                  count=1),
    "literal carriage return": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", "<is><t>a\r\nb\rc\\1</t></is>", x,
                                                count=1),
    "unknown entity": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t>&nbsp;\1</t></is>", x, count=1),
    "bare ampersand": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t>a & b</t></is>", x, count=1),
    "reference to NUL": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", r"<is><t>&#0;</t></is>", x, count=1),
    "control character": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", "<is><t>\x01</t></is>", x, count=1),
    "U+FFFE": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", "<is><t>\ufffe</t></is>", x, count=1),
    "]]> in text": lambda x: re.sub(r"<is><t>([^<]*)</t></is>", "<is><t>a]]>b</t></is>", x, count=1),
    "default namespace on a row": lambda x: x.replace('<row r="3">', '<row r="3" xmlns="urn:other">', 1),
    "namespace on sheetData": lambda x: x.replace("<sheetData>", '<sheetData xmlns="urn:other">', 1),
    "other namespace on the root": lambda x: x.replace('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                                       'main"', 'xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"'),
    "prefixed rows": lambda x: x.replace("<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                         'spreadsheetml/2006/main" ', 1).replace("<row ", "<x:row ").replace(
        "</row>", "</x:row>"),
    "unbound prefix on a row attribute": lambda x: x.replace('<row r="3">', '<row r="3" x14ac:dyDescent="0.25">', 1),
    "bound prefix on a row attribute": lambda x: x.replace("<worksheet ", '<worksheet xmlns:x14ac="urn:x14ac" ', 1
                                                           ).replace('<row r="3">', '<row r="3" x14ac:dyDescent="0.25"'
                                                                     ' spans="1:5" ht="15">', 1),
    "duplicate row attribute": lambda x: x.replace('<row r="3">', '<row r="3" ht="1" ht="2">', 1),
    "row outside sheetData": lambda x: x.replace("<pageMargins", '<row r="99"><c r="A99" t="inlineStr"><is><t>x</t>'
                                                 "</is></c></row><pageMargins", 1),
    "second sheetData": lambda x: x.replace("<pageMargins", "<sheetData/><pageMargins", 1),
    "bad page margins": lambda x: x.replace('<pageMargins left="0.75"', '<pageMargins left="wide"', 1),
    "broken XML after the rows": lambda x: x.replace("</worksheet>", "</worksheet", 1),
    "broken XML in a cell": lambda x: x.replace('<c r="C2" t="n"><v>0</v></c>', '<c r="C2" t="n"><v>0</c>', 1),
    "dimension declared": lambda x: x.replace("<sheetViews>", '<dimension ref="A1:B2"/><sheetViews>', 1),
    "empty rows written": lambda x: x.replace("</sheetData>", '<row r="90000" /></sheetData>', 1),
    "a row far below": lambda x: x.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x'
                                           "</t></is></c></row></sheetData>", 1),
    "no rows at all": lambda x: re.sub(r"<sheetData>.*</sheetData>", "<sheetData/>", x, flags=re.S),
    "header changed": lambda x: x.replace("文本 Text", "文本 Txt", 1),
    "space before the end of an empty cell": lambda x: _row_ends(x, '<c r="Z#" s="1" />'),
    # white space at an end of a text needs xml:space="preserve" (bundle.loose_space); white
    # space alone does not (the writer and openpyxl write " " without it), and may have it
    "spaces at the ends, not preserved": lambda x: x.replace('<t xml:space="preserve">  两端空格  </t>',
                                                             "<t>  两端空格  </t>", 1),
    "a tab first, not preserved": lambda x: x.replace('<t xml:space="preserve">\t制表</t>', "<t>\t制表</t>", 1),
    "a space as a reference, not preserved": lambda x: x.replace('<t xml:space="preserve">  两端空格  </t>',
                                                                 "<t>&#32; 两端空格 &#32;</t>", 1),
    "a space alone, preserved": lambda x: x.replace("<t> </t>", '<t xml:space="preserve"> </t>', 1),
}


#: what every reader must make of each edit: the refusal's code; "read" (the same digests as
#: the file written: the edit changes nothing a reader sees); "read, other digests" (the values
#: differ from what was signed: a bundle's signature check refuses it)
EXPECTED: dict[str, str] = {
    'CDATA text': 'read',
    'INF': 'bundle.unreadable',
    'U+FFFE': 'bundle.unreadable',
    ']]> in text': 'bundle.unreadable',
    'a cell naming the row below': 'bundle.cell_order',
    'a cell naming the row below, without a reference after it': 'bundle.cell_order',
    'a cell out of order far to the right': 'bundle.cell_order',
    'a cell twice': 'bundle.cell_order',
    'a row far below': 'bundle.too_many_rows',
    'a row twice': 'bundle.row_order',
    'bad page margins': 'bundle.unreadable',
    'bare ampersand': 'bundle.unreadable',
    'boolean': 'bundle.bad_cell',
    'bound prefix on a row attribute': 'read',
    'broken XML after the rows': 'bundle.unreadable',
    'broken XML in a cell': 'bundle.unreadable',
    'carriage return reference': 'bundle.bad_header',
    'cell without reference': 'read',
    'cells out of order': 'bundle.cell_order',
    'character reference': 'bundle.bad_header',
    'column past ZZZ': 'bundle.unreadable',
    'comment between cells': 'read',
    'control character': 'bundle.unreadable',
    'date out of range': 'bundle.bad_cell',
    'date style on a number column': 'bundle.bad_cell',
    'default namespace on a row': 'read, other digests',
    'dimension declared': 'read',
    'duplicate row attribute': 'bundle.unreadable',
    'empty cell far to the right': 'read',
    'empty extra cell': 'bundle.extra_cell',
    'empty rows written': 'read',
    'error': 'bundle.bad_cell',
    'extra cell': 'bundle.bad_header',
    'extra cell far to the right': 'bundle.bad_header',
    'float in an int column': 'bundle.wrong_type',
    'formula': 'bundle.formula',
    'header changed': 'bundle.bad_header',
    'huge integer': 'bundle.bad_cell',
    'infinity': 'bundle.bad_cell',
    'integral float in an int column': 'read, other digests',
    'literal carriage return': 'bundle.bad_header',
    'lower-case reference': 'read',
    'namespace on sheetData': 'bundle.bad_header',
    'no rows at all': 'bundle.bad_header',
    'number in a text column': 'bundle.wrong_type',
    'other namespace on the root': 'bundle.bad_header',
    'phonetic run': 'bundle.rich_text',
    'prefixed rows': 'read',
    'processing instruction': 'read',
    'reference to NUL': 'bundle.unreadable',
    'rich text': 'bundle.rich_text',
    'row outside sheetData': 'bundle.row_order',
    'row part of a reference differs': 'bundle.cell_order',
    'row without number': 'read',
    'row zero': 'bundle.row_order',
    'rows out of order': 'bundle.row_order',
    'second sheetData': 'read',
    'shared string out of range': 'bundle.unreadable',
    'space before the end of an empty cell': 'read',
    'str type': 'bundle.cell_kind',  # no program writes t="str" without a formula
    'spaces at the ends, not preserved': 'bundle.loose_space',
    'a tab first, not preserved': 'bundle.loose_space',
    'a space as a reference, not preserved': 'bundle.loose_space',
    'a space alone, preserved': 'read',
    'styled empty extra cell': 'read',
    'text in an int column': 'bundle.wrong_type',
    'time without a date': 'bundle.bad_cell',
    'too many digits': 'bundle.unreadable',
    'unbound prefix on a row attribute': 'bundle.unreadable',
    'unknown entity': 'bundle.unreadable',
    'whitespace between tags': 'read',
}


def test_every_edit_has_its_expected_outcome() -> None:
    assert sorted(EXPECTED) == sorted(EDITS)


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_reader_gives_the_same_answer(edit: str, tmp_path: Path, ziptools: Any) -> None:
    """The same answer from each reader, and the right one: agreeing on an attack is not enough."""
    path = tmp_path / "edge.xlsx"
    written = write_edge(path)
    edited = _edit(path, SHEET, EDITS[edit], tmp_path, ziptools)
    result = assert_same(edited)
    if result[0] == "refused":
        assert result[1] == EXPECTED[edit], result[3]
    else:
        assert EXPECTED[edit] == ("read" if result[1] == written else "read, other digests")


def test_the_edits_exercise_both_paths(tmp_path: Path, ziptools: Any) -> None:
    """Some edits stay within the fast reader's subset (its own refusals come from the shared
    checks), others leave it (openpyxl reads them): both kinds are in the list above."""
    path = tmp_path / "edge.xlsx"
    write_edge(path)
    covered, fallen_back = set(), set()
    for name in ("text in an int column", "extra cell", "huge integer", "formula", "rich text", "comment between cells",
                 "unknown entity", "bound prefix on a row attribute", "character reference"):
        edited = _edit(path, SHEET, EDITS[name], tmp_path, ziptools)
        try:
            outcome(edited, "fast")
        except sheetxml.Unsupported:
            fallen_back.add(name)
        else:
            covered.add(name)
    assert {"text in an int column", "extra cell", "huge integer", "bound prefix on a row attribute",
            "character reference"} <= covered
    assert {"formula", "rich text", "comment between cells", "unknown entity"} <= fallen_back


# ---------------------------------------------------------------- random edits


_SNIPPETS = ["<", ">", "&", "&amp;", "&#13;", "&#0;", "&lt;", "\r", "\x01", "]]>", "<!-- c -->", "<![CDATA[x]]>",
             ' t="b"', ' t="e"', ' t="s"', ' t="str"', ' s="2"', ' s="1"', "<f>1</f>", "<v>1</v>", "<v>1.5</v>",
             "<v>x</v>", "</c>", '<c r="A2">', '<c r="B2" t="inlineStr"><is><t>q</t></is></c>', "</row>",
             '<row r="3">', '<row r="2">', ' xmlns="urn:x"', "x:", '"', "'", " ", "\n", "0", "9", "A", "Z",
             "<is>", "</is>", "<t>", "</t>", "<t/>", "<v/>", "<is/>", "e5", "-", "."]


def _mutate(xml: str, rnd: random.Random) -> str:
    start = xml.index("<sheetData")
    end = xml.index("</worksheet>")
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(start, end)
        choice = rnd.random()
        if choice < 0.5:
            xml = xml[:at] + rnd.choice(_SNIPPETS) + xml[at:]
        elif choice < 0.75:
            xml = xml[:at] + xml[at + rnd.randint(1, 12):]
        else:
            span = xml[at:at + rnd.randint(1, 40)]
            xml = xml[:at] + span + xml[at:]
    return xml


def test_random_edits_are_read_alike(tmp_path: Path, ziptools: Any) -> None:
    base = tmp_path / "base.xlsx"
    write_workbook(base, [("说明", "x")], [(EDGE, edge_rows()[:12]), (SMALL, [["x", 1]])], (SIGNATURE, [("k", "v")]))
    parts = ziptools.parts(base)
    rnd = random.Random(20261127)
    kinds: dict[str, int] = {}
    for _ in range(160):
        part = rnd.choice([SHEET, "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"])
        mutated = dict(parts)
        mutated[part] = _mutate(parts[part].decode("utf-8"), rnd).encode("utf-8", "surrogatepass")
        data = ziptools.rezip(mutated, tmp_path / "m.xlsx").read_bytes()
        result = assert_same(data)
        key = result[0] if result[0] == "read" else result[1]
        kinds[key] = kinds.get(key, 0) + 1
    assert len(kinds) >= 4, kinds  # reads and several kinds of refusal


# ---------------------------------------------------------------- the checks' caches and limits


def test_row_and_cell_caps_are_the_same(tmp_path: Path) -> None:
    path = tmp_path / "edge.xlsx"
    write_edge(path)
    for engine in ("openpyxl", "auto", "fast"):
        with pytest.raises(DomainError) as info:
            read_workbook(path, SPECS, SIGNATURE, max_rows=20, engine=engine)  # type: ignore[arg-type]
        assert info.value.code == "bundle.too_many_rows"
        assert info.value.params["sheet"] == EDGE.name


def test_many_files_with_the_same_workbook_parts(tmp_path: Path) -> None:
    """The workbook-level parts are remembered: files that share them still read as themselves."""
    books = []
    for n in range(3):
        path = tmp_path / f"b{n}.xlsx"
        write_workbook(path, [("n", str(n))], [(EDGE, [[f"row {n}", None, n, None, None]]), (SMALL, [])],
                       (SIGNATURE, [("k", f"v{n}")]))
        books.append(path)
    for n, path in enumerate(books):
        book = read_workbook(path, SPECS, SIGNATURE)
        assert book.sheets[EDGE.name].rows == [[f"row {n}", None, n, None, None]]
        assert book.meta == {"k": f"v{n}"}
        assert outcome(path, "auto") == outcome(path, "openpyxl")


def test_writer_output_as_a_person_sees_it(tmp_path: Path) -> None:
    """Every cell of every sheet as openpyxl's full reader (what Excel shows) sees it."""
    path = tmp_path / "edge.xlsx"
    write_edge(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[EDGE.name]
    assert ws.freeze_panes == "A2"
    for cell in ws[1]:
        assert cell.font.bold and cell.fill.fgColor.rgb == "00DDEBF7" and cell.alignment.wrap_text
    row3 = [c.value for c in ws[3]]
    assert row3[:4] == ["=1+1", "+86 21", -5, -1.5]
    assert ws["A3"].data_type == "s"
    assert ws["E2"].number_format == "yyyy-mm-dd" and ws["E2"].is_date
    assert ws["E3"].number_format == "yyyy-mm-dd hh:mm:ss" and ws["E3"].value == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert ws["B6"].value == "a\nb\nc\nd"
    cover = wb["封面 Cover"]
    assert cover["A1"].font.bold and cover["B1"].alignment.wrap_text
    assert cover["B1"].value == "=不是公式" and cover["B1"].data_type == "s"
    sig = wb[SIGNATURE]
    assert sig.freeze_panes == "A2" and sig["A2"].font.bold
    assert [c.value for c in sig[1]] == ["键 Key", "值 Value"]


def test_remembered_workbook_parts_never_hide_a_change(tmp_path: Path, ziptools: Any) -> None:
    """A file whose workbook-level parts differ from one read before is read as itself."""
    path = tmp_path / "edge.xlsx"
    write_edge(path)
    assert outcome(path, "auto")[0] == "read"
    parts = ziptools.parts(path)
    hidden = dict(parts)
    hidden["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible" r:id="rId3"',
                                                                 b'state="hidden" r:id="rId3"')
    assert hidden["xl/workbook.xml"] != parts["xl/workbook.xml"]
    result = assert_same(ziptools.rezip(hidden, tmp_path / "hidden.xlsx"))
    assert result[1] == "bundle.hidden_sheet"
    not_a_date = dict(parts)
    not_a_date["xl/styles.xml"] = parts["xl/styles.xml"].replace(b'formatCode="yyyy-mm-dd"', b'formatCode="0.00"')
    result = assert_same(ziptools.rezip(not_a_date, tmp_path / "styles.xlsx"))
    assert result[1] == "bundle.number_format"  # the dates are numbers now, shown rounded: refused
    assert outcome(path, "auto")[0] == "read"


def test_remembered_numbers_keep_their_canonical_form() -> None:
    from labregistry.xlsx.canonical import canonical_number

    assert canonical_number(1) == canonical_number(1.0) == "1"
    assert canonical_number(-0.0) == canonical_number(0.0) == canonical_number(0) == "0"
    assert canonical_number(10**20) == canonical_number(1e20) == "1e+20"
    assert canonical_number(2**53 + 1) == canonical_number(float(2**53)) == "9.00719925474099e+15"
    for _ in range(2):  # a remembered 1 does not let True through
        with pytest.raises(TypeError):
            canonical_number(True)
        for bad in (float("nan"), float("inf"), -float("inf")):
            with pytest.raises(ValueError):
                canonical_number(bad)


def test_sheets_read_in_pieces_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The content of a sheet is tokenised a piece at a time, each piece ending after a
    ``</row>``: tiny pieces give the same rows as one piece."""
    path = tmp_path / "edge.xlsx"
    write_edge(path)
    whole = outcome(path, "fast")
    monkeypatch.setattr(sheetxml, "CHUNK", 64)
    assert outcome(path, "fast") == whole == outcome(path, "openpyxl")
