"""Keys and trust: the own key's rotation and revocation, peers' keys and key statements.

The CLI's ``keys`` and ``trust`` commands and the app's trusted-keys and own-key panels
call these; :mod:`labregistry.services.exchange` re-exports them and uses the trust inputs
when it verifies a bundle. The rules themselves are pure logic in
:mod:`labregistry.exchange.trust`; this module reads and writes the store:

* statements (rotation, revocation) are kept verbatim with the time they were first
  received (``key_statement.received_at``): that time, not the signer's claim, tells
  whether a rotation came before a compromise;
* after any change (a bundle imported, a statement file, ``trust revoke``, ``trust add
  --replace``) :func:`sync_withdrawals` marks the rows of keys that are no longer trusted
  as revoked, with the time from which they are not (``revoked_at``) and why, so that what
  reads the flag (provenance of records, certificates) sees the same as the trust rules;
* ``trust add`` trusts one key per institute: another key of the same credit code is
  added only when a rotation statement links the two, or with ``replace`` (after a
  warning), which stops trusting the one it replaces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from labregistry import i18n
from labregistry.domain import validation
from labregistry.errors import DomainError
from labregistry.exchange import bundle, endorsement
from labregistry.crypto import cards, statements
from labregistry.files import atomic_write, read_capped, read_head
from labregistry.crypto.jsonform import Detail, FormatError, b64decode_strict, b64encode, format_datetime, text_valid
from labregistry.crypto.keys import fingerprint
from labregistry.crypto.passphrase import check_new_passphrase
from labregistry.crypto.statements import (
    EndorsementRevocation,
    EndorsementStatement,
    RevocationStatement,
    RotationStatement,
    Statement,
)
from labregistry.exchange.trust import (
    KeyState,
    TrustedKey,
    Withdrawal,
    decide_trust,
    key_states,
    known_public_key,
    valid_revocations,
    withdrawals,
)
from labregistry.outputs import check_target
from labregistry.registry import Registry
from labregistry.services import ownkeys
from labregistry.services.setup import keystore
from labregistry.storage import bulk
from labregistry.storage.models import KeyStatement
from labregistry.storage.models import TrustedKey as TrustedKeyRow
from labregistry.storage.uow import UnitOfWork

BEIJING = dt.timezone(dt.timedelta(hours=8))
CLOCK_SKEW = dt.timedelta(minutes=5)
REVOKED_REASON_LIMIT = 300  # the trusted_key.revoked_reason column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def parse_compromise_time(text: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """The instant a person gives as "compromised since": ``YYYY-MM-DD`` (the start of that
    day in Beijing, the conservative reading of a date), ``YYYY-MM-DDTHH:MM[:SS]`` (Beijing
    time) or with an offset (``Z``, ``+08:00``). None or blank: None (the caller means now).
    A time in the future is refused: it would trust the key until then."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            value = dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(), BEIJING)
        else:
            value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
            if value.tzinfo is None:
                value = value.replace(tzinfo=BEIJING)
    except ValueError:
        raise DomainError("compromise.bad_time", text=raw[:60]) from None
    value = value.astimezone(dt.UTC).replace(microsecond=0)
    if value > (now or _now()) + CLOCK_SKEW:
        raise DomainError("compromise.future", text=raw[:60])
    return min(value, now or _now())


def _check_reason(reason: str) -> None:
    """A revocation's reason travels to peers and is shown to people: the text rule names the
    character that deceives (as for every field), then the statement's own limits apply."""
    validation.check_text(reason, "reason")
    if not text_valid(reason, statements.REASON_LIMIT):
        raise DomainError("key.reason_invalid", limit=statements.REASON_LIMIT)


# ---------------------------------------------------------------- the own key


def key_summary(reg: Registry) -> dict[str, Any]:
    info = keystore(reg).info()
    return {"key_id": info.key_id, "fingerprint": info.fingerprint, "uscc": info.uscc,
            "created_at": info.created_at.isoformat(), "algorithm": info.algorithm}


def export_public_card(reg: Registry, out: str | Path) -> Path:
    """Write the own public key card (with its rotation endorsements) for peers."""
    return atomic_write(check_target(reg.home, out), keystore(reg).card_bytes(), mode=0o644)


def rotate_key(reg: Registry, passphrase: str, new_passphrase: str | None = None,
               revoke_reason: str | None = None, *, compromised_since: dt.datetime | None = None,
               statement_out: str | Path | None = None) -> dict[str, Any]:
    """A new own key endorsed by the current one; the next bundles carry the endorsement.

    ``revoke_reason``: the old key is also revoked (signed by the new key), not to be
    trusted from ``compromised_since`` (default now). ``statement_out``: a statement file
    with the rotation (and the revocation) for peers to import before the next bundle."""
    if revoke_reason is not None:
        _check_reason(revoke_reason)
    _check_writable(reg, statement_out)
    store = keystore(reg)
    old = store.unlock(passphrase)
    with reg.uow() as uow:
        own = uow.institutes.own()
        if own is None:
            raise DomainError("export.no_institute")
        name = own.name
        if new_passphrase is not None:  # chosen now (the current one, kept, was chosen before)
            check_new_passphrase(new_passphrase, name=name, uscc=own.uscc)
    new, rotation, revocation = store.rotate(old, new_passphrase or passphrase, name, revoke_old=revoke_reason,
                                             compromised_since=compromised_since)
    made: list[Statement] = [rotation] if revocation is None else [rotation, revocation]
    ownkeys.record_now(reg, made)  # the database keeps them too: a lost file revokes nothing less
    written = _write_statements(statement_out, made)
    return {"old_key_id": old.key_id, "key_id": new.key_id, "fingerprint": new.info.fingerprint,
            "revoked": revocation is not None,
            "compromised_since": _time_text(revocation.compromised_since) if revocation else None,
            "statement_out": written}


