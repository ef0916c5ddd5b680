"""A hostile peer against "what is signed is what is seen", second round (docs/bundle-format.md,
"What people see"; test_bundle_seen.py holds the first).

Each attack edits the XML of a genuine signed bundle and keeps every signed value as
openpyxl reads it, so the signature and the digests still hold; each one was first seen to
pass `verify`, and LibreOffice 7.4 was seen to show something else (its .ods conversion, or
its PDF: :func:`test_libreoffice_shows_what_the_attacks_claim`). `verify` and `import` run as
processes on the receiver's home: exit 1, one `error:` line, the refusal's code, and the
receiver's database exactly as it was.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from labregistry.exchange import schema
from tests.conftest import run_cli
from tests.exchange.sites import cli, refused
from tests.exchange.test_bundle_seen import (
    STANDARDS,
    STYLES,
    Parts,
    World,
    add_to_list,
    libreoffice,
    make_world,
    parts_of,
    refused_alike,
    refused_by_commands,
    shared_string,
    sheet_xml,
    standards_c2,
    style_cell,
    write_parts,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("redteam"))


NEVER_SHOWN = '<xf numFmtId="180" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
WHITE_TEXT = '<font><color rgb="FFFFFFFF"/><sz val="11"/><name val="Calibri"/></font>'


def new_style(parts: Parts, xf: str, *, code: str = "", font: str = "") -> int:
    """Add a cell format to styles.xml (with the number format ``code`` as id 180, and the
    font ``font`` as ``{font}``); its index in ``cellXfs``."""
    styles = parts[STYLES]
    if code:
        styles = styles.replace(b"</numFmts>", f'<numFmt numFmtId="180" formatCode="{code}"/></numFmts>'.encode())
    font_id = 0
    if font:
        styles, font_id = add_to_list(styles, "fonts", font)
    styles, index = add_to_list(styles, "cellXfs", xf.format(font=font_id))
    parts[STYLES] = styles
    return index


def row_format(parts: Parts) -> None:
    """Row 2 formatted ";;;" (shows nothing): LibreOffice gives a row's format to the cells
    of the row written without ``s=``, which every cell of the exporter is."""
    index = new_style(parts, NEVER_SHOWN, code=";;;")
    parts[STANDARDS] = parts[STANDARDS].replace(b'<row r="2">', f'<row r="2" s="{index}" customFormat="1">'.encode())


def column_format(parts: Parts) -> None:
    """Column B (the certificate numbers) in white: LibreOffice takes a column's style as
    the default of its cells written without ``s=``."""
    index = new_style(parts, '<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
                      font=WHITE_TEXT)
    text = parts[STANDARDS].decode()
    new, count = re.subn(r'(<col width="[0-9.]+" customWidth="1") (min="2" max="2"/>)',
                         lambda m: f'{m.group(1)} style="{index}" {m.group(2)}', text, count=1)
    assert count == 1
    parts[STANDARDS] = new.encode()


def status_cell(parts: Parts, replacement: Callable[[str], str]) -> None:
    """Rewrite the status cell (column X) of row 2, whose signed value is ``expired``."""
    text = parts[STANDARDS].decode()
    found = re.search(r'<c r="X2" t="inlineStr"><is><t>([a-z]+)</t></is></c>', text)
    assert found is not None and found.group(1) == "expired"
    parts[STANDARDS] = (text[:found.start()] + replacement(found.group(1)) + text[found.end():]).encode()


def number_twice(parts: Parts) -> None:
    """A number cell with a second ``<v>``: openpyxl reads the first, LibreOffice shows the last."""
    text = parts[STANDARDS].decode()
    found = re.search(r'<c r="Q2" t="n"><v>([^<]*)</v></c>', text)
    assert found is not None and float(found.group(1)) != 0.5
    parts[STANDARDS] = (text[:found.end() - 4] + "<v>0.5</v></c>" + text[found.end():]).encode()


def note_on_x2(style: str) -> Callable[[Parts], None]:
    """A comment on X2 ("expired") saying "已撤销 REVOKED", its box drawn with ``style``."""
    vml = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202" '
        f'style="{style}" fillcolor="#ffffe1"><v:textbox><div/></v:textbox><x:ClientData ObjectType="Note">'
        "<x:MoveWithCells/><x:SizeWithCells/><x:Row>1</x:Row><x:Column>23</x:Column></x:ClientData></v:shape></xml>")
    comments = ('<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>x'
                '</author></authors><commentList><comment ref="X2" authorId="0"><text><t>已撤销 REVOKED</t></text>'
                "</comment></commentList></comments>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def attack(parts: Parts) -> None:
        parts["xl/drawings/vmlDrawing1.vml"] = vml.encode()
        parts["xl/comments1.xml"] = comments.encode()
        parts["xl/worksheets/_rels/sheet3.xml.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
            f'<Relationship Id="rId2" Type="{rel}/comments" Target="../comments1.xml"/></Relationships>').encode()
        parts[STANDARDS] = parts[STANDARDS].replace(
            b"</worksheet>", f'<legacyDrawing xmlns:r="{rel}" r:id="rId1"/></worksheet>'.encode())
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
            '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
            '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.comments+xml"/></Types>').encode())

    return attack


SYMBOL_THEME = (
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="x"><a:themeElements>'
    '<a:fontScheme name="x"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/>'
    '</a:majorFont><a:minorFont><a:latin typeface="Wingdings"/><a:ea typeface="Wingdings"/><a:cs typeface=""/>'
    "</a:minorFont></a:fontScheme></a:themeElements></a:theme>")


def symbol_theme(parts: Parts) -> None:
    """A theme part whose body font is Wingdings."""
    parts["xl/theme/theme1.xml"] = SYMBOL_THEME.encode()
    sheet_xml("xl/_rels/workbook.xml.rels", "</Relationships>", (
        '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" '
        'Target="theme/theme1.xml"/></Relationships>'))(parts)
    sheet_xml("[Content_Types].xml", "</Types>", (
        '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'theme+xml"/></Types>'))(parts)


def theme_body_font(parts: Parts) -> None:
    """Every cell's font (Calibri, font 0) made the theme's body font, and the theme's body
    font Wingdings: Excel draws a font with ``<scheme val="minor"/>`` in the theme's."""
    symbol_theme(parts)
    sheet_xml(STYLES, r'<font><name val="Calibri"/><family val="2"/><sz val="11"/></font>',
              '<font><name val="Calibri"/><family val="2"/><sz val="11"/><scheme val="minor"/></font>')(parts)


