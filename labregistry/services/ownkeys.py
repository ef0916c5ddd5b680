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
  says so, signed by the revoked key itself or by a successor of it: an own key (a key file in
  ``home/keys``) created after it or the current key, or one reached from it through the
  rotations (the record's and the files'); no chain of rotation files is needed at home, where
  every own key is known. Not by an older key: a thief holding a key rotated away from must not
  revoke its successor at home (review 10: peers never accepted that, SECURITY.md K9). A
  statement that does not hold under these rules (a bad signature, an older signer, a rotation
  its old key did not sign) is left out of everything: it revokes nothing, the export neither
  records it nor carries it, ``keys restore-statements`` never writes it back.
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


@dataclass(frozen=True)
class OwnKeys:
    """The own public keys by key id (every key file in ``home/keys`` and the current one) and
    the current key's id: what an own statement is checked against."""

    infos: Mapping[str, keys.PublicKeyInfo]
    current: str | None = None

    def may_revoke(self, signer_id: str, subject_id: str) -> bool:
        """Whether own key ``signer_id`` may revoke own key ``subject_id`` without a chain of
        rotations: the key itself, the current key (each rotation makes its new key current)
        or a key created after it (a successor). An older key may not (review 10)."""
        signer, subject = self.infos.get(signer_id), self.infos.get(subject_id)
        if signer is None or subject is None or signer.uscc != subject.uscc:
            return False
        return signer_id in (subject_id, self.current) or signer.created_at > subject.created_at

    def holds(self, stmt: Statement, rotations: Sequence[RotationStatement]) -> bool:
        """Whether an own rotation or revocation checks against the own keys (any other kind of
        statement, a coordinator's endorsement, is not judged here: True). A rotation: signed by
        its old key. A revocation: signed by a key that :meth:`may_revoke` it, or by a
        successor reached through ``rotations``."""
        if isinstance(stmt, RotationStatement):
            old = self.infos.get(stmt.old_key_id)
            return old is not None and old.uscc == stmt.uscc and statements.verify_rotation(stmt, old.public_key)
        if not isinstance(stmt, RevocationStatement):
            return True
        subject = self.infos.get(stmt.key_id)
        if subject is None or subject.uscc != stmt.uscc:
            return False
        signer = self.infos.get(stmt.signer_key_id)
        if (signer is not None and self.may_revoke(stmt.signer_key_id, stmt.key_id)
                and statements.verify_revocation(stmt, signer.public_key)):
            return True
        rows = {kid: TrustedKey(key_id=kid, uscc=k.uscc, public_key=k.public_key)
                for kid, k in self.infos.items() if k.uscc == stmt.uscc}
        return bool(valid_revocations(stmt.uscc, rows, rotations, [stmt]))


def record(uow: UnitOfWork, uscc: str, stmts: Sequence[Statement], own: OwnKeys) -> list[Statement]:
    """Add the rotations and revocations of ``uscc`` in ``stmts`` the database does not record
    yet and that hold against the own keys (:meth:`OwnKeys.holds`: a garbage or forged file
    never becomes a record every bundle carries), in the caller's unit of work, which commits;
    the ones added."""
    have = recorded(uow, uscc)
    digests = {statements.statement_digest(s) for s in have}
    rotations = [s for s in [*have, *stmts] if isinstance(s, RotationStatement)]
    new: list[Statement] = []
    for stmt in stmts:
        digest = statements.statement_digest(stmt)
        if (isinstance(stmt, (RotationStatement, RevocationStatement)) and stmt.uscc == uscc
                and digest not in digests and own.holds(stmt, rotations)):
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
    own = own_keys(reg)
    with reg.uow(source="keys", write=True) as uow:
        if record(uow, uscc, stmts, own):
            uow.commit()


@dataclass(frozen=True)
class OwnStatements:
    """The statement files in order, with their statements, and the database's record: only
    the statements that hold against ``known`` (:meth:`OwnKeys.holds`)."""

    uscc: str
    files: tuple[tuple[Path, Statement], ...]
    recorded: tuple[Statement, ...]
    known: OwnKeys = OwnKeys({})

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
    """The own statements that hold (``key.statement_file_bad`` naming a file that does not
    read); none without an own key. One that does not hold is left out, with a warning in the
    log."""
    try:
        uscc = setup.own_key_info(reg).uscc
    except DomainError:
        return OwnStatements("", (), ())
    files = setup.keystore(reg).statement_files()
    with reg.uow() as uow:
        kept = recorded(uow, uscc)
    own = own_keys(reg)
    rotations = [s for s in [*(s for _, s in files), *kept] if isinstance(s, RotationStatement)]

    def holds(stmt: Statement, where: object) -> bool:
        if own.holds(stmt, rotations):
            return True
        log.warning("own %s statement in %s left out: it does not check against the own keys", stmt.TYPE, where)
        return False

    return OwnStatements(uscc, tuple((p, s) for p, s in files if holds(s, p)),
                         tuple(s for s in kept if holds(s, setting(uscc))), own)


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


def own_keys(reg: Registry) -> OwnKeys:
    """:func:`key_infos` with the current key's id."""
    try:
        current: str | None = setup.keystore(reg).current_key_id()
    except DomainError:
        current = None
    return OwnKeys(key_infos(reg), current)


def _earliest_first(rev: RevocationStatement) -> tuple[bool, str]:
    since = rev.compromised_since
    return (since is None, format_datetime(since if since is not None else rev.at))


def revocations(own: Mapping[str, keys.PublicKeyInfo], found: OwnStatements) -> dict[str, RevocationStatement]:
    """The own keys revoked, by key id, each with the revocation of the earliest compromise
    time (one without a time only when no other holds): a revocation recorded in the database
    or in a file, signed by the revoked key or a successor of it (module docstring,
    :meth:`OwnKeys.holds`)."""
    every = found.all()
    rotations = [s for s in every if isinstance(s, RotationStatement)]
    checker = OwnKeys(own, found.known.current)
    holding = [s for s in every if isinstance(s, RevocationStatement) and checker.holds(s, rotations)]
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
