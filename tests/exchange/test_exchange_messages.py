"""Every message the exchange package can show exists in Chinese and English."""

from __future__ import annotations

import pytest

from labregistry import i18n
from labregistry.exchange import trust  # noqa: F401
from labregistry import files  # noqa: F401
from labregistry.crypto import cards, jsonform, keys, passphrase, statements  # noqa: F401

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

CODES = [
    "key.passphrase_wrong",
    "key.passphrase_empty",
    "key.passphrase_too_long",
    "key.passphrase_missing",
    "key.passphrase_mismatch",
    "key.passphrase_file_unreadable",
    "key.file_malformed",
    "key.file_damaged",
    "key.kdf_unsupported",
    "key.kdf_param",
    "key.uscc_invalid",
    "key.unknown",
    "key.revoked",
    "key.wrong_issuer",
    "key.rotation_conflict",
    "card.malformed",
    "card.bad_signature",
    "card.not_rotation",
    "card.chain_broken",
    "card.chain_repeats",
    "trust.fingerprint_mismatch",
    "statement.malformed",
    "file.write_failed",
    "file.exists",
    "file.unreadable",
    "file.too_large",
]


@pytest.mark.parametrize("code", CODES)
def test_message_exists_in_both_languages(code: str) -> None:
    assert i18n.known(code)
    zh, en = i18n.tr(code, "zh"), i18n.tr(code, "en")
    assert zh != en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), en
