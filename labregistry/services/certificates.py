"""Capability certificates: issue them (gather, sign, render, write) and verify them offline.

What the CLI's ``certificate`` / ``verify-certificate`` and the app's preview, print and
verify dialogs call. Issuing needs the own institute's unlocked key (:func:`unlock`);
every function that writes a file writes it atomically, so a refused or failed run leaves
no half file behind. :func:`issue_batch` reports progress and can be cancelled from
another thread (the app runs it off the GUI thread).

Only the own institute issues: a standard's certificate is for one of its own standards,
a statement for the own institute. Verification uses the keys known here: the own keys
(current and earlier ones in ``home/keys``) and the trusted peer keys (:func:`trusted_keys`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from labregistry import i18n
from labregistry.certificates import content as contents
from labregistry.certificates import fonts as fontmod
from labregistry.certificates import layout, pagecheck, pdfread
from labregistry.certificates.language import CertificateLanguage
from labregistry.certificates.payload import (
    ALTERED,
    GENUINE,
    KIND_STANDARD,
    PAGE_MISMATCH,
    KIND_STATEMENT,
    PREFIX,
    CertificateCheck,
    CertificatePayload,
    KeyLike,
    fits_payload,
    normalise_text,
    sign_certificate,
    verify_payload_text,
)
from labregistry.domain import usability
from labregistry.domain.records import STATUSES
from labregistry.errors import DomainError
from labregistry import files
from labregistry.crypto import keys
from labregistry.crypto.jsonform import Detail, FormatError
from labregistry.exchange.trust import TrustedKey
from labregistry.outputs import check_target
from labregistry.registry import Registry
from labregistry.services import ownkeys, setup
from labregistry.storage import queries
from labregistry.storage.models import Institute, Standard
from labregistry.storage.queries import RecordQuery
from labregistry.storage.repositories import StandardAggregate
from labregistry.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancel = threading.Event | Callable[[], bool] | None


# ---------------------------------------------------------------- keys and fonts


def trusted_keys(reg: Registry) -> dict[str, TrustedKey]:
    """The trusted peer keys by key id (revoked ones flagged), from the trust store."""
    from labregistry.services.exchange import trusted_key_map

    return trusted_key_map(reg)


def own_keys(reg: Registry) -> dict[str, KeyLike]:
    """The own institute's public keys: the current one and earlier ones kept in ``home/keys``.

    A key the institute revoked itself (``keys revoke`` or ``keys rotate --revoke-old``) comes
    back flagged revoked: a certificate it signed is refused here as at a peer (SECURITY.md K4),
    whatever date it bears (a thief holding the key writes any date). Revoked means recorded so
    in the database or said by a statement file in ``home/keys/statements``
    (:mod:`labregistry.services.ownkeys`): deleting the files does not make the key genuine
    again, and a file that does not read stops the check, naming the file."""
    own = ownkeys.key_infos(reg)
    out: dict[str, KeyLike] = dict(own)
    for kid, rev in ownkeys.revocations(own, ownkeys.read(reg)).items():
        key = own[kid]
        out[kid] = TrustedKey(key_id=kid, uscc=key.uscc, public_key=key.public_key, revoked=True,
                              revoked_at=rev.compromised_since, revoked_reason=rev.reason)
    return out


def known_keys(reg: Registry) -> dict[str, KeyLike]:
    """Own keys and trusted keys by key id; a trust-store entry wins (it may be revoked)."""
    out: dict[str, KeyLike] = dict(own_keys(reg))
    out.update(trusted_keys(reg))
    return out


def unlock(reg: Registry, passphrase: str) -> keys.SigningKey:
    """The own institute's signing key, unlocked (``key.passphrase_wrong`` otherwise)."""
    return setup.unlock_own_key(reg, passphrase)


def certificate_fonts(reg: Registry) -> fontmod.FontSet:
    """The fonts to print with: env LABREGISTRY_CJK_FONT, the setting, the system, the fallback."""
    with _reading(reg) as uow:
        configured = uow.settings.get(fontmod.FONT_SETTING)
    return fontmod.resolve_fonts(configured)