def revoke_own_key(reg: Registry, passphrase: str, key_id: str, reason: str, *,
                   compromised_since: dt.datetime | None = None,
                   statement_out: str | Path | None = None) -> dict[str, Any]:
    """Revoke an earlier own key (not to be trusted from ``compromised_since``, default now);
    the next bundles carry the statement to peers, and ``statement_out`` gets a statement
    file with it and the rotations that link the signing key to the revoked one."""
    _check_reason(reason)
    _check_writable(reg, statement_out)
    warnings = revoke_warnings(reg, key_id, compromised_since)  # before anything is written
    store = keystore(reg)
    stmt = store.revoke(store.unlock(passphrase), key_id, reason, compromised_since=compromised_since)
    # the database keeps it (and the rotations a peer needs to check it): a lost file revokes nothing less
    ownkeys.record_now(reg, [*store.chain_from(key_id), stmt])
    written = _write_statements(statement_out, [*store.chain_from(key_id), stmt])
    return {"key_id": key_id, "compromised_since": _time_text(stmt.compromised_since), "statement_out": written,
            "rotation_unsent": _rotation_unsent(reg, store.chain_from(key_id)), "warnings": warnings}


def revoke_warnings(reg: Registry, key_id: str, compromised_since: dt.datetime | None = None) -> list[i18n.Message]:
    """What revoking the own ``key_id`` from ``compromised_since`` (None: now) will do to the
    peers' trust in the keys after it, known before anything is written (the CLI prints them
    first, the app can ask): the rotation from it not sent yet (``keys.rotation_unsent``); a
    compromise time before the rotation from it (``keys.compromise_before_rotation``: every
    peer withdraws its trust in the keys after it, SECURITY.md K5), or before the last bundle
    exported with that rotation (``keys.compromise_before_export``: the peers that first
    received the rotation with a bundle exported after that time withdraw it). Each names the
    key in use and its fingerprint, which the peers must then check by phone."""
    store = keystore(reg)
    try:
        chain = store.chain_from(key_id)
    except DomainError:
        return []  # no key here: the revocation itself says so
    if not chain:
        return []
    current = {"key_id": chain[-1].new_key_id, "fingerprint": fingerprint(chain[-1].new_public_key)}
    unsent = _rotation_unsent(reg, chain)
    out = [i18n.Message.of("keys.rotation_unsent", **unsent)] if unsent else []
    if compromised_since is None:
        return out
    since = compromised_since.astimezone(dt.UTC).replace(microsecond=0)
    first = chain[0]
    params = {"revoked": key_id, "since": format_datetime(since), "next_key_id": first.new_key_id, **current}
    if since < first.at.astimezone(dt.UTC).replace(microsecond=0):
        out.append(i18n.Message.of("keys.compromise_before_rotation", rotated_at=format_datetime(first.at), **params))
    elif unsent is None:
        from labregistry.services.exchange import LAST_EXPORT_KEY

        with reg.uow() as uow:
            last = uow.settings.get(LAST_EXPORT_KEY) or ""
        exported = _aware(dt.datetime.fromisoformat(last)) if last else None
        if exported is not None and since < exported.replace(microsecond=0):
            out.append(i18n.Message.of("keys.compromise_before_export", exported_at=format_datetime(exported),
                                       **params))
    return out


def _rotation_unsent(reg: Registry, chain: Sequence[RotationStatement]) -> dict[str, str] | None:
    """The newest rotation leading from a revoked key to the current one, when no bundle was
    exported since it was made (``{"key_id", "fingerprint"}`` of the key it rotated to).

    Peers then receive it with the revocation, after the time from which the old key is not
    trusted, and trust the new key only after a phone check (SECURITY.md K5). A statement
    file sent by hand cannot be seen from here: it is still reported. Sent means a bundle
    signed by the key it rotated to was written (a statement keeps its time to the second:
    an export read in the same second, before the rotation, looked later); a registry whose
    exports predate that record falls back to the times."""
    if not chain:
        return None
    from labregistry.services.exchange import LAST_EXPORT_KEY, LAST_EXPORT_KEY_ID

    newest = max(chain, key=lambda r: r.at)
    unsent = {"key_id": newest.new_key_id, "fingerprint": fingerprint(newest.new_public_key)}
    with reg.uow() as uow:
        last = uow.settings.get(LAST_EXPORT_KEY) or ""
        signed_by = uow.settings.get(LAST_EXPORT_KEY_ID)
    if signed_by is not None:
        return None if signed_by == newest.new_key_id else unsent
    exported = dt.datetime.fromisoformat(last) if last else None
    if exported is not None and exported.tzinfo is None:
        exported = exported.replace(tzinfo=dt.timezone.utc)
    return None if exported is not None and exported >= newest.at else unsent


def _check_writable(reg: Registry, out: str | Path | None) -> None:
    """Refuse a statement file that cannot be written, or that would overwrite registry data,
    before the key changes (nothing half done)."""
    if out is None:
        return
    target = check_target(reg.home, out)
    if target.is_dir():
        raise DomainError("file.is_folder", path=str(target))
    if not target.parent.is_dir():
        raise DomainError("file.not_found", path=str(target.parent))


