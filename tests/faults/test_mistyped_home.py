"""A mistyped ``--home`` is an error, not a new empty registry made on the spot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BACKEND, run_cli
from tests.faults.conftest import INIT, make_home, refused


@pytest.mark.parametrize("args", [
    ["stats"], ["list", "standards"], ["search", "压力"], ["demo", "--standards", "3"], ["export", "x.xlsx"],
    ["keys", "show"], ["check"], ["backup"], ["import-excel", "x.xlsx", "--kind", "staff"], ["restore", "x.db"],
])
def test_a_home_that_does_not_exist_is_refused_and_not_created(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = tmp_path / "LabRegistyr"
    monkeypatch.delenv("LABREGISTRY_DB_CREATE", raising=False)  # a server run: no database made either
    result = run_cli("--home", str(typo), "--lang", "en", *args)
    if BACKEND == "postgres" and args[0] == "backup":
        refused(result, "pg_dump")
    elif BACKEND == "postgres" and args[0] != "restore":
        refused(result, "has no database")  # the home's database on the server does not exist
    else:
        refused(result, f"no LabRegistry data folder at {typo}", "run labregistry init", "--home")
    assert not typo.exists()


@pytest.mark.sqlite_only
def test_a_folder_without_a_database_is_not_a_home(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a registry", encoding="utf-8")
    result = run_cli("--home", str(folder), "--lang", "zh", "stats")
    refused(result, str(folder), "不是 LabRegistry 数据文件夹", "labregistry init", "--home")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    env_typo = run_cli("--lang", "en", "stats", env={"LABREGISTRY_HOME": str(folder)})
    refused(env_typo, "LABREGISTRY_HOME")


@pytest.mark.sqlite_only
def test_a_database_file_that_does_not_exist_is_named(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", standards=0)
    result = run_cli("--home", str(home), "--db", str(tmp_path / "typo.db"), "--lang", "en", "stats")
    refused(result, f"no LabRegistry database at {tmp_path / 'typo.db'}", "--db")
    assert not (tmp_path / "typo.db").exists()


def test_init_still_makes_a_new_home(tmp_path: Path) -> None:
    home = tmp_path / "new" / "home"
    result = run_cli("--home", str(home), *INIT)
    assert result.code == 0, result.err
    assert run_cli("--home", str(home), "stats", "--json").json()["own"]["standards"] == 0
