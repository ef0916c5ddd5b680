"""Commands for recognition decisions (互认决定): decisions add / withdraw / list."""

from __future__ import annotations

import argparse
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import action_parser, command, open_from, print_json, print_list

cli_lang.help_texts(
    {
        "record that the own institute accepts another institute's results": "录入本机构认可另一机构结果的互认决定",
        "withdraw one of the own decisions (it leaves the next bundle)": "撤销本机构的一项互认决定（下一个数据包不再包含）",
        "list the recognition decisions (the own and the peers')": "列出互认决定（本机构及其他机构的）",
        "the recognised institute's USCC": "被认可机构的统一社会信用代码",
        "its name, when this registry does not know the institute": "被认可机构名称（本登记库中没有该机构时须给出）",
        "the scope: one standard, by its certificate number": "互认范围：一项计量标准（证书编号）",
        "the scope: one parameter of that standard's capability": "互认范围：该计量标准测量能力中的一个参数",
        "the scope: a whole discipline, its JJF 1022 level-1 code (12, 15 ...)":
            "互认范围：整个学科（JJF 1022 一级代码，如 12、15）",
        "in force from DATE": "自 DATE 起生效",
        "in force until DATE (default: no end)": "有效期至 DATE（默认不限）",
        "evidence KIND:REF, repeatable: 比对:SCHEME (a comparison recorded here), 证书:NUMBER, 现场评审:DATE":
            "依据“类型:编号”，可重复：比对:比对编号（须已录入本登记库）、证书:证书编号、现场评审:评审日期",
        "free text about the decision": "说明（自由文本）",
        "the decision's record id (uid)": "互认决定的记录标识（uid）",
        "only decisions about this institute (USCC)": "仅列关于该机构（统一社会信用代码）的决定",
        "only decisions recorded by this institute (USCC)": "仅列该机构（统一社会信用代码）录入的决定",
        "JSON on stdout": "在标准输出打印 JSON",
    }
)


@command("decisions", "recognition decisions: add, withdraw, list / 互认决定")
def cmd_decisions(args: argparse.Namespace) -> int:
    from labregistry.services import decisions

    reg = open_from(args)
    if args.action == "add":
        item = decisions.add_decision(
            reg, subject_uscc=args.institute, subject_name=args.name, standard=args.standard,
            parameter=args.parameter, discipline=args.discipline, valid_from=args.valid_from,
            valid_until=args.valid_until, evidence=args.evidence, note=args.note)
        _say(item, "decisions.cli.added", args)
        return 0
    if args.action == "withdraw":
        item = decisions.withdraw_decision(reg, args.uid)
        _say(item, "decisions.cli.withdrawn", args)
        return 0
    items = decisions.list_decisions(reg, subject_uscc=args.institute, recorded_by=args.recorded_by)
    print_list(items, args, "decisions.cli.none", lambda item: _line(item, args.lang))
    return 0


def _line(item: dict[str, Any], lang: str | None) -> str:
    """One decision as ``decisions list`` shows it."""
    unheld = item["evidence_unheld"]
    return (i18n.tr("decisions.cli.line", lang, recorder=item["recorded_by"]["name"],
                    until=item["valid_until"] or "", status=_status(item, lang), **_params(item, lang))
            + (i18n.tr("decisions.cli.unheld", lang, refs=_joined(unheld, lang)) if unheld else ""))


def _joined(items: list[str], lang: str | None) -> str:
    return (", " if i18n.normalise_lang(lang or i18n.default_lang()) == "en" else "、").join(items)


def _status(item: dict[str, Any], lang: str | None) -> str:
    """有效, or 已撤销（2026-12-07）: a withdrawn decision, the own or a peer's, with its date."""
    from labregistry.domain.decision import STATUSES

    label = STATUSES.named(str(item["status"]))
    if item["status"] == "withdrawn" and item["withdrawn_on"]:
        return i18n.tr("decisions.cli.status_on", lang, status=label, date=item["withdrawn_on"])
    return i18n.rendered(label, lang)


def _say(item: dict[str, Any], code: str, args: argparse.Namespace) -> None:
    if args.json:
        print_json(item)
    else:
        print(i18n.tr(code, args.lang, **_params(item, args.lang)))


def _params(item: dict[str, Any], lang: str | None) -> dict[str, Any]:
    from labregistry.domain.codes import DISCIPLINES

    if item["discipline"]:
        zh, en = DISCIPLINES.get(item["discipline"], ("", ""))
        scope = {"discipline": item["discipline"], "name_zh": zh, "name_en": en}
        zh_scope = i18n.tr("decisions.cli.scope_discipline", "zh", **scope)
        en_scope = i18n.tr("decisions.cli.scope_discipline", "en", **scope)
    else:
        scope = {"certificate_no": item["standard_certificate_no"],
                 "parameter": f" / {item['parameter']}" if item["parameter"] else ""}
        zh_scope = i18n.tr("decisions.cli.scope_standard", "zh", **scope)
        en_scope = i18n.tr("decisions.cli.scope_standard", "en", **scope)
    return {"uid": item["uid"], "subject": item["subject_name"], "uscc": item["subject_uscc"], "scope": zh_scope,
            "scope_en": en_scope, "start": item["valid_from"], "evidence": item["evidence"]}


def _decisions_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{add,withdraw,list}")
    text = "record that the own institute accepts another institute's results"
    sub = action_parser(p, "add", text, described=True)
    sub.add_argument("--institute", required=True, metavar="USCC", help="the recognised institute's USCC")
    sub.add_argument("--name", metavar="NAME", help="its name, when this registry does not know the institute")
    scope = sub.add_mutually_exclusive_group(required=True)
    scope.add_argument("--standard", metavar="CERT", help="the scope: one standard, by its certificate number")
    scope.add_argument("--discipline", metavar="NN",
                       help="the scope: a whole discipline, its JJF 1022 level-1 code (12, 15 ...)")
    sub.add_argument("--parameter", metavar="P", help="the scope: one parameter of that standard's capability")
    sub.add_argument("--from", dest="valid_from", required=True, metavar="DATE", help="in force from DATE")
    sub.add_argument("--until", dest="valid_until", metavar="DATE", help="in force until DATE (default: no end)")
    sub.add_argument("--evidence", action="append", required=True, metavar="KIND:REF",
                     help="evidence KIND:REF, repeatable: 比对:SCHEME (a comparison recorded here), 证书:NUMBER, "
                     "现场评审:DATE")
    sub.add_argument("--note", metavar="TEXT", help="free text about the decision")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")
    text = "withdraw one of the own decisions (it leaves the next bundle)"
    sub = action_parser(p, "withdraw", text, described=True)
    sub.add_argument("uid", metavar="ID", help="the decision's record id (uid)")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")
    text = "list the recognition decisions (the own and the peers')"
    sub = action_parser(p, "list", text, described=True)
    sub.add_argument("--institute", metavar="USCC", help="only decisions about this institute (USCC)")
    sub.add_argument("--recorded-by", metavar="USCC", help="only decisions recorded by this institute (USCC)")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_decisions.configure = _decisions_args  # type: ignore[attr-defined]
