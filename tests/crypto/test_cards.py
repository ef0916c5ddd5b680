"""Public key cards: round trip, strict reading, fingerprint check, endorsement chains."""

from __future__ import annotations

import base64
import json
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from labregistry.errors import DomainError
from labregistry.crypto import cards, statements
from labregistry.crypto.jsonform import FormatError
from labregistry.crypto.signing import DOMAIN_KEY_CARD, DOMAIN_STATEMENT
from tests.crypto.helpers import JS, SH, T0, make_key

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

NAME = "上海市计量测试技术研究院"


def _card_dict(card: cards.KeyCard) -> dict[str, Any]:
    obj: dict[str, Any] = json.loads(card.to_bytes().decode("utf-8"))
    return obj


def _read(obj: dict[str, Any]) -> cards.KeyCard:
    return cards.read_card(json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def test_card_round_trips_through_a_file(tmp_path: Path) -> None:
    key = make_key()
    card = cards.make_card(key, NAME)
    path = cards.write_card(tmp_path / "peer.card", card)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    read = cards.read_card_file(path)
    assert read == card
    assert (read.uscc, read.institute_name, read.key_id, read.algorithm) == (SH, NAME, key.key_id, "Ed25519")
    assert read.public_key == key.public_key and read.created_at == T0
    assert read.fingerprint == key.info.fingerprint
    doc = json.loads(path.read_text("utf-8"))
    assert list(doc)[:2] == ["format", "version"] and doc["format"] == "labregistry-key-card"
    assert NAME in path.read_text("utf-8")  # readable Chinese, not \u escapes


def test_same_key_exported_twice_gives_the_same_card() -> None:
    key = make_key()
    assert cards.make_card(key, NAME).to_bytes() == cards.make_card(key, NAME).to_bytes()


def test_edited_institute_name_is_refused() -> None:
    obj = _card_dict(cards.make_card(make_key(), NAME))
    obj["institute_name"] = "浙江省计量科学研究院"
    with pytest.raises(DomainError) as err:
        _read(obj)
    assert err.value.code == "card.bad_signature"
    assert "签名无效" in err.value.render("zh") and "not valid" in err.value.render("en")


def test_card_with_another_key_substituted_is_refused() -> None:
    obj = _card_dict(cards.make_card(make_key(), NAME))
    attacker = make_key()
    obj["public_key"] = base64.b64encode(attacker.public_key).decode()
    obj["key_id"] = attacker.key_id
    with pytest.raises(DomainError) as err:
        _read(obj)
    assert err.value.code == "card.bad_signature"


def test_card_whose_key_id_does_not_match_its_key_is_refused() -> None:
    obj = _card_dict(cards.make_card(make_key(), NAME))
    obj["public_key"] = base64.b64encode(make_key().public_key).decode()
    with pytest.raises(FormatError) as err:
        _read(obj)
    assert err.value.code == "card.malformed" and err.value.params["field"] == "key_id"


def test_truncated_card_is_refused() -> None:
    data = cards.make_card(make_key(), NAME).to_bytes()
    assert data.endswith(b"}\n")  # cutting only the final newline leaves a whole card
    for cut in (2, 10, len(data) // 2):
        with pytest.raises(DomainError) as err:
            cards.read_card(data[:-cut])
        assert err.value.code == "card.malformed"


def _set(obj: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**obj, key: value}


def _drop(obj: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != key}


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (lambda o: _set(o, "format", "labregistry-bundle"), "format", "json.bad_format"),
        (lambda o: _set(o, "version", 2), "version", "json.bad_version"),
        (lambda o: _set(o, "version", True), "version", "json.wrong_type"),
        (lambda o: _set(o, "algorithm", "RSA"), "algorithm", "json.bad_value"),
        (lambda o: _set(o, "uscc", "123"), "uscc", "json.bad_uscc"),
        (lambda o: _set(o, "institute_name", ""), "institute_name", "json.bad_text"),
        (lambda o: _set(o, "institute_name", 5), "institute_name", "json.wrong_type"),
        (lambda o: _set(o, "created_at", "2025-01-01 08:00"), "created_at", "json.bad_datetime"),
        (lambda o: _set(o, "public_key", "not base64!"), "public_key", "json.bad_base64"),
        (
            lambda o: _set(o, "signature", base64.b64encode(b"x" * 10).decode()),
            "signature",
            "json.bad_length",
        ),
        (lambda o: _set(o, "endorsements", {}), "endorsements", "json.wrong_type"),
        (lambda o: _set(o, "comment", "hi"), None, "json.unexpected_keys"),
        (lambda o: _drop(o, "signature"), None, "json.missing_keys"),
    ],
)
def test_malformed_card_names_what_is_wrong(edit: Any, field: str | None, problem: str) -> None:
    obj = edit(_card_dict(cards.make_card(make_key(), NAME)))
    with pytest.raises(FormatError) as err:
        _read(obj)
    assert err.value.code == "card.malformed"
    assert err.value.problem_code == problem
    if field is not None:
        assert err.value.params["field"] == field
    zh, en = err.value.render("zh"), err.value.render("en")
    assert zh.startswith("密钥卡无效") and en.startswith("invalid key card")
    if field is not None:
        assert field in zh and field in en


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe{}", "json.not_utf8"),
        (b"[1, 2]", "json.wrong_type"),
        (b'{"version": 1, "version": 1}', "json.duplicate_key"),
        (b'{"version": 1.0}', "json.number_not_allowed"),
        (b'{"version": NaN}', "json.number_not_allowed"),
        (b"[" * 100_000, "json.too_large"),
        (b"[" * 5000 + b"]" * 5000, "json.too_deep"),
    ],
)
def test_hostile_card_bytes_are_refused_cleanly(data: bytes, problem: str) -> None:
    with pytest.raises(FormatError) as err:
        cards.read_card(data)
    assert err.value.code == "card.malformed" and err.value.problem_code == problem


