"""The embedded Chinese font: the certificates' own wording goes first into the first subset.

Every certificate then embeds the same first subset font (made and compressed once per
process), and a certificate looks and reads exactly as it did when each document numbered
its characters in the order it drew them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics

from labregistry.certificates import layout
from labregistry.registry import Registry
from labregistry.services import certificates as svc
from labregistry.services import records
from tests.certificates.helpers import ISSUED, make_registry, pdf_text, pressure_standard, require_cjk_font
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Registry, list[layout.CertificateSpec]]]:
    reg, first = make_registry(tmp_path_factory.mktemp("subsets") / "home")
    second = records.create_standard(reg, pressure_standard(
        name="活塞式压力计标准装置", certificate_no="[2024]沪量标证字第0456号", responsible_person="赵敏",
        operators="钱锋、孙丽"))
    key = svc.unlock(reg, PASSPHRASE)
    specs = [svc.standard_spec(reg, ref, key, issued_on=ISSUED) for ref in (first, second)]
    yield reg, specs
    reg.close()


def _subset_fonts(data: bytes) -> dict[str, bytes]:
    """Embedded subset font files by subset prefix (AAAAAA+, AAAAAB+ ...)."""
    import io

    from pypdf import PdfReader

    found: dict[str, bytes] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font: Any = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found[str(font["/BaseFont"])[1:7]] = descriptor.get_object()["/FontFile2"].get_object().get_data()
    return found


def _pixels(data: bytes) -> list[bytes]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    return [doc[i].render(scale=1.5).to_pil().tobytes() for i in range(len(doc))]


def test_every_certificate_embeds_the_same_first_subset(two: tuple[Registry, list[layout.CertificateSpec]],
                                                        tmp_path: Path) -> None:
    reg, specs = two
    fonts = require_cjk_font(svc.certificate_fonts(reg))
    first, second = (layout.render([spec], fonts).data for spec in specs)
    a, b = _subset_fonts(first), _subset_fonts(second)
    assert a["AAAAAA"] == b["AAAAAA"] and len(a) >= 2
    assert a.keys() == b.keys() and any(a[k] != b[k] for k in a)  # the rest is each one's own
    for data, spec in ((first, specs[0]), (second, specs[1])):
        path = tmp_path / "c.pdf"
        path.write_bytes(data)
        text = "".join(pdf_text(path))
        assert spec.content["standard"]["certificate_no"] in text and "计量标准负责人" in text


def test_a_certificate_looks_and_reads_as_without_the_fixed_subset(
        two: tuple[Registry, list[layout.CertificateSpec]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reg, specs = two
    fonts = require_cjk_font(svc.certificate_fonts(reg))
    for lang in ("zh", "en"):
        seeded = layout.render(specs[1:], fonts, lang).data
        with monkeypatch.context() as m:  # each document numbers its characters as it draws them
            m.setattr(pdfmetrics.getFont(fonts.body), "seed", "")
            m.setattr(layout, "_seed_fonts", lambda _fonts: None)
            plain = layout.render(specs[1:], fonts, lang).data
        assert _subset_fonts(seeded)["AAAAAA"] != _subset_fonts(plain)["AAAAAA"]
        assert _pixels(seeded) == _pixels(plain)
        texts = []
        for name, data in (("seeded", seeded), ("plain", plain)):
            (tmp_path / name).write_bytes(data)
            texts.append(pdf_text(tmp_path / name))
        assert texts[0] == texts[1]
