"""Writing and checking signed bundles: the manifest, the signature, and every threat.

The manifest (canonical JSON, signed with the issuer's Ed25519 key under the bundle
domain) names the format and version, the issuer, key and algorithm, the sequence
number, issue and expiry times, each data sheet's row count and SHA-256 over its
canonical rows (:mod:`.canonical`), and (version 2) the SHA-256 of each key statement the
bundle carries, in order. It sits, with the signature, the issuer's key card and its key
statements, on the visible last sheet "签名 Signature" (docs/bundle-format.md). Version 3
adds a data sheet: the standards' capability rows (:mod:`.capabilities`).

Bundles of versions 1 and 2 still verify and import; each of their standards gets the one
capability row its own range and accuracy make. Version 1 bundles (no statement digests):
their statements are used like statements from any other source, each checked by its own
signature; what such a bundle cannot show is that none was removed on the way
(:attr:`Verification.statements_signed`).

:func:`read_bundle` only parses; :func:`check_bundle` decides, in a fixed order, and
returns the first reason a bundle must be refused: the same reason always wins for the
same file, which keeps messages and tests predictable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange import schema
from labregistry.exchange.capabilities import capability_problem, with_own_rows
from labregistry.exchange.comparisons import comparison_problem
from labregistry.exchange.decisions import decision_problem
from labregistry.exchange.instruments import instrument_problem
from labregistry.crypto import cards, statements
from labregistry.xlsx.canonical import SheetDigest
from labregistry.crypto.jsonform import (
    Detail,
    FormatError,
    b64decode_strict,
    b64encode,
    canonical_json,
    format_datetime,
    parse_datetime,
)
from labregistry.crypto.keys import SigningKey, fingerprint
from labregistry.crypto.signing import DOMAIN_BUNDLE_MANIFEST, verify_payload
from labregistry.crypto.statements import (
    EndorsementRevocation,
    EndorsementStatement,
    RevocationStatement,
    RotationStatement,
    Statement,
)
from labregistry.exchange.endorsement import CoordinatorKey, Endorsed, Refusal, decide_endorsement
from labregistry.exchange.trust import TrustDecision, TrustedKey, decide_trust
from labregistry.xlsx.workbook import (
    COVER_SHEET,
    ReadWorkbook,
    SheetSpec,
    first_difference,
    grid_of,
    meta_grid_of,
    read_workbook,
    write_workbook,
)
from labregistry.textrules import character_params, unsafe_character

MANIFEST_LIMIT = 256 * 1024
MAX_CLOCK_SKEW = dt.timedelta(days=1)
"""How far in the future a bundle's ``issued_at`` may lie (clocks differ between institutes);
beyond, the bundle is refused: a time of issue set ahead on purpose would pass off the
bundle as newer than it is."""
MAX_STATEMENTS = 64
META_KEYS = ("format", "manifest", "signature", "key_card", "statements")


@dataclass(frozen=True)
class Manifest:
    """The signed facts of a bundle."""

    issuer_uscc: str
    issuer_name: str
    key_id: str
    seq: int
    issued_at: dt.datetime
    expires_at: dt.datetime
    sheets: tuple[tuple[str, int, str], ...]  # (name, rows, sha256)
    format: str = schema.FORMAT
    version: int = schema.VERSION
    algorithm: str = "Ed25519"
    statements: tuple[str, ...] = ()  # SHA-256 of each key statement, in order (version 2)

    def payload(self) -> dict[str, Any]:
        out = {
            "format": self.format,
            "version": self.version,
            "issuer_uscc": self.issuer_uscc,
            "issuer_name": self.issuer_name,
            "key_id": self.key_id,
            "algorithm": self.algorithm,
            "seq": self.seq,
            "issued_at": format_datetime(self.issued_at),
            "expires_at": format_datetime(self.expires_at),
            "sheets": [{"name": n, "rows": r, "sha256": h} for n, r, h in self.sheets],
        }
        if self.version >= 2:
            out["statements"] = list(self.statements)
        return out

    def counts(self) -> dict[str, int]:
        return {schema.BY_NAME[n].kind: r for n, r, _ in self.sheets if n in schema.BY_NAME}


# ---------------------------------------------------------------- writing


def write_bundle(
    path: str,
    *,
    rows: Mapping[str, Iterable[Sequence[Any]]],
    issuer_uscc: str,
    issuer_name: str,
    signing_key: SigningKey,
    card_bytes: bytes,
    own_statements: Sequence[Statement],
    seq: int,
    issued_at: dt.datetime,
    expires_at: dt.datetime,
) -> Manifest:
    """Write and sign one bundle; ``rows`` maps sheet name to its rows in column order."""
    result: dict[str, Manifest] = {}
    card = cards.read_card(card_bytes)  # written as the reader renders it again (signature_pairs)

    def meta(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        manifest = Manifest(
            issuer_uscc=issuer_uscc,
            issuer_name=issuer_name,
            key_id=signing_key.key_id,
            seq=seq,
            issued_at=issued_at,
            expires_at=expires_at,
            sheets=tuple((s.spec.name, digests[s.spec.name].row_count, digests[s.spec.name].sha256)
                         for s in schema.SHEETS),
            statements=tuple(statements.statement_digest(s) for s in own_statements),
        )
        result["manifest"] = manifest
        signature = signing_key.sign(DOMAIN_BUNDLE_MANIFEST, manifest.payload())
        return signature_pairs(manifest.payload(), signature, card, own_statements)

    def cover(digests: Mapping[str, SheetDigest]) -> list[tuple[str, str]]:
        return cover_pairs(issuer_name, issuer_uscc, seq, issued_at, expires_at,
                           fingerprint(signing_key.public_key), signing_key.key_id, digests)

    write_workbook(
        path,
        cover,
        [(s.spec, rows[s.spec.name]) for s in schema.SHEETS],
        (schema.META_SHEET, meta),
    )
    return result["manifest"]


def signature_pairs(
    payload: Mapping[str, Any], signature: bytes, card: cards.KeyCard, own_statements: Sequence[Statement]
) -> list[tuple[str, str]]:
    """The signature sheet's key/value rows, from the signed or self-verifying objects they
    render. The writer writes these; the reader renders them again from what it parsed and
    refuses a sheet that differs in any cell (:func:`check_shown`): every text a person
    sees there is what was signed, in the one form it was written in. The format row names
    the manifest's own version, so bundles of an earlier format still check as written."""
    version = payload.get("version", schema.VERSION)
    return [
        ("format", f"{schema.FORMAT} {version}"),
        ("manifest", canonical_json(dict(payload)).decode("utf-8")),
        ("signature", b64encode(signature)),
        ("key_card", card.to_bytes().decode("utf-8")),
        ("statements", json.dumps([s.to_dict() for s in own_statements], ensure_ascii=False)),
    ]


