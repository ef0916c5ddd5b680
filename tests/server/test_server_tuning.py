"""docs/regional-server.md's postgresql.conf settings for a coordinator's server: the block as
printed, given to the PostgreSQL binary of the suite's server as its configuration file,
is read without an error, and every setting it names takes the value it says (not the default
it replaces). ``postgres -C`` reads a configuration and prints one setting without starting a
server, so the suite's running server is left as it is."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.pgserver import regional_settings
from tests.server.helpers import SERVER_PASS, private
from tests.server.regional import drill

pytestmark = [pytest.mark.postgres, SERVER_PASS]


def _shown(server: Any, name: str, config: Path | None) -> str:
    """``postgres -D DATA [-c config_file=CONFIG] -C name``, as the server's own user."""
    extra = ["-c", f"config_file={config}"] if config else []
    done = subprocess.run([*server._run_as, str(server._bindir / "postgres"), "-D", str(server.dir / "data"),
                           *extra, "-C", name], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_pages_server_settings_are_read_as_printed(pg_server: Any) -> None:
    private(pg_server)
    settings = regional_settings()
    assert {"shared_buffers", "effective_cache_size", "work_mem", "random_page_cost"} <= set(settings)
    config = Path(pg_server.dir) / "tuning.conf"  # in the server's folder: its user reads it
    config.write_text(drill("tuning") + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(config, "postgres", "postgres")
    try:
        for name, value in settings.items():
            printed, default = _shown(pg_server, name, config), _shown(pg_server, name, None)
            assert printed != default, (name, printed)  # the setting took effect
            if re.fullmatch(r"[0-9.]+", value):
                assert float(printed) == float(value), (name, printed)
    finally:
        config.unlink()


@pytest.mark.parametrize(("options", "env"), [(None, False), ("-c statement_timeout=60000", False),
                                              ("-c statement_timeout=60000", True)])
def test_the_clients_connections_plan_without_jit_whatever_the_server_says(
        pg_server: Any, options: str | None, env: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server set up without docs/regional-server.md's ``jit = off`` (JIT is on by default)
    compiled a search's plan to machine code: 37-80 ms of a 40 ms search (tenth round). The
    client asks for none on each connection it opens, keeping any options its URL gives, and
    those of libpq's ``PGOPTIONS`` (or a service file), which a startup option replaced (review 11)."""
    from sqlalchemy import text

    from labregistry.storage import db

    base = pg_server.new_database()
    if env:
        monkeypatch.setenv("PGOPTIONS", options or "")
        options = None  # in the environment only
    assert _server_says(base) == "on"  # the server's default, which the client must not inherit
    engine = db.make_engine(base + (f"&options={options}" if options and "?" in base else
                                    f"?options={options}" if options else ""))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW jit")).scalar_one() == "off"
            if options or env:
                assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1min"
    finally:
        engine.dispose()


def _server_says(url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    info = " ".join(f"{k}={v}" for k, v in {"dbname": u.database, "user": u.username, "password": u.password,
                                            "host": u.host, "port": u.port, **u.query}.items() if v)
    with psycopg.connect(info) as conn:
        row = conn.execute("SHOW jit").fetchone()
    assert row is not None
    return str(row[0])
