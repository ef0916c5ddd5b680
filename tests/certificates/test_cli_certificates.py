"""``certificate`` and ``verify-certificate`` as real processes, as a lab manager's script runs them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labregistry.demo import populate_demo
from labregistry.registry import open_registry
from labregistry.services import records, setup
from tests.certificates.helpers import (
    CERT_NO,
    NAME,
    USCC,
    institute,
    page_qr_codes,
    pdf_fonts,
    pdf_text,
    pressure_standard,
    require_cjk_font,
)
from tests.conftest import BACKEND, PASSPHRASE, run_cli
from tests.dbstate import dump_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A registry made in-process (init, 12 demo standards, one typed-in standard): the
    commands under test run as processes."""
    home = tmp_path_factory.mktemp("cli") / "home"
    reg = open_registry(home, logging=False)
    setup.init_registry(reg, institute(), PASSPHRASE, operator="王质量")
    populate_demo(reg, standards=12, seed=2)
    records.create_standard(reg, pressure_standard(valid_until="2099-05-30"))
    reg.close()
    yield home


def _audit_count(home: Path) -> int:
    return sum(1 for row in dump_home(home) if row[0] == "audit_entry")


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert "Traceback" not in err
    return lines[0]


def test_certificate_and_verify_end_to_end(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "证书.pdf"
    made = run_cli("--home", str(home), "certificate", "--standard", CERT_NO, "-o", str(out), "--json")
    assert made.code == 0, made.err
    data = made.json()
    assert data["kind"] == "standard" and data["path"] == str(out) and data["pages"] == 1
    system = require_cjk_font()  # the system's Chinese TrueType font, embedded as a subset
    assert data["font"]["embedded"] is True and data["font"]["source"] == "system"
    assert data["font"]["path"] == str(system.path)
    used = pdf_fonts(out)
    cjk = [f["embedded"] for f in used if f["subtype"] == "/TrueType"]
    assert cjk and all(cjk)
    assert not any("STSong" in f["name"] for f in used)
    assert NAME in pdf_text(out)[0]
    assert page_qr_codes(out) == [data["payload"]]

    checked = run_cli("--home", str(home), "verify-certificate", str(out), "--json")
    assert checked.code == 0, checked.err
    result = checked.json()
    assert result["genuine"] is True and result["status"] == "genuine" and result["reason"] is None
    assert result["issuer_uscc"] == USCC and result["key_id"] and result["issued_on"]
    assert result["records"] == data["records"] and result["record_state"] == "unchanged"
    assert result["certificate_no"] == CERT_NO

    text = run_cli("--home", str(home), "verify-certificate", data["payload"])
    assert text.code == 0 and "证书真实有效" in text.out and CERT_NO in text.out

    body, sig = data["payload"].split(".")
    tampered = body[:-1] + ("A" if body[-1] != "A" else "B") + "." + sig
    bad = run_cli("--home", str(home), "--lang", "en", "verify-certificate", tampered, "--json")
    assert bad.code == 1
    assert bad.json()["genuine"] is False and bad.json()["status"] in ("altered", "malformed")
    _one_error_line(bad.err)

    stranger = run_cli("--home", str(tmp_path / "elsewhere"), "verify-certificate", str(out))
    assert stranger.code == 1 and "签发机构未知" in _one_error_line(stranger.err)
    if BACKEND == "sqlite":  # on a server run, every home has its database there
        assert not (tmp_path / "elsewhere").exists()  # checked without a registry: none is made


def test_statement_and_batches(home: Path, tmp_path: Path) -> None:
    statement = tmp_path / "statement.pdf"
    made = run_cli("--home", str(home), "certificate", "--institute", USCC, "-o", str(statement))
    assert made.code == 0, made.err
    assert "机构计量能力声明" in made.out and "机构计量能力声明" in pdf_text(statement)[0]
    stated = run_cli("--home", str(home), "verify-certificate", str(statement), "--json")
    assert stated.code == 0, stated.err
    result = stated.json()  # the demo standards' capability rows are signed facts found on the page
    assert result["genuine"] is True and result["page_checked"] is True and result["record_state"] == "unchanged"
    assert any(".capabilities[" in f["key"] for f in result["facts"])

    one = tmp_path / "all.pdf"
    batch = run_cli("--home", str(home), "certificate", "--all-standards", "-o", str(one), "--json")
    assert batch.code == 0, batch.err
    summary = batch.json()
    assert summary["count"] >= 2 and summary["files"] == [str(one)] and summary["cancelled"] is False
    verified = run_cli("--home", str(home), "verify-certificate", str(one), "--json").json()
    assert verified["genuine"] is True and len(verified["certificates"]) == summary["count"]

    folder = tmp_path / "each"
    each = run_cli(
        "--home",
        str(home),
        "--lang",
        "en",
        "certificate",
        "--all-standards",
        "--expiring-within",
        "36500",
        "--out-dir",
        str(folder),
    )
    assert each.code == 0, each.err
    assert "certificates written" in each.out
    assert len(list(folder.glob("*.pdf"))) == summary["count"]


def test_fallback_font_from_the_environment(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "cid.pdf"
    made = run_cli(
        "--home",
        str(home),
        "certificate",
        "--standard",
        CERT_NO,
        "-o",
        str(out),
        env={"LABREGISTRY_CJK_FONT": "builtin"},
    )
    assert made.code == 0, made.err
    assert any("STSong-Light" in f["name"] and not f["embedded"] for f in pdf_fonts(out))
    assert NAME in pdf_text(out)[0]


def test_refusals_and_usage_errors(home: Path, tmp_path: Path) -> None:
    before = _audit_count(home)
    out = tmp_path / "x.pdf"
    unknown = run_cli(
        "--home", str(home), "certificate", "--standard", "[2099]沪量标证字第9999号", "-o", str(out)
    )
    assert unknown.code == 1 and "[2099]沪量标证字第9999号" in _one_error_line(unknown.err)
    wrong = run_cli(
        "--home",
        str(home),
        "certificate",
        "--standard",
        CERT_NO,
        "-o",
        str(out),
        env={"LABREGISTRY_PASSPHRASE": "not the passphrase"},
    )
    assert wrong.code == 1 and "口令" in _one_error_line(wrong.err)
    assert not out.exists()
    assert _audit_count(home) == before

    assert run_cli("--home", str(home), "certificate", "--standard", CERT_NO).code == 2  # no -o
    assert (
        run_cli("--home", str(home), "certificate", "--standard", CERT_NO, "--out-dir", str(tmp_path)).code
        == 2
    )
    for name in ("certificate", "verify-certificate"):
        helped = run_cli(name, "--help")
        assert helped.code == 0 and helped.out.startswith(f"用法：labregistry {name}")


@pytest.mark.parametrize(
    ("messages", "language", "chinese", "english"),
    [
        ([], [], True, False),  # the default is Chinese
        (["--lang", "en"], [], True, False),  # the messages' language is not the certificate's
        ([], ["--language", "en"], False, True),
        (["--lang", "en"], ["--language", "zh+en"], True, True),
    ],
)
def test_the_certificate_language_is_chosen_explicitly_and_every_one_verifies(
    home: Path, tmp_path: Path, messages: list[str], language: list[str], chinese: bool, english: bool
) -> None:
    out = tmp_path / "c.pdf"
    made = run_cli("--home", str(home), *messages, "certificate", "--standard", CERT_NO, "-o", str(out), "--json",
                   *language)
    assert made.code == 0, made.err
    text = "".join(pdf_text(out))
    assert NAME in text and CERT_NO in text  # recorded values, whatever the language
    assert ("计量标准能力证明" in text) is chinese and ("测量范围" in text) is chinese
    assert ("Certificate of Measurement Standard Capability" in text) is english
    assert ("Measurement range" in text) is english
    checked = run_cli("--home", str(home), "verify-certificate", str(out), "--json")
    assert checked.code == 0 and checked.json()["genuine"] is True and checked.json()["record_state"] == "unchanged"


def test_an_unknown_certificate_language_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    made = run_cli("--home", str(home), "certificate", "--standard", CERT_NO, "-o", str(tmp_path / "x.pdf"),
                   "--language", "fr")
    assert made.code == 2 and not (tmp_path / "x.pdf").exists()