def cover_pairs(
    issuer_name: str, uscc: str, seq: int, issued_at: dt.datetime, expires_at: dt.datetime,
    fp: str, key_id: str, digests: Mapping[str, SheetDigest],
) -> list[tuple[str, str]]:
    """The readable cover: who, when, until when, the fingerprint and how to verify."""
    local = dt.timezone(dt.timedelta(hours=8))

    def when(t: dt.datetime) -> str:
        t = t.astimezone(local)
        return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}（北京时间 / Beijing time）"

    counts = "；".join(f"{name}: {d.row_count}" for name, d in digests.items())
    return [
        ("LabRegistry 计量资源数据包 / Metrology data bundle", ""),
        ("签发机构 Issuer", issuer_name),
        ("统一社会信用代码 USCC", uscc),
        ("数据包序号 Sequence No.", str(seq)),
        ("签发时间 Issued", when(issued_at)),
        ("有效期至 Valid until", when(expires_at)),
        ("签名密钥 Key ID", key_id),
        ("密钥指纹 Key fingerprint", fp),
        ("记录数 Records", counts),
        ("核验 How to verify", i18n.tr("bundle.verify_howto", "zh") + "\n" + i18n.tr("bundle.verify_howto", "en")),
        ("说明 Note", "本文件经数字签名，任何单元格的修改都会使核验失败。"
                     "\nThis file is signed; changing any cell makes verification fail."),
    ]


# ---------------------------------------------------------------- reading