def _write_statements(out: str | Path | None, made: Sequence[Statement]) -> str | None:
    if out is None:
        return None
    return str(atomic_write(out, statements.statement_file_bytes(made), mode=0o644))


def _time_text(value: dt.datetime | None) -> str | None:
    return format_datetime(value) if value is not None else None


# ---------------------------------------------------------------- what the store holds


def trusted_keys(uow: UnitOfWork) -> list[TrustedKey]:
    """``uow.trust.all()``, in its order, as the plain values the trust rules take."""
    # plain rows: a region trusts hundreds of keys, and every bundle imported asks for all of them
    t = bulk.table_of(TrustedKeyRow)
    rows = uow.session.execute(
        select(t.c.key_id, t.c.uscc, t.c.public_key, t.c.revoked, t.c.institute_name, t.c.endorsed_by,
               t.c.added_at, t.c.revoked_at, t.c.revoked_reason)
        .order_by(t.c.uscc, t.c.added_at)
    )
    keys = []
    for row in map(tuple, rows):
        key = _TRUSTED.get(row)
        if key is None:
            key_id, uscc, public_key, revoked, institute_name, endorsed_by, added_at, revoked_at, why = row
            key = TrustedKey(key_id=key_id, uscc=uscc, public_key=b64decode_strict(public_key), revoked=bool(revoked),
                             institute_name=institute_name or "", endorsed_by=endorsed_by,
                             added_at=_aware(added_at), revoked_at=_aware(revoked_at), revoked_reason=why)
            if len(_TRUSTED) > 4096:
                _TRUSTED.clear()
            _TRUSTED[row] = key
        keys.append(key)
    return keys


# TrustedKey is immutable: the same row values give the same key (kept, as decoding and
# checking the base64 of hundreds of keys for every bundle imported adds up)
_TRUSTED: dict[tuple[Any, ...], TrustedKey] = {}


@dataclass
class _Stored:
    """The statements kept for one institute, parsed, with when each was first received."""

    rotations: list[RotationStatement] = field(default_factory=list)
    revocations: list[RevocationStatement] = field(default_factory=list)
    endorsements: list[Statement] = field(default_factory=list)  # coordinators' endorsements and withdrawals
    seen: dict[str, dt.datetime] = field(default_factory=dict)


def _stored_statements(uow: UnitOfWork, uscc: str) -> _Stored:
    out = _Stored()
    for row in uow.trust.statements(uscc):
        stmt = statements.read_statement(row.body.encode("utf-8"))
        digest = statements.statement_digest(stmt)
        received = _aware(row.received_at)
        if received is not None:
            out.seen[digest] = min(out.seen.get(digest, received), received)
        if isinstance(stmt, RotationStatement):
            out.rotations.append(stmt)
        elif isinstance(stmt, RevocationStatement):
            out.revocations.append(stmt)
        else:
            out.endorsements.append(stmt)
    return out


def trust_inputs(uow: UnitOfWork, uscc: str, *, with_digests: bool = True,
                 carried: Sequence[Statement] = ()) -> bundle.TrustInputs:
    """What the receiver knows about issuer ``uscc``: the trust store and its statements
    (and the sheets of its bundles received, for telling mixed sheets from tampered ones),
    the coordinators' endorsements of its keys, and the coordinator keys that signed those
    or the endorsements ``carried`` by a bundle being checked."""
    stored = _stored_statements(uow, uscc)
    known: dict[str, dict[str, int]] = {}
    if with_digests:
        for rb in uow.received.for_issuer(uscc):
            for sheet in json.loads(rb.manifest).get("sheets", []):
                known.setdefault(sheet["sha256"], {})[sheet["name"]] = rb.seq
    wanted = endorsement.signers([*stored.endorsements, *carried])
    return bundle.TrustInputs(trusted=trusted_keys(uow), rotations=stored.rotations,
                              revocations=stored.revocations, known_digests=known, seen=stored.seen,
                              endorsements=stored.endorsements,
                              coordinators=coordinator_keys(uow, wanted) if wanted else {})


COORDINATORS_SETTING = "trust.coordinators"
"""The credit codes of the institutes this registry trusts as coordinators (a JSON list):
their keys, trusted directly or through rotations, may endorse other institutes' keys."""


def coordinator_usccs(uow: UnitOfWork) -> list[str]:
    return list(json.loads(uow.settings.get(COORDINATORS_SETTING) or "[]"))


def _designate_coordinator(uow: UnitOfWork, uscc: str, name: str) -> None:
    usccs = coordinator_usccs(uow)
    if uscc in usccs:
        return
    uow.settings.set(COORDINATORS_SETTING, json.dumps(sorted([*usccs, uscc])))
    uow.audit("update", "setting", COORDINATORS_SETTING, label=name, after={"coordinator": uscc})