def set_certificate_font(reg: Registry, value: str | None) -> fontmod.FontSet:
    """Remember a font (path, ``path#N`` or ``builtin``; None or "" clears it) and resolve it."""
    with reg.uow(source="settings", write=True) as uow:
        uow.settings.set(fontmod.FONT_SETTING, (value or "").strip())
        uow.commit()
    fontmod.clear_cache()
    return certificate_fonts(reg)


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class IssuedCertificate:
    """One certificate written (or rendered for a preview when ``path`` is None)."""

    kind: str
    serial: str
    payload: str
    records: list[str]
    label: str  # the standard's certificate number, or the institute's name
    path: Path | None = None
    pages: int = 0
    qr_version: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "serial": self.serial,
            "label": self.label,
            "records": self.records,
            "path": str(self.path) if self.path else None,
            "pages": self.pages,
            "qr_version": self.qr_version,
            "payload": self.payload,
        }


@dataclass
class BatchResult:
    issued: list[IssuedCertificate] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    pages: int = 0
    font: fontmod.FontSet | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "count": len(self.issued),
            "files": [str(f) for f in self.files],
            "pages": self.pages,
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
            "font": self.font.describe() if self.font else None,
            "certificates": [c.to_json() for c in self.issued],
        }


# ---------------------------------------------------------------- gathering and signing


def _own(uow: UnitOfWork) -> Institute:
    own = uow.institutes.own()
    if own is None or own.id is None:
        raise DomainError("record.no_own_institute")
    return own


def _check_key(key: keys.SigningKey, own: Institute) -> None:
    if key.uscc != own.uscc:
        raise DomainError("certificate.key_mismatch", key_uscc=key.uscc, uscc=own.uscc)


def _reading(reg: Registry) -> UnitOfWork:
    """A unit of work that only reads (no operator lookup: nothing is audited)."""
    return reg.uow(_READER)


_READER = "certificates"


def resolve_standard(reg: Registry, ref: str | int) -> int:
    """The id of the own standard ``ref`` names: its certificate number, else its id."""
    with _reading(reg) as uow:
        return _resolve(uow, _own(uow), ref)


def _resolve(uow: UnitOfWork, own: Institute, ref: str | int) -> int:
    """The id of the own standard ``ref`` names.

    An ``int`` is a record id (what the app passes); text is what a person types, so a
    certificate number comes first and an id second. Trying the certificate number for an
    id too would let a standard whose certificate number is "17" stand in for standard 17.
    """
    text = str(ref).strip()
    assert own.id is not None
    if isinstance(ref, int):
        return _own_by_id(uow, own, ref, text)
    matches = uow.standards.by_certificate(own.id, text)
    if len(matches) > 1:
        raise DomainError(
            "certificate.standard_ambiguous", ref=text, ids=", ".join(str(m.id) for m in matches)
        )
    if matches:
        return int(matches[0].id)  # type: ignore[arg-type]
    if text.isascii() and text.isdigit():  # "²".isdigit() is true, int("²") raises
        return _own_by_id(uow, own, int(text), text)
    raise DomainError("certificate.standard_not_found", ref=text)


def _own_by_id(uow: UnitOfWork, own: Institute, standard_id: int, text: str) -> int:
    # the record alone (the session keeps it for the certificate, whose instruments and
    # services are loaded once, when it is gathered)
    standard = uow.session.get(Standard, standard_id)
    if standard is None:
        raise DomainError("certificate.standard_not_found", ref=text)
    if standard.institute_id != own.id:
        owner = uow.institutes.get(standard.institute_id)
        raise DomainError(
            "certificate.standard_not_own",
            ref=text,
            institute=owner.name if owner else standard.institute_id,
        )
    return standard_id


