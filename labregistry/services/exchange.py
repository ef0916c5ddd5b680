"""Exchange use cases: keys, trust, export, verify, import, onward distribution.

The CLI and the app call these. Every refusal is a :class:`DomainError` whose code and
message name the reason; an import writes nothing unless the whole bundle verified, and
then writes all of it in one transaction, after a backup.
"""

from __future__ import annotations

import datetime as dt
import concurrent.futures
import contextlib
import dataclasses
import json
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, select

from labregistry import i18n
from labregistry.errors import DomainError, register_fields
from labregistry.exchange import bundle, merge, schema
from labregistry.files import atomic_write, read_capped
from labregistry.crypto.jsonform import Detail, FormatError, b64encode
from labregistry.domain.capabilities import is_standards_own_row
from labregistry.exchange.capabilities import KEPT, capability_problem, row_findings
from labregistry.exchange.comparisons import comparison_problem
from labregistry.exchange.instruments import instrument_refusals
from labregistry.exchange.decisions import decision_problem
from labregistry.crypto.keys import fingerprint
from labregistry.xlsx.preflight import MAX_BYTES
from labregistry.outputs import check_target
from labregistry.registry import Registry
from labregistry.storage import backups
from labregistry.services.keytrust import (
    compromised_receipts,
    export_public_card,
    key_summary,
    parse_compromise_time,
    plan_trust_add,
    revoke_own_key,
    revoke_warnings,
    rotate_key,
    store_statements,
    sync_withdrawals,
    trust_add,
    trust_import,
    trust_inputs,
    trust_list,
    trust_revoke,
    trusted_key_map,
)
from labregistry.services import ownkeys
from labregistry.services.setup import keystore
from labregistry.storage import bulk, writes
from labregistry.storage.models import Institute, ReceivedBundle, utcnow
from labregistry.storage.models import TrustedKey as TrustedKeyRow
from labregistry.storage.uow import UnitOfWork
from labregistry.textrules import character_params

SEQ_KEY = "export.seq"
LAST_EXPORT_KEY = "export.last_at"  # when the last bundle was signed: deletions before it are public
LAST_EXPORT_KEY_ID = "export.last_key_id"  # the key that signed it: a rotation before it has gone out
DEFAULT_VALID_DAYS = 180
register_fields({"reason": ("原因", "reason")})
MIN_VALID_DAYS = 1
MAX_VALID_DAYS = 3650
"""A bundle is valid for 1 day to 10 years: a longer validity would let stale data pass
for current long after the issuer stopped vouching for it (SECURITY.md, freeze)."""

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: how far an export, a verification or an import is.

