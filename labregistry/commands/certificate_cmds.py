"""Commands for capability certificates: certificate (one, a statement, or a batch) and verify-certificate."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.certificates.language import DEFAULT_LANGUAGE, LANGUAGES, CertificateLanguage, parse_language
from labregistry.cli import ProgressBar, command, fail, open_from, passphrase_prompt, print_json
from labregistry.domain.dates import parse_date
from labregistry.errors import DomainError


def _date_arg(text: str) -> dt.date:
    try:
        return parse_date(text, "issued_on")
    except DomainError as exc:
        raise argparse.ArgumentTypeError(exc.render(cli_lang.current_lang())) from None


def _days(text: str) -> int:
    return cli_lang.whole_number(text)


def _usage_error(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


@command("certificate", "print a signed capability certificate (PDF) / 出具计量能力证明")
def cmd_certificate(args: argparse.Namespace) -> int:
    from labregistry.crypto.passphrase import resolve_passphrase
    from labregistry.services import certificates as svc

    lang = args.lang  # the messages' language; the certificate's is args.language
    batch = args.all_standards
    if args.out_dir and not batch:
        return _usage_error(i18n.tr("certcli.out_dir_batch_only", lang))
    if (args.expiring_within is not None or args.text) and not batch:
        return _usage_error(i18n.tr("certcli.filter_batch_only", lang))
    if not args.output and not args.out_dir:
        hint = i18n.tr("certcli.dir_hint", lang) if batch else ""
        return _usage_error(i18n.tr("certcli.need_output", lang, dir_hint=hint))

    reg = open_from(args)
    issued_on = args.issued_on or dt.date.today()
    language = parse_language(args.language)
    fonts = svc.certificate_fonts(reg)
    ids: list[int] = []
    if batch:
        ids = svc.select_standards(
            reg, expiring_within=args.expiring_within, text=args.text or "", on=issued_on
        )
        if not ids:
            raise DomainError("certificate.nothing_selected")
    elif args.standard is not None:
        svc.resolve_standard(reg, args.standard)  # refuse an unknown REF before asking for the passphrase
    passphrase = resolve_passphrase(getattr(args, "passphrase_file", None), prompt=passphrase_prompt(lang))
    key = svc.unlock(reg, passphrase)
    if not fonts.embedded and fonts.source == "builtin" and not args.json:
        print(i18n.tr("certcli.font_fallback", lang), file=sys.stderr)

    if batch:
        return _batch(args, reg, ids, key, fonts, issued_on, language)
    if args.standard is not None:
        issued = svc.issue_standard(
            reg, args.standard, args.output, key, language=language, issued_on=issued_on, fonts=fonts
        )
        for warning in svc.certificate_warnings(reg, args.standard, on=issued_on):
            print(warning.render(lang), file=sys.stderr)
    else:
        issued = svc.issue_statement(
            reg, args.institute, args.output, key, language=language, issued_on=issued_on, fonts=fonts
        )
    if args.json:
        print_json({**issued.to_json(), "language": language, "font": fonts.describe()})
    else:
        what = i18n.tr(f"certcli.what.{issued.kind}", lang)
        print(
            i18n.tr(
                "certcli.written", lang, what=what, path=issued.path, serial=issued.serial, pages=issued.pages
            )
        )
    return 0


def _batch(
    args: argparse.Namespace, reg: Any, ids: list[int], key: Any, fonts: Any, issued_on: dt.date,
    language: CertificateLanguage,
) -> int:
    from labregistry.services import certificates as svc

    lang = args.lang
    bar = ProgressBar.for_args(args)

    def progress(done: int, total: int) -> None:
        bar.show(i18n.tr("certcli.progress", lang), done, total)

    with bar:
        result = svc.issue_batch(
            reg,
            ids,
            key,
            out=args.output,
            out_dir=args.out_dir,
            language=language,
            issued_on=issued_on,
            fonts=fonts,
            progress=progress,
        )
    if result.cancelled:
        return fail(i18n.tr("certcli.cancelled", lang))
    if args.json:
        print_json(result.to_json())
    else:
        print(
            i18n.tr(
                "certcli.batch_done",
                lang,
                count=len(result.issued),
                files=len(result.files),
                pages=result.pages,
                seconds=round(result.seconds, 1),
            )
        )
    return 0


cli_lang.help_texts(
    {
        "one own standard: its certificate number or id": "本机构的一项计量标准：其证书编号或记录编号",
        "the own institute's capability statement": "本机构的计量能力证明",
        "every own standard in force (filter with --expiring-within / --text)":
            "本机构在有效期内的每项计量标准（可用 --expiring-within、--text 筛选）",
        "the PDF to write (a batch: all in one file)": "要写入的 PDF（批量时：全部写入一个文件）",
        "batch only: one PDF per standard in DIR": "仅用于批量：在 DIR 中每项计量标准一个 PDF",
        "batch only: standards whose certificate ends within DAYS": "仅用于批量：证书在 DAYS 天内到期的计量标准",
        "batch only: standards whose name, number or code contain TEXT": "仅用于批量：名称、编号或代码含 TEXT 的计量标准",
        "date of issue (default: today)": "出具日期（默认：今天）",
        "the certificate's language: zh (Chinese, the default), en (English) or zh+en (Chinese with English under "
        "each label); independent of --lang, which sets the messages' language":
            "证书的语言：zh（中文，默认）、en（英文）或 zh+en（中文，每项下附英文）；与设置提示信息语言的 --lang 无关",
        "a certificate PDF, a text file with the scanned code, the code itself (LRC1:...), or - for stdin":
            "证书 PDF、含扫描所得编码的文本文件、编码本身（LRC1:...），或 - 表示从标准输入读取",
    }
)


def _certificate_args(p: argparse.ArgumentParser) -> None:
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--standard", metavar="REF", help="one own standard: its certificate number or id")
    target.add_argument("--institute", metavar="USCC", help="the own institute's capability statement")
    target.add_argument(
        "--all-standards",
        action="store_true",
        help="every own standard in force (filter with --expiring-within / --text)",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT.pdf", help="the PDF to write (a batch: all in one file)")
    out.add_argument("--out-dir", metavar="DIR", help="batch only: one PDF per standard in DIR")
    p.add_argument(
        "--expiring-within",
        type=_days,
        metavar="DAYS",
        help="batch only: standards whose certificate ends within DAYS",
    )
    p.add_argument(
        "--text", metavar="TEXT", help="batch only: standards whose name, number or code contain TEXT"
    )
    p.add_argument("--issued-on", type=_date_arg, metavar="DATE", help="date of issue (default: today)")
    p.add_argument(
        "--language",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="the certificate's language: zh (Chinese, the default), en (English) or zh+en (Chinese with "
        "English under each label); independent of --lang, which sets the messages' language",
    )
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_certificate.configure = _certificate_args  # type: ignore[attr-defined]


@command("verify-certificate", "check a certificate offline (PDF or scanned code) / 离线核验证书")
def cmd_verify_certificate(args: argparse.Namespace) -> int:
    from labregistry.services import certificates as svc

    lang = args.lang
    source = sys.stdin.read() if args.source == "-" else args.source
    reg = _registry_if_any(args)
    checks = svc.verify_source(reg, source)
    bad = [c for c in checks if not c.genuine]
    if args.json:
        items = [i18n.render_all(c.to_json(), lang) | {"page": c.page} for c in checks]
        data = dict(items[0])
        if len(items) > 1:
            data["genuine"] = not bad
            data["status"] = bad[0].status if bad else "genuine"
            data["reason"] = i18n.render_all(bad[0].reason, lang) if bad else None
        data["certificates"] = items
        print_json(data)
    else:
        for check in checks:
            if check.genuine:
                _print_genuine(check, lang)
    if bad:
        first = bad[0]
        reason = i18n.render_all(first.reason, lang) or ""
        if len(checks) > 1:
            return fail(
                i18n.tr("verify.cert.failed_some", lang, bad=len(bad), total=len(checks), reason=reason)
            )
        return fail(i18n.tr("verify.cert.failed", lang, status=first.status_label, reason=reason))
    return 0


def _registry_if_any(args: argparse.Namespace) -> Any:
    """The registry, when there is one: a certificate can be checked by anyone, anywhere;
    without a registry only its own signature is checked (its issuer is then unknown)."""
    from labregistry.config import resolve_home
    from labregistry.registry import require_home

    try:
        require_home(resolve_home(getattr(args, "home", None), getattr(args, "db", None)))
    except DomainError:
        return None
    return open_from(args)


def _print_genuine(check: Any, lang: str) -> None:
    from labregistry.certificates.layout import format_date

    p = check.payload
    if p.kind == "standard":
        what = i18n.tr(
            "verify.cert.what_standard",
            lang,
            certificate_no=p.certificate_no or "-",
            valid_until=p.valid_until.isoformat() if p.valid_until else "-",
        )
    else:
        what = i18n.tr("verify.cert.what_statement", lang, standards=p.counts[0], items=p.counts[1])
    print(
        i18n.tr(
            "verify.cert.genuine",
            lang,
            what=what,
            issuer=check.issuer_name or p.issuer_uscc,
            uscc=p.issuer_uscc,
            date=format_date(p.issued_on, i18n.doc_language(lang)),
            key_id=p.key_id,
            serial=p.serial,
        )
    )
    if check.expired():
        print("  " + i18n.tr("verify.cert.expired", lang, valid_until=p.valid_until.isoformat()))
    if check.record_state:
        print("  " + i18n.tr(f"verify.cert.record.{check.record_state}", lang))
    if check.qr_checked:
        print("  " + i18n.tr("verify.cert.qr_checked", lang))
    if check.page_checked:
        print("  " + i18n.tr("verify.cert.page_checked", lang))
    if check.facts:
        print("  " + i18n.tr("verify.cert.facts", lang))
        for fact in check.facts:
            print("    " + i18n.tr("verify.cert.fact", lang, label=fact.label, value=fact.value))


def _verify_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source",
        metavar="PDF_OR_PAYLOAD",
        help="a certificate PDF, a text file with the scanned code, the code itself (LRC1:...), or - for stdin",
    )
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_verify_certificate.configure = _verify_args  # type: ignore[attr-defined]
