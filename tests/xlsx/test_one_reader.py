"""One column-letter function and one shared-strings reader serve bundles and ledgers alike."""

from __future__ import annotations

import io

import pytest
from openpyxl.reader.strings import read_string_table
from openpyxl.utils import get_column_letter

from labregistry.xlsx.refs import column_letter
from labregistry.xlsx.strings import ANY_NS, STRICT_NS, read_shared_strings

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_column_letters_are_the_ones_spreadsheets_show() -> None:
    # what ledger messages spelled with openpyxl before, over every column Excel has
    assert [column_letter(i) for i in range(1, 16385)] == [get_column_letter(i) for i in range(1, 16385)]


def _table(ns: str) -> bytes:
    xmlns = f' xmlns="{ns}"' if ns else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst{xmlns} count="3" uniqueCount="3">'
            '<si><t>计量标准</t></si>'
            '<si><r><t>Standard </t></r><r><rPr><b/></rPr><t>1</t></r>'
            '<rPh sb="0" eb="1"><t>ケイリョウ</t></rPh></si>'
            '<si><t xml:space="preserve"> x005F_x0041_ </t></si></sst>').encode()


EXPECTED = ["计量标准", "Standard 1", " x0041_ "]


def test_the_bundle_reader_reads_as_openpyxl() -> None:
    data = _table("http://schemas.openxmlformats.org/spreadsheetml/2006/main")
    assert read_shared_strings(io.BytesIO(data)) == read_string_table(io.BytesIO(data)) == EXPECTED


@pytest.mark.parametrize("ns", [STRICT_NS, ""], ids=["strict", "no-namespace"])
def test_a_ledger_in_strict_ooxml_or_without_namespace_reads_the_same(ns: str) -> None:
    assert read_shared_strings(io.BytesIO(_table(ns)), namespaces=ANY_NS) == EXPECTED
    # a bundle is only ever Transitional: in any other namespace it has no string table at all
    assert read_shared_strings(io.BytesIO(_table(ns))) == []