@dataclass
class ParsedBundle:
    """A bundle as read, before any trust decision."""

    file: str
    data: bytes
    sha256: str
    workbook: ReadWorkbook
    manifest: Manifest
    manifest_payload: dict[str, Any]
    signature: bytes
    card: cards.KeyCard
    statements: list[Statement] = field(default_factory=list)
    checked: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Results of the checks that depend on the file alone (kept: an import checks twice)."""

    @property
    def rotations(self) -> list[RotationStatement]:
        return [s for s in self.statements if isinstance(s, RotationStatement)] + list(self.card.endorsements)

    @property
    def revocations(self) -> list[RevocationStatement]:
        return [s for s in self.statements if isinstance(s, RevocationStatement)]

    @property
    def endorsements(self) -> list[Statement]:
        """The coordinator endorsements the issuer attached (``keys attach-endorsement``)."""
        return [s for s in self.statements if isinstance(s, (EndorsementStatement, EndorsementRevocation))]

    def rows(self, sheet: schema.SheetDef) -> list[list[Any]]:
        """The rows of a data sheet as read, in this version's layout (the columns a later
        version added empty); none for a sheet the bundle's version does not have."""
        found = self.workbook.sheets.get(sheet.spec.name)
        return schema.padded(sheet.spec.name, found.rows, self.manifest.version) if found is not None else []

    def sheet_rows(self) -> dict[str, list[list[Any]]]:
        """Every data sheet's rows as read (a sheet the bundle's version lacks: none)."""
        return {s.spec.name: self.rows(s) for s in schema.SHEETS}

    def merge_rows(self) -> dict[str, list[list[Any]]]:
        """The rows the merge compares and writes: :meth:`sheet_rows`, with each standard sent
        without capability rows given the one its own range and accuracy make
        (:func:`.capabilities.with_own_rows`). Made once per bundle."""
        if "merge_rows" not in self.checked:
            self.checked["merge_rows"] = with_own_rows(self.sheet_rows())
        rows: dict[str, list[list[Any]]] = self.checked["merge_rows"]
        return rows


def read_bundle(source: str | bytes, *, name: str | None = None) -> ParsedBundle:
    """Pre-flight, read and parse a bundle file; structural errors only (no trust)."""
    file = name or (source if isinstance(source, str) else "bundle")
    wb = read_workbook(source, schema.SPECS, schema.META_SHEET, name=name, optional=schema.ADDED_SHEETS,
                       check_meta=lambda meta: _refuse_newer_version(meta, str(file)), defer_widths=True)
    meta = wb.meta
    missing = [k for k in META_KEYS if k not in meta]
    if missing:
        raise DomainError("bundle.not_a_bundle", file=file, detail="missing " + ", ".join(missing))
    if not meta["format"].startswith(schema.FORMAT + " "):
        raise DomainError("bundle.not_a_bundle", file=file, detail=meta["format"][:80])
    payload = _parse_manifest(meta["manifest"], str(file))
    manifest = _manifest_from(payload)
    _check_version_sheets(wb, manifest.version, str(file))
    wb.check_widths()  # after the sheets: a sheet its version does not have is named as such
    try:
        signature = b64decode_strict(meta["signature"])
    except Exception as exc:
        raise DomainError("bundle.malformed_manifest", detail="signature is not base64") from exc
    card = cards.read_card(meta["key_card"].encode("utf-8"))
    stmts = _parse_statements(meta["statements"])
    return ParsedBundle(str(file), wb.data, hashlib.sha256(wb.data).hexdigest(), wb, manifest, payload,
                        signature, card, stmts)


def _check_version_sheets(wb: ReadWorkbook, version: int, file: str) -> None:
    """The sheets a later format added are there exactly when the manifest's version has them:
    a version-3 bundle without its capability sheet is missing a sheet, a version-2 bundle
    with one holds a sheet its format does not know (as a reader of version 2 would say)."""
    wanted = {s.spec.name for s in schema.sheets_of(version)}
    for name in schema.ADDED_SHEETS:
        if name in wanted and name not in wb.sheets:
            raise FormatError("bundle.missing_sheet", file=file, sheet=name)
        if name not in wanted and name in wb.sheets:
            raise FormatError("bundle.unknown_sheet", file=file, sheet=name)


def _refuse_newer_version(meta: Mapping[str, str], file: str) -> tuple[SheetSpec, ...] | None:
    """Refuse a bundle of a newer format as soon as the signature sheet is read, before any
    sheet, column or key is checked: a later version adds sheets, columns and keys that
    would otherwise be refused as unknown (the program of version 2 said "unknown sheet" of a
    version-3 bundle), and the user would not learn that upgrading is the remedy.

    The version is read from the manifest before its signature is checked. That is safe: this
    check can only refuse, never accept or change what is accepted, so a forged version
    gains an attacker nothing but a refusal. Any other fault of the manifest is left to the
    checks that follow, in their usual order.

    Returns the sheets' specs of the manifest's version (format 5 added columns to the
    comparisons sheet), read instead of this version's. A version changed on the way still
    fails the signature over the manifest that named it: the layout read is the signed one's,
    or the bundle is refused."""
    try:
        payload = _parse_manifest(meta.get("manifest", ""), file)
    except DomainError as exc:
        if exc.code == "bundle.unsupported_version":
            raise
        return None
    return schema.specs_of(payload["version"])


