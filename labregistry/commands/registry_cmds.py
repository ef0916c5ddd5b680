"""Commands over the registry itself: gui, init, demo, stats, list, check."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from labregistry import cli_lang, i18n
from labregistry.cli import ProgressBar, command, json_only, open_from, passphrase_prompt, print_json, print_list
from labregistry.domain import usability
from labregistry.domain.choices import AUTH_FORMS, CREDENTIAL_KINDS, GRADES, INSTRUMENT_ROLES, STATUSES
from labregistry.domain.text import local_time
from labregistry.services import listing
from labregistry.services.listing import KINDS, RecordQuery

if TYPE_CHECKING:
    from labregistry.registry import Registry


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


cli_lang.help_texts(
    {
        "what to list": "要列出的记录",
        "only this institute (default: own)": "仅此机构（默认：本机构）",
        "all institutes in the region": "区域内所有机构",
        "certificates ending within DAYS, and those already ended (revoked ones left out)":
            "证书在 DAYS 天内到期的记录，含已到期的（已撤销的不列）",
        "instruments only: calibration due within DAYS, the overdue included":
            "仅用于仪器设备：DAYS 天内需检定/校准的，含已超期的",
        "also write the listed records to an Excel report": "同时把列出的记录写成 Excel 一览表",
        "institute name (Chinese)": "机构名称（中文）",
        "18-character unified social credit code": "18 位统一社会信用代码",
        "上海 江苏 浙江 安徽 (or SH JS ZJ AH)": "上海、江苏、浙江、安徽（或 SH JS ZJ AH）",
        "city": "城市",
        "English name": "英文名称",
        "institute kind": "机构类别",
        "address": "地址",
        "contact person or telephone": "联系人或联系电话",
        "name recorded in the audit trail (default: the OS user)": "记入修改历史的操作人（默认：操作系统用户名）",
        "number of standards (default 200)": "计量标准的数量（默认 200）",
        "random seed (same seed, same data)": "随机种子（种子相同，数据相同）",
        "name of the standard": "计量标准名称",
        "JJF 1022 code, 8 digits": "JJF 1022 代码，8 位数字",
        "public / department / enterprise (or 社会公用 ...)": "社会公用、部门最高或企事业最高（或 public / department / enterprise）",
        "number of its certificate (考核证书编号)": "计量标准考核证书编号",
        "issuing authority": "发证机关",
        "date of issue, e.g. 2023-05-31": "发证日期，如 2023-05-31",
        "valid until, e.g. 2027-05-30": "有效期至，如 2027-05-30",
        'measurement range, e.g. "(0~60)MPa" (default: the first capability\'s)':
            "测量范围，如“(0~60)MPa”（默认：第一项测量能力的范围）",
        'e.g. "U=0.02%%, k=2", "0.05级", "MPE: ±0.1%%" (default: the first capability\'s)':
            "不确定度、准确度等级或最大允许误差，如“U=0.02%%, k=2”“0.05级”“MPE: ±0.1%%”（默认：第一项测量能力的）",
        'a capability row, repeatable, e.g. "直流电压 (0~1000)V U=0.002%%,k=2"':
            "一项测量能力，可重复，如“直流电压 (0~1000)V U=0.002%%,k=2”",
        "expected quantity, e.g. pressure / 压力": "预期的测量参数，如 压力 / pressure",
        "responsible person": "负责人",
        "the record's kind": "记录类别",
        "record id or certificate number": "记录编号或证书编号",
    }
)


cmd_stats.configure = json_only  # type: ignore[attr-defined]

_LIST_COLUMNS = {
    "standards": ["certificate_no", "code", "name", "range_text", "accuracy_text", "valid_until", "state"],
    "authorisations": ["certificate_no", "form", "authority", "valid_until", "item_count", "status"],
    "staff": ["name", "department", "credential_kind", "certificate_no", "valid_until"],
    "instruments": ["calibration_due", "state", "role", "standard_certificate_no", "name", "model", "serial_no",
                    "calibration_cert_no"],
}
LIST_KINDS = (*KINDS, "instruments")


@command("list", "list standards, authorisations, staff or instruments / 列出记录")
def cmd_list(args: argparse.Namespace) -> int:
    if args.kind == "instruments" and args.expiring_within is not None:
        return _usage_error(i18n.tr("list.instruments_due_within", args.lang))
    if args.kind != "instruments" and args.due_within is not None:
        return _usage_error(i18n.tr("list.due_within_instruments_only", args.lang))
    reg = open_from(args)
    today = dt.date.today()
    if args.kind == "instruments":
        rows = [_instrument_row(r, today) for r in listing.list_instruments(
            reg, due_within=args.due_within, today=today, institute_uscc=args.institute)]
    else:
        query = RecordQuery(
            kind=args.kind,
            institute_uscc=args.institute,
            own_only=args.institute is None and not args.region,
            expiring_within=args.expiring_within,
            today=today,
            sort="valid_until" if args.expiring_within is not None else None,
        )
        rows = listing.list_records(reg, query)
        if args.kind == "standards":
            rows = [_standard_row(r, today) for r in rows]
    if args.report:
        _write_list_report(reg, args, rows)
    if args.json:
        if args.kind == "standards":
            from labregistry.services import catalogues, comparisons  # only here: the other lists never read them

            rows = [{**r, "procedure_flags": i18n.render_all(r["procedure_flags"], args.lang),
                     "code_warning": i18n.render_all(r["code_warning"], args.lang)}
                    for r in catalogues.with_flags(reg, listing.with_capabilities(reg, rows))]
            rows = comparisons.with_comparisons(reg, rows)
        print_json([_json_row(r) for r in rows])
        return 0
    cols = _LIST_COLUMNS[args.kind]
    for row in rows:
        print("\t".join(shown(c, row.get(c), args.lang, instruments=args.kind == "instruments") for c in cols))
    print(i18n.tr("list.count", args.lang, n=len(rows)), file=sys.stderr)
    if args.kind == "standards":
        _warn_ancillary_overdue(rows, args.lang)
    return 0


_CHOICE_COLUMNS = {"status": STATUSES, "grade": GRADES, "form": AUTH_FORMS, "credential_kind": CREDENTIAL_KINDS,
                   "role": INSTRUMENT_ROLES}


def shown(column: str, value: Any, lang: str | None, *, instruments: bool = False) -> str:
    """A cell of the text output: a stored key (valid, internal, registered_2, main ...) as its
    label in ``lang``, nothing for no value; ``state`` is a standard's (or an instrument's) state."""
    if value is None or value == "":
        return ""
    if column == "state":
        if instruments:
            return i18n.tr(f"list.instrument.{value}", lang)
        return STATUSES.label(value).render(lang) if value in STATUSES else usability.state_label(str(value)).render(lang)
    choices = _CHOICE_COLUMNS.get(column)
    if choices is not None and str(value) in choices:
        return choices.label(str(value)).render(lang)
    return str(value)


def _warn_ancillary_overdue(rows: list[dict[str, Any]], lang: str | None) -> None:
    """One line on stderr when listed standards have ancillary equipment past due: a warning
    (the state column stays as it is), naming the first such item."""
    late = [r for r in rows if r.get("ancillary_overdue") and r.get("status") != "revoked"]
    if not late:
        return
    first = min(late, key=lambda r: (r["ancillary_calibration_due"], str(r.get("certificate_no"))))
    print(i18n.tr("list.ancillary_overdue", lang, n=len(late), certificate_no=first.get("certificate_no"),
                  instrument=first.get("ancillary_due_name") or "", due=first["ancillary_calibration_due"].isoformat()),
          file=sys.stderr)


def _write_list_report(reg: Registry, args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    """``--report``: the rows listed, as an Excel report titled with whose they are."""
    from labregistry.services import institutes, list_report

    if args.region:
        whose = i18n.tr("list_report.region", args.lang)
    elif args.institute:
        whose = next((str(r["institute_name"]) for r in rows if r.get("institute_name")), args.institute)
    else:
        whose = str((institutes.own_institute(reg) or {}).get("name") or "")
    within = args.due_within if args.kind == "instruments" else args.expiring_within
    report = list_report.write_list_report(
        reg, args.report, args.kind, rows, institute=whose, within=within,
        language=i18n.doc_language(args.lang)
    )
    print(i18n.tr("list.report_written", args.lang, path=report.path, rows=report.rows), file=sys.stderr)


def _standard_row(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A standard's list row with the instrument rule applied (domain.usability): ``state`` is
    the status to show (``needs_recalibration`` when a main instrument is overdue), ``usable``
    whether it may be used today, ``ancillary_overdue`` whether ancillary equipment is past due
    (a warning: ``ancillary_due_name`` names the item due soonest)."""
    return {**row, "state": usability.row_state(row, today), "usable": usability.row_usable(row, today),
            "needs_recalibration": usability.row_state(row, today) == usability.NEEDS_RECALIBRATION,
            "ancillary_overdue": usability.row_ancillary_overdue(row, today)}


