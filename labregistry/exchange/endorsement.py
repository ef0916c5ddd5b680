"""Is a key endorsed by a coordinator the receiver trusts? Pure logic (issue 19).

A regional coordinator signs endorsements of institutes' keys (TUF-style delegation:
:class:`~labregistry.crypto.statements.EndorsementStatement`); a receiver that trusts the
coordinator's key AS a coordinator (``trust add --coordinator``, one phone call) imports the
bundles of endorsed institutes with no further step. Rules, each with its refusal:

1. The signer must be a key of an institute this receiver designated as coordinator,
   trusted now (directly or by valid rotations: a coordinator's key rotation is honoured;
   a revoked coordinator key endorses nothing): ``endorsement.not_coordinator``. Not
   transitive: an endorsed institute's key is not a coordinator key, whatever it signs.
2. The signature must verify: ``endorsement.bad_signature``.
3. It endorses this very key (public key bytes, not only the id) for this very institute:
   ``endorsement.other_institute`` (a key endorsed for A signing B's bundle).
4. No withdrawal (:class:`~labregistry.crypto.statements.EndorsementRevocation`) of this key
   by the same coordinator, signed by one of its coordinator keys, dated at or after the
   endorsement: ``endorsement.revoked``. An older endorsement replayed after the withdrawal
   is therefore void; only a NEWER endorsement (the coordinator endorsing again) counts.
5. ``until`` not passed: ``endorsement.expired``.

Direct trust wins: the caller asks here only when the institute has no key trusted directly
or through rotations (:func:`labregistry.exchange.bundle.check_bundle`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from labregistry.crypto.statements import (
    EndorsementRevocation,
    EndorsementStatement,
    Statement,
    verify_signed_by,
)

NOT_COORDINATOR = "endorsement.not_coordinator"
BAD_SIGNATURE = "endorsement.bad_signature"
OTHER_INSTITUTE = "endorsement.other_institute"
REVOKED = "endorsement.revoked"
EXPIRED = "endorsement.expired"


@dataclass(frozen=True)
class CoordinatorKey:
    """A key the receiver trusts, now, as a key of a designated coordinator institute."""

    key_id: str
    uscc: str
    name: str
    public_key: bytes


@dataclass(frozen=True)
class Endorsed:
    """The endorsement that makes a key trusted, and the coordinator key that signed it."""

    statement: EndorsementStatement
    coordinator: CoordinatorKey

    def describe(self) -> dict[str, str]:
        """How the key is trusted, for ``verify --json``, ``trust list`` and the app."""
        return {"how": "endorsed", "coordinator_uscc": self.coordinator.uscc,
                "coordinator_name": self.coordinator.name, "coordinator_key_id": self.coordinator.key_id,
                "until": self.statement.until.strftime("%Y-%m-%d"), "at": self.statement.at.strftime("%Y-%m-%d")}


@dataclass(frozen=True)
class Refusal:
    """Why the newest endorsement of a key does not count: a code of this module and its params."""

    code: str
    params: dict[str, str]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def decide_endorsement(
    uscc: str,
    key_id: str,
    public_key: bytes,
    statements: Iterable[Statement],
    coordinators: Mapping[str, CoordinatorKey],
    now: datetime,
) -> Endorsed | Refusal | None:
    """The endorsement that makes ``key_id`` a key of ``uscc`` now; else why the newest
    endorsement naming the key does not (:class:`Refusal`); None when none names it."""
    items = list(statements)
    endorsements = sorted((s for s in items if isinstance(s, EndorsementStatement) and s.key_id == key_id),
                          key=lambda s: s.at, reverse=True)
    withdrawals = [s for s in items if isinstance(s, EndorsementRevocation) and s.key_id == key_id]
    first: Refusal | None = None
    for stmt in endorsements:
        outcome = _judge(stmt, uscc, public_key, withdrawals, coordinators, _aware(now))
        if isinstance(outcome, Endorsed):
            return outcome
        first = first or outcome
    return first


def _judge(stmt: EndorsementStatement, uscc: str, public_key: bytes, withdrawals: list[EndorsementRevocation],
           coordinators: Mapping[str, CoordinatorKey], now: datetime) -> Endorsed | Refusal:
    signer = coordinators.get(stmt.signer_key_id)
    names = {"coordinator": stmt.coordinator_uscc, "signer": stmt.signer_key_id}
    if signer is None or signer.uscc != stmt.coordinator_uscc:
        return Refusal(NOT_COORDINATOR, names)
    if not verify_signed_by(stmt, signer.public_key):
        return Refusal(BAD_SIGNATURE, names)
    if stmt.uscc != uscc or stmt.public_key != public_key:
        return Refusal(OTHER_INSTITUTE, {**names, "endorsed_uscc": stmt.uscc, "uscc": uscc})
    for w in withdrawals:
        by = coordinators.get(w.signer_key_id)
        if (by is not None and by.uscc == stmt.coordinator_uscc == w.coordinator_uscc and w.uscc == stmt.uscc
                and _aware(w.at) >= _aware(stmt.at) and verify_signed_by(w, by.public_key)):
            return Refusal(REVOKED, {**names, "at": w.at.strftime("%Y-%m-%d %H:%M:%S UTC")})
    if _aware(stmt.until) < now:
        return Refusal(EXPIRED, {**names, "until": stmt.until.strftime("%Y-%m-%d")})
    return Endorsed(stmt, signer)


def signers(statements: Iterable[Statement]) -> set[tuple[str, str]]:
    """(coordinator uscc, key id) of every endorsement and withdrawal: the keys whose
    coordinator trust the caller looks up."""
    return {(s.coordinator_uscc, s.signer_key_id) for s in statements
            if isinstance(s, (EndorsementStatement, EndorsementRevocation))}
