"""Is a key trusted for an issuer? Pure logic over trusted keys and signed statements.

Inputs are plain values a repository can persist: :class:`TrustedKey` rows (keys whose
fingerprint a person checked, or that were accepted through a rotation), rotation and
revocation statements (:mod:`.statements`), and when the receiver first saw each stored
statement (``seen``, by :func:`~.statements.statement_digest`). :func:`decide_trust` and
:func:`key_states` change nothing.

Rules, in this order:

1. A key stored for another institute is never trusted for this one: ``key.wrong_issuer``.
2. A revoked key is never trusted: ``key.revoked``. Revoked means flagged in the store
   (``trust revoke``: not trusted from its ``revoked_at``), or named by a valid revocation
   statement (signed by the key itself, or by a successor: a key reached from it by valid
   rotation statements of the same uscc; not trusted from its ``compromised_since``).
3. **Compromise withdraws what the key vouched for afterwards**: a stored key accepted
   through a rotation (``endorsed_by``) from a key that is revoked with a compromise time
   loses trust when that rotation was made, or first seen here, after that time:
   ``key.endorsed_after_compromise``. "Made" is the rotation's own ``at``, "first seen" the
   time this registry received it; a thief can backdate ``at`` but not the receiver's
   clock, so both must be before the compromise. Keys accepted through a key that lost
   trust this way lose it too (transitively). Times compare to the second; "after" is
   strictly after. A revocation of an earlier version (no compromise time) withdraws
   nothing already accepted.
4. A stored key of this uscc that is not revoked is trusted directly.
5. Otherwise the key is trusted when a chain of valid rotation statements, all of this
   uscc, leads to it from a directly trusted key. Each link must verify against the
   previous key. No key on the chain may be revoked: **a revoked key endorses nothing new,
   whatever the times in the statements**: a chain is walked now, so each of its links is
   first seen now, after any compromise. A receiver keeps the keys it accepted through a
   rotation as :class:`TrustedKey` rows (``endorsed_by`` set), so an institute that rotates
   and only later revokes its old key keeps being trusted by the peers that already saw the
   rotation (rule 3 decides when the compromise began earlier); a peer who sees both only
   afterwards checks the new key's fingerprint by phone, as for a new peer.
6. A key that signed two different rotations (a fork) endorses neither: a rightful owner
   rotates once from a key, so a fork means someone else holds it:
   ``key.rotation_conflict`` when that is what kept the key from being trusted.
7. Otherwise ``key.unknown``.

Keys on chains are compared by their public key bytes, not only by key id.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from labregistry.errors import DomainError
from labregistry.crypto.cards import KeyCard
from labregistry.crypto.keys import fingerprint
from labregistry.crypto.keys import key_id as _key_id
from labregistry.crypto.statements import (
    RevocationStatement,
    RotationStatement,
    statement_digest,
    verify_revocation,
    verify_rotation,
)

KEY_UNKNOWN = "key.unknown"
KEY_REVOKED = "key.revoked"
KEY_WRONG_ISSUER = "key.wrong_issuer"
KEY_ROTATION_CONFLICT = "key.rotation_conflict"
KEY_ENDORSED_AFTER_COMPROMISE = "key.endorsed_after_compromise"


@dataclass(frozen=True)
class TrustedKey:
    """One row of the trust store."""

    key_id: str
    uscc: str
    public_key: bytes
    revoked: bool = False
    institute_name: str = ""
    added_at: datetime | None = None
    revoked_at: datetime | None = None  # not trusted from (trust revoke); None with revoked: always
    endorsed_by: str | None = None  # key id it was accepted through; None: fingerprint checked
    revoked_reason: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @classmethod
    def from_card(cls, card: KeyCard, *, added_at: datetime | None = None) -> TrustedKey:
        """After :func:`~.cards.check_card_fingerprint` passed."""
        return cls(
            key_id=card.key_id,
            uscc=card.uscc,
            public_key=card.public_key,
            institute_name=card.institute_name,
            added_at=added_at,
        )


@dataclass(frozen=True)
class Withdrawal:
    """Why a key of the store is not trusted (any more), and what did it.

    ``kind``: ``revoked`` (a revocation statement, or ``trust revoke`` here when
    ``statement`` is None) or ``endorsed_after_compromise`` (rule 3: ``compromised_key``
    endorsed it through ``rotation`` after its compromise). ``since``: not trusted from
    (None: a revocation of an earlier version, which gives no time).
    """

    key_id: str
    kind: Literal["revoked", "endorsed_after_compromise"]
    since: datetime | None
    reason: str | None = None
    statement: RevocationStatement | None = None
    rotation: RotationStatement | None = None
    compromised_key: str | None = None

    def since_text(self) -> str:
        return self.since.strftime("%Y-%m-%d %H:%M:%S UTC") if self.since else "-"


@dataclass(frozen=True)
class KeyState:
    """What ``trust list`` shows of one stored key: ``trusted``; ``rotated`` (it endorsed
    ``rotated_to`` through ``rotation``; what it signed stays valid); ``revoked`` or
    ``distrusted`` (rule 3), with the :class:`Withdrawal`."""

    key_id: str
    state: Literal["trusted", "rotated", "revoked", "distrusted"]
    rotated_to: tuple[str, ...] = ()
    rotation: RotationStatement | None = None
    withdrawal: Withdrawal | None = None


@dataclass(frozen=True)
class TrustDecision:
    """Whether ``key_id`` may sign for ``uscc``; when trusted, its public key and the path
    of key ids from a directly trusted key (itself alone when directly trusted)."""

    key_id: str
    uscc: str
    trusted: bool
    reason: str | None = None
    public_key: bytes | None = None
    path: tuple[str, ...] = ()
    owner: str | None = None  # the other institute, for key.wrong_issuer
    withdrawal: Withdrawal | None = None  # why, for key.revoked and key.endorsed_after_compromise

    def error(self) -> DomainError:
        """The refusal as a :class:`DomainError` (only meaningful when not trusted)."""
        w = self.withdrawal
        return DomainError(
            self.reason or KEY_UNKNOWN, key_id=self.key_id, uscc=self.uscc, owner=self.owner or "",
            by=(w.compromised_key or "") if w else "", since=w.since_text() if w else "",
        )

    def require(self) -> bytes:
        """The trusted public key, or raise :meth:`error`."""
        if not self.trusted or self.public_key is None:
            raise self.error()
        return self.public_key


def _index(keys: Iterable[TrustedKey] | Mapping[str, TrustedKey]) -> dict[str, TrustedKey]:
    values = keys.values() if isinstance(keys, Mapping) else keys
    return {k.key_id: k for k in values}


class _Graph:
    """Rotation edges of one uscc, verified lazily and once."""

    def __init__(self, uscc: str, rotations: Iterable[RotationStatement]) -> None:
        self.by_old: dict[str, list[RotationStatement]] = {}
        for stmt in rotations:
            if stmt.uscc == uscc:
                self.by_old.setdefault(stmt.old_key_id, []).append(stmt)
        self._cache: dict[tuple[bytes, RotationStatement], bool] = {}

    def children(self, public_key: bytes) -> list[bytes]:
        """Distinct new public keys that ``public_key`` validly endorsed."""
        out: list[bytes] = []
        for stmt in self.by_old.get(_key_id(public_key), ()):
            ck = (public_key, stmt)
            if ck not in self._cache:
                self._cache[ck] = verify_rotation(stmt, public_key)
            if self._cache[ck] and stmt.new_public_key not in out:
                out.append(stmt.new_public_key)
        return out

    def reachable(self, start: bytes) -> set[bytes]:
        """``start`` and every key reached from it (revocations ignored)."""
        seen = {start}
        todo = deque([start])
        while todo:
            for child in self.children(todo.popleft()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def known_public_keys(self, kid: str) -> set[bytes]:
        return {s.new_public_key for group in self.by_old.values() for s in group if s.new_key_id == kid}


def known_public_key(
    key_id: str,
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
) -> bytes | None:
    """The public key of ``key_id`` as a key of ``uscc`` known here: stored for ``uscc`` (even
    revoked), or reached from such a key through valid rotations. Trust is not decided here
    (forks and revocations are ignored): this says only which key a signature must verify
    against, as :func:`valid_revocations` does for a revocation's signer."""
    store = _index(trusted)
    stored = store.get(key_id)
    if stored is not None:
        return stored.public_key if stored.uscc == uscc else None
    graph = _Graph(uscc, rotations)
    for key in store.values():
        if key.uscc != uscc:
            continue
        for pk in graph.reachable(key.public_key):
            if _key_id(pk) == key_id:
                return pk
    return None