def test_oversized_card_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.card"
    path.write_bytes(b" " * (10 * 1024 * 1024))
    with pytest.raises(FormatError) as err:
        cards.read_card_file(path)
    assert err.value.problem_code == "json.too_large"


def test_fingerprint_check() -> None:
    card = cards.make_card(make_key(), NAME)
    cards.check_card_fingerprint(card, card.fingerprint)
    cards.check_card_fingerprint(card, card.fingerprint.replace(" ", "-"))
    wrong = cards.make_card(make_key(), NAME).fingerprint
    with pytest.raises(DomainError) as err:
        cards.check_card_fingerprint(card, wrong)
    assert err.value.code == "trust.fingerprint_mismatch"
    for lang in ("zh", "en"):
        text = err.value.render(lang)
        assert wrong in text and card.fingerprint in text and card.key_id in text


# ---------------------------------------------------------------- endorsement chains


def test_card_with_endorsement_chain_round_trips() -> None:
    a, b, c = make_key(), make_key(), make_key()
    chain = (statements.make_rotation(a, b.info), statements.make_rotation(b, c.info))
    card = cards.make_card(c, NAME, endorsements=chain)
    read = cards.read_card(card.to_bytes())
    assert read.endorsements == chain


def test_chain_that_does_not_end_at_the_card_key_is_refused() -> None:
    a, b, c = make_key(), make_key(), make_key()
    with pytest.raises(FormatError) as err:
        cards.make_card(c, NAME, endorsements=[statements.make_rotation(a, b.info)])
    assert err.value.problem_code == "card.chain_broken"


def test_chain_link_signed_by_the_wrong_key_is_refused() -> None:
    a, b, c, mallory = make_key(), make_key(), make_key(), make_key()
    good = cards.make_card(
        c, NAME, endorsements=[statements.make_rotation(a, b.info), statements.make_rotation(b, c.info)]
    )
    # a link that claims b endorsed c, but signed by mallory; the card itself re-signed by c's holder
    claim = replace(good.endorsements[1], signature=b"")
    forged_link = replace(claim, signature=mallory.sign(DOMAIN_STATEMENT, claim.payload()))
    forged = replace(good, endorsements=(good.endorsements[0], forged_link))
    forged = replace(forged, signature=c.sign(DOMAIN_KEY_CARD, forged.payload()))
    with pytest.raises(DomainError) as err:
        cards.read_card(forged.to_bytes())
    assert err.value.code == "card.bad_signature"
    assert err.value.params["field"] == "endorsements[1].signature"


def test_chain_of_another_institute_is_refused() -> None:
    a, b = make_key(JS), make_key(JS)
    c = make_key(SH)
    stmt = statements.make_rotation(a, b.info)
    with pytest.raises(FormatError) as err:
        cards.make_card(c, NAME, endorsements=[stmt])
    assert err.value.params["field"] == "endorsements[0].uscc"


def test_revocation_inside_endorsements_is_refused() -> None:
    key = make_key()
    obj = _card_dict(cards.make_card(key, NAME))
    obj["endorsements"] = [statements.make_revocation(key, "测试").to_dict()]
    with pytest.raises(FormatError) as err:
        _read(obj)
    assert err.value.params["field"] == "endorsements[0].type"
