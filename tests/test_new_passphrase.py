"""A weak passphrase is refused where a new key's passphrase is chosen (issue 21), with the
reason; a passphrase typed to unlock an existing key is never judged."""

from __future__ import annotations

from pathlib import Path

import pytest

from labregistry.crypto import passphrase as pp
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.registry import open_registry
from labregistry.services import exchange, institutes, setup
from tests.conftest import PASSPHRASE, run_cli
from tests.exchange.sites import make_site

NAME, USCC = "江苏省计量科学研究院", "12320000466002712H"


def reason(text: str) -> str | None:
    problem = pp.new_passphrase_problem(text, name=NAME, uscc=USCC)
    return None if problem is None else problem.code


@pytest.mark.engine_independent
def test_the_rules_of_a_new_passphrase() -> None:
    assert reason("") == "key.passphrase_empty"
    assert reason("abc123xyz") == "key.passphrase_short"  # 9 characters
    assert reason("计量院的口令") == "key.passphrase_short"  # characters, not bytes
    assert reason("zzzzzzzzzzzz") == reason("ZZZZZZ zzzzzz") == "key.passphrase_repeated"
    for common in ("1234567890", "Password123", "QWERTYUIOP", "woaini1314", "Woaini 1314"):
        assert reason(common) == "key.passphrase_common", common
    for own in (NAME, USCC.lower(), " 12320000466002712H "):
        assert reason(own) == "key.passphrase_institute", own
    for strong in (PASSPHRASE, "abc123xyz!", "一二三四五六七八九十", "江苏省计量科学研究院 2026 的钥匙"):
        assert reason(strong) is None, strong


@pytest.mark.engine_independent
def test_the_common_password_list_names_its_source_and_licence() -> None:
    lines = pp.COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    header = "\n".join(line for line in lines if line.startswith("#"))
    assert "dropbox/zxcvbn" in header and "danielmiessler/SecLists" in header and "MIT License" in header
    words = pp.common_passwords()
    assert len(words) > 1000 and all(len(w) >= pp.MIN_NEW_PASSPHRASE and w == w.lower() for w in words)


def test_init_refuses_a_weak_passphrase_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    init = ("--home", str(home), "init", "--name", NAME, "--uscc", USCC, "--province", "JS", "--city", "南京")
    short = run_cli(*init, env={"LABREGISTRY_PASSPHRASE": "secret"})
    assert short.code == 1 and short.out == ""
    assert short.err == "error: 口令太短：新密钥的口令至少需要 10 个字符（现为 6 个）\n"
    assert not home.exists()
    secret = tmp_path / "passphrase.txt"
    secret.write_text("Password123\n", encoding="utf-8")
    common = run_cli("--lang", "en", "--passphrase-file", str(secret), *init, env={"LABREGISTRY_PASSPHRASE": ""})
    assert common.code == 1 and common.err.startswith("error: the passphrase is too common:"), common.err
    assert len(common.err.splitlines()) == 1 and not home.exists()
    own = run_cli(*init, env={"LABREGISTRY_PASSPHRASE": USCC})
    assert own.code == 1 and own.err.startswith("error: 口令不能是本机构的名称或统一社会信用代码") and not home.exists()
    done = run_cli(*init, "--json")
    assert done.code == 0, done.err
    assert done.json()["uscc"] == USCC


def test_a_key_sealed_with_an_old_weak_passphrase_still_unlocks_and_a_rotation_refuses_a_weak_new_one(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, "A", standards=2)
    store = setup.keystore(site.reg)
    store.rotate(store.unlock(PASSPHRASE), "weak", "A")  # as a key sealed before the rule
    exported = run_cli("--home", str(site.home), "export", str(tmp_path / "a.xlsx"),
                       env={"LABREGISTRY_PASSPHRASE": "weak"})
    assert exported.code == 0, exported.err
    key_id = exchange.key_summary(site.reg)["key_id"]
    with pytest.raises(DomainError) as refused:
        exchange.rotate_key(site.reg, "weak", new_passphrase="qwertyuiop")
    assert refused.value.code == "key.passphrase_common"
    assert exchange.key_summary(site.reg)["key_id"] == key_id
    rotated = exchange.rotate_key(site.reg, "weak", new_passphrase=PASSPHRASE)
    assert rotated["old_key_id"] == key_id and store.unlock(PASSPHRASE).key_id == rotated["key_id"]


def test_the_setup_service_refuses_a_weak_passphrase_before_it_writes(tmp_path: Path) -> None:
    """The app's first run and any other caller of the service: the rule is the service's too."""
    reg = open_registry(tmp_path / "fresh", None, logging=False)
    try:
        with pytest.raises(DomainError) as refused:
            setup.init_registry(reg, InstituteInput(name=NAME, uscc=USCC, province="JS", city="南京"), NAME)
        assert refused.value.code == "key.passphrase_institute"
        assert institutes.own_institute(reg) is None and not any(reg.home.keys_dir.glob("*"))
    finally:
        reg.close()
