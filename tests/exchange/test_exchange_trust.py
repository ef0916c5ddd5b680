"""The trust decision: direct trust, rotation chains, revocation, wrong issuer, forks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from labregistry.errors import DomainError
from labregistry.crypto import cards, statements
from labregistry.crypto.keys import SigningKey
from labregistry.crypto.signing import DOMAIN_STATEMENT
from labregistry.exchange.trust import TrustedKey, decide_trust, key_states, valid_revocations, withdrawals
from tests.crypto.helpers import JS, SH, T0, make_key

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def trusted(key: SigningKey, *, revoked: bool = False) -> TrustedKey:
    return TrustedKey(key_id=key.key_id, uscc=key.uscc, public_key=key.public_key, revoked=revoked)


def rotate(old: SigningKey, new: SigningKey) -> statements.RotationStatement:
    return statements.make_rotation(old, new.info)


def test_directly_trusted_key() -> None:
    a = make_key()
    decision = decide_trust(a.key_id, SH, [trusted(a)])
    assert decision.trusted and decision.reason is None
    assert decision.public_key == a.public_key and decision.path == (a.key_id,)
    assert decision.require() == a.public_key


def test_unknown_key() -> None:
    a, b = make_key(), make_key()
    decision = decide_trust(b.key_id, SH, [trusted(a)])
    assert not decision.trusted and decision.reason == "key.unknown" and decision.public_key is None
    with pytest.raises(DomainError) as err:
        decision.require()
    assert err.value.code == "key.unknown" and b.key_id in err.value.render("zh")


def test_key_of_another_institute_is_refused() -> None:
    j = make_key(JS)
    decision = decide_trust(j.key_id, SH, {j.key_id: trusted(j)})
    assert decision.reason == "key.wrong_issuer"
    text = decision.error().render("en")
    assert JS in text and SH in text


def test_revoked_key_is_refused() -> None:
    a = make_key()
    assert decide_trust(a.key_id, SH, [trusted(a, revoked=True)]).reason == "key.revoked"


def test_rotation_chain_from_a_trusted_key_is_accepted() -> None:
    a, b, c = make_key(), make_key(), make_key()
    decision = decide_trust(c.key_id, SH, [trusted(a)], [rotate(b, c), rotate(a, b)])
    assert decision.trusted and decision.public_key == c.public_key
    assert decision.path == (a.key_id, b.key_id, c.key_id)


def test_chain_from_card_endorsements_is_accepted() -> None:
    a, b, c = make_key(), make_key(), make_key()
    card = cards.read_card(
        cards.make_card(c, "浙江省计量科学研究院", endorsements=[rotate(a, b), rotate(b, c)]).to_bytes()
    )
    assert decide_trust(card.key_id, card.uscc, [trusted(a)], card.endorsements).trusted


def test_rotation_signed_by_the_wrong_key_is_refused() -> None:
    a, b, mallory = make_key(), make_key(), make_key()
    claim = replace(rotate(a, b), signature=b"")
    forged = replace(claim, signature=mallory.sign(DOMAIN_STATEMENT, claim.payload()))
    decision = decide_trust(b.key_id, SH, [trusted(a)], [forged])
    assert not decision.trusted and decision.reason == "key.unknown"


def test_rotation_from_a_key_of_another_institute_is_refused() -> None:
    j, j2 = make_key(JS), make_key(JS)
    # JS's trusted key endorses a key, but the question is whether it may sign for SH
    assert decide_trust(j2.key_id, SH, [trusted(j)], [rotate(j, j2)]).reason == "key.unknown"
    assert decide_trust(j2.key_id, JS, [trusted(j)], [rotate(j, j2)]).trusted


def test_rotation_into_a_key_stored_for_another_institute_is_refused() -> None:
    a, j = make_key(SH), make_key(JS)
    claim = statements.RotationStatement(SH, a.key_id, j.key_id, j.public_key, T0, b"")
    stmt = replace(claim, signature=a.sign(DOMAIN_STATEMENT, claim.payload()))
    assert decide_trust(j.key_id, SH, [trusted(a), trusted(j)], [stmt]).reason == "key.wrong_issuer"


def test_revoked_key_is_refused_even_if_endorsed() -> None:
    a, b = make_key(), make_key()
    revocation = statements.make_revocation(b, "compromised")
    decision = decide_trust(b.key_id, SH, [trusted(a)], [rotate(a, b)], [revocation])
    assert decision.reason == "key.revoked"


def test_revoked_key_endorses_nothing_whatever_the_dates() -> None:
    a, b = make_key(), make_key()
    # the rotation claims a date long before the revocation; a thief could write any date
    early = statements.make_rotation(a, b.info, at=T0)
    revocation = statements.make_revocation(a, "compromised", at=T0.replace(year=2030))
    assert decide_trust(b.key_id, SH, [trusted(a)], [early], [revocation]).reason == "key.unknown"
    assert decide_trust(b.key_id, SH, [trusted(a, revoked=True)], [early]).reason == "key.unknown"
    # a key already accepted through the rotation stays trusted on its own row
    accepted = replace(trusted(b), endorsed_by=a.key_id)
    assert decide_trust(b.key_id, SH, [trusted(a), accepted], [early], [revocation]).trusted


def test_revoked_middle_key_breaks_the_chain() -> None:
    a, b, c = make_key(), make_key(), make_key()
    chain = [rotate(a, b), rotate(b, c)]
    assert decide_trust(c.key_id, SH, [trusted(a)], chain).trusted
    revocation = statements.make_revocation(b, "U 盘遗失")
    assert decide_trust(c.key_id, SH, [trusted(a)], chain, [revocation]).reason == "key.unknown"


def test_successor_may_revoke_its_predecessor() -> None:
    a, b = make_key(), make_key()
    revocation = statements.make_revocation(b, "旧私钥遗失", key_id=a.key_id)
    assert decide_trust(a.key_id, SH, [trusted(a)], [rotate(a, b)], [revocation]).reason == "key.revoked"
    assert set(valid_revocations(SH, [trusted(a)], [rotate(a, b)], [revocation])) == {a.key_id}


def test_unrelated_key_cannot_revoke() -> None:
    a, b, mallory = make_key(), make_key(), make_key()
    by_stranger = statements.make_revocation(mallory, "spite", key_id=a.key_id)
    assert decide_trust(a.key_id, SH, [trusted(a)], [], [by_stranger]).trusted
    # a predecessor cannot revoke its successor, nor a sibling
    by_predecessor = statements.make_revocation(a, "spite", key_id=b.key_id)
    assert decide_trust(b.key_id, SH, [trusted(a), trusted(b)], [rotate(a, b)], [by_predecessor]).trusted
    # a revocation claiming another institute is ignored
    j = make_key(JS)
    cross = replace(statements.make_revocation(j, "x", key_id=a.key_id), uscc=SH)
    assert decide_trust(a.key_id, SH, [trusted(a)], [], [cross]).trusted


def test_forked_rotation_endorses_neither_branch() -> None:
    a, b, c = make_key(), make_key(), make_key()
    decision = decide_trust(c.key_id, SH, [trusted(a)], [rotate(a, b), rotate(a, c)])
    assert decision.reason == "key.rotation_conflict"
    assert (
        decide_trust(b.key_id, SH, [trusted(a)], [rotate(a, b), rotate(a, c)]).reason
        == "key.rotation_conflict"
    )
    # the same rotation listed twice is not a fork
    assert decide_trust(b.key_id, SH, [trusted(a)], [rotate(a, b), rotate(a, b)]).trusted


def test_every_refusal_renders_in_both_languages() -> None:
    a, j = make_key(), make_key(JS)
    for decision in (
        decide_trust(j.key_id, SH, [trusted(j)]),
        decide_trust(a.key_id, SH, [trusted(a, revoked=True)]),
        decide_trust(a.key_id, SH, []),
    ):
        err = decision.error()
        zh, en = err.render("zh"), err.render("en")
        assert zh != en and decision.key_id in zh and decision.key_id in en
        assert "{" not in zh + en and SH in zh and SH in en


# ---------------------------------------------------------------- compromise times (rule 3)


def _dated(year: int) -> dt.datetime:
    return T0.replace(year=year)


def _accepted(key: SigningKey, by: SigningKey, seen_year: int) -> TrustedKey:
    """``key`` as a receiver stores it after accepting it through a rotation from ``by``."""
    return replace(trusted(key), endorsed_by=by.key_id, added_at=_dated(seen_year))


def test_a_compromise_after_the_rotation_keeps_the_endorsed_key() -> None:
    a, b = make_key(), make_key()
    rotation = statements.make_rotation(a, b.info, at=_dated(2025))
    revocation = statements.make_revocation(b, "stolen", key_id=a.key_id, at=_dated(2027),
                                            compromised_since=_dated(2026))
    store = [trusted(a), _accepted(b, a, 2025)]
    assert decide_trust(b.key_id, SH, store, [rotation], [revocation], now=_dated(2027)).trusted
    assert decide_trust(a.key_id, SH, store, [rotation], [revocation], now=_dated(2027)).reason == "key.revoked"
    states = key_states(SH, store, [rotation], [revocation], now=_dated(2027))
    assert states[a.key_id].state == "revoked" and states[b.key_id].state == "trusted"
    assert states[a.key_id].withdrawal is not None and states[a.key_id].withdrawal.statement == revocation


def test_a_backdated_rotation_first_seen_after_the_compromise_loses_trust() -> None:
    a, thief = make_key(), make_key()
    backdated = statements.make_rotation(a, thief.info, at=_dated(2020))
    revocation = statements.make_revocation(a, "stolen", at=_dated(2027), compromised_since=_dated(2026))
    store = [trusted(a), replace(_accepted(thief, a, 2026), added_at=_dated(2026).replace(month=6))]
    decision = decide_trust(thief.key_id, SH, store, [backdated], [revocation], now=_dated(2027))
    assert decision.reason == "key.endorsed_after_compromise"
    assert a.key_id in decision.error().render("zh") and "2026-01-01" in decision.error().render("en")
    # the same, told by when the statement itself arrived (the receiver's clock)
    seen = {statements.statement_digest(backdated): _dated(2026).replace(month=6)}
    store2 = [trusted(a), replace(trusted(thief), endorsed_by=a.key_id)]
    assert not decide_trust(thief.key_id, SH, store2, [backdated], [revocation], seen=seen,
                            now=_dated(2027)).trusted
    # a rotation that says it was made after the compromise began counts as after, whenever seen
    late = statements.make_rotation(a, thief.info, at=_dated(2026).replace(month=3))
    store3 = [trusted(a), _accepted(thief, a, 2025)]
    assert not decide_trust(thief.key_id, SH, store3, [late], [revocation], now=_dated(2027)).trusted


def test_compromise_withdraws_down_the_chain_but_not_fingerprint_checked_keys() -> None:
    a, b, c, checked = make_key(), make_key(), make_key(), make_key()
    chain = [statements.make_rotation(a, b.info, at=_dated(2026)), statements.make_rotation(b, c.info, at=_dated(2026))]
    revocation = statements.make_revocation(a, "stolen", at=_dated(2027), compromised_since=_dated(2025))
    store = [trusted(a), _accepted(b, a, 2026), _accepted(c, b, 2026), trusted(checked)]
    gone = withdrawals(SH, store, chain, [revocation], now=_dated(2027))
    assert set(gone) == {a.key_id, b.key_id, c.key_id}
    assert gone[c.key_id].kind == "endorsed_after_compromise" and gone[c.key_id].compromised_key == a.key_id
    assert decide_trust(checked.key_id, SH, store, chain, [revocation], now=_dated(2027)).trusted


def test_a_revocation_without_a_compromise_time_withdraws_nothing_accepted() -> None:
    """The form of earlier versions (no compromised_since): the key is revoked, no more."""
    a, b = make_key(), make_key()
    rotation = statements.make_rotation(a, b.info, at=_dated(2025))
    legacy = replace(statements.make_revocation(b, "retired", key_id=a.key_id), compromised_since=None)
    legacy = replace(legacy, signature=b.sign(DOMAIN_STATEMENT, legacy.payload()))
    store = [trusted(a), _accepted(b, a, 2026)]
    assert set(withdrawals(SH, store, [rotation], [legacy])) == {a.key_id}
    assert decide_trust(b.key_id, SH, store, [rotation], [legacy]).trusted


def test_of_two_revocations_the_earliest_compromise_wins() -> None:
    a, b = make_key(), make_key()
    rotation = statements.make_rotation(a, b.info, at=_dated(2025))
    later = statements.make_revocation(b, "found late", key_id=a.key_id, at=_dated(2027),
                                       compromised_since=_dated(2027))
    earlier = statements.make_revocation(b, "began earlier", key_id=a.key_id, at=_dated(2027),
                                         compromised_since=_dated(2024))
    store = [trusted(a), _accepted(b, a, 2025)]
    assert valid_revocations(SH, store, [rotation], [later, earlier])[a.key_id] == earlier
    assert not decide_trust(b.key_id, SH, store, [rotation], [later, earlier], now=_dated(2027)).trusted


def test_a_local_revocation_from_earlier_than_the_statement_counts() -> None:
    a, b = make_key(), make_key()
    rotation = statements.make_rotation(a, b.info, at=_dated(2025))
    stated = statements.make_revocation(b, "found late", key_id=a.key_id, at=_dated(2027),
                                        compromised_since=_dated(2027))
    here = replace(trusted(a), revoked=True, revoked_at=_dated(2024))
    store = [here, _accepted(b, a, 2025)]
    gone = withdrawals(SH, store, [rotation], [stated], now=_dated(2027))
    assert gone[a.key_id].statement == stated and gone[a.key_id].since == _dated(2024).replace(microsecond=0)
    assert gone[b.key_id].kind == "endorsed_after_compromise"
