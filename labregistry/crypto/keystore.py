"""The own institute's keys in the home folder: sealed private keys, cards, statements.

Layout of ``HOME/keys``::

    current                 the key id in use (one line)
    <key_id>.key            sealed private key (0600), kept after rotation so old
                            certificates and bundles can still be checked
    <key_id>.card           the public key card of that key (what peers import)
    statements/*.json       own rotation and revocation statements, in order; every
                            bundle carries them so peers can follow a rotation
    issued-seq              the highest bundle sequence number ever issued (one line): the
                            database keeps it too, but a restored backup holds an older
                            number, and peers refuse a reused one as a rollback

Files are written atomically; ``current`` changes only after the new key's files exist.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from labregistry.errors import DomainError
from labregistry.crypto import cards, keys, statements
from labregistry.files import atomic_write
from labregistry.crypto.statements import RevocationStatement, RotationStatement, Statement


ISSUED_SEQ = "issued-seq"


class KeyStore:
    """The own keys of one home."""

    def __init__(self, folder: Path, missing: Callable[[], DomainError] | None = None) -> None:
        """``missing``: the refusal when the home has no key (default ``key.none``, "run
        init"); a client of a shared server says where the key is instead."""
        self.folder = folder
        self.statements_dir = folder / "statements"
        self._missing = missing

    # ------------------------------------------------------------ reading

    def current_key_id(self) -> str:
        pointer = self.folder / "current"
        if not pointer.exists():
            raise self._missing() if self._missing is not None else DomainError("key.none")
        return pointer.read_text(encoding="utf-8").strip()

    def has_key(self) -> bool:
        return (self.folder / "current").exists()

    def key_path(self, key_id: str | None = None) -> Path:
        return self.folder / f"{key_id or self.current_key_id()}.key"

    def info(self, key_id: str | None = None) -> keys.PublicKeyInfo:
        """Public half of a key (no passphrase needed)."""
        return keys.read_private_key_file(self.key_path(key_id)).info

    def all_infos(self) -> list[keys.PublicKeyInfo]:
        """Every own key ever used, oldest first."""
        infos = [keys.read_private_key_file(p).info for p in sorted(self.folder.glob("*.key"))]
        return sorted(infos, key=lambda i: i.created_at)

    def unlock(self, passphrase: str) -> keys.SigningKey:
        return keys.load_private_key(self.key_path(), passphrase)

    def card(self) -> cards.KeyCard:
        return cards.read_card_file(self.folder / f"{self.current_key_id()}.card")

    def card_bytes(self) -> bytes:
        return (self.folder / f"{self.current_key_id()}.card").read_bytes()

    def statements(self) -> list[Statement]:
        return [stmt for _, stmt in self.statement_files()]

    def statement_files(self) -> list[tuple[Path, Statement]]:
        """Each statement file with its statement, in order. A file that does not read stops
        whoever asks (failing closed: a revocation that cannot be read must not let its key be
        trusted), with ``key.statement_file_bad`` naming the file. Names starting with ``.``
        are no statements: macOS leaves ``._0001-rotate.json`` beside each file copied to a FAT
        or network drive, and one such file stopped every certificate check and export."""
        if not self.statements_dir.exists():
            return []
        out = []
        for path in sorted(p for p in self.statements_dir.glob("*.json") if not p.name.startswith(".")):
            try:
                out.append((path, statements.read_statement(path.read_bytes())))
            except DomainError as exc:
                raise DomainError("key.statement_file_bad", file=str(path), detail=exc) from exc
            except OSError as exc:
                raise DomainError("key.statement_file_bad", file=str(path), detail=exc.strerror or str(exc)) from exc
        return out

    def rotations(self) -> list[RotationStatement]:
        return [s for s in self.statements() if isinstance(s, RotationStatement)]

    def revocations(self) -> list[RevocationStatement]:
        return [s for s in self.statements() if isinstance(s, RevocationStatement)]

    def issued_seq(self) -> int:
        """The highest bundle sequence number issued from this home (0 if none, or unreadable)."""
        try:
            return int((self.folder / ISSUED_SEQ).read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            return 0

    # ------------------------------------------------------------ writing

    def record_issued_seq(self, seq: int) -> None:
        """Remember ``seq`` as issued (never lowers the mark)."""
        if seq > self.issued_seq():
            atomic_write(self.folder / ISSUED_SEQ, f"{seq}\n".encode(), mode=0o644)

    def create(self, signing_key: keys.SigningKey, sealed: keys.PrivateKeyFile, institute_name: str) -> None:
        """Store a first key (at init)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        sealed.write(self.key_path(signing_key.key_id), overwrite=False)
        cards.write_card(self.folder / f"{signing_key.key_id}.card", cards.make_card(signing_key, institute_name))
        self._point_to(signing_key.key_id)

    def rotate(
        self,
        old: keys.SigningKey,
        passphrase: str,
        institute_name: str,
        *,
        revoke_old: str | None = None,
        compromised_since: datetime | None = None,
    ) -> tuple[keys.SigningKey, RotationStatement, RevocationStatement | None]:
        """A new key endorsed by ``old``; optionally revoke ``old`` (signed by the new key),
        not to be trusted from ``compromised_since`` (default: now)."""
        new, sealed = keys.new_signing_key(old.uscc, passphrase)
        rotation = statements.make_rotation(old, new.info)
        revocation = None
        if revoke_old:  # made before anything is written: a bad time or reason writes nothing
            revocation = statements.make_revocation(
                new, revoke_old, key_id=old.key_id, compromised_since=compromised_since
            )
        chain = [*self._chain_to(old.key_id), rotation]
        sealed.write(self.key_path(new.key_id), overwrite=False)
        cards.write_card(self.folder / f"{new.key_id}.card", cards.make_card(new, institute_name, endorsements=chain))
        self._add_statement(rotation)
        if revocation is not None:
            self._add_statement(revocation)
        self._point_to(new.key_id)
        return new, rotation, revocation

    def revoke(
        self, current: keys.SigningKey, key_id: str, reason: str, *, compromised_since: datetime | None = None
    ) -> RevocationStatement:
        """Revoke an earlier own key, signed by the current (successor) key, not to be
        trusted from ``compromised_since`` (default: now)."""
        known = {info.key_id for info in self.all_infos()}
        if key_id not in known or key_id == current.key_id:
            raise DomainError("key.revoke_unknown", key_id=key_id)
        stmt = statements.make_revocation(current, reason, key_id=key_id, compromised_since=compromised_since)
        self._add_statement(stmt)
        return stmt

    def chain_from(self, key_id: str) -> list[RotationStatement]:
        """The rotations leading from ``key_id`` to the current key, in order: what a peer
        needs to check a statement the current key signed about ``key_id``."""
        chain = self._chain_to(self.current_key_id())
        starts = [i for i, link in enumerate(chain) if link.old_key_id == key_id]
        return chain[starts[0]:] if starts else []

    def _chain_to(self, key_id: str) -> list[RotationStatement]:
        """The rotations leading from the first key to ``key_id``, in order."""
        by_new = {r.new_key_id: r for r in self.rotations()}
        chain: list[RotationStatement] = []
        current = key_id
        while current in by_new:
            link = by_new[current]
            chain.append(link)
            current = link.old_key_id
        return list(reversed(chain))

    def attach(self, stmt: Statement) -> None:
        """Keep ``stmt`` (a coordinator's endorsement of the own key) with the own statements:
        every bundle exported from now on carries it, covered by its signature."""
        if statements.statement_digest(stmt) not in {statements.statement_digest(s) for s in self.statements()}:
            self._add_statement(stmt)

    def restore(self, stmts: list[Statement]) -> list[Path]:
        """Write back those of ``stmts`` no file holds (lost files, from the database's record),
        after the others; the files written."""
        have = {statements.statement_digest(s) for s in self.statements()}
        return [self._add_statement(s) for s in stmts if statements.statement_digest(s) not in have]

    def _add_statement(self, stmt: Statement) -> Path:
        """A new file after the highest number in use: numbered by the count, a file deleted
        made the next one take the name of the last (and overwrite a revocation)."""
        self.statements_dir.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.name[:4]) for p in self.statements_dir.glob("*.json") if p.name[:4].isdigit()]
        path = self.statements_dir / f"{max(numbers, default=0) + 1:04d}-{stmt.TYPE}.json"
        atomic_write(path, statements.statement_to_bytes(stmt), mode=0o644)
        return path

    def _point_to(self, key_id: str) -> None:
        tmp = self.folder / ".current.tmp"
        tmp.write_text(key_id + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / "current")