def _standard_spec(
    uow: UnitOfWork, own: Institute, standard_id: int, key: keys.SigningKey, issued_on: dt.date,
    language: CertificateLanguage
) -> layout.CertificateSpec:
    agg = uow.standards.get(standard_id)
    if agg is None:
        raise DomainError("certificate.standard_not_found", ref=standard_id)
    s = agg.standard
    if s.institute_id != own.id:
        raise DomainError("certificate.standard_not_own", ref=s.certificate_no, institute=s.institute_id)
    if not usability.in_force(s.status, s.issued_on, s.valid_until, issued_on):
        raise DomainError(
            "certificate.not_in_force",
            certificate_no=s.certificate_no,
            date=issued_on.isoformat(),
            status=STATUSES.named(s.status),  # a message: the user's language, not the certificate's
            valid_until=s.valid_until.isoformat(),
        )
    refusal = usability.certificate_refusal(s.certificate_no, len(agg.services), _dues(agg), issued_on)
    if refusal is not None:
        raise refusal
    content = contents.standard_content(own, agg)
    number = s.certificate_no if fits_payload(s.certificate_no) else None
    payload = CertificatePayload(
        kind=KIND_STANDARD,
        issuer_uscc=own.uscc,
        key_id=key.key_id,
        issued_on=issued_on,
        digest=contents.content_digest(content),
        record_uid=s.uid,
        certificate_no=number,
        valid_until=s.valid_until,
    )
    return layout.CertificateSpec(content, payload, sign_certificate(payload, key))


def _dues(agg: StandardAggregate) -> list[usability.InstrumentDue]:
    return [usability.InstrumentDue(i.role, i.name, i.serial_no, i.calibration_due) for i in agg.instruments]


def certificate_warnings(reg: Registry, ref: str | int, *, on: dt.date | None = None) -> list[i18n.Message]:
    """What a standard's certificate is issued with but a lab manager should know (ancillary
    equipment past its calibration due date), one message each, for the edges to render."""
    day = on or dt.date.today()
    with _reading(reg) as uow:
        agg = uow.standards.get(_resolve(uow, _own(uow), ref))
        if agg is None:
            return []
        return usability.certificate_warnings(agg.standard.certificate_no, _dues(agg), day)


def _statement_contents(uow: UnitOfWork, inst: Institute, as_of: dt.date, *, every_version: bool = False
                        ) -> list[contents.Content]:
    """The statement as issued now; with ``every_version``, in every content version, newest
    first (what a statement issued earlier is compared with). The capability rows of the
    standards it lists are read in one query per few thousand standards."""
    rows = queries.page(uow.session, RecordQuery(kind="standards", institute_uscc=inst.uscc))
    listed = [int(r["id"]) for r in rows if usability.row_usable(r, as_of)]
    caps = queries.capabilities_of(uow.session, listed)
    auth_ids = queries.ids(uow.session, RecordQuery(kind="authorisations", institute_uscc=inst.uscc))
    auths = [a for a in (uow.authorisations.get(i) for i in auth_ids) if a is not None]
    if every_version:
        return contents.statement_contents(inst, rows, auths, as_of, capabilities=caps)
    return [contents.statement_content(inst, rows, auths, as_of, capabilities=caps)]


def _statement_spec(
    uow: UnitOfWork, own: Institute, uscc: str, key: keys.SigningKey, issued_on: dt.date
) -> layout.CertificateSpec:
    if uscc.strip().upper() != own.uscc:
        raise DomainError("certificate.institute_not_own", uscc=uscc, own=own.uscc)
    (content,) = _statement_contents(uow, own, issued_on)
    payload = CertificatePayload(
        kind=KIND_STATEMENT,
        issuer_uscc=own.uscc,
        key_id=key.key_id,
        issued_on=issued_on,
        digest=contents.content_digest(content),
        counts=contents.statement_counts(content),
    )
    return layout.CertificateSpec(content, payload, sign_certificate(payload, key))


def standard_spec(
    reg: Registry, ref: str | int, key: keys.SigningKey, *, issued_on: dt.date | None = None,
    language: CertificateLanguage = "zh",
) -> layout.CertificateSpec:
    """Gather and sign the certificate of one own standard (not rendered yet)."""
    with _reading(reg) as uow:
        own = _own(uow)
        _check_key(key, own)
        return _standard_spec(uow, own, _resolve(uow, own, ref), key, issued_on or dt.date.today(), language)


