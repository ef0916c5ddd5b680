"""The sealed private key file, key ids and fingerprints."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from labregistry.errors import DomainError
from labregistry.crypto import keys
from labregistry.crypto.jsonform import FormatError, uscc_valid
from labregistry.crypto.signing import DOMAIN_STATEMENT, verify_payload
from tests.crypto.helpers import PASS, REAL, SH, T0, make_key

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

FAST = keys.INSECURE_TEST_KDF


def _write_key(
    tmp_path: Path, passphrase: str = PASS, kdf: keys.KdfParams = FAST
) -> tuple[Path, keys.PublicKeyInfo]:
    sealed, info = keys.generate_key(SH, passphrase, kdf=kdf, now=T0)
    path = tmp_path / "own.key"
    sealed.write(path)
    return path, info


def _edit(path: Path, **changes: object) -> None:
    obj = json.loads(path.read_text("utf-8"))
    for dotted, value in changes.items():
        target = obj
        *parents, last = dotted.split("__")
        for p in parents:
            target = target[p]
        target[last] = value
    path.write_text(json.dumps(obj), "utf-8")


# ---------------------------------------------------------------- private key file


def test_generated_key_round_trips_through_a_0600_file(tmp_path: Path) -> None:
    path, info = _write_key(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["own.key"]  # no temp file left behind
    loaded = keys.load_private_key(path, PASS)
    assert loaded.info == info
    assert info.uscc == SH and info.created_at == T0 and info.algorithm == "Ed25519"
    signature = loaded.sign(DOMAIN_STATEMENT, {"x": 1})
    assert verify_payload(info.public_key, DOMAIN_STATEMENT, {"x": 1}, signature)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format"] == "labregistry-private-key" and doc["version"] == 1
    assert doc["kdf"]["name"] == "argon2id"
    assert PASS not in path.read_text("utf-8")


def test_scrypt_sealed_key_round_trips(tmp_path: Path) -> None:
    path, info = _write_key(tmp_path, kdf=keys.INSECURE_TEST_SCRYPT)
    assert json.loads(path.read_text("utf-8"))["kdf"]["name"] == "scrypt"
    assert keys.load_private_key(path, PASS).info == info


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    path, _ = _write_key(tmp_path)
    with pytest.raises(DomainError) as err:
        keys.load_private_key(path, PASS + "x")
    assert err.value.code == "key.passphrase_wrong"
    assert "口令错误" in err.value.render("zh") and "wrong passphrase" in err.value.render("en")


def test_full_width_passphrase_unlocks_the_same_key(tmp_path: Path) -> None:
    # a Chinese IME left in full-width mode types ＡＢＣ１２３ for ABC123
    path, info = _write_key(tmp_path, passphrase="ABC123 口令")
    assert keys.load_private_key(path, "ＡＢＣ１２３\u3000口令").info == info


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_empty_passphrase_is_refused(blank: str) -> None:
    with pytest.raises(DomainError) as err:
        keys.generate_key(SH, blank, kdf=FAST)
    assert err.value.code == "key.passphrase_empty"


def test_invalid_uscc_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        keys.generate_key(SH[:-1] + ("0" if SH[-1] != "0" else "1"), PASS, kdf=FAST)
    assert err.value.code == "key.uscc_invalid"


def test_existing_key_file_is_not_overwritten(tmp_path: Path) -> None:
    path, info = _write_key(tmp_path)
    sealed, _ = keys.generate_key(SH, PASS, kdf=FAST)
    with pytest.raises(DomainError) as err:
        sealed.write(path)
    assert err.value.code == "file.exists"
    assert keys.load_private_key(path, PASS).info == info


def test_flipped_ciphertext_is_reported_as_damaged_not_as_wrong_passphrase(tmp_path: Path) -> None:
    path, _ = _write_key(tmp_path)
    doc = json.loads(path.read_text("utf-8"))
    raw = bytearray(base64.b64decode(doc["ciphertext"]))
    raw[3] ^= 0x01
    _edit(path, ciphertext=base64.b64encode(bytes(raw)).decode())
    with pytest.raises(DomainError) as err:
        keys.load_private_key(path, PASS)
    assert err.value.code == "key.file_damaged"
    assert str(path) in err.value.render("zh")


def test_edited_header_is_detected(tmp_path: Path) -> None:
    # another (valid) institute code in the clear header: caught by the AEAD's associated data
    path, _ = _write_key(tmp_path)
    _edit(path, uscc=REAL)
    with pytest.raises(DomainError) as err:
        keys.load_private_key(path, PASS)
    assert err.value.code == "key.file_damaged"


def test_swapped_public_key_is_detected(tmp_path: Path) -> None:
    path, _ = _write_key(tmp_path)
    other = make_key()
    _edit(path, public_key=base64.b64encode(other.public_key).decode(), key_id=other.key_id)
    with pytest.raises(DomainError) as err:
        keys.load_private_key(path, PASS)
    assert err.value.code == "key.file_damaged"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "something-else"}, "format"),
        ({"version": 2}, "version"),
        ({"kdf__memory_cost": 2**40}, "kdf.memory_cost"),  # would exhaust memory: refused before use
        ({"kdf__iterations": "3"}, "kdf.iterations"),
        ({"cipher__nonce": "AAAA"}, "cipher.nonce"),
        ({"key_id": "0000000000000000"}, "key_id"),
        ({"extra": 1}, ""),
    ],
)
def test_malformed_key_file_names_the_field(tmp_path: Path, change: dict[str, object], field: str) -> None:
    path, _ = _write_key(tmp_path)
    _edit(path, **change)
    with pytest.raises(FormatError) as err:
        keys.load_private_key(path, PASS)
    assert err.value.code == "key.file_malformed"
    if field:
        assert err.value.params["field"] == field
    for lang in ("zh", "en"):
        text = err.value.render(lang)
        assert str(path) in text and (not field or field in text)


def test_truncated_key_file_is_refused(tmp_path: Path) -> None:
    path, _ = _write_key(tmp_path)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(DomainError) as err:
        keys.load_private_key(path, PASS)
    assert err.value.code == "key.file_malformed"
    assert "JSON" in err.value.render("zh")


def test_key_file_can_be_shown_without_the_passphrase(tmp_path: Path) -> None:
    path, info = _write_key(tmp_path)
    assert keys.read_private_key_file(path).info.summary() == {
        "key_id": info.key_id,
        "fingerprint": info.fingerprint,
        "uscc": SH,
    }


def test_missing_key_file_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        keys.load_private_key(tmp_path / "nope.key", PASS)
    assert err.value.code == "file.unreadable"


def test_default_kdf_parameters_are_the_documented_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.FAST_KDF_ENV, raising=False)
    kdf = keys.default_kdf()
    assert kdf in (keys.Argon2idParams(65536, 3, 4), keys.ScryptParams(2**16, 8, 1))
    assert kdf.check() is None and not kdf.weak
    assert not keys.ScryptParams().weak


def test_test_suite_switch_gives_fast_keys_that_say_they_are_weak(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(keys.FAST_KDF_ENV, "1")
    sealed, info = keys.generate_key(SH, PASS)
    assert sealed.kdf == keys.INSECURE_TEST_KDF and sealed.weak
    path = sealed.write(tmp_path / "k.key")
    assert keys.read_private_key_file(path).weak
    assert keys.load_private_key(path, PASS).info == info


# ---------------------------------------------------------------- ids and fingerprints


def test_key_id_and_fingerprint_follow_the_documented_rule() -> None:
    public_key = bytes(range(32))
    digest = hashlib.sha256(public_key).digest()
    assert keys.key_id(public_key) == digest.hex()[:16]
    digits = f"{int.from_bytes(digest, 'big') % 10**40:040d}"
    expected = " ".join(digits[i : i + 5] for i in range(0, 40, 5))
    assert keys.fingerprint(public_key) == expected
    groups = expected.split(" ")
    assert len(groups) == 8 and all(len(g) == 5 and g.isdigit() for g in groups)


def test_fingerprint_matches_tolerates_how_people_type_it() -> None:
    fp = keys.fingerprint(os.urandom(32))
    digits = fp.replace(" ", "")
    full_width = digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for given in (
        fp,
        digits,
        fp.replace(" ", "-"),
        fp.replace(" ", "－"),
        fp.replace(" ", "\u3000"),
        full_width,
        f"  {fp}\n",
        "-".join(digits[i : i + 4] for i in range(0, 40, 4)),
    ):
        assert keys.fingerprint_matches(given, fp), given
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    for given in (wrong, digits[:-1], digits + "0", digits[:-1] + "a", "", fp.replace(" ", "/")):
        assert not keys.fingerprint_matches(given, fp), given


def test_uscc_check_character() -> None:
    assert uscc_valid(REAL) and uscc_valid(SH)
    assert not uscc_valid(REAL[:-1] + "4")
    assert not uscc_valid(REAL.lower())
    assert not uscc_valid(REAL[:-1])
