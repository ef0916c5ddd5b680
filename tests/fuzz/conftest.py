"""Fixtures and the time budget of the fuzz suite (issue 8, item 4: hostile files).

Two modes, chosen with the environment variable ``LABREGISTRY_FUZZ``:

* ``short`` (default, part of every test run): a few dozen hypothesis examples per
  property, derandomised (the same examples on every run), the whole hand-made corpus
  through the services, a handful of corpus cases and the huge cases through the real
  CLI. About 45 s on a loaded two-core machine.
* ``long`` (``LABREGISTRY_FUZZ=long .venv/bin/pytest tests/fuzz``): hundreds of random
  examples per property, every corpus case through the real CLI as well, and the
  expensive huge cases (a million dense rows through openpyxl). Many minutes.

``LABREGISTRY_FUZZ_EXAMPLES=N`` overrides the number of examples per property in either
mode (e.g. to reproduce a failure with more or fewer). The switches are those of every
property-based test of the suite: tests/properties.py.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.properties import LONG, MODE, property_settings

BACKEND = os.environ.get("LABREGISTRY_TEST_BACKEND", "sqlite")

long_only = pytest.mark.skipif(not LONG, reason="long fuzz mode only (LABREGISTRY_FUZZ=long)")
fuzz_settings = property_settings  # the fuzz suite's name for it


@contextlib.contextmanager
def backend_env(request: pytest.FixtureRequest) -> Iterator[None]:
    """Registries made by session fixtures live on the backend the run is for (as tests/conftest.py
    arranges for each test), so that CLI processes started later find the same database."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LABREGISTRY_PASSPHRASE", _passphrase())
        if BACKEND == "postgres":
            server = request.getfixturevalue("pg_server")
            mp.setenv("LABREGISTRY_DB", server.url_template())
            mp.setenv("LABREGISTRY_DB_CREATE", "1")
        yield  # SQLite: the test's own environment (no LABREGISTRY_DB, or the engine check's)


def _passphrase() -> str:
    from tests.conftest import PASSPHRASE

    return PASSPHRASE


@dataclass
class World:
    """The parties of every fuzz test, made once per session.

    ``a``: an institute exporting real bundles; ``b``: the receiver, trusting ``a`` and the
    corpus issuer; ``ledger``: an institute importing its own Excel ledgers (a registry of
    its own, so that ledger imports never touch ``b``).
    """

    tmp: Path
    a: Any
    b: Any
    ledger: Any
    bundle: bytes  # a real bundle of a
    signing_key: Any  # a's key: re-signing makes "a legitimate but hostile issuer"
    ledger_bytes: bytes  # a valid standards ledger

    def bundle_path(self, name: str, data: bytes) -> Path:
        path = self.tmp / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[World]:
    from labregistry.services import exchange
    from tests.exchange.sites import make_site
    from tests.fuzz.build_corpus import base_ledger
    from tests.fuzz.corpus_cases import CORPUS

    tmp = tmp_path_factory.mktemp("fuzz")
    with backend_env(request):
        a = make_site(tmp, "A", standards=3, seed=5)
        b = make_site(tmp, "B")
        b.trust(a, tmp)
        card = CORPUS / "issuer.card"
        from labregistry.crypto.cards import read_card_file

        exchange.trust_add(b.reg, card, read_card_file(card).fingerprint)
        ledger = make_site(tmp, "D")
        bundle = a.export(tmp / "a.xlsx").read_bytes()
        key = exchange.keystore(a.reg).unlock(_passphrase())
        yield World(tmp, a, b, ledger, bundle, key, base_ledger())
    for site in (a, b, ledger):
        site.reg.close()


def pytest_report_header(config: pytest.Config) -> str:
    return f"fuzz mode: {MODE} (LABREGISTRY_FUZZ=long for the long run); python {sys.version.split()[0]}"
