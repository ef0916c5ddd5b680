"""Exchange commands: keys, trust, export, verify, import, export-received."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from labregistry import cli_lang, i18n
from labregistry.cli import ProgressBar, action_parser, command, fail, open_from, passphrase_prompt, print_json, print_list
from labregistry.errors import DomainError
from labregistry.crypto.passphrase import read_passphrase_file, resolve_passphrase
from labregistry.services import exchange

def _passphrase(args: argparse.Namespace, confirm: bool = False) -> str:
    return resolve_passphrase(getattr(args, "passphrase_file", None), confirm=confirm,
                              prompt=passphrase_prompt(args.lang))


# ---------------------------------------------------------------- keys


def _since(args: argparse.Namespace) -> Any:
    return exchange.parse_compromise_time(getattr(args, "compromised_since", None))


def _statement_written(result: dict[str, Any], lang: str) -> None:
    if result.get("statement_out"):
        print(i18n.tr("keys.statement_written", lang, path=result["statement_out"]))


@command("keys", "own signing key: show, export-public, rotate, revoke, attach-endorsement, restore-statements / 本机构签名密钥")
def cmd_keys(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.action == "show":
        _keys_show(reg, args)
    elif args.action == "restore-statements":
        from labregistry.services import ownkeys

        written = [str(p) for p in ownkeys.restore(reg)]
        if args.json:
            print_json({"written": written})
        else:
            print(i18n.tr("keys.statements_restored", args.lang, n=len(written)))
            for name in written:
                print(f"  {name}")
    elif args.action == "export-public":
        path = exchange.export_public_card(reg, args.out)
        print(i18n.tr("keys.exported", args.lang, path=path, fingerprint=exchange.key_summary(reg)["fingerprint"]))
    elif args.action == "attach-endorsement":
        from labregistry.services import endorsing

        result = endorsing.attach_endorsement(reg, args.file)
        if args.json:
            print_json(result)
        else:
            print(i18n.tr("keys.endorsement_attached", args.lang, until=result["until"][:10], **result))
    elif args.action == "revoke":
        since = _since(args)
        # what the revocation will do to the peers' trust in the new key, said before it is
        # written (and before the passphrase is asked): no prompt, scripts run it unattended
        for warning in exchange.revoke_warnings(reg, args.key_id, since):
            print(warning.render(args.lang), file=sys.stderr)
        result = exchange.revoke_own_key(reg, _passphrase(args), args.key_id, args.reason, compromised_since=since,
                                         statement_out=args.statement_out)
        result["warnings"] = [{"code": w.code, "message": w.render(args.lang)} for w in result["warnings"]]
        if args.json:
            print_json(result)
        else:
            print(i18n.tr("keys.revoked", args.lang, key_id=args.key_id, since=result["compromised_since"]))
            _statement_written(result, args.lang)
    else:
        if args.compromised_since and not args.revoke_old:
            raise DomainError("keys.since_needs_revoke")
        since = _since(args)
        new = read_passphrase_file(args.new_passphrase_file) if args.new_passphrase_file else None
        result = exchange.rotate_key(reg, _passphrase(args), new, revoke_reason=args.revoke_old,
                                     compromised_since=since, statement_out=args.statement_out)
        if args.json:
            print_json(result)
        else:
            print(i18n.tr("keys.rotated", args.lang, **result))
            if result["revoked"]:
                print(i18n.tr("keys.rotated_revoked", args.lang, since=result["compromised_since"], **result))
            _statement_written(result, args.lang)
    return 0


def _keys_show(reg: Any, args: argparse.Namespace) -> None:
    """The current key, the own keys revoked (and whether a file still holds each revocation),
    and what is wrong with the own statements (``problems``: the same as ``check``'s ``own_keys``)."""
    from labregistry.services import ownkeys

    info = exchange.key_summary(reg)
    problems = ownkeys.problems(reg)
    readable = not any(p["problem"] == "statement_unreadable" for p in problems)
    info["revoked_keys"] = ownkeys.revoked_summary(reg) if readable else None
    info["problems"] = i18n.render_all(problems, args.lang)
    if args.json:
        print_json(info)
        return
    print(i18n.tr("keys.show", args.lang, **info))
    for key in info["revoked_keys"] or []:
        code = "keys.show_revoked" if key["statement_file"] else "keys.show_revoked_no_file"
        print(i18n.tr(code, args.lang, since=key["compromised_since"] or "-", **key))
    for problem in info["problems"]:
        print(i18n.tr("keys.show_problem", args.lang, message=problem["message"]))


cli_lang.help_texts(
    {
        "show the key id and fingerprint": "显示密钥编号和指纹",
        "write the own statement files the database records and the keys folder lost":
            "按数据库的记录，写回密钥文件夹中丢失的本机构声明文件",
        "write the public key card file for peers": "写出交给其他机构的公钥卡文件",
        "the key card file to write": "要写入的公钥卡文件",
        "new key endorsed by the old one": "启用新密钥，由旧密钥背书",
        "seal the new key with the passphrase on this file's first line (default: the current one)":
            "用此文件第一行的口令保护新密钥（默认沿用当前口令）",
        "also revoke the old key (key compromise)": "同时吊销旧密钥（密钥泄露时），REASON 为原因",
        "not to be trusted from DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Beijing time; default: now)":
            "自 DATE 起不受信任（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，北京时间；默认：现在）",
        "also write the rotation (and revocation) as a statement file for `trust import`":
            "同时把轮换（及吊销）写成声明文件，供对方 trust import",
        "revoke an earlier own key (after rotating away from it)": "吊销本机构以前的密钥（轮换之后）",
        "the own earlier key to revoke": "要吊销的本机构旧密钥",
        "why, in a few words (e.g. the key file was lost)": "原因，简短说明（如：密钥文件遗失）",
        "also write the revocation as a statement file for `trust import`": "同时把吊销写成声明文件，供对方 trust import",
        "the own bundles carry this coordinator's endorsement from now on": "此后本机构的数据包都带有协调机构的这份背书",
        "the endorsement file from the coordinator": "协调机构给出的背书文件",
        "trust a peer's key card (or the card inside a bundle) after comparing its fingerprint":
            "核对指纹后信任对方机构的公钥卡（或数据包中的公钥卡）",
        "the peer's key card file (or one of its bundles)": "对方机构的公钥卡文件（或其数据包）",
        "the fingerprint read to you by the peer": "对方机构电话告知的指纹",
        "replace another trusted key of the same institute (after a warning on stderr)":
            "替换同一机构已受信任的另一密钥（先在标准错误输出中警告）",
        "also trust this institute to endorse other institutes' keys (the regional coordinator)":
            "同时信任该机构为其他机构的密钥背书（区域协调机构）",
        "list trusted keys and their state": "列出受信任的密钥及其状态",
        "stop trusting a key": "不再信任某个密钥",
        "the key no longer to trust": "不再信任的密钥",
        "why, in a few words": "原因，简短说明",
        "take a signed statement file (rotation, revocation, endorsement) on its own":
            "单独导入签名的声明文件（轮换、吊销、背书）",
        "the statement file": "声明文件",
        "the bundle file to write": "要写入的数据包文件",
        "the bundle to verify": "要核验的数据包",
        "bundle files and folders of bundles (e.g. what export-received wrote); one file keeps the single-bundle "
        "output and JSON": "数据包文件或存放数据包的文件夹（如 export-received 写出的）；只给一个文件时，输出和 JSON 与单个数据包相同",
        "show what would change; write nothing": "只显示将有哪些变化，不写入任何数据",
        "merge without asking": "不再询问，直接合并",
        "import an expired bundle knowingly; its records are marked stale": "明知已过期仍导入数据包，其记录标为过期数据",
        "the folder to write them into": "写入的文件夹",
    }
)


def _compromise_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--compromised-since", metavar="DATE",
                   help="not to be trusted from DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Beijing time; default: now)")


