"""Commands over the registry itself: gui, init, demo, stats, list, check."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from labregistry import i18n
from labregistry.cli import command, fail, print_json
from labregistry.config import resolve_home
from labregistry.registry import Registry, open_registry
from labregistry.services import listing, maintenance
from labregistry.storage.queries import KINDS, RecordQuery

i18n.register(
    {
        "stats.own": {"zh": "本机构", "en": "own institute"},
        "stats.region": {"zh": "区域（含本机构）", "en": "region (including own)"},
        "stats.institutes": {"zh": "机构", "en": "institutes"},
        "stats.standards": {"zh": "计量标准", "en": "standards"},
        "stats.authorisations": {"zh": "计量授权", "en": "authorisations"},
        "stats.authorisation_items": {"zh": "授权项目", "en": "authorised items"},
        "stats.staff": {"zh": "人员", "en": "staff"},
        "list.count": {"zh": "共 {n} 条", "en": "{n} records"},
        "check.ok": {"zh": "数据库完好（{backend}，结构版本 {rev}）", "en": "database is sound ({backend}, schema {rev})"},
    }
)


def open_from(args: argparse.Namespace) -> Registry:
    return open_registry(getattr(args, "home", None), getattr(args, "db", None))


@command("gui", "open the desktop app / 打开桌面程序")
def cmd_gui(args: argparse.Namespace) -> int:  # dispatched by cli.main before handlers
    return 0


@command("stats", "counts of own and regional records / 统计")
def cmd_stats(args: argparse.Namespace) -> int:
    reg = open_from(args)
    data = listing.stats(reg)
    if args.json:
        print_json(data)
        return 0
    lang = args.lang
    for scope in ("own", "region"):
        print(i18n.tr(f"stats.{scope}", lang))
        for key, value in data[scope].items():
            print(f"  {i18n.tr('stats.' + key, lang)}: {value}")
    return 0


def _stats_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_stats.configure = _stats_args  # type: ignore[attr-defined]

_LIST_COLUMNS = {
    "standards": ["certificate_no", "code", "name", "range_text", "accuracy_text", "valid_until", "status"],
    "authorisations": ["certificate_no", "form", "authority", "valid_until", "item_count", "status"],
    "staff": ["name", "department", "credential_kind", "certificate_no", "valid_until"],
}


@command("list", "list standards, authorisations or staff / 列出记录")
def cmd_list(args: argparse.Namespace) -> int:
    reg = open_from(args)
    query = RecordQuery(
        kind=args.kind,
        institute_uscc=args.institute,
        own_only=args.institute is None and not args.region,
        expiring_within=args.expiring_within,
        sort="valid_until" if args.expiring_within is not None else None,
    )
    rows = listing.list_records(reg, query)
    if args.json:
        print_json([_json_row(r) for r in rows])
        return 0
    cols = _LIST_COLUMNS[args.kind]
    for row in rows:
        print("\t".join("" if row.get(c) is None else str(row.get(c)) for c in cols))
    print(i18n.tr("list.count", args.lang, n=len(rows)), file=sys.stderr)
    return 0


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()}


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--institute", metavar="USCC", help="only this institute (default: own)")
    p.add_argument("--region", action="store_true", help="all institutes in the region")
    p.add_argument("--expiring-within", type=_non_negative_int, metavar="DAYS")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


cmd_list.configure = _list_args  # type: ignore[attr-defined]


@command("check", "integrity check of the database / 数据库完整性检查")
def cmd_check(args: argparse.Namespace) -> int:
    home = resolve_home(getattr(args, "home", None), getattr(args, "db", None))
    report = maintenance.check_database(home, args.lang)
    if args.json:
        print_json(report)
    if not report["ok"]:
        return fail(i18n.tr("check.failed", args.lang, detail="; ".join(report["problems"])))
    if not args.json:
        print(i18n.tr("check.ok", args.lang, backend=report["backend"], rev=report["schema_revision"]))
    return 0


cmd_check.configure = _stats_args  # type: ignore[attr-defined]
