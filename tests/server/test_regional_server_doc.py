"""docs/regional-server.md, step by step, against the private server the suite starts.

The page's SQL is pasted into psql as the superuser, its pg_hba.conf lines and password
file are used as written (names made unique), its ``labregistry`` lines run as commands;
then what the page promises: a viewer reads and is refused every write, a client never
migrates the server and ``db upgrade`` takes a pg_dump first, the restore drill gives
back what was dumped, and a server that is not there is said in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from labregistry.errors import DomainError
from labregistry.registry import Registry, open_registry
from labregistry.services import certificates, listing, records
from labregistry.storage import db
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_engine
from tests.faults.conftest import refused
from tests.inventory.region import std
from tests.server.helpers import SERVER_PASS, admin
from tests.server.regional import Region, drill, set_up

pytestmark = [pytest.mark.postgres, SERVER_PASS]
STANDARDS = 8
READ_ONLY = "may only read the database"


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory, pg_server: Any) -> Iterator[Region]:
    """Steps 1 to 4 of the page: pg_hba.conf, the database and roles, the logins, the
    password file, the tables and the centre; then an institute's login adds records."""
    folder = tmp_path_factory.mktemp("region")
    region = set_up(pg_server, folder)
    hba = pg_server.dir / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(region.pg_hba_lines() + original)  # first lines win: ours, for our roles only
    admin(pg_server, "SELECT pg_reload_conf()")
    clients = pytest.MonkeyPatch()  # in-process clients as the page's: they create no database
    clients.delenv("LABREGISTRY_DB_CREATE", raising=False)
    try:
        region.psql(drill("create"))
        region.psql(drill("logins"))
        region.pgpass()
        export = next(line for line in drill("tables").splitlines() if line.startswith("export LABREGISTRY_DB="))
        assert "labregistry_owner@" in export  # step 4 runs as the owner
        outputs = []
        for args in region.labregistry_lines("tables"):
            result = region.run(folder / "coordinator", region.url("labregistry_owner"), *args)
            assert result.code == 0, (args, result.err)
            outputs.append(result.out)
        assert "no tables yet" in outputs[0]
        (dump,) = (folder / "coordinator" / "backups").glob("*-before-upgrade-empty.dump")
        assert dump.stat().st_mode & 0o077 == 0, oct(dump.stat().st_mode)  # the region's data: the owner's only
        writer = region.run(folder / "hz", region.url("hz_jiliang"), "demo", "--standards", str(STANDARDS))
        assert writer.code == 0, writer.err
        yield region
    finally:
        clients.undo()
        hba.write_text(original)
        admin(pg_server, "SELECT pg_reload_conf()")


@pytest.fixture(autouse=True)
def _clients_as_the_page_sets_them_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """No client of the page creates a database (the suite's homes do, through the server's
    database "postgres", which the page's pg_hba.conf does not let the region's roles into)."""
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)


def _open(region: Region, role: str, home: str, database: str | None = None) -> Registry:
    return open_registry(region.folder / home, region.url(role, database), logging=False)


def _rows(region: Region, database: str | None = None) -> list[tuple[object, ...]]:
    engine = db.make_engine(region.url("labregistry_owner", database))
    try:
        return dump_engine(engine)
    finally:
        engine.dispose()


def test_the_roles_and_pg_trgm_are_as_the_page_says(region: Region) -> None:
    owner = _open(region, "labregistry_owner", "coordinator")
    try:
        with owner.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'").first()
            assert conn.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE strpos(indexdef, 'gin_trgm_ops') > 0"
                                        ).scalar_one() > 0  # search uses the extension's index
            owner_of = conn.exec_driver_sql("SELECT tableowner FROM pg_tables WHERE tablename = 'standard'").scalar()
        assert owner_of == region.name("labregistry_owner")
    finally:
        owner.close()
    # nobody else may connect: not a role outside the groups
    admin(region.server, f"CREATE ROLE {region.name('stranger')} LOGIN")
    stranger = region.url("labregistry_owner").replace(region.name("labregistry_owner"), region.name("stranger"))
    line = refused(region.run(region.folder / "stranger", stranger, "stats"))
    assert "did not accept the login" in line or "denies the user" in line