def statement_spec(
    reg: Registry, uscc: str, key: keys.SigningKey, *, issued_on: dt.date | None = None
) -> layout.CertificateSpec:
    """Gather and sign the own institute's capability statement (not rendered yet)."""
    with _reading(reg) as uow:
        own = _own(uow)
        _check_key(key, own)
        return _statement_spec(uow, own, uscc, key, issued_on or dt.date.today())


# ---------------------------------------------------------------- rendering and writing


def render(
    specs: Sequence[layout.CertificateSpec],
    fonts: fontmod.FontSet,
    language: CertificateLanguage = "zh",
    *,
    progress: Progress | None = None,
    cancel: Cancel = None,
) -> layout.RenderResult:
    """The PDF bytes of ``specs`` (what a preview shows)."""
    return layout.render(specs, fonts, language, progress=progress, cancelled=_cancel_fn(cancel))


def _write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write a PDF so that a reader sees the old file or the new one, never half of one.

    Like :func:`labregistry.files.atomic_write` but without fsync: a certificate
    can be printed again, and two fsyncs per file were a tenth of a batch's time.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise files.write_failed(exc, target) from None
    return target


def _issued(
    spec: layout.CertificateSpec, result: layout.RenderResult | None, path: Path | None
) -> IssuedCertificate:
    c = spec.content
    label = c["standard"]["certificate_no"] if spec.payload.kind == KIND_STANDARD else c["institute"]["name"]
    return IssuedCertificate(
        kind=spec.payload.kind,
        serial=spec.serial,
        payload=spec.text,
        records=spec.payload.records,
        label=label,
        path=path,
        pages=result.pages if result else 0,
        qr_version=result.qr_version if result else 0,
    )


def issue_standard(
    reg: Registry,
    ref: str | int,
    out: str | os.PathLike[str],
    key: keys.SigningKey,
    *,
    language: CertificateLanguage = "zh",
    issued_on: dt.date | None = None,
    fonts: fontmod.FontSet | None = None,
) -> IssuedCertificate:
    """Write the PDF certificate of one own standard to ``out``."""
    check_target(reg.home, out)
    spec = standard_spec(reg, ref, key, issued_on=issued_on, language=language)
    result = layout.render([spec], fonts or certificate_fonts(reg), language)
    return _issued(spec, result, _write(out, result.data))


def issue_statement(
    reg: Registry,
    uscc: str,
    out: str | os.PathLike[str],
    key: keys.SigningKey,
    *,
    language: CertificateLanguage = "zh",
    issued_on: dt.date | None = None,
    fonts: fontmod.FontSet | None = None,
) -> IssuedCertificate:
    """Write the own institute's capability statement to ``out``."""
    check_target(reg.home, out)
    spec = statement_spec(reg, uscc, key, issued_on=issued_on)
    result = layout.render([spec], fonts or certificate_fonts(reg), language)
    return _issued(spec, result, _write(out, result.data))


def select_standards(
    reg: Registry, *, expiring_within: int | None = None, text: str = "", on: dt.date | None = None
) -> list[int]:
    """Ids of the own standards that can be certified on ``on`` (default today) and match the
    filter, in certificate-number order: what a batch prints. Left out: standards not in force,
    needing recalibration, without a main instrument or without a service (domain.usability)."""
    day = on or dt.date.today()
    query = RecordQuery(
        kind="standards", own_only=True, text=text, expiring_within=expiring_within, today=day, status="valid"
    )
    with _reading(reg) as uow:
        rows = queries.page(uow.session, query)
        ids = [int(r["id"]) for r in rows if usability.row_usable(r, day) and r["main_instruments"]]
        served = queries.standards_with_services(uow.session, ids)
    return [i for i in ids if i in served]


def _cancel_fn(cancel: Cancel) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_name(label: str, record_id: int) -> str:
    """A file name from a certificate number, safe on Windows too: ``[2023]沪量标证字第0123号.pdf``."""
    stem = _UNSAFE.sub("_", label).strip(" ._")[:100]
    return f"{stem or 'standard'}.pdf" if stem else f"standard-{record_id}.pdf"


