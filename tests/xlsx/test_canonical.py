"""The canonical form of sheet rows: equal after write/read, openpyxl and LibreOffice
open-and-save; different after any single change."""

from __future__ import annotations

import datetime as dt
import random
import re
import struct
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from labregistry.errors import DomainError
from labregistry.xlsx.canonical import (
    SheetDigest,
    canonical_cell,
    canonical_number,
    normalise_text,
    round_float,
    sheet_digest,
    utf16_length,
)
from labregistry.xlsx.workbook import ColumnSpec, SheetSpec, read_workbook, write_workbook
from tests.properties import property_settings

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

SIGNATURE = "签名 Signature"
SHEET_NAMES = ("计量标准 Standards", "标准器 Instruments")
ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|x005F_", re.I)

# ---------------------------------------------------------------- canonical_cell


def test_numbers_agree_whatever_their_python_type() -> None:
    assert canonical_cell(60000000) == canonical_cell(60000000.0) == canonical_cell(6e7) == {"n": "60000000"}
    assert canonical_cell(Decimal("60000000.000")) == {"n": "60000000"}
    assert canonical_cell(1 / 3) == canonical_cell(0.333333333333333) == {"n": "0.333333333333333"}
    assert canonical_cell(0.1 + 0.2) == canonical_cell(0.3)
    assert canonical_cell(-0.0) == canonical_cell(0) == {"n": "0"}
    assert canonical_cell(1e20) == {"n": "1e+20"}
    assert canonical_number(2**53 + 1) == canonical_number(9007199254740990.0)
    assert round_float(1 / 3) == 0.333333333333333
    with pytest.raises(ValueError):
        canonical_cell(float("nan"))
    with pytest.raises(ValueError):
        canonical_cell(float("inf"))


def test_dates() -> None:
    assert canonical_cell(dt.date(2024, 1, 2)) == {"d": "2024-01-02"}
    assert canonical_cell(dt.datetime(2024, 1, 2)) == {"d": "2024-01-02"}
    assert canonical_cell(dt.datetime(2024, 1, 2, 3, 4, 5)) == {"d": "2024-01-02T03:04:05"}
    assert canonical_cell(dt.datetime(2024, 1, 2, 3, 4, 5, 499999)) == {"d": "2024-01-02T03:04:05"}
    assert canonical_cell(dt.datetime(2024, 1, 2, 3, 4, 5, 500000)) == {"d": "2024-01-02T03:04:06"}
    assert canonical_cell(dt.datetime(2024, 1, 2, 23, 59, 59, 999000)) == {"d": "2024-01-03"}
    with pytest.raises(TypeError):
        canonical_cell(dt.datetime(2024, 1, 2, tzinfo=dt.UTC))