def theme_font_run(parts: Parts) -> None:
    """The same in a rich-text run of a shared string: C2's text, its first characters in
    the theme's body font."""
    symbol_theme(parts)
    text = standards_c2(parts)
    shared_string(f'<si><r><rPr><sz val="11"/><scheme val="minor"/></rPr><t>{text[:2]}</t></r>'
                  f"<r><t>{text[2:]}</t></r></si>")(parts)


def second_named_style(parts: Parts, use: tuple[str, str]) -> None:
    """A second cellStyleXfs entry (xfId 1) whose number format shows nothing (";;;"), put to
    ``use`` (the styles' text replaced, once)."""
    styles = parts[STYLES].decode()
    for old, new in (
            ('<numFmts count="2">', '<numFmts count="3"><numFmt numFmtId="181" formatCode=";;;"/>'),
            ('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
             '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
             '<xf numFmtId="181" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'),
            use):
        assert styles.count(old) == 1, old
        styles = styles.replace(old, new)
    parts[STYLES] = styles.encode()


def normal_style_elsewhere(parts: Parts) -> None:
    """The Normal cell style (builtinId 0) pointed to a second cellStyleXfs entry formatted
    ";;;"; the cells' formats keep the first as their parent. LibreOffice shows no cell."""
    second_named_style(parts, ('<cellStyle name="Normal" xfId="0" builtinId="0"',
                               '<cellStyle name="Normal" xfId="1" builtinId="0"'))