def _keys_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True,
                     metavar="{show,export-public,rotate,revoke,attach-endorsement,restore-statements}")
    show = action_parser(p, "show", "show the key id and fingerprint")
    show.add_argument("--json", action="store_true", help="JSON on stdout")
    restore = action_parser(p, "restore-statements",
                            "write the own statement files the database records and the keys folder lost")
    restore.add_argument("--json", action="store_true", help="JSON on stdout")
    export = action_parser(p, "export-public", "write the public key card file for peers")
    export.add_argument("out", metavar="OUT", help="the key card file to write")
    rotate = action_parser(p, "rotate", "new key endorsed by the old one")
    rotate.add_argument("--revoke-old", metavar="REASON", help="also revoke the old key (key compromise)")
    _compromise_option(rotate)
    rotate.add_argument("--statement-out", metavar="FILE",
                        help="also write the rotation (and revocation) as a statement file for `trust import`")
    rotate.add_argument("--new-passphrase-file", metavar="FILE",
                        help="seal the new key with the passphrase on this file's first line (default: the current one)")
    rotate.add_argument("--json", action="store_true", help="JSON on stdout")
    revoke = action_parser(p, "revoke", "revoke an earlier own key (after rotating away from it)")
    revoke.add_argument("key_id", metavar="KEY_ID", help="the own earlier key to revoke")
    revoke.add_argument("--reason", required=True, help="why, in a few words (e.g. the key file was lost)")
    _compromise_option(revoke)
    revoke.add_argument("--statement-out", metavar="FILE",
                        help="also write the revocation as a statement file for `trust import`")
    revoke.add_argument("--json", action="store_true", help="JSON on stdout")
    attach = action_parser(p, "attach-endorsement", "the own bundles carry this coordinator's endorsement from now on")
    attach.add_argument("file", metavar="FILE", help="the endorsement file from the coordinator")
    attach.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_keys.configure = _keys_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- trust