def _parse_manifest(text: str, file: str) -> dict[str, Any]:
    if len(text) > MANIFEST_LIMIT:
        raise DomainError("bundle.malformed_manifest", detail="too long")
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise DomainError("bundle.malformed_manifest", detail=str(exc)) from exc
    except RecursionError:
        raise _too_deep("manifest") from None
    if not isinstance(payload, dict):
        raise DomainError("bundle.malformed_manifest", detail="not an object")
    if payload.get("format") != schema.FORMAT:
        raise DomainError("bundle.not_a_bundle", file="manifest", detail=str(payload.get("format"))[:80])
    version = payload.get("version")
    if type(version) is int and version > max(schema.READABLE_VERSIONS):
        versions = [str(v) for v in schema.READABLE_VERSIONS]
        raise DomainError("bundle.unsupported_version", file=file, version=version,
                          supported_zh="、".join(versions), supported_en=", ".join(versions))
    if type(version) is not int or version not in schema.READABLE_VERSIONS:
        raise DomainError("bundle.malformed_manifest", detail=f"version {version!r}"[:80])
    return payload


_MANIFEST_KEYS = {"format", "version", "issuer_uscc", "issuer_name", "key_id", "algorithm", "seq",
                  "issued_at", "expires_at", "sheets"}


def _manifest_from(p: Mapping[str, Any]) -> Manifest:
    version = p["version"]
    expected = _MANIFEST_KEYS | ({"statements"} if version >= 2 else set())
    if set(p) != expected:
        raise DomainError("bundle.malformed_manifest", detail=f"keys {sorted(set(p) ^ expected)}")
    try:
        sheets = tuple((str(s["name"]), int(s["rows"]), str(s["sha256"])) for s in p["sheets"])
        if not all(isinstance(s, dict) and set(s) == {"name", "rows", "sha256"} for s in p["sheets"]):
            raise ValueError("sheet entries")
        if not isinstance(p["seq"], int) or p["seq"] < 1:
            raise ValueError("seq")
        if p["algorithm"] != "Ed25519":
            raise ValueError(f"algorithm {p['algorithm']}")
        digests = p.get("statements", [])
        if not isinstance(digests, list) or len(digests) > MAX_STATEMENTS or not all(
            isinstance(d, str) and len(d) == 64 for d in digests
        ):
            raise ValueError("statements: a short list of SHA-256 digests")
        return Manifest(
            issuer_uscc=str(p["issuer_uscc"]), issuer_name=str(p["issuer_name"]), key_id=str(p["key_id"]),
            seq=p["seq"], issued_at=parse_datetime(p["issued_at"]), expires_at=parse_datetime(p["expires_at"]),
            sheets=sheets, version=version, statements=tuple(digests),
        )
    except (KeyError, TypeError, ValueError, DomainError) as exc:
        raise DomainError("bundle.malformed_manifest", detail=str(exc)[:200]) from exc


def _parse_statements(text: str) -> list[Statement]:
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise DomainError("bundle.malformed_manifest", detail="statements: " + str(exc)) from exc
    except RecursionError:
        raise _too_deep("statements") from None
    if not isinstance(items, list) or len(items) > MAX_STATEMENTS:
        raise DomainError("bundle.malformed_manifest", detail="statements must be a short list")
    return [statements.statement_from_dict(item) for item in items]


def _too_deep(key: str) -> FormatError:
    """Bundle fix (tests/fuzz): ``json.loads`` of thousands of nested arrays (30,000 "[" fit
    in one cell) raises RecursionError, which is no ValueError: it escaped verify_bundle as
    an internal error, before any signature check. Refused like any malformed manifest."""
    return FormatError("bundle.malformed_manifest", detail=Detail("bundle.json_too_deep", key=key))


# ---------------------------------------------------------------- deciding