def _strictest_first(rev: RevocationStatement) -> tuple[bool, datetime]:
    since = rev.compromised_since
    return (since is None, _second(since) if since is not None else _second(rev.at))


def valid_revocations(
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
) -> dict[str, RevocationStatement]:
    """The revocation statements of ``uscc`` that hold, by revoked key id.

    A revocation holds when signed by the revoked key, or by a key reached from it through
    valid rotations of the same uscc. The revoked key's public key must be known: from the
    store (stored for this uscc) or from a rotation statement that names it. Of several that
    hold for one key, the one with the earliest compromise time wins (one without a time,
    of an earlier version, only when no other holds).
    """
    store = _index(trusted)
    graph = _Graph(uscc, rotations)
    out: dict[str, RevocationStatement] = {}
    for rev in sorted(revocations, key=_strictest_first):
        if rev.uscc != uscc or rev.key_id in out:
            continue
        candidates = graph.known_public_keys(rev.key_id)
        stored = store.get(rev.key_id)
        if stored is not None:
            if stored.uscc != uscc:
                continue
            candidates.add(stored.public_key)
        for revoked_pk in candidates:
            if _key_id(revoked_pk) != rev.key_id:
                continue
            signers = [pk for pk in graph.reachable(revoked_pk) if _key_id(pk) == rev.signer_key_id]
            if any(verify_revocation(rev, pk) for pk in signers):
                out[rev.key_id] = rev
                break
    return out


