"""Importing many bundles in one step: files and folders of bundles, as a coordinator does.

``labregistry import PATH...`` and the app's folder import call these (issue 19). The steps
are those a person expects from one import, done once for the whole set:

1. :func:`preview_import` reads and verifies EVERY bundle first and compares each with the
   registry, writing nothing: what each institute's bundle adds, changes and withdraws, and
   why a bundle is refused. Every bundle is verified first, as ``verify`` would (a key
   revoked since, a signature, a trust decision: refused with what ``verify`` says). Of several
   valid bundles of one institute only the newest is merged (the others are ``unchanged``: a
   bundle is the issuer's whole state); the bundle imported last (same issuer, number and
   bytes, ``import.already``) is ``unchanged`` too, and so is an older bundle of an issuer
   whose newer one is in the set (a folder of the issuer's bundles over time), so running the
   same folder twice refuses nothing. An older bundle alone is a rollback, refused, as
   ``import FILE`` and ``verify`` say of it.
2. One confirmation (the caller's), then :func:`apply_import`: ONE backup before the first
   write, and each bundle merged all or nothing in its own transaction, checked again
   inside it (:func:`.exchange.apply_bundle`). A bundle refused there is reported as such;
   the others stay imported.

Bundles read in step 1 are kept parsed for step 2 up to :data:`KEEP_PARSED_BYTES` of files
(a region's bundles, not its 10x); larger sets read the rest again, and a file whose bytes
changed between the preview and the merge is refused (``import.file_changed``): what is
merged is what was previewed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.exchange import bundle, merge
from labregistry.registry import Registry
from labregistry.services import exchange
from labregistry.storage import backups

BUNDLE_SUFFIX = ".xlsx"
KEEP_PARSED_BYTES = 64 << 20
"""Bundle files kept parsed between the preview and the merge, in bytes of files (about
ten times that in memory): a region of 20,000 standards is about 15 MB."""

Status = Literal["ready", "imported", "unchanged", "refused"]
Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: ``verifying`` then ``importing``, ``done`` of
``total`` bundles. An exception raised by it stops the work: a bundle is never left half
merged (the ones merged before stay, as after a refusal)."""


@dataclass
class BundleItem:
    """One file of the set: what it is, what happens to it, and why."""

    path: Path
    status: Status = "ready"
    reason: i18n.Renderable | None = None  # why, for the edge to render (issue 17)
    reason_code: str | None = None
    issuer_uscc: str | None = None
    issuer_name: str | None = None
    seq: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"added": 0, "changed": 0, "withdrawn": 0})
    expired: bool = False
    trust: dict[str, str] | None = None  # how the signing key is trusted (Verification.trust)
    sha256: str | None = None
    parsed: bundle.ParsedBundle | None = None  # kept from the preview for the merge
    warnings: tuple[i18n.Message, ...] = ()  # rows taken as written (Verification.warnings)

    def refuse(self, code: str, reason: i18n.Renderable | None) -> None:
        self.status, self.reason_code, self.reason, self.parsed = "refused", code, reason, None

    def to_json(self, applied: bool) -> dict[str, Any]:
        """One object of ``import --json``'s ``bundles`` (CLI.md); ``ready`` shows as
        ``imported`` with ``applied`` false in a preview (what would be done)."""
        return {"path": str(self.path), "issuer_uscc": self.issuer_uscc, "issuer_name": self.issuer_name,
                "seq": self.seq, "status": "imported" if self.status == "ready" else self.status,
                "applied": self.status == "imported" and applied, "reason": self.reason,
                "reason_code": self.reason_code, "counts": dict(self.counts), "expired": self.expired,
                "trust": self.trust, "warnings": list(self.warnings)}


@dataclass
class RegionImport:
    """The set's preview, or what its import did (``applied``)."""

    items: list[BundleItem]
    applied: bool = False
    backup: Path | None = None

    def of(self, *statuses: Status) -> list[BundleItem]:
        return [item for item in self.items if item.status in statuses]

    def totals(self) -> dict[str, int]:
        merged = self.of("ready", "imported")
        return {key: sum(item.counts[key] for item in merged) for key in ("added", "changed", "withdrawn")}

    def to_json(self, dry_run: bool = False) -> dict[str, Any]:
        """``import --json`` for several paths or a folder (CLI.md)."""
        return {"bundles": [item.to_json(self.applied) for item in self.items],
                "imported": len(self.of("ready", "imported")), "unchanged": len(self.of("unchanged")),
                "refused": len(self.of("refused")), "dry_run": dry_run, "applied": self.applied,
                "records": self.totals()}


