"""The shared string table of an ``.xlsx`` file: the one reader of ``xl/sharedStrings.xml``.

Bundles (:mod:`.workbook`) and institutes' own ledgers (:mod:`labregistry.ledger.reader`) both
read it here; a ledger also accepts the Strict OOXML namespace and un-namespaced parts, which
the registry's own workbooks never have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from labregistry.xlsx import looks as looks_
from labregistry.xlsx.preflight import MAX_XML_DEPTH

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
#: What an institute's ledger may use: Transitional, Strict, or no namespace at all.
ANY_NS = (MAIN_NS, STRICT_NS, "")
_RUN_ELEMENTS = {f"{MAIN_NS} {local}": local for local in looks_.RunCollector.ELEMENTS}
_SI, _R, _T, _RPR = "si", "r", "t", "rPr"
_XML_SPACE_ATTR = "http://www.w3.org/XML/1998/namespace space"


def parse_chunks(parser: Any, src: Any, size: int = 1 << 16) -> None:
    """Feed the binary stream ``src`` to the expat ``parser`` to its end, ``size`` bytes at a
    time: a part of a workbook is never held whole as text (the ledger's sheets, the bundle's
    scan of a sheet and the shared strings are all read this way)."""
    while chunk := src.read(size):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local_names(namespaces: Sequence[str]) -> dict[str, str]:
    """Expat's name of each element this reader cares about (``"ns local"``), to its local name."""
    return {f"{ns} {local}" if ns else local: local for ns in namespaces for local in (_SI, _R, _T, _RPR)}


class _ForbiddenXml(ValueError):
    pass


class TooDeep(Exception):  # not a ValueError: openpyxl's ExcelReader rewords those
    """A part nested deeper than :data:`.preflight.MAX_XML_DEPTH` (``xlsx.too_deep``)."""

    def __init__(self, part: str) -> None:
        super().__init__(f"{part} is nested more than {MAX_XML_DEPTH} levels deep")
        self.part = part


def read_shared_strings(src: Any, part: str = "xl/sharedStrings.xml",
                        looks: dict[str, looks_.RunLook] | None = None, *,
                        namespaces: Sequence[str] = (MAIN_NS,)) -> list[str]:
    """The shared string table, exactly as openpyxl's ``read_string_table`` reads it, faster.

    LibreOffice writes every change between CJK and Latin script inside a cell as its own
    rich-text run with font properties; openpyxl builds objects for each run's properties
    and reads such a table about eight times slower than this streaming expat reader. The
    text is the same: the ``<t>`` of each ``<si>`` and of its ``<r>`` runs (not the phonetic
    ``<rPh>`` runs), with openpyxl's removal of ``x005F_``. No DTD and no entity is accepted
    (the pre-flight has already refused them; this is a second lock), and no nesting deeper
    than the pre-flight's :data:`.preflight.MAX_XML_DEPTH` (``TooDeep``: the stack of open
    elements is all this reader keeps besides the strings).

    ``looks``, when given, receives for each text whose ``<si>`` has rich-text runs with
    fonts of their own, phonetic text, or a ``<t>`` with white space at an end and no
    ``xml:space="preserve"`` the :class:`.looks.RunLook` of those (merged over every ``<si>``
    of the same text): what the cells showing it must be checked for.
    ``namespaces``: the spreadsheet namespaces whose elements count (:data:`ANY_NS` for a ledger).
    """
    import xml.parsers.expat as expat

    strings: list[str] = []
    buffer: list[str] = []
    stack: list[str | None] = [None]
    collecting = False
    piece_start, preserved = 0, False  # where the open <t>'s text starts in buffer; its xml:space
    runs = looks_.RunCollector() if looks is not None else None
    names = _local_names(namespaces)

    def forbid(*_: Any) -> None:
        raise _ForbiddenXml("DTDs and entities are not allowed")

    def start(name: str, _attrs: Any) -> None:
        nonlocal collecting, piece_start, preserved
        if len(stack) > MAX_XML_DEPTH:  # stack[0] is the document: len(stack) is the depth
            raise TooDeep(part)
        parent = stack[-1]
        local = names.get(name)
        if local == _T and (parent == _SI or (parent == _R and stack[-2] == _SI)):
            collecting = True
            piece_start, preserved = len(buffer), _attrs.get(_XML_SPACE_ATTR) == "preserve"
        if runs is not None:
            kind = _RUN_ELEMENTS.get(name)
            if kind is not None:
                runs.start(kind, _attrs, parent == _R)
        stack.append(local)

    def end(name: str) -> None:
        nonlocal collecting
        local = stack.pop()
        if runs is not None and local == _RPR:
            runs.end_properties()
        if local == _T:
            if collecting and runs is not None:
                runs.text("".join(buffer[piece_start:]), preserved)
            collecting = False
        elif local == _SI:
            text = "".join(buffer).replace("x005F_", "")
            strings.append(text)
            buffer.clear()
            if runs is not None:
                look = runs.finish(text)
                if look is not None and looks is not None:
                    known = looks.get(text)
                    looks[text] = look if known is None else known.merge(look)

    def chars(data: str) -> None:
        if collecting:
            buffer.append(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parse_chunks(parser, src)
    return strings


__all__ = ["ANY_NS", "MAIN_NS", "STRICT_NS", "TooDeep", "read_shared_strings"]