def _instrument_row(row: dict[str, Any], today: dt.date) -> dict[str, Any]:
    due = row.get("calibration_due")
    late = usability.overdue(due, today)
    return {**row, "overdue": late, "state": "overdue" if late else "due" if due is not None else "",
            "days_left": (due - today).days if due is not None else None}


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()}


def _usage_error(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=LIST_KINDS, help="what to list")
    p.add_argument("--institute", metavar="USCC", help="only this institute (default: own)")
    p.add_argument("--region", action="store_true", help="all institutes in the region")
    p.add_argument(
        "--expiring-within",
        type=_non_negative_int,
        metavar="DAYS",
        help="certificates ending within DAYS, and those already ended (revoked ones left out)",
    )
    p.add_argument(
        "--due-within",
        type=_non_negative_int,
        metavar="DAYS",
        help="instruments only: calibration due within DAYS, the overdue included",
    )
    p.add_argument("--report", metavar="OUT.xlsx", help="also write the listed records to an Excel report")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


def _non_negative_int(text: str) -> int:
    return cli_lang.whole_number(text)


cmd_list.configure = _list_args  # type: ignore[attr-defined]


@command("init", "create the database, the own institute and its signing key / 初始化本机构")
def cmd_init(args: argparse.Namespace) -> int:
    from labregistry.domain.records import InstituteInput
    from labregistry.crypto.passphrase import check_new_passphrase, resolve_passphrase
    from labregistry.services import setup

    inp = InstituteInput(
        name=args.name, uscc=args.uscc, province=args.province, city=args.city,
        kind=args.kind, name_en=args.name_en, address=args.address, contact=args.contact,
    )
    from labregistry.domain import validation

    validation.validate_institute(inp)  # refuse bad input before creating any file
    if args.operator:
        validation.check_text(args.operator, "operator")
    passphrase = resolve_passphrase(getattr(args, "passphrase_file", None), confirm=True,
                                    prompt=passphrase_prompt(args.lang))
    check_new_passphrase(passphrase, name=args.name, uscc=args.uscc)  # before the home is made
    reg = open_from(args, create=True)
    institute, info = setup.init_registry(reg, inp, passphrase, operator=args.operator)
    if args.json:
        print_json({"uscc": institute.uscc, "name": institute.name, "key_id": info.key_id,
                    "fingerprint": info.fingerprint, "home": str(reg.home.path)})
    else:
        print(i18n.tr("init.done", args.lang, name=institute.name, key_id=info.key_id, fingerprint=info.fingerprint))
    return 0


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", required=True, help="institute name (Chinese)")
    p.add_argument("--uscc", required=True, help="18-character unified social credit code")
    p.add_argument("--province", required=True, help="上海 江苏 浙江 安徽 (or SH JS ZJ AH)")
    p.add_argument("--city", required=True, help="city")
    p.add_argument("--name-en", help="English name")
    p.add_argument("--kind", help="institute kind")
    p.add_argument("--address", help="address")
    p.add_argument("--contact", help="contact person or telephone")
    p.add_argument("--operator", help="name recorded in the audit trail (default: the OS user)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_init.configure = _init_args  # type: ignore[attr-defined]


@command("demo", "fill the own institute with realistic synthetic records / 生成演示数据")
def cmd_demo(args: argparse.Namespace) -> int:
    from labregistry.demo import populate_demo

    reg = open_from(args)
    with ProgressBar.for_args(args) as bar:
        summary = populate_demo(reg, standards=args.standards, seed=args.seed, progress=bar.phase)
    if args.json:
        print_json(summary.as_dict())
    else:
        print(summary.render(args.lang))
    return 0


def _positive_int(text: str) -> int:
    return cli_lang.whole_number(text, minimum=1)


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--standards", type=_positive_int, default=200, metavar="N", help="number of standards (default 200)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (same seed, same data)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_demo.configure = _demo_args  # type: ignore[attr-defined]


@command("add-standard", "record one measurement standard of the own institute / 登记一项计量标准")
def cmd_add_standard(args: argparse.Namespace) -> int:
    from labregistry.domain.capabilities import parse_capability
    from labregistry.domain.records import StandardInput
    from labregistry.services import records

    capabilities = [parse_capability(text) for text in args.capability or ()]
    inp = StandardInput(
        name=args.name, code=args.code, grade=args.grade, certificate_no=args.certificate_no,
        certificate_authority=args.authority, issued_on=args.issued_on, valid_until=args.valid_until,
        # without --range / --accuracy, the first capability's are the certificate's own: the
        # core's rule (domain.validation), the editor's and a ledger's too
        range_text=args.range, accuracy_text=args.accuracy, quantity=args.quantity,
        responsible_person=args.responsible, capabilities=capabilities,
    )
    warnings = records.check("standard", inp)  # refuses bad input before the registry is opened
    reg = open_from(args)
    new_id = records.create_standard(reg, inp, source="cli")
    said = [w.render(args.lang) for w in warnings]  # recorded as entered, but worth a look
    if args.json:
        print_json({"id": new_id, "certificate_no": args.certificate_no, "warnings": said})
    else:
        print(i18n.tr("add.done", args.lang, certificate_no=args.certificate_no, id=new_id))
    for text in said:
        print(i18n.tr("add.warning", args.lang, text=text), file=sys.stderr)
    return 0


def _add_standard_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", required=True, help="name of the standard")
    p.add_argument("--code", required=True, help="JJF 1022 code, 8 digits")
    p.add_argument("--grade", required=True, help="public / department / enterprise (or 社会公用 ...)")
    p.add_argument("--certificate-no", required=True, help="number of its certificate (考核证书编号)")
    p.add_argument("--authority", help="issuing authority")
    p.add_argument("--issued-on", help="date of issue, e.g. 2023-05-31")
    p.add_argument("--valid-until", required=True, help="valid until, e.g. 2027-05-30")
    p.add_argument("--range", help='measurement range, e.g. "(0~60)MPa" (default: the first capability\'s)')
    p.add_argument("--accuracy", help='e.g. "U=0.02%%, k=2", "0.05级", "MPE: ±0.1%%" (default: the first '
                   "capability's)")
    p.add_argument("--capability", action="append", metavar="'PARAMETER RANGE ACCURACY'",
                   help='a capability row, repeatable, e.g. "直流电压 (0~1000)V U=0.002%%,k=2"')
    p.add_argument("--quantity", help="expected quantity, e.g. pressure / 压力")
    p.add_argument("--responsible", help="responsible person")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_add_standard.configure = _add_standard_args  # type: ignore[attr-defined]


@command("history", "the audit trail of one record / 记录的修改历史")
def cmd_history(args: argparse.Namespace) -> int:
    from labregistry.services import records

    reg = open_from(args)
    kind = {"standards": "standard", "authorisations": "authorisation", "staff": "staff"}[args.kind]
    record_id = records.resolve(reg, kind, args.ref)
    entries = records.history(reg, kind, record_id)
    print_list(entries, args, "history.none", lambda e: _history_entry(kind, e, args.lang))
    return 0


def _history_entry(kind: str, e: dict[str, Any], lang: str | None) -> str:
    """One change as ``history`` shows it: when, who and what, then a line a changed field
    (the core's description: the form's fields by their labels, lists item by item; a
    creation's every field set). ``--json`` prints the raw snapshots instead."""
    from labregistry.services import changes, records

    action = i18n.tr(f"history.action.{e['action']}", lang)
    source = i18n.rendered(records.source_label(e["source"]), lang)
    where = "" if not source else f"  （{source}）" if lang == "zh" else f"  ({source})"
    lines = [f"{local_time(e['at'])}  {e['operator']}  {action}{where}"]
    lines += [f"    {change.line(lang)}" for change in changes.describe_changes(kind, e["before"], e["after"])]
    return "\n".join(lines)


def _history_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=KINDS, help="the record's kind")
    p.add_argument("ref", metavar="REF", help="record id or certificate number")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_history.configure = _history_args  # type: ignore[attr-defined]