def test_a_viewer_searches_lists_and_prints_and_every_write_is_refused(region: Region, tmp_path: Path) -> None:
    before = _rows(region)
    report = tmp_path / "standards.xlsx"
    found = region.run(tmp_path / "sh", region.url("sh_viewer"), "search", "--report", str(report), "--json")
    assert found.code == 0 and len(found.json()) == STANDARDS, found.err
    assert load_workbook(report).active.max_row > STANDARDS  # printed: every match in the report
    zh = refused(region.run(tmp_path / "sh", region.url("sh_viewer"), "demo", "--standards", "1", lang="zh"))
    assert "只有查询权限" in zh and region.name("sh_viewer") in zh

    viewer = _open(region, "sh_viewer", "sh")
    try:
        assert listing.stats(viewer)["region"]["standards"] == STANDARDS
        ids = listing.record_ids(viewer, listing.RecordQuery(kind="standards"))
        assert len(ids) == STANDARDS
    finally:
        viewer.close()
    # a certificate, printed by the centre's manager logged in as a viewer (the key is in the home)
    viewer = open_registry(region.folder / "coordinator", region.url("sh_viewer"), logging=False)
    try:
        key = certificates.unlock(viewer, PASSPHRASE)
        pdf = certificates.issue_standard(viewer, ids[0], tmp_path / "certificate.pdf", key)
        assert pdf.path is not None and pdf.path.read_bytes().startswith(b"%PDF")
        writes = {
            "delete": lambda: records.delete(viewer, "standard", ids[0]),
            "setting": lambda: certificates.set_certificate_font(viewer, "builtin"),
        }
        for what, write in writes.items():
            with pytest.raises(DomainError) as refusal:
                write()
            assert refusal.value.code == "db.read_only_role", (what, refusal.value)
            assert READ_ONLY in refusal.value.render("en"), what
    finally:
        viewer.close()
    assert _rows(region) == before


def test_clients_wait_for_db_upgrade_which_takes_a_pg_dump_first(region: Region, tmp_path: Path) -> None:
    owner = _open(region, "labregistry_owner", "coordinator")
    head = db.current_revision(owner.engine)
    db.downgrade(owner.engine, "0004")  # as if the coordinator had installed a newer LabRegistry
    owner.close()
    line = refused(region.run(tmp_path / "hz", region.url("hz_jiliang"), "stats"))
    assert "labregistry db upgrade" in line and "never upgraded by a client" in line
    assert _revision(region) == "0004"

    dumps = region.folder / "coordinator" / "backups"
    upgraded = region.run(region.folder / "coordinator", region.url("labregistry_owner"), "db", "upgrade", "--json")
    assert upgraded.code == 0 and upgraded.json()["schema_revision"] == head, upgraded.err
    assert Path(upgraded.json()["backup"]).parent == dumps and upgraded.json()["backup"].endswith("-0004.dump")
    viewer = _open(region, "sh_viewer", "sh")  # the new tables carry the grants (default privileges)
    try:
        assert listing.stats(viewer)["region"]["standards"] == STANDARDS
    finally:
        viewer.close()
    # revision 0015's document table among them: a writer's save writes it (INSERT, UPDATE,
    # DELETE), a viewer's text search reads it (SELECT); without them each fails (权限不足)
    writer = _open(region, "hz_jiliang", "hz")
    try:
        sid = records.create_standard(writer, std("钢卷尺检定装置", "12113200", "[2026]浙量标证字第0999号",
                                                  "2026-01-01", "2030-01-01", "(0~50)m", "MPE:±0.1mm"))
        changed = std("光栅尺检定装置", "12113200", "[2026]浙量标证字第0999号", "2026-01-01", "2030-01-01",
                      "(0~50)m", "MPE:±0.1mm")
        assert records.update(writer, "standard", sid, changed)
    finally:
        writer.close()

    def search(term: str) -> list[object]:
        found = region.run(tmp_path / "sh", region.url("sh_viewer"), "search", term, "--json")
        assert found.code == 0, found.err
        return [row["name"] for row in found.json()]

    assert search("光栅尺") == ["光栅尺检定装置"] and search("钢卷尺") == []
    # revision 0016's capability rows' summary likewise: the writer's save wrote its row, a
    # viewer's capability search reads it
    by_range = region.run(tmp_path / "sh", region.url("sh_viewer"), "search", "光栅尺", "--min", "10", "--max", "40",
                          "--unit", "m", "--valid-on", "2027-01-01", "--json")
    assert by_range.code == 0 and [r["name"] for r in by_range.json()] == ["光栅尺检定装置"], by_range.err
    # and revision 0017's validity beside the documents: a viewer's text search on a date
    for valid_on, names in (("2027-01-01", ["光栅尺检定装置"]), ("2031-01-01", [])):
        dated = region.run(tmp_path / "sh", region.url("sh_viewer"), "search", "光栅尺", "--valid-on", valid_on, "--json")
        assert dated.code == 0 and [r["name"] for r in dated.json()] == names, dated.err
    writer = _open(region, "hz_jiliang", "hz")
    try:
        records.delete(writer, "standard", sid)
    finally:
        writer.close()
    assert search("光栅尺") == []