NOTE_BOX = "position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1"


# ---------------------------------------------------------------- sizes, typed empty cells (the round of 2026-12-08)

def column_width(column: int, width: str) -> Callable[[Parts], None]:
    """The column ``column`` (1 for A) of the standards sheet made ``width`` characters wide:
    at least 2, which the earlier rule took."""
    return sheet_xml(STANDARDS, rf'<col width="[0-9.]+" customWidth="1" min="{column}" max="{column}"/>',
                     f'<col width="{width}" customWidth="1" min="{column}" max="{column}"/>')


def column_to_default(parts: Parts) -> None:
    """Column L (the signed 100000) left without a ``<col>`` of its own, and the sheet's
    default width 3 characters."""
    column_width(12, "0")(parts)
    parts[STANDARDS] = parts[STANDARDS].replace(b'<col width="0" customWidth="1" min="12" max="12"/>', b"")
    sheet_xml(STANDARDS, r'<sheetFormatPr baseColWidth="8"',
              '<sheetFormatPr baseColWidth="8" defaultColWidth="3"')(parts)


def empty_cell_after_x2(cell: str, code: str = "") -> Callable[[Parts], None]:
    """Row 2 of the standards sheet with one more cell, Y2, which is empty in the signed
    data: ``cell`` (``{s}`` the index of a new style with the number format ``code``)."""
    def attack(parts: Parts) -> None:
        index = new_style(parts, NEVER_SHOWN, code=code) if code else 0
        text = parts[STANDARDS].decode()
        found = re.search(r'<c r="X2" t="inlineStr"><is><t>[a-z]+</t></is></c></row>', text)
        assert found is not None
        at = found.end() - len("</row>")
        parts[STANDARDS] = (text[:at] + cell.format(s=index) + text[at:]).encode()

    return attack


def hidden_named_style(parts: Parts) -> None:
    """B2's cell format taking its number format (``applyNumberFormat="0"``) from a second
    named style, hidden in Excel's list of styles, whose format shows nothing (";;;")."""
    second_named_style(parts, ('<cellStyles count="1">', '<cellStyles count="2"><cellStyle name="x" xfId="1" hidden="1"/>'))
    style_cell(parts, STANDARDS, "B2", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="1" '
                                       'applyNumberFormat="0"/>')


