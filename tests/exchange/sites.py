"""Two (or more) institutes exchanging real bundles, for the exchange tests."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from labregistry import i18n
from labregistry.demo import populate_demo
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.exchange.bundle import Verification
from labregistry.registry import Registry, open_registry
from labregistry.services import exchange, setup
from tests.conftest import PASSPHRASE, Result, run_cli
from tests.dbstate import dump_engine

INSTITUTES = {
    "A": ("上海市计量测试技术研究院", "12310000425011296P", "上海", "上海"),
    "B": ("江苏省计量科学研究院", "12320000466002712H", "江苏", "南京"),
    "C": ("浙江省计量科学研究院", "12330000470040568F", "浙江", "杭州"),
    "D": ("安徽省计量科学研究院", "12340000485000217C", "安徽", "合肥"),
}


@dataclass
class Site:
    name: str
    reg: Registry

    @property
    def home(self) -> Path:
        return self.reg.home.path

    @property
    def uscc(self) -> str:
        return INSTITUTES[self.name][1]

    def export(self, out: Path, **kw: Any) -> Path:
        exchange.export_bundle(self.reg, out, PASSPHRASE, **kw)
        return out

    def card(self, out: Path) -> Path:
        return exchange.export_public_card(self.reg, out)

    def fingerprint(self) -> str:
        return str(exchange.key_summary(self.reg)["fingerprint"])

    def trust(self, other: Site, tmp: Path) -> None:
        card = other.card(tmp / f"{other.name}.card")
        exchange.trust_add(self.reg, card, other.fingerprint())


def make_site(tmp_path: Path, name: str, standards: int = 0, seed: int = 1, uscc: str | None = None,
              sqlite: bool = False) -> Site:
    """Institute ``name``'s registry in a new home, on the pass's engine (``sqlite``: a file
    in the home whatever the pass)."""
    full, code, province, city = INSTITUTES[name]
    home = Path(tempfile.mkdtemp(prefix=f"home-{name}-", dir=tmp_path))
    reg = open_registry(home, f"sqlite:///{home / 'labregistry.db'}" if sqlite else None, logging=False)
    setup.init_registry(reg, InstituteInput(name=full, uscc=uscc or code, province=province, city=city),
                        PASSPHRASE, operator=f"operator {name}")
    if standards:
        populate_demo(reg, standards=standards, seed=seed)
    return Site(name, reg)


def receiver_of(tmp_path: Path, card: Path, fingerprint: str) -> Site:
    """Institute B trusting the key card ``card`` (a kept fixture: copied first, never touched)."""
    site = make_site(tmp_path, "B")
    copy = tmp_path / card.name
    shutil.copyfile(card, copy)
    exchange.trust_add(site.reg, copy, fingerprint)
    return site


def db_state(reg: Registry) -> list[tuple[Any, ...]]:
    """Every row of every table, to prove that a refused import changed nothing."""
    return dump_engine(reg.engine)


def refused(site: Site, path: Path, code: str, lang: str | None = None) -> str:
    """verify and import both refuse ``path`` with ``code``, and the site's database is exactly
    as it was; the reason verify gave (in ``lang``, else the registry's language)."""
    before = db_state(site.reg)
    check = exchange.verify_bundle(site.reg, path)
    assert not check.valid and check.reason_code == code, check.reason
    with pytest.raises(DomainError) as err:
        exchange.import_bundle(site.reg, path)
    assert err.value.code == code
    assert db_state(site.reg) == before
    return reason(check, lang)


def reason(check: Verification, lang: str | None = None) -> str:
    """A refusal's reason as the edges show it, in ``lang`` (else the registry's language);
    "" for a valid bundle."""
    return i18n.rendered(check.reason, lang) if check.reason is not None else ""


def cli(site: Site, *args: str) -> Result:
    """The ``labregistry`` command run as a process on ``site``'s home."""
    return run_cli("--home", str(site.home), *args)


def ok(site: Site, *args: str) -> str:
    """:func:`cli` that must succeed; its standard output."""
    result = cli(site, *args)
    assert result.code == 0, result.err
    return result.out


def one_error(result: Result) -> str:
    """The one ``error:`` line of a refused command (exit 1, no traceback)."""
    lines = result.err.strip().splitlines()
    assert result.code == 1 and len(lines) == 1 and lines[0].startswith("error:"), result.err
    assert "Traceback" not in result.err
    return lines[0]
