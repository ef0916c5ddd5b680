"""docs/regional-server.md, run: its marked blocks taken from the page and applied to the
private test server, with the names made unique (roles are the cluster's, not a database's).

A block marked ``<!-- drill: NAME -->`` is the fenced block that follows the marker. SQL
blocks run through psql as the superuser, as the page says to paste them; ``\\password``
(which asks at a terminal) becomes ``ALTER ROLE ... PASSWORD`` with a test password.
``pg_hba.conf`` lines become ``local`` lines (the private server listens on a socket only).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import PASSPHRASE, Result, run_cli
from tests.pgserver import regional_block
from tests.server.helpers import private

ROLES = ("labregistry_owner", "labregistry_writers", "labregistry_viewers", "hz_jiliang", "sh_viewer")
LOGINS = ("labregistry_owner", "hz_jiliang", "sh_viewer")


def drill(name: str) -> str:
    """The fenced block after ``<!-- drill: name -->`` in the page."""
    return regional_block(name)


@dataclass
class Region:
    """The page's set-up on the private server: the names it uses, made unique."""

    server: Any
    folder: Path
    tag: str = field(default_factory=lambda: "r" + uuid.uuid4().hex[:8])

    def name(self, doc_name: str) -> str:
        """The unique name of a role or database the page names."""
        return f"{self.tag}_{doc_name}"

    @property
    def database(self) -> str:
        return self.name("labregistry")

    def rename(self, text: str) -> str:
        for role in ROLES:
            text = re.sub(rf"\b{role}\b", self.name(role), text)
        return re.sub(r"\blabregistry(_drill)?\b", lambda m: self.name(m.group(0)), text)

    def password(self, role: str) -> str:
        return f"pw of {role}"

    # ------------------------------------------------------------ the steps

    def psql(self, sql: str, database: str = "postgres") -> None:
        """SQL as the superuser pastes it into psql (stop at the first error)."""
        sql = re.sub(r"(?m)^\\password (\w+)$", lambda m: f"ALTER ROLE {m[1]} PASSWORD '{self.password(m[1])}';",
                     self.rename(sql))
        info = self.server.admin_conninfo().replace("dbname=postgres", f"dbname={database}")
        done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", info], input=sql,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    def pg_hba_lines(self) -> str:
        lines = []
        for line in drill("pg_hba").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            _kind, database, user, _address, method = self.rename(line).split()
            lines.append(f"local {database} {user} {method}")
        # the page's lines are all the server lets in: our logins go no further (the private
        # server's own lines trust everyone, which would hide a database the page forgot)
        lines.append(f"local all {','.join(self.name(r) for r in LOGINS)} reject")
        return "\n".join(lines) + "\n"

    def pgpass(self) -> Path:
        """The password file as the page writes it: its lines, with this socket for the host,
        the names made unique and a test password; the institute's line serves the viewer's
        login too (each client writes its own login's line)."""
        path = self.folder / "pgpass.conf"
        lines = []
        for line in drill("pgpass").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            _host, _port, database, user, _password = line.split(":")
            users = [user, "sh_viewer"] if user == "hz_jiliang" else [user]
            for doc_user in users:
                role = self.name(doc_user)
                lines.append(f"{self.server.dir}:{self.server.port}:{self.rename(database)}:{role}:"
                             f"{self.password(role)}\n")
        assert {ln.split(":")[-2] for ln in lines} == {self.name(r) for r in LOGINS}, lines
        path.write_text("".join(lines))
        path.chmod(0o600)  # libpq ignores a password file others can read
        return path

    def url(self, doc_role: str, database: str | None = None) -> str:
        """A client's URL: the role, no password in it, the password file named by ``passfile``."""
        return (f"postgresql://{self.name(doc_role)}@/{database or self.database}?host={self.server.dir}"
                f"&port={self.server.port}&passfile={self.folder / 'pgpass.conf'}")

    def labregistry_lines(self, block: str) -> Iterator[list[str]]:
        """The ``labregistry`` command lines of a block, as argument lists (without the program)."""
        for line in drill(block).splitlines():
            if line.startswith("labregistry "):
                yield shlex.split(line)[1:]

    def run(self, home: Path, db_url: str, *args: str, lang: str = "en", env: dict[str, str] | None = None) -> Result:
        # a client as the page sets it up: it never creates a database (the suite's homes do,
        # through the server's own database "postgres", which the page's pg_hba.conf refuses)
        return run_cli("--home", str(home), "--lang", lang, *args,
                       env={"LABREGISTRY_DB": db_url, "LABREGISTRY_PASSPHRASE": PASSPHRASE, **(env or {})},
                       drop=("LABREGISTRY_DB_CREATE",))

    def tool(self, program: str, *args: str, superuser: bool = False) -> subprocess.CompletedProcess[str]:
        """A PostgreSQL client tool (createdb, pg_restore...) against the private server."""
        env = dict(os.environ, PGHOST=str(self.server.dir), PGPORT=str(self.server.port),
                   PGPASSFILE=str(self.folder / "pgpass.conf"))
        if superuser:
            env["PGUSER"] = "postgres"
        return subprocess.run([program, *args], env=env, capture_output=True, text=True)


def set_up(server: Any, folder: Path) -> Region:
    private(server)
    folder.mkdir(parents=True, exist_ok=True)
    return Region(server, folder)
