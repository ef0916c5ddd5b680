"""``db status`` and ``db upgrade``: the schema of the database, and the one way a shared
server's schema changes (after a pg_dump)."""

from __future__ import annotations

import argparse
from pathlib import Path

from labregistry import cli_lang, i18n
from labregistry.cli import action_parser, command, print_json
from labregistry.config import resolve_home
from labregistry.services import schema


@command("db", "database schema: status, upgrade (the only way a server's schema changes) / 数据库结构")
def cmd_db(args: argparse.Namespace) -> int:
    home = resolve_home(getattr(args, "home", None), getattr(args, "db", None))
    if args.action == "status":
        result = schema.status(home)
    else:
        result = schema.upgrade(home, Path(args.dump) if args.dump else None)
    if args.json:
        print_json(result)
        return 0
    if args.action == "upgrade" and result["upgraded"]:
        print(i18n.tr("dbcmd.upgraded", args.lang, database=result["database"],
                      old=result["schema_revision_before"] or "-", new=result["schema_revision"],
                      backup=result["backup"] or i18n.tr("dbcmd.none", args.lang)))
        return 0
    print(i18n.tr("dbcmd.status", args.lang, database=result["database"], backend=result["backend"],
                  rev=result["schema_revision"] or "-", head=result["app_revision"]))
    print(i18n.tr(f"dbcmd.state.{result['state']}", args.lang))
    return 0


cli_lang.help_texts(
    {
        "the schema's state: current, behind, newer or empty": "数据库结构的状态：最新、落后、较新或空",
        "back up (pg_dump on a server), then bring the schema forward": "先备份（服务器上用 pg_dump），再升级数据库结构",
        "where the backup goes (default: the home's backups folder)": "备份写到哪里（默认：数据文件夹中的 backups 文件夹）",
    }
)


def _db_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{status,upgrade}")
    for name, help_text in (("status", "the schema's state: current, behind, newer or empty"),
                            ("upgrade", "back up (pg_dump on a server), then bring the schema forward")):
        sub = action_parser(p, name, help_text, described=True)
        if name == "upgrade":
            sub.add_argument("--dump", metavar="FILE", help="where the backup goes (default: the home's backups folder)")
        sub.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_db.configure = _db_args  # type: ignore[attr-defined]