@dataclass(frozen=True)
class TrustInputs:
    """What the receiver knows: trusted keys and stored statements of the issuer."""

    trusted: Sequence[TrustedKey]
    rotations: Sequence[RotationStatement] = ()
    revocations: Sequence[RevocationStatement] = ()
    known_digests: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # sha -> {sheet: seq}
    seen: Mapping[str, dt.datetime] = field(default_factory=dict)  # statement digest -> first received
    endorsements: Sequence[Statement] = ()  # coordinators' endorsements (and withdrawals) of the issuer's keys
    coordinators: Mapping[str, CoordinatorKey] = field(default_factory=dict)  # key id -> trusted coordinator key


@dataclass
class Verification:
    """The answer of ``verify``: valid or the one reason why not."""

    valid: bool
    manifest: Manifest | None
    reason_code: str | None = None
    reason: i18n.Renderable | None = None  # why not, for the edge to render (issue 17)
    public_key: bytes | None = None
    trust_path: tuple[str, ...] = ()
    expired: bool = False
    card: cards.KeyCard | None = None
    endorsed: Endorsed | None = None  # trusted through a coordinator's endorsement (issue 19)
    #: what a valid bundle is taken with, for the receiver to look at (rows kept as written
    #: that the rules refuse now: :data:`.capabilities.KEPT`), each naming file, sheet, row, column
    warnings: tuple[i18n.Message, ...] = ()

    def trust(self) -> dict[str, str] | None:
        """How the signing key is trusted: ``direct``, ``rotation`` (from a trusted key) or
        ``endorsed`` (by whom, until when); None when not trusted."""
        if not self.valid:
            return None
        if self.endorsed is not None:
            return self.endorsed.describe()
        return {"how": "rotation" if len(self.trust_path) > 1 else "direct"}

    @property
    def statements_signed(self) -> bool | None:
        """Whether the manifest covers the bundle's key statements (format version 2 on)."""
        return self.manifest.version >= 2 if self.manifest else None

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "valid": self.valid,
            "issuer_uscc": m.issuer_uscc if m else None,
            "issuer_name": m.issuer_name if m else None,
            "key_id": m.key_id if m else None,
            "fingerprint": self.card.fingerprint if self.card else None,
            "seq": m.seq if m else None,
            "issued_at": format_datetime(m.issued_at) if m else None,
            "expires_at": format_datetime(m.expires_at) if m else None,
            "counts": m.counts() if m else {},
            "expired": self.expired,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "format_version": m.version if m else None,
            "statements_signed": self.statements_signed,
            "trust": self.trust(),
            "warnings": list(self.warnings),
        }