def bundle_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The bundle files named: files as given, folders as their ``.xlsx`` files (sub-folders
    included, in name order; office lock files ``~$...`` and hidden files left out), each once."""
    out: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _bundle_file(p))
            if not found:
                raise DomainError("import.no_bundles", path=str(path))
            out.update(dict.fromkeys(found))
        elif path.exists():
            out[path] = None
        else:
            raise DomainError("file.not_found", path=str(path))
    return list(out)


def _bundle_file(path: Path) -> bool:
    return path.suffix.lower() == BUNDLE_SUFFIX and not path.name.startswith(("~$", ".")) and path.is_file()


def preview_import(reg: Registry, paths: Sequence[str | Path], *, accept_expired: bool = False,
                   now: dt.datetime | None = None,
                   progress: Progress | None = None) -> RegionImport:
    """Read and verify every bundle and compare it with the registry; nothing is written."""
    files = bundle_paths(paths)
    items: list[BundleItem] = []
    kept = 0
    with exchange.one_connection(reg) as work:
        for done, path in enumerate(files):
            _report(progress, "verifying", done, len(files))
            item = _preview_one(work, path, accept_expired, now)
            if item.parsed is not None:
                kept += len(item.parsed.data)
                if kept > KEEP_PARSED_BYTES:
                    item.parsed = None  # read again for the merge
            items.append(item)
    _report(progress, "verifying", len(files), len(files))
    _keep_newest(items)
    return RegionImport(items)


def _preview_one(reg: Registry, path: Path, accept_expired: bool,
                 now: dt.datetime | None) -> BundleItem:
    item = BundleItem(path)
    try:
        parsed = exchange.read_bundle_file(path)
    except DomainError as exc:
        item.refuse(exc.code, exc)
        return item
    m = parsed.manifest
    item.issuer_uscc, item.issuer_name, item.seq, item.sha256 = m.issuer_uscc, m.issuer_name, m.seq, parsed.sha256
    with reg.uow() as uow:
        verification = exchange.check_parsed(uow, parsed, accept_expired, now)
        if verification.reason_code == "import.already":  # verified, and the very bundle imported last
            item.status, item.reason_code, item.reason = "unchanged", "import.already", verification.reason
            return item
        if not verification.valid:
            item.refuse(verification.reason_code or "bundle.bad_signature", verification.reason)
            return item
        existing = uow.institutes.by_uscc(m.issuer_uscc)
        rows = parsed.merge_rows()
        if existing is None or existing.id is None:  # a new institute: every record is added
            item.counts["added"] = sum(len(rows[f.parent.spec.name]) for f in merge.FAMILIES)
        else:
            current = merge.current_records(uow.session.connection(), existing.id)
            item.counts = merge.plan_rows(rows, current).counts()
    item.expired, item.parsed, item.trust = verification.expired, parsed, verification.trust()
    item.warnings = verification.warnings
    return item


def _keep_newest(items: list[BundleItem]) -> None:
    """Of several valid bundles of one institute, only the newest is merged; an older one
    (verified, and refused only as a rollback) of an institute whose bundle imported last or a
    newer valid one is in the set is superseded by it, not refused: the set holds the issuer's
    newer state."""
    newest: dict[str, BundleItem] = {}
    for item in items:
        current = item.status == "ready" or item.reason_code == "import.already"
        if current and item.issuer_uscc is not None and item.seq is not None:
            best = newest.get(item.issuer_uscc)
            if best is None or (best.seq or 0) < item.seq:
                newest[item.issuer_uscc] = item
    for item in items:
        best = newest.get(item.issuer_uscc or "")
        if best is None or best is item:
            continue
        if item.status == "ready" or (item.reason_code == "bundle.rollback" and (item.seq or 0) < (best.seq or 0)):
            item.status, item.parsed, item.reason_code = "unchanged", None, None
            item.reason = i18n.Message.of("import.superseded", newer=best.seq)
            item.counts = {"added": 0, "changed": 0, "withdrawn": 0}


def apply_import(reg: Registry, plan: RegionImport, *, accept_expired: bool = False, operator: str | None = None,
                 now: dt.datetime | None = None,
                 progress: Progress | None = None) -> RegionImport:
    """Merge the bundles the preview found ready: one backup, then each all or nothing."""
    ready = plan.of("ready")
    plan.applied = True
    if not ready:
        return plan
    plan.backup = backups.backup_database(reg.home, "import")
    with exchange.one_connection(reg) as work:
        for done, item in enumerate(ready):
            _report(progress, "importing", done, len(ready))
            _merge_one(work, item, accept_expired, operator, now)
    _report(progress, "importing", len(ready), len(ready))
    return plan


def _merge_one(reg: Registry, item: BundleItem, accept_expired: bool, operator: str | None,
               now: dt.datetime | None) -> None:
    try:
        parsed = item.parsed or exchange.read_bundle_file(item.path)
        if parsed.sha256 != item.sha256:
            raise DomainError("import.file_changed", path=str(item.path))
        rows = parsed.merge_rows()
        _verification, done = exchange.apply_bundle(reg, parsed, rows, accept_expired, None, operator, now)
    except DomainError as exc:
        item.refuse(exc.code, exc)
        return
    finally:
        item.parsed = None
    item.status, item.counts = "imported", done.counts()


def _report(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)
