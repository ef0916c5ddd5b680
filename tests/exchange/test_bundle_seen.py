"""Issue 13: what Excel, WPS or LibreOffice shows must be what was signed.

Each attack keeps every signed value as it is and changes only what a person sees: a number
format, a font, a fill, a phonetic guide, a rich-text run, a hidden or squeezed row or
column, a merge, header or footer text, a shape, the cover or the signature sheet. Each is
built as a real .xlsx from a real signed bundle, then `labregistry verify` and
`labregistry import` run as processes on the receiver's home: exit 1, one `error:` line, no
traceback, the refusal's code, and the receiver's database exactly as it was.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from labregistry.exchange import schema
from tests.conftest import run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import Site, make_site

Parts = dict[str, bytes]
STANDARDS = "xl/worksheets/sheet3.xml"  # cover, institute, standards, ...
COVER = "xl/worksheets/sheet1.xml"
SIGNATURE = f"xl/worksheets/sheet{len(schema.SHEETS) + 2}.xml"
STYLES = "xl/styles.xml"


@dataclass
class World:
    a: Site
    b: Site
    bundle: Path
    folder: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("seen"))


def make_world(folder: Path) -> World:
    """A's signed bundle (six standards) and B trusting A's key, in ``folder``."""
    a = make_site(folder, "A", standards=6, seed=5)
    b = make_site(folder, "B")
    b.trust(a, folder)
    return World(a, b, a.export(folder / "a.xlsx"), folder)


def parts_of(path: Path) -> Parts:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_parts(parts: Parts, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


# ---------------------------------------------------------------- XML surgery


def sub_once(pattern: str, replacement: str, data: bytes) -> bytes:
    text = data.decode("utf-8")
    new, count = re.subn(pattern, lambda _m: replacement, text, count=1)
    assert count == 1, pattern
    return new.encode("utf-8")


def add_to_list(styles: bytes, element: str, item: str) -> tuple[bytes, int]:
    """Append ``item`` to the ``<element>`` list of styles.xml; its index."""
    text = styles.decode("utf-8")
    match = re.search(rf"<{element}(?: [^>]*)?>(.*?)</{element}>", text, re.S)
    assert match is not None, element
    child = {"cellXfs": "xf", "fonts": "font", "fills": "fill"}[element]
    index = len(re.findall(rf"<{child}[ />]", match.group(1)))
    text = text[:match.end(1)] + item + text[match.end(1):]
    return text.encode("utf-8"), index


def add_format(styles: bytes, code: str, number: int = 180) -> bytes:
    code = code.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return sub_once(r"</numFmts>", f'<numFmt numFmtId="{number}" formatCode="{code}"/></numFmts>', styles)


def style_cell(parts: Parts, part: str, ref: str, xf: str, *, font: str = "", fill: str = "") -> None:
    """Give the cell ``ref`` of ``part`` a new cell format ``xf`` (``{font}``/``{fill}`` in it are
    the indices of the font and fill added with it)."""
    styles = parts[STYLES]
    font_id = fill_id = 0
    if font:
        styles, font_id = add_to_list(styles, "fonts", font)
    if fill:
        styles, fill_id = add_to_list(styles, "fills", fill)
    styles, index = add_to_list(styles, "cellXfs", xf.format(font=font_id, fill=fill_id))
    parts[STYLES] = styles
    parts[part] = sub_once(rf'<c r="{ref}"(?: s="[0-9]+")?', f'<c r="{ref}" s="{index}"', parts[part])


def number_cell(parts: Parts, kind: str) -> str:
    """The reference of the first number cell of the standards sheet whose value is
    ``"fraction"`` (not integral) or ``"whole"`` (integral, not 0)."""
    for ref, value in re.findall(r'<c r="([A-Z]+[0-9]+)" t="n"><v>([^<]*)</v>', parts[STANDARDS].decode()):
        number = float(value)
        if (kind == "fraction") == (not number.is_integer()) and number != 0:
            return ref
    raise AssertionError(f"no {kind} number in the standards sheet")


def number_format(code: str, ref: str) -> Callable[[Parts], None]:
    """Give the cell ``ref`` (or the first number cell of the kind ``ref`` names) the format ``code``."""
    def attack(parts: Parts) -> None:
        parts[STYLES] = add_format(parts[STYLES], code)
        cell = number_cell(parts, ref) if ref in ("fraction", "whole") else ref
        style_cell(parts, STANDARDS, cell, '<xf numFmtId="180" fontId="0" fillId="0" borderId="0" xfId="0"/>')

    return attack


def date_style_shows(code: str) -> Callable[[Parts], None]:
    """Change the writer's own date format (every date cell uses it)."""
    def attack(parts: Parts) -> None:
        escaped = code.replace("&", "&amp;").replace('"', "&quot;")
        parts[STYLES] = sub_once(r'formatCode="yyyy-mm-dd"', f'formatCode="{escaped}"', parts[STYLES])

    return attack