def test_text_is_kept_except_line_breaks() -> None:
    assert canonical_cell("") is None
    assert canonical_cell(None) is None
    assert canonical_cell(" ") == " "
    assert canonical_cell("  trailing  ") == "  trailing  "
    assert canonical_cell("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert canonical_cell("e\u0301") != canonical_cell("\u00e9")  # no Unicode normalisation
    assert normalise_text("x\r") == "x\n"
    assert utf16_length("𠀀a") == 3


def test_types_are_part_of_the_form() -> None:
    # a number replaced by text showing the same digits, or a date by its text: different
    assert canonical_cell("60000000") != canonical_cell(60000000)
    assert canonical_cell("2024-01-02") != canonical_cell(dt.date(2024, 1, 2))
    keys = ["a"]
    assert sheet_digest(keys, [[60000000]]) != sheet_digest(keys, [["60000000"]])


def test_booleans_and_other_types_have_no_form() -> None:
    for value in (True, False, dt.time(1, 2), dt.timedelta(1), b"x", [1]):
        with pytest.raises(TypeError):
            canonical_cell(value)


def test_sheet_digest_rules() -> None:
    keys = ["a", "b"]
    base = sheet_digest(keys, [["x", 1], [None, None], ["y", None]])
    assert base.row_count == 3
    # trailing empty rows and trailing empty cells are ignored
    assert sheet_digest(keys, [["x", 1], [None, ""], ["y"], [None, None], []]) == base
    # rows are positional
    assert sheet_digest(keys, [["y", None], [None, None], ["x", 1]]) != base
    assert sheet_digest(keys, [["x", 1], ["y", None]]) != base
    # columns: an extra or a missing column changes the digest, so does a renamed key
    assert sheet_digest(["a", "b", "c"], [["x", 1], [None, None], ["y", None]]) != base
    assert sheet_digest(["a"], [["x"], [None], ["y"]]) != sheet_digest(["a", "b"], [["x"], [None], ["y"]])
    assert sheet_digest(["a", "c"], [["x", 1], [None, None], ["y", None]]) != base
    with pytest.raises(ValueError):
        sheet_digest(keys, [["x", 1, "extra"]])
    with pytest.raises(ValueError):
        sheet_digest(["a", "a"], [])
    assert sheet_digest(keys, []) == SheetDigest(0, sheet_digest(keys, [[None, None]]).sha256)


# ---------------------------------------------------------------- strategies

XML_BAD = {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {"\ufffe", "\uffff"}
TRICKY_TEXT = [
    "=1+1", "=SUM(A1:A3)", "+86 21 6470 1234", "-5 ℃", "@user", "\tTAB", "\nLF", "\r\nCRLF", "\rCR",
    "#N/A", "#DIV/0!", "TRUE", "false", "1e5", "1E5", "0123", "1,000.50", "2024-01-02", " ", "  ",
    "trailing  ", "  leading", "a\r\nb", "中文 文本", "𠀀𠀁 扩展B", "emoji 🙂", "e\u0301", "\u00a0nbsp",
    "\u3000全角空格", "\u200bzero width", "'quoted", "''", "=", "-", "+", "Ω\u2126", "\u2028", "µ\u03bc",
]
TEXT_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters=sorted(XML_BAD))
TEXTS = st.one_of(
    st.text(TEXT_CHARS, max_size=30).filter(lambda t: not ESCAPE.search(t)),
    st.sampled_from(TRICKY_TEXT),
)
INTS = st.integers(-(10**15) + 1, 10**15 - 1)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300).filter(
    lambda x: x == 0 or abs(round_float(x)) >= 1e-300
)
DATES = st.one_of(
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 58)),
)
BY_TYPE = {"text": TEXTS, "int": INTS, "float": st.one_of(FLOATS, INTS), "date": DATES}
TYPES = st.sampled_from(["text", "int", "float", "date"])


def spec_for(name: str, types: list[str]) -> SheetSpec:
    return SheetSpec(name, [ColumnSpec(f"c{i}", f"列{i}", f"Col {i}", t) for i, t in enumerate(types)])  # type: ignore[arg-type]


@st.composite
def books(draw: Any, max_rows: int = 8) -> list[tuple[SheetSpec, list[list[Any]]]]:
    out = []
    for name in SHEET_NAMES:
        types = draw(st.lists(TYPES, min_size=1, max_size=5))
        spec = spec_for(name, types)
        row = st.tuples(*(st.one_of(st.none(), BY_TYPE[t]) for t in types)).map(list)
        out.append((spec, draw(st.lists(row, max_size=max_rows))))
    return out


def expected_value(column: ColumnSpec, value: Any) -> Any:
    """What read_workbook gives back for ``value`` written in ``column``."""
    if value is None or value == "":
        return None
    if column.type == "text":
        return normalise_text(value)
    if column.type == "float":
        return round_float(value)
    if column.type == "date":
        if isinstance(value, dt.datetime):
            canon = canonical_cell(value)["d"]  # type: ignore[index]
            return dt.date.fromisoformat(canon) if "T" not in canon else dt.datetime.fromisoformat(canon)
        return value
    return value


def expected_rows(spec: SheetSpec, rows: list[list[Any]]) -> list[list[Any]]:
    out = [[expected_value(c, v) for c, v in zip(spec.columns, row, strict=True)] for row in rows]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def write_book(path: Path, book: list[tuple[SheetSpec, list[list[Any]]]], meta: Any = None) -> dict[str, SheetDigest]:
    if meta is None:

        def meta(digests: dict[str, SheetDigest]) -> list[tuple[str, str]]:
            return [("manifest", repr(sorted(digests.items()))), ("signature", "AAAA")]

    return write_workbook(path, [("说明 Note", "测试 test")], book, (SIGNATURE, meta))


def read_book(path: Path, book: list[tuple[SheetSpec, list[list[Any]]]]) -> Any:
    return read_workbook(path, [spec for spec, _ in book], SIGNATURE)


HYPOTHESIS = property_settings(short=60, long=600)


