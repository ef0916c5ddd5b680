"""The page must say what the signature says: transplanted QR codes and updated PDFs, for real.

Two genuine certificates of the same institute are printed; an attacker then moves the QR
code (as pixels, the way a person with an image editor would) and the embedded code of one
onto the other, or appends an incremental update to a genuine file. ``verify-certificate``
runs as a process: exit 1, one ``error:`` line naming what differs, the database unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from labregistry.certificates import layout, pagecheck
from labregistry.certificates import payload as pl
from labregistry.certificates.layout import CONTENTS_KEY
from labregistry.domain.records import CapabilityInput
from labregistry.registry import Registry
from labregistry.services import certificates as svc
from labregistry.services import exchange, records
from tests.certificates.helpers import (
    CERT_NO,
    NAME,
    info_of,
    make_registry,
    page_qr_codes,
    pressure_standard,
    transplant_qr,
    with_info,
)
from tests.conftest import PASSPHRASE, run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import make_site

OTHER_NO = "[2021]沪量标证字第0456号"
OTHER_NAME = "活塞式压力计标准装置"
TINY_RANGE = "(1×10⁻⁶～10) MPa"
SECOND_ROW = CapabilityInput("压力（绝压）", "(0～1) MPa", None, "Urel=2×10⁻⁵ (k=2)")


@dataclass
class Printed:
    reg: Registry
    home: Path
    a: Path  # the precision pressure gauge standard (CERT_NO)
    b: Path  # a piston gauge standard (OTHER_NO)
    a_spec: layout.CertificateSpec
    b_spec: layout.CertificateSpec


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printed]:
    folder = tmp_path_factory.mktemp("facts")
    reg, _sid = make_registry(folder / "home")
    records.create_standard(reg, pressure_standard(
        certificate_no=OTHER_NO, name=OTHER_NAME, range_text=TINY_RANGE, accuracy_text="0.02级",
        valid_until="2030-12-31", capabilities=[CapabilityInput(None, TINY_RANGE, None, "0.02级"), SECOND_ROW]))
    key = svc.unlock(reg, PASSPHRASE)
    specs = [svc.standard_spec(reg, no, key) for no in (CERT_NO, OTHER_NO)]
    fonts = svc.certificate_fonts(reg)
    paths = []
    for spec, name in zip(specs, ("a.pdf", "b.pdf"), strict=True):
        path = folder / name
        path.write_bytes(layout.render([spec], fonts).data)
        paths.append(path)
    yield Printed(reg, folder / "home", paths[0], paths[1], specs[0], specs[1])
    reg.close()


def verify(home: Path, pdf: Path, *options: str, lang: str = "zh") -> Any:
    return run_cli("--home", str(home), "--lang", lang, "verify-certificate", str(pdf), *options)


def refused(home: Path, pdf: Path, lang: str = "zh") -> str:
    before = dump_home(home)
    result = verify(home, pdf, lang=lang)
    lines = result.err.strip().splitlines()
    assert result.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), (result.out, result.err)
    assert "Traceback" not in result.err
    assert dump_home(home) == before
    return lines[0]


# ---------------------------------------------------------------- genuine certificates


def test_our_certificates_are_one_revision_and_state_what_was_signed(printed: Printed) -> None:
    for pdf in (printed.a, printed.b):
        data = pdf.read_bytes()
        assert data.count(b"%%EOF") == 1 and data.count(b"startxref") == 1
        assert pagecheck.revision_problem(data) is None
    result = verify(printed.home, printed.b)
    assert result.code == 0, result.err
    assert "证书页面写明了下列全部签名内容" in result.out
    for line in (f"计量标准名称：{OTHER_NAME}", f"考核证书编号：{OTHER_NO}", f"测量范围：{TINY_RANGE}",
                 "不确定度/准确度等级/最大允许误差：0.02级", "有效期至：2030-12-31", "签发机构：上海市计量测试技术研究院"):
        assert line in result.out
    data = verify(printed.home, printed.b, "--json", lang="en").json()
    assert data["genuine"] and data["page_checked"] is True and data["qr_checked"] is True
    facts = {f["key"]: f for f in data["facts"]}
    assert facts["range_text"] == {"key": "range_text", "label": "measurement range", "value": TINY_RANGE}


def test_a_peer_checks_the_page_with_the_content_the_pdf_carries(printed: Printed, tmp_path: Path) -> None:
    """A receiver without the record: the facts come from the PDF, checked against the signed digest."""
    peer = make_site(tmp_path, "B")
    card = exchange.export_public_card(printed.reg, tmp_path / "issuer.card")
    exchange.trust_add(peer.reg, card, exchange.key_summary(printed.reg)["fingerprint"])
    checked = verify(peer.home, printed.a, "--json")
    assert checked.code == 0, checked.err
    data = checked.json()
    assert data["page_checked"] is True and data["record_state"] is None
    assert {f["value"] for f in data["facts"]} >= {NAME, CERT_NO}
    stripped = with_info(printed.a, tmp_path / "stripped.pdf", **{CONTENTS_KEY: None})
    assert "没有附带" in refused(peer.home, stripped)
    [unchecked] = svc.verify_source(peer.reg, stripped)
    assert unchecked.status == pl.PAGE_MISMATCH and unchecked.page_checked is False
    # the issuer's own registry still knows the unchanged record, so it can check that page
    [own] = svc.verify_source(printed.reg, stripped)
    assert own.genuine and own.page_checked is True
    peer.reg.close()


# ---------------------------------------------------------------- the transplant


def test_a_qr_and_code_copied_from_another_genuine_certificate_are_refused(printed: Printed,
                                                                            tmp_path: Path) -> None:
    a_info = info_of(printed.a)
    # the attacker moves A's QR code (pixels) and embedded code onto B's page, A's content too
    forged = transplant_qr(printed.a, printed.b, tmp_path / "forged.pdf",
                           **{CONTENTS_KEY: a_info[f"/{CONTENTS_KEY}"]})
    assert page_qr_codes(forged) == [printed.a_spec.text]  # the QR code really is A's
    assert pagecheck.revision_problem(forged.read_bytes()) is None  # and the file one clean revision
    line = refused(printed.home, forged)
    assert f"计量标准名称“{NAME}”" in line and "复制" in line
    en = refused(printed.home, forged, "en")
    assert f'name of the standard "{NAME}"' in en
    data = verify(printed.home, forged, "--json").json()
    assert data["status"] == "page_mismatch" and data["page_checked"] is False
    assert {f["value"] for f in data["facts"]} >= {NAME, CERT_NO}  # what the code really signed

    # moving only the QR code and the code leaves B's content in the file: it is not A's
    halfway = transplant_qr(printed.a, printed.b, tmp_path / "halfway.pdf")
    assert "内容摘要不符" in refused(printed.home, halfway)
    # without any content, this registry's own record of A is what B's page is held to
    bare = transplant_qr(printed.a, printed.b, tmp_path / "bare.pdf", **{CONTENTS_KEY: None})
    assert NAME in refused(printed.home, bare)


def test_a_page_printed_from_other_content_under_a_genuine_code_is_refused(printed: Printed,
                                                                           tmp_path: Path) -> None:
    """The attacker runs the renderer itself: B's content, A's code. One changed character
    (a superscript) is named too: normalising the text does not blur the facts."""
    fonts = svc.certificate_fonts(printed.reg)
    spec = replace(printed.a_spec, content=printed.b_spec.content)
    forged = tmp_path / "rendered.pdf"
    forged.write_bytes(layout.render([spec], fonts).data)
    assert "内容摘要不符" in refused(printed.home, forged)
    forged_again = with_info(forged, tmp_path / "rendered2.pdf",
                             **{CONTENTS_KEY: info_of(printed.a)[f"/{CONTENTS_KEY}"]})
    assert NAME in refused(printed.home, forged_again)

    nearly = dict(printed.b_spec.content)
    nearly["standard"] = {**nearly["standard"], "range_text": TINY_RANGE.replace("⁻⁶", "⁻⁵")}
    first, second = nearly["capabilities"]
    nearly["capabilities"] = [{**first, "range_text": nearly["standard"]["range_text"]}, second]
    close = tmp_path / "close.pdf"
    close.write_bytes(layout.render([replace(printed.b_spec, content=nearly)], fonts).data)
    close = with_info(close, tmp_path / "close2.pdf", **{CONTENTS_KEY: info_of(printed.b)[f"/{CONTENTS_KEY}"]})
    assert f"测量范围“{TINY_RANGE}”" in refused(printed.home, close)
    # a capability row is a signed fact of its own: changed on the page alone, it is named
    rows = dict(printed.b_spec.content)
    rows["capabilities"] = [rows["capabilities"][0], {**rows["capabilities"][1], "accuracy_text": "Urel=3×10⁻⁵ (k=2)"}]
    row_page = tmp_path / "row.pdf"
    row_page.write_bytes(layout.render([replace(printed.b_spec, content=rows)], fonts).data)
    row_page = with_info(row_page, tmp_path / "row2.pdf", **{CONTENTS_KEY: info_of(printed.b)[f"/{CONTENTS_KEY}"]})
    assert "第 2 行测量能力的不确定度/准确度等级/最大允许误差“Urel=2×10⁻⁵ (k=2)”" in refused(printed.home, row_page)


def test_a_statement_page_must_list_every_signed_standard(printed: Printed, tmp_path: Path) -> None:
    key = svc.unlock(printed.reg, PASSPHRASE)
    with printed.reg.uow() as uow:
        uscc = uow.institutes.own().uscc  # type: ignore[union-attr]
    spec = svc.statement_spec(printed.reg, uscc, key)
    fonts = svc.certificate_fonts(printed.reg)
    genuine = tmp_path / "statement.pdf"
    genuine.write_bytes(layout.render([spec], fonts).data)
    assert verify(printed.home, genuine).code == 0
    content = dict(spec.content)
    content["standards"] = [s for s in content["standards"] if s["certificate_no"] != OTHER_NO]
    short = tmp_path / "short.pdf"
    short.write_bytes(layout.render([replace(spec, content=content)], fonts).data)
    short = with_info(short, tmp_path / "short2.pdf", **{CONTENTS_KEY: info_of(genuine)[f"/{CONTENTS_KEY}"]})
    line = refused(printed.home, short)
    assert "项计量标准的" in line and OTHER_NAME in line


# ---------------------------------------------------------------- changed after issue


def test_an_incremental_update_after_the_signed_original_is_refused(printed: Printed, tmp_path: Path) -> None:
    writer = PdfWriter(str(printed.a), incremental=True)
    writer.add_metadata({"/Subject": "已更新"})
    updated = tmp_path / "updated.pdf"
    with open(updated, "wb") as fh:
        writer.write(fh)
    assert updated.read_bytes().startswith(printed.a.read_bytes())  # the original, then an update
    line = refused(printed.home, updated)
    assert "改动过" in line and "2" in line
    assert "revisions" in refused(printed.home, updated, "en")

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(printed.a.read_bytes() + b"\n% a note\n1 0 obj (x) endobj\n")
    assert "附加" in refused(printed.home, appended)
    ended = tmp_path / "ended.pdf"
    ended.write_bytes(printed.a.read_bytes() + b"\r\n")  # a line end added in transfer is no change
    assert verify(printed.home, ended).code == 0


def test_the_revision_check_reads_the_structure(tmp_path: Path) -> None:
    one = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n"
    assert pagecheck.revision_problem(one) is None
    prev = one.replace(b"<< /Size 1 >>", b"<< /Size 1 /Prev 9 >>")
    problem = pagecheck.revision_problem(prev)
    assert problem is not None and problem.code == "certificate.rev.prev"
    problem = pagecheck.revision_problem(one[:-7])
    assert problem is not None and problem.code == "certificate.rev.no_eof"


def test_a_batch_of_demo_certificates_verifies_page_by_page(tmp_path: Path) -> None:
    """Demo standards carry superscripts (m⁻¹, 10⁻¹⁰) that the fast extractor (pdfium) loses
    where the glyph comes from the built-in CID font: the exact one (pypdf) then decides, so
    genuine pages pass and a changed character would still be named."""
    from labregistry.demo import populate_demo
    from labregistry.registry import open_registry
    from labregistry.services import setup
    from tests.certificates.helpers import institute

    reg = open_registry(tmp_path / "home", logging=False)
    setup.init_registry(reg, institute(), PASSPHRASE, operator="王质量")
    populate_demo(reg, standards=40, seed=3)
    key = svc.unlock(reg, PASSPHRASE)
    batch = svc.issue_batch(reg, svc.select_standards(reg)[:20], key, out=tmp_path / "batch.pdf")
    checks = svc.verify_source(reg, tmp_path / "batch.pdf")
    assert len(checks) == len(batch.issued) == 20
    assert [c.status for c in checks] == ["genuine"] * 20 and all(c.page_checked for c in checks)
    assert any("⁻" in f.value for c in checks for f in c.facts)  # the case this is about is in the batch
    reg.close()