def test_a_table_granted_to_no_one_is_named_with_the_grant_it_needs(region: Region, tmp_path: Path) -> None:
    """A server whose rights were granted table by table and forgot one table (the capability
    rows' summary, inv_cap_row: docs/regional-server.md, revision 0016): a viewer's capability
    search was refused with "权限不足" naming the user and database, not the table; a writer's
    save was told its login "may only read the database (a read-only role)". Each names the
    table and the GRANT that mends it, and nothing is written."""
    table = "inv_cap_row"
    viewers, writers = region.name("labregistry_viewers"), region.name("labregistry_writers")
    viewer, writer = region.name("sh_viewer"), region.name("hz_jiliang")
    admin(region.server, f"REVOKE ALL ON {table} FROM {viewers}, {writers}", database=region.database)
    try:
        before = _rows(region)
        by_range = ("search", "--min", "10", "--max", "40", "--unit", "V", "--json")
        zh = refused(region.run(tmp_path / "sh", region.url("sh_viewer"), *by_range, lang="zh"))
        assert f"表 {table}" in zh and f"GRANT SELECT ON {table} TO {viewer}" in zh, zh
        en = refused(region.run(tmp_path / "sh", region.url("sh_viewer"), *by_range))
        assert f"the table {table}" in en and f"GRANT SELECT ON {table} TO {viewer}" in en, en
        saved = refused(region.run(tmp_path / "hz", region.url("hz_jiliang"), "demo", "--standards", "1"))
        assert READ_ONLY not in saved and f"but not {table} (the rights are granted only in part)" in saved, saved
        assert f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {writer}" in saved, saved
        assert _rows(region) == before
    finally:
        admin(region.server, f"GRANT SELECT ON {table} TO {viewers}",
              f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {writers}", database=region.database)


def _revision(region: Region) -> str | None:
    engine = db.make_engine(region.url("labregistry_owner"))
    try:
        return db.current_revision(engine)
    finally:
        engine.dispose()


def test_the_restore_drill(region: Region, tmp_path: Path) -> None:
    dump = tmp_path / "labregistry-drill.dump"
    made = region.tool("pg_dump", "--format=custom", f"--file={dump}",
                       f"--dbname=dbname={region.database} user={region.name('labregistry_owner')}")
    assert made.returncode == 0, made.stderr
    drill_db = region.name("labregistry_drill")
    steps = [line for line in drill("restore").splitlines() if line.strip()]
    assert steps[0].startswith("createdb --template=template0 --owner=labregistry_owner labregistry_drill")
    created = region.tool("createdb", "--template=template0", f"--owner={region.name('labregistry_owner')}", drill_db,
                          superuser=True)
    assert created.returncode == 0, created.stderr
    assert steps[1].startswith("pg_restore --no-owner --role=labregistry_owner")
    restored = region.tool("pg_restore", "--no-owner", f"--role={region.name('labregistry_owner')}",
                           f"--dbname=dbname={drill_db} user={region.name('labregistry_owner')}", str(dump))
    assert restored.returncode == 0, restored.stderr
    check, stats = list(region.labregistry_lines("restore"))
    assert check[-1] == "check" and stats[-1] == "stats"
    sound = region.run(tmp_path / "drill", region.url("labregistry_owner", drill_db), "check")
    assert sound.code == 0 and "database is sound" in sound.out, sound.err
    counted = region.run(tmp_path / "drill", region.url("labregistry_owner", drill_db), "stats", "--json")
    live = region.run(tmp_path / "drill", region.url("labregistry_owner"), "stats", "--json")
    assert counted.json() == live.json() and counted.json()["region"]["standards"] == STANDARDS
    assert _rows(region, drill_db) == _rows(region)
    assert region.tool("dropdb", drill_db, superuser=True).returncode == 0


def test_a_server_that_is_not_there_is_said_in_words(region: Region, tmp_path: Path) -> None:
    # the page's URL with a port where no server runs: as after `systemctl stop postgresql`
    stopped = region.url("hz_jiliang").replace(f"port={region.server.port}", "port=9")
    line = refused(region.run(tmp_path / "hz", stopped, "stats"))
    assert "cannot reach the database server" in line and "check that the server is running" in line
    assert not (tmp_path / "hz").exists()


def test_only_the_owner_rebuilds_the_search_index(region: Region, tmp_path: Path) -> None:
    """A writer's `search-index --rebuild` was told to "run GRANT USAGE ON SCHEMA public TO
    hz_jiliang" (it has USAGE; making indexes is the owner's, as the page's role table says).
    It is told that only the owner may, and to ask the coordinator; nothing is written."""
    before = _rows(region)
    for lang, words in (("en", "only the owner"), ("zh", "只有")):
        line = refused(region.run(tmp_path / "hz", region.url("hz_jiliang"), "search-index", "--rebuild", lang=lang))
        assert words in line and region.name("labregistry_owner") in line and "GRANT" not in line, line
    assert _rows(region) == before
    rebuilt = region.run(region.folder / "coordinator", region.url("labregistry_owner"), "search-index", "--rebuild")
    assert rebuilt.code == 0, rebuilt.err


def test_a_writer_without_a_key_is_told_where_the_key_is(region: Region, tmp_path: Path) -> None:
    """An institute's writer on the shared server: `keys show` said "no signing key yet; run
    init", and init then refused ("this database already has its own institute"): a circle.
    It is told that the database's own institute is the coordinator's centre, whose key is in
    the coordinator's home."""
    for lang, words in (("en", "coordinator's home"), ("zh", "区域管理员的主目录")):
        line = refused(region.run(tmp_path / "hz", region.url("hz_jiliang"), "keys", "show", lang=lang))
        assert words in line and "长三角计量资源中心" in line, line
        assert "run init" not in line and "请先运行 init" not in line, line


def test_the_history_names_the_writers_database_login(region: Region, tmp_path: Path) -> None:
    """What an institute's writer enters was recorded as done by "root" (the OS user of its
    machine, or the name the coordinator set at init): the history names its database login
    beside the name, so the region's writers are told apart."""
    from tests.test_cli_registry import GOOD_STANDARD

    number = "[2026]浙量标证字第0777号"
    standard = [number if arg == "[2023]沪量标证字第0123号" else arg for arg in GOOD_STANDARD]
    added = region.run(tmp_path / "hz", region.url("hz_jiliang"), *standard, env={"LABREGISTRY_OPERATOR": "张检定"})
    assert added.code == 0, added.err
    shown = region.run(tmp_path / "hz", region.url("sh_viewer"), "history", "standards", number, "--json")
    assert shown.code == 0, shown.err
    assert [entry["operator"] for entry in shown.json()] == [f"张检定 ({region.name('hz_jiliang')})"]
    text = region.run(tmp_path / "hz", region.url("sh_viewer"), "history", "standards", number, lang="zh")
    assert f"张检定 ({region.name('hz_jiliang')})" in text.out, text.out
