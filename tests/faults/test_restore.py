"""Restoring a backup never rewinds the bundle sequence, and never silently replaces this
institute's registry with another institute's."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labregistry.services import exchange
from tests.conftest import Result, run_cli
from tests.dbstate import dump_home
from tests.exchange.sites import make_site
from tests.faults.conftest import make_home, refused

pytestmark = pytest.mark.sqlite_only  # restore is of a SQLite file


def _export(home: Path, out: Path) -> int:
    result = run_cli("--home", str(home), "export", str(out), "--json")
    assert result.code == 0, result.err
    return int(result.json()["seq"])


def test_after_a_restore_the_next_bundle_number_is_above_every_one_issued(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=5, seed=3)
    b = make_site(tmp_path, "B", standards=0)
    b.trust(a, tmp_path)
    a.reg.close()
    assert _export(a.home, tmp_path / "1.xlsx") == 1
    backup = Path(run_cli("--home", str(a.home), "backup", "--json").json()["path"])
    assert [_export(a.home, tmp_path / f"{n}.xlsx") for n in (2, 3)] == [2, 3]
    exchange.import_bundle(b.reg, tmp_path / "3.xlsx")

    assert run_cli("--home", str(a.home), "restore", str(backup)).code == 0
    assert _export(a.home, tmp_path / "4.xlsx") == 4  # not 2: peers hold 3 already
    imported = exchange.import_bundle(b.reg, tmp_path / "4.xlsx")
    assert imported.applied  # not refused as a rollback

    # the mark and the database each remember: losing one of them rewinds nothing either
    (a.home / "keys" / "issued-seq").unlink()
    assert _export(a.home, tmp_path / "5.xlsx") == 5
    b.reg.close()


def test_a_backup_of_another_institute_is_refused_unless_forced(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=5, seed=4)
    c = make_site(tmp_path, "C", standards=7, seed=5)
    a.reg.close()
    c.reg.close()
    theirs = Path(run_cli("--home", str(c.home), "backup", "--json").json()["path"])
    before = dump_home(a.home)

    result = run_cli("--home", str(a.home), "--lang", "en", "restore", str(theirs))
    refused(result, "belongs to another institute", c.uscc, a.uscc, "--force-other-institute")
    assert dump_home(a.home) == before

    # the home's key says whose it is when its database cannot be read
    (a.home / "labregistry.db").write_bytes(b"not a database at all" * 100)
    refused(run_cli("--home", str(a.home), "--lang", "zh", "restore", str(theirs)), "属于另一个机构", c.uscc)

    forced = run_cli("--home", str(a.home), "--lang", "en", "restore", str(theirs), "--force-other-institute")
    assert forced.code == 0, forced.err
    assert forced.err.startswith("warning: ") and c.uscc in forced.err and len(forced.err.splitlines()) == 1
    assert run_cli("--home", str(a.home), "stats", "--json").json()["own"]["standards"] == 7


def test_a_backup_another_os_user_owns_is_said_unreadable_not_damaged(tmp_path: Path) -> None:
    """A backup file of another user of the computer (``nobody``'s, mode 0600, as every backup
    is written) was reported as "damaged or not a LabRegistry database": SQLite's "unable to
    open database file" is a ``DatabaseError``. The restore runs without the power to read
    other users' files (root with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped, as any
    other user is): it says the file cannot be read, for permission, naming it; nothing changes."""
    if os.geteuid() != 0:
        pytest.fail("this test gives a file to another OS user and must run as root (CI does)")
    nobody = pwd.getpwnam("nobody")
    home = make_home(tmp_path / "home", standards=0)
    theirs = tmp_path / "nobody's backup.db"
    shutil.copyfile(Path(run_cli("--home", str(home), "backup", "--json").json()["path"]), theirs)
    os.chown(theirs, nobody.pw_uid, nobody.pw_gid)
    theirs.chmod(0o600)
    before = dump_home(home)
    caps = "-dac_override,-dac_read_search"
    result = subprocess.run(["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", sys.executable, "-m",
                             "labregistry", "--home", str(home), "--lang", "en", "restore", str(theirs)],
                            capture_output=True, text=True, timeout=120)
    line = refused(Result(result.returncode, result.stdout, result.stderr), str(theirs), "cannot be read",
                   "permission")
    assert "damaged" not in line, line
    assert dump_home(home) == before


def _restore_without_dac_override(home: Path, backup: Path, lang: str = "en") -> Result:
    """``restore`` as root without the power to read or write other users' files (as any other
    user runs it): file modes bind it."""
    caps = "-dac_override,-dac_read_search"
    result = subprocess.run(["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", "--", sys.executable, "-m",
                             "labregistry", "--home", str(home), "--lang", lang, "restore", str(backup)],
                            capture_output=True, text=True, timeout=120)
    return Result(result.returncode, result.stdout, result.stderr)


def _files(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_mode) for p in folder.rglob("*"))


@pytest.mark.parametrize("case", ["mode 000", "another user's file", "read-only"])
def test_a_live_database_this_user_may_not_use_is_a_permission_problem_not_damage(tmp_path: Path,
                                                                                   case: str) -> None:
    """A live database the restoring user may not read (chmod 000, another OS user's file) was
    taken for a damaged one: moved aside into backups/damaged-*.db and replaced, another user's
    registry among them; one it may read but not write failed half-way, after a copy of it, as
    "the folder is read-only". Each is refused in words now: the file, the permission missing,
    what to do; no file is moved, made or changed."""
    if os.geteuid() != 0:
        pytest.fail("this test takes permissions away from a file and must run as root (CI does)")
    home = make_home(tmp_path / "home", standards=3)
    backup = Path(run_cli("--home", str(home), "backup", "--json").json()["path"])
    live = home / "labregistry.db"
    before = dump_home(home)
    if case == "another user's file":
        nobody = pwd.getpwnam("nobody")
        os.chown(live, nobody.pw_uid, nobody.pw_gid)
        live.chmod(0o600)
    else:
        live.chmod(0o000 if case == "mode 000" else 0o444)
    files = _files(home)

    result = _restore_without_dac_override(home, backup)
    missing = "may not write" if case == "read-only" else "may not read or write"
    line = refused(result, str(live), missing, "permission", "not damage", "changed nothing")
    assert "damaged" not in line.replace("not damage", ""), line
    if case == "mode 000":
        refused(_restore_without_dac_override(home, backup, "zh"), str(live), "读取和写入权限", "不是文件损坏")
    assert _files(home) == files  # nothing moved aside, no copy taken, no mode changed
    os.chown(live, 0, 0)
    live.chmod(0o644)
    assert dump_home(home) == before
    again = _restore_without_dac_override(home, backup)  # the permission given back: the restore goes through
    assert again.code == 0, again.err
