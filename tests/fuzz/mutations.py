"""Hypothesis strategies that damage real ``.xlsx`` files, at the byte, zip and XML level.

Every strategy draws a :class:`Mutation`: the new file's bytes, a description for the
failure report, and what must come of it:

* ``codes``: the refusal must carry one of these codes (e.g. a DOCTYPE anywhere is always
  ``xlsx.dtd``), or
* ``keeps_values``: the change keeps every value (a BOM, another compression, numbers
  spelled differently...), so a bundle must still verify and a ledger still import the
  same records, or
* neither: anything but an unexpected exception is acceptable (and a bundle that still
  verifies must hold exactly the values that were signed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz import xlsxkit as K

XML_SUFFIXES = (".xml", ".rels")


@dataclass(frozen=True)
class Mutation:
    data: bytes
    what: str
    codes: frozenset[str] = frozenset()
    keeps_values: bool = False

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        return f"Mutation({self.what!r}, {len(self.data)} bytes, codes={sorted(self.codes)}, " \
               f"keeps_values={self.keeps_values})"


def _rezip(parts: K.Parts, **kw: Any) -> bytes:
    return K.zip_bytes(parts, **kw)


# ---------------------------------------------------------------- bytes and zip structure


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> Mutation:
    """Damage inside an entry (then recompressed, so the CRC is right), or of the zip itself."""
    parts = K.parts_of(data)
    names = sorted(parts)
    how = draw(st.sampled_from(["flip", "insert", "delete", "overwrite", "truncate-entry", "truncate-file",
                                "flip-file", "duplicate-entry", "drop-entry", "empty-entry"]), label="how")
    if how == "truncate-file":
        at = draw(st.integers(0, len(data) - 1), label="at")
        return Mutation(data[:at], f"the file cut after {at} of {len(data)} bytes")
    if how == "flip-file":
        at = draw(st.integers(0, len(data) - 1), label="at")
        bit = draw(st.integers(0, 7), label="bit")
        out = bytearray(data)
        out[at] ^= 1 << bit
        return Mutation(bytes(out), f"bit {bit} of byte {at} of the zip flipped")
    name = draw(st.sampled_from(names), label="entry")
    body = parts[name]
    if how == "duplicate-entry":
        other = draw(st.sampled_from([name, name.upper()]), label="as")
        return Mutation(_rezip([*parts.items(), (other, body)]), f"{name} added again as {other}",
                        codes=frozenset({"xlsx.corrupt"}))
    if how == "drop-entry":
        rest = {n: d for n, d in parts.items() if n != name}
        return Mutation(_rezip(rest), f"{name} removed")
    if how == "empty-entry":
        return Mutation(_rezip({**parts, name: b""}), f"{name} emptied")
    if how == "truncate-entry":
        at = draw(st.integers(0, max(len(body) - 1, 0)), label="at")
        return Mutation(_rezip({**parts, name: body[:at]}), f"{name} cut after {at} bytes")
    at = draw(st.integers(0, max(len(body) - 1, 0)), label="at")
    if how == "flip":
        count = draw(st.integers(1, 4), label="count")
        out = bytearray(body)
        positions = draw(st.lists(st.integers(0, max(len(body) - 1, 0)), min_size=count, max_size=count),
                         label="positions")
        for p in positions:
            if out:
                out[p] ^= draw(st.integers(1, 255), label="mask")
        return Mutation(_rezip({**parts, name: bytes(out)}), f"bytes {positions} of {name} changed")
    if how == "insert":
        blob = draw(st.one_of(st.binary(min_size=1, max_size=16),
                              st.sampled_from([b"<", b">", b"&", b"\x00", b"\xff\xfe", b"]]>", b"<!--", b"&lol;",
                                               b"<?xml", b'"', b"\xe8\xae", b"\r\n"])), label="blob")
        return Mutation(_rezip({**parts, name: body[:at] + blob + body[at:]}), f"{blob!r} inserted in {name} at {at}")
    if how == "delete":
        length = draw(st.integers(1, 64), label="length")
        return Mutation(_rezip({**parts, name: body[:at] + body[at + length:]}),
                        f"{length} bytes of {name} deleted at {at}")
    blob = draw(st.binary(min_size=1, max_size=8), label="blob")
    return Mutation(_rezip({**parts, name: body[:at] + blob + body[at + len(blob):]}),
                    f"{name} overwritten with {blob!r} at {at}")


# ---------------------------------------------------------------- XML: hostile


def _cells(xml: bytes) -> list[str]:
    return K.cell_refs(xml)


@st.composite
def xml_mutations(draw: st.DrawFn, data: bytes, *, kind: str, imported_sheet: str | None = None) -> Mutation:
    """Hostile changes to the XML: DTDs, cell types, formulas, sheet states, names, content types.

    ``kind`` is ``bundle`` or ``ledger`` (which codes are certain differs); ``imported_sheet``
    is the ledger's sheet part (formulas are refused there only).
    """
    parts = K.parts_of(data)
    sheets = K.sheet_parts(parts)
    how = draw(st.sampled_from(["doctype", "cell-type", "formula", "sheet-state", "duplicate-sheet",
                                "defined-name", "content-type", "cell-value", "numbers"]), label="how")
    if how == "doctype":
        part = draw(st.sampled_from(sorted(n for n in parts if n.endswith(XML_SUFFIXES))), label="part")
        doctype = draw(st.sampled_from([K.BILLION_LAUGHS, K.XXE, b"<!DOCTYPE x>",
                                        b'<!DOCTYPE x [<!ENTITY e "e">]>']), label="doctype")
        body = K.with_doctype(parts[part], doctype)
        if draw(st.booleans(), label="use it"):
            body = K.use_entity(body, b"&lol9;" if doctype is K.BILLION_LAUGHS else b"&xxe;")
        return Mutation(_rezip({**parts, part: body}), f"a DOCTYPE in {part}", codes=frozenset({"xlsx.dtd"}))
    if how == "sheet-state":
        name = draw(st.sampled_from(sorted(sheets)), label="sheet")
        state = draw(st.sampled_from(["hidden", "veryHidden"]), label="state")
        code = "bundle.hidden_sheet" if kind == "bundle" else ("ledger.no_sheets" if len(sheets) == 1 else "")
        return Mutation(_rezip(K.set_sheet_state(parts, name, state)), f"sheet {name} {state}",
                        codes=frozenset({code}) if code else frozenset())
    if how == "duplicate-sheet":
        name = draw(st.sampled_from(sorted(sheets)), label="sheet")
        wb = parts["xl/workbook.xml"].decode("utf-8")
        m = re.search(r'<sheet name="' + re.escape(name) + r'"[^>]*/>', wb)
        assert m
        twice = wb.replace(m.group(0), m.group(0) * 2, 1).encode("utf-8")
        codes = frozenset({"bundle.duplicate_sheet"}) if kind == "bundle" else frozenset()
        return Mutation(_rezip({**parts, "xl/workbook.xml": twice}), f"sheet {name} listed twice", codes=codes)
    if how == "defined-name":
        text = draw(st.sampled_from(['WEBSERVICE("http://evil.example/")', "[1]Sheet1!$A$1", "Sheet1!$A$1",
                                     "1+1", "'计量标准 Standards'!$A$1:$B$2"]), label="value")
        name = draw(st.sampled_from(["evil", "_xlnm.Print_Area", "_xlnm.Print_Titles", "_xlnm._FilterDatabase"]),
                    label="name")
        scope = draw(st.sampled_from(["", ' localSheetId="0"', ' localSheetId="2"', ' localSheetId="99"']),
                     label="scope")
        element = f'<definedName name="{name}"{scope}>{K.escape(text)}</definedName>'.encode()
        wb = parts["xl/workbook.xml"]
        if b"<definedNames />" in wb:
            wb = wb.replace(b"<definedNames />", b"<definedNames>" + element + b"</definedNames>")
        elif b"<definedNames>" in wb:
            wb = wb.replace(b"<definedNames>", b"<definedNames>" + element)
        else:
            wb = wb.replace(b"</sheets>", b"</sheets><definedNames>" + element + b"</definedNames>")
        # a print area is refused whatever it holds (it can print a sheet without its records)
        reserved_ok = (name.startswith("_xlnm.") and name != "_xlnm.Print_Area" and "[" not in text
                       and "(" not in text)
        codes = frozenset({"bundle.defined_name"}) if kind == "bundle" and not reserved_ok else frozenset()
        if codes and name.startswith("_xlnm.Print_") and scope:
            # openpyxl turns a sheet's print area/titles into sheet settings and fails on a value
            # that is not a range: refused before the names are checked
            codes |= {"bundle.unreadable"}
        return Mutation(_rezip({**parts, "xl/workbook.xml": wb}), f"defined name {name}{scope} = {text}",
                        codes=codes)
    if how == "content-type":
        ct = parts["[Content_Types].xml"]
        overrides = re.findall(rb'<Override PartName="([^"]+)" ContentType="([^"]+)"', ct)
        target, old = draw(st.sampled_from(overrides), label="override")
        new, code = draw(st.sampled_from([
            (b"application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xlsx.macros"),
            (b"application/vnd.ms-office.activeX+xml", "xlsx.embedded_object"),
            (b"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml", "xlsx.external_link"),
            (b"text/plain", ""), (b"application/xml", ""), (b"", "")]), label="content type")
        changed = ct.replace(b'PartName="' + target + b'" ContentType="' + old + b'"',
                             b'PartName="' + target + b'" ContentType="' + new + b'"', 1)
        return Mutation(_rezip({**parts, "[Content_Types].xml": changed}), f"{target!r} declared as {new!r}",
                        codes=frozenset({code}) if code else frozenset())
    # the remaining ones change one cell of one sheet
    sheet = draw(st.sampled_from(sorted(sheets)), label="sheet")
    part = sheets[sheet]
    xml = parts[part]
    refs = _cells(xml)
    if how == "numbers":
        return _respell_numbers(draw, parts, part)
    ref = draw(st.sampled_from(refs) if refs else st.just("A1"), label="cell") if how != "formula" else draw(
        st.one_of(st.sampled_from(refs) if refs else st.just("A1"), st.sampled_from(["A1", "B2", "Z9", "C1000"])),
        label="cell")
    if how == "formula":
        formula = draw(st.sampled_from(['HYPERLINK("http://evil.example","x")', "1+1", "SUM(A1:A3)",
                                        'WEBSERVICE("http://evil.example/")', "A1"]), label="formula")
        cached = draw(st.sampled_from([None, "x", "2"]), label="cached")
        cell = K.formula_cell(ref, formula, cached)
        if kind == "bundle":
            codes = frozenset({"bundle.formula"})
        else:
            codes = frozenset({"ledger.formula"}) if part == imported_sheet else frozenset()
        return Mutation(_rezip({**parts, part: K.set_cell(xml, ref, cell)}), f"{sheet}!{ref} = ={formula}",
                        codes=codes)
    if how == "cell-type":
        t = draw(st.sampled_from(["b", "e", "s", "str", "n", "d", "inlineStr", "z", ""]), label="t")
        old = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml, re.DOTALL)
        element = old.group(0) if old else f'<c r="{ref}"><v>1</v></c>'.encode()
        if b' t="' in element.split(b">", 1)[0]:
            new = re.sub(rb' t="[^"]*"', f' t="{t}"'.encode() if t else b"", element, count=1)
        else:
            new = element.replace(b"<c ", f'<c t="{t}" '.encode(), 1) if t else element
        return Mutation(_rezip({**parts, part: K.set_cell(xml, ref, new)}), f"{sheet}!{ref} t={t!r}")
    value = draw(cell_values(), label="value")
    return Mutation(_rezip({**parts, part: K.set_cell(xml, ref, value_cell(ref, value))}), f"{sheet}!{ref} = {value!r}")


def _respell_numbers(draw: st.DrawFn, parts: K.Parts, part: str) -> Mutation:
    """Numbers written another way (45191 -> 45191.0, 4.5191E4, 045191): the same values."""
    style = draw(st.sampled_from(["dot", "exp", "zero", "plus-exp"]), label="spelling")

    def spell(m: re.Match[bytes]) -> bytes:
        text = m.group(1).decode()
        if style == "dot" and "." not in text and "e" not in text.lower():
            text += ".0"
        elif style == "exp" and "e" not in text.lower():
            text += "E0"
        elif style == "zero" and text[:1].isdigit():
            text = "0" + text
        elif style == "plus-exp" and "e" not in text.lower():
            text += "e+00"
        return b"<v>" + text.encode() + b"</v>"

    xml = re.sub(rb"<v>(-?[0-9.Ee+-]+)</v>", spell, parts[part])
    return Mutation(_rezip({**parts, part: xml}), f"numbers of {part} spelled {style}", keeps_values=True)


# ---------------------------------------------------------------- XML: harmless


@st.composite
def harmless_mutations(draw: st.DrawFn, data: bytes, *, latin1: bool = True) -> Mutation:
    """Changes that keep every value: a bundle must still verify, a ledger import the same.
    ``latin1=False`` for bundles, which must be UTF-8 (a part re-encoded as ISO-8859-1 keeps
    its values, but is refused: corpus bundle/latin1-declared-sheet.xlsx)."""
    parts = K.parts_of(data)
    kinds = ["bom", "declaration", "whitespace", "comment", "reorder", "stored", "level", "single-quotes"]
    if latin1:
        kinds.append("latin1")
    steps = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=4, unique=True), label="steps")
    xml_parts = [n for n in parts if n.endswith(XML_SUFFIXES)]
    sheet_parts = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    method_kw: dict[str, Any] = {}
    order = list(parts)
    for step in steps:
        if step == "bom":
            for n in draw(st.lists(st.sampled_from(xml_parts), min_size=1, unique=True), label="bom parts"):
                if not parts[n].startswith(b"\xef\xbb\xbf"):
                    parts[n] = b"\xef\xbb\xbf" + parts[n]
        elif step == "declaration":
            for n in xml_parts:
                if not parts[n].lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
                    bom = b"\xef\xbb\xbf" if parts[n].startswith(b"\xef\xbb\xbf") else b""
                    parts[n] = bom + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + \
                        parts[n].removeprefix(b"\xef\xbb\xbf")
        elif step == "whitespace":
            n = draw(st.sampled_from(sheet_parts), label="whitespace part")
            parts[n] = parts[n].replace(b"</row>", b"</row>\n\t")
        elif step == "comment":
            n = draw(st.sampled_from(sheet_parts), label="comment part")
            parts[n] = parts[n].replace(b"<sheetData>", b"<sheetData><!-- \xe5\xa4\x87\xe6\xb3\xa8 note -->", 1)
        elif step == "reorder":
            order = draw(st.permutations(order), label="order")
        elif step == "stored":
            method_kw = {"method": 0}
        elif step == "level":
            method_kw = {"level": draw(st.integers(0, 9), label="level")}
        elif step == "latin1":
            n = draw(st.sampled_from(sheet_parts), label="latin-1 part")
            if not parts[n].lstrip(b"\xef\xbb\xbf").startswith(b"<?xml"):
                parts[n] = K.xml_declared(parts[n].removeprefix(b"\xef\xbb\xbf"), "ISO-8859-1")
        elif step == "single-quotes":
            n = draw(st.sampled_from(sheet_parts), label="quotes part")
            parts[n] = re.sub(rb'<c r="([A-Z]+[0-9]+)"', rb"<c r='\1'", parts[n])
    ordered = {n: parts[n] for n in order}
    return Mutation(_rezip(ordered, **method_kw), "+".join(steps), keeps_values=True)


# ---------------------------------------------------------------- values of any type


def cell_values() -> st.SearchStrategy[tuple[str, str]]:
    """``(kind, text)``: what a person or a program may put in a cell, wrong types included."""
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
    return st.one_of(
        st.tuples(st.just("text"), text),
        st.tuples(st.just("text"), st.sampled_from(["=1+1", "@SUM(A1)", "+86 21", "-5", "#N/A", "TRUE", "1e5",
                                                    "0123", "2024-01-02", "_x0041_", "x005F_", " ", "\t", "ａｂｃ",
                                                    "𠀀" * 3, "\u202e", "\ufeff"])),
        st.tuples(st.just("number"), st.sampled_from(["0", "-0", "1", "1.5", "1e300", "1e999", "-1e999", "1e-320",
                                                      "123456789012345678", "12113100", "45077", "-1", "3.0E5",
                                                      "0x10", "nan", "inf", "", " 5 ", "1,5"])),
        st.tuples(st.just("number"), st.integers(-(10**14), 10**14).map(str)),
        st.tuples(st.just("number"), st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr)),
        st.tuples(st.just("date"), st.sampled_from(["45077", "1", "60", "-1", "2958465", "2958466", "1e9", "0.5"])),
        st.tuples(st.just("bool"), st.sampled_from(["0", "1", "true", "2", ""])),
        st.tuples(st.just("error"), st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "junk"])),
        st.tuples(st.just("shared"), st.sampled_from(["0", "-1", "99999", "x", ""])),
        st.tuples(st.just("isodate"), st.sampled_from(["2024-01-02T00:00:00", "2024-13-45", "x", ""])),
        st.tuples(st.just("empty"), st.just("")),
    )


DATE_STYLE = {"bundle": 2, "ledger": 1}  # the yyyy-mm-dd style of the base files


def value_cell(ref: str, value: tuple[str, str], *, date_style: int = 1) -> bytes:
    kind, text = value
    if kind == "text":
        return K.inline_cell(ref, text)
    if kind == "number":
        return K.number_cell(ref, text)
    if kind == "date":
        return K.number_cell(ref, text, date_style)
    if kind == "bool":
        return K.typed_cell(ref, "b", text)
    if kind == "error":
        return K.typed_cell(ref, "e", text)
    if kind == "shared":
        return K.typed_cell(ref, "s", text)
    if kind == "isodate":
        return K.typed_cell(ref, "d", text)
    return f'<c r="{ref}"/>'.encode()
