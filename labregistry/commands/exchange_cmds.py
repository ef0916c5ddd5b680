"""Exchange commands: keys, trust, export, verify, import, export-received."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from labregistry import i18n
from labregistry.cli import add_global_options, command, fail, print_json
from labregistry.errors import DomainError
from labregistry.commands.registry_cmds import open_from
from labregistry.exchange.passphrase import resolve_passphrase
from labregistry.services import exchange

i18n.register(
    {
        "keys.show": {
            "zh": "机构 {uscc} 的签名密钥 {key_id}\n指纹：{fingerprint}",
            "en": "signing key {key_id} of {uscc}\nfingerprint: {fingerprint}",
        },
        "keys.exported": {
            "zh": "公钥卡已写入 {path}；请把它交给对方，并通过电话核对指纹 {fingerprint}",
            "en": "public key card written to {path}; give it to peers and compare the fingerprint {fingerprint} by phone",
        },
        "keys.rotated": {
            "zh": "已启用新密钥 {key_id}（由旧密钥 {old_key_id} 背书），指纹：{fingerprint}",
            "en": "new key {key_id} in use (endorsed by the old key {old_key_id}); fingerprint: {fingerprint}",
        },
        "keys.revoked": {
            "zh": "已吊销本机构旧密钥 {key_id}；此后导出的数据包会把吊销声明带给各机构",
            "en": "the earlier own key {key_id} is revoked; the next bundles carry the statement to peers",
        },
        "trust.revoked": {"zh": "已吊销对密钥 {key_id} 的信任", "en": "trust in key {key_id} revoked"},
        "trust.none": {"zh": "尚未信任任何机构的密钥", "en": "no trusted keys yet"},
        "export.done": {
            "zh": "已导出签名数据包 {path}：序号 {seq}，有效期至 {expires}，记录 {counts}",
            "en": "signed bundle written to {path}: sequence {seq}, valid until {expires}, records {counts}",
        },
        "verify.ok": {
            "zh": "核验通过：{issuer}（{uscc}）第 {seq} 号数据包，签名密钥 {key_id}，有效期至 {expires}",
            "en": "verified: bundle #{seq} of {issuer} ({uscc}), key {key_id}, valid until {expires}",
        },
        "import.preview": {
            "zh": "将要合并：新增 {added} 条，变更 {changed} 条，撤回 {withdrawn} 条",
            "en": "to merge: {added} added, {changed} changed, {withdrawn} withdrawn",
        },
        "import.done": {
            "zh": "已合并 {issuer} 第 {seq} 号数据包：新增 {added} 条，变更 {changed} 条，撤回 {withdrawn} 条",
            "en": "merged bundle #{seq} of {issuer}: {added} added, {changed} changed, {withdrawn} withdrawn",
        },
        "import.dry_run": {"zh": "（预览，未写入任何数据）", "en": "(dry run: nothing written)"},
        "import.ask": {"zh": "确认合并？[y/N] ", "en": "Merge now? [y/N] "},
        "import.cancelled": {"zh": "已取消，未写入任何数据", "en": "cancelled; nothing written"},
        "import.stale": {
            "zh": "注意：该数据包已过期，其记录已标记为过期数据",
            "en": "note: the bundle had expired; its records are marked stale",
        },
        "received.written": {"zh": "已写出 {n} 个原始数据包到 {dir}", "en": "{n} original bundles written to {dir}"},
    }
)

_KIND_LABELS = {
    "standard": ("计量标准", "standard"),
    "authorisation": ("计量授权", "authorisation"),
    "staff": ("人员", "staff"),
}


def _passphrase(args: argparse.Namespace, confirm: bool = False) -> str:
    return resolve_passphrase(getattr(args, "passphrase_file", None), confirm=confirm, lang=args.lang)


def _sub(p: argparse.ArgumentParser, name: str, help_text: str) -> argparse.ArgumentParser:
    sub = p._subparsers._group_actions[0].add_parser(name, help=help_text)  # type: ignore[union-attr]
    add_global_options(sub, suppress=True)
    return sub  # type: ignore[no-any-return]


# ---------------------------------------------------------------- keys


@command("keys", "own signing key: show, export-public, rotate / 本机构签名密钥")
def cmd_keys(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.action == "show":
        info = exchange.key_summary(reg)
        if args.json:
            print_json(info)
        else:
            print(i18n.tr("keys.show", args.lang, **info))
    elif args.action == "export-public":
        path = exchange.export_public_card(reg, args.out)
        print(i18n.tr("keys.exported", args.lang, path=path, fingerprint=exchange.key_summary(reg)["fingerprint"]))
    elif args.action == "revoke":
        exchange.revoke_own_key(reg, _passphrase(args), args.key_id, args.reason)
        print(i18n.tr("keys.revoked", args.lang, key_id=args.key_id))
    else:
        result = exchange.rotate_key(reg, _passphrase(args), revoke_reason=args.revoke_old)
        if args.json:
            print_json(result)
        else:
            print(i18n.tr("keys.rotated", args.lang, **result))
    return 0


def _keys_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{show,export-public,rotate,revoke}")
    show = _sub(p, "show", "show the key id and fingerprint")
    show.add_argument("--json", action="store_true")
    export = _sub(p, "export-public", "write the public key card file for peers")
    export.add_argument("out", metavar="OUT")
    rotate = _sub(p, "rotate", "new key endorsed by the old one")
    rotate.add_argument("--revoke-old", metavar="REASON", help="also revoke the old key (key compromise)")
    rotate.add_argument("--json", action="store_true")
    revoke = _sub(p, "revoke", "revoke an earlier own key (after rotating away from it)")
    revoke.add_argument("key_id", metavar="KEY_ID")
    revoke.add_argument("--reason", required=True)


cmd_keys.configure = _keys_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- trust


@command("trust", "peer keys: add, list, revoke / 信任的机构密钥")
def cmd_trust(args: argparse.Namespace) -> int:
    reg = open_from(args)
    if args.action == "add":
        row = exchange.trust_add(reg, args.card, args.fingerprint)
        print(i18n.tr("trust.added", args.lang, name=row.institute_name, uscc=row.uscc, key_id=row.key_id))
    elif args.action == "list":
        keys = exchange.trust_list(reg)
        if args.json:
            print_json(keys)
        elif not keys:
            print(i18n.tr("trust.none", args.lang))
        for k in [] if args.json else keys:
            state = "revoked" if k["revoked"] else "trusted"
            print(f"{k['key_id']}\t{k['uscc']}\t{k['institute_name']}\t{k['fingerprint']}\t{state}")
    else:
        exchange.trust_revoke(reg, args.key_id, args.reason)
        print(i18n.tr("trust.revoked", args.lang, key_id=args.key_id))
    return 0


def _trust_args(p: argparse.ArgumentParser) -> None:
    p.add_subparsers(dest="action", required=True, metavar="{add,list,revoke}")
    add = _sub(p, "add", "trust a peer's key card (or the card inside a bundle) after comparing its fingerprint")
    add.add_argument("card", metavar="CARD")
    add.add_argument("--fingerprint", required=True, metavar="FP", help="the fingerprint read to you by the peer")
    lst = _sub(p, "list", "list trusted keys")
    lst.add_argument("--json", action="store_true")
    rev = _sub(p, "revoke", "stop trusting a key")
    rev.add_argument("key_id", metavar="KEY_ID")
    rev.add_argument("--reason")


cmd_trust.configure = _trust_args  # type: ignore[attr-defined]


# ---------------------------------------------------------------- export / verify / import


@command("export", "write the signed bundle of the own institute / 导出签名数据包")
def cmd_export(args: argparse.Namespace) -> int:
    reg = open_from(args)
    result = exchange.export_bundle(reg, args.out, _passphrase(args), valid_days=args.valid_days)
    m = result.manifest
    if args.json:
        print_json({"path": str(result.path), **m.payload(), "counts": m.counts()})
    else:
        print(i18n.tr("export.done", args.lang, path=result.path, seq=m.seq, expires=m.expires_at.date(),
                      counts=m.counts()))
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--valid-days", type=_valid_days, default=exchange.DEFAULT_VALID_DAYS, metavar="DAYS",
                   help=f"validity of the bundle, {exchange.MIN_VALID_DAYS} to {exchange.MAX_VALID_DAYS} days "
                        f"(default {exchange.DEFAULT_VALID_DAYS})")
    p.add_argument("--json", action="store_true")


def _valid_days(text: str) -> int:
    """``--valid-days``: a usage error (exit 2) unless a whole number in range."""
    try:
        return exchange.check_valid_days(int(text.strip()))
    except (ValueError, DomainError):
        pass
    raise argparse.ArgumentTypeError(i18n.tr("export.valid_days", None, days=text, min=exchange.MIN_VALID_DAYS,
                                             max=exchange.MAX_VALID_DAYS))


cmd_export.configure = _export_args  # type: ignore[attr-defined]


@command("verify", "verify a bundle without importing it / 核验数据包")
def cmd_verify(args: argparse.Namespace) -> int:
    reg = open_from(args)
    result = exchange.verify_bundle(reg, args.bundle, lang=args.lang)
    if args.json:
        print_json(result.to_json())
    if not result.valid:
        return fail(result.reason or "invalid bundle")
    if not args.json:
        m = result.manifest
        assert m is not None
        print(i18n.tr("verify.ok", args.lang, issuer=m.issuer_name, uscc=m.issuer_uscc, seq=m.seq, key_id=m.key_id,
                      expires=m.expires_at.date()))
    return 0


def _verify_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("bundle", metavar="BUNDLE.xlsx")
    p.add_argument("--json", action="store_true")


cmd_verify.configure = _verify_args  # type: ignore[attr-defined]


@command("import", "verify and merge a peer's bundle / 导入数据包")
def cmd_import(args: argparse.Namespace) -> int:
    reg = open_from(args)

    def confirm(plan: Any) -> bool:
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise DomainError("import.confirm_needed")
        _print_plan(plan, args.lang, sys.stderr)
        answer = input(i18n.tr("import.ask", args.lang))
        return answer.strip().lower() in {"y", "yes", "是", "确认"}

    result = exchange.import_bundle(reg, args.bundle, dry_run=args.dry_run, accept_expired=args.accept_expired,
                                    confirm=None if args.dry_run else confirm, lang=args.lang)
    plan = result.plan
    assert plan is not None
    m = result.verification.manifest
    assert m is not None
    counts = plan.counts()
    if args.json:
        print_json({**result.verification.to_json(), "dry_run": args.dry_run, "applied": result.applied,
                    **counts, "changes": plan.to_json()})
        return 0
    if not result.applied:
        _print_plan(plan, args.lang, sys.stdout)
        print(i18n.tr("import.dry_run" if args.dry_run else "import.cancelled", args.lang))
        return 0
    print(i18n.tr("import.done", args.lang, issuer=m.issuer_name, seq=m.seq, **counts))
    if result.verification.expired:
        print(i18n.tr("import.stale", args.lang))
    return 0


def _print_plan(plan: Any, lang: str, stream: Any) -> None:
    print(i18n.tr("import.preview", lang, **plan.counts()), file=stream)
    en = lang == "en"
    for sign, changes in (("+", plan.added), ("~", plan.changed), ("-", plan.withdrawn)):
        for c in changes[:200]:
            kind = _KIND_LABELS[c.kind][1 if en else 0]
            print(f"  {sign} {kind} {c.label}", file=stream)
            for field, before, after in c.fields[:20]:
                print(f"      {field}: {_show(before)} → {_show(after)}", file=stream)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        value = next(iter(value.values()))
    return "—" if value is None else str(value)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("bundle", metavar="BUNDLE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--yes", action="store_true", help="merge without asking")
    p.add_argument("--accept-expired", action="store_true",
                   help="import an expired bundle knowingly; its records are marked stale")
    p.add_argument("--json", action="store_true")


cmd_import.configure = _import_args  # type: ignore[attr-defined]


@command("export-received", "write the original bytes of the latest bundle of every peer / 转发收到的数据包")
def cmd_export_received(args: argparse.Namespace) -> int:
    reg = open_from(args)
    written = exchange.export_received(reg, args.dir)
    if args.json:
        print_json([str(p) for p in written])
    else:
        print(i18n.tr("received.written", args.lang, n=len(written), dir=args.dir))
    return 0


def _export_received_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--json", action="store_true")


cmd_export_received.configure = _export_received_args  # type: ignore[attr-defined]
