"""The signed QR payload: its text form, and what verification answers for each kind of fault."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labregistry import i18n
from labregistry.certificates import payload as pl
from labregistry.certificates.content import content_digest
from labregistry.certificates.qr import MAX_VERSION, make_matrix
from labregistry.crypto.jsonform import canonical_json
from labregistry.crypto.keys import SigningKey
from labregistry.crypto.signing import DOMAIN_BUNDLE_MANIFEST, DOMAIN_CERTIFICATE
from labregistry.exchange.trust import TrustedKey
from tests.crypto.helpers import JS, SH, make_key
from tests.properties import property_settings

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

KEY = make_key(SH)
OTHER = make_key(JS)


def standard_payload(key: SigningKey = KEY, **changes: Any) -> pl.CertificatePayload:
    p = pl.CertificatePayload(
        kind=pl.KIND_STANDARD,
        issuer_uscc=key.uscc,
        key_id=key.key_id,
        issued_on=dt.date(2026, 11, 27),
        digest=content_digest({"name": "精密压力表标准装置"}),
        record_uid="0123456789abcdef0123456789abcdef",
        certificate_no="[2023]沪量标证字第0123号",
        valid_until=dt.date(2027, 5, 30),
    )
    return replace(p, **changes)


def statement_payload(key: SigningKey = KEY) -> pl.CertificatePayload:
    return pl.CertificatePayload(
        kind=pl.KIND_STATEMENT,
        issuer_uscc=key.uscc,
        key_id=key.key_id,
        issued_on=dt.date(2026, 11, 27),
        digest=content_digest({"standards": 300}),
        counts=(300, 45),
    )


def trusted(key: SigningKey, *, revoked: bool = False) -> TrustedKey:
    return TrustedKey(
        key_id=key.key_id,
        uscc=key.uscc,
        public_key=key.public_key,
        revoked=revoked,
        institute_name="上海市计量测试技术研究院",
    )


TEXT = pl.sign_certificate(standard_payload(), KEY)
SIGNATURE = pl.decode_text(TEXT)[1]


def test_a_signed_payload_verifies_with_a_trusted_key_and_with_an_own_key() -> None:
    for known, own in (({KEY.key_id: trusted(KEY)}, {}), ({}, {KEY.key_id: KEY.info})):
        check = pl.verify_payload_text(TEXT, known, own)
        assert check.status == pl.GENUINE and check.genuine and check.problem is None
        assert check.issuer_uscc == SH and check.key_id == KEY.key_id
        assert check.records == ["standard:0123456789abcdef0123456789abcdef"]
        assert check.issued_on == dt.date(2026, 11, 27)
        assert check.payload == standard_payload()
    assert pl.verify_payload_text(TEXT, {KEY.key_id: trusted(KEY)}).issuer_name == "上海市计量测试技术研究院"


def test_text_form_is_qr_alphanumeric_and_small() -> None:
    assert TEXT.startswith("LRC1:")
    alphanumeric = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert set(TEXT) <= alphanumeric
    matrix = make_matrix(TEXT)
    assert matrix.version <= 12
    # the longest certificate number that still goes into the QR code keeps it scannable
    number = "[2023]沪量标证字第0123号" + "续" * 22 + "456"
    assert len(number.encode()) == pl.CERTIFICATE_NO_LIMIT and pl.fits_payload(number)
    assert not pl.fits_payload(number + "1")
    longest = standard_payload(certificate_no=number)
    assert make_matrix(pl.sign_certificate(longest, KEY)).version <= MAX_VERSION
    statement = pl.sign_certificate(statement_payload(), KEY)
    assert make_matrix(statement).version <= 11


def test_the_signature_covers_the_canonical_json_in_the_certificate_domain() -> None:
    obj, signature = pl.decode_text(TEXT)
    assert obj == standard_payload().to_json()
    assert canonical_json(obj) == canonical_json(standard_payload().to_json())
    KEY.private_key.public_key().verify(signature, DOMAIN_CERTIFICATE + b"\n" + canonical_json(obj))
    # the same key's signature in another context does not make a certificate
    other_domain = KEY.sign(DOMAIN_BUNDLE_MANIFEST, obj)
    forged = pl.encode_text(obj, other_domain)
    assert pl.verify_payload_text(forged, {KEY.key_id: trusted(KEY)}).status == pl.ALTERED


def test_scanned_or_copied_text_is_tidied() -> None:
    messy = "  " + TEXT[:40].lower() + "\n" + TEXT[40:120] + " \r\n" + TEXT[120:] + "\n"
    assert pl.verify_payload_text(messy, {}, [KEY.info]).genuine
    full_width = TEXT.replace("LRC1:", "ＬＲＣ１：")
    assert pl.verify_payload_text(full_width, {}, [KEY.info]).genuine


def test_serial_is_derived_from_the_payload() -> None:
    p = standard_payload()
    assert p.serial == standard_payload().serial
    assert p.serial.startswith("LR20261127-") and len(p.serial) == len("LR20261127-") + 8
    assert p.serial != standard_payload(record_uid="f" * 32).serial


def test_unknown_issuer() -> None:
    check = pl.verify_payload_text(TEXT, {OTHER.key_id: trusted(OTHER)}, [OTHER.info])
    assert check.status == pl.UNKNOWN_ISSUER and not check.genuine
    assert check.payload == standard_payload()  # what it claims is still shown
    assert KEY.key_id in (i18n.render_all(check.reason, "zh") or "") and SH in (i18n.render_all(check.reason, "en") or "")


def test_revoked_key_even_when_it_is_an_own_key() -> None:
    check = pl.verify_payload_text(TEXT, {KEY.key_id: trusted(KEY, revoked=True)})
    assert check.status == pl.REVOKED_KEY and not check.genuine
    assert "吊销" in (i18n.render_all(check.reason, "zh") or "") and "revoked" in (i18n.render_all(check.reason, "en") or "")
    # the trust store's word wins over the own key files
    assert pl.verify_payload_text(TEXT, [trusted(KEY, revoked=True)], [KEY.info]).status == pl.REVOKED_KEY


def test_a_key_of_another_institute_cannot_issue_for_this_one() -> None:
    # OTHER (a Jiangsu institute's key) signs a payload that names the Shanghai institute
    claim = standard_payload(key=KEY, key_id=OTHER.key_id)
    obj = claim.to_json()
    text = pl.encode_text(obj, OTHER.sign(DOMAIN_CERTIFICATE, obj))
    check = pl.verify_payload_text(text, {OTHER.key_id: trusted(OTHER)})
    assert check.status == pl.UNKNOWN_ISSUER
    assert JS in (i18n.render_all(check.reason, "en") or "") and "belongs to" in (i18n.render_all(check.reason, "en") or "")


def test_a_statement_payload_round_trips() -> None:
    text = pl.sign_certificate(statement_payload(), KEY)
    check = pl.verify_payload_text(text, {}, [KEY.info])
    assert check.genuine and check.payload == statement_payload()
    assert check.records == [f"institute:{SH}"]
    data = i18n.render_all(check.to_json(), "en")
    assert data["counts"] == {"standards": 300, "authorisation_items": 45}
    assert data["genuine"] is True and data["reason"] is None and data["valid_until"] is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "LRC2:" + TEXT[5:],
        "LRC1:",
        TEXT.replace(".", ""),  # no signature part
        TEXT.split(".")[0] + ".AAAA",  # a signature of the wrong length
        TEXT.replace("LRC1:", "LRC1:1"),  # not base32
        "LRC1:" + pl._b32(b'{"t": "s"}') + "." + TEXT.split(".")[1],  # not canonical JSON
        "LRC1:" + pl._b32(b"[1,2]") + "." + TEXT.split(".")[1],
        "LRC1:"
        + pl._b32(canonical_json({**standard_payload().to_json(), "z": 1}))
        + "."
        + TEXT.split(".")[1],
        "LRC1:"
        + pl._b32(canonical_json({**standard_payload().to_json(), "d": "20261331"}))
        + "."
        + TEXT.split(".")[1],
        "LRC1:"
        + pl._b32(canonical_json({**standard_payload().to_json(), "i": SH[:-1] + "0"}))
        + "."
        + TEXT.split(".")[1],
        "LRC1:" + "A" * 3000,
    ],
)
def test_malformed_texts_are_named_as_such(text: str) -> None:
    check = pl.verify_payload_text(text, {KEY.key_id: trusted(KEY)}, [KEY.info])
    assert check.status == pl.MALFORMED and not check.genuine
    assert i18n.render_all(check.reason, "zh") and i18n.render_all(check.reason, "en")
    assert check.to_json()["genuine"] is False


# ---------------------------------------------------------------- altering any field fails

_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.booleans(),
    st.none(),
    st.lists(st.integers(min_value=0, max_value=10**6), max_size=3),
)


def _altered_texts(base: pl.CertificatePayload) -> st.SearchStrategy[str]:
    obj = base.to_json()

    @st.composite
    def build(draw: st.DrawFn) -> str:
        field = draw(st.sampled_from(sorted(obj)))
        value = draw(_VALUES | st.sampled_from(_plausible(field)))
        changed = {**obj, field: value}
        if changed == obj:
            changed = {**obj, field: str(value) + "x"}
        return pl.encode_text(changed, SIGNATURE if base.kind == pl.KIND_STANDARD else STATEMENT_SIGNATURE)

    return build()


def _plausible(field: str) -> list[Any]:
    """Valid-looking values, so the change reaches the signature check."""
    return {
        "t": ["i", "s"],
        "i": [JS, SH],
        "k": [OTHER.key_id, "0" * 16],
        "d": ["20261128", "20251127"],
        "h": [pl._b64url(b"\x00" * 16), pl._b64url(b"\x01" * 16)],
        "r": ["0123456789abcdef0123456789abcdee", "x"],
        "c": ["[2023]沪量标证字第0124号", "[2024]沪量标证字第0123号"],
        "x": ["20370530", "20270531"],
        "n": [[301, 45], [300, 46]],
    }.get(field, ["x"])


STATEMENT_TEXT = pl.sign_certificate(statement_payload(), KEY)
STATEMENT_SIGNATURE = pl.decode_text(STATEMENT_TEXT)[1]
KNOWN = {KEY.key_id: trusted(KEY), OTHER.key_id: trusted(OTHER)}


@property_settings(short=300, long=3000)
@given(text=_altered_texts(standard_payload()) | _altered_texts(statement_payload()))
def test_altering_any_field_of_the_payload_fails(text: str) -> None:
    check = pl.verify_payload_text(text, KNOWN, [KEY.info])
    assert not check.genuine
    assert check.status in (pl.ALTERED, pl.MALFORMED, pl.UNKNOWN_ISSUER)


@property_settings(short=200, long=2000)
@given(data=st.data())
def test_changing_any_character_of_the_text_fails(data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(TEXT) - 1))
    replacement = data.draw(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567.:L"))
    if replacement.upper() == TEXT[position]:
        replacement = "Q" if TEXT[position] != "Q" else "R"
    text = TEXT[:position] + replacement + TEXT[position + 1 :]
    assert not pl.verify_payload_text(text, KNOWN, [KEY.info]).genuine
