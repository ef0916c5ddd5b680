"""Keeping the registry safe: check, backup, restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labregistry import cli_lang, i18n
from labregistry.cli import command, fail, json_only, print_json
from labregistry.config import Home, resolve_home
from labregistry.errors import DomainError
from labregistry.registry import open_registry, require_home
from labregistry.services import backups, catalogues, maintenance


def _home(args: argparse.Namespace) -> Home:
    return resolve_home(getattr(args, "home", None), getattr(args, "db", None))


@command("check", "integrity check of the database / 数据库完整性检查")
def cmd_check(args: argparse.Namespace) -> int:
    """Exit 1 when the database is not sound, and when it is but an own capability row stops
    every export (``export_blocked``, CLI.md: a failed check; a lab manager reads the last line,
    a script ``ok``), or the own key statements are not as the database records them
    (``own_keys``: a revocation file lost means the folder no longer says what the institute
    did; one that does not read stops every certificate check); the catalogues' warnings
    alone leave it 0. ``sound`` is the database's
    own verdict."""
    home = _home(args)
    require_home(home)
    report = maintenance.check_database(home)
    report["problems"] = [i18n.rendered(p, args.lang) for p in report["problems"]]
    report["backups"] = [str(b.path) for b in backups.list_backups(home)[:5]]
    report["sound"] = report["ok"]
    warnings, blocking, own_keys = _check_warnings(args, args.lang) if report["sound"] else ([], [], [])
    report["warnings"] = warnings + blocking
    report["export_blocked"] = len(blocking) if report["sound"] else None  # not read from an unsound database
    report["own_keys"] = own_keys
    report["ok"] = report["sound"] and not blocking and not own_keys
    if args.json:
        print_json(report)
    if not report["sound"]:
        if not args.json and report["backups"]:
            print(i18n.tr("check.backups", args.lang))
            for path in report["backups"]:
                print(f"  {path}")
        return fail(i18n.tr("check.failed", args.lang, detail="; ".join(report["problems"])))
    if not args.json:
        print(i18n.tr("check.ok", args.lang, backend=report["backend"], rev=report["schema_revision"]))
        _print_warnings("check.warnings", warnings, args.lang)
        _print_warnings("check.export_blocked_rows", blocking, args.lang)
        for problem in own_keys:
            print("  " + str(problem["message"]))
    if blocking:
        return fail(i18n.tr("check.export_blocked", args.lang, n=len(blocking)))
    if own_keys:
        return fail(i18n.tr("check.own_keys", args.lang, n=len(own_keys)))
    return 0  # warnings do not fail the check (CLI.md: exit 1 is a refusal or a failure)


def _check_warnings(args: argparse.Namespace, lang: str | None
                    ) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """The own records the catalogues flag (services.catalogues.own_warnings) and those with an
    accuracy text exported as written though the class rules refuse it now, and apart the
    capability rows receivers would refuse (services.exchange.check_own_rows), which stop
    every export, and what is wrong with the own key statements (services.ownkeys.problems: a
    revocation or rotation file lost, or one that does not read); read from the sound
    database without migrating it."""
    reg = open_registry(getattr(args, "home", None), getattr(args, "db", None), migrate=False, logging=False,
                        must_exist=True)
    try:
        from labregistry.services import exchange  # the bundle machinery: only for a sound database

        refused, kept = exchange.check_own_rows(reg)
        warnings: list[dict[str, object]] = i18n.render_all([*catalogues.own_warnings(reg), *kept], lang)
        from labregistry.services import ownkeys

        blocking: list[dict[str, object]] = i18n.render_all(refused, lang)
        own_keys: list[dict[str, object]] = i18n.render_all(ownkeys.problems(reg), lang)
        return warnings, blocking, own_keys
    finally:
        reg.close()


def _print_warnings(heading: str, warnings: list[dict[str, object]], lang: str | None) -> None:
    if not warnings:
        return
    print(i18n.tr(heading, lang, n=len(warnings)))
    for w in warnings:
        record = " ".join(str(w[k]) for k in ("certificate_no", "subject") if w.get(k))
        print("  " + i18n.tr("check.warning", lang, record=record, message=w["message"]))


cmd_check.configure = json_only  # type: ignore[attr-defined]


@command("backup", "a safe copy of the database / 备份数据库")
def cmd_backup(args: argparse.Namespace) -> int:
    home = _home(args)
    require_home(home)
    path = backups.manual_backup(home, Path(args.out) if args.out else None)
    if args.json:
        print_json({"path": str(path)})
    else:
        print(i18n.tr("backup.done", args.lang, path=path))
    return 0


cli_lang.help_texts(
    {
        "where to write (default: the home's backups folder)": "写到哪里（默认：数据文件夹中的 backups 文件夹）",
        "the backup file to restore": "要恢复的备份文件",
        "restore a backup of another institute's registry over this one (after a warning)":
            "用另一机构的备份覆盖本库（先给出警告）",
    }
)


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", nargs="?", metavar="OUT", help="where to write (default: the home's backups folder)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_backup.configure = _backup_args  # type: ignore[attr-defined]


@command("restore", "replace the database by a backup (the current state is kept) / 从备份恢复")
def cmd_restore(args: argparse.Namespace) -> int:
    home = _home(args)
    if not home.path.is_dir():  # a restore may replace a lost database, not make a home
        raise DomainError("home.missing", path=str(home.path))
    def warn_other(theirs: str, ours: str) -> None:
        print(i18n.tr("restore.forced_other", args.lang, theirs=theirs, ours=ours), file=sys.stderr)

    previous = backups.restore_database(home, Path(args.backup), force_other_institute=args.force_other_institute,
                                        warn_other=warn_other)
    if args.json:
        print_json({"restored_from": args.backup, "previous": str(previous)})
    else:
        print(i18n.tr("restore.done", args.lang, backup=args.backup, previous=previous))
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    p.add_argument("--force-other-institute", action="store_true",
                   help="restore a backup of another institute's registry over this one (after a warning)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_restore.configure = _restore_args  # type: ignore[attr-defined]
