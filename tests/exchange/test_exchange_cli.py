"""The exchange commands as real processes: keys, trust, export, verify, import, export-received."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

A = ["init", "--name", "上海市计量测试技术研究院", "--uscc", "12310000425011296P", "--province", "SH", "--city", "上海"]
B = ["init", "--name", "江苏省计量科学研究院", "--uscc", "12320000466002712H", "--province", "JS", "--city", "南京"]


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.out


@pytest.fixture
def homes(tmp_path: Path) -> tuple[str, str]:
    a, b = str(tmp_path / "A"), str(tmp_path / "B")
    ok("--home", a, *A)
    ok("--home", a, "demo", "--standards", "30")
    ok("--home", b, *B)
    return a, b


def test_two_institutes_exchange_through_the_command_line(tmp_path: Path, homes: tuple[str, str]) -> None:
    a, b = homes
    key = run_cli("--home", a, "keys", "show", "--json").json()
    assert set(key) >= {"key_id", "fingerprint", "uscc"} and key["uscc"] == "12310000425011296P"
    ok("--home", a, "keys", "export-public", str(tmp_path / "a.card"))
    ok("--home", a, "export", str(tmp_path / "a1.xlsx"))

    unknown = run_cli("--home", b, "verify", str(tmp_path / "a1.xlsx"), "--json")
    assert unknown.code == 1
    data = unknown.json()
    assert data["valid"] is False and data["reason"]
    assert set(data) >= {"valid", "issuer_uscc", "key_id", "seq", "issued_at", "expires_at", "counts", "reason"}
    assert unknown.err.startswith("error:") and len(unknown.err.strip().splitlines()) == 1
    refused = run_cli("--home", b, "import", str(tmp_path / "a1.xlsx"), "--dry-run", "--json")
    assert refused.code == 1 and refused.err.startswith("error:")  # stdout said nothing before
    assert refused.json() == {"path": str(tmp_path / "a1.xlsx"), "issuer_uscc": data["issuer_uscc"], "seq": 1,
                              "status": "refused", "counts": {"added": 0, "changed": 0, "withdrawn": 0},
                              "dry_run": True, "applied": False, "reason": data["reason"],
                              "reason_code": "bundle.unknown_key"}, refused.out

    wrong = run_cli("--home", b, "trust", "add", str(tmp_path / "a.card"), "--fingerprint", "12345 67890")
    assert wrong.code == 1 and wrong.err.startswith("error:")
    ok("--home", b, "trust", "add", str(tmp_path / "a.card"), "--fingerprint", key["fingerprint"])
    listed = run_cli("--home", b, "trust", "list", "--json").json()
    assert [k["key_id"] for k in listed] == [key["key_id"]]

    verified = run_cli("--home", b, "verify", str(tmp_path / "a1.xlsx"), "--json")
    assert verified.code == 0, verified.err
    v = verified.json()
    assert v["valid"] is True and v["reason"] is None and v["seq"] == 1
    assert v["counts"]["standard"] == 30

    dry = run_cli("--home", b, "import", str(tmp_path / "a1.xlsx"), "--dry-run", "--json").json()
    assert dry["applied"] is False and dry["added"] > 30
    assert run_cli("--home", b, "stats", "--json").json()["region"]["institutes"] == 1

    no_yes = run_cli("--home", b, "import", str(tmp_path / "a1.xlsx"))
    assert no_yes.code == 1 and "--yes" in no_yes.err

    ok("--home", b, "import", str(tmp_path / "a1.xlsx"), "--yes")
    stats = run_cli("--home", b, "stats", "--json").json()
    assert stats["region"]["institutes"] == 2 and stats["region"]["standards"] == 30

    # the same bundle again: nothing imported (SECURITY.md: lower or equal refused), said as what it
    # is, exit 0 as the same file in a folder (CLI.md, import PATH...: 1 when a bundle is refused)
    replay = run_cli("--home", b, "import", str(tmp_path / "a1.xlsx"), "--yes")
    assert (replay.code, replay.out, replay.err) == (0, "第 1 号数据包已经导入过\n", ""), replay.err
    assert run_cli("--home", b, "stats", "--json").json() == stats

    out = tmp_path / "onward"
    ok("--home", b, "export-received", str(out))
    assert (out / "12310000425011296P-000001.xlsx").read_bytes() == (tmp_path / "a1.xlsx").read_bytes()


def test_rotation_revocation_and_trust_revoke(tmp_path: Path, homes: tuple[str, str]) -> None:
    a, b = homes
    key = run_cli("--home", a, "keys", "show", "--json").json()
    ok("--home", a, "export", str(tmp_path / "a1.xlsx"))
    ok("--home", b, "trust", "add", str(tmp_path / "a1.xlsx"), "--fingerprint", key["fingerprint"])
    ok("--home", b, "import", str(tmp_path / "a1.xlsx"), "--yes")
    rotated = run_cli("--home", a, "keys", "rotate", "--json").json()
    assert rotated["old_key_id"] == key["key_id"] and rotated["key_id"] != key["key_id"]
    ok("--home", a, "export", str(tmp_path / "a2.xlsx"))
    ok("--home", b, "import", str(tmp_path / "a2.xlsx"), "--yes")
    ok("--home", b, "trust", "revoke", rotated["key_id"], "--reason", "test")
    ok("--home", a, "export", str(tmp_path / "a3.xlsx"))
    refused = run_cli("--home", b, "verify", str(tmp_path / "a3.xlsx"))
    assert refused.code == 1 and rotated["key_id"] in refused.err


def test_a_missing_or_garbage_file_is_one_clean_error(tmp_path: Path, homes: tuple[str, str]) -> None:
    _a, b = homes
    missing = run_cli("--home", b, "import", str(tmp_path / "nope.xlsx"), "--yes")
    assert missing.code == 1 and missing.err.startswith("error:") and "Traceback" not in missing.err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00" * 1000)
    result = run_cli("--home", b, "import", str(junk), "--yes")
    assert result.code == 1 and result.err.startswith("error:") and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_trusting_a_folder_instead_of_a_card_is_a_clear_refusal(tmp_path: Path) -> None:
    """A folder (or the app's empty field, which is ".") was opened as a file: an internal error."""
    home = str(tmp_path / "B")
    ok("--home", home, *B)
    for given in (str(tmp_path), "."):
        result = run_cli("--home", home, "--lang", "en", "trust", "add", given, "--fingerprint", "x")
        assert result.code == 1 and result.err.strip() == f"error: {given} is a folder, not a file", result.err