def coordinator_keys(uow: UnitOfWork, wanted: set[tuple[str, str]]) -> dict[str, endorsement.CoordinatorKey]:
    """Of the (coordinator uscc, key id) ``wanted``, the keys trusted now as keys of an
    institute designated coordinator here (directly or by valid rotations; not revoked)."""
    designated = set(coordinator_usccs(uow))
    out: dict[str, endorsement.CoordinatorKey] = {}
    for cuscc, kid in sorted(wanted):
        if cuscc not in designated:
            continue
        stored = _stored_statements(uow, cuscc)  # its own key statements; endorsements of it do not count
        trusted = trusted_keys(uow)
        decision = decide_trust(kid, cuscc, trusted, stored.rotations, stored.revocations, seen=stored.seen)
        if decision.trusted and decision.public_key is not None:
            name = next((k.institute_name for k in trusted if k.uscc == cuscc and k.institute_name), cuscc)
            out[kid] = endorsement.CoordinatorKey(kid, cuscc, name, decision.public_key)
    return out


def store_statements(uow: UnitOfWork, uscc: str, stmts: Sequence[Statement]) -> list[Statement]:
    """Keep ``stmts`` verbatim (once each); the ones that were new."""
    added = []
    for stmt in stmts:
        body = statements.statement_to_bytes(stmt).decode("utf-8")
        kind = stmt.TYPE
        subject = stmt.new_key_id if isinstance(stmt, RotationStatement) else stmt.key_id
        if uow.trust.add_statement(KeyStatement(kind=kind, uscc=uscc, key_id=subject, body=body,
                                                body_sha256=hashlib.sha256(body.encode()).hexdigest())):
            added.append(stmt)
    return added


def sync_withdrawals(uow: UnitOfWork, uscc: str, now: dt.datetime | None = None) -> dict[str, Withdrawal]:
    """Flag as revoked every stored key of ``uscc`` the trust rules no longer trust (and not
    flagged yet), from when and why; the keys flagged now, with why. Nothing is un-revoked here
    (only a person can trust again a key that lost trust through its endorser:
    :func:`trust_add`)."""
    rows = uow.trust.for_uscc(uscc)
    if not any(r.revoked for r in rows) and not any(st.kind == "revoke" for st in uow.trust.statements(uscc)):
        return {}  # nothing revoked, nothing to withdraw (every bundle import asks)
    inputs = trust_inputs(uow, uscc, with_digests=False)
    moment = now or _now()
    gone = withdrawals(uscc, inputs.trusted, inputs.rotations, inputs.revocations, seen=inputs.seen, now=moment)
    flagged: dict[str, Withdrawal] = {}
    for row in rows:
        w = gone.get(row.key_id)
        if w is None or row.revoked:
            continue
        row.revoked = True
        # the time from which it is not trusted; none for a revocation of an earlier version
        # (no compromise time): it withdraws nothing accepted, and marks records as kept
        row.revoked_at = w.since if w.since is not None or w.statement is not None else moment
        row.revoked_reason = _withdrawal_reason(w)[:REVOKED_REASON_LIMIT]
        uow.trust.add(row)
        uow.audit("update", "trusted_key", row.key_id, label=row.institute_name,
                  before={"revoked": False},
                  after={"revoked": True, "since": _time_text(row.revoked_at), "reason": row.revoked_reason})
        flagged[row.key_id] = w
    if flagged:
        uow.session.flush()
    return flagged


def compromised_receipts(uow: UnitOfWork, uscc: str) -> list[Any]:
    """The bundles received from ``uscc`` after the time from which their signing key is not
    trusted (revoked for a compromise, or endorsed by a compromised key): whoever held the key
    may have made them, so their sequence numbers raise no rollback floor and they are not
    passed on. Their records stay, marked (provenance ``key_compromised``)."""
    since = {row.key_id: _aware(row.revoked_at) for row in uow.trust.for_uscc(uscc) if row.revoked}
    if not since:
        return []
    out = []
    for rb in uow.received.for_issuer(uscc):
        start = since.get(rb.key_id)
        got = _aware(rb.received_at)
        if start is not None and got is not None and got.replace(microsecond=0) > start:
            out.append(rb)
    return out


def _withdrawal_reason(w: Withdrawal) -> str:
    if w.kind == "revoked":
        return w.reason or ""
    params = {"by": w.compromised_key or "", "since": w.since_text()}
    return f"{i18n.tr('trust.withdrawn_reason', 'zh', **params)} / {i18n.tr('trust.withdrawn_reason', 'en', **params)}"


def trusted_key_map(reg: Registry) -> dict[str, TrustedKey]:
    """Every trusted peer key by key id; revoked when flagged or no longer trusted by the rules."""
    with reg.uow() as uow:
        rows = trusted_keys(uow)
        out = {k.key_id: k for k in rows}
        for uscc in {k.uscc for k in rows}:
            inputs = trust_inputs(uow, uscc, with_digests=False)
            for key_id in withdrawals(uscc, inputs.trusted, inputs.rotations, inputs.revocations, seen=inputs.seen):
                if key_id in out:
                    out[key_id] = replace(out[key_id], revoked=True)
        return out


# ---------------------------------------------------------------- trust add


def card_from_file(path: str | Path) -> cards.KeyCard:
    """A key card from a card file, or the card inside a bundle (after its pre-flight)."""
    path = existing_file(path)
    head = read_head(path, 4)
    if head.startswith(b"PK"):
        return bundle.read_bundle(str(path)).card
    return cards.read_card_file(path)


def existing_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise DomainError("file.not_found", path=str(path))
    if not path.is_file():  # a folder (or an empty field in the app, which is ".") opened as a file raised
        raise DomainError("file.is_folder", path=str(path))
    return path