def _second(value: datetime) -> datetime:
    """UTC, whole seconds (database drivers may give naive UTC or microseconds)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


@dataclass
class _Context:
    """One uscc's keys and statements, with what is derived from them, computed once."""

    uscc: str
    store: dict[str, TrustedKey]
    rotations: list[RotationStatement]
    revocations: list[RevocationStatement]
    seen: Mapping[str, datetime]
    now: datetime
    graph: _Graph = field(init=False)

    def __post_init__(self) -> None:
        self.graph = _Graph(self.uscc, self.rotations)

    def first_seen(self, stmt: RotationStatement | None, key: TrustedKey) -> datetime:
        """When the receiver first had the rotation to ``key``: the earlier of the statement's
        arrival and the row made from it (unknown: now, the cautious answer)."""
        arrived = self.seen.get(statement_digest(stmt)) if stmt is not None else None
        times = [t for t in (arrived, key.added_at) if t is not None]
        return _second(min((_second(t) for t in times), default=self.now))

    def public_key(self, kid: str) -> bytes | None:
        stored = self.store.get(kid)
        if stored is not None and stored.uscc == self.uscc:
            return stored.public_key
        known = self.graph.known_public_keys(kid)
        return next(iter(known)) if len(known) == 1 else None

    def endorsing_rotation(self, key: TrustedKey) -> RotationStatement | None:
        """The valid rotation ``key.endorsed_by`` -> ``key`` (the earliest when several)."""
        parent = self.public_key(key.endorsed_by or "")
        if parent is None:
            return None
        found = [
            r for r in self.graph.by_old.get(key.endorsed_by or "", ())
            if r.new_public_key == key.public_key and verify_rotation(r, parent)
        ]
        return min(found, key=lambda r: r.at, default=None)


def withdrawals(
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
    *,
    seen: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> dict[str, Withdrawal]:
    """Every key of ``uscc`` that is not trusted (any more) and why (rules 2 and 3), by key id."""
    return _withdrawals(_context(uscc, trusted, rotations, revocations, seen, now))


def _context(
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement],
    revocations: Iterable[RevocationStatement],
    seen: Mapping[str, datetime] | None,
    now: datetime | None,
) -> _Context:
    moment = _second(now) if now is not None else datetime.now(UTC).replace(microsecond=0)
    return _Context(uscc, _index(trusted), list(rotations), list(revocations), seen or {}, moment)


