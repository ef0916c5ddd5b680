"""The regional server (PostgreSQL) that cannot be used, for real: nothing listening, no
such database, no permission, a login refused. Four different clear lines, none of them
"damaged, restore a backup", and no folder made for the home."""

from __future__ import annotations

import gettext
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.conftest import run_cli
from tests.faults.conftest import refused

pytestmark = [pytest.mark.engine_independent, pytest.mark.postgres]  # names every URL itself: runs once


@pytest.fixture(autouse=True)
def _no_database_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server run lets every registry make its database (LABREGISTRY_DB_CREATE): not here."""
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)


def _url(server: Any, database: str, user: str = "postgres", password: str | None = None) -> str:
    if server.external:
        pytest.skip("needs the private test server (LABREGISTRY_TEST_PG points at another one)")
    login = user if password is None else f"{user}:{password}"
    return f"postgresql+psycopg://{login}@/{database}?host={server.dir}&port={server.port}"


def _admin(server: Any, *statements: str) -> None:
    with psycopg.connect(server.admin_conninfo(), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def _stats(tmp_path: Path, url: str, lang: str = "en", *, connects: bool = False) -> str:
    """``stats`` on the server ``url``: its one error line. Unless it ``connects`` (and fails
    later), no folder may be made for the home."""
    home = tmp_path / f"client-{uuid.uuid4().hex[:6]}"
    result = run_cli("--home", str(home), "--db", url, "--lang", lang, "stats")
    line = refused(result)
    assert "damaged" not in line and "损坏" not in line
    assert connects or not home.exists(), "a folder was made for a home whose database cannot be used"
    return line


@pytest.fixture
def password_login(pg_server: Any) -> Iterator[str]:
    """A role that must log in with a password over the socket (a line put first in the
    private server's pg_hba.conf, taken out again at the end)."""
    if pg_server.external:
        pytest.skip("needs the private test server (LABREGISTRY_TEST_PG points at another one)")
    role = "lr_pw_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f"CREATE ROLE {role} LOGIN PASSWORD 'right one'")
    hba = pg_server.dir / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"local all {role} scram-sha-256\n" + original)
    _admin(pg_server, "SELECT pg_reload_conf()")
    try:
        yield role
    finally:
        hba.write_text(original)
        _admin(pg_server, "SELECT pg_reload_conf()")


def test_nothing_listening(tmp_path: Path, pg_server: Any) -> None:
    line = _stats(tmp_path, "postgresql://postgres@127.0.0.1:1/registry")
    assert "cannot reach the database server 127.0.0.1:1" in line and "Connection refused" in line
    socket = _stats(tmp_path, f"postgresql+psycopg://postgres@/registry?host={tmp_path}&port=5", lang="zh")
    assert "无法连接数据库服务器" in socket and "服务器是否已启动" in socket


def test_no_such_database(tmp_path: Path, pg_server: Any) -> None:
    line = _stats(tmp_path, _url(pg_server, "no_such_registry"))
    assert "has no database named no_such_registry" in line and "LABREGISTRY_DB" in line


