"""Commands for interlaboratory comparisons and proficiency tests: comparisons import-excel / list / delete.

A comparison is recorded by its pilot, or, when the pilot is outside the registry, by a participant
of the registry (docs/comparisons.md); ``list`` shows one line per comparison however many records
of it the registry holds, ``list --json`` every record with ``recorded_by`` and ``same_as``."""

from __future__ import annotations

import argparse
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import action_parser, command, open_from, print_json

cli_lang.help_texts(
    {
        "record a comparison from its published results table (.xlsx): as its pilot, or as a participant when "
        "the pilot is outside the registry (NIM, a key comparison, a PT provider)":
            "从公布的比对结果汇总表（.xlsx）录入一项比对或能力验证：由主导实验室录入；主导实验室不是本库机构"
            "（中国计量科学研究院、国际关键比对、能力验证提供者）时，由参加该比对的本库机构录入",
        "the results table: a header block (比对名称, 比对编号, 主导实验室, 参考值 ...; an outside pilot's code as "
        "主导实验室统一社会信用代码 or 主导实验室标识) and one row per participant":
            "结果汇总表：表头区（比对名称、比对编号、主导实验室、参考值……；库外主导实验室的代码写在“主导实验室统一社会信用代码”"
            "或“主导实验室标识”）及每个参加实验室一行",
        "list the comparisons and proficiency tests with their results (one line per comparison, its records "
        "by several participants merged, disagreeing records apart; --json: every record)":
            "列出比对和能力验证及各参加实验室的结果（每项比对一行，多个参加机构录入的一致记录合并显示，不一致的分列；--json："
            "列出每条记录）",
        "JSON on stdout": "在标准输出打印 JSON",
        "delete an own comparison recorded in error (the next bundle withdraws it at the others)":
            "删除本机构误录的比对（下一个数据包发出后，其他机构处也将删除）",
        "the comparison's uid (comparisons list --json) or its scheme number":
            "比对的标识（comparisons list --json 中的 uid）或比对编号",
    }
)


@command("comparisons", "interlaboratory comparisons and proficiency tests / 计量比对与能力验证")
def cmd_comparisons(args: argparse.Namespace) -> int:
    from labregistry.services import comparisons

    reg = open_from(args)
    if args.action == "delete":
        gone = comparisons.delete_comparison(reg, args.ref)
        if args.json:
            print_json(gone)
        else:
            print(i18n.tr("comparisons.cli.deleted", args.lang, **gone))
        return 0
    if args.action == "import-excel":
        result = comparisons.import_results_table(reg, args.file)
        if args.json:
            print_json({"uid": result.uid, "scheme_no": result.scheme_no, "participants": result.participants,
                        "replaced": result.replaced, "warnings": [i18n.render_all(w.to_json(), args.lang) for w in result.warnings]})
            return 0
        [item] = [c for c in comparisons.list_comparisons(reg) if c["uid"] == result.uid]
        kind_zh, kind_en = _kind(item["kind"])
        replaced = i18n.tr("comparisons.cli.replaced", args.lang) if result.replaced else ""
        print(i18n.tr("comparisons.cli.imported", args.lang, kind=kind_zh, kind_en=kind_en, scheme_no=result.scheme_no,
                      participants=result.participants, replaced=replaced))
        for warning in result.warnings:  # recorded all the same: a warning, not a refusal
            print(i18n.tr("comparisons.cli.warning", args.lang, message=warning.render(args.lang)))
        return 0
    if args.json:
        print_json(comparisons.list_comparisons(reg))
        return 0
    groups = comparisons.grouped_comparisons(reg)
    if not groups:
        print(i18n.tr("comparisons.cli.none", args.lang))
    by_uid = {item["uid"]: item for group in groups for item in group}
    for group in groups:  # one line per comparison, however many records of it the registry holds
        print(_line(group, [by_uid[u] for u in group[0]["disagrees_with"]], args.lang))
    return 0


def _kind(key: str) -> tuple[str, str]:
    from labregistry.interlab.criteria import KINDS

    return KINDS[key]


def _line(group: list[dict[str, Any]], apart: list[dict[str, Any]], lang: str | None) -> str:
    """One comparison: its records' participants merged (each its own record's result, else the
    first recorder's), the pilot named, and the records of its number that disagree named."""
    from labregistry.services.comparisons import merged_participants

    item = group[0]
    zh, en = _kind(item["kind"])
    participants = merged_participants(group)
    ok = sum(1 for p in participants if p["verdict"] == "satisfactory")
    sep = ", " if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else "、"
    recorders = sep.join(dict.fromkeys(g["recorded_by_name"] for g in group))
    pilot = item["pilot_name"]
    if item["pilot_outside"]:
        pilot = i18n.tr("comparisons.cli.outside", lang, pilot=pilot, recorders=recorders)
    elif len(group) > 1:
        pilot = i18n.tr("comparisons.cli.recorded_by", lang, pilot=pilot, recorders=recorders)
    line = i18n.tr("comparisons.cli.line", lang, scheme_no=item["scheme_no"], name=item["name"],
                   kind=en if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else zh,
                   pilot=pilot, measurand=item["measurand"],
                   date=item["report_on"] or item["ended_on"] or "", n=len(participants), ok=ok)
    if apart:
        line += i18n.tr("comparisons.cli.disagrees", lang,
                        recorders=sep.join(dict.fromkeys(a["recorded_by_name"] for a in apart)))
    return line


def _comparisons_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{import-excel,list,delete}")
    text = ("record a comparison from its published results table (.xlsx): as its pilot, or as a participant when "
            "the pilot is outside the registry (NIM, a key comparison, a PT provider)")
    sub = action_parser(p, "import-excel", text, described=True)
    sub.add_argument("file", metavar="FILE", help="the results table: a header block (比对名称, 比对编号, 主导实验室, "
                     "参考值 ...; an outside pilot's code as 主导实验室统一社会信用代码 or 主导实验室标识) and one row per "
                     "participant")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")
    text = ("list the comparisons and proficiency tests with their results (one line per comparison, its records "
            "by several participants merged, disagreeing records apart; --json: every record)")
    sub = action_parser(p, "list", text, described=True)
    sub.add_argument("--json", action="store_true", help="JSON on stdout")
    text = "delete an own comparison recorded in error (the next bundle withdraws it at the others)"
    sub = action_parser(p, "delete", text, described=True)
    sub.add_argument("ref", metavar="ID", help="the comparison's uid (comparisons list --json) or its scheme number")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_comparisons.configure = _comparisons_args  # type: ignore[attr-defined]
