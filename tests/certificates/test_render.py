"""Certificates end to end through the services: real PDFs read back with real tools."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labregistry import i18n
from labregistry.certificates import fonts as fontmod
from labregistry.certificates import payload as pl
from labregistry.certificates.layout import METADATA_KEY
from labregistry.demo import populate_demo
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.crypto import keys
from labregistry.exchange.trust import TrustedKey
from labregistry.registry import Registry, open_registry
from labregistry.services import certificates as svc
from labregistry.services import records, setup
from tests.certificates.helpers import (
    CERT_NO,
    INSTITUTE,
    ISSUED,
    NAME,
    USCC,
    make_registry,
    page_qr_codes,
    pdf_fonts,
    pdf_text,
    poppler_text,
    pressure_standard,
    require_cjk_font,
)
from tests.conftest import PASSPHRASE


@dataclass
class Site:
    reg: Registry
    standard_id: int
    key: keys.SigningKey


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    reg, sid = make_registry(tmp_path_factory.mktemp("cert") / "home")
    yield Site(reg, sid, svc.unlock(reg, PASSPHRASE))
    reg.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """An institute with 300 demo standards and its authorisations."""
    reg = open_registry(tmp_path_factory.mktemp("big") / "home", logging=False)
    setup.init_registry(
        reg,
        InputFactory.jiangsu(),
        PASSPHRASE,
        operator="李工",
    )
    populate_demo(reg, standards=300, seed=5, today=ISSUED)
    yield Site(reg, 0, svc.unlock(reg, PASSPHRASE))
    reg.close()


class InputFactory:
    @staticmethod
    def jiangsu() -> InstituteInput:
        return InstituteInput(
            name="江苏省计量科学研究院",
            uscc="12320000466002712H",
            province="JS",
            city="南京",
            address="南京市光华路1号",
        )


def system_fonts() -> fontmod.FontSet:
    return require_cjk_font()


def test_standard_certificate_reads_back_in_chinese_with_an_embedded_font(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "证书.pdf"
    fonts = system_fonts()
    issued = svc.issue_standard(site.reg, CERT_NO, out, site.key, issued_on=ISSUED, fonts=fonts)
    assert issued.path == out and issued.pages == 1 and issued.kind == "standard"
    assert issued.qr_version <= 12 and issued.serial.startswith("LR20261127-")

    (text,) = pdf_text(out)
    for expected in (
        INSTITUTE,
        "计量标准能力证明",
        NAME,
        CERT_NO,
        "社会公用计量标准",
        "(0～60) MPa",
        "0.05级",
        "弹簧管式精密压力表",
        "JJG 49-2013",
        "数字压力计",
        "ConST 811",
        "中国计量科学研究院",
        "YLjl2024-0112",
        "2029-05-30",
        "2026年11月27日",
        "签发人",
        "盖章",
        "第 1 页 共 1 页",
        issued.serial,
        "12310000425011296P",
    ):
        assert expected in text, expected
    poppler = poppler_text(out)
    if poppler is not None:
        # poppler leaves out the spaces between Chinese characters in a line of Chinese only
        assert NAME in poppler and INSTITUTE in poppler and "第1页共1页" in poppler.replace(" ", "")

    used = pdf_fonts(out)
    cjk = [f for f in used if f["subtype"] == "/TrueType"]
    assert cjk and all(f["embedded"] for f in cjk)
    assert all(re.match(r"/[A-Z]{6}\+", f["name"]) for f in cjk)  # subset fonts
    assert not any("STSong" in f["name"] for f in used)

    assert page_qr_codes(out) == [issued.payload]
    from pypdf import PdfReader

    meta = PdfReader(str(out)).metadata
    assert meta is not None and meta[f"/{METADATA_KEY}"] == f"1\t{issued.payload}"
    assert NAME in (meta.title or "")


def test_fallback_font_when_no_system_font_is_found(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "fallback.pdf"
    fonts = fontmod.resolve_fonts(env="", search=[])
    assert fonts.source == "builtin"
    issued = svc.issue_standard(site.reg, str(site.standard_id), out, site.key, issued_on=ISSUED, fonts=fonts)
    used = pdf_fonts(out)
    assert [f for f in used if "STSong-Light" in f["name"]] and not any(
        f["subtype"] == "/TrueType" for f in used
    )
    (text,) = pdf_text(out)
    assert NAME in text and INSTITUTE in text and CERT_NO in text and "第 1 页 共 1 页" in text
    assert page_qr_codes(out) == [issued.payload]


def test_the_pdf_verifies_and_reports_changes_to_the_record(site: Site, tmp_path: Path) -> None:
    reg, out = site.reg, tmp_path / "c.pdf"
    issued = svc.issue_standard(reg, CERT_NO, out, site.key, issued_on=ISSUED)
    (check,) = svc.verify_source(reg, out)
    assert check.genuine and check.record_state == "unchanged" and check.qr_checked is True
    assert check.issuer_name == INSTITUTE and check.page == 1
    assert check.payload is not None and check.payload.certificate_no == CERT_NO
    assert check.records == issued.records
    assert svc.verify_source(reg, issued.payload)[0].genuine
    text_file = tmp_path / "scanned.txt"
    text_file.write_text(issued.payload + "\n", encoding="utf-8")
    assert svc.verify_source(reg, text_file)[0].genuine

    records.update(reg, "standard", site.standard_id, pressure_standard(accuracy_text="0.02级"))
    try:
        (later,) = svc.verify_source(reg, out)
        assert later.genuine and later.record_state == "changed"
    finally:
        records.update(reg, "standard", site.standard_id, pressure_standard())
    assert svc.verify_source(reg, out)[0].record_state == "unchanged"


def test_unknown_issuer_and_revoked_key_through_the_service(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "c.pdf"
    svc.issue_standard(site.reg, CERT_NO, out, site.key, issued_on=ISSUED)
    peer = open_registry(tmp_path / "peer", logging=False)
    setup.init_registry(peer, InputFactory.jiangsu(), PASSPHRASE)
    (check,) = svc.verify_source(peer, out)
    assert check.status == pl.UNKNOWN_ISSUER and check.record_state is None

    entry = TrustedKey(
        key_id=site.key.key_id, uscc=USCC, public_key=site.key.public_key, institute_name=INSTITUTE
    )
    monkeypatch.setattr(svc, "trusted_keys", lambda reg: {entry.key_id: entry})
    (check,) = svc.verify_source(peer, out)
    assert check.genuine and check.issuer_name == INSTITUTE and check.record_state is None  # not in its db

    revoked = TrustedKey(key_id=entry.key_id, uscc=USCC, public_key=entry.public_key, revoked=True)
    monkeypatch.setattr(svc, "trusted_keys", lambda reg: {revoked.key_id: revoked})
    assert svc.verify_source(peer, out)[0].status == pl.REVOKED_KEY
    # a revocation in the trust store also holds against the issuer's own key files
    assert svc.verify_source(site.reg, out)[0].status == pl.REVOKED_KEY
    peer.close()


def test_certificates_signed_by_an_earlier_own_key_still_verify(tmp_path: Path) -> None:
    reg, _sid = make_registry(tmp_path / "home")
    old = svc.unlock(reg, PASSPHRASE)
    out = tmp_path / "old.pdf"
    svc.issue_standard(reg, CERT_NO, out, old, issued_on=ISSUED)
    new_key, sealed = keys.new_signing_key(USCC, PASSPHRASE, kdf=keys.INSECURE_TEST_KDF)
    sealed.write(reg.home.keys_dir / f"{new_key.key_id}.key")
    (reg.home.keys_dir / "current").write_text(new_key.key_id + "\n", encoding="utf-8")
    assert set(svc.own_keys(reg)) == {old.key_id, new_key.key_id}
    assert svc.verify_source(reg, out)[0].genuine
    newer = tmp_path / "new.pdf"
    svc.issue_standard(reg, CERT_NO, newer, svc.unlock(reg, PASSPHRASE))
    assert svc.verify_source(reg, newer)[0].key_id == new_key.key_id
    reg.close()


def _rewrite_metadata(src: Path, dst: Path, value: str | None) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    meta = {k: v for k, v in (writer.metadata or {}).items() if k != f"/{METADATA_KEY}"}
    if value is not None:
        meta[f"/{METADATA_KEY}"] = value
    writer.metadata = None
    writer.add_metadata(meta)
    with open(dst, "wb") as fh:
        writer.write(fh)


def test_tampered_or_stripped_pdfs(site: Site, tmp_path: Path) -> None:
    reg = site.reg
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first = svc.issue_standard(reg, CERT_NO, a, site.key, issued_on=ISSUED)
    second = svc.issue_standard(reg, CERT_NO, b, site.key, issued_on=dt.date(2026, 11, 28))

    stripped = tmp_path / "stripped.pdf"
    _rewrite_metadata(a, stripped, None)
    (check,) = svc.verify_source(reg, stripped)  # the printed code is read from the page instead
    assert check.genuine and check.text == first.payload

    edited = tmp_path / "edited.pdf"
    body, sig = first.payload.split(".")
    _rewrite_metadata(a, edited, "1\t" + body[:-3] + ("AAA" if body[-3:] != "AAA" else "BBB") + "." + sig)
    assert not svc.verify_source(reg, edited)[0].genuine

    swapped = tmp_path / "swapped.pdf"  # a genuine code from another certificate pasted in
    _rewrite_metadata(a, swapped, "1\t" + second.payload)
    (check,) = svc.verify_source(reg, swapped)
    assert check.status == pl.ALTERED and check.qr_checked is False
    assert "二维码" in (i18n.render_all(check.reason, "zh") or "")

    not_ours = tmp_path / "other.pdf"
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(200, 200)
    with open(not_ours, "wb") as fh:
        blank.write(fh)
    with pytest.raises(DomainError) as err:
        svc.verify_source(reg, not_ours)
    assert err.value.code == "certificate.pdf_no_payload"
    with pytest.raises(DomainError) as err:
        svc.verify_source(reg, tmp_path / "nowhere.pdf")
    assert err.value.code == "file.unreadable"
    assert svc.verify_source(reg, "not a code")[0].status == pl.MALFORMED


def test_refusals_write_nothing(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(DomainError) as err:
        svc.issue_standard(site.reg, "[2099]沪量标证字第9999号", out, site.key)
    assert err.value.code == "certificate.standard_not_found"
    with pytest.raises(DomainError) as err:
        svc.issue_statement(site.reg, "12320000466002712H", out, site.key)
    assert err.value.code == "certificate.institute_not_own"
    with pytest.raises(DomainError) as err:  # not in force on that day
        svc.issue_standard(site.reg, CERT_NO, out, site.key, issued_on=dt.date(2030, 1, 1))
    assert err.value.code == "certificate.not_in_force" and "2029-05-30" in err.value.render("zh")
    with pytest.raises(DomainError) as err:  # an English certificate asked by a Chinese user: told in Chinese
        svc.issue_standard(site.reg, CERT_NO, out, site.key, issued_on=dt.date(2030, 1, 1), language="en")
    assert "状态：有效" in err.value.render("zh") and "status: valid" in err.value.render("en")
    assert not out.exists() and not list(tmp_path.iterdir())


def test_statement_of_300_standards_repeats_its_table_header_on_every_page(big: Site, tmp_path: Path) -> None:
    out = tmp_path / "statement.pdf"
    uscc = "12320000466002712H"
    issued = svc.issue_statement(big.reg, uscc, out, big.key, issued_on=ISSUED)
    spec = svc.statement_spec(big.reg, uscc, big.key, issued_on=ISSUED)
    n_standards, n_items = (
        len(spec.content["standards"]),
        sum(len(a["items"]) for a in spec.content["authorisations"]),
    )
    assert 250 < n_standards <= 300 and n_items > 0  # the demo has some expired or suspended

    pages = pdf_text(out)
    assert issued.pages == len(pages) > 5
    numbers = [s["certificate_no"] for s in spec.content["standards"]]
    table_pages = [i for i, text in enumerate(pages) if any(n in text for n in numbers)]
    assert len(table_pages) > 4 and table_pages == list(range(table_pages[0], table_pages[-1] + 1))
    for i in table_pages:
        assert "计量标准名称" in pages[i] and "考核证书编号" in pages[i] and "有效期至" in pages[i], i
    item_pages = [i for i, text in enumerate(pages) if "授权项目" in text and "依据的规程或规范" in text]
    assert item_pages and item_pages[-1] == len(pages) - 1
    for i, text in enumerate(pages):
        assert f"第 {i + 1} 页 共 {len(pages)} 页" in text
    assert f"计量标准（{n_standards} 项）" in pages[0]
    assert "签发人" in pages[-1] and "2026年11月27日" in pages[-1]
    assert all(n in "".join(pages) for n in numbers)

    assert page_qr_codes(out) == [issued.payload]
    (check,) = svc.verify_source(big.reg, out)
    assert check.genuine and check.record_state == "unchanged"
    assert check.payload is not None and check.payload.counts == (n_standards, n_items)


def test_batch_into_one_pdf_numbers_each_certificate_on_its_own(big: Site, tmp_path: Path) -> None:
    ids = svc.select_standards(big.reg, on=ISSUED)[:6]
    seen: list[tuple[int, int]] = []
    out = tmp_path / "batch.pdf"
    result = svc.issue_batch(
        big.reg,
        ids,
        big.key,
        out=out,
        issued_on=ISSUED,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert not result.cancelled and result.files == [out] and len(result.issued) == 6
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    pages = pdf_text(out)
    assert len(pages) == result.pages
    assert sum("第 1 页 共" in p for p in pages) == 6
    checks = svc.verify_source(big.reg, out)
    assert [c.text for c in checks] == [c.payload for c in result.issued]
    assert all(c.genuine and c.qr_checked for c in checks)
    assert len({c.payload.serial for c in checks if c.payload}) == 6


def test_batch_one_file_each_with_progress_and_cancel(big: Site, tmp_path: Path) -> None:
    ids = svc.select_standards(big.reg, expiring_within=400, on=ISSUED)
    assert 3 < len(ids) < 300
    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 3:
            stop.set()

    result = svc.issue_batch(
        big.reg, ids, big.key, out_dir=tmp_path / "each", issued_on=ISSUED, progress=progress, cancel=stop
    )
    assert result.cancelled and len(result.files) == 3
    assert sorted(p.name for p in (tmp_path / "each").iterdir()) == sorted(p.name for p in result.files)
    assert all(p.suffix == ".pdf" and "[" in p.name for p in result.files)  # named by certificate number
    assert svc.verify_source(big.reg, result.files[0])[0].genuine

    done = svc.issue_batch(big.reg, ids[:4], big.key, out_dir=tmp_path / "all", issued_on=ISSUED)
    assert not done.cancelled and len(done.files) == 4

    cancelled = svc.issue_batch(big.reg, ids[:4], big.key, out=tmp_path / "one.pdf", cancel=lambda: True)
    assert cancelled.cancelled and not (tmp_path / "one.pdf").exists()
    with pytest.raises(DomainError):
        svc.issue_batch(big.reg, [], big.key, out=tmp_path / "none.pdf")


def test_english_certificate(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    svc.issue_standard(site.reg, CERT_NO, out, site.key, language="en", issued_on=ISSUED)
    pages = pdf_text(out)
    text = "".join(pages)
    assert "Certificate of Measurement Standard Capability" in text and f"Page 1 of {len(pages)}" in text
    assert "27 November 2026" in text and NAME in text  # the recorded values as recorded
    assert "计量标准能力证明" not in text and "第 1 页" not in text  # English only: no Chinese wording


def test_an_id_from_the_app_picks_that_standard_even_when_a_certificate_number_looks_like_it(
    tmp_path: Path,
) -> None:
    """The app passes record ids; a standard whose certificate number is another's id must not win."""
    reg, first = make_registry(tmp_path / "home")
    try:
        decoy = records.create_standard(reg, pressure_standard(certificate_no=str(first), name="数字温度计标准装置",
                                                               code="04113100", quantity="温度",
                                                               range_text="(-40～300) ℃", accuracy_text="0.1级"))
        key = svc.unlock(reg, PASSPHRASE)

        def certified(ref: str | int) -> str | None:
            return svc.standard_spec(reg, ref, key, issued_on=ISSUED).payload.certificate_no

        assert certified(first) == CERT_NO
        assert certified(decoy) == str(first)
        # typed by a person (the CLI): a certificate number first, as before
        assert certified(str(first)) == str(first)
    finally:
        reg.close()