@command("trust", "peer keys: add, list, revoke, import / 信任的机构密钥")
def cmd_trust(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.action == "add":
        if args.replace:
            for warning in exchange.plan_trust_add(reg, args.card, args.fingerprint).warnings():
                print(warning.render(args.lang), file=sys.stderr)
        row = exchange.trust_add(reg, args.card, args.fingerprint, replace=args.replace, coordinator=args.coordinator)
        print(i18n.tr("trust.added", args.lang, name=row.institute_name, uscc=row.uscc, key_id=row.key_id))
        if args.coordinator:
            print(i18n.tr("trust.coordinator_added", args.lang, name=row.institute_name, uscc=row.uscc))
    elif args.action == "list":
        print_list(i18n.render_all(exchange.trust_list(reg), args.lang), args, "trust.none",
                   lambda k: "\t".join([k["key_id"], k["uscc"], k["institute_name"] or "", k["fingerprint"] or "-",
                                        key_state_text(k, args.lang)]))
    elif args.action == "import":
        result = exchange.trust_import(reg, args.file)
        if args.json:
            print_json(result.to_json())
        else:
            _print_import(result, args.lang)
    else:
        also = exchange.trust_revoke(reg, args.key_id, args.reason, compromised_since=_since(args))
        print(i18n.tr("trust.revoked", args.lang, key_id=args.key_id))
        if also:
            print(i18n.tr("trust.also_withdrawn", args.lang, keys=", ".join(also)))
    return 0


def key_state_text(k: dict[str, Any], lang: str | None) -> str:
    """A key's state as ``trust list`` shows it, with the statement that did it, and how
    it is trusted: directly (as a coordinator too), or endorsed by whom until when."""
    text = _state_text(k, lang)
    if k.get("coordinator") and k["state"] in ("trusted", "rotated"):
        text += i18n.tr("trust.as_coordinator", lang)
    return text


def _state_text(k: dict[str, Any], lang: str | None) -> str:
    since = k.get("compromised_since") or k.get("revoked_at") or "-"
    state = k["state"]
    if state == "endorsed":
        how = k["trust"]
        return i18n.tr("trust.state.endorsed", lang, name=how["coordinator_name"], uscc=how["coordinator_uscc"],
                       until=how["until"])
    if state == "not_endorsed":
        return i18n.tr("trust.state.not_endorsed", lang, reason=k.get("reason") or "-")
    if state == "rotated":
        text = i18n.tr("trust.state.rotated", lang, to=", ".join(k["rotated_to"] or []))
    elif state == "revoked":
        text = i18n.tr("trust.state.revoked", lang, since=since, reason=k.get("revoked_reason") or "-")
    elif state == "distrusted":
        text = i18n.tr("trust.state.distrusted", lang, by=k.get("compromised_key") or "-", since=since)
    else:
        return i18n.tr("trust.state.trusted", lang)
    stmt = k.get("statement")
    if k.get("revoked_by") == "local":
        source = i18n.tr("trust.by_local", lang)
    elif stmt:
        source = i18n.tr("trust.by_statement", lang, kind=i18n.tr(f"trust.kind.{stmt['type']}", lang),
                         digest=stmt["sha256"][:12], signer=stmt.get("signer_key_id") or stmt.get("old_key_id"))
    else:
        return text
    return i18n.tr("trust.state_source", lang, state=text, source=source)


def _print_import(result: Any, lang: str) -> None:
    for item in result.statements:
        fields = {**item, "status": i18n.tr(f"statement.status.{item['status']}", lang),
                  "since": item.get("compromised_since") or "-", "until": (item.get("until") or "-")[:10]}
        print(i18n.tr(f"statement.imported.{item['type']}", lang, uscc=result.uscc, **fields))
    if result.trusted:
        print(i18n.tr("statement.now_trusted", lang, keys=", ".join(result.trusted)))
    if result.withdrawn:
        print(i18n.tr("trust.also_withdrawn", lang, keys=", ".join(result.withdrawn)))
    if result.revoked:
        print(i18n.tr("statement.revoked_before", lang, keys=", ".join(result.revoked)))
    if result.untrusted:
        print(i18n.tr("statement.untrusted", lang, keys=", ".join(result.untrusted)))


def _trust_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{add,list,revoke,import}")
    add = action_parser(p, "add", "trust a peer's key card (or the card inside a bundle) after comparing its fingerprint")
    add.add_argument("card", metavar="CARD", help="the peer's key card file (or one of its bundles)")
    add.add_argument("--fingerprint", required=True, metavar="FP", help="the fingerprint read to you by the peer")
    add.add_argument("--replace", action="store_true",
                     help="replace another trusted key of the same institute (after a warning on stderr)")
    add.add_argument("--coordinator", action="store_true",
                     help="also trust this institute to endorse other institutes' keys (the regional coordinator)")
    lst = action_parser(p, "list", "list trusted keys and their state")
    lst.add_argument("--json", action="store_true", help="JSON on stdout")
    rev = action_parser(p, "revoke", "stop trusting a key")
    rev.add_argument("key_id", metavar="KEY_ID", help="the key no longer to trust")
    rev.add_argument("--reason", help="why, in a few words")
    _compromise_option(rev)
    imp = action_parser(p, "import", "take a signed statement file (rotation, revocation, endorsement) on its own")
    imp.add_argument("file", metavar="FILE", help="the statement file")
    imp.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_trust.configure = _trust_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- export / verify / import


@command("export", "write the signed bundle of the own institute / 导出签名数据包")
def cmd_export(args: argparse.Namespace) -> int:
    reg = open_from(args)
    passphrase = _passphrase(args)  # asked before the bar starts
    with ProgressBar.for_args(args) as bar:
        result = exchange.export_bundle(reg, args.out, passphrase, valid_days=args.valid_days, progress=bar.phase)
    m = result.manifest
    if args.json:
        print_json({"path": str(result.path), **m.payload(), "counts": m.counts()})
    else:
        print(i18n.tr("export.done", args.lang, path=result.path, seq=m.seq, expires=m.expires_at.date(),
                      counts=counts_text(m.counts(), args.lang)))
    return 0


_VALID_DAYS_HELP = (f"validity of the bundle, {exchange.MIN_VALID_DAYS} to {exchange.MAX_VALID_DAYS} days "
                    f"(default {exchange.DEFAULT_VALID_DAYS})")
cli_lang.help_texts({_VALID_DAYS_HELP: f"数据包的有效期，{exchange.MIN_VALID_DAYS} 至 {exchange.MAX_VALID_DAYS} 天"
                                       f"（默认 {exchange.DEFAULT_VALID_DAYS}）"})


def counts_text(counts: dict[str, int], lang: str) -> str:
    """A bundle's record counts as words ("计量标准 8，仪器设备 21"), not a Python dict.

    Every sheet of the format has its words (a test walks schema.SHEETS): a new sheet without
    them fails there rather than printing its internal name to the user."""
    parts = [i18n.tr(f"export.counts.{kind}", lang, n=n) for kind, n in counts.items()]
    return ("，" if lang == "zh" else ", ").join(parts)


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx", help="the bundle file to write")
    p.add_argument("--valid-days", type=_valid_days, default=exchange.DEFAULT_VALID_DAYS, metavar="DAYS",
                   help=_VALID_DAYS_HELP)
    p.add_argument("--json", action="store_true", help="JSON on stdout")


def _valid_days(text: str) -> int:
    """``--valid-days``: a usage error (exit 2) unless a whole number in range."""
    try:
        return exchange.check_valid_days(int(text.strip()))
    except (ValueError, DomainError):
        pass
    raise argparse.ArgumentTypeError(i18n.tr("export.valid_days", cli_lang.current_lang(), days=text, min=exchange.MIN_VALID_DAYS,
                                             max=exchange.MAX_VALID_DAYS))


cmd_export.configure = _export_args  # type: ignore[attr-defined]


@command("verify", "verify a bundle without importing it / 核验数据包")
def cmd_verify(args: argparse.Namespace) -> int:
    reg = open_from(args)
    result = exchange.verify_bundle(reg, args.bundle)
    if args.json:
        print_json(i18n.render_all(result.to_json(), args.lang))
    if not result.valid:
        return fail(i18n.rendered(result.reason, args.lang) if result.reason is not None else "invalid bundle")
    if not args.json:
        m = result.manifest
        assert m is not None
        print(i18n.tr("verify.ok", args.lang, issuer=m.issuer_name, uscc=m.issuer_uscc, seq=m.seq, key_id=m.key_id,
                      expires=m.expires_at.date()))
        _print_warnings(result, args.lang)
    return 0


def _verify_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("bundle", metavar="BUNDLE.xlsx", help="the bundle to verify")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_verify.configure = _verify_args  # type: ignore[attr-defined]


@command("import", "verify and merge peers' bundles: files and folders / 导入数据包（文件或文件夹）")
def cmd_import(args: argparse.Namespace) -> int:
    if len(args.paths) == 1 and not Path(args.paths[0]).is_dir():
        return _import_one(args, args.paths[0])
    from labregistry.commands import import_view

    return import_view.import_many(args)


def confirm_in_terminal(args: argparse.Namespace, show: Callable[[], None]) -> bool:
    """``--yes``, or the user's answer in a terminal after ``show()`` printed the preview;
    without a terminal, ``import.confirm_needed`` (a script must say ``--yes``)."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise DomainError("import.confirm_needed")
    show()
    answer = input(i18n.tr("import.ask", args.lang))
    return answer.strip().lower() in {"y", "yes", "是", "确认"}


def _import_one(args: argparse.Namespace, path: str) -> int:
    """``import BUNDLE.xlsx``: one bundle, with its own JSON (kept as it was before folders).

    Exit codes as ``import PATH...`` gives them (CLI.md: 1 when a bundle is refused): the very
    bundle imported last, verified again, is ``unchanged`` and exits 0 with its message on
    stdout, as the same file in a folder does; an older one is a rollback (exit 1), as
    ``verify`` says."""
    reg = open_from(args)
    bar = ProgressBar.for_args(args)

    def confirm(plan: Any) -> bool:
        if not args.yes:
            bar.end()  # the preview and the question on lines of their own
        return confirm_in_terminal(args, lambda: _print_plan(plan, args.lang, sys.stderr))

    try:
        with bar:
            result = exchange.import_bundle(reg, path, dry_run=args.dry_run, accept_expired=args.accept_expired,
                                            confirm=None if args.dry_run else confirm, progress=bar.phase)
    except exchange.AlreadyImported as exc:  # verified, and nothing to import: done, as in a folder (exit 0)
        if args.json:
            print_json(_refused_json(args, path, exc))
        else:
            print(exc.render(args.lang))
        return 0
    except DomainError as exc:
        if args.json:  # a script reading stdout learns why too (the error line still goes to stderr)
            print_json(_refused_json(args, path, exc))
        raise
    plan = result.plan
    assert plan is not None
    m = result.verification.manifest
    assert m is not None
    counts = plan.counts()
    if args.json:
        print_json({**i18n.render_all(result.verification.to_json(), args.lang), "dry_run": args.dry_run, "applied": result.applied,
                    **counts, "changes": plan.to_json()})
        return 0
    if not result.applied:
        _print_plan(plan, args.lang, sys.stdout)
        print(i18n.tr("import.dry_run" if args.dry_run else "import.cancelled", args.lang))
        _print_warnings(result.verification, args.lang)
        return 0
    print(i18n.tr("import.done", args.lang, issuer=m.issuer_name, seq=m.seq, **counts))
    if result.verification.expired:
        print(i18n.tr("import.stale", args.lang))
    _print_warnings(result.verification, args.lang)
    return 0


def _print_warnings(verification: Any, lang: str) -> None:
    """What a bundle was taken with as written (``Verification.warnings``), a line each."""
    for warning in verification.warnings:
        print(i18n.tr("import.warning", lang, message=warning))


def _refused_json(args: argparse.Namespace, path: str, exc: DomainError) -> dict[str, Any]:
    """A single bundle not imported, with the keys ``import PATH...`` gives each bundle
    (CLI.md): ``unchanged`` for the very bundle imported already, else ``refused``."""
    m = getattr(exc, "manifest", None)
    return {"path": path, "issuer_uscc": m.issuer_uscc if m is not None else None,
            "seq": m.seq if m is not None else None,
            "status": "unchanged" if isinstance(exc, exchange.AlreadyImported) else "refused",
            "counts": {"added": 0, "changed": 0, "withdrawn": 0},
            "dry_run": args.dry_run, "applied": False, "reason": exc.render(args.lang), "reason_code": exc.code}


def _print_plan(plan: Any, lang: str, stream: Any) -> None:
    """What importing would do: the records added, changed and withdrawn, a changed one's
    fields as its history will describe them (``services.changes``: the form's labels, a
    choice's label, lists item by item), not as the bundle's columns hold them."""
    from labregistry.services import changes

    print(i18n.tr("import.preview", lang, **plan.counts()), file=stream)
    for sign, group in (("+", plan.added), ("~", plan.changed), ("-", plan.withdrawn)):
        for c in group[:200]:
            kind = changes.kind_label(c.kind).render(lang)
            print(f"  {sign} {kind} {c.label}", file=stream)
            if group is plan.changed:
                for change in changes.describe_changes(c.kind, *plan.snapshots(c))[:20]:
                    print(f"      {change.line(lang)}", file=stream)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="bundle files and folders of bundles (e.g. what export-received wrote); one file keeps "
                        "the single-bundle output and JSON")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--yes", action="store_true", help="merge without asking")
    p.add_argument("--accept-expired", action="store_true",
                   help="import an expired bundle knowingly; its records are marked stale")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_import.configure = _import_args  # type: ignore[attr-defined]


@command("export-received", "write the original bytes of the latest bundle of every peer / 转发收到的数据包")
def cmd_export_received(args: argparse.Namespace) -> int:
    reg = open_from(args)
    written = exchange.export_received(  # a bundle received on another client: named, left out
        reg, args.dir, on_skip=lambda skipped: print(skipped.render(args.lang), file=sys.stderr))
    if args.json:
        print_json([str(p) for p in written])
    else:
        print(i18n.tr("received.written", args.lang, n=len(written), dir=args.dir))
    return 0


def _export_received_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the folder to write them into")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_export_received.configure = _export_received_args  # type: ignore[attr-defined]