def issue_batch(
    reg: Registry,
    standard_ids: Sequence[int],
    key: keys.SigningKey,
    *,
    out: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    language: CertificateLanguage = "zh",
    issued_on: dt.date | None = None,
    fonts: fontmod.FontSet | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
) -> BatchResult:
    """Certificates of several own standards: into one PDF (``out``) or one file each (``out_dir``).

    ``progress(done, total)`` is called after each certificate; ``cancel`` (an Event or a
    callable) stops the run between certificates. Cancelled, a single ``out`` file is not
    written; in ``out_dir`` the files already finished stay, and the result says so.
    Every standard is checked (in force, own) before anything is written.
    """
    if (out is None) == (out_dir is None):
        raise ValueError("give exactly one of out and out_dir")
    if out is not None:
        check_target(reg.home, out)
    else:
        check_target(reg.home, out_dir, folder=True)  # type: ignore[arg-type]
    if not standard_ids:
        raise DomainError("certificate.nothing_selected")
    started = time.perf_counter()
    is_cancelled = _cancel_fn(cancel)
    day = issued_on or dt.date.today()
    fonts = fonts or certificate_fonts(reg)
    total = len(standard_ids)
    with _reading(reg) as uow:
        own = _own(uow)
        _check_key(key, own)
        specs = []
        for sid in standard_ids:
            if is_cancelled():
                return BatchResult(cancelled=True, seconds=time.perf_counter() - started, font=fonts)
            specs.append(_standard_spec(uow, own, sid, key, day, language))
    result = BatchResult(font=fonts)
    if out is not None:
        try:
            rendered = layout.render(specs, fonts, language, progress=progress, cancelled=is_cancelled)
        except layout.Cancelled:
            result.cancelled = True
        else:
            path = _write(out, rendered.data)
            result.files.append(path)
            result.pages = rendered.pages
            result.issued = [_issued(s, None, path) for s in specs]
    else:
        folder = Path(out_dir)  # type: ignore[arg-type]
        folder.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for n, (sid, spec) in enumerate(zip(standard_ids, specs, strict=True), start=1):
            if is_cancelled():
                result.cancelled = True
                break
            name = file_name(spec.content["standard"]["certificate_no"], sid)
            if name.lower() in used:
                name = f"{name[:-4]}-{sid}.pdf"
            used.add(name.lower())
            rendered = layout.render([spec], fonts, language)
            path = _write(folder / name, rendered.data)
            result.files.append(path)
            result.pages += rendered.pages
            result.issued.append(_issued(spec, rendered, path))
            if progress:
                progress(n, total)
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------- verification


def verify_text(
    reg: Registry | None, text: str, *, keys_known: Mapping[str, KeyLike] | None = None
) -> CertificateCheck:
    """Check a scanned or typed payload; with a registry, add what its database knows.

    Its facts are the signed content's when the database holds the record unchanged, else
    what the payload itself names (credit code, certificate number, validity)."""
    known = keys_known if keys_known is not None else (known_keys(reg) if reg is not None else {})
    check = verify_payload_text(text, known)
    content = None
    if reg is not None:
        check, content = _enrich(reg, check)
    if check.payload is not None:
        check = replace(check, facts=tuple(pagecheck.signed_facts(check.payload, content)))
    return check


def verify_source(reg: Registry | None, source: str | os.PathLike[str]) -> list[CertificateCheck]:
    """Verify a PDF file, a text file holding a payload, or the payload text itself.

    A PDF may hold several certificates (a batch): one check each, in page order.
    """
    known = known_keys(reg) if reg is not None else {}
    text = str(source).strip()
    if normalise_text(text).startswith(PREFIX):
        return [verify_text(reg, text, keys_known=known)]
    path = Path(source)
    if path.is_file():
        if pdfread.is_pdf(path):
            return _verify_pdf(reg, path, known)
        content = files.read_capped(path, 64 * 1024).decode("utf-8", errors="replace")
        return [verify_text(reg, content, keys_known=known)]
    if path.suffix.lower() in (".pdf", ".txt") or os.sep in text or "/" in text:
        raise DomainError("file.unreadable", file=text, reason="not found")
    return [verify_text(reg, text, keys_known=known)]