# ---------------------------------------------------------------- properties


@HYPOTHESIS
@given(book=books())
def test_write_then_read_gives_the_same_digests(book: list[tuple[SheetSpec, list[list[Any]]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.xlsx"
        written = write_book(path, book)
        for spec, rows in book:
            # the digest of what was asked to be written: the writer changes nothing canonical
            assert written[spec.name] == sheet_digest(spec.keys, rows)
        read = read_book(path, book)
        assert read.digests == written
        for spec, rows in book:
            assert read.sheets[spec.name].rows == expected_rows(spec, rows)


def set_cell(ws: Any, ref: str, column: ColumnSpec, value: Any) -> None:
    cell = ws[ref]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a value edit, not a formula
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"


@HYPOTHESIS
@given(book=books(max_rows=6), data=st.data())
def test_any_single_change_changes_the_digest(book: list[tuple[SheetSpec, list[list[Any]]]], data: Any) -> None:
    candidates = [(i, r) for i, (_, rows) in enumerate(book) for r in range(len(rows))]
    assume(candidates)
    sheet_index, row = data.draw(st.sampled_from(candidates))
    spec, rows = book[sheet_index]
    col = data.draw(st.integers(0, len(spec.columns) - 1))
    column = spec.columns[col]
    old = rows[row][col]
    # mostly a value of the column's type, sometimes of another type (a type confusion)
    new = data.draw(st.one_of(st.none(), BY_TYPE[column.type], TEXTS, INTS, DATES))
    if isinstance(new, float):
        new = round_float(new)
    if isinstance(new, dt.datetime):
        new = new.replace(microsecond=0)
    assume(canonical_cell(new) != canonical_cell(old))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.xlsx"
        written = write_book(path, book)
        wb = openpyxl.load_workbook(path)
        set_cell(wb[spec.name], f"{chr(65 + col)}{row + 2}", column, new)
        wb.save(path)
        try:
            read = read_book(path, book)
        except DomainError as exc:
            # a value of the wrong type for its column is refused outright: also a detection
            # (e.g. 0 typed into a date-formatted cell reads as a time of day: bad_cell)
            assert exc.code in ("bundle.wrong_type", "bundle.bad_cell"), exc.render("en")
            return
        assert read.digests[spec.name] != written[spec.name]
        other = book[1 - sheet_index][0].name
        assert read.digests[other] == written[other]


@property_settings(short=40, long=400)
@given(book=books())
def test_openpyxl_load_and_save_keeps_the_digests(book: list[tuple[SheetSpec, list[list[Any]]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.xlsx"
        written = write_book(path, book)
        wb = openpyxl.load_workbook(path)
        wb.save(Path(tmp) / "saved.xlsx")
        read = read_book(Path(tmp) / "saved.xlsx", book)
        assert read.digests == written
        assert read.meta == read_book(path, book).meta


# ---------------------------------------------------------------- LibreOffice


def random_float(rnd: random.Random) -> float:
    while True:
        kind = rnd.random()
        if kind < 0.4:  # any bit pattern: finds rounding edge cases
            x = struct.unpack("<d", rnd.getrandbits(64).to_bytes(8, "little"))[0]
        elif kind < 0.7:
            x = rnd.uniform(-1e6, 1e6)
        else:
            x = rnd.randint(-(10**9), 10**9) / 10 ** rnd.randint(0, 12)
        if x == x and abs(x) <= 1e300 and (x == 0 or abs(round_float(x)) >= 1e-300):
            return x


CHAR_POOL = (
    "abcXYZ 019.,;:-+=@#%&*()[]{}'\"\\/<>?!~^_|" "计量标准装置压力温度检定证书编号有效期上海江苏浙江安徽"
    "𠀀𠀁𪚥🙂" "\t\n \u00a0\u3000\u200b\u0301µΩ℃～（）：，"
)


def random_text(rnd: random.Random) -> str:
    if rnd.random() < 0.3:
        return rnd.choice(TRICKY_TEXT)
    n = rnd.choice([1, 2, 5, 20, 80, 300])
    text = "".join(rnd.choice(CHAR_POOL) for _ in range(n))
    if rnd.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text


def random_value(rnd: random.Random, kind: str) -> Any:
    if rnd.random() < 0.15:
        return None
    if kind == "text":
        return random_text(rnd)
    if kind == "int":
        return rnd.choice([0, 1, -1, 10**15 - 1, -(10**15) + 1, rnd.randint(-(10**15) + 1, 10**15 - 1)])
    if kind == "float":
        return random_float(rnd)
    day = dt.date(1900, 3, 1) + dt.timedelta(days=rnd.randint(0, 2_900_000))
    if rnd.random() < 0.5:
        return day
    return dt.datetime.combine(day, dt.time(rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59)))


FIXED_FLOATS = [
    1 / 3, 0.1 + 0.2, 0.1234567890123455, 123456.78901234567, float(2**53 + 1), 1e-300, 1e300, 1e15, 1e16,
    60000000.0, 6e7, -1.5, 1e-5, 1.23e-10, 12345678901234.5, 0.0, -0.0, 2.5e-7, 9.99999999999999e299,
]


@pytest.fixture(scope="module")
def lo_books(tmp_path_factory: pytest.TempPathFactory, lo_convert: Any) -> list[tuple[Any, Path, Path]]:
    """Several random bundles, each opened and saved by LibreOffice (one LibreOffice run)."""
    src = tmp_path_factory.mktemp("lo-canonical")
    made = []
    types = ["text"] * 6 + ["int"] * 2 + ["float"] * 3 + ["date"] * 2
    for seed in range(3):
        rnd = random.Random(seed)
        spec1 = spec_for(SHEET_NAMES[0], types)
        rows1 = [[random_value(rnd, c.type) for c in spec1.columns] for _ in range(200)]
        # every fixed float and every tricky text, in the float / text columns
        rows1 += [[None] * 8 + [f, -f, None] + [None] * 2 for f in FIXED_FLOATS]
        rows1 += [[t] + [None] * 12 for t in TRICKY_TEXT]
        rows1 += [["证" * 32767, "𠀀" * 16383] + [None] * 11]
        spec2 = spec_for(SHEET_NAMES[1], ["text", "date", "float"])
        rows2 = [[random_value(rnd, c.type) for c in spec2.columns] for _ in range(100)]
        book = [(spec1, rows1), (spec2, rows2)]
        # longer than three cells; LibreOffice writes a run per change of script (CJK/Latin), so
        # mostly ASCII keeps the saved file small, as a real manifest is
        manifest = '{"issuer":"上海市计量测试技术研究院 𠀀",' + ",".join(f'"k{i}":"v{i}"' for i in range(9000)) + "}"
        path = src / f"book{seed}.xlsx"

        def meta(digests: dict[str, SheetDigest], manifest: str = manifest) -> list[tuple[str, str]]:
            return [("manifest", manifest), ("digests", repr(sorted(digests.items()))), ("signature", "=+/AA==")]

        written = write_book(path, book, meta)
        made.append((book, written, path, manifest))
    converted = lo_convert([m[2] for m in made], src / "out")
    return [(book, written, out, manifest) for (book, written, _, manifest), out in zip(made, converted)]


def test_libreoffice_open_and_save_keeps_the_digests(lo_books: list[Any]) -> None:
    for book, written, saved, manifest in lo_books:
        read = read_book(saved, book)  # pre-flight included: LibreOffice's parts are allowed
        assert read.cover_present
        assert read.digests == written, saved
        assert read.meta["manifest"] == manifest
        assert read.meta["signature"] == "=+/AA=="
        for spec, rows in book:
            assert read.sheets[spec.name].rows == expected_rows(spec, rows)


def test_libreoffice_really_rewrote_the_file(lo_books: list[Any]) -> None:
    """Guard against a silent no-op conversion: the saved files are LibreOffice's own; and
    the fast shared-string reader reads LibreOffice's rich-text runs exactly like openpyxl."""
    import zipfile

    from openpyxl.reader.strings import read_string_table

    from labregistry.xlsx.strings import read_shared_strings

    for index, (_, _, saved, _) in enumerate(lo_books):
        with zipfile.ZipFile(saved) as zf:
            names = set(zf.namelist())
            assert "xl/sharedStrings.xml" in names  # openpyxl writes inline strings, LibreOffice shared ones
            assert b"Calc" in zf.read("xl/workbook.xml") or b"LibreOffice" in zf.read("docProps/app.xml")
            if index == 0:  # openpyxl's own reader is slow on these: one file is enough
                with zf.open("xl/sharedStrings.xml") as a, zf.open("xl/sharedStrings.xml") as b:
                    assert read_shared_strings(a) == read_string_table(b)
