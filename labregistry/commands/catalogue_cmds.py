"""``catalogue``: the JJF 1022 code and JJG/JJF procedure catalogues: list, import-excel, template."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import action_parser, command, open_from, print_json
from labregistry.services import catalogues


@command("catalogue", "JJF 1022 codes and JJG/JJF procedures: list, import-excel, template / 代码与规程目录")
def cmd_catalogue(args: argparse.Namespace) -> int:
    if args.action == "template":
        path = catalogues.write_template(Path(args.out), args.kind)
        print(i18n.tr("catalogue.cli.template", args.lang, path=path))
        return 0
    reg = open_from(args)
    if args.action == "list":
        return _list(reg, args)
    summary = catalogues.import_excel(reg, Path(args.file), kind=args.kind, dry_run=args.dry_run)
    if args.json:
        print_json(summary)
        return 0
    p, c = summary["procedures"], summary["codes"]
    print(i18n.tr("catalogue.cli.dry_run" if args.dry_run else "catalogue.cli.imported", args.lang,
                  file=summary["file"], p_rows=p["rows"], p_added=p["added"], p_changed=p["changed"],
                  c_rows=c["rows"], c_added=c["added"], c_changed=c["changed"]))
    overrides = p["overrides_shipped"] + c["overrides_shipped"]
    if overrides:
        print(i18n.tr("catalogue.cli.overrides", args.lang, keys="、".join(overrides)))
    return 0


def _list(reg: Any, args: argparse.Namespace) -> int:
    rows = i18n.render_all(catalogues.list_entries(reg, args.kind or "procedures"), args.lang)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        origin = i18n.tr(f"catalogue.cli.origin.{r['origin']}", args.lang)
        differs = i18n.tr("catalogue.cli.differs", args.lang) if r["differs_from_shipped"] else ""
        if "number" in r:
            cells = [r["number"], r["title"], r["status_label"], r["replaced_by"] or "", r["date"] or ""]
        else:
            cells = [r["code"], r["name"]]
        print("\t".join([*cells, origin + differs]))
    print(i18n.tr("catalogue.cli.count", args.lang, n=len(rows)))
    return 0


cli_lang.help_texts(
    {
        "the catalogue's entries, each saying whether it was shipped or updated":
            "列出目录条目，并注明是随软件提供的还是已更新的",
        "bring the catalogue up to date from an Excel file (all rows or none)":
            "从 Excel 文件更新目录（全部导入或全部不导入）",
        "a blank catalogue file to fill in": "生成待填写的空白目录文件",
        "the catalogue file (.xlsx)": "目录文件（.xlsx）",
        "where to write the template (.xlsx)": "模板写到哪里（.xlsx）",
        "which catalogue: procedures (JJG/JJF editions) or codes (JJF 1022)":
            "哪种目录：procedures（JJG/JJF 规程规范版本）或 codes（JJF 1022 计量标准代码）",
        "check the file and say what would change, writing nothing": "只检查文件并说明将有哪些变化，不写入",
    }
)

_KIND_HELP = "which catalogue: procedures (JJG/JJF editions) or codes (JJF 1022)"


def _catalogue_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{list,import-excel,template}")
    listing = action_parser(p, "list", "the catalogue's entries, each saying whether it was shipped or updated",
                            described=True)
    importing = action_parser(p, "import-excel", "bring the catalogue up to date from an Excel file (all rows or none)",
                              described=True)
    template = action_parser(p, "template", "a blank catalogue file to fill in", described=True)
    for sub in (listing, importing, template):
        sub.add_argument("--kind", choices=catalogues.KINDS, help=_KIND_HELP)
    importing.add_argument("file", metavar="FILE", help="the catalogue file (.xlsx)")
    importing.add_argument("--dry-run", action="store_true",
                           help="check the file and say what would change, writing nothing")
    template.add_argument("out", metavar="OUT", help="where to write the template (.xlsx)")
    for sub in (listing, importing):
        sub.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_catalogue.configure = _catalogue_args  # type: ignore[attr-defined]
