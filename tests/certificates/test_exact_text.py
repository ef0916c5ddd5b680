"""A certificate prints exactly the recorded values: every character drawn, and read back by pdftotext.

The characters come from everything that can end up in a certificate here: the demo
catalogue's data, the records the demo generator writes, the string constants of the
accuracy and range parsers (what they accept and produce), plus ``Urel=5×10⁻¹⁰ (k=2)``,
which used to print as "5×10 ¹" (the CJK font lacks superscript minus and zero). Each is
put into a recorded value, the certificate is issued in every language and with the
built-in CID font, and pdftotext's reading must hold every recorded value unchanged.
A character no font has is refused, by name, before anything is written.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from labregistry.certificates import fonts as fontmod
from labregistry.demo import catalogue as cat
from labregistry.demo import populate_demo
from labregistry.domain.records import InstrumentInput, ServiceInput
from labregistry.errors import DomainError
from labregistry.registry import Registry
from labregistry.services import certificates as svc
from labregistry.services import records
from labregistry.storage.models import AuthorisationItem, Instrument, Service, Standard
from tests.certificates.helpers import ISSUED, make_registry, pressure_standard
from tests.conftest import PASSPHRASE, run_cli

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

ROOT = Path(__file__).resolve().parents[2]
EXPONENT = "Urel=5×10⁻¹⁰ (k=2)"
CERT_NO = "[2024]沪量标证字第0999号"


def _walk(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, type):
        return
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _walk(getattr(value, f.name), out)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _walk(item, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, out)
            _walk(item, out)


def catalogue_texts() -> set[str]:
    out: set[str] = set()
    for name in dir(cat):
        if not name.startswith("__"):
            _walk(getattr(cat, name), out)
    return out


def parser_texts() -> set[str]:
    """String constants of the parsers (units, symbols, spellings they accept and produce)."""
    out: set[str] = set()
    for rel in ("labregistry/domain/accuracy.py", "labregistry/domain/quantities.py"):
        for node in ast.walk(ast.parse((ROOT / rel).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def generated_texts(tmp: Path) -> set[str]:
    """Every text the demo generator writes into what certificates print."""
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import setup

    reg = open_registry(tmp / "demo", logging=False)
    try:
        setup.init_registry(reg, InstituteInput(name="浙江省计量科学研究院", uscc="123300004700000018", province="浙江",
                                                city="杭州"), PASSPHRASE)
        populate_demo(reg, standards=400, seed=3, today=ISSUED)
        out: set[str] = set()
        with reg.uow("t") as uow:
            for model in (Standard, Instrument, Service, AuthorisationItem):
                for row in uow.session.execute(select(model)).scalars():
                    out.update(v for v in row.__dict__.values() if isinstance(v, str))
        return out
    finally:
        reg.close()


def every_character(tmp: Path) -> str:
    texts = catalogue_texts() | parser_texts() | generated_texts(tmp) | {EXPONENT}
    chars = {ch for text in texts for ch in text if fontmod.drawable(ch) and not ch.isspace()}
    return "".join(sorted(chars))


@dataclasses.dataclass
class Site:
    reg: Registry
    chunks: list[str]
    key: Any


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("exact")
    chars = every_character(tmp)
    assert len(chars) > 600 and "⁻" in chars and "℃" in chars and "Ω" in chars
    chunks = [chars[i : i + 36] for i in range(0, len(chars), 36)]
    reg, _ = make_registry(tmp / "home")
    inp = pressure_standard(
        certificate_no=CERT_NO,
        name="频率计数器检定装置",
        code="25113100",
        quantity="频率",
        range_text="10Hz~1GHz",
        accuracy_text=EXPONENT,
        services=[ServiceInput(name=chunk, kind="calibration") for chunk in chunks],
        instruments=[InstrumentInput(name="铷原子频率标准", model="SRS FS725", accuracy_text="Urel=5×10⁻¹¹ (k=2)",
                                     traced_to_name="中国计量科学研究院", calibration_cert_no="SPjz2025-00123",
                                     calibration_due="2027-06-30")],
    )
    records.create_standard(reg, inp)
    yield Site(reg, chunks, svc.unlock(reg, PASSPHRASE))
    reg.close()


def squeezed(text: str) -> str:
    return "".join(text.split())


def pdftotext(path: Path) -> str:
    """pdftotext in content-stream order (``-raw``): a table cell's lines come one after another."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("language", ["zh", "en", "zh+en"])
