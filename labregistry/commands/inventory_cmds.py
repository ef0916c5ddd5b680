"""Regional inventory commands: search, region, recognition, coverage, trace."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import command, fail, json_only, open_from, print_json
from labregistry.domain import usability
from labregistry.domain.choices import GRADES
from labregistry.domain.codes import DISCIPLINES
from labregistry.domain.dates import parse_date
from labregistry.domain.records import CREDENTIAL_KINDS
from labregistry.domain.text import local_time
from labregistry.errors import DomainError
from labregistry.inventory.criteria import SEARCH_KINDS, naming_options
from labregistry.inventory.provenance import signature_label
from labregistry.services import inventory


def _date(text: str) -> dt.date:
    try:
        return parse_date(text, "valid_on")
    except DomainError:
        raise cli_lang.arg_error("cli.arg.not_date", text=text) from None


def _count(text: str) -> int:
    return cli_lang.whole_number(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------- search

_SEARCH_COLUMNS = {
    "standards": ["institute_name", "province", "certificate_no", "code", "name", "range_text", "uncertainty",
                  "valid_until"],
    "authorisations": ["institute_name", "province", "name", "range_text", "procedure", "certificate_no",
                       "valid_until"],
    "staff": ["institute_name", "province", "name", "credential_kind", "certificate_no", "valid_until"],
}


_SEARCH_OPTIONS = {
    "low": "--min", "high": "--max", "range": "--min/--max", "quantity_or_unit": "--quantity/--unit",
    "unit": "--unit", "max_uncertainty": "--max-uncertainty", "code": "--code/--discipline", "grade": "--grade",
    "form": "--form", "credentials": "--credential", "recognised": "--recognised-by-own",
}
"""The option of each search input a refusal names (the message says it in words)."""


@command("search", "region-wide search of standards, authorised items or people / 区域检索")
def cmd_search(args: argparse.Namespace) -> int:
    try:
        criteria = inventory.build_criteria(
            kind=args.kind, text=" ".join(args.text), quantity=args.quantity, low=args.min, high=args.max,
            unit=args.unit, max_uncertainty=args.max_uncertainty, comparable_only=args.comparable_only,
            provinces=args.province, cities=args.city, code=args.code, discipline=args.discipline,
            valid_on=args.valid_on, institute_uscc=args.institute, own_only=args.own, grade=args.grade,
            form=args.form, credentials=args.credential, recognised_by_own=args.recognised_by_own,
        )
    except DomainError as exc:
        raise naming_options(exc, _SEARCH_OPTIONS) from None
    reg = open_from(args)  # after the criteria: a wrong option is said before the data folder is looked at
    lang = args.lang
    if args.report:
        report = inventory.export_report(reg, criteria, args.report, language=i18n.doc_language(lang),
                                         limit=args.limit if args.limit_given else None)
        print(i18n.tr("search.report_written", lang, path=report.path, rows=report.rows), file=sys.stderr)
    limit = None if args.limit == 0 else args.limit
    page = inventory.search(reg, criteria, offset=args.offset, limit=limit)
    rows = page.rows
    i18n.render_fields(rows, inventory.RENDERED_FIELDS, lang)  # names and notes (a comparison's basis) in --lang
    if args.json:
        if criteria.kind == "standards":  # one more query for the page, not one per row
            from labregistry.services import comparisons

            rows = comparisons.with_comparison_counts(reg, rows)
        print_json([_json_row(r) for r in rows])
    else:
        cols = _SEARCH_COLUMNS[criteria.kind]
        if criteria.kind == "standards":
            from labregistry.services import comparisons

            rows = comparisons.with_comparison_counts(reg, rows)
        for row in rows:
            fields = [inventory.range_label(row) if c == "range_text" else _shown(c, row.get(c), lang) for c in cols]
            if row.get("accuracy_at_range"):
                # the basis of the comparison beside the recorded accuracy, on every row a range or a
                # limit judged (docs/comparison.md): "0.02级" alone hides that it errs 0.0012 MPa at 6 MPa
                fields.insert(cols.index("uncertainty") + 1, row["accuracy_at_range"])
            fields.append(_validity(row, lang))
            prov = row.get("provenance") or {}
            if prov.get("stale"):
                fields.append(i18n.tr("search.stale", lang))
            if prov.get("signature") in ("key_revoked", "key_compromised"):
                fields.append(signature_label(prov["signature"]).render(lang))
            if row.get("comparisons", {}).get("count"):
                fields.append(_comparisons_label(row, lang))
            print("\t".join(fields))
    _summary(page, lang)
    return 0


def _shown(column: str, value: Any, lang: str | None) -> str:
    if column == "credential_kind" and value in CREDENTIAL_KINDS:
        return CREDENTIAL_KINDS.label(value).render(lang)
    return _text(value)


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out.pop("institute_id", None)
    return out


def _summary(page: inventory.SearchPage, lang: str | None) -> None:
    if not page.rows:
        print(i18n.tr("search.none", lang), file=sys.stderr)
        return
    total = page.total if page.total is not None else len(page.rows)
    print(i18n.tr("search.summary", lang, first=page.offset + 1, last=page.offset + len(page.rows), total=total),
          file=sys.stderr)
    if page.not_comparable:
        print(i18n.tr("search.not_comparable", lang, n=page.not_comparable), file=sys.stderr)


class _LimitAction(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.limit_given = True


cli_lang.help_texts(
    {
        "per catalogue item code of this discipline (e.g. 12), not per discipline":
            "按该学科（如 12）代码目录中的项目统计，而不是按学科",
        'free text, Chinese or English, matched as substrings (all words must match; "quote" a phrase)':
            "检索词，中文或英文，按子串匹配（各词都须匹配；短语请加引号）",
        "what to search (default standards)": "检索的记录类别（默认 standards：计量标准）",
        "quantity: pressure / 压力 / temperature / 温度 ...": "测量参数：压力 / pressure、温度 / temperature ……",
        "the required range must include X (with --unit)": "测量范围须包含 X（与 --unit 一起使用）",
        "the required range must include Y (with --unit)": "测量范围须包含 Y（与 --unit 一起使用）",
        "unit of --min/--max (MPa, kPa, mV, ℃ ...)": "--min、--max 的单位（MPa、kPa、mV、℃ ……）",
        "0.05%%, 5e-6, 1ppm (relative) or 0.5℃, 0.02MPa (absolute)":
            "不确定度上限：0.05%%、5e-6、1ppm（相对）或 0.5℃、0.02MPa（绝对）",
        "leave out standards whose accuracy cannot be compared with --max-uncertainty":
            "不列出准确度无法与 --max-uncertainty 比较的计量标准",
        "上海/江苏/浙江/安徽 or SH/JS/ZJ/AH; repeat or separate with commas":
            "上海、江苏、浙江、安徽或 SH、JS、ZJ、AH；可重复，或用逗号分隔",
        "repeat or separate with commas": "城市；可重复，或用逗号分隔",
        "JJF 1022 code or code prefix (standards)": "JJF 1022 代码或代码前缀（计量标准）",
        "JJF 1022 discipline: 12 or 力学 (standards; staff: their items)": "JJF 1022 专业：12 或 力学（计量标准；人员：其项目）",
        "only records valid on DATE": "只列在 DATE 当日有效的记录",
        "only this institute": "仅此机构",
        "only the own institute": "仅本机构",
        "only standards the own institute recognises: a decision of its in force on --valid-on (or today) names the "
        "standard or its discipline (standards)":
            "仅本机构已认可的计量标准：本机构在 --valid-on（或今天）有效的互认决定涉及该标准或其学科（计量标准）",
        "public / department / enterprise (standards)": "等级：public、department、enterprise（计量标准）",
        "form of authorisation (authorisations)": "授权形式（计量授权）",
        "registered (一级 or 二级), registered_1, registered_2, verifier, item_cert (staff)":
            "证书类别：registered（一级或二级）、registered_1、registered_2、verifier、item_cert（人员）",
        "at most N results (default 100; 0: all)": "最多 N 条结果（默认 100；0：全部）",
        "skip the first N results": "跳过前 N 条结果",
        "also write every match to an unsigned Excel report": "同时把全部结果写成 Excel 报表（不签名）",
        "the standard: its certificate number or record id": "计量标准：其证书编号或记录编号",
        "judge validity on DATE (default today)": "按 DATE 当日判断是否有效（默认今天）",
        "the institute of REF, when certificate numbers repeat": "REF 所属的机构（证书编号重复时）",
        "at most N equivalents (default 200; 0: all)": "最多 N 项等效标准（默认 200；0：全部）",
        "grade of standards counted (default public: 社会公用计量标准)": "统计的计量标准等级（默认 public：社会公用计量标准）",
        "judge certificates on DATE (default today)": "按 DATE 当日判断证书（默认今天）",
        "follow at most N links (default 8)": "最多追溯 N 级（默认 8）",
        "follow ancillary equipment too (default: main only)": "配套设备也追溯（默认：只追溯主标准器）",
        "also accept this institute as a root of the chain (repeatable)": "也接受此机构为溯源链的起点（可重复）",
        "first put back lost parts of the index and refill it from the records": "先补回索引缺失的部分，再按记录重新填充",
        "capabilities in force on this day (default: today)": "在该日有效的测量能力（默认：今天）",
    }
)


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", nargs="*", metavar="TEXT",
                   help='free text, Chinese or English, matched as substrings (all words must match; "quote" a phrase)')
    p.add_argument("--kind", choices=SEARCH_KINDS, default="standards", help="what to search (default standards)")
    p.add_argument("--quantity", metavar="Q", help="quantity: pressure / 压力 / temperature / 温度 ...")
    p.add_argument("--min", metavar="X", help="the required range must include X (with --unit)")
    p.add_argument("--max", metavar="Y", help="the required range must include Y (with --unit)")
    p.add_argument("--unit", metavar="U", help="unit of --min/--max (MPa, kPa, mV, ℃ ...)")
    p.add_argument("--max-uncertainty", metavar="U", help="0.05%%, 5e-6, 1ppm (relative) or 0.5℃, 0.02MPa (absolute)")
    p.add_argument("--comparable-only", action="store_true",
                   help="leave out standards whose accuracy cannot be compared with --max-uncertainty")
    p.add_argument("--province", action="append", metavar="P", help="上海/江苏/浙江/安徽 or SH/JS/ZJ/AH; repeat or "
                   "separate with commas")
    p.add_argument("--city", action="append", metavar="CITY", help="repeat or separate with commas")
    p.add_argument("--code", metavar="PREFIX", help="JJF 1022 code or code prefix (standards)")
    p.add_argument("--discipline", metavar="D", help="JJF 1022 discipline: 12 or 力学 (standards; staff: their items)")
    p.add_argument("--valid-on", metavar="DATE", help="only records valid on DATE")
    p.add_argument("--institute", metavar="USCC", help="only this institute")
    p.add_argument("--own", action="store_true", help="only the own institute")
    p.add_argument("--recognised-by-own", action="store_true",
                   help="only standards the own institute recognises: a decision of its in force on --valid-on "
                   "(or today) names the standard or its discipline (standards)")
    p.add_argument("--grade", metavar="G", help="public / department / enterprise (standards)")
    p.add_argument("--form", metavar="F", help="form of authorisation (authorisations)")
    p.add_argument("--credential", action="append", metavar="K",
                   help="registered (一级 or 二级), registered_1, registered_2, verifier, item_cert (staff)")
    p.add_argument("--limit", type=_count, default=100, action=_LimitAction, metavar="N",
                   help="at most N results (default 100; 0: all)")
    p.add_argument("--offset", type=_count, default=0, metavar="N", help="skip the first N results")
    p.add_argument("--report", metavar="OUT.xlsx", help="also write every match to an unsigned Excel report")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.set_defaults(limit_given=False)


cmd_search.configure = _search_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- region


@command("region", "institutes in the registry with the provenance of their records / 区域机构与数据来源")
def cmd_region(args: argparse.Namespace) -> int:
    rows = inventory.region(open_from(args))
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(i18n.tr("region.none", args.lang), file=sys.stderr)
    for r in rows:
        seq = "" if r["bundle_seq"] is None else f"#{r['bundle_seq']}"
        stale = i18n.tr("search.stale", args.lang) if r["stale"] else ""
        print("\t".join([r["institute_uscc"], r["institute_name"], r["province"], r["city"], seq,
                         local_time(r["received_at"]), signature_label(r["signature"]).render(args.lang), stale,
                         str(r["standards"]), str(r["authorisations"]), str(r["staff"])]))
    return 0


cmd_region.configure = json_only  # type: ignore[attr-defined]


@command("cmc-table", "the own capabilities as a CMC table (CNAS-GL025 / KCDB) in Excel / 校准和测量能力一览表")
def cmd_cmc_table(args: argparse.Namespace) -> int:
    from labregistry.services.cmc_table import write_cmc_table
    from labregistry.services.institutes import own_institute

    reg = open_from(args)
    own = own_institute(reg)
    if own is None:
        raise DomainError("cmc.no_own_institute")
    on = parse_date(args.on, "valid_on") if args.on else None
    table = write_cmc_table(reg, args.out, institute=str(own["name"]), on=on,
                            language=i18n.doc_language(args.lang))
    if args.json:
        print_json({"file": str(table.path), "rows": table.rows})
    else:
        print(i18n.tr("cmc.done", args.lang, path=str(table.path), rows=table.rows))
    return 0


def _cmc_table_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx", help="the file to write")
    p.add_argument("--on", metavar="DATE", help="capabilities in force on this day (default: today)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_cmc_table.configure = _cmc_table_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- recognition and coverage


@command("recognition", "equivalent standards at other institutes (mutual recognition) / 互认等效标准")
def cmd_recognition(args: argparse.Namespace) -> int:
    from labregistry.services import comparisons

    reg = open_from(args)
    data = inventory.equivalents(reg, args.ref, valid_on=args.valid_on, institute_uscc=args.institute,
                                 limit=None if args.limit == 0 else args.limit)
    data["equivalents"] = comparisons.with_comparison_counts(reg, data["equivalents"])  # one query, not one per row
    if args.json:
        from labregistry.services import decisions

        # each equivalent with the decisions in force on the date that cover it (one query)
        data["equivalents"] = decisions.with_decisions(reg, data["equivalents"], data["valid_on"])
        print_json(i18n.render_all(data, args.lang))
        return 0
    lang, ref = args.lang, data["standard"]
    print(i18n.tr("recognition.header", lang, name=ref["name"], certificate_no=ref["certificate_no"],
                  institute=ref["institute_name"], on=data["valid_on"].isoformat(), valid=data["counts"]["valid"],
                  total=data["counts"]["total"]))
    for r in data["equivalents"]:
        print("\t".join([r["institute_name"], r["province"], r["certificate_no"], r["code"], r["name"],
                         r["range_text"], r["accuracy_text"], i18n.tr(f"recognition.basis.{r['basis']}", lang),
                         r["accuracy_note"].render(lang), _text(r["valid_until"]),
                         _validity(r, lang), *([_comparisons_label(r, lang)] if r["comparisons"]["count"] else [])]))
    return 0


def _recognition_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ref", metavar="REF", help="the standard: its certificate number or record id")
    p.add_argument("--valid-on", type=_date, metavar="DATE", help="judge validity on DATE (default today)")
    p.add_argument("--institute", metavar="USCC", help="the institute of REF, when certificate numbers repeat")
    p.add_argument("--limit", type=_count, default=200, metavar="N", help="at most N equivalents (default 200; 0: all)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_recognition.configure = _recognition_args  # type: ignore[attr-defined]


@command("coverage", "valid public standards per discipline and province, and the gaps / 区域覆盖与空白")
def cmd_coverage(args: argparse.Namespace) -> int:
    if args.discipline is not None:
        return _code_coverage(args)
    data = i18n.render_all(inventory.coverage(open_from(args), valid_on=args.valid_on, grade=args.grade), args.lang)
    if args.json:
        print_json(data)
        return 0
    lang = args.lang
    print(i18n.tr("coverage.header", lang, on=data["valid_on"].isoformat(), grade=_grade_counted(args)))
    print("\t".join(["", "", *data["provinces"], "Σ"]))
    for row in data["disciplines"]:
        print("\t".join([row["discipline"], row["discipline_name"], *(str(row["counts"][p]) for p in data["provinces"]),
                         str(row["total"])]))
    print(i18n.tr("coverage.gaps", lang, n=len(data["gaps"])))
    return 0


def _code_coverage(args: argparse.Namespace) -> int:
    if args.discipline not in DISCIPLINES:
        return fail(i18n.tr("standard_code.discipline", args.lang, discipline=args.discipline))
    data = inventory.code_coverage(open_from(args), args.discipline, valid_on=args.valid_on, grade=args.grade)
    refusal = None
    if not data["catalogue_items"]:  # nothing was checked: refused, not a table of no codes and "0 gaps"
        refusal = i18n.tr("coverage.no_catalogue_items", args.lang, discipline=args.discipline,
                          name=i18n.Label(*DISCIPLINES[args.discipline]))
    if args.json:  # refused too, as verify, check and import give theirs: the result says why, stderr the error line
        print_json({**data, "reason": refusal, "reason_code": "coverage.no_catalogue_items" if refusal else None})
    if refusal is not None:
        return fail(refusal)
    if args.json:
        return 0
    print(i18n.tr("coverage.codes_header", args.lang, on=data["valid_on"].isoformat(), grade=_grade_counted(args),
                  discipline=args.discipline,
                  name=DISCIPLINES[args.discipline][1 if args.lang == "en" else 0]))
    print("\t".join(["", "", *data["provinces"], "Σ"]))
    for row in data["codes"]:
        print("\t".join([row["code"], row["name"], *(str(row["counts"][p]) for p in data["provinces"]),
                         str(row["total"])]))
    print(i18n.tr("coverage.code_gaps", args.lang, n=len(data["region_gaps"]), m=len(data["gaps"])))
    return 0


def _grade_counted(args: argparse.Namespace) -> str:
    """The heading's words for the grade counted (it said 社会公用计量标准 whatever --grade was):
    the grade's own label, so that a grade added to GRADES is named without a text of its own."""
    return GRADES.label(args.grade).render(args.lang)