SIZES: dict[str, tuple[Callable[[Parts], None], str]] = {
    # a column narrower than the writer makes it: Excel rounds a General number to what fits
    # (LibreOffice shows ### for an integer that does not), and cuts text at the border
    "a number column narrowed": (column_width(12, "3"), "bundle.column_width"),
    "a text column narrowed": (column_width(2, "4"), "bundle.column_width"),
    "a column left to a narrow default": (column_to_default, "bundle.column_width"),
    "a row lower than one line": (sheet_xml(STANDARDS, r'<row r="2">', '<row r="2" ht="9" customHeight="1">'),
                                  "bundle.hidden_row"),
    "rows lower than one line by default": (sheet_xml(STANDARDS, r'defaultRowHeight="15"',
                                                      'defaultRowHeight="9" customHeight="1"'), "bundle.sheet_display"),
    "a font larger than the writer's": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        font='<font><sz val="28"/><name val="Calibri"/></font>'), "bundle.hidden_text"),
    "a rich-text run larger than the writer's font": (lambda p: shared_string(
        f'<si><r><t>{standards_c2(p)[:1]}</t></r><r><rPr><sz val="36"/></rPr><t>{standards_c2(p)[1:]}</t></r></si>')(p),
        "bundle.hidden_text"),
    # the Normal style's font, in whose digits Excel counts column widths, made 6 points: every
    # column half as wide for a cell (or a run) in an 11-point font
    "column widths counted in a 6-point Normal font": (lambda p: [sheet_xml(
        STYLES, r'<fonts count="2"><font><name val="Calibri"/><family val="2"/><sz val="11"/></font>',
        '<fonts count="2"><font><name val="Calibri"/><family val="2"/><sz val="6"/></font>')(p), style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        font='<font><sz val="11"/><name val="Calibri"/></font>')], "bundle.hidden_text"),
    "text rotated by 90 degrees": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment textRotation="90"/></xf>'), "bundle.hidden_text"),
    "stacked text": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment textRotation="255"/></xf>'), "bundle.hidden_text"),
    # an empty cell of a type no program writes empty: its value is none, Excel's display unknown
    "an empty str cell with a text-section format": (
        empty_cell_after_x2('<c r="Y2" s="{s}" t="str"><v></v></c>', code=';;;&quot;已撤销&quot;'), "bundle.cell_kind"),
    "a str cell without a formula": (empty_cell_after_x2('<c r="Y2" t="str"/>'), "bundle.cell_kind"),
    "an empty boolean cell": (empty_cell_after_x2('<c r="Y2" t="b"/>'), "bundle.cell_kind"),
    "an empty error cell": (empty_cell_after_x2('<c r="Y2" t="e"><v></v></c>'), "bundle.cell_kind"),
    # tried in the same round and already refused by the earlier rules (kept as their tests)
    "text a theme colour tinted to white": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        font='<font><color theme="1" tint="0.95"/><sz val="11"/><name val="Calibri"/></font>'), "bundle.hidden_text"),
    "a cell style drawn from a hidden named style": (hidden_named_style, "bundle.number_format"),
}

