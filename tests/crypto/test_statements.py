"""Rotation and revocation statements: signing, verifying, strict reading."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from labregistry.crypto import statements
from labregistry.crypto.jsonform import FormatError
from labregistry.crypto.signing import DOMAIN_STATEMENT
from tests.crypto.helpers import JS, SH, T0, make_key

pytestmark = pytest.mark.engine_independent  # never opens the pass's database


def test_rotation_verifies_with_the_old_key_only() -> None:
    old, new, other = make_key(), make_key(), make_key()
    stmt = statements.make_rotation(old, new.info, at=T0)
    assert (stmt.uscc, stmt.old_key_id, stmt.new_key_id, stmt.new_public_key, stmt.at) == (
        SH,
        old.key_id,
        new.key_id,
        new.public_key,
        T0,
    )
    assert statements.verify_rotation(stmt, old.public_key)
    assert not statements.verify_rotation(stmt, new.public_key)
    assert not statements.verify_rotation(stmt, other.public_key)


def test_rotation_signed_by_the_wrong_key_is_refused() -> None:
    old, new, mallory = make_key(), make_key(), make_key()
    claim = replace(statements.make_rotation(old, new.info), signature=b"")
    # mallory writes "old endorses new" and signs it herself
    forged = replace(claim, signature=mallory.sign(DOMAIN_STATEMENT, claim.payload()))
    assert not statements.verify_rotation(forged, old.public_key)
    assert not statements.verify_rotation(forged, mallory.public_key)  # key id is not mallory's


def test_rotation_with_a_swapped_new_key_is_refused() -> None:
    old, new, mallory = make_key(), make_key(), make_key()
    stmt = statements.make_rotation(old, new.info)
    swapped = replace(stmt, new_key_id=mallory.key_id, new_public_key=mallory.public_key)
    assert not statements.verify_rotation(swapped, old.public_key)


def test_rotation_across_institutes_cannot_be_made() -> None:
    with pytest.raises(ValueError):
        statements.make_rotation(make_key(SH), make_key(JS).info)


def test_statements_round_trip_as_files() -> None:
    old, new = make_key(), make_key()
    rotation = statements.make_rotation(old, new.info, at=T0)
    revocation = statements.make_revocation(new, "私钥所在 U 盘遗失", key_id=old.key_id, at=T0)
    for stmt in (rotation, revocation):
        data = statements.statement_to_bytes(stmt)
        assert statements.read_statement(data) == stmt
    assert statements.verify_revocation(revocation, new.public_key)
    assert not statements.verify_revocation(revocation, old.public_key)
    assert not statements.verify_revocation(replace(revocation, key_id=new.key_id), new.public_key)


def test_revocation_defaults_to_the_signer_itself() -> None:
    key = make_key()
    stmt = statements.make_revocation(key, "retired")
    assert stmt.key_id == stmt.signer_key_id == key.key_id
    assert statements.verify_revocation(stmt, key.public_key)


def test_malformed_statement_names_the_field() -> None:
    old, new = make_key(), make_key()
    obj = statements.make_rotation(old, new.info).to_dict()
    for key, value, field in (
        ("new_key_id", old.key_id, "new_key_id"),
        ("type", "delegate", "type"),
        ("at", "yesterday", "at"),
        ("extra", 1, ""),
    ):
        with pytest.raises(FormatError) as err:
            statements.read_statement(json.dumps({**obj, key: value}).encode())
        assert err.value.code == "statement.malformed"
        if field:
            assert err.value.params["field"] == field
            assert field in err.value.render("zh") and field in err.value.render("en")
