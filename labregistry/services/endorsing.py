"""Coordinator endorsement, on the two sides that make it (issue 19).

* The coordinator (``endorse``): after comparing an institute's fingerprint by phone, it
  signs an endorsement of that key, valid until a date, into a statement file the
  institute attaches to its bundles and any receiver may take with ``trust import``; it
  withdraws one with ``endorse --revoke KEY_ID``. What it endorsed is kept in the home
  (``keys/endorsed/KEY_ID.json``), so a withdrawal names the institute without a card.
* The endorsed institute (``keys attach-endorsement``): its bundles carry the endorsement
  from now on, covered by their signature (format 2's statement digests).

The receiver's side (who may endorse, expiry, withdrawal, direct trust first) is
:mod:`labregistry.exchange.endorsement` and :mod:`labregistry.services.keytrust`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from labregistry.crypto import cards, statements
from labregistry.crypto.jsonform import format_datetime
from labregistry.crypto.statements import EndorsementStatement
from labregistry.errors import DomainError
from labregistry.files import atomic_write, read_capped
from labregistry.outputs import check_target
from labregistry.registry import Registry
from labregistry.services.keytrust import BEIJING, card_from_file, existing_file
from labregistry.services.setup import keystore

DEFAULT_DAYS = 365
MAX_DAYS = 5 * 366


def parse_until(text: str | None, today: dt.date | None = None) -> dt.datetime:
    """``--until DATE``: the end of that day in Beijing; default a year from today."""
    day = today or dt.datetime.now(BEIJING).date()
    if text is None or not text.strip():
        end = day + dt.timedelta(days=DEFAULT_DAYS)
    else:
        try:
            end = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise DomainError("endorse.bad_until", text=text.strip()[:40], max_days=MAX_DAYS) from None
        if not day < end <= day + dt.timedelta(days=MAX_DAYS):
            raise DomainError("endorse.bad_until", text=text.strip()[:40], max_days=MAX_DAYS)
    return dt.datetime.combine(end, dt.time(23, 59, 59), BEIJING).astimezone(dt.UTC)


def _endorsed_dir(reg: Registry) -> Path:
    return reg.home.keys_dir / "endorsed"


def endorse_key(reg: Registry, passphrase: str, card_path: str | Path, given_fingerprint: str, out: str | Path, *,
                until: dt.datetime | None = None) -> dict[str, Any]:
    """Endorse the key of ``card_path`` (its fingerprint compared by phone) until ``until``;
    the statement file, with the own key's rotations (so receivers reach the current
    coordinator key from one they trust), goes to ``out``."""
    card = card_from_file(card_path)
    cards.check_card_fingerprint(card, given_fingerprint)
    target = check_target(reg.home, out)
    store = keystore(reg)
    if card.uscc == store.info().uscc:
        raise DomainError("endorse.own")
    signing_key = store.unlock(passphrase)
    stmt = statements.make_endorsement(signing_key, card.info, until=until or parse_until(None))
    atomic_write(target, statements.statement_file_bytes([*store.rotations(), stmt]), mode=0o644)
    folder = _endorsed_dir(reg)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{card.key_id}.json", statements.statement_to_bytes(stmt), mode=0o644)
    return {"uscc": card.uscc, "institute_name": card.institute_name, "key_id": card.key_id,
            "fingerprint": card.fingerprint, "until": format_datetime(stmt.until), "out": str(target)}


def withdraw_endorsement(reg: Registry, passphrase: str, key_id: str, out: str | Path) -> dict[str, Any]:
    """Withdraw the own endorsement of ``key_id``: from now on, no endorsement of it made so
    far counts at receivers that take the file (and a replayed older one neither)."""
    record = _endorsed_dir(reg) / f"{key_id}.json"
    if "/" in key_id or not record.is_file():
        raise DomainError("endorse.unknown_key", key_id=key_id[:40])
    made = statements.read_statement(record.read_bytes())
    assert isinstance(made, EndorsementStatement)
    target = check_target(reg.home, out)
    store = keystore(reg)
    stmt = statements.make_endorsement_revocation(store.unlock(passphrase), made.uscc, key_id)
    atomic_write(target, statements.statement_file_bytes([*store.rotations(), stmt]), mode=0o644)
    return {"uscc": made.uscc, "key_id": key_id, "at": format_datetime(stmt.at), "out": str(target)}


def attach_endorsement(reg: Registry, source: str | Path, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Keep the coordinator's endorsement of the own current key in ``source`` with the own
    statements: every bundle exported from now on carries it."""
    stmts = statements.read_statement_file(read_capped(existing_file(source), statements.STATEMENT_FILE_LIMIT))
    store = keystore(reg)
    info = store.info()
    mine = [s for s in stmts if isinstance(s, EndorsementStatement)
            and s.uscc == info.uscc and s.public_key == info.public_key]
    if not mine:
        raise DomainError("endorse.not_own_key", key_id=info.key_id, uscc=info.uscc)
    stmt = max(mine, key=lambda s: s.at)
    if stmt.until < (now or dt.datetime.now(dt.UTC)):
        raise DomainError("endorse.attached_expired", until=stmt.until.date().isoformat())
    store.attach(stmt)
    return {"coordinator_uscc": stmt.coordinator_uscc, "key_id": stmt.key_id, "until": format_datetime(stmt.until)}
