"""A hostile peer: a genuine institute key signing whatever text its (modified) software puts in.

LabRegistry's own export refuses control, bidi and invisible characters, so a peer who
wants them in a bundle writes the bundle itself, with its real key: that is the attack a
receiver must withstand. :func:`signed_bundle` does exactly that with the project's own
bundle writer, so the file is a real, validly signed bundle.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from labregistry.domain.records import InstituteInput, ServiceInput, StandardInput
from labregistry.exchange import bundle, schema
from labregistry.registry import Registry, open_registry
from labregistry.services import exchange, records, setup
from tests.conftest import PASSPHRASE
from tests.exchange.sites import Site, make_site

PEER_USCC = "12330000470040568F"  # 浙江省计量科学研究院's code in tests/exchange/sites.py
RECEIVER = ["init", "--name", "上海市计量测试技术研究院", "--uscc", "12310000425011296P", "--province", "SH",
            "--city", "上海"]
FORMULA = "=cmd|' /C calc'!A0"
"""The classic DDE payload: Excel offers to start calc.exe when a cell holds it as a formula."""
HOSTILE_TEXTS = (FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=HYPERLINK(\"http://x.example\",\"点击\")",
                 "#N/A", "TRUE", "\tTAB", "_x003D_1+1")
"""Text that a careless writer turns into a formula, an error value or a boolean, or that
Excel reads as a character escape; every one is plain text that validation accepts."""

Rows = dict[str, list[list[Any]]]


def standard(name: str, cert: str, **kw: Any) -> StandardInput:
    values: dict[str, Any] = dict(
        name=name, code="12113200", grade="社会公用计量标准", certificate_no=cert, certificate_authority="浙江省市场监督管理局",
        issued_on="2023-01-10", valid_until="2030-01-09", range_text="(0~60)MPa", accuracy_text="0.05级",
        services=[ServiceInput("弹簧管式精密压力表", "JJG 49-2013", "verification")])
    values.update(kw)
    return StandardInput(**values)


def peer(tmp_path: Path, name: str = "浙江省计量科学研究院", standards: tuple[StandardInput, ...] = ()) -> Registry:
    """A peer registry (SQLite or PostgreSQL, as the test run) with its key and records."""
    home = Path(tempfile.mkdtemp(prefix="home-peer-", dir=tmp_path))
    reg = open_registry(home, logging=False)
    setup.init_registry(reg, InstituteInput(name=name, uscc=PEER_USCC, province="浙江", city="杭州"), PASSPHRASE,
                        operator="peer operator")
    for inp in standards:
        records.create_standard(reg, inp)
    return reg


def card(reg: Registry, out: Path) -> tuple[Path, str]:
    """The peer's public key card and its fingerprint (what the receiver compares by phone)."""
    exchange.export_public_card(reg, out)
    return out, str(exchange.key_summary(reg)["fingerprint"])


def receiver(tmp: Path, peer: Registry) -> Site:
    """Institute B trusting ``peer``'s key, from its card and fingerprint (as after the phone call)."""
    site = make_site(tmp, "B")
    exchange.trust_add(site.reg, *card(peer, tmp / "peer.card"))
    return site


def signed_bundle(reg: Registry, out: Path, *, edit: Callable[[Rows], None] | None = None,
                  issuer_name: str | None = None, issued_at: dt.datetime | None = None, seq: int = 1,
                  valid_days: int = 180) -> Path:
    """The peer's records signed with its real key into ``out``, after ``edit`` changed the rows."""
    store = setup.keystore(reg)
    key = store.unlock(PASSPHRASE)
    with reg.uow(source="export") as uow:
        own = uow.institutes.own()
        assert own is not None
        rows = exchange.collect_rows(uow.session.connection(), own)
        name = own.name
    if edit is not None:
        edit(rows)
    issued = issued_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    bundle.write_bundle(str(out), rows=rows, issuer_uscc=PEER_USCC, issuer_name=issuer_name or name,
                        signing_key=key, card_bytes=store.card_bytes(), own_statements=store.statements(), seq=seq,
                        issued_at=issued, expires_at=issued + dt.timedelta(days=valid_days))
    return out


def cell_place(sheet: schema.SheetDef, row: int | str, key: str) -> str:
    """How a refusal names a cell of a bundle: its sheet, its row as Excel numbers it and the
    header of the column that holds ``key``."""
    header = sheet.spec.columns[sheet.keys.index(key)].header
    return f"sheet '{sheet.spec.name}' row {row} column '{header}'"


def set_cell(rows: Rows, sheet: schema.SheetDef, row: int, key: str, value: Any) -> None:
    """``rows[sheet][row][key] = value`` (row 0 is the sheet's row 2)."""
    rows[sheet.spec.name][row][sheet.keys.index(key)] = value
