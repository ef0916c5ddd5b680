"""Commands for Excel ledgers: import-excel and template."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from labregistry import cli_lang, i18n
from labregistry.cli import ProgressBar, command, fail, open_from, print_json
from labregistry.config import resolve_home
from labregistry.ledger.constants import describe, parse_set_arg
from labregistry.ledger.fields import KIND_NAMES, kind_spec
from labregistry.xlsx.refs import column_letter

if TYPE_CHECKING:
    from labregistry.registry import Registry
    from labregistry.services.ledger import LedgerRun

DEFAULT_MAX_ISSUES = 50


def _map_arg(text: str) -> tuple[str, str]:
    name, sep, column = text.partition("=")
    if not sep or not name.strip():
        raise cli_lang.arg_error("cli.arg.not_pair", form="FIELD=COLUMN", example="certificate_no=C", text=text)
    return name.strip(), column.strip()


def _positive(text: str) -> int:
    return cli_lang.whole_number(text, minimum=1)


@command("import-excel", "import the own institute's Excel ledger / 导入本机构的 Excel 台账")
def cmd_import_excel(args: argparse.Namespace) -> int:
    from labregistry.services import ledger

    lang = args.lang
    reg = open_from(args)
    with ProgressBar.for_args(args) as bar:
        bar.phase("reading")  # reading and checking the ledger report no steps
        run = _run_import(args, reg, bar)
    check, outcome = run.check, run.outcome
    if args.json:
        print_json(i18n.render_all(check.to_json(outcome), lang))
    else:
        _print_summary(run, lang, args.max_issues, args.dry_run)
    hint = i18n.tr("ledger.cli.report_hint", lang, path=str(run.report)) if run.report else ""
    if check.missing_columns and not args.valid_only:
        refusal = ledger.missing_columns_error(check.spec, check.mapping, ledger.own_institute_kind(reg))
        return fail(refusal.render(lang) + hint)
    if check.invalid and not args.valid_only:
        return fail(i18n.tr("ledger.invalid", lang, invalid=check.invalid, rows=check.rows, file=check.file) + hint)
    if not check.valid:
        return fail(i18n.tr("ledger.nothing_valid", lang) + hint)
    return 0


def _run_import(args: argparse.Namespace, reg: Registry, bar: ProgressBar) -> LedgerRun:
    from labregistry.services import ledger

    return ledger.run_import(
        reg,
        args.ledger,
        args.kind,
        sheet=args.sheet,
        header_row=args.header_row,
        overrides=args.map or [],
        sets=[parse_set_arg(text) for text in args.set or []],
        valid_only=args.valid_only,
        dry_run=args.dry_run,
        report=args.report,
        report_language=i18n.doc_language(args.lang),
        progress=lambda done, total: bar.phase("records", done, total),
    )


def _print_summary(run: LedgerRun, lang: str, max_issues: int, dry_run: bool) -> None:
    check, outcome = run.check, run.outcome
    spec = check.spec
    m = check.mapping
    print(i18n.tr("ledger.cli.where", lang, file=check.file, sheet=check.sheet, row=m.header_row))
    print(i18n.tr("ledger.cli.mapping", lang))
    for key, choice in sorted(m.fields.items(), key=lambda kv: kv[1].column):
        flag = i18n.tr("ledger.cli.unsure", lang) if choice.confidence < 0.8 else ""
        label = spec.field(key).label.render(lang)
        header, column = choice.header.replace("\n", " "), choice.letter
        join = m.joins.get(key)
        if join is not None:  # a range read from its lower and upper column
            header += " + " + m.headers.get(join.upper, "").replace("\n", " ")
            column += "+" + column_letter(join.upper)
        print(i18n.tr("ledger.cli.mapped", lang, label=label, column=column, header=header, flag=flag))
    for key in check.missing_columns:
        print(i18n.tr("ledger.cli.missing", lang, label=spec.field(key).label))
    unread = m.unread_columns()
    if unread:
        print(i18n.tr("ledger.cli.unread", lang))
        for item in unread:
            print(i18n.tr("ledger.cli.unread_column", lang, column=item["column"], header=item["header"].replace("\n", " ")))
    for item in i18n.render_all(describe(spec, m), lang):
        print(i18n.tr("ledger.cli.set", lang, **item))
        if item["note"]:
            print("  " + item["note"])
    g = check.grouping
    print(i18n.tr("ledger.cli.counts", lang, rows=check.rows, sheet_rows=g.data_rows,
                  skipped=g.blank_rows + len(g.note_rows) + len(g.header_rows), valid=check.valid,
                  invalid=check.invalid))
    if outcome.written:
        print(i18n.tr("ledger.cli.written", lang, added=outcome.added, updated=outcome.updated,
                      unchanged=outcome.unchanged))
        if check.invalid:
            print(i18n.tr("ledger.cli.skipped_invalid", lang, n=check.invalid))
    elif check.planned is not None:
        print(i18n.tr("ledger.cli.planned", lang, **check.planned.as_dict()))
        if dry_run:
            print(i18n.tr("ledger.cli.dry_run", lang))
    for title, issues in (("ledger.cli.issues", check.errors), ("ledger.cli.warnings", check.warnings)):
        if not issues:
            continue
        print(i18n.tr(title, lang))
        for issue in issues[:max_issues]:
            print("  " + issue.render(lang))
        if len(issues) > max_issues:
            print(i18n.tr("ledger.cli.more", lang, n=len(issues) - max_issues))
    if run.report is not None:
        print(i18n.tr("ledger.cli.report", lang, path=str(run.report)))
    sys.stdout.flush()


_MAX_ISSUES_HELP = f"issue lines shown (default {DEFAULT_MAX_ISSUES})"
cli_lang.help_texts(
    {
        "the ledger (.xlsx; .xls and .ods are read too)": "台账文件（.xlsx；也可读 .xls 和 .ods）",
        "what the ledger holds": "台账中的记录类别",
        "the sheet to import (default: the one whose header fits best)": "要导入的工作表（默认：表头最吻合的一张）",
        "the header's row (default: detected)": "表头所在行（默认：自动识别）",
        "set a column for a field, e.g. --map certificate_no=C --map instruments.name=F; FIELD may be the field's "
        "Chinese label; COLUMN '-' leaves the field out (repeatable)":
            "指定字段所在的列，如 --map certificate_no=C --map instruments.name=F；FIELD 可用字段的中文名称；"
            "COLUMN 为 - 时不读该字段（可重复）",
        "one value for a field the ledger has no column for, e.g. --set grade=社会公用计量标准; FIELD may be the "
        "field's Chinese label (repeatable)":
            "为台账中没有的字段统一给出一个值，如 --set grade=社会公用计量标准；FIELD 可用字段的中文名称（可重复）",
        "write a copy of the ledger with invalid cells marked": "写出标出无效单元格的台账副本",
        "import the valid records even when others are invalid": "即使其他记录无效，也导入有效的记录",
        "check and show what would change; write nothing": "只检查并显示将有哪些变化，不写入任何数据",
        _MAX_ISSUES_HELP: f"最多显示的问题行数（默认 {DEFAULT_MAX_ISSUES}）",
    }
)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ledger", metavar="LEDGER.xlsx", help="the ledger (.xlsx; .xls and .ods are read too)")
    p.add_argument("--kind", required=True, choices=KIND_NAMES, help="what the ledger holds")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to import (default: the one whose header fits best)")
    p.add_argument("--header-row", type=_positive, metavar="N", help="the header's row (default: detected)")
    p.add_argument(
        "--map", action="append", type=_map_arg, metavar="FIELD=COLUMN",
        help="set a column for a field, e.g. --map certificate_no=C --map instruments.name=F; "
        "FIELD may be the field's Chinese label; COLUMN '-' leaves the field out (repeatable)",
    )
    p.add_argument(
        "--set", action="append", metavar="FIELD=VALUE",
        help="one value for a field the ledger has no column for, e.g. --set grade=社会公用计量标准; "
        "FIELD may be the field's Chinese label (repeatable)",
    )
    p.add_argument("--report", metavar="OUT.xlsx", help="write a copy of the ledger with invalid cells marked")
    p.add_argument("--valid-only", action="store_true", help="import the valid records even when others are invalid")
    p.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
    p.add_argument("--max-issues", type=_positive, default=DEFAULT_MAX_ISSUES, metavar="N",
                   help=_MAX_ISSUES_HELP)
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_import_excel.configure = _import_args  # type: ignore[attr-defined]


@command("template", "write a blank ledger template / 生成空白台账模板")
def cmd_template(args: argparse.Namespace) -> int:
    from labregistry.services import ledger

    path = ledger.write_template(args.out, args.kind,
                                 home=resolve_home(getattr(args, "home", None), getattr(args, "db", None)))
    spec = kind_spec(args.kind)
    if args.json:
        from labregistry.ledger.template import INSTRUCTIONS_SHEET, header_text

        print_json({"file": str(path), "kind": args.kind, "sheets": [spec.sheet_title, INSTRUCTIONS_SHEET],
                    "columns": [header_text(f).replace("\n", " / ") for f in spec.fields]})
    else:
        print(i18n.tr("template.done", args.lang, kind=spec.label.render("zh"), kind_en=spec.label.render("en"), path=str(path),
                      columns=len(spec.fields)))
    return 0


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx", help="the file to write")
    p.add_argument("--kind", required=True, choices=KIND_NAMES, help="what the ledger holds")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_template.configure = _template_args  # type: ignore[attr-defined]