@pytest.mark.parametrize("font", ["system", "builtin"])
def test_every_recorded_character_reads_back_unchanged(site: Site, tmp_path: Path, language: str, font: str) -> None:
    fonts = fontmod.resolve_fonts(env="") if font == "system" else fontmod.resolve_fonts(env="", search=[])
    if font == "system" and not fonts.embedded:
        pytest.skip("no CJK TrueType font on this machine (the test script installs fonts-wqy-zenhei)")
    if not fonts.fallbacks:
        pytest.skip("no Latin symbol font (scripts/venv.sh installs fonts-dejavu-core)")
    out = tmp_path / f"{language}.pdf"
    svc.issue_standard(site.reg, CERT_NO, out, site.key, language=language, issued_on=ISSUED, fonts=fonts)
    text = squeezed(pdftotext(out))
    assert squeezed(EXPONENT) in text
    missing = [chunk for chunk in site.chunks if squeezed(chunk) not in text]
    assert not missing, f"not read back as recorded: {missing}"


def test_the_exponent_is_drawn_from_a_font_that_has_it() -> None:
    fonts = fontmod.resolve_fonts(env="")
    if not fonts.fallbacks:
        pytest.skip("no Latin symbol font (scripts/venv.sh installs fonts-dejavu-core)")
    runs = list(fonts.runs(EXPONENT))
    assert "".join(piece for _, piece in runs) == EXPONENT
    assert not fonts.missing(EXPONENT)
    exponent_fonts = {font for font, piece in runs if "⁻" in piece or "⁰" in piece}
    assert len(exponent_fonts) == 1 and exponent_fonts <= {f.name for f in fonts.fallbacks} | {fonts.body}


def test_a_character_no_font_has_is_refused_by_name_and_nothing_is_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    reg, _ = make_registry(home)
    try:
        records.create_standard(reg, pressure_standard(certificate_no="[2024]沪量标证字第0001号",
                                                        operators="李明、𓀀"))  # U+13000, in no font here
        fonts = fontmod.resolve_fonts(env="")
        key = svc.unlock(reg, PASSPHRASE)
        with pytest.raises(DomainError) as refused:
            svc.issue_standard(reg, "[2024]沪量标证字第0001号", tmp_path / "x.pdf", key, issued_on=ISSUED, fonts=fonts)
        assert refused.value.code == "cert.no_glyph" and "U+13000" in refused.value.render("en")
        assert not (tmp_path / "x.pdf").exists()
    finally:
        reg.close()
    out = tmp_path / "cli.pdf"
    result = run_cli("--home", str(home), "certificate", "--standard", "[2024]沪量标证字第0001号", "-o", str(out))
    assert result.code == 1 and not out.exists()
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "U+13000" in lines[0] and "𓀀" in lines[0]


def test_the_cid_font_is_trusted_only_with_what_reads_back(tmp_path: Path) -> None:
    """Every non-ideograph the chain would draw with the CID font reads back as itself."""
    import unicodedata

    from reportlab.pdfgen.canvas import Canvas

    fontmod.builtin_fonts()
    trusted = [chr(c) for c in range(0x21, 0x10000)
               if not 0x4E00 <= c <= 0x9FA5 and unicodedata.category(chr(c))[0] != "C" and not chr(c).isspace()
               and fontmod.cid_covers(chr(c))]
    assert "℃" in trusted and "·" not in trusted  # GBK has "·", the CMap does not
    out = tmp_path / "cid.pdf"
    canvas = Canvas(str(out))
    y = 800.0
    for ch in trusted:
        canvas.setFont(fontmod.CID_FONT, 10)
        canvas.drawString(40, y, f"a{ch}b")
        y -= 12
        if y < 40:
            canvas.showPage()
            y = 800.0
    canvas.save()
    lines = [line for line in pdftotext(out).replace("\f", "").split("\n") if line]
    assert [line for line, ch in zip(lines, trusted, strict=True) if line != f"a{ch}b"] == []
