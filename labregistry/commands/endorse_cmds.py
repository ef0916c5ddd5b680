"""``endorse``: a regional coordinator endorses (or withdraws its endorsement of) an
institute's key (issue 19; :mod:`labregistry.services.endorsing`)."""

from __future__ import annotations

import argparse

from labregistry import cli_lang, i18n
from labregistry.cli import command, open_from, passphrase_prompt, print_json
from labregistry.crypto.passphrase import resolve_passphrase
from labregistry.errors import DomainError
from labregistry.services import endorsing


@command("endorse", "coordinator: endorse an institute's key, or withdraw an endorsement / 协调机构为机构密钥背书")
def cmd_endorse(args: argparse.Namespace) -> int:
    if (args.revoke is None) == (args.card is None) or (args.card is not None and not args.fingerprint):
        raise DomainError("endorse.card_needed")
    reg = open_from(args)
    passphrase = resolve_passphrase(getattr(args, "passphrase_file", None), prompt=passphrase_prompt(args.lang))
    if args.revoke is not None:
        result = endorsing.withdraw_endorsement(reg, passphrase, args.revoke, args.out)
        message = "endorse.withdrawn"
    else:
        until = endorsing.parse_until(args.until)
        result = endorsing.endorse_key(reg, passphrase, args.card, args.fingerprint, args.out, until=until)
        message = "endorse.done"
    if args.json:
        print_json(result)
    else:
        print(i18n.tr(message, args.lang, **{**result, "until": str(result.get("until", ""))[:10]}))
    return 0


cli_lang.help_texts(
    {
        "the institute's key card (or one of its bundles)": "该机构的公钥卡（或其数据包）",
        "the fingerprint the institute read to you by phone": "该机构电话告知的指纹",
        "last day of the endorsement, YYYY-MM-DD (default: a year)": "背书有效期的最后一天，YYYY-MM-DD（默认：一年）",
        "withdraw the endorsement of KEY_ID instead": "改为撤回对密钥 KEY_ID 的背书",
        "the statement file to write": "要写入的声明文件",
    }
)


def _endorse_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("card", nargs="?", metavar="CARD", help="the institute's key card (or one of its bundles)")
    p.add_argument("--fingerprint", metavar="FP", help="the fingerprint the institute read to you by phone")
    p.add_argument("--until", metavar="DATE", help="last day of the endorsement, YYYY-MM-DD (default: a year)")
    p.add_argument("--revoke", metavar="KEY_ID", help="withdraw the endorsement of KEY_ID instead")
    p.add_argument("-o", "--out", required=True, metavar="FILE", help="the statement file to write")
    p.add_argument("--json", action="store_true", help="JSON on stdout")


cmd_endorse.configure = _endorse_args  # type: ignore[attr-defined]