ATTACKS: dict[str, tuple[Callable[[Parts], None], str]] = {
    # one cell, two values: openpyxl reads (and the digest covers) the first, LibreOffice
    # shows the last (0.5 for 0.001; "valid" for "expired"; nothing at all)
    "a number cell with a second value": (number_twice, "bundle.cell_values"),
    "an inline string twice": (lambda p: status_cell(
        p, lambda v: f'<c r="X2" t="inlineStr"><is><t>{v}</t></is><is><t>valid</t></is></c>'), "bundle.cell_values"),
    "a value element before the inline string": (lambda p: status_cell(
        p, lambda v: f'<c r="X2" t="inlineStr"><v>valid</v><is><t>{v}</t></is></c>'), "bundle.cell_values"),
    # a number openpyxl reads with Python's int() (which takes "_" and any Unicode digit),
    # LibreOffice as written: 100_000 shows as 100, full-width digits as 0
    "a number written with an underscore": (sheet_xml(STANDARDS, r'<c r="L2" t="n"><v>100000</v></c>',
                                                      '<c r="L2" t="n"><v>100_000</v></c>'), "bundle.number_text"),
    "a number in full-width digits": (sheet_xml(STANDARDS, r'<c r="L2" t="n"><v>100000</v></c>',
                                                '<c r="L2" t="n"><v>１０００００</v></c>'), "bundle.number_text"),
    # formats of a row or a column, which LibreOffice gives to the cells without s=
    "a row format that shows nothing": (row_format, "bundle.row_style"),
    "a column format in white": (column_format, "bundle.column_style"),
    # colours and directions
    "text in the system background colour": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        font='<font><color indexed="65"/><sz val="11"/><name val="Calibri"/></font>'), "bundle.hidden_text"),
    "right-to-left reading order": (lambda p: style_cell(
        p, STANDARDS, "B2", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment readingOrder="2"/></xf>'), "bundle.hidden_text"),
    # rows and columns folded away by an outline, without hidden="1"
    "outline rows collapsed": (lambda p: [sheet_xml(STANDARDS, f'<row r="{n}">', f'<row r="{n}"{attr}>')(p) for n, attr in
                                          ((3, ' outlineLevel="1"'), (4, ' outlineLevel="1"'), (5, ' collapsed="1"'))],
                               "bundle.hidden_row"),
    "outline columns collapsed": (lambda p: [sheet_xml(STANDARDS, rf'customWidth="1" min="{n}" max="{n}"',
                                                       f'customWidth="1"{attr} min="{n}" max="{n}"')(p)
                                             for n, attr in ((2, ' outlineLevel="1"'), (3, ' collapsed="1"'))],
                                  "bundle.hidden_column"),
    "the Normal style drawn from another entry": (normal_style_elsewhere, "bundle.number_format"),
    "the theme's body font a symbol font": (theme_body_font, "bundle.hidden_text"),
    "a rich-text run in the theme's symbol body font": (theme_font_run, "bundle.hidden_text"),
    # frozen panes set while the view was scrolled: Excel keeps rows 2 and 3 out of reach
    "frozen panes below a scrolled view": (sheet_xml(
        STANDARDS, '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"',
        '<sheetView workbookViewId="0" topLeftCell="A4"><pane ySplit="1" topLeftCell="A5"'), "bundle.sheet_display"),
    # the mirror: a column frozen while the view was scrolled right keeps columns A and B out of reach
    "frozen column right of a scrolled view": (sheet_xml(
        STANDARDS, '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"',
        '<sheetView workbookViewId="0" topLeftCell="C1"><pane xSplit="1" topLeftCell="D1"'), "bundle.sheet_display"),
    # a print area of the header row only: a printout, or a PDF, without a record
    "a print area that leaves the records out": (sheet_xml(
        "xl/workbook.xml", "</workbook>", "<definedNames><definedName name=\"_xlnm.Print_Area\" localSheetId=\"2\">"
        "'计量标准 Standards'!$A$1:$X$1</definedName></definedNames></workbook>"), "bundle.defined_name"),
    # a comment box that LibreOffice keeps open: no visibility:hidden in its style
    "comment box without visibility:hidden": (note_on_x2(NOTE_BOX), "bundle.drawing"),
    **SIZES,
}


def attacked(world: World, name: str) -> Path:
    parts = parts_of(world.bundle)
    ATTACKS[name][0](parts)
    return write_parts(parts, world.folder / ("redteam-" + re.sub(r"\W+", "-", name) + ".xlsx"))


@pytest.mark.parametrize("name", list(ATTACKS))
def test_what_is_shown_differs_from_what_was_signed(world: World, name: str) -> None:
    refused_by_commands(world, attacked(world, name), ATTACKS[name][1])


@pytest.mark.parametrize(("name", "where"), [
    ("an inline string twice", "计量标准 Standards!X2"),
    ("a number cell with a second value", "计量标准 Standards!Q2"),
    ("a row format that shows nothing", "row 2 "),
    ("a column format in white", "column B "),
    ("right-to-left reading order", "计量标准 Standards!B2"),
    ("outline rows collapsed", "row 5 "),
    ("comment box without visibility:hidden", "xl/drawings/vmlDrawing1.vml"),
    ("a number written with an underscore", "计量标准 Standards!L2"),
    ("a number column narrowed", "column L "),
    ("a column left to a narrow default", "column L "),
    ("a row lower than one line", "row 2 "),
    ("a font larger than the writer's", "计量标准 Standards!B2"),
    ("an empty str cell with a text-section format", "计量标准 Standards!Y2"),
])
def test_the_refusal_names_the_place(world: World, name: str, where: str) -> None:
    result = run_cli("--home", str(world.b.home), "--lang", "en", "verify", str(attacked(world, name)))
    assert result.code == 1 and where in result.err, result.err


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_fast_reader_and_openpyxl_refuse_alike(world: World, name: str) -> None:
    refused_alike(attacked(world, name), ATTACKS[name][1])


def test_a_comment_box_hidden_until_pointed_at_stays_allowed(world: World, tmp_path: Path) -> None:
    """The control of the comment attack: the same box with visibility:hidden verifies."""
    parts = parts_of(world.bundle)
    note_on_x2(NOTE_BOX + ";visibility:hidden")(parts)
    result = run_cli("--home", str(world.b.home), "verify", str(write_parts(parts, tmp_path / "note.xlsx")))
    assert result.code == 0, result.err


def test_a_genuine_bundle_scrolled_right_verifies(world: World, tmp_path: Path) -> None:
    """The control of the frozen-pane attacks: with only row 1 frozen (as the writer freezes
    it) the top pane still scrolls sideways, so a person who scrolls right and saves leaves the
    view starting at C1, and columns A and B can be scrolled back to. Both readers and
    `verify` accept it."""
    parts = parts_of(world.bundle)
    sheet_xml(STANDARDS, '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"',
              '<sheetView workbookViewId="0" topLeftCell="C1"><pane ySplit="1" topLeftCell="C2"')(parts)
    path = write_parts(parts, tmp_path / "scrolled-right.xlsx")
    result = run_cli("--home", str(world.b.home), "--lang", "en", "verify", str(path))
    assert result.code == 0, result.err
    from tests.xlsx.test_fast_reader import assert_same

    assert assert_same(path, fast_covers=True, specs=schema.SPECS, meta=schema.META_SHEET)[0] == "read"


# ---------------------------------------------------------------- LibreOffice shows them

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def standards_as_shown(ods: Path) -> list[tuple[str | None, list[tuple[str, str | None, str | None]]]]:
    """The standards sheet of LibreOffice's .ods conversion, its first rows: (the row's
    visibility, [(the text shown, the cell's style, whether its comment is displayed)])."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(zipfile.ZipFile(ods).read("content.xml"))
    table = next(t for t in root.iter(f"{{{_TABLE}}}table") if "Standards" in (t.get(f"{{{_TABLE}}}name") or ""))
    rows = []
    for row in list(table.iter(f"{{{_TABLE}}}table-row"))[:6]:
        cells = []
        for cell in row.iter(f"{{{_TABLE}}}table-cell"):
            note = cell.find(f"{{{_OFFICE}}}annotation")
            cells.append(("".join("".join(p.itertext()) for p in cell.findall(f"{{{_TEXT}}}p")),
                          cell.get(f"{{{_TABLE}}}style-name"),
                          None if note is None else note.get(f"{{{_OFFICE}}}display")))
        rows.append((row.get(f"{{{_TABLE}}}visibility"), cells))
    return rows


def test_libreoffice_shows_what_the_attacks_claim(world: World, tmp_path: Path) -> None:
    """Why each attack is one: LibreOffice, converting the attacked bundle, shows another
    value, nothing, a folded row or an open comment where the untouched bundle shows the
    signed value (so none of these tests can pass against a harmless edit)."""
    names = ["a number cell with a second value", "an inline string twice", "a value element before the inline string",
             "a row format that shows nothing", "outline rows collapsed", "comment box without visibility:hidden",
             "the Normal style drawn from another entry", "a number written with an underscore",
             "a number in full-width digits"]
    files = [write_parts(parts_of(world.bundle), tmp_path / "control.xlsx")]
    for index, name in enumerate(names):
        files.append(tmp_path / f"attack{index}.xlsx")
        files[-1].write_bytes(attacked(world, name).read_bytes())
    libreoffice(files, tmp_path / "ods", "ods", tmp_path / "profile")
    control = standards_as_shown(tmp_path / "ods" / "control.ods")
    shown = [standards_as_shown(tmp_path / "ods" / f"attack{i}.ods") for i in range(len(names))]
    q2, x2 = control[1][1][16][0], control[1][1][23][0]
    assert (q2, x2) == ("0.001", "expired")  # the signed values
    assert shown[0][1][1][16][0] == "0.5"
    assert shown[1][1][1][23][0] == "valid"
    assert shown[2][1][1][23][0] == ""
    assert control[1][1][1][0] and shown[3][1][1][1][0] == ""  # row 2's certificate number: nothing
    assert [r[0] for r in shown[4][2:4]] == ["collapse", "collapse"] and control[2][0] is None
    assert shown[5][1][1][23][2] == "true" and control[1][1][23][2] is None
    # the headers and the text: nothing (the dates, whose format applies its own, still show)
    assert not any(text for text, _, _ in shown[6][0][1]) and shown[6][1][1][1][0] == ""
    assert control[1][1][11][0] == "100000" and (shown[7][1][1][11][0], shown[8][1][1][11][0]) == ("100", "0")


def test_libreoffice_prints_what_the_print_area_claims(world: World, tmp_path: Path) -> None:
    """The print-area attack is one: LibreOffice's PDF of the bundle holds no certificate
    number of the standards sheet (the untouched bundle's holds all six)."""
    from tests.certificates.helpers import pdf_text

    files = [write_parts(parts_of(world.bundle), tmp_path / "control.xlsx"), tmp_path / "printed.xlsx"]
    files[1].write_bytes(attacked(world, "a print area that leaves the records out").read_bytes())
    libreoffice(files, tmp_path / "pdf", "pdf", tmp_path / "profile")
    counts = ["".join(pdf_text(tmp_path / "pdf" / f"{f.stem}.pdf")).count("沪量标证字第") for f in files]
    assert counts == [6, 0]


def test_a_signed_ooxml_escape_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A peer whose modified writer signs the text "_x5DF2__x64A4__x9500_ 标准装置": openpyxl
    reads (and the digest covers) it as written, Excel reads "_xHHHH_" as the character
    U+HHHH and shows "已撤销 标准装置" (ECMA-376 Part 1, 22.9.2.19 ST_Xstring). The project's
    writer refuses such text (bundle.write.escape_sequence); the reader now refuses it too."""
    from labregistry.xlsx import workbook
    from tests.exchange import hostile

    reg = hostile.peer(tmp_path, standards=(hostile.standard("标准装置", "[2023]浙量标证字第0001号"),))
    site = hostile.receiver(tmp_path, reg)
    monkeypatch.setattr(workbook, "_OOXML_ESCAPE", re.compile(r"(?!)"))  # the peer's writer checks nothing
    out = hostile.signed_bundle(reg, tmp_path / "escaped.xlsx", edit=lambda rows: hostile.set_cell(
        rows, schema.STANDARDS, 0, "name", "_x5DF2__x64A4__x9500_ 标准装置"))
    monkeypatch.undo()
    reason = refused(site, out, "bundle.escape_text", "en")
    assert "计量标准 Standards!C2" in reason and "_x5DF2_" in reason


def test_libreoffice_shows_what_the_size_attacks_claim(world: World, tmp_path: Path) -> None:
    """Why a narrowed column is an attack: LibreOffice's PDF of the bundle shows ### where the
    signed 100000 of L2 stands once column L is 3 characters wide (2 was the earlier rule's
    floor), and the same when the column is left to a default of 3; the untouched bundle
    shows the number."""
    from tests.certificates.helpers import pdf_text

    files = [write_parts(parts_of(world.bundle), tmp_path / "control.xlsx")]
    for index, name in enumerate(("a number column narrowed", "a column left to a narrow default")):
        files.append(tmp_path / f"narrow{index}.xlsx")
        files[-1].write_bytes(attacked(world, name).read_bytes())
    libreoffice(files, tmp_path / "pdf", "pdf", tmp_path / "profile")
    shown = ["".join(pdf_text(tmp_path / "pdf" / f"{f.stem}.pdf")) for f in files]
    assert "###" not in shown[0] and "100000" in shown[0]
    assert "###" in shown[1] and "###" in shown[2]


def loose_space_bundles(tmp_path: Path) -> tuple[Any, Path, Parts]:
    """A peer's genuine bundle whose first standard is named "  标准装置" (two spaces first,
    which the writer writes with ``xml:space="preserve"``), its receiver, and its parts."""
    from tests.exchange import hostile

    reg = hostile.peer(tmp_path, standards=(hostile.standard("标准装置", "[2023]浙量标证字第0001号"),))
    site = hostile.receiver(tmp_path, reg)
    out = hostile.signed_bundle(reg, tmp_path / "spaced.xlsx", edit=lambda rows: hostile.set_cell(
        rows, schema.STANDARDS, 0, "name", "  标准装置"))
    return site, out, parts_of(out)


def test_white_space_not_preserved_is_refused(tmp_path: Path) -> None:
    """White space at an end of a text, without ``xml:space="preserve"``: openpyxl keeps it
    (the digest covers "  标准装置"), and the XML rule lets a reader drop it (Excel's does, by
    the format's rule; LibreOffice keeps it). The writer writes ``preserve`` on such text and
    LibreOffice on every text, so a text without it was edited: refused, in an inline string
    and in a shared string (where a run's space dropped would also join two words)."""
    site, out, parts = loose_space_bundles(tmp_path)
    assert cli(site, "verify", str(out)).code == 0  # the control: the genuine bundle, with preserve
    inline = dict(parts)
    sheet_xml(STANDARDS, r'<c r="C2" t="inlineStr"><is><t xml:space="preserve">  标准装置</t>',
              '<c r="C2" t="inlineStr"><is><t>  标准装置</t>')(inline)
    shared = dict(inline)
    shared_string("<si><t>  标准装置</t></si>")(shared)  # C2, as a shared string
    kept = dict(inline)
    shared_string('<si><t xml:space="preserve">  标准装置</t></si>')(kept)
    assert cli(site, "verify", str(write_parts(kept, tmp_path / "kept.xlsx"))).code == 0
    for name, edited in (("inline", inline), ("shared", shared)):
        path = write_parts(edited, tmp_path / f"{name}.xlsx")
        reason = refused(site, path, "bundle.loose_space", "en")
        assert "计量标准 Standards!C2" in reason and "xml:space" in reason, reason
        refused_alike(path, "bundle.loose_space")


def test_white_space_alone_stays_allowed(world: World, tmp_path: Path) -> None:
    """The control of the rule above: a string of white space alone, without ``preserve``,
    shows nothing whichever way it is read (the writer and openpyxl write " " so)."""
    from labregistry.xlsx import looks

    collector = looks.RunCollector()
    collector.text("  ", False)
    assert collector.finish("  ") is None
    collector.text(" 标准", False)
    finished = collector.finish(" 标准")
    assert finished is not None and finished.loose_space
    collector.text(" 标准", True)
    assert collector.finish(" 标准") is None


def test_a_bundle_resaved_with_libreoffice_keeps_its_sizes(world: World, tmp_path: Path) -> None:
    """The round trip of the size rules: LibreOffice, opening and saving a genuine bundle,
    writes its own widths and heights (measured: see docs/bundle-format.md), none narrower
    than the writer's beyond the slack, none lower than a line; the file verifies."""
    libreoffice([world.bundle], tmp_path / "lo", "xlsx", tmp_path / "profile")
    resaved = tmp_path / "lo" / world.bundle.name
    sheet = parts_of(resaved)[STANDARDS].decode()
    widths = [float(w) for w in re.findall(r'<col [^>]*width="([0-9.]+)"', sheet)]
    heights = [float(h) for h in re.findall(r'<row [^>]*ht="([0-9.]+)"', sheet)]
    assert widths and heights and min(heights) >= 13.2, (widths[:5], heights[:5])
    result = run_cli("--home", str(world.b.home), "verify", str(resaved))
    assert result.code == 0, result.err
