"""The own institute's key statements, kept twice, and which own keys they revoke.

The statements (rotations and revocations) live as files in ``home/keys/statements``: every
bundle carries them so that peers follow a rotation and learn of a revocation. A file can be
lost (a clean-up of the folder, or whoever took the old key deleting what revoked it), and a
home that judged its own keys by the files alone then called a certificate signed with a
revoked key genuine again, while its peers refused it (review of 7 Dec 2026). So ``keys
revoke`` and ``keys rotate`` also record what they sign in the database (the setting
:func:`setting`, the statements verbatim: no new table), and every export records the
files' statements there too (a home of an earlier version gets its record at its next export).

* An own key is revoked at home when a revocation in the database's record or in a file
  says so, signed by any own key (a key file in ``home/keys``) or, through the rotations (the
  record's and the files'), by a successor of the revoked key: no chain of rotation files is
  needed at home, where every own key is known. A file dropped into the folder with a bad
  signature revokes nothing, here as at a peer, even once an export recorded it.
* The export carries the recorded statements that no file holds any more, so peers still
  receive a revocation whose file was lost.
* ``check`` and ``keys show`` name each recorded statement whose file is gone (a fault: the
  folder no longer says what the institute did; ``keys restore-statements`` writes the files
  again) and a statement file or record that does not read (every certificate check and
  export stops, failing closed, naming the file).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.crypto import keys, statements
from labregistry.crypto.jsonform import format_datetime
from labregistry.crypto.statements import RevocationStatement, RotationStatement, Statement
from labregistry.errors import DomainError
from labregistry.exchange.trust import TrustedKey, valid_revocations
from labregistry.registry import Registry
from labregistry.services import setup
from labregistry.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

OWN_STATEMENTS = "keys.own_statements"
"""The own rotation and revocation statements as signed (a JSON list of their texts), in the
setting ``keys.own_statements.<uscc>``: one per credit code, as the institutes of a region that
share a server (docs/regional-server.md) share its settings too, and each keeps its keys in its
own home."""


def setting(uscc: str) -> str:
    return f"{OWN_STATEMENTS}.{uscc}"


def recorded(uow: UnitOfWork, uscc: str) -> list[Statement]:
    """The statements the database records for ``uscc`` (``keys.own_record_bad`` when the record
    does not read: failing closed, as for a file)."""
    text = uow.settings.get(setting(uscc))
    if not text:
        return []
    try:
        items = json.loads(text)
        if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
            raise ValueError("not a list of texts")
        return [statements.read_statement(t.encode("utf-8")) for t in items]
    except (ValueError, DomainError) as exc:
        raise DomainError("keys.own_record_bad", setting=setting(uscc),
                          detail=exc if isinstance(exc, DomainError) else str(exc)) from exc


def record(uow: UnitOfWork, uscc: str, stmts: Sequence[Statement]) -> list[Statement]:
    """Add the rotations and revocations of ``uscc`` in ``stmts`` the database does not record
    yet (in the caller's unit of work, which commits); the ones added."""
    have = recorded(uow, uscc)
    digests = {statements.statement_digest(s) for s in have}
    new: list[Statement] = []
    for stmt in stmts:
        digest = statements.statement_digest(stmt)
        if isinstance(stmt, (RotationStatement, RevocationStatement)) and stmt.uscc == uscc and digest not in digests:
            new.append(stmt)
            digests.add(digest)
    if new:
        texts = [statements.statement_to_bytes(s).decode("utf-8") for s in [*have, *new]]
        uow.settings.set(setting(uscc), json.dumps(texts, ensure_ascii=False))
        revoked = [s.key_id for s in new if isinstance(s, RevocationStatement)]
        if revoked:
            uow.audit("update", "setting", OWN_STATEMENTS, label=uscc, after={"revoked": revoked})  # uid: 32 at most
    return new


def record_now(reg: Registry, stmts: Sequence[Statement]) -> None:
    """:func:`record` in a unit of work of its own, for the credit code of the own key."""
    uscc = setup.own_key_info(reg).uscc
    with reg.uow(source="keys", write=True) as uow:
        if record(uow, uscc, stmts):
            uow.commit()


@dataclass(frozen=True)
class OwnStatements:
    """The statement files in order, with their statements, and the database's record."""

    uscc: str
    files: tuple[tuple[Path, Statement], ...]
    recorded: tuple[Statement, ...]

    def missing(self) -> list[Statement]:
        """What the database records and no file holds any more."""
        have = {statements.statement_digest(s) for _, s in self.files}
        return [s for s in self.recorded if statements.statement_digest(s) not in have]

    def all(self) -> list[Statement]:
        """The files' statements, then the recorded ones no file holds: what a bundle carries."""
        return [*(s for _, s in self.files), *self.missing()]

    def file_of(self, stmt: Statement) -> Path | None:
        digest = statements.statement_digest(stmt)
        return next((p for p, s in self.files if statements.statement_digest(s) == digest), None)


def read(reg: Registry) -> OwnStatements:
    """The own statements (``key.statement_file_bad`` naming a file that does not read); none
    without an own key."""
    try:
        uscc = setup.own_key_info(reg).uscc
    except DomainError:
        return OwnStatements("", (), ())
    files = setup.keystore(reg).statement_files()
    with reg.uow() as uow:
        kept = recorded(uow, uscc)
    return OwnStatements(uscc, tuple(files), tuple(kept))


def key_infos(reg: Registry) -> dict[str, keys.PublicKeyInfo]:
    """The own public keys by key id: every key file in ``home/keys`` and the current one."""
    out: dict[str, keys.PublicKeyInfo] = {}
    folder = reg.home.keys_dir
    if folder.is_dir():
        for path in sorted(folder.glob("*.key")):
            try:
                info = keys.read_private_key_file(path).info
            except DomainError as exc:
                log.warning("key file %s skipped: %s", path, exc.render("en"))
                continue
            out[info.key_id] = info
    try:
        current = setup.own_key_info(reg)
        out[current.key_id] = current
    except DomainError:
        pass
    return out


def _earliest_first(rev: RevocationStatement) -> tuple[bool, str]:
    since = rev.compromised_since
    return (since is None, format_datetime(since if since is not None else rev.at))


def revocations(own: Mapping[str, keys.PublicKeyInfo], found: OwnStatements) -> dict[str, RevocationStatement]:
    """The own keys revoked, by key id, each with the revocation of the earliest compromise
    time (one without a time only when no other holds): a revocation recorded in the database
    or in a file, signed by an own key or by a successor of the revoked key (module docstring)."""
    every = found.all()
    rotations = [s for s in every if isinstance(s, RotationStatement)]
    revs = [s for s in every if isinstance(s, RevocationStatement)]
    holding: list[RevocationStatement] = []
    for rev in revs:
        subject = own.get(rev.key_id)
        if subject is None or subject.uscc != rev.uscc:
            continue
        signer = own.get(rev.signer_key_id)
        if signer is not None and signer.uscc == rev.uscc and statements.verify_revocation(rev, signer.public_key):
            holding.append(rev)
    rows = {kid: TrustedKey(key_id=kid, uscc=k.uscc, public_key=k.public_key) for kid, k in own.items()}
    for uscc in {k.uscc for k in own.values()}:
        holding.extend(valid_revocations(uscc, rows, rotations, revs).values())
    out: dict[str, RevocationStatement] = {}
    for rev in sorted(holding, key=_earliest_first):
        out.setdefault(rev.key_id, rev)
    return out


def restore(reg: Registry) -> list[Path]:
    """Write back the statement files the database records and the folder lost (after the
    others); record the files' statements too; the files written."""
    found = read(reg)
    record_now(reg, [s for _, s in found.files])
    return setup.keystore(reg).restore(found.missing())


def problems(reg: Registry) -> list[dict[str, Any]]:
    """What is wrong with the own statements, for ``check`` and ``keys show``: each
    ``{"key_id", "problem", "file", "message"}``, ``problem`` one of ``statement_missing``
    (recorded, its file gone: the key stays revoked here and the next bundles carry it from the
    record) and ``statement_unreadable`` (a file or the record does not read: every
    certificate check and export stops)."""
    try:
        found = read(reg)
    except DomainError as exc:
        if exc.code not in ("key.statement_file_bad", "keys.own_record_bad"):
            raise
        return [{"key_id": None, "problem": "statement_unreadable",
                 "file": exc.params.get("file") or exc.params.get("setting"), "message": exc}]
    folder = str(setup.keystore(reg).statements_dir)
    out: list[dict[str, Any]] = []
    for stmt in found.missing():
        if isinstance(stmt, RevocationStatement):
            since = format_datetime(stmt.compromised_since or stmt.at)
            message = i18n.Message.of("keys.revocation_file_missing", key_id=stmt.key_id, since=since, folder=folder)
            out.append({"key_id": stmt.key_id, "problem": "statement_missing", "file": None, "message": message})
        elif isinstance(stmt, RotationStatement):
            message = i18n.Message.of("keys.rotation_file_missing", key_id=stmt.old_key_id,
                                      new_key_id=stmt.new_key_id, folder=folder)
            out.append({"key_id": stmt.old_key_id, "problem": "statement_missing", "file": None, "message": message})
    return out


def revoked_summary(reg: Registry) -> list[dict[str, Any]]:
    """``keys show``'s ``revoked_keys``: each own key revoked, from when, why, and the file
    holding its revocation (None: none left, the database's record alone)."""
    found = read(reg)
    by_key: dict[str, list[RevocationStatement]] = {}
    for stmt in found.all():
        if isinstance(stmt, RevocationStatement):
            by_key.setdefault(stmt.key_id, []).append(stmt)
    out = []
    for kid, rev in revocations(key_infos(reg), found).items():
        files = [p for p in (found.file_of(s) for s in by_key.get(kid, [])) if p is not None]
        out.append({"key_id": kid,
                    "compromised_since": format_datetime(rev.compromised_since) if rev.compromised_since else None,
                    "reason": rev.reason, "statement_file": str(files[0]) if files else None})
    return out