def test_permission_denied(tmp_path: Path, pg_server: Any) -> None:
    database = "locked_" + uuid.uuid4().hex[:6]
    role = "lr_nc_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f"CREATE ROLE {role} LOGIN", f'CREATE DATABASE "{database}"',
           f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
    line = _stats(tmp_path, _url(pg_server, database, role))
    assert f"denies the user {role} access to the database {database}" in line and "administrator" in line
    # connected, but not allowed to read the tables (the private server's template1 holds
    # them, owned by the superuser) nor to make them (PostgreSQL 15 and later: only the
    # owner of the schema public may create in it): the first table read is named, with its
    # GRANT (it said "denies the user access to the database")
    open_db = "empty_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f'CREATE DATABASE "{open_db}"')
    _admin_db(pg_server, open_db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    line = _stats(tmp_path, _url(pg_server, open_db, role), connects=True)
    assert f"denies the user {role} the table alembic_version of the database {open_db}" in line, line
    assert f"GRANT SELECT ON alembic_version TO {role}" in line


def test_a_privilege_refused_by_a_chinese_server_names_its_table() -> None:
    """A server whose messages are in Chinese (lc_messages zh_CN) says "对表 X 权限不够": the
    table is named the same, from PostgreSQL's own catalogue of Chinese messages (this
    machine's server has no Chinese locale to answer in)."""
    from labregistry import faults

    catalogues = sorted(Path("/usr/share/locale/zh_CN/LC_MESSAGES").glob("postgres-*.mo"))
    assert catalogues, "PostgreSQL's Chinese messages are missing: apt-get install postgresql (scripts/venv.sh)"
    with catalogues[-1].open("rb") as fh:
        chinese = gettext.GNUTranslations(fh)
    where = faults.Where(server="postgresql+psycopg://sh_viewer@db.example.cn/labregistry")
    for english, name, grant in (("permission denied for table %s", "inv_cap_row", "GRANT SELECT ON inv_cap_row"),
                                 ("permission denied for sequence %s", "staff_id_seq",
                                  "GRANT USAGE, SELECT ON SEQUENCE staff_id_seq")):
        said = chinese.gettext(english) % name
        assert said != english % name  # the server's Chinese
        err = faults.explain(psycopg.errors.InsufficientPrivilege(said), where)
        assert err is not None and err.code == "db.server_denied_object", said
        assert f"{name}（权限不足）：请服务器管理员执行 {grant} TO sh_viewer" in err.render("zh"), err.render("zh")


def test_login_refused(tmp_path: Path, pg_server: Any, password_login: str) -> None:
    line = _stats(tmp_path, _url(pg_server, "postgres", password_login, "wrong one"))
    assert f"did not accept the login of the user {password_login}" in line and "password" in line
    unknown = _stats(tmp_path, _url(pg_server, "postgres", "nobody_" + uuid.uuid4().hex[:6]))
    assert "did not accept the login" in unknown


@pytest.fixture
def tls_door() -> Iterator[int]:
    """A port that answers a client's SSLRequest with 'S' (yes, TLS), as a server with
    ``ssl = on`` does: libpq then loads the CA certificate to check the server's, before any
    handshake. The port it listens on."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:
                client.recv(8)
                client.sendall(b"S")

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_a_missing_ca_certificate_is_said_as_such(tmp_path: Path, tls_door: int) -> None:
    """docs/regional-server.md recommends sslmode=verify-full: a client without the server's CA
    certificate was told the server "cannot be reached", with libpq's text cut mid-word
    ("... change sslmode to disable serv"). It is a certificate that cannot be checked, the
    file named, with where the file goes; libpq's words are whole sentences."""
    missing = tmp_path / "没有 的" / "root.crt"
    url = f"postgresql://hz_jiliang@127.0.0.1:{tls_door}/labregistry?sslmode=verify-full&sslrootcert={missing}"
    line = _stats(tmp_path, url)
    assert "cannot reach" not in line, line
    assert "the certificate of the database server 127.0.0.1" in line and f'"{missing}" does not exist' in line, line
    assert "~/.postgresql/root.crt" in line and "sslrootcert=" in line, line
    zh = _stats(tmp_path, url, lang="zh")
    assert "无法核验数据库服务器 127.0.0.1" in zh and "root.crt" in zh, zh
    # the default place, in the home of the user
    home = run_cli("--home", str(tmp_path / "c"), "--db", url.split("&")[0], "stats", env={"HOME": str(tmp_path)})
    line = refused(home)
    assert f'"{tmp_path}/.postgresql/root.crt" does not exist' in line, line


def test_libpq_is_quoted_in_whole_sentences() -> None:
    from labregistry import faults

    where = faults.Where(server="postgresql://u@db.example.cn/labregistry")
    long = ("connection failed: connection to server at \"10.0.0.1\", port 5432 failed: " + "word " * 60 + "end.\n"
            "Second sentence here.")
    err = faults.explain(psycopg.OperationalError(long), where)
    assert err is not None
    detail = str(err.params["detail"])
    assert detail.endswith("end.") or detail.endswith("here."), detail  # never cut mid-word


def test_a_database_the_server_has_no_line_for_names_the_database_and_pg_hba(tmp_path: Path, pg_server: Any,
                                                                             password_login: str) -> None:
    """The page's pg_hba.conf names the database: a mistyped database name is refused at the
    door ("no pg_hba.conf entry ... database ..."), which said "wrong password or no such
    user; check the user name and password in --db" (a password in the URL, which the page
    forbids). The hint names the database, the password file's line and pg_hba.conf."""
    hba = pg_server.dir / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"local postgres {password_login} scram-sha-256\nlocal all {password_login} reject\n" + original)
    _admin(pg_server, "SELECT pg_reload_conf()")
    try:
        line = _stats(tmp_path, _url(pg_server, "labregistyr", password_login, "right one"))
        zh = _stats(tmp_path, _url(pg_server, "labregistyr", password_login, "right one"), lang="zh")
    finally:
        hba.write_text(original)
        _admin(pg_server, "SELECT pg_reload_conf()")
    assert f"did not accept the login of the user {password_login} to the database labregistyr" in line, line
    assert "password file" in line and "pg_hba.conf" in line and "password in --db" not in line, line
    assert "labregistyr" in zh and "密码文件" in zh and "pg_hba.conf" in zh, zh