def check_bundle(
    parsed: ParsedBundle,
    trust: TrustInputs,
    *,
    own_uscc: str | None,
    last_seq: int | None,
    now: dt.datetime,
    accept_expired: bool = False,
) -> Verification:
    """Decide whether a parsed bundle may be imported; first failing rule wins. A refusal's
    ``reason`` is an :class:`i18n.Message` the edge renders in the user's language."""
    m = parsed.manifest

    def refuse(code: str, **params: Any) -> Verification:
        return Verification(False, m, code, i18n.Message(code, params), card=parsed.card,
                            expired=now > m.expires_at)

    if parsed.card.key_id != m.key_id or parsed.card.uscc != m.issuer_uscc:
        return refuse("bundle.key_mismatch", card_key=parsed.card.key_id, key_id=m.key_id)
    if own_uscc is not None and m.issuer_uscc == own_uscc:
        return refuse("bundle.own_bundle")
    decision = decide_trust(
        m.key_id, m.issuer_uscc, trust.trusted,
        rotations=[*trust.rotations, *parsed.rotations],
        revocations=[*trust.revocations, *parsed.revocations],
        seen=trust.seen, now=now,
    )
    endorsed: Endorsed | None = None
    if not decision.trusted and decision.reason == "key.unknown" and not _trusted_without_endorsement(trust, m):
        outcome = decide_endorsement(m.issuer_uscc, m.key_id, parsed.card.public_key,
                                     [*trust.endorsements, *parsed.endorsements], trust.coordinators, now)
        if isinstance(outcome, Refusal):
            return refuse("bundle.endorsement_refused", key_id=m.key_id, uscc=m.issuer_uscc,
                          detail=i18n.Message(outcome.code, outcome.params))
        if outcome is not None:
            endorsed = outcome
            decision = TrustDecision(m.key_id, m.issuer_uscc, True, public_key=outcome.statement.public_key,
                                     path=(m.key_id,))
    if not decision.trusted:
        code = {
            "key.revoked": "bundle.revoked_key",
            "key.wrong_issuer": "bundle.wrong_issuer_key",
            "key.rotation_conflict": "bundle.rotation_conflict",
            "key.endorsed_after_compromise": "bundle.endorsed_after_compromise",
        }.get(decision.reason or "", "bundle.unknown_key")
        w = decision.withdrawal
        return refuse(code, key_id=m.key_id, uscc=m.issuer_uscc, issuer=m.issuer_name,
                      fingerprint=parsed.card.fingerprint, owner=decision.owner or "",
                      by=(w.compromised_key or "") if w else "", since=w.since_text() if w else "")
    assert decision.public_key is not None
    if decision.public_key != parsed.card.public_key:
        return refuse("bundle.key_mismatch", card_key=parsed.card.key_id, key_id=m.key_id)
    if not verify_payload(decision.public_key, DOMAIN_BUNDLE_MANIFEST, parsed.manifest_payload, parsed.signature):
        return refuse("bundle.bad_signature", key_id=m.key_id)
    carried = tuple(statements.statement_digest(s) for s in parsed.statements)
    if m.version >= 2 and carried != m.statements:
        return refuse("bundle.statements_tampered", signed=len(m.statements), found=len(carried))
    sheet_problem = _check_sheets(parsed, trust.known_digests)
    if sheet_problem is not None:
        code, params = sheet_problem
        return refuse(code, **params)
    if "content" not in parsed.checked:
        parsed.checked["content"] = _check_content(parsed)
    content_problem = parsed.checked["content"]
    if content_problem is not None:
        code, params = content_problem
        return refuse(code, **params)
    shown = check_shown(parsed)
    if shown is not None:
        return refuse(shown[0], **shown[1])
    if m.issued_at > now + MAX_CLOCK_SKEW:
        return refuse("bundle.from_future", issued_at=format_datetime(m.issued_at), now=format_datetime(now))
    if last_seq is not None and m.seq <= last_seq:
        return refuse("bundle.rollback", seq=m.seq, last=last_seq)
    expired = now > m.expires_at
    if expired and not accept_expired:
        return refuse("bundle.expired", expires_at=m.expires_at.date().isoformat())
    return Verification(True, m, public_key=decision.public_key, trust_path=decision.path, expired=expired,
                        card=parsed.card, endorsed=endorsed, warnings=kept_warnings(parsed))


def kept_warnings(parsed: ParsedBundle) -> tuple[i18n.Message, ...]:
    """The warnings of the rows a valid bundle is taken with as written (:data:`.capabilities.KEPT`),
    found when its content was checked (:func:`_check_content`)."""
    return tuple(i18n.Message(code, {"file": parsed.file, **params}) for code, params in parsed.checked.get("kept", ()))


def _trusted_without_endorsement(trust: TrustInputs, m: Manifest) -> bool:
    """Direct trust wins: the issuer has a key trusted here directly or through rotations
    (not revoked), so a coordinator's endorsement of another key of it counts for nothing."""
    return any(k.uscc == m.issuer_uscc and not k.revoked for k in trust.trusted)


def check_shown(parsed: ParsedBundle) -> tuple[str, dict[str, Any]] | None:
    """The signature sheet and the cover hold only what the writer writes from the signed
    manifest, the signature, the self-signed key card and the statements: rendered again
    from what was parsed, they must be equal cell by cell, with no extra or missing cell.
    (Today's threat: a rewritten issuer name or fingerprint on the cover, or a note added
    to the signature sheet, still verified.) The cover may be missing."""
    wb = parsed.workbook
    m = parsed.manifest
    expected = meta_grid_of(signature_pairs(parsed.manifest_payload, parsed.signature, parsed.card, parsed.statements))
    diff = first_difference(wb.meta_grid, expected)
    if diff is not None:
        cell, want, have = diff
        return "bundle.signature_sheet_changed", {"sheet": schema.META_SHEET, "cell": cell, "expected": want,
                                                  "actual": have}
    if wb.cover is None:
        return None
    digests = {name: SheetDigest(rows, sha) for name, rows, sha in m.sheets}
    pairs = cover_pairs(m.issuer_name, m.issuer_uscc, m.seq, m.issued_at, m.expires_at, parsed.card.fingerprint,
                        m.key_id, digests)
    diff = first_difference(wb.cover, grid_of(pairs, 1))
    if diff is not None:
        cell, want, have = diff
        return "bundle.cover_changed", {"sheet": COVER_SHEET, "cell": cell, "expected": want, "actual": have}
    return None