@dataclass(frozen=True)
class TrustPlan:
    """What trusting a card would do: ``replaces`` lists the trusted keys of the same
    institute that would stop being trusted (empty when a rotation links them, or there
    are none); ``already`` when this very key is trusted already."""

    card: cards.KeyCard
    already: bool = False
    replaces: tuple[dict[str, Any], ...] = ()

    def warnings(self) -> list[i18n.Message]:
        """The ``trust.replace_warning`` messages, one per key replaced (the edges render them)."""
        return [
            i18n.Message.of("trust.replace_warning", uscc=self.card.uscc, old=r["key_id"],
                            old_fingerprint=r["fingerprint"], key_id=self.card.key_id)
            for r in self.replaces
        ]


def plan_trust_add(reg: Registry, source: str | Path, given_fingerprint: str) -> TrustPlan:
    """Check a card and its fingerprint, and say what trusting it would replace (no change).

    A key that lost trust only because a compromised key endorsed it (``distrusted``) may be
    trusted again this way, after its fingerprint was checked; a revoked key may not."""
    card = card_from_file(source)
    cards.check_card_fingerprint(card, given_fingerprint)
    with reg.uow() as uow:
        return _plan(uow, card)


def _plan(uow: UnitOfWork, card: cards.KeyCard) -> TrustPlan:
    own = uow.institutes.own()
    if own is not None and own.uscc == card.uscc:
        raise DomainError("trust.own_key")
    row = uow.trust.get(card.key_id)
    if row is not None and row.uscc != card.uscc:
        raise DomainError("trust.key_other_uscc", key_id=card.key_id, trusted_uscc=row.uscc, uscc=card.uscc)
    inputs = trust_inputs(uow, card.uscc, with_digests=False)
    rotations = [*inputs.rotations, *card.endorsements]
    gone = withdrawals(card.uscc, inputs.trusted, rotations, inputs.revocations, seen=inputs.seen)
    if row is not None:
        w = gone.get(card.key_id)
        if w is not None and w.kind == "revoked":
            raise DomainError("trust.key_revoked", key_id=card.key_id, since=w.since_text())
        return TrustPlan(card, already=True)
    others = [k for k in inputs.trusted if k.uscc == card.uscc and k.key_id not in gone]
    if not others:
        return TrustPlan(card)
    linked = decide_trust(card.key_id, card.uscc, inputs.trusted, rotations, inputs.revocations, seen=inputs.seen)
    if linked.trusted and linked.public_key == card.public_key:
        return TrustPlan(card)
    return TrustPlan(card, replaces=tuple(
        {"key_id": k.key_id, "fingerprint": k.fingerprint, "institute_name": k.institute_name} for k in others
    ))


def trust_add(reg: Registry, source: str | Path, given_fingerprint: str, *, replace: bool = False,
              coordinator: bool = False, operator: str | None = None) -> TrustedKeyRow:
    """Trust a peer's key after the user compared its fingerprint (never silently).

    Refused when the key is already trusted for another institute, and when the institute
    already has another trusted key that no rotation statement links to this one, unless
    ``replace`` (the caller showed :meth:`TrustPlan.warnings` first): the keys replaced are
    then no longer trusted.

    ``coordinator``: the institute is also trusted to endorse other institutes' keys (its
    keys, this one and those it rotates to, sign endorsements receivers accept)."""
    card = card_from_file(source)
    cards.check_card_fingerprint(card, given_fingerprint)
    with reg.uow(operator, "trust", write=True) as uow:
        plan = _plan(uow, card)
        if coordinator:
            _designate_coordinator(uow, card.uscc, card.institute_name)
        if plan.replaces and not replace:
            first = plan.replaces[0]
            raise DomainError("trust.other_key_trusted", uscc=card.uscc, old=first["key_id"],
                              old_fingerprint=first["fingerprint"], key_id=card.key_id)
        for old in plan.replaces:
            _revoke_row(uow, old["key_id"], _now(),
                        i18n.tr("trust.replaced_reason", "zh", key_id=card.key_id))
        row = uow.trust.get(card.key_id)
        if row is None:
            row = TrustedKeyRow(key_id=card.key_id, uscc=card.uscc, institute_name=card.institute_name,
                                public_key=b64encode(card.public_key), fingerprint=card.fingerprint,
                                added_by=uow.operator)
            uow.trust.add(row)
            uow.audit("create", "trusted_key", card.key_id, label=card.institute_name,
                      after={"uscc": card.uscc, "fingerprint": card.fingerprint})
        elif row.revoked:  # distrusted through its endorser (plan refused a revoked key): checked now
            uow.audit("update", "trusted_key", card.key_id, label=row.institute_name,
                      before={"revoked": True, "endorsed_by": row.endorsed_by},
                      after={"revoked": False, "endorsed_by": None, "fingerprint": card.fingerprint})
            row.revoked, row.revoked_at, row.revoked_reason, row.endorsed_by = False, None, None, None
            uow.trust.add(row)
        store_statements(uow, card.uscc, list(card.endorsements))
        sync_withdrawals(uow, card.uscc)
        uow.commit()
        return row


def _revoke_row(uow: UnitOfWork, key_id: str, since: dt.datetime, reason: str | None) -> TrustedKeyRow:
    row = uow.trust.get(key_id)
    if row is None:
        raise DomainError("trust.not_found", key_id=key_id)
    if row.revoked:
        raise DomainError("trust.already_revoked", key_id=key_id)
    row.revoked = True
    row.revoked_at = since
    row.revoked_reason = reason[:REVOKED_REASON_LIMIT] if reason else None
    uow.trust.add(row)
    uow.audit("update", "trusted_key", key_id, label=row.institute_name,
              before={"revoked": False}, after={"revoked": True, "since": format_datetime(since), "reason": reason})
    return row