def cell_font(font: str, ref: str = "C2", fill: str = "") -> Callable[[Parts], None]:
    def attack(parts: Parts) -> None:
        style_cell(parts, STANDARDS, ref, '<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"/>',
                   font=font, fill=fill or "<fill><patternFill/></fill>")

    return attack


def cell_alignment(alignment: str, ref: str = "C2") -> Callable[[Parts], None]:
    def attack(parts: Parts) -> None:
        style_cell(parts, STANDARDS, ref,
                   f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0">{alignment}</xf>')

    return attack


def shared_string(si: str, ref: str = "C2", cell_attrs: str = "") -> Callable[[Parts], None]:
    """Put the text of ``ref`` in a shared-string table as ``si`` (same text, other look)."""
    def attack(parts: Parts) -> None:
        parts["xl/sharedStrings.xml"] = (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            f"{si}</sst>").encode("utf-8")
        parts[STANDARDS] = sub_once(rf'<c r="{ref}" t="inlineStr"><is><t>[^<]*</t></is></c>',
                                    f'<c r="{ref}"{cell_attrs} t="s"><v>0</v></c>', parts[STANDARDS])
        parts["[Content_Types].xml"] = sub_once(
            "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>', parts["[Content_Types].xml"])
        parts["xl/_rels/workbook.xml.rels"] = sub_once(
            "</Relationships>", '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>',
            parts["xl/_rels/workbook.xml.rels"])

    return attack


def standards_c2(parts: Parts) -> str:
    found = re.search(r'<c r="C2" t="inlineStr"><is><t>([^<]*)</t></is></c>', parts[STANDARDS].decode("utf-8"))
    assert found is not None
    return found.group(1)


def sheet_xml(part: str, pattern: str, replacement: str) -> Callable[[Parts], None]:
    def attack(parts: Parts) -> None:
        parts[part] = sub_once(pattern, replacement, parts[part])

    return attack


def in_sheet(part: str, before: str, insert: str) -> Callable[[Parts], None]:
    """Insert ``insert`` before the first ``before`` of the sheet (an element's place in
    the schema's order: mergeCells after sheetData, headerFooter and drawing after pageMargins)."""
    return sheet_xml(part, re.escape(before), insert + before)


def with_drawing(drawing: bytes, vml: bool = False) -> Callable[[Parts], None]:
    def attack(parts: Parts) -> None:
        name = "xl/drawings/vmlDrawing1.vml" if vml else "xl/drawings/drawing1.xml"
        parts[name] = drawing
        rel_type = "vmlDrawing" if vml else "drawing"
        target = "../drawings/vmlDrawing1.vml" if vml else "../drawings/drawing1.xml"
        parts["xl/worksheets/_rels/sheet3.xml.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'{rel_type}" Target="{target}"/></Relationships>').encode()
        element = "legacyDrawing" if vml else "drawing"
        parts[STANDARDS] = sub_once(
            "</worksheet>", f'<{element} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships" r:id="rId1"/></worksheet>', parts[STANDARDS])
        if vml:
            parts["[Content_Types].xml"] = sub_once(
                "</Types>", '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.'
                'vmlDrawing"/></Types>', parts["[Content_Types].xml"])
        else:
            parts["[Content_Types].xml"] = sub_once(
                "</Types>", '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.drawing+xml"/></Types>', parts["[Content_Types].xml"])

    return attack


TEXT_BOX = b"""<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>
<xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
<xdr:to><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="t"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/>
<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>\xe5\xb7\xb2\xe6\x92\xa4\xe9\x94\x80 REVOKED</a:t></a:r></a:p></xdr:txBody>
</xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"""

VISIBLE_NOTE = b"""<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202"
 style="position:absolute;visibility:visible"><v:textbox><div>REVOKED</div></v:textbox>
<x:ClientData ObjectType="Note"><x:Visible/><x:Row>1</x:Row><x:Column>2</x:Column></x:ClientData></v:shape></xml>"""

LABEL_SHAPE = b"""<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel">
<v:rect style="position:absolute"><v:textbox><div>REVOKED</div></v:textbox>
<x:ClientData ObjectType="Label"><x:Anchor>1, 0, 1, 0, 3, 0, 2, 0</x:Anchor></x:ClientData></v:rect></xml>"""


def signature_row(key: str, value: str) -> Callable[[Parts], None]:
    return in_sheet(SIGNATURE, "</sheetData>", f'<row r="7"><c r="A7" t="inlineStr"><is><t>{key}</t></is></c>'
                                               f'<c r="B7" t="inlineStr"><is><t>{value}</t></is></c></row>')


def cover_value(row: int, value: str) -> Callable[[Parts], None]:
    def attack(parts: Parts) -> None:
        text = parts[COVER].decode("utf-8")
        new, count = re.subn(rf'(<c r="B{row}" s="5" t="inlineStr"><is><t>)[^<]*(</t></is></c>)',
                             lambda m: m.group(1) + value + m.group(2), text, count=1)
        assert count == 1
        parts[COVER] = new.encode("utf-8")

    return attack


def manifest_with_a_second_name(parts: Parts) -> None:
    """A JSON manifest with the key twice: json.loads keeps the last (signed) one, a person
    reading the cell sees the first."""
    parts[SIGNATURE] = sub_once(r'<t>\{"algorithm"', '<t>{"issuer_name":"假冒机构","algorithm"', parts[SIGNATURE])


WHITE = '<font><color rgb="FFFFFFFF"/><sz val="11"/><name val="Calibri"/></font>'

ATTACKS: dict[str, tuple[Callable[[Parts], None], str]] = {
    # number formats: the signed value stays, another text is shown
    "format shows literal text": (date_style_shows('"已撤销"'), "bundle.number_format"),
    "format shows another date": (date_style_shows('yyyy-mm-"01"'), "bundle.number_format"),
    "format shows day first": (date_style_shows("dd-mm-yyyy"), "bundle.number_format"),
    "format hides digits (0 on a fraction)": (number_format("0", "fraction"), "bundle.number_format"),
    "format rounds (0.00 on a float)": (number_format("0.00", "fraction"), "bundle.number_format"),
    "format hides everything (;;;)": (number_format(";;;", "C2"), "bundle.number_format"),
    "format text section": (number_format('0;0;0;"已撤销"', "C2"), "bundle.number_format"),
    "format with a colour and a condition": (number_format("[Red][<1]0;General", "whole"), "bundle.number_format"),
    "format scales by a thousand": (number_format("#,##0,", "whole"), "bundle.number_format"),
    "format @ on a number": (number_format("@", "whole"), "bundle.number_format"),
    "built-in format 0 redefined": (
        lambda p: p.__setitem__(STYLES, add_format(p[STYLES], '"已撤销"', 0)), "bundle.number_format"),
    "format of the parent cell style": (
        lambda p: (p.__setitem__(STYLES, add_format(sub_once(
            r'<cellStyleXfs count="1"><xf numFmtId="0"', '<cellStyleXfs count="1"><xf numFmtId="181"', p[STYLES]),
            '"已撤销"', 181))), "bundle.number_format"),
    "cell style that does not exist": (sheet_xml(STANDARDS, r'<c r="C2"', '<c r="C2" s="999"'), "bundle.cell_style"),
    # fonts, fills and alignment that hide the text
    "white on white": (cell_font(WHITE), "bundle.hidden_text"),
    "font of 1 point": (cell_font('<font><sz val="1"/><name val="Calibri"/></font>'), "bundle.hidden_text"),
    "text the colour of the fill": (cell_font(
        '<font><color rgb="FF1F4E79"/><sz val="11"/></font>',
        fill='<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/></patternFill></fill>'),
        "bundle.hidden_text"),
    "black on a dark pattern": (cell_font(
        '<font><sz val="11"/></font>',
        fill='<fill><patternFill patternType="darkGray"/></fill>'), "bundle.hidden_text"),
    "white theme colour": (cell_font('<font><color theme="0"/><sz val="11"/></font>'), "bundle.hidden_text"),
    "struck through": (cell_font('<font><strike/><sz val="11"/></font>'), "bundle.hidden_text"),
    "symbol font": (cell_font('<font><sz val="11"/><name val="Wingdings"/></font>'), "bundle.hidden_text"),
    "fill alignment repeats the text": (cell_alignment('<alignment horizontal="fill"/>'), "bundle.hidden_text"),
    "shrink to fit": (cell_alignment('<alignment shrinkToFit="1"/>'), "bundle.hidden_text"),
    "huge indent": (cell_alignment('<alignment indent="200"/>'), "bundle.hidden_text"),
    # text that is not the cell's value, shown beside or over it
    "phonetic guide": (lambda p: shared_string(
        f'<si><t>{standards_c2(p)}</t><rPh sb="0" eb="1"><t>已撤销</t></rPh>'
        '<phoneticPr fontId="0" type="noConversion"/></si>')(p), "bundle.phonetic"),
    "phonetic shown on the cell": (lambda p: shared_string(
        f'<si><t>{standards_c2(p)}</t><rPh sb="0" eb="1"><t>已撤销</t></rPh></si>', cell_attrs=' ph="1"')(p),
        "bundle.phonetic"),
    "rich-text run in white": (lambda p: shared_string(
        f'<si><r><rPr><color rgb="FFFFFFFF"/><sz val="11"/></rPr><t>{standards_c2(p)[:1]}</t></r>'
        f'<r><t>{standards_c2(p)[1:]}</t></r></si>')(p), "bundle.hidden_text"),
    "rich-text run of 1 point": (lambda p: shared_string(
        f'<si><r><rPr><sz val="1"/></rPr><t>{standards_c2(p)[:2]}</t></r>'
        f'<r><rPr><sz val="11"/><rFont val="Calibri"/></rPr><t>{standards_c2(p)[2:]}</t></r></si>')(p),
        "bundle.hidden_text"),
    "inline rich text": (lambda p: sheet_xml(
        STANDARDS, r'<c r="C2" t="inlineStr"><is><t>([^<]*)</t></is></c>',
        f'<c r="C2" t="inlineStr"><is><r><t>{standards_c2(p)[:1]}</t></r><r><rPr><sz val="1"/></rPr>'
        f'<t>{standards_c2(p)[1:]}</t></r></is></c>')(p), "bundle.rich_text"),
    "header text on a data sheet": (in_sheet(STANDARDS, "</worksheet>",
                                             "<headerFooter><oddHeader>&amp;C已撤销</oddHeader></headerFooter>"),
                                    "bundle.header_footer"),
    "text box over the cells": (with_drawing(TEXT_BOX), "bundle.drawing"),
    "comment box always shown": (with_drawing(VISIBLE_NOTE, vml=True), "bundle.drawing"),
    "VML label over the cells": (with_drawing(LABEL_SHAPE, vml=True), "bundle.drawing"),
    # hidden or squeezed rows and columns, merges, zeros shown as blanks
    "hidden row": (sheet_xml(STANDARDS, r'<row r="3">', '<row r="3" hidden="1">'), "bundle.hidden_row"),
    "row one point high": (sheet_xml(STANDARDS, r'<row r="3">', '<row r="3" ht="1" customHeight="1">'),
                           "bundle.hidden_row"),
    "hidden column": (sheet_xml(STANDARDS, r'customWidth="1" min="24" max="24"',
                                'customWidth="1" hidden="1" min="24" max="24"'), "bundle.hidden_column"),
    "column a sliver wide": (sheet_xml(STANDARDS, r'<col width="[0-9.]+" customWidth="1" min="24" max="24"',
                                       '<col width="0.3" customWidth="1" min="24" max="24"'), "bundle.hidden_column"),
    "rows hidden by default": (sheet_xml(STANDARDS, r"<sheetFormatPr ", '<sheetFormatPr zeroHeight="1" '),
                               "bundle.sheet_display"),
    "zeros shown as blanks": (sheet_xml(STANDARDS, r'<sheetView workbookViewId="0">',
                                        '<sheetView showZeros="0" workbookViewId="0">'), "bundle.sheet_display"),
    "merge covers cells": (in_sheet(STANDARDS, "<pageMargins", '<mergeCells count="1"><mergeCell ref="W2:Y2"/>'
                                                                "</mergeCells>"), "bundle.merged_cells"),
    "styles taken from another part": (lambda p: (
        p.__setitem__("xl/theme/theme1.xml", add_format(p[STYLES], '"已撤销"', 164).replace(
            b'numFmtId="164" formatCode="yyyy-mm-dd"', b'numFmtId="170" formatCode="yyyy-mm-dd"')),
        p.__setitem__("xl/_rels/workbook.xml.rels", sub_once(
            r'Target="styles.xml"', 'Target="theme/theme1.xml"', p["xl/_rels/workbook.xml.rels"]))),
        "bundle.part_mismatch"),
    # the cover and the signature sheet
    "cover issuer renamed": (cover_value(2, "假冒计量研究院"), "bundle.cover_changed"),
    "cover fingerprint rewritten": (cover_value(8, "12345 67890 12345 67890 12345 67890"), "bundle.cover_changed"),
    "cover row added": (in_sheet(COVER, "</sheetData>", '<row r="12"><c r="A12" t="inlineStr"><is><t>状态 Status'
                                                        "</t></is></c><c r=\"B12\" t=\"inlineStr\"><is><t>已撤销 "
                                                        "REVOKED</t></is></c></row>"), "bundle.cover_changed"),
    "cover cell beside a value": (sheet_xml(COVER, r"</row>", '<c r="C1" t="inlineStr"><is><t>已撤销</t></is></c>'
                                                               "</row>"), "bundle.cover_changed"),
    "signature sheet row added": (signature_row("note", "已撤销 REVOKED"), "bundle.signature_sheet_changed"),
    "signature sheet column added": (sheet_xml(SIGNATURE, r'</row><row r="3">',
                                               '<c r="C2" t="inlineStr"><is><t>已撤销</t></is></c></row><row r="3">'),
                                     "bundle.signature_sheet_changed"),
    "manifest with a second issuer name": (manifest_with_a_second_name, "bundle.signature_sheet_changed"),
}


def attacked(world: World, name: str) -> Path:
    change, _code = ATTACKS[name]
    parts = parts_of(world.bundle)
    change(parts)
    return write_parts(parts, world.folder / (re.sub(r"\W+", "-", name) + ".xlsx"))


@pytest.mark.parametrize("name", list(ATTACKS))
def test_what_is_shown_differs_from_what_was_signed(world: World, name: str) -> None:
    refused_by_commands(world, attacked(world, name), ATTACKS[name][1])


def refused_by_commands(world: World, path: Path, code: str) -> None:
    """`verify` and `import` of ``path`` on B's home, as processes: exit 1 with one `error:`
    line and no traceback, the refusal ``code``, and B's database exactly as it was."""
    home = str(world.b.home)
    before = dump_home(home)
    verify = run_cli("--home", home, "verify", str(path), "--json")
    assert verify.code == 1, verify.out
    assert verify.json()["reason_code"] == code, verify.json()["reason"]
    assert verify.err.startswith("error:") and len(verify.err.strip().splitlines()) == 1
    assert "Traceback" not in verify.err
    imported = run_cli("--home", home, "--lang", "en", "import", str(path), "--yes")
    assert imported.code == 1
    assert imported.err.startswith("error:") and len(imported.err.strip().splitlines()) == 1, imported.err
    assert "Traceback" not in imported.err
    assert dump_home(home) == before


def test_the_untouched_bundle_verifies_and_imports(world: World, tmp_path: Path) -> None:
    """The attacks' control: the same file, unchanged (re-zipped by the same helper)."""
    path = write_parts(parts_of(world.bundle), tmp_path / "same.xlsx")
    result = run_cli("--home", str(world.b.home), "import", str(path), "--dry-run", "--json")
    assert result.code == 0, result.err


def test_refusals_name_the_cell(world: World) -> None:
    """Messages say where: the cell, the row, the column or the part."""
    expected = {
        "format hides digits (0 on a fraction)": "计量标准 Standards!",
        "white on white": "计量标准 Standards!C2",
        "phonetic guide": "计量标准 Standards!C2",
        "hidden row": "3",
        "hidden column": "X",
        "cover issuer renamed": "封面 Cover!B2",
        "signature sheet row added": "签名 Signature!A7",
        "text box over the cells": "xl/drawings/drawing1.xml",
    }
    for name, where in expected.items():
        result = run_cli("--home", str(world.b.home), "--lang", "en", "verify", str(attacked(world, name)))
        assert result.code == 1 and where in result.err, (name, result.err)


# ---------------------------------------------------------------- both readers agree


WORKBOOK_LEVEL = [name for name, (_, code) in ATTACKS.items()
                  if code not in ("bundle.cover_changed", "bundle.signature_sheet_changed")]


@pytest.mark.parametrize("name", WORKBOOK_LEVEL)
def test_the_fast_reader_and_openpyxl_refuse_alike(world: World, name: str) -> None:
    """Each refusal comes out the same, code, parameters and words, whichever reader reads
    the sheets (tests/xlsx/test_fast_reader.py's rule)."""
    refused_alike(attacked(world, name), ATTACKS[name][1])


def refused_alike(path: Path, code: str) -> None:
    """Both readers refuse ``path`` with ``code``, the same parameters and words."""
    from tests.xlsx.test_fast_reader import assert_same

    result = assert_same(path, specs=schema.SPECS, meta=schema.META_SHEET)
    assert result[:2] == ("refused", code)


# ---------------------------------------------------------------- LibreOffice shows what was signed

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
"""Comma, double quote, UTF-8, from line 1, standard language; token 9 true: cells as shown
(formatted as on screen), not their raw values; -1: every sheet, one file each."""


def libreoffice(files: list[Path], outdir: Path, target: str, profile: Path) -> None:
    import os
    import shutil
    import subprocess

    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        pytest.fail("LibreOffice is not installed (scripts/venv.sh SYSTEM_PACKAGES: libreoffice-calc-nogui)",
                    pytrace=False)
    env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr


def rendered(folder: Path, stem: str, sheet: str) -> list[list[str]]:
    """One sheet as LibreOffice shows it (trailing empty cells and rows dropped)."""
    import csv

    with open(folder / f"{stem}-{sheet}.csv", encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh)]
    for row in rows:
        while row and row[-1] == "":
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def signed_display(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of a verified bundle as the signed data says it must read: the cover and
    the signature sheet rendered from the manifest, the data sheets' headers and values."""
    from labregistry.exchange import bundle
    from labregistry.xlsx.canonical import SheetDigest
    from labregistry.xlsx.workbook import COVER_SHEET, META_HEADER, grid_of, meta_grid_of

    parsed = bundle.read_bundle(str(path))
    assert bundle.check_shown(parsed) is None
    m = parsed.manifest
    cover = bundle.cover_pairs(m.issuer_name, m.issuer_uscc, m.seq, m.issued_at, m.expires_at,
                               parsed.card.fingerprint, m.key_id,
                               {n: SheetDigest(r, h) for n, r, h in m.sheets})
    shown: dict[str, list[list[Any]]] = {COVER_SHEET: [list(v) for _, v in grid_of(cover, 1)]}
    for sheet in schema.SHEETS:
        read = parsed.workbook.sheets[sheet.spec.name]
        assert (read.digest.row_count, read.digest.sha256) in [(r, h) for n, r, h in m.sheets if n == sheet.spec.name]
        shown[sheet.spec.name] = [list(sheet.spec.headers), *read.rows]
    meta = meta_grid_of(bundle.signature_pairs(parsed.manifest_payload, parsed.signature, parsed.card,
                                               parsed.statements))
    shown[schema.META_SHEET] = [list(META_HEADER), *[list(v) for _, v in meta]]
    return shown


def shows(text: str, value: Any) -> bool:
    """Whether the text LibreOffice shows is ``value``: text as it is, integers in digits,
    other numbers as their 15-digit value (LibreOffice's General writes 2e-07 as 0.0000002),
    dates as yyyy-mm-dd and times as hh:mm:ss."""
    import datetime as dt

    if value is None:
        return text == ""
    if isinstance(value, str):
        return text == value
    if isinstance(value, dt.datetime):
        return text == value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return text == value.isoformat()
    if isinstance(value, int):
        return text == str(value)
    try:
        return format(float(text), ".15g") == format(float(value), ".15g")
    except ValueError:
        return False


def first_mismatch(csv_rows: list[list[str]], signed: list[list[Any]]) -> str | None:
    signed = [list(row) for row in signed]
    for row in signed:
        while row and row[-1] is None:
            row.pop()
    while signed and not signed[-1]:
        signed.pop()
    for number in range(max(len(csv_rows), len(signed))):
        have = csv_rows[number] if number < len(csv_rows) else []
        want = signed[number] if number < len(signed) else []
        for column in range(max(len(have), len(want))):
            text = have[column] if column < len(have) else ""
            value = want[column] if column < len(want) else None
            if not shows(text, value):
                return f"row {number + 1} column {column + 1}: shown {text!r}, signed {value!r}"
    return None


def test_libreoffice_shows_exactly_the_signed_values(world: World, tmp_path: Path) -> None:
    """Done when (issue 13): every sheet of a signed bundle, and of the same bundle saved
    again by LibreOffice, rendered by LibreOffice as shown on screen, reads exactly as the
    signed data; the number-format attacks, which the reader refuses, do not."""
    profile = tmp_path / "profile"
    resaved = tmp_path / "resaved"
    libreoffice([world.bundle], resaved, "xlsx", profile)
    attacks = ["format shows literal text", "format hides digits (0 on a fraction)", "format text section"]
    files = [world.bundle, resaved / world.bundle.name, *(attacked(world, name) for name in attacks)]
    copies = []
    for index, file in enumerate(files):  # distinct stems for one LibreOffice run
        copy = tmp_path / f"f{index}.xlsx"
        copy.write_bytes(file.read_bytes())
        copies.append(copy)
    csv_folder = tmp_path / "csv"
    libreoffice(copies, csv_folder, CSV_FILTER, profile)
    signed = signed_display(world.bundle)
    assert signed_display(copies[1]) == signed  # the re-saved file verifies, with the same values
    for stem in ("f0", "f1"):
        for sheet, rows in signed.items():
            assert first_mismatch(rendered(csv_folder, stem, sheet), rows) is None, (stem, sheet)
    for index, name in enumerate(attacks, start=2):
        differs = [sheet for sheet, rows in signed.items()
                   if first_mismatch(rendered(csv_folder, f"f{index}", sheet), rows) is not None]
        assert schema.STANDARDS.spec.name in differs, name  # (the date format shows on every date sheet)


def test_comments_stay_allowed_after_openpyxl_and_libreoffice(world: World, tmp_path: Path) -> None:
    """A comment shows only when the pointer is over its cell: a bundle with one, saved by
    openpyxl and again by LibreOffice, still verifies."""
    import openpyxl
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(world.bundle)
    wb[schema.STANDARDS.spec.name]["C2"].comment = Comment("已核对 checked", "B")
    commented = tmp_path / "commented.xlsx"
    wb.save(commented)
    libreoffice([commented], tmp_path / "lo", "xlsx", tmp_path / "profile")
    for path in (commented, tmp_path / "lo" / "commented.xlsx"):
        names = zipfile.ZipFile(path).namelist()
        assert any("comments" in n for n in names), names
        result = run_cli("--home", str(world.b.home), "verify", str(path))
        assert result.code == 0, result.err


@pytest.mark.parametrize(("code", "klass"), [
    ("General", "general"), ("GENERAL", "general"), ("@", "text"), ("0", "integer"),
    ("yyyy-mm-dd", "date"), ("yyyy\\-mm\\-dd", "date"), ("YYYY-MM-DD", "date"), ("yyyy/m/d", "date"),
    ("yyyy.mm.dd", "date"), ('yyyy"年"m"月"d"日"', "date"), ("yyyy\\年m\\月d\\日", "date"), ("yyyy/m/d;@", "date"),
    ("[$-804]yyyy-mm-dd", "date"), ("yyyy-mm-dd hh:mm:ss", "datetime"), ("yyyy\\-mm\\-dd\\ hh:mm:ss", "datetime"),
    ("yyyy年mm月dd日 hh:mm:ss", "datetime"), ("yyyy/m/d h:mm", "datetime_minutes"),
    ('"已撤销"', "bad"), (";;;", "bad"), ("0.00", "bad"), ("#,##0,", "bad"), ("[Red]0", "bad"), ('0"x"', "bad"),
    ("m/d/yyyy", "bad"), ("dd-mm-yyyy", "bad"), ("yyyy-dd-mm", "bad"), ("yy-mm-dd", "bad"), ("yyyy-mm", "bad"),
    ('yyyy"年"d"月"m"日"', "bad"), ("yyyy-mmm-dd", "bad"), ("yyyy-mm-dd hh:mm:ss.000", "bad"),
    ('yyyy-mm-dd;"x"', "bad"), ('"x"yyyy-mm-dd', "bad"), ("yyyy-mm-dd h AM/PM", "bad"), ("[$-F800]yyyy-mm-dd", "bad"),
    ("yyyy/mm-dd", "bad"), ("yyyy-mm-dd*x", "bad"),
])
def test_the_number_format_allow_list(code: str, klass: str) -> None:
    """docs/bundle-format.md, "What people see": the formats allowed and what each may show."""
    from labregistry.xlsx.looks import format_class

    assert format_class(code) == klass


def test_what_each_format_class_shows_faithfully() -> None:
    import datetime as dt

    from labregistry.xlsx.looks import value_fits

    noon = dt.datetime(2024, 1, 2, 12, 30, 0)
    assert value_fits("integer", 3) and value_fits("integer", 3.0) and not value_fits("integer", 0.25)
    assert value_fits("text", "x") and not value_fits("text", 3)
    assert value_fits("date", dt.datetime(2024, 1, 2)) and not value_fits("date", noon)
    assert value_fits("datetime_minutes", noon) and not value_fits("datetime_minutes", noon.replace(second=5))
    assert value_fits("datetime", noon.replace(second=5)) and not value_fits("datetime", 3)
    assert value_fits("date", "text shows as it is") and not value_fits("bad", "x")
