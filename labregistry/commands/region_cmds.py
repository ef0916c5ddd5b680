"""The coordinator's commands: institutes' designations and the region report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import action_parser, command, open_from, print_list
from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError
from labregistry.services import designations, region_report
from labregistry.services.designations import COMMITTEE, INDUSTRY_CENTRE, Designation

cli_lang.help_texts(
    {
        "designate, list, import-excel": "认定、列出、从 Excel 导入",
        "record designations of an institute (own or peer) by the authorities":
            "记录主管部门对某机构（本机构或其他机构）的认定",
        "the institute's unified social credit code": "机构的统一社会信用代码",
        "name of an industry metrology test centre the institute was designated as (repeatable)":
            "该机构被认定的产业计量测试中心名称（可重复）",
        "name of a regional metrology technical committee whose secretariat the institute hosts (repeatable)":
            "该机构承担秘书处的区域计量技术委员会名称（可重复）",
        "the authority that designated it": "批准（认定）单位",
        "date of the designation (YYYY-MM-DD)": "批准（认定）日期（YYYY-MM-DD）",
        "the institute's name, when it is not in this registry yet": "机构名称（本机构库中尚无该机构时填写）",
        "remove the named designations instead of recording them": "删除所列认定，而不是记录",
        "list the region's institutes with their designations": "列出区域内的机构及其认定",
        "JSON on stdout": "在标准输出上输出 JSON",
        "import designations from the authority's Excel list (uscc, name, kind, designation)":
            "从主管部门的 Excel 名单导入认定（统一社会信用代码、机构名称、类别、名称）",
        "the Excel list (.xlsx)": "Excel 名单（.xlsx）",
        "the report file: .xlsx or .pdf": "报告文件：.xlsx 或 .pdf",
        "count on DATE (default today)": "统计日期（默认今天）",
    }
)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text, "date")
    except DomainError:
        raise cli_lang.arg_error("cli.arg.not_date", text=text) from None


@command("institutes", "institutes' designations: industry test centres, technical committees / 机构认定（产业计量测试中心、区域计量技术委员会）")
def cmd_institutes(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.action == "designate":
        chosen = [Designation(INDUSTRY_CENTRE, n, args.designated_by, args.designated_on) for n in args.industry_centre]
        chosen += [Designation(COMMITTEE, n, args.designated_by, args.designated_on) for n in args.committee]
        if args.remove:
            n = designations.withdraw(reg, args.uscc, chosen)
            print(i18n.tr("designation.withdrawn", args.lang, uscc=args.uscc, n=n))
        else:
            added = designations.designate(reg, args.uscc, chosen, institute_name=args.name)
            print(i18n.tr("designation.recorded", args.lang, uscc=args.uscc, added=added))
    elif args.action == "import-excel":
        result = designations.import_excel(reg, args.file)
        print(i18n.tr("designation.imported", args.lang, rows=result.rows, institutes=result.institutes,
                      added=result.added))
    else:
        print_list(designations.list_designations(reg), args, "designation.list.none", lambda row: _line(row, args.lang))
    return 0


def _line(row: dict[str, Any], lang: str | None) -> str:
    """One institute's designations as ``institutes list`` shows them."""
    colon, semicolon = (": ", "; ") if lang == "en" else ("：", "；")
    marks = [f"{designations.kind_label(kind).render(lang)}{colon}{d['name']}"
             for kind, key in ((INDUSTRY_CENTRE, "industry_centres"), (COMMITTEE, "committees")) for d in row[key]]
    return "\t".join([str(row["uscc"]), str(row["name"] or ""), str(row["province"] or ""), semicolon.join(marks)])


def _institutes_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{designate,list,import-excel}",
                     help="designate, list, import-excel")
    des = action_parser(p, "designate", "record designations of an institute (own or peer) by the authorities")
    des.add_argument("uscc", metavar="USCC", help="the institute's unified social credit code")
    des.add_argument("--industry-centre", action="append", default=[], metavar="NAME",
                     help="name of an industry metrology test centre the institute was designated as (repeatable)")
    des.add_argument("--committee", action="append", default=[], metavar="NAME",
                     help="name of a regional metrology technical committee whose secretariat the institute hosts "
                          "(repeatable)")
    des.add_argument("--designated-by", metavar="AUTHORITY", help="the authority that designated it")
    des.add_argument("--designated-on", type=_date, metavar="DATE", help="date of the designation (YYYY-MM-DD)")
    des.add_argument("--name", help="the institute's name, when it is not in this registry yet")
    des.add_argument("--remove", action="store_true", help="remove the named designations instead of recording them")
    lst = action_parser(p, "list", "list the region's institutes with their designations")
    lst.add_argument("--json", action="store_true", help="JSON on stdout")
    imp = action_parser(p, "import-excel", "import designations from the authority's Excel list (uscc, name, kind, designation)")
    imp.add_argument("file", metavar="FILE", help="the Excel list (.xlsx)")


cmd_institutes.configure = _institutes_args  # type: ignore[attr-defined]


@command("region-report", "the coordinator's report of the region against the plan's targets / 区域一体化进展报告")
def cmd_region_report(args: argparse.Namespace) -> int:
    reg = open_from(args)
    region_report.check_output(reg, args.out)  # a name refused before anything is counted
    report = region_report.build(reg, on=args.on, language=i18n.doc_language(args.lang))
    path = region_report.write_report(reg, report, args.out)
    print(i18n.tr("region_report.written", args.lang, path=str(path)))
    for warning in report.warnings:  # a figure left out, said where the user reads, not only in the file
        print(i18n.tr("region_report.cli.warning", args.lang, message=warning.render(args.lang)), file=sys.stderr)
    return 0


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", required=True, metavar="OUT", help="the report file: .xlsx or .pdf")
    p.add_argument("--on", type=_date, metavar="DATE", help="count on DATE (default today)")


cmd_region_report.configure = _report_args  # type: ignore[attr-defined]
