"""The one rule for characters no text field may hold, and how messages show untrusted text."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from labregistry import i18n
from labregistry.domain.records import (
    CredentialInput,
    InstituteInput,
    InstrumentInput,
    StaffInput,
    StandardInput,
)
from labregistry.domain.validation import validate_institute, validate_staff, validate_standard
from labregistry.errors import DomainError
from labregistry.textrules import json_safe, unsafe_character, unsafe_index, visible, visible_output

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
C1_AND_DEL = "".join(chr(c) for c in range(0x7F, 0xA0))
INVISIBLE_LETTERS = "\u034f\u115f\u1160\u3164\uffa0"


@pytest.mark.parametrize("char", list(BIDI + ZERO_WIDTH + C0 + C1_AND_DEL + INVISIBLE_LETTERS + "\ud800\udcff"))
def test_each_deceiving_or_acting_character_is_refused(char: str) -> None:
    assert unsafe_character(f"浙江{char}省") == char


def test_every_format_character_of_this_python_s_unicode_is_refused() -> None:
    """The list is written out (no 1.1-million-character scan at start-up); it must cover Cf."""
    missed = [f"U+{c:04X}" for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) in ("Cf", "Cc", "Cs") and chr(c) not in "\t\n\r"
              and unsafe_character(chr(c)) is None]
    assert missed == []


@pytest.mark.parametrize("text", [
    "上海市计量测试技术研究院", "［2022］沪量标证字第０２３４号", "(0~60)MPa", "U=0.02%, k=2", "（-60～420）℃",
    "±0.1 μΩ", "Shanghai Institute of Measurement and Testing Technology", "𠀀𪚥 names beyond the BMP",
    "葛\U000e0100 with an ideographic variation selector", "多行\n文本\t与\r回车", "emoji 🙂",
])
def test_the_text_labs_write_is_allowed(text: str) -> None:
    assert unsafe_character(text) is None


def test_the_first_unsafe_text_of_a_column_is_found() -> None:
    assert unsafe_index(["a", None, 3, "b", "c\u200bd", "\u202e"]) == 4
    assert unsafe_index(["a", None, 3.5, "b\nc"]) is None
    assert unsafe_index([]) is None


def test_visible_escapes_what_would_act_or_deceive() -> None:
    assert visible("a\x1b[2J\u202eb") == "a\\x1b[2J\\u202eb"
    assert visible("one\nline\ttab\rcr\u2028") == "one\\nline\\ttab\\rcr\\u2028"
    assert visible("\U000e0041\x85\udcff") == "\\U000e0041\\x85\\udcff"
    assert visible("浙江省 (0~60)MPa") == "浙江省 (0~60)MPa"
    assert visible_output("line 1\n\tline 2\r\u202e") == "line 1\n\tline 2\\r\\u202e"


def test_json_safe_keeps_the_data_and_escapes_the_characters() -> None:
    import json

    value = {"name": "\u202e浙江\u202c", "x": "\x85\U000e0041\x1b"}
    text = json_safe(json.dumps(value, ensure_ascii=False))
    assert not any(unsafe_character(c) for c in text)
    assert json.loads(text) == value


def test_message_parameters_are_shown_escaped_whatever_their_type() -> None:
    i18n.register({"test.echo": {"zh": "文件 {file}：{n:,} 行；{name}", "en": "file {file}: {n:,} rows; {name}"}})
    text = i18n.tr("test.echo", "en", file=Path("/tmp/a\x1b[2J.xlsx"), n=12345, name="\u202e浙江\u202c\nerror: x")
    assert text == "file /tmp/a\\x1b[2J.xlsx: 12,345 rows; \\u202e浙江\\u202c\\nerror: x"
    place_error = DomainError("file.not_found", path="a\u2066b")
    assert "a\\u2066b" in place_error.render("en")


def test_a_standard_with_a_bidi_name_is_refused_naming_the_field() -> None:
    inp = StandardInput(name="精密\u202e压力表标准装置", code="12113200", grade="public", certificate_no="X-1",
                        valid_until="2030-01-01", range_text="(0~60)MPa", accuracy_text="0.05级",
                        instruments=[InstrumentInput("压力计"), InstrumentInput("温度计", serial_no="S\u200b1")])
    with pytest.raises(DomainError) as caught:
        validate_standard(inp)
    fields = {(i.field, i.code) for i in caught.value.issues}
    assert ("name", "text.unsafe_character") in fields
    assert ("instruments[1].serial_no", "text.unsafe_character") in fields
    assert len(caught.value.issues) == 2
    zh = caught.value.issues[0].render("zh")
    assert "含有文字方向控制字符 U+202E（RIGHT-TO-LEFT OVERRIDE）" in zh and "\u202e" not in zh
    en = caught.value.issues[1].render("en")
    assert "instrument 2: serial number" in en and "invisible character U+200B (ZERO WIDTH SPACE)" in en


def test_every_field_and_list_item_is_checked() -> None:
    inp = StaffInput(name="张三", department="计量\x07所", id_number="31011519900101123\u200b",
                     credentials=[CredentialInput("verifier", "沪检字第0456号", items=["压力", "温\ufeff度"])])
    with pytest.raises(DomainError) as caught:
        validate_staff(inp)
    issues = {i.field: i for i in caught.value.issues if i.code == "text.unsafe_character"}
    assert set(issues) == {"department", "id_number", "credentials[0].items"}
    assert issues["id_number"].value.startswith("3101") and "19900101" not in issues["id_number"].value  # private


def test_an_institute_name_that_reads_jiangzhe_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        validate_institute(InstituteInput(name="\u202e浙江\u202c省计量科学研究院", uscc="12330000470040568F",
                                          province="浙江", city="杭州"))
    assert [i.field for i in caught.value.issues] == ["name"]


def test_line_breaks_and_tabs_in_a_cell_are_folded_not_refused() -> None:
    inp = StandardInput(name="数字压力计\n标准装置", code="12113200", grade="public", certificate_no="X-1\t",
                        valid_until="2030-01-01", range_text="(0~60)MPa", accuracy_text="0.05级")
    assert validate_standard(inp).name == "数字压力计 标准装置"
