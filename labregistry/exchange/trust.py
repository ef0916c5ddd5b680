"""Is a key trusted for an issuer? Pure logic over trusted keys and signed statements.

Inputs are plain values a repository can persist: :class:`TrustedKey` rows (keys whose
fingerprint a person checked, or that were accepted through a rotation), rotation and
revocation statements (:mod:`.statements`). :func:`decide_trust` changes nothing.

Rules, in this order:

1. A key stored for another institute is never trusted for this one: ``key.wrong_issuer``.
2. A revoked key is never trusted: ``key.revoked``. Revoked means flagged in the store, or
   named by a valid revocation statement (signed by the key itself, or by a successor: a key
   reached from it by valid rotation statements of the same uscc).
3. A stored key of this uscc that is not revoked is trusted directly.
4. Otherwise the key is trusted when a chain of valid rotation statements, all of this
   uscc, leads to it from a directly trusted key. Each link must verify against the
   previous key. No key on the chain may be revoked: **a revoked key endorses nothing,
   whatever the times in the statements**, because ``at`` is written by whoever holds the
   key and a thief can backdate a rotation to before the revocation. A receiver keeps the
   keys it accepted through a rotation as :class:`TrustedKey` rows (``endorsed_by`` set),
   so an institute that rotates and only later revokes its old key keeps being trusted by
   the peers that already saw the rotation; a peer who sees both only afterwards checks the
   new key's fingerprint by phone, as for a new peer.
5. A key that signed two different rotations (a fork) endorses neither: a rightful owner
   rotates once from a key, so a fork means someone else holds it:
   ``key.rotation_conflict`` when that is what kept the key from being trusted.
6. Otherwise ``key.unknown``.

Keys on chains are compared by their public key bytes, not only by key id.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange.cards import KeyCard
from labregistry.exchange.keys import fingerprint
from labregistry.exchange.keys import key_id as _key_id
from labregistry.exchange.statements import (
    RevocationStatement,
    RotationStatement,
    verify_revocation,
    verify_rotation,
)

KEY_UNKNOWN = "key.unknown"
KEY_REVOKED = "key.revoked"
KEY_WRONG_ISSUER = "key.wrong_issuer"
KEY_ROTATION_CONFLICT = "key.rotation_conflict"

i18n.register(
    {
        KEY_UNKNOWN: {
            "zh": "密钥 {key_id} 不受信任：不是机构 {uscc} 已核对指纹的密钥，也没有来自受信任密钥的有效轮换声明",
            "en": "key {key_id} is not trusted: it is not a fingerprint-checked key of institute {uscc} "
            "and no valid rotation from a trusted key leads to it",
        },
        KEY_REVOKED: {
            "zh": "密钥 {key_id}（机构 {uscc}）已被吊销，不再受信任",
            "en": "key {key_id} (institute {uscc}) has been revoked and is no longer trusted",
        },
        KEY_WRONG_ISSUER: {
            "zh": "密钥 {key_id} 属于机构 {owner}，不能代表机构 {uscc} 签名",
            "en": "key {key_id} belongs to institute {owner} and cannot sign for institute {uscc}",
        },
        KEY_ROTATION_CONFLICT: {
            "zh": "密钥 {key_id} 不受信任：机构 {uscc} 的旧密钥签发了相互冲突的轮换声明，旧密钥可能已泄露；请与对方电话核对新密钥指纹",
            "en": "key {key_id} is not trusted: an earlier key of institute {uscc} endorsed conflicting "
            "rotations and may be compromised; check the new key's fingerprint with the institute by phone",
        },
    }
)


@dataclass(frozen=True)
class TrustedKey:
    """One row of the trust store."""

    key_id: str
    uscc: str
    public_key: bytes
    revoked: bool = False
    institute_name: str = ""
    added_at: datetime | None = None
    revoked_at: datetime | None = None
    endorsed_by: str | None = None  # key id it was accepted through; None: fingerprint checked

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

    def error(self) -> DomainError:
        """The refusal as a :class:`DomainError` (only meaningful when not trusted)."""
        return DomainError(
            self.reason or KEY_UNKNOWN, key_id=self.key_id, uscc=self.uscc, owner=self.owner or ""
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


def valid_revocations(
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
) -> dict[str, RevocationStatement]:
    """The revocation statements of ``uscc`` that hold, by revoked key id.

    A revocation holds when signed by the revoked key, or by a key reached from it through
    valid rotations of the same uscc. The revoked key's public key must be known: from the
    store (stored for this uscc) or from a rotation statement that names it.
    """
    store = _index(trusted)
    graph = _Graph(uscc, rotations)
    out: dict[str, RevocationStatement] = {}
    for rev in revocations:
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


def decide_trust(
    key_id: str,
    uscc: str,
    trusted: Iterable[TrustedKey] | Mapping[str, TrustedKey],
    rotations: Iterable[RotationStatement] = (),
    revocations: Iterable[RevocationStatement] = (),
) -> TrustDecision:
    """Whether ``key_id`` may sign for institute ``uscc`` (rules in the module docstring)."""
    store = _index(trusted)
    rotations = list(rotations)
    target = store.get(key_id)
    if target is not None and target.uscc != uscc:
        return TrustDecision(key_id, uscc, False, KEY_WRONG_ISSUER, owner=target.uscc)

    revoked = {k.key_id for k in store.values() if k.revoked}
    revoked |= set(valid_revocations(uscc, store, rotations, revocations))
    if key_id in revoked:
        return TrustDecision(key_id, uscc, False, KEY_REVOKED)
    if target is not None:
        return TrustDecision(key_id, uscc, True, public_key=target.public_key, path=(key_id,))

    graph = _Graph(uscc, rotations)
    other_issuer = {k.key_id for k in store.values() if k.uscc != uscc}
    anchors = [k.public_key for k in store.values() if k.uscc == uscc and k.key_id not in revoked]
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
            if child in parent or kid in revoked or kid in other_issuer:
                continue
            parent[child] = node
            if kid == key_id:
                return TrustDecision(key_id, uscc, True, public_key=child, path=_path(parent, child))
            todo.append(child)
    reason = KEY_ROTATION_CONFLICT if blocked_by_conflict else KEY_UNKNOWN
    return TrustDecision(key_id, uscc, False, reason)


def _path(parent: Mapping[bytes, bytes | None], end: bytes) -> tuple[str, ...]:
    out: list[str] = []
    node: bytes | None = end
    while node is not None:
        out.append(_key_id(node))
        node = parent[node]
    return tuple(reversed(out))