def _verify_pdf(reg: Registry | None, path: Path, known: Mapping[str, KeyLike]) -> list[CertificateCheck]:
    """Each certificate of the PDF: its code, the QR code on its page, and its page's text."""
    pdf = pdfread.read_certificate_pdf(path)
    checks = []
    try:
        for item in pdf.found:
            check = verify_payload_text(item.text, known)
            content = None
            if reg is not None:
                check, content = _enrich(reg, check)
            check = _check_qr(replace(check, page=item.page), path, item)
            if check.genuine:
                check = _check_page(check, pdf, item, content)
            elif check.payload is not None:
                check = replace(check, facts=tuple(pagecheck.signed_facts(check.payload, None)))
            checks.append(check)
    finally:
        pdf.close()
    return checks


def _check_qr(check: CertificateCheck, path: Path, item: pdfread.FoundPayload) -> CertificateCheck:
    """The QR code drawn on the page must be the code embedded (when it can be decoded here)."""
    if item.page is None or check.payload is None or not pdfread.qr_support():
        return check
    decoded = pdfread.qr_texts(path, item.page)
    if decoded is None:
        return check
    if item.text in decoded:
        return replace(check, qr_checked=True)
    if check.genuine:
        return replace(check, status=ALTERED, qr_checked=False,
                       problem=DomainError("certificate.qr_mismatch", page=item.page))
    return replace(check, qr_checked=False)


def _check_page(check: CertificateCheck, pdf: pdfread.CertificatePdf, item: pdfread.FoundPayload,
                known_content: contents.Content | None) -> CertificateCheck:
    """A genuine code proves its signed facts; the certificate's pages must state each of them.

    The facts come from the content the PDF carries for this certificate (which must be the
    content the signature's digest covers), else from the database's unchanged record."""
    p = check.payload
    assert p is not None
    carried = pdf.contents.get(item.page) if item.page is not None else None
    if carried is not None and contents.content_digest(carried) != p.digest:
        return replace(check, status=ALTERED, page_checked=False,
                       problem=DomainError("certificate.content_mismatch"),
                       facts=tuple(pagecheck.signed_facts(p, known_content)))
    content = carried if carried is not None else known_content
    facts = tuple(pagecheck.signed_facts(p, content))
    if content is None:
        return replace(check, status=PAGE_MISMATCH, page_checked=False, facts=facts,
                       problem=DomainError("certificate.no_signed_content"))
    first, last = pdf.pages_of(item)
    missing = pagecheck.first_missing(facts, pdf.text(first, last))
    if missing is not None:  # pdfium may have lost a glyph of the CID font: pypdf decides
        missing = pagecheck.first_missing(facts, pdf.exact_text(first, last))
    if missing is None:
        return replace(check, page_checked=True, facts=facts)
    where = Detail(missing.where[0], **missing.where_params()) if missing.where else ""
    problem = FormatError("certificate.page_fact_missing", pages=str(first) if first == last else f"{first}-{last}",
                          where=where, fact=Detail(missing.label_code), value=missing.value)
    return replace(check, status=PAGE_MISMATCH, page_checked=False, facts=facts, problem=problem)


def _enrich(reg: Registry, check: CertificateCheck) -> tuple[CertificateCheck, contents.Content | None]:
    """Add the issuer's name and, for a genuine certificate, whether its record changed since;
    with the record's content when it is unchanged (what the certificate states)."""
    p = check.payload
    if p is None:
        return check, None
    with _reading(reg) as uow:
        inst = uow.institutes.by_uscc(p.issuer_uscc)
        if inst is None or inst.id is None:
            return check, None
        name = check.issuer_name or inst.name
        if check.status != GENUINE:
            return replace(check, issuer_name=name), None
        if p.kind == KIND_STANDARD:
            agg = uow.standards.by_uid(inst.id, p.record_uid or "")
            versions = contents.standard_contents(inst, agg) if agg is not None else []
        else:
            versions = _statement_contents(uow, inst, p.issued_on, every_version=True)
    if not versions:
        return replace(check, issuer_name=name, record_state="not_found"), None
    content = next((c for c in versions if contents.content_digest(c) == p.digest), None)
    return replace(check, issuer_name=name, record_state="unchanged" if content is not None else "changed"), content
