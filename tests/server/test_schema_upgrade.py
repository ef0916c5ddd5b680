"""A shared server's schema changes only by ``labregistry db upgrade``, after a pg_dump.

A client of a newer LabRegistry on an older server says so and changes nothing; ``db
status`` tells the state; ``db upgrade`` dumps (a real pg_dump, restorable) and then
migrates; without pg_dump, or when it fails, nothing changes."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from labregistry.config import resolve_home
from labregistry.demo.generator import populate_demo
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.registry import open_registry
from labregistry.services import schema, setup
from labregistry.storage import db, pgdump
from tests.conftest import PASSPHRASE, run_cli
from tests.faults.conftest import refused
from tests.server.helpers import SERVER_PASS, admin, fresh_name, url

pytestmark = [pytest.mark.postgres, SERVER_PASS]
HEAD = db.head_revision_cheap()
OLDER = "0004"


@pytest.fixture
def region(tmp_path: Path, pg_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A regional database with the centre and 12 standards, whose schema is one revision
    behind this LabRegistry (as after installing a newer version on the clients)."""
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)
    name = fresh_name("region")
    admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE template0')
    server = url(pg_server, name)
    reg = open_registry(tmp_path / "coordinator", server, logging=False)
    setup.init_registry(reg, InstituteInput(name="长三角计量资源中心", uscc="12310000425011300H",
                                            province="上海", city="上海"), PASSPHRASE)
    populate_demo(reg, standards=12, seed=5)
    db.downgrade(reg.engine, OLDER)
    reg.close()
    return server


def _revision(server: str) -> str | None:
    engine = db.make_engine(server)
    try:
        return db.current_revision(engine)
    finally:
        engine.dispose()


def _cli(home: Path, server: str, *args: str, **kw: Any) -> Any:
    return run_cli("--home", str(home), "--db", server, "--lang", "en", *args, **kw)


def test_a_client_never_migrates_an_older_server_and_says_why(tmp_path: Path, region: str) -> None:
    line = refused(_cli(tmp_path / "client", region, "stats"))
    assert f"has schema {OLDER}, older than this LabRegistry needs ({HEAD})" in line
    assert "labregistry db upgrade" in line and "never upgraded by a client" in line
    zh = refused(run_cli("--home", str(tmp_path / "client"), "--db", region, "--lang", "zh", "search", "电压"))
    assert "db upgrade" in zh and "结构版本" in zh
    assert _revision(region) == OLDER


def test_db_status_then_upgrade_with_a_pg_dump_first(tmp_path: Path, region: str, pg_server: Any) -> None:
    home = tmp_path / "coordinator"
    status = _cli(home, region, "db", "status", "--json")
    assert status.code == 0, status.err
    assert {k: status.json()[k] for k in ("backend", "server", "schema_revision", "app_revision", "state",
                                          "upgrade_needed")} == {
        "backend": "postgresql", "server": True, "schema_revision": OLDER, "app_revision": HEAD,
        "state": "behind", "upgrade_needed": True}

    done = _cli(home, region, "db", "upgrade", "--json")
    assert done.code == 0, done.err
    result = done.json()
    assert result["upgraded"] is True and result["schema_revision_before"] == OLDER
    assert result["schema_revision"] == HEAD == _revision(region)
    dump = Path(result["backup"])
    assert dump.parent == home / "backups" and dump.name.endswith(f"before-upgrade-{OLDER}.dump")
    # a real custom-format dump of the data as it was: restore it into a new database
    copy = fresh_name("restored")
    admin(pg_server, f'CREATE DATABASE "{copy}" TEMPLATE template0')
    restore = subprocess.run([str(pgdump.find_pg_dump().with_name("pg_restore")), "--no-owner",
                              f"--dbname={pgdump.connection(url(pg_server, copy))[0]}", str(dump)],
                             capture_output=True, text=True)
    assert restore.returncode == 0, restore.stderr
    assert _revision(url(pg_server, copy)) == OLDER

    stats = _cli(tmp_path / "client", region, "stats", "--json")
    assert stats.code == 0 and stats.json()["region"]["standards"] == 12, stats.err
    again = schema.upgrade(resolve_home(home, region))
    assert again["upgraded"] is False and again["backup"] is None
    assert len(list((home / "backups").glob("*.dump"))) == 1  # nothing done, nothing dumped


def test_without_a_working_pg_dump_nothing_changes(tmp_path: Path, region: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "coordinator"
    missing = refused(_cli(home, region, "db", "upgrade", env={"LABREGISTRY_PG_DUMP": str(tmp_path / "nowhere")}))
    assert "pg_dump" in missing and "not upgraded without a backup" in missing
    monkeypatch.setenv("LABREGISTRY_PG_DUMP", "/bin/false")
    with pytest.raises(DomainError) as failing:
        schema.upgrade(resolve_home(home, region))
    assert "pg_dump could not back up" in failing.value.render("en") and "nothing was changed" in failing.value.render("en")
    assert _revision(region) == OLDER
    assert not list((home / "backups").glob("*.dump*")) if (home / "backups").exists() else True


def test_a_server_made_by_a_newer_version_is_refused_everywhere(tmp_path: Path, region: str) -> None:
    engine = db.make_engine(region)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    assert "made by a newer LabRegistry (revision 0099)" in refused(_cli(tmp_path / "c", region, "stats"))
    home = resolve_home(tmp_path / "c", region)
    assert schema.status(home)["state"] == "newer"
    with pytest.raises(DomainError) as refused_upgrade:
        schema.upgrade(home)
    assert refused_upgrade.value.code == "db.newer"
    assert _revision(region) == "0099"


def test_an_empty_database_gets_its_tables_from_db_upgrade(tmp_path: Path, pg_server: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)
    name = fresh_name("new_region")
    admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE template0')
    server = url(pg_server, name)
    status = schema.status(resolve_home(tmp_path / "c", server))
    assert status["state"] == "empty" and status["upgrade_needed"] is True
    done = _cli(tmp_path / "c", server, "db", "upgrade", "--json")
    assert done.code == 0 and done.json()["schema_revision"] == HEAD, done.err


def test_the_password_never_reaches_pg_dumps_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    conninfo, env = pgdump.connection(
        "postgresql+psycopg://registry:s3cret%20pw@db.example.cn:5433/region?sslmode=require")
    assert "s3cret" not in conninfo and "password" not in conninfo
    assert {"host=db.example.cn", "port=5433", "user=registry", "dbname=region", "sslmode=require"} <= set(
        conninfo.split())
    assert env["PGPASSWORD"] == "s3cret pw"
    monkeypatch.delenv("PGPASSWORD", raising=False)
    without, env = pgdump.connection("postgresql://registry@db/region?passfile=/etc/labregistry/pgpass")
    assert "passfile=/etc/labregistry/pgpass" in without and "PGPASSWORD" not in env