def _withdrawals(ctx: _Context) -> dict[str, Withdrawal]:
    out: dict[str, Withdrawal] = {}
    for kid, rev in valid_revocations(ctx.uscc, ctx.store, ctx.rotations, ctx.revocations).items():
        since = _second(rev.compromised_since) if rev.compromised_since else None
        out[kid] = Withdrawal(kid, "revoked", since, rev.reason, statement=rev)
    local: dict[str, Withdrawal] = {}
    for k in ctx.store.values():
        if k.uscc != ctx.uscc or not k.revoked:
            continue
        since = _second(k.revoked_at) if k.revoked_at else None
        by_statement = out.get(k.key_id)
        if by_statement is None:
            local[k.key_id] = Withdrawal(k.key_id, "revoked", since, k.revoked_reason)
        elif since is not None and (by_statement.since is None or since < by_statement.since):
            out[k.key_id] = replace(by_statement, since=since)  # revoked here from earlier still: that counts
    endorsed = [k for k in ctx.store.values() if k.uscc == ctx.uscc and k.endorsed_by and k.key_id not in out]
    changed = True
    while changed:  # rule 3, to a fixed point: each pass settles at least one more link of a chain
        changed = False
        for key in endorsed:
            if key.key_id in out:
                continue
            parent = out.get(key.endorsed_by or "") or local.get(key.endorsed_by or "")
            if parent is None:
                continue
            rotation = ctx.endorsing_rotation(key)
            compromised: str | None
            if parent.kind == "revoked":
                if parent.since is None:
                    continue  # a revocation without a compromise time withdraws nothing accepted
                made = _second(rotation.at) if rotation is not None else ctx.now
                if max(made, ctx.first_seen(rotation, key)) <= parent.since:
                    continue
                compromised = parent.key_id
            else:
                compromised = parent.compromised_key  # endorsed by a key that was never trustworthy
            out[key.key_id] = Withdrawal(
                key.key_id, "endorsed_after_compromise", parent.since, parent.reason,
                statement=parent.statement, rotation=rotation, compromised_key=compromised,
            )
            changed = True
    for kid, w in local.items():
        out.setdefault(kid, w)
    return out


def decide_trust(
    key_id: str,
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
    *,
    seen: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> TrustDecision:
    """Whether ``key_id`` may sign for institute ``uscc`` (rules in the module docstring)."""
    ctx = _context(uscc, trusted, rotations, revocations, seen, now)
    store = ctx.store
    target = store.get(key_id)
    if target is not None and target.uscc != uscc:
        return TrustDecision(key_id, uscc, False, KEY_WRONG_ISSUER, owner=target.uscc)

    withdrawn = _withdrawals(ctx)
    if key_id in withdrawn:
        w = withdrawn[key_id]
        reason = KEY_REVOKED if w.kind == "revoked" else KEY_ENDORSED_AFTER_COMPROMISE
        return TrustDecision(key_id, uscc, False, reason, withdrawal=w)
    if target is not None:
        return TrustDecision(key_id, uscc, True, public_key=target.public_key, path=(key_id,))

    graph = ctx.graph
    other_issuer = {k.key_id for k in store.values() if k.uscc != uscc}
    anchors = [k.public_key for k in store.values() if k.uscc == uscc and k.key_id not in withdrawn]
    parent: dict[bytes, bytes | None] = {pk: None for pk in anchors}
    todo = deque(anchors)
    blocked_by_conflict = False
    while todo:
        node = todo.popleft()
        children = graph.children(node)
        if len(children) > 1:
            blocked_by_conflict = blocked_by_conflict or any(_key_id(c) == key_id for c in children)
            continue
        for child in children:
            kid = _key_id(child)
            if child in parent or kid in withdrawn or kid in other_issuer:
                continue
            parent[child] = node
            if kid == key_id:
                return TrustDecision(key_id, uscc, True, public_key=child, path=_path(parent, child))
            todo.append(child)
    reason = KEY_ROTATION_CONFLICT if blocked_by_conflict else KEY_UNKNOWN
    return TrustDecision(key_id, uscc, False, reason)


def key_states(
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
    *,
    seen: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> dict[str, KeyState]:
    """The state of every stored key of ``uscc`` (what ``trust list`` shows), by key id."""
    ctx = _context(uscc, trusted, rotations, revocations, seen, now)
    withdrawn = _withdrawals(ctx)
    out: dict[str, KeyState] = {}
    for key in ctx.store.values():
        if key.uscc != uscc:
            continue
        w = withdrawn.get(key.key_id)
        if w is not None:
            out[key.key_id] = KeyState(key.key_id, "revoked" if w.kind == "revoked" else "distrusted", withdrawal=w)
            continue
        onward = [
            r for r in ctx.graph.by_old.get(key.key_id, ()) if verify_rotation(r, key.public_key)
        ]
        if onward:
            first = min(onward, key=lambda r: r.at)
            targets = tuple(dict.fromkeys(r.new_key_id for r in onward))
            out[key.key_id] = KeyState(key.key_id, "rotated", targets, first)
        else:
            out[key.key_id] = KeyState(key.key_id, "trusted")
    return out


def _path(parent: Mapping[bytes, bytes | None], end: bytes) -> tuple[str, ...]:
    out: list[str] = []
    node: bytes | None = end
    while node is not None:
        out.append(_key_id(node))
        node = parent[node]
    return tuple(reversed(out))