def _check_sheets(
    parsed: ParsedBundle, known: Mapping[str, Mapping[str, int]]
) -> tuple[str, dict[str, Any]] | None:
    listed = [name for name, _, _ in parsed.manifest.sheets]
    if listed != [s.spec.name for s in schema.sheets_of(parsed.manifest.version)]:
        return "bundle.mixed_sheets", {"detail": i18n.Message.of("bundle.sheet_list", listed=", ".join(listed))}
    digests = parsed.workbook.digests
    for name, rows, sha in parsed.manifest.sheets:
        got = digests[name]
        if (got.row_count, got.sha256) == (rows, sha):
            continue
        seqs = known.get(got.sha256, {})
        if name in seqs:
            return "bundle.mixed_sheets", {"detail": i18n.Message.of("bundle.mixed_from", sheet=name, seq=seqs[name])}
        how = (i18n.Message.of("bundle.tampered_rows", expected_rows=rows, rows=got.row_count) if got.row_count != rows
               else i18n.Message.of("bundle.tampered_cells", rows=rows))  # "20 rows signed, 20 found" read as no fault
        return "bundle.tampered_sheet", {"file": parsed.file, "sheet": name, "expected_rows": rows,
                                         "rows": got.row_count, "how": how}
    return None


def _check_content(parsed: ParsedBundle) -> tuple[str, dict[str, Any]] | None:
    """Signed content can still be wrong: one issuer row, unique ids, links that resolve."""
    inst = parsed.rows(schema.INSTITUTE)
    if len(inst) != 1:
        return "bundle.institute_rows", {"rows": len(inst)}
    if inst[0][0] != parsed.manifest.issuer_uscc:
        return "bundle.foreign_records", {"detail": f"{schema.INSTITUTE.spec.name}: {inst[0][0]}"}
    for parent, children in (
        (schema.STANDARDS, (schema.INSTRUMENTS, schema.SERVICES, schema.CAPABILITIES)),
        (schema.AUTHORISATIONS, (schema.AUTHORISED_ITEMS,)),
        (schema.STAFF, (schema.CREDENTIALS, schema.CREDENTIAL_ITEMS)),
        (schema.COMPARISONS, (schema.COMPARISON_RESULTS,)),
        (schema.DECISIONS, ()),
    ):
        uids: set[Any] = set()
        for i, row in enumerate(parsed.rows(parent)):
            uid = row[0]
            if not isinstance(uid, str) or not uid or len(uid) > 32:
                return "bundle.bad_value", {"sheet": parent.spec.name, "row": i + 2,
                                            "column": parent.spec.columns[0].header, "detail": repr(uid)[:60]}
            if uid in uids:
                return "bundle.duplicate_uid", {"sheet": parent.spec.name, "row": i + 2, "uid": uid}
            uids.add(uid)
        for child in children:
            for i, row in enumerate(parsed.rows(child)):
                if row[0] not in uids:
                    return "bundle.bad_link", {"sheet": child.spec.name, "row": i + 2, "uid": row[0],
                                               "column": child.spec.columns[0].header}
    from labregistry.exchange.merge import text_problem, value_problem

    name_char = unsafe_character(parsed.manifest.issuer_name)
    if name_char is not None:
        return "bundle.unsafe_issuer_name", character_params(name_char)
    rows = parsed.sheet_rows()
    unsafe = text_problem(rows)
    if unsafe is not None:
        sheet, row_no, column, char = unsafe
        return "bundle.unsafe_text", {"sheet": sheet, "row": row_no, "column": column, **character_params(char)}
    problem = value_problem(rows)
    if problem is not None:
        sheet, row_no, column, why = problem
        return "bundle.bad_value", {"sheet": sheet, "row": row_no, "column": column, "detail": why}
    kept: list[tuple[str, dict[str, Any]]] = []
    parsed.checked["kept"] = kept
    return (capability_problem(rows[schema.CAPABILITIES.spec.name], kept)
            or instrument_problem(rows[schema.INSTRUMENTS.spec.name])
            or comparison_problem(rows, parsed.manifest.issuer_uscc)
            or decision_problem(rows[schema.DECISIONS.spec.name], parsed.manifest.issuer_uscc))
