"""``labregistry import PATH...`` for several bundles or folders: the preview, the one
confirmation, a progress bar on a terminal's stderr, the summary and ``--json`` (CLI.md).

``import BUNDLE.xlsx`` (one file) keeps its own output in :mod:`.exchange_cmds`. The work
itself is :mod:`labregistry.services.regionimport`'s.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from labregistry import i18n
from labregistry.cli import ProgressBar, fail, open_from, print_json
from labregistry.commands.exchange_cmds import confirm_in_terminal
from labregistry.services import regionimport
from labregistry.services.regionimport import BundleItem, RegionImport


def import_many(args: argparse.Namespace) -> int:
    """Preview every bundle, confirm once, import; exit 1 when any bundle is refused."""
    reg = open_from(args)
    lang = args.lang
    with _progress(args) as progress:
        plan = regionimport.preview_import(reg, args.paths, accept_expired=args.accept_expired,
                                           progress=progress)
    proceed = False
    if not args.dry_run and plan.of("ready"):
        proceed = confirm_in_terminal(args, lambda: print_lines(plan, lang, sys.stderr))
    if proceed:
        with _progress(args) as progress:
            regionimport.apply_import(reg, plan, accept_expired=args.accept_expired, progress=progress)
    if args.json:
        print_json(i18n.render_all(plan.to_json(dry_run=args.dry_run), lang))
    else:
        print_lines(plan, lang, sys.stdout)
        if not plan.applied and plan.of("ready"):
            print(i18n.tr("import.dry_run" if args.dry_run else "import.cancelled", lang))
    refused = plan.of("refused")
    if refused:
        first = refused[0]
        return fail(i18n.tr("many.refused", lang, refused=len(refused), total=len(plan.items), path=first.path,
                            reason=first.reason or first.reason_code or ""))
    return 0


def print_lines(plan: RegionImport, lang: str, stream: TextIO) -> None:
    """The preview (before) or the summary (after): one line per bundle, then the totals."""
    for item in plan.items:
        print(item_line(item, lang), file=stream)
    counts = {"unchanged": len(plan.of("unchanged")), "refused": len(plan.of("refused")), **plan.totals()}
    if plan.applied:
        print(i18n.tr("many.done", lang, imported=len(plan.of("imported")), **counts), file=stream)
    else:
        print(i18n.tr("many.preview", lang, total=len(plan.items), ready=len(plan.of("ready")), **counts),
              file=stream)


def item_line(item: BundleItem, lang: str) -> str:
    """One bundle as the preview and the summary show it (per institute: its newest bundle)."""
    if item.status in ("ready", "imported"):
        line = i18n.tr(f"many.line.{item.status}", lang, name=item.issuer_name, uscc=item.issuer_uscc,
                       seq=item.seq, **item.counts)
        how = item.trust or {}
        if how.get("how") == "endorsed":
            line += i18n.tr("many.endorsed", lang, name=how["coordinator_name"], until=how["until"])
        line += i18n.tr("many.expired", lang) if item.expired else ""
        return "\n".join([line, *("  " + i18n.tr("import.warning", lang, message=w) for w in item.warnings)])
    return i18n.tr(f"many.line.{item.status}", lang, path=item.path, reason=item.reason or item.reason_code or "")


@contextmanager
def _progress(args: argparse.Namespace) -> Iterator[regionimport.Progress]:
    """The bar of :class:`.cli.ProgressBar` (a terminal's stderr only, never with ``--json``)."""
    with ProgressBar.for_args(args) as bar:
        yield lambda phase, done, total: bar.show(i18n.tr(f"many.progress.{phase}", args.lang), done, total)