Phases, in order: ``unlocking`` (the key), ``reading`` (the records or the file),
``verifying``, ``comparing`` (with the registry), ``backup``, ``merging`` (``done`` of
``total`` changes written), then ``saving`` (import) or ``writing`` (export): the last
call before the transaction commits. An exception raised by the callback stops the work
and propagates (the app's Cancel): every call comes before anything is committed, so the
database stays exactly as it was. Files may stay behind: an import's backup, and the copy
of the bundle it keeps under received/ (a later import of the bundle writes it again)."""


# ---------------------------------------------------------------- keys and trust (labregistry.services.keytrust)

__all__ = [
    "export_public_card", "key_summary", "parse_compromise_time", "plan_trust_add", "revoke_own_key", "revoke_warnings",
    "rotate_key", "trust_add",
    "trust_import", "trust_list", "trust_revoke", "trusted_key_map", "keystore",
]


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: bundle.Manifest


def check_own_rows(reg: Registry) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """For ``check``, from one reading of the own standards (as the export reads them, the
    standards' sheets only): the own capability rows and instrument ranges receivers would
    refuse, each with its standard's certificate number, the range as written and the reason,
    so that a row saved before a rule was tightened (``(0,100) mV`` read as one value) is
    corrected before an export stops at it; and apart the rows whose accuracy text the class
    rules refuse now but versions before them read ("0.05级或0.1级": ``accuracy.EARLIER_READ``),
    exported as written and taken by receivers, not comparable (:data:`.capabilities.KEPT`): a
    warning naming the standard, the row and its accuracy, not a refusal. ``rule`` is the rule
    behind each, as for the catalogues' warnings; ``refusal`` the receiver's refusal (None: taken)."""
    with reg.uow() as uow:
        own = uow.institutes.own()
        if own is None:
            return [], []
        rows = collect_rows(uow.session.connection(), own, families=(merge.STANDARD_FAMILY,))
    sheet = rows[schema.CAPABILITIES.spec.name]
    found = list(row_findings(sheet))
    at = schema.CAPABILITIES.keys.index("accuracy_text")
    refused = [*({"kind": "standards", "certificate_no": r.certificate_no, "subject": r.range_text, "procedure": None,
                  "code": None, "rule": r.detail.code, "refusal": r.rule, "message": r.message("check.export_refused")}
                 for _i, r in _capability_findings(rows, [f for f in found if f[1][0] != KEPT])),
               *({"kind": "standards", "certificate_no": r.certificate_no, "subject": r.range_text, "procedure": None,
                  "code": None, "rule": r.detail.code, "refusal": "bundle.instrument_range",
                  "message": i18n.Message.of("check.export_refused_instrument", name=r.name, detail=r.detail)}
                 for r in instrument_refusals(rows))]
    kept = [{"kind": "standards", "certificate_no": r.certificate_no, "subject": r.range_text, "procedure": None,
             "code": None, "value": sheet[i][at], "rule": r.detail.code, "refusal": None,
             "message": r.message("check.accuracy_kept", value=sheet[i][at])}
            for i, r in _capability_findings(rows, [f for f in found if f[1][0] == KEPT])]
    return refused, kept


@dataclass(frozen=True)
class CapabilityRefusal:
    """A stored capability row receivers would refuse, as the lab manager finds it: the
    standard's certificate number, the row's number on its form (from 1; 0 when the row is the
    standard's own range and accuracy, which the form shows as its 测量范围, not as a row), its
    range as written, the reason (the domain's rule, or the saved figures no longer what the
    text reads) and the receiver's refusal code; the bundle's sheet and row mean nothing before
    the bundle is written."""

    certificate_no: str
    n: int
    range_text: str
    detail: Detail
    rule: str

    def message(self, code: str, **more: Any) -> i18n.Message:
        """``code`` (``check.export_refused``, ``export.bad_capability``, ``check.accuracy_kept``),
        or its ``_own`` form for the standard's own range."""
        if self.n == 0:
            return i18n.Message.of(f"{code}_own", certificate_no=self.certificate_no, range=self.range_text,
                                   detail=self.detail, **more)
        return i18n.Message.of(code, certificate_no=self.certificate_no, n=self.n, range=self.range_text,
                               detail=self.detail, **more)


def capability_refusals(rows: Mapping[str, list[list[Any]]]) -> list[CapabilityRefusal]:
    """The own capability rows receivers refuse (:func:`.capabilities.row_findings` but those taken)."""
    sheet = rows[schema.CAPABILITIES.spec.name]
    return [r for _i, r in _capability_findings(rows, (f for f in row_findings(sheet) if f[1][0] != KEPT))]


def _capability_findings(rows: Mapping[str, list[list[Any]]], found: Iterable[tuple[int, tuple[str, dict[str, Any]]]]
                         ) -> list[tuple[int, CapabilityRefusal]]:
    """Each of the capability sheet's rows in ``found`` (index, (code, params)) as the lab
    manager finds it (:class:`CapabilityRefusal`), with its index."""
    sheet = rows[schema.CAPABILITIES.spec.name]
    keys = schema.CAPABILITIES.keys
    standards = {row[0]: dict(zip(schema.STANDARDS.keys, row, strict=True)) for row in rows[schema.STANDARDS.spec.name]}
    by_standard: dict[Any, list[dict[str, Any]]] = {}
    for values in sheet:
        row = dict(zip(keys, values, strict=True))
        by_standard.setdefault(row["standard_uid"], []).append(row)
    out = []
    for i, (code, params) in found:
        row = dict(zip(keys, sheet[i], strict=True))
        standard = standards.get(row["standard_uid"], {})
        detail = params.get("detail")
        if not isinstance(detail, Detail):
            detail = Detail("capability.figures_stale") if code == "bundle.capability_derived" else Detail(code, **params)
        own = is_standards_own_row(by_standard[row["standard_uid"]], standard.get("range_text"),
                                   standard.get("accuracy_text"))
        out.append((i, CapabilityRefusal(str(standard.get("certificate_no", row["standard_uid"])),
                                         0 if own else int(row["position"]) + 1, str(row["range_text"]), detail, code)))
    return out


def _misnumbered(rows: Mapping[str, list[list[Any]]], uid: Any) -> FormatError:
    """The export refused for capability rows numbered out of order (the database changed by
    hand), naming the standard."""
    at = schema.STANDARDS.keys.index("certificate_no")
    certificate_no = next((str(r[at]) for r in rows[schema.STANDARDS.spec.name] if r[0] == uid), str(uid))
    return FormatError("export.bad_capability_rows", certificate_no=certificate_no)


def export_bundle(reg: Registry, out: str | Path, passphrase: str, *, valid_days: int = DEFAULT_VALID_DAYS,
                  now: dt.datetime | None = None, progress: Progress | None = None) -> ExportResult:
    """Sign the own institute's records into one bundle; the sequence number is persisted first.

    ``progress`` (see :data:`Progress`) may stop the export up to ``writing``: nothing is
    written then, not even the sequence number."""
    check_valid_days(valid_days)
    check_target(reg.home, out)
    store = keystore(reg)
    _report(progress, "unlocking")
    signing_key = store.unlock(passphrase)
    own_statements = ownkeys.read(reg)  # a lost file's statement still goes out, from the database's record
    issued_at = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    with reg.uow(source="export", write=True) as uow:
        own = uow.institutes.own()
        if own is None or own.id is None:
            raise DomainError("export.no_institute")
        # the higher of the database's number and the home's mark: a restored backup
        # holds an older number, and a number issued before would be refused as a rollback
        seq = max(int(uow.settings.get(SEQ_KEY, "0") or 0), store.issued_seq()) + 1
        uow.settings.set(SEQ_KEY, str(seq))
        read_at = utcnow().isoformat()  # the records are read now, whatever ``now`` says
        _report(progress, "reading")
        rows = collect_rows(uow.session.connection(), own)
        unsafe = merge.text_problem(rows)  # what receivers refuse (entered before the rule existed)
        if unsafe is not None:
            sheet, row_no, column, char = unsafe
            params: dict[str, Any] = {"sheet": sheet, "row": row_no, "column": column, **character_params(char)}
            raise DomainError("export.unsafe_text", **params)
        refused = capability_problem(rows[schema.CAPABILITIES.spec.name])  # what receivers refuse (old records)
        if refused is not None:
            found = capability_refusals(rows)
            if not found:  # the rows' numbering, not a row's text: the database was changed by hand
                raise _misnumbered(rows, refused[1].get("uid"))
            message = found[0].message("export.bad_capability")
            more = i18n.Message.of("export.more_refused", n=len(found) - 1) if len(found) > 1 else ""
            raise FormatError(message.code, None, **dict(message.params), more=more)
        instruments = instrument_refusals(rows)  # what receivers refuse (saved before the comma rule)
        if instruments:
            first = instruments[0]
            more = i18n.Message.of("export.more_refused", n=len(instruments) - 1) if len(instruments) > 1 else ""
            raise FormatError("export.bad_instrument", None, certificate_no=first.certificate_no, name=first.name,
                              range=first.range_text, detail=first.detail, more=more)
        refused = comparison_problem(rows, own.uscc)  # a comparison changed outside the importer
        if refused is not None:
            raise FormatError("export.bad_comparison", detail=Detail(refused[0], **refused[1]))
        refused = decision_problem(rows[schema.DECISIONS.spec.name], own.uscc)
        if refused is not None:  # a decision changed outside decisions add
            raise FormatError("export.bad_decision", detail=Detail(refused[0], **refused[1]))
        _report(progress, "writing")
        # a home of an earlier version gets its record
        ownkeys.record(uow, own_statements.uscc, [s for _, s in own_statements.files], own_statements.known)
        store.record_issued_seq(seq)
        uow.commit()  # a gap in sequence numbers is harmless; a reused one is not
    manifest = bundle.write_bundle(
        str(out), rows=rows, issuer_uscc=own.uscc, issuer_name=own.name, signing_key=signing_key,
        card_bytes=store.card_bytes(), own_statements=own_statements.all(), seq=seq, issued_at=issued_at,
        expires_at=issued_at + dt.timedelta(days=valid_days),
    )
    _mark_published(reg, read_at, manifest.key_id)
    return ExportResult(Path(out), manifest)


def _mark_published(reg: Registry, read_at: str, key_id: str) -> None:
    """Deletions made before ``read_at`` are public now that a bundle is written (the recycle
    bin stops offering them); marked only once the file exists, so a failed write keeps them.
    The key that signed it is kept too: a rotation to it has gone out to peers."""
    with reg.uow(source="export", write=True) as uow:
        if read_at > (uow.settings.get(LAST_EXPORT_KEY) or ""):  # two exports may finish out of order
            uow.settings.set(LAST_EXPORT_KEY, read_at)
            uow.settings.set(LAST_EXPORT_KEY_ID, key_id)
            uow.commit()


def check_valid_days(days: object) -> int:
    """``days`` when it is a whole number from :data:`MIN_VALID_DAYS` to :data:`MAX_VALID_DAYS`,
    else DomainError (``export.valid_days``)."""
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_VALID_DAYS <= days <= MAX_VALID_DAYS:
        raise DomainError("export.valid_days", days=str(days)[:40], min=MIN_VALID_DAYS, max=MAX_VALID_DAYS)
    return days


def collect_rows(conn: Connection, institute: Institute,
                 families: Sequence[merge.Family] = merge.FAMILIES) -> dict[str, list[list[Any]]]:
    """The institute's records as bundle rows, parents ordered by certificate number (of
    ``families``: every sheet by default)."""
    rows: dict[str, list[list[Any]]] = {
        schema.INSTITUTE.spec.name: [[getattr(institute, k) for k in schema.INSTITUTE.keys]]
    }
    for fam in families:
        table = bulk.table_of(fam.model)
        keys = fam.parent.keys
        stmt = (select(table.c.id, *(table.c[k] for k in keys))
                .where(table.c.institute_id == institute.id,
                       *([table.c[fam.exported[0]] == fam.exported[1]] if fam.exported else []))
                .order_by(table.c[fam.label_key], table.c.uid))
        parent_rows = list(conn.execute(stmt))
        rows[fam.parent.spec.name] = [[_to_sheet(k, v) for k, v in zip(keys, r[1:], strict=True)] for r in parent_rows]
        order = {r.id: i for i, r in enumerate(parent_rows)}
        uid_of = {r.id: r.uid for r in parent_rows}
        for child, _model in fam.children:
            child_rows = list(merge._child_rows(conn, fam, child, _model, uid_of))
            index = {uid: order[pid] for pid, uid in uid_of.items()}
            child_rows.sort(key=lambda item: index[item[0]])  # stable: keeps position order
            rows[child.spec.name] = [values for _uid, values in child_rows]
    return rows


def _to_sheet(key: str, value: Any) -> Any:
    if key in schema.BOOL_COLUMNS and value is not None:
        return int(bool(value))
    return value


# ---------------------------------------------------------------- verify and import


@dataclass
class ImportResult:
    verification: bundle.Verification
    plan: merge.MergePlan | None
    applied: bool
    backup: Path | None = None


def read_bundle_file(path: str | Path) -> bundle.ParsedBundle:
    """Read and parse a bundle file (pre-flight, sheets, digests); no trust decided yet."""
    path = Path(path)
    if not path.is_file():
        raise DomainError("file.not_found", path=str(path))
    data = read_capped(path, MAX_BYTES)
    return bundle.read_bundle(data, name=path.name)


BundleSource = str | Path | bundle.ParsedBundle
"""A bundle file, or one already read (:func:`read_verified`): a caller with several steps
(the app's import wizard) reads the file once and passes what it read on."""


def _parsed(source: BundleSource) -> bundle.ParsedBundle:
    return source if isinstance(source, bundle.ParsedBundle) else read_bundle_file(source)


def verify_bundle(reg: Registry, source: BundleSource, *, accept_expired: bool = False,
                  now: dt.datetime | None = None, progress: Progress | None = None) -> bundle.Verification:
    """Verify only: structure, trust, signature, every sheet, rollback and expiry (a refusal's
    ``reason`` is for the edge to render)."""
    return read_verified(reg, source, accept_expired=accept_expired, now=now, progress=progress)[0]


def read_verified(reg: Registry, source: BundleSource, *, accept_expired: bool = False,
                  now: dt.datetime | None = None, progress: Progress | None = None
                  ) -> tuple[bundle.Verification, bundle.ParsedBundle | None]:
    """:func:`verify_bundle`, and the bundle as read (None when it could not be read), to
    pass on to the next step (:func:`import_bundle`) instead of reading the file again."""
    _report(progress, "reading")
    try:
        parsed = _parsed(source)
    except DomainError as exc:
        return bundle.Verification(False, None, exc.code, exc), None
    _report(progress, "verifying")
    with reg.uow() as uow:
        return check_parsed(uow, parsed, accept_expired, now), parsed


def check_parsed(uow: UnitOfWork, parsed: bundle.ParsedBundle, accept_expired: bool,
                 now: dt.datetime | None) -> bundle.Verification:
    """Every check of a bundle against this registry (trust, rollback, expiry, records of
    another institute), in the unit of work given: a writer checks inside its transaction."""
    own = uow.institutes.own()
    uscc = parsed.manifest.issuer_uscc
    floor = _rollback_floor(uow, uscc)
    result = bundle.check_bundle(
        parsed, trust_inputs(uow, uscc, carried=parsed.endorsements), own_uscc=own.uscc if own else None,
        last_seq=floor, now=now or dt.datetime.now(dt.timezone.utc),
        accept_expired=accept_expired,
    )
    if result.reason_code == "bundle.rollback" and parsed.manifest.seq == floor:
        result = _not_newer(uow, parsed, result)
    if result.valid:
        detail = _foreign_records(uow, parsed, uscc)
        if detail is not None:
            result = bundle.Verification(False, parsed.manifest, "bundle.foreign_records",
                                         i18n.Message.of("bundle.foreign_records", detail=detail),
                                         card=parsed.card, expired=result.expired)
    if result.valid:
        pilot = _pilot_in_registry(uow, parsed)
        if pilot is not None:
            result = bundle.Verification(False, parsed.manifest, "bundle.comparison_pilot_in_registry",
                                         i18n.Message("bundle.comparison_pilot_in_registry", pilot),
                                         card=parsed.card, expired=result.expired)
    return result


def _not_newer(uow: UnitOfWork, parsed: bundle.ParsedBundle, result: bundle.Verification) -> bundle.Verification:
    """A bundle whose number is the last imported from its issuer is refused as before
    (SECURITY.md: lower or equal), but said as what it is (the eighth trial: ``verify`` of
    the bundle imported called it a rollback, an attack): these very bytes are the bundle
    imported already (``import.already``, as a folder import says ``unchanged``); other bytes
    under that number are another bundle, which an issuer never writes (each export takes a
    new number): neither imported nor older. Only a lower number is a rollback."""
    m = parsed.manifest
    if already_imported(uow, parsed) or _same_manifest_imported(uow, parsed):
        code, reason = "import.already", i18n.Message.of("import.already", seq=m.seq)
    else:
        code, reason = "bundle.seq_reused", i18n.Message.of("bundle.seq_reused", seq=m.seq)
    return bundle.Verification(False, m, code, reason, card=parsed.card, expired=result.expired)


def _pilot_in_registry(uow: UnitOfWork, parsed: bundle.ParsedBundle) -> dict[str, Any] | None:
    """A comparison the issuer says was piloted outside the registry whose pilot's code is the
    USCC of an institute of this registry: that institute's comparison passed off as recorded
    outside its own bundle (``comparisons import-excel`` refuses it at the recorder too)."""
    sheet = schema.COMPARISONS
    at = sheet.keys.index("pilot_code")
    codes = {str(row[at]).upper(): i for i, row in enumerate(parsed.rows(sheet)) if row[at] is not None}
    if not codes:
        return None
    inst = bulk.table_of(Institute)
    hit = uow.session.execute(select(inst.c.uscc, inst.c.name).where(inst.c.uscc.in_(sorted(codes)))
                              .order_by(inst.c.uscc).limit(1)).first()
    if hit is None:
        return None
    return {"sheet": sheet.spec.name, "row": codes[hit.uscc] + 2, "column": sheet.spec.columns[at].header,
            "value": hit.uscc, "name": hit.name}


def _rollback_floor(uow: UnitOfWork, uscc: str) -> int | None:
    """The highest sequence number imported from ``uscc``, but for bundles received after
    their key was compromised: a thief's high number must not lock out the rightful issuer."""
    last = uow.received.last_seq(uscc)
    suspect = {rb.seq for rb in compromised_receipts(uow, uscc)}
    if last is None or last not in suspect:
        return last
    honest = [rb.seq for rb in uow.received.for_issuer(uscc) if rb.seq not in suspect]
    return max(honest, default=None)


def import_bundle(
    reg: Registry, source: BundleSource, *, dry_run: bool = False, accept_expired: bool = False,
    confirm: Callable[[merge.MergePlan], bool] | None = None,
    operator: str | None = None, now: dt.datetime | None = None, progress: Progress | None = None,
    verified: bundle.Verification | None = None, plan: merge.MergePlan | None = None,
) -> ImportResult:
    """Verify, plan, and (unless ``dry_run`` or not confirmed) merge all or nothing.

    A caller that has already verified ``source`` (a bundle read by :func:`read_verified`,
    with the same ``accept_expired``) passes the ``verified`` result, and is not made to
    wait for a second check before the preview; one that has also previewed it passes the
    ``plan`` to merge it without a new comparison first. Either way the merge verifies the
    bundle again inside its writing transaction (something may have changed since) and
    writes what differs from the registry then.

    ``progress`` (see :data:`Progress`) may stop the import at any phase up to ``saving``;
    the merge is then rolled back."""
    _report(progress, "reading")
    parsed = _parsed(source)
    rows = parsed.merge_rows()
    # an expired bundle goes on only if it was accepted as such when verified
    expired_ok = verified.expired if verified is not None else accept_expired
    if plan is None or dry_run or confirm is not None:
        verification, plan = _preview(reg, parsed, rows, accept_expired, operator, now, progress, verified)
        if dry_run or (confirm is not None and not confirm(plan)):
            return ImportResult(verification, plan, False)
        expired_ok = verification.expired
    _report(progress, "backup")
    backup = backups.backup_database(reg.home, "import")
    applied, plan_now = apply_bundle(reg, parsed, rows, expired_ok, plan, operator, now, progress=progress)
    return ImportResult(applied, plan_now, True, backup)


def _preview(reg: Registry, parsed: bundle.ParsedBundle, rows: dict[str, list[list[Any]]], accept_expired: bool,
             operator: str | None, now: dt.datetime | None, progress: Progress | None,
             verified: bundle.Verification | None) -> tuple[bundle.Verification, merge.MergePlan]:
    """Verify (unless ``verified`` says it is valid) and plan the merge, writing nothing."""
    uscc = parsed.manifest.issuer_uscc
    with reg.uow(operator, f"bundle:{uscc}#{parsed.manifest.seq}") as uow:
        _report(progress, "verifying")
        verification = verified if verified is not None and verified.valid else \
            check_parsed(uow, parsed, accept_expired, now)
        if not verification.valid:
            raise _refusal(parsed, verification)
        _report(progress, "comparing")
        existing = uow.institutes.by_uscc(uscc)
        conn = uow.session.connection()
        current = merge.current_records(conn, existing.id) if existing and existing.id else \
            {f.kind: {} for f in merge.FAMILIES}
        return verification, merge.plan_merge(merge.bundle_records(rows), current)


def import_bundles(
    reg: Registry, paths: Sequence[str | Path], *, accept_expired: bool = False,
    operator: str | None = None, now: dt.datetime | None = None,
) -> list[ImportResult]:
    """Verify and merge several bundles, in order, without asking: each one all or nothing
    in its own transaction (as :func:`import_bundle` with no confirmation), with ONE backup,
    taken before the first write, instead of one per bundle.

    Stops at the first bundle refused (its ``DomainError``, as :func:`import_bundle`
    raises it); the bundles before it stay imported, the backup is from before all of them.
    Each result's plan is summarised (:meth:`.MergePlan.summarise`): its counts; the audit
    trail has every change.

    The next bundle, when small, is read (pre-flight, parse, digests) on a second thread
    while the current one is merged: the database works with the GIL released, so the two
    overlap. Refusals still come in the order of ``paths``.
    """
    results: list[ImportResult] = []
    paths = list(paths)
    backup: Path | None = None
    with contextlib.ExitStack() as stack:
        work = stack.enter_context(one_connection(reg))
        reader = stack.enter_context(concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="read-bundle"))
        stack.callback(_cancel_reads, reader)
        ahead = None
        for index in range(len(paths)):
            parsed = ahead.result() if ahead is not None else read_bundle_file(paths[index])
            ahead = None
            if index + 1 < len(paths) and _small(paths[index + 1]):
                ahead = reader.submit(read_bundle_file, paths[index + 1])
            rows = parsed.merge_rows()
            if index == 0:
                backup = backups.backup_database(reg.home, "import")
            verification, plan = apply_bundle(work, parsed, rows, accept_expired, None, operator, now)
            # what was done, not every record and change of every bundle (10^5 in a region)
            results.append(ImportResult(verification, plan.summarise(), True, backup))
            del parsed, rows
    return results


@contextlib.contextmanager
def one_connection(reg: Registry) -> Iterator[Registry]:
    """``reg``, with every unit of work of a batch on one connection when it is SQLite (each
    bundle still its own transaction). A connection per bundle would parse the schema again
    each time, and the last connection to close checkpoints the write-ahead log and deletes it."""
    if not reg.is_sqlite:
        yield reg
        return
    with reg.engine.connect() as connection:
        # cast: a Connection stands in for the Engine here; the batch only opens units of
        # work on it (Session accepts either bind), and never disposes or reconnects it
        yield dataclasses.replace(reg, engine=cast(Engine, connection))


READ_AHEAD_MAX_BYTES = 2 << 20
"""Bundles read ahead are at most this big (about 3,000 standards): a large bundle is read
when its turn comes, so that at most one large bundle is in memory."""


def _small(path: str | Path) -> bool:
    try:
        return Path(path).stat().st_size <= READ_AHEAD_MAX_BYTES
    except OSError:
        return False  # read in turn: the refusal comes in order


def _cancel_reads(reader: concurrent.futures.ThreadPoolExecutor) -> None:
    reader.shutdown(wait=True, cancel_futures=True)


class _Refused(DomainError):
    """A verification failure as an error: renders the verification's own message.
    ``manifest``: the bundle's (None when it could not be read)."""

    def __init__(self, verification: bundle.Verification) -> None:
        self.verification = verification
        self.manifest = verification.manifest
        super().__init__(verification.reason_code or "bundle.bad_signature")

    def render(self, lang: str | None = None) -> str:
        reason = self.verification.reason
        return i18n.rendered(reason, lang) if reason is not None else self.code


class AlreadyImported(DomainError):
    """The very bundle imported before (same issuer, number and bytes) offered again:
    refused as nothing to import, said as such rather than as a rollback (an attack)."""

    def __init__(self, manifest: bundle.Manifest) -> None:
        self.manifest = manifest
        super().__init__("import.already", seq=manifest.seq)


def already_imported(uow: UnitOfWork, parsed: bundle.ParsedBundle) -> bool:
    """Whether this registry received these very bytes as the issuer's bundle of this number."""
    m = parsed.manifest
    return any(rb.seq == m.seq and rb.sha256 == parsed.sha256 for rb in uow.received.for_issuer(m.issuer_uscc))


def _same_manifest_imported(uow: UnitOfWork, parsed: bundle.ParsedBundle) -> bool:
    """Whether the issuer's bundle of this number that was imported had this very signed
    manifest: the bundle imported, opened and saved again without an edit (other bytes, the
    same signed content; review 9 found it called another bundle under the number). Asked
    only of a bundle that verified: the manifest's digests then hold for every sheet."""
    m = parsed.manifest
    signed = json.loads(json.dumps(m.payload(), ensure_ascii=False))
    return any(rb.seq == m.seq and _manifest_of(rb.manifest) == signed for rb in uow.received.for_issuer(m.issuer_uscc))


def _manifest_of(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:  # a record of an earlier version: not this manifest
        return None


def _refusal(parsed: bundle.ParsedBundle, verification: bundle.Verification) -> DomainError:
    """The error for a bundle that failed verification: the bundle imported last, these very
    bytes, says so (:func:`_not_newer`; what the folder import calls ``unchanged``)."""
    if verification.reason_code == "import.already":
        return AlreadyImported(parsed.manifest)
    return _Refused(verification)


def _foreign_records(uow: UnitOfWork, parsed: bundle.ParsedBundle, uscc: str) -> str | None:
    """A record in the bundle whose uid belongs to another institute in this registry."""
    inst = bulk.table_of(Institute)
    for fam in merge.FAMILIES:
        uids = [r[0] for r in parsed.rows(fam.parent)]
        table = bulk.table_of(fam.model)
        for start in range(0, len(uids), 900):
            hit = uow.session.execute(
                select(table.c.uid, inst.c.name, inst.c.uscc)
                .join(inst, inst.c.id == table.c.institute_id)
                .where(table.c.uid.in_(uids[start:start + 900]), inst.c.uscc != uscc)
                .limit(1)
            ).first()
            if hit is not None:
                return f"{fam.parent.spec.name} {hit.uid} → {hit.name} ({hit.uscc})"
    return None


def apply_bundle(reg: Registry, parsed: bundle.ParsedBundle, rows: dict[str, list[list[Any]]],
                 accept_expired: bool, plan: merge.MergePlan | None, operator: str | None,
                 now: dt.datetime | None, *, progress: Progress | None = None
                 ) -> tuple[bundle.Verification, merge.MergePlan]:
    """Verify again inside the writing transaction, then merge; (verification, what was done)."""
    m = parsed.manifest
    with reg.uow(operator, f"bundle:{m.issuer_uscc}#{m.seq}", write=True) as uow:
        # (re-)check inside the writing transaction: another import may have landed meanwhile
        verification = check_parsed(uow, parsed, accept_expired, now)
        if not verification.valid:
            raise _refusal(parsed, verification)
        # the original bytes go to disk (and fsync) in the background while the merge runs
        keeper = _Keeper(reg, parsed)
        try:
            existing = uow.institutes.by_uscc(m.issuer_uscc)
            institute = _upsert_institute(uow, merge.institute_values(rows), m, verification.expired)
            assert institute.id is not None
            conn = uow.session.connection()
            current = merge.current_records(conn, institute.id) if existing is not None else \
                {f.kind: {} for f in merge.FAMILIES}
            plan_now = merge.plan_merge(plan.incoming, current) if plan is not None else \
                merge.plan_rows(rows, current)
            total = sum(plan_now.counts().values())
            _report(progress, "merging", 0, total)
            writes.replace_records(conn, institute.id, *merge.record_writes(plan_now, institute.id, rows))
            left_on = m.issued_at.date()  # what left the bundle left the issuer's records by then
            for fam, uids in merge.retired_records(plan_now):
                assert fam.retired is not None
                writes.retire_records(conn, fam.model, institute.id, uids, *fam.retired, left_on)
            uow.audit_many(_counted(merge.iter_audit_entries(plan_now, left_on), progress, total))
            _remember_keys(uow, parsed, verification)
            stored = keeper.result()
        finally:
            keeper.result(wait_only=True)
        counts = plan_now.counts()
        _drop_compromised_receipt(uow, m.issuer_uscc, m.seq)
        uow.received.add(ReceivedBundle(
            issuer_uscc=m.issuer_uscc, issuer_name=m.issuer_name, seq=m.seq, key_id=m.key_id,
            issued_at=m.issued_at, expires_at=m.expires_at, received_by=uow.operator, sha256=parsed.sha256,
            size=len(parsed.data), path=str(stored.relative_to(reg.home.path)),
            manifest=json.dumps(m.payload(), ensure_ascii=False), expired_accepted=verification.expired,
            added=counts["added"], changed=counts["changed"], withdrawn=counts["withdrawn"],
        ))
        _report(progress, "saving", total, total)
        uow.commit()
    return verification, plan_now


def _drop_compromised_receipt(uow: UnitOfWork, uscc: str, seq: int) -> None:
    """A bundle of the rightful issuer reaching the number of one a thief sent with the
    compromised key replaces that one's receipt (the audit trail keeps both)."""
    for rb in compromised_receipts(uow, uscc):
        if rb.seq == seq:
            uow.audit("delete", "received_bundle", f"{uscc}#{seq}", label=rb.issuer_name,
                      before={"key_id": rb.key_id, "sha256": rb.sha256, "received_at": str(rb.received_at)})
            uow.received.delete(rb)


def _report(progress: Progress | None, phase: str, done: int = 0, total: int = 0) -> None:
    if progress is not None:
        progress(phase, done, total)


def _counted(entries: Iterable[dict[str, Any]], progress: Progress | None, total: int,
             every: int = 1000) -> Iterator[dict[str, Any]]:
    """``entries`` unchanged, reporting ``merging`` every ``every`` of them (one audit entry
    per record changed, written after the records: the last and longest part of a merge)."""
    n = 0
    for n, entry in enumerate(entries, 1):
        yield entry
        if progress is not None and n % every == 0:
            progress("merging", n, total)
    if progress is not None and n % every:
        progress("merging", n, total)


class _Keeper:
    """:func:`_keep_original` on a background thread (its fsync waits on the disk, not on
    Python), while the merge runs; :meth:`result` waits for it."""

    _pool: concurrent.futures.ThreadPoolExecutor | None = None
    _lock = threading.Lock()

    def __init__(self, reg: Registry, parsed: bundle.ParsedBundle) -> None:
        with _Keeper._lock:
            if _Keeper._pool is None:
                _Keeper._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-bundle")
            self._future = _Keeper._pool.submit(_keep_original, reg, parsed)

    def result(self, wait_only: bool = False) -> Path:
        if wait_only:
            concurrent.futures.wait([self._future])
            return Path()
        return self._future.result()


def _upsert_institute(uow: UnitOfWork, values: dict[str, Any], m: bundle.Manifest, expired: bool) -> Institute:
    institute = uow.institutes.by_uscc(m.issuer_uscc)
    if institute is None:
        institute = Institute(**values)
    else:
        for key, value in values.items():
            setattr(institute, key, value)
    institute.is_own = False
    institute.bundle_seq = m.seq
    institute.bundle_key_id = m.key_id
    institute.bundle_received_at = dt.datetime.now(dt.timezone.utc)
    institute.bundle_expires_at = m.expires_at
    institute.stale = expired
    institute.updated_at = dt.datetime.now(dt.timezone.utc)
    return uow.institutes.add(institute)


def _remember_keys(uow: UnitOfWork, parsed: bundle.ParsedBundle, verification: bundle.Verification) -> None:
    """Keep the rotation and revocation statements seen, and keys accepted through rotation."""
    m = parsed.manifest
    store_statements(uow, m.issuer_uscc, [*parsed.statements, *parsed.card.endorsements])
    path = verification.trust_path
    for previous, key_id in zip(path, path[1:]):
        if uow.trust.get(key_id) is None:
            public = parsed.card.public_key if key_id == m.key_id else _rotated_key(parsed, key_id)
            if public is None:
                continue
            uow.trust.add(TrustedKeyRow(key_id=key_id, uscc=m.issuer_uscc, institute_name=m.issuer_name,
                                        public_key=b64encode(public), fingerprint=fingerprint(public),
                                        added_by=uow.operator, endorsed_by=previous))
    sync_withdrawals(uow, m.issuer_uscc)  # a revocation in the bundle withdraws what it must


def _rotated_key(parsed: bundle.ParsedBundle, key_id: str) -> bytes | None:
    for rot in parsed.rotations:
        if rot.new_key_id == key_id:
            return rot.new_public_key
    return None


def _keep_original(reg: Registry, parsed: bundle.ParsedBundle) -> Path:
    m = parsed.manifest
    folder = reg.home.received_dir / m.issuer_uscc
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{m.issuer_uscc}-{m.seq:06d}.xlsx"
    atomic_write(target, parsed.data, mode=0o644)
    return target


def export_received(reg: Registry, out_dir: str | Path,
                    on_skip: Callable[[DomainError], None] | None = None) -> list[Path]:
    """Copy the original bytes of the latest bundle of every peer (no re-signing).

    The history of received bundles is the database's, their files are in the home of the
    client that imported them: on a shared server another client's bundle has no file here.
    Each such bundle is named (``received.elsewhere``) to ``on_skip`` and left out; without
    ``on_skip``, or when none could be written, that is the refusal. (It failed with
    "[Errno 2] No such file or directory", an internal error.)"""
    out = check_target(reg.home, out_dir, folder=True)
    with reg.uow() as uow:
        chosen = [_latest_honest(uow, rb) for rb in uow.received.latest_per_issuer()]
    latest = [rb for rb in chosen if rb is not None]
    if not latest:
        raise DomainError("received.none")
    here = [rb for rb in latest if (reg.home.path / rb.path).is_file()]
    elsewhere = [DomainError("received.elsewhere", file=Path(rb.path).name, uscc=rb.issuer_uscc, home=str(reg.home.path))
                 for rb in latest if rb not in here]
    if elsewhere and (on_skip is None or not here):
        raise elsewhere[0]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for rb in here:
        target = out / f"{rb.issuer_uscc}-{rb.seq:06d}.xlsx"
        shutil.copyfile(reg.home.path / rb.path, target)
        written.append(target)
    for skipped in elsewhere:
        assert on_skip is not None
        on_skip(skipped)
    return written


def _latest_honest(uow: UnitOfWork, newest: ReceivedBundle) -> ReceivedBundle | None:
    """``newest``, or the latest bundle of its issuer not received after its key's compromise."""
    suspect = {rb.seq for rb in compromised_receipts(uow, newest.issuer_uscc)}
    if newest.seq not in suspect:
        return newest
    honest = [rb for rb in uow.received.for_issuer(newest.issuer_uscc) if rb.seq not in suspect]
    return honest[-1] if honest else None