# ---------------------------------------------------------------- list and revoke


def trust_list(reg: Registry) -> list[dict[str, Any]]:
    """Every key of the trust store with its real state (see :func:`key_entry`); a key known
    only through an endorsement says why it is not endorsed as a ``reason`` message that the
    caller renders (:func:`labregistry.i18n.render_all`)."""
    with reg.uow() as uow:
        rows = uow.trust.all()
        states: dict[str, KeyState] = {}
        for uscc in dict.fromkeys(r.uscc for r in rows):
            inputs = trust_inputs(uow, uscc, with_digests=False)
            states.update(key_states(uscc, inputs.trusted, inputs.rotations, inputs.revocations, seen=inputs.seen))
        coordinators = set(coordinator_usccs(uow))
        entries = [{**key_entry(r, states.get(r.key_id)), "coordinator": r.uscc in coordinators} for r in rows]
        return entries + endorsed_entries(uow, {r.key_id for r in rows})


def endorsed_entries(uow: UnitOfWork, stored: set[str], *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The keys known here only through coordinators' endorsements (not in the trust store:
    direct trust wins), each with its state: ``endorsed`` (by whom, until when, in
    ``trust``) or ``not_endorsed`` (the endorsement expired, was withdrawn, ...: ``reason_code``)."""
    rows = [*uow.trust.statements_of_kind(EndorsementStatement.TYPE),
            *uow.trust.statements_of_kind(EndorsementRevocation.TYPE)]
    subjects = dict.fromkeys((row.uscc, row.key_id) for row in rows if row.key_id not in stored)
    out = []
    for uscc, key_id in subjects:
        inputs = trust_inputs(uow, uscc, with_digests=False)
        if any(k.uscc == uscc and not k.revoked for k in inputs.trusted):
            continue  # the institute is trusted directly: endorsements of it count for nothing here
        named = [s for s in inputs.endorsements if isinstance(s, EndorsementStatement) and s.key_id == key_id]
        newest = max(named, key=lambda s: s.at, default=None)
        outcome: endorsement.Endorsed | endorsement.Refusal | None = endorsement.decide_endorsement(
            uscc, key_id, newest.public_key, inputs.endorsements, inputs.coordinators, now or _now()
        ) if newest is not None else None
        if outcome is None:  # only a withdrawal is known here
            gone = next(s for s in inputs.endorsements if isinstance(s, EndorsementRevocation) and s.key_id == key_id)
            outcome = endorsement.Refusal(endorsement.REVOKED, {"coordinator": gone.coordinator_uscc,
                                                                 "at": format_datetime(gone.at)})
        institute = uow.institutes.by_uscc(uscc)
        entry: dict[str, Any] = {
            "key_id": key_id, "uscc": uscc, "institute_name": institute.name if institute else "",
            "fingerprint": newest.fingerprint if newest else None, "added_at": None, "added_by": None, "endorsed_by": None,
            "state": "endorsed" if isinstance(outcome, endorsement.Endorsed) else "not_endorsed",
            "revoked": not isinstance(outcome, endorsement.Endorsed), "coordinator": False,
            "trust": outcome.describe() if isinstance(outcome, endorsement.Endorsed) else None,
            "reason_code": outcome.code if isinstance(outcome, endorsement.Refusal) else None,
            "reason": i18n.Message(outcome.code, outcome.params) if isinstance(outcome, endorsement.Refusal)
            else None,
        }
        out.append(entry)
    return out


def key_entry(row: TrustedKeyRow, state: KeyState | None) -> dict[str, Any]:
    """One ``trust list --json`` object: the row, ``state`` (``trusted``, ``rotated``,
    ``revoked``, ``distrusted``), ``rotated_to``, the compromise time, and ``statement``
    (the revocation or rotation that did it, as signed, with ``sha256``), or
    ``revoked_by: "local"`` for ``trust revoke`` here."""
    state = state or KeyState(row.key_id, "revoked" if row.revoked else "trusted")
    w = state.withdrawal
    stmt: Statement | None = state.rotation if w is None else (w.statement or w.rotation)
    revoked_at = _aware(row.revoked_at) or (w.since if w else None)
    return {
        "key_id": row.key_id, "uscc": row.uscc, "institute_name": row.institute_name,
        "fingerprint": row.fingerprint, "added_at": row.added_at.isoformat(), "added_by": row.added_by,
        "endorsed_by": row.endorsed_by,
        "state": state.state,
        "revoked": state.state in ("revoked", "distrusted") or bool(row.revoked),
        "revoked_at": revoked_at.isoformat() if revoked_at else None,
        "revoked_reason": (w.reason if w and w.kind == "revoked" and w.reason else row.revoked_reason),
        "compromised_since": _time_text(w.since) if w else None,
        "revoked_by": None if w is None else ("statement" if w.statement is not None else "local"),
        "compromised_key": w.compromised_key if w else None,
        "rotated_to": list(state.rotated_to) or None,
        "trust": {"how": "rotation" if row.endorsed_by else "direct"} if state.state in ("trusted", "rotated")
        else None,
        "statement": None if stmt is None else {**stmt.to_dict(), "sha256": statements.statement_digest(stmt)},
    }


def trust_revoke(reg: Registry, key_id: str, reason: str | None = None, *,
                 compromised_since: dt.datetime | None = None, operator: str | None = None) -> list[str]:
    """Stop trusting ``key_id`` from ``compromised_since`` (default now); the keys that lose
    trust with it (accepted through it after that time), by id."""
    if reason:
        validation.check_text(reason, "reason")  # shown in trust list and the audit trail
    with reg.uow(operator, "trust", write=True) as uow:
        row = _revoke_row(uow, key_id, compromised_since or _now(), reason)
        also = [k for k in sync_withdrawals(uow, row.uscc) if k != key_id]
        uow.commit()
        return also


# ---------------------------------------------------------------- statements on their own


@dataclass
class StatementImport:
    """What ``trust import`` did: each statement with ``status`` (``imported`` or
    ``known``), the keys now trusted through a rotation, and those that lost trust with a
    revoked key (``withdrawn``: endorsed by it after its compromise; a key the file revokes
    is said by its statement, not here); ``revoked``: keys revoked by a statement kept from
    before (a bundle's) that counts only now the file's rotations link it to its signer."""

    uscc: str
    statements: list[dict[str, Any]]
    trusted: list[str]
    withdrawn: list[str]
    untrusted: list[str]  # new keys named by the file's rotations that are not trusted here (nor revoked)
    revoked: list[str] = field(default_factory=list)  # revoked by a statement kept from before, counting now

    def to_json(self) -> dict[str, Any]:
        return {"uscc": self.uscc, "statements": self.statements, "trusted": self.trusted,
                "withdrawn": self.withdrawn, "untrusted": self.untrusted, "revoked": self.revoked}


def trust_import(reg: Registry, source: str | Path, *, operator: str | None = None,
                 now: dt.datetime | None = None) -> StatementImport:
    """Take a statement file (rotation, revocation) on its own: every statement must be
    signed by a key trusted here for its institute, or one a trusted key rotated to (a
    revocation also by the revoked key itself); all or nothing."""
    path = existing_file(source)
    stmts = statements.read_statement_file(read_capped(path, statements.STATEMENT_FILE_LIMIT))
    endorsing = [s for s in stmts if isinstance(s, (EndorsementStatement, EndorsementRevocation))]
    own_keys: list[statements.KeyStatement] = [s for s in stmts if isinstance(s, (RotationStatement,
                                                                                    RevocationStatement))]
    usccs = sorted({s.uscc for s in own_keys} | {s.coordinator_uscc for s in endorsing})
    if len(usccs) > 1:
        raise DomainError("statement.file_mixed", usccs=", ".join(usccs))
    uscc = usccs[0]
    moment = now or _now()
    with reg.uow(operator, "trust", write=True) as uow:
        own = uow.institutes.own()
        if own is not None and own.uscc == uscc:
            raise DomainError("statement.own")
        inputs = trust_inputs(uow, uscc, with_digests=False)
        _check_file(uscc, own_keys, inputs, moment)
        new = {statements.statement_digest(s) for s in store_statements(uow, uscc, own_keys)}
        trusted = _accept_rotations(uow, uscc, own_keys, moment)
        # the keys the revoked ones endorsed after their compromise (a revoked key itself is
        # said by its statement's line, not as "endorsed by it")
        flagged = sync_withdrawals(uow, uscc, moment)
        withdrawn = [k for k, w in flagged.items() if w.kind != "revoked"]
        # a key revoked by a statement kept from before, which counts only now that the file's
        # rotations link its signer: no line of the file says it (review, 7 Dec 2026)
        after = trust_inputs(uow, uscc, with_digests=False)
        gone = withdrawals(uscc, after.trusted, after.rotations, after.revocations, seen=after.seen, now=moment)
        in_file = {statements.statement_digest(s) for s in own_keys}
        named = [s.new_key_id for s in own_keys if isinstance(s, RotationStatement)]
        linked = [k for s in own_keys if isinstance(s, RotationStatement) for k in (s.old_key_id, s.new_key_id)]
        revoked = [
            k for k in dict.fromkeys([*flagged, *linked])
            if (w := gone.get(k)) is not None and w.kind == "revoked"
            and w.statement is not None and statements.statement_digest(w.statement) not in in_file
        ]
        untrusted = [  # a revoked key is not offered for a phone check: trust add refuses it
            k for k in named if ((row := uow.trust.get(k)) is None or row.revoked)
            and not ((w := gone.get(k)) is not None and w.kind == "revoked")
        ]
        new |= _take_endorsements(uow, endorsing, moment)
        uow.commit()
    return StatementImport(uscc, [_describe(s, statements.statement_digest(s) in new) for s in stmts],
                           trusted, withdrawn, list(dict.fromkeys(untrusted)), revoked)


def _take_endorsements(uow: UnitOfWork, stmts: Sequence[EndorsementStatement | EndorsementRevocation],
                       now: dt.datetime) -> set[str]:
    """Check and keep a coordinator's endorsements and withdrawals (after the rotations of
    the same file, which may lead to its signing key); the digests of those new here.
    Refused (nothing kept): a signer that is not a coordinator key trusted here, a bad
    signature, an endorsement already expired."""
    coordinators = coordinator_keys(uow, endorsement.signers(stmts))
    for n, stmt in enumerate(stmts, start=1):
        signer = coordinators.get(stmt.signer_key_id)
        problem: Detail | None = None
        names = {"signer": stmt.signer_key_id, "coordinator": stmt.coordinator_uscc}
        if signer is None or signer.uscc != stmt.coordinator_uscc:
            problem = Detail(endorsement.NOT_COORDINATOR, **names)
        elif not statements.verify_signed_by(stmt, signer.public_key):
            problem = Detail(endorsement.BAD_SIGNATURE, **names)
        elif isinstance(stmt, EndorsementStatement) and stmt.until < now:
            problem = Detail(endorsement.EXPIRED, until=stmt.until.date().isoformat(), **names)
        if problem is not None:
            raise FormatError("statement.endorsement", n=n, coordinator=stmt.coordinator_uscc, detail=problem)
    new: set[str] = set()
    for stmt in stmts:
        new |= {statements.statement_digest(s) for s in store_statements(uow, stmt.uscc, [stmt])}
    return new


def _check_file(uscc: str, stmts: Sequence[statements.KeyStatement], inputs: bundle.TrustInputs,
                now: dt.datetime) -> None:
    """Refuse the file unless each statement is signed by a key of ``uscc`` known here: a
    stored key (a revoked one may still sign its own revocation) or one reached from it by
    rotations (stored or in the file). A rotation must come from a key still trusted before
    this file: a revoked key endorses nothing. A revocation must come from the revoked key
    or a successor of it, when the revoked key is known here at all. Statements kept here
    already pass: importing a file twice says what is known."""
    store = {k.key_id: k for k in inputs.trusted}
    rotations = [*inputs.rotations, *(s for s in stmts if isinstance(s, RotationStatement))]
    gone_before = withdrawals(uscc, inputs.trusted, inputs.rotations, inputs.revocations, seen=inputs.seen, now=now)
    for n, stmt in enumerate(stmts, start=1):
        if statements.statement_digest(stmt) in inputs.seen:
            continue  # kept here already: importing it again changes nothing
        signer = stmt.signer_key_id
        owner = store.get(signer)
        if owner is not None and owner.uscc != uscc:
            raise DomainError("statement.wrong_issuer", n=n, uscc=uscc, signer=signer, owner=owner.uscc)
        public = known_public_key(signer, uscc, inputs.trusted, rotations)
        if public is None:
            raise DomainError("statement.unknown_signer", n=n, signer=signer, uscc=uscc)
        if isinstance(stmt, RotationStatement):
            if not statements.verify_rotation(stmt, public):
                raise DomainError("statement.bad_signature", n=n, signer=signer)
            if signer in gone_before:
                raise DomainError("statement.revoked_signer", n=n, signer=signer)
            continue
        if not statements.verify_revocation(stmt, public):
            raise DomainError("statement.bad_signature", n=n, signer=signer)
        subject_known = known_public_key(stmt.key_id, uscc, inputs.trusted, rotations) is not None
        if subject_known and stmt.key_id not in valid_revocations(uscc, inputs.trusted, rotations, [stmt]):
            raise DomainError("statement.not_successor", n=n, key_id=stmt.key_id, signer=signer)


def _accept_rotations(uow: UnitOfWork, uscc: str, stmts: Sequence[Statement], now: dt.datetime) -> list[str]:
    """Store the keys the file's rotations make trusted (as an imported bundle would)."""
    inputs = trust_inputs(uow, uscc, with_digests=False)
    added = []
    for stmt in stmts:
        if not isinstance(stmt, RotationStatement) or uow.trust.get(stmt.new_key_id) is not None:
            continue
        decision = decide_trust(stmt.new_key_id, uscc, inputs.trusted, inputs.rotations, inputs.revocations,
                                seen=inputs.seen, now=now)
        if not decision.trusted or decision.public_key is None:
            continue
        parent = uow.trust.get(decision.path[-2]) if len(decision.path) > 1 else None
        uow.trust.add(TrustedKeyRow(key_id=stmt.new_key_id, uscc=uscc,
                                    institute_name=parent.institute_name if parent else None,
                                    public_key=b64encode(decision.public_key),
                                    fingerprint=fingerprint(decision.public_key), added_by=uow.operator,
                                    endorsed_by=decision.path[-2] if len(decision.path) > 1 else None))
        uow.audit("create", "trusted_key", stmt.new_key_id, label=parent.institute_name if parent else None,
                  after={"uscc": uscc, "endorsed_by": stmt.old_key_id})
        added.append(stmt.new_key_id)
        inputs = trust_inputs(uow, uscc, with_digests=False)
    return added


def _describe(stmt: Statement, new: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": stmt.TYPE, "status": "imported" if new else "known",
                           "signer_key_id": stmt.signer_key_id, "at": format_datetime(stmt.at)}
    if isinstance(stmt, RotationStatement):
        out.update(key_id=stmt.old_key_id, new_key_id=stmt.new_key_id)
    elif isinstance(stmt, EndorsementStatement):
        out.update(key_id=stmt.key_id, endorsed_uscc=stmt.uscc, coordinator_uscc=stmt.coordinator_uscc,
                   fingerprint=stmt.fingerprint, until=format_datetime(stmt.until))
    elif isinstance(stmt, EndorsementRevocation):
        out.update(key_id=stmt.key_id, endorsed_uscc=stmt.uscc, coordinator_uscc=stmt.coordinator_uscc)
    else:
        out.update(key_id=stmt.key_id, reason=stmt.reason, compromised_since=_time_text(stmt.compromised_since))
    return out