def _coverage_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--discipline", metavar="NN",
                   help="per catalogue item code of this discipline (e.g. 12), not per discipline")
    p.add_argument("--valid-on", type=_date, metavar="DATE", help="judge validity on DATE (default today)")
    p.add_argument("--grade", default="public", choices=list(GRADES),
                   help="grade of standards counted (default public: 社会公用计量标准)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_coverage.configure = _coverage_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- trace


@command("trace", "the traceability chain of a standard across institutes / 溯源链")
def cmd_trace(args: argparse.Namespace) -> int:
    reg = open_from(args)
    data = inventory.trace(reg, args.ref, valid_on=args.valid_on, institute_uscc=args.institute,
                           max_depth=args.max_depth, ancillary=args.ancillary, roots=args.root or ())
    if args.json:
        print_json(data)
        return 0
    lang = args.lang
    _print_node(data["tree"], "", lang, _chain_comparisons(reg, data["tree"]))
    if data["status"] == "complete":
        print(i18n.tr("trace.complete", lang))
    else:
        print(i18n.tr("trace.broken", lang, n=len(data["breaks"])))
    return 0


def _comparisons_label(row: dict[str, Any], lang: str | None) -> str:
    from labregistry.services import comparisons

    return i18n.rendered(comparisons.summary_label(row["comparisons"]), lang)


def _validity(row: dict[str, Any], lang: str | None) -> str:
    """有效 / 无效, and 需重新送检 when a main standard instrument is past its calibration due date."""
    text = i18n.tr("search.valid" if row.get("valid") else "search.invalid", lang)
    if row.get("needs_recalibration"):
        text += f" ({usability.state_label(usability.NEEDS_RECALIBRATION).render(lang)})"
    return text


def _chain_comparisons(reg: Any, tree: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """The comparison results of every standard in the chain, in one query."""
    from labregistry.services import comparisons

    ids: list[int] = []
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        ids.append(int(node["standard"]["id"]))
        nodes += [link["upstream"] for link in node["links"] if link["upstream"] is not None]
    with reg.uow() as uow:
        return comparisons.results_by_standard(uow.session.connection(), ids)


def _print_node(node: dict[str, Any], indent: str, lang: str | None,
                results: dict[int, list[dict[str, Any]]]) -> None:
    from labregistry.services import comparisons

    std = node["standard"]
    validity = _validity(std, lang)
    named = i18n.rendered(comparisons.named_label(results.get(int(std["id"]), [])), lang)
    print(f"{indent}{std['certificate_no']}  {std['name']}  [{std['institute_name']}]  {validity}"
          + (f"  {named}" if named else ""))
    for i, link in enumerate(node["links"]):
        last = i == len(node["links"]) - 1
        branch = "└─ " if last else "├─ "
        target = link["institute"]["name"] if link["institute"] else (link["traced_to_name"] or link["traced_to_uscc"]
                                                                      or "?")
        status = "; ".join(i18n.tr(f"trace.status.{p}", lang) for p in link["problems"]) or \
            i18n.tr(f"trace.status.{link['status']}", lang)
        warn = "".join(f" ({i18n.tr(f'trace.warning.{w}', lang)})" for w in link["warnings"])
        cert = ", ".join(x for x in (link["calibration_cert_no"], _text(link["calibration_due"])) if x)
        print(f"{indent}{branch}{link['instrument']['name']} → {target} ({cert}): {status}{warn}")
        if link["upstream"] is not None:
            _print_node(link["upstream"], indent + ("   " if last else "│  "), lang, results)


def _trace_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ref", metavar="REF", help="the standard: its certificate number or record id")
    p.add_argument("--valid-on", type=_date, metavar="DATE", help="judge certificates on DATE (default today)")
    p.add_argument("--institute", metavar="USCC", help="the institute of REF, when certificate numbers repeat")
    p.add_argument("--max-depth", type=_count, default=8, metavar="N", help="follow at most N links (default 8)")
    p.add_argument("--ancillary", action="store_true", help="follow ancillary equipment too (default: main only)")
    p.add_argument("--root", action="append", metavar="USCC_OR_NAME",
                   help="also accept this institute as a root of the chain (repeatable)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_trace.configure = _trace_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the search index


@command("search-index", "check (or rebuild) the free-text search index / 检查或重建检索索引")
def cmd_search_index(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.rebuild:
        inventory.rebuild_index(reg)
    problems = inventory.index_problems(reg)
    if args.json:
        print_json({"ok": not problems, "problems": problems, "rebuilt": bool(args.rebuild)})
    elif problems:
        for p in problems:
            print(p)
    else:
        print(i18n.tr("search_index.ok", args.lang))
    if problems:
        return fail(i18n.tr("search_index.problems", args.lang, n=len(problems)))
    return 0


def _search_index_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rebuild", action="store_true", help="first put back lost parts of the index and refill it from the records")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_search_index.configure = _search_index_args  # type: ignore[attr-defined]