def test_the_four_are_four_different_messages(tmp_path: Path, pg_server: Any, password_login: str) -> None:
    database = "locked_" + uuid.uuid4().hex[:6]
    role = "lr_nc_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f"CREATE ROLE {role} LOGIN", f'CREATE DATABASE "{database}"',
           f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
    lines = [
        _stats(tmp_path, "postgresql://postgres@127.0.0.1:1/registry"),
        _stats(tmp_path, _url(pg_server, "no_such_registry")),
        _stats(tmp_path, _url(pg_server, database, role)),
        _stats(tmp_path, _url(pg_server, "postgres", password_login, "wrong one")),
    ]
    for n, phrase in enumerate(("cannot reach", "has no database", "denies the user", "did not accept the login")):
        assert [phrase in line for line in lines] == [i == n for i in range(4)], (phrase, lines)


def _admin_db(server: Any, database: str, *statements: str) -> None:
    info = server.admin_conninfo().replace("dbname=postgres", f"dbname={database}")
    with psycopg.connect(info, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


@pytest.mark.parametrize("role", ["zj-writer", "Lab_SH", "浙江计量"])
def test_the_grant_said_names_a_login_that_needs_quotes_quoted(pg_server: Any, role: str) -> None:
    """The GRANT an administrator copies from the message must grant that login: unquoted, a
    login with a hyphen did not parse, and 'Lab_SH' granted the role lab_sh (PostgreSQL folds
    an unquoted name to lower case). Run as said, on the server, it gives that role the table."""
    from labregistry import faults

    unique = role + uuid.uuid4().hex[:4]
    where = faults.Where(server=f"postgresql+psycopg://{unique}@db.example.cn/labregistry")
    err = faults.explain(psycopg.errors.InsufficientPrivilege("permission denied for table alembic_version"), where)
    assert err is not None
    grant = err.render("en").split("to run ")[1].split(" (or to grant")[0]
    assert grant == f'GRANT SELECT ON alembic_version TO "{unique}"', err.render("en")
    database = "grants_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f'CREATE ROLE "{unique}" LOGIN', f'CREATE DATABASE "{database}"')
    _admin_db(pg_server, database, grant)  # the private server's template1 holds the tables
    info = pg_server.admin_conninfo().replace("dbname=postgres", f"dbname={database}")
    with psycopg.connect(info) as conn:
        granted = conn.execute("SELECT has_table_privilege(%s, 'alembic_version', 'SELECT')", (unique,)).fetchone()
    assert granted == (True,)


def test_a_schema_refusing_to_make_the_tables_is_told_to_grant_create(tmp_path: Path, pg_server: Any) -> None:
    """A role that may use the schema but not create in it (PostgreSQL 15 and later: CREATE on
    ``public`` is no longer PUBLIC's) making the tables of a new, empty database was told to
    "run GRANT USAGE ON SCHEMA public TO ...", which it had: the advice mended nothing. The
    statement refused was a CREATE, so the GRANT says CREATE; run as said, the role may create."""
    role = "lr_nocreate_" + uuid.uuid4().hex[:6]
    database = "bare_" + uuid.uuid4().hex[:6]
    _admin(pg_server, f"CREATE ROLE {role} LOGIN", f'CREATE DATABASE "{database}" TEMPLATE template0')
    _admin_db(pg_server, database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
              f"GRANT USAGE ON SCHEMA public TO {role}")
    line = _stats(tmp_path, _url(pg_server, database, role), connects=True)
    assert f"denies the user {role} the schema public of the database {database}" in line, line
    grant = line.split("to run ")[1].split(" (or to grant")[0]
    assert grant == f"GRANT USAGE, CREATE ON SCHEMA public TO {role}", line
    _admin_db(pg_server, database, grant)
    info = pg_server.admin_conninfo().replace("dbname=postgres", f"dbname={database}")
    with psycopg.connect(info) as conn:
        granted = conn.execute("SELECT has_schema_privilege(%s, 'public', 'CREATE')", (role,)).fetchone()
    assert granted == (True,)


def test_a_schema_refusing_a_read_is_told_to_grant_usage() -> None:
    """The same refusal of a statement that reads (no USAGE of the schema) keeps its advice."""
    import sqlalchemy.exc

    from labregistry import faults

    where = faults.Where(server="postgresql+psycopg://sh_viewer@db.example.cn/labregistry")
    orig = psycopg.errors.InsufficientPrivilege("permission denied for schema public")
    for statement, grant in (("SELECT id FROM standard", "GRANT USAGE ON SCHEMA public TO sh_viewer"),
                             ("\nCREATE TABLE alembic_version (version_num VARCHAR(32))",
                              "GRANT USAGE, CREATE ON SCHEMA public TO sh_viewer")):
        err = faults.explain(sqlalchemy.exc.ProgrammingError(statement, {}, orig), where)
        assert err is not None and err.code == "db.server_denied_object", statement
        assert grant + " (or to grant" in err.render("en"), err.render("en")
