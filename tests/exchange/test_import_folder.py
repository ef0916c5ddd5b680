"""``labregistry import PATH...``: a folder of bundles in one step (issue 19).

Real bundles of real registries, the CLI run as a process: every bundle verified before
anything is written, one preview, one backup, each bundle all or nothing, refusals named,
exit 1 when any bundle is refused, ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from labregistry.registry import open_registry
from labregistry.services import regionimport
from tests.dbstate import dump_home
from tests.exchange.sites import Site, cli, make_site, one_error


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A and C export (A twice); D is not trusted by the receivers; a tampered copy of C's."""
    tmp = tmp_path_factory.mktemp("region")
    a = make_site(tmp, "A", standards=6, seed=21)
    c = make_site(tmp, "C", standards=4, seed=22)
    d = make_site(tmp, "D", standards=2, seed=23)
    out = {"tmp": tmp, "A": a, "C": c, "D": d, "a1": a.export(tmp / "a1.xlsx"), "c1": c.export(tmp / "c1.xlsx"),
           "d1": d.export(tmp / "d1.xlsx"), "a2": a.export(tmp / "a2.xlsx")}
    tampered = tmp / "c-tampered.xlsx"
    data = bytearray(out["c1"].read_bytes())
    data[len(data) // 2] ^= 0xFF  # a flipped byte inside the zip: CRC or content no longer right
    tampered.write_bytes(bytes(data))
    out["tampered"] = tampered
    for site in (a, c, d):
        site.reg.close()
    return out


def receiver(region: dict[str, Any], tmp: Path) -> Site:
    """B, trusting A and C (not D), with nothing imported yet."""
    b = make_site(tmp, "B")
    b.trust(region["A"], tmp)
    b.trust(region["C"], tmp)
    b.reg.close()
    return b


def folder_of(tmp: Path, *files: Path) -> Path:
    folder = tmp / "received"
    folder.mkdir(exist_ok=True)
    for f in files:
        shutil.copyfile(f, folder / f.name)
    return folder


def peers(site: Site) -> list[str]:
    """The credit codes of the other institutes in ``site``'s registry."""
    reg = open_registry(site.home, logging=False)
    try:
        with reg.uow() as uow:
            return sorted(i.uscc for i in uow.institutes.all() if not i.is_own)
    finally:
        reg.close()


def backups(site: Site) -> list[Path]:
    folder = site.home / "backups"
    return sorted(folder.glob("*-import.db")) if folder.exists() else []


def test_a_folder_imports_every_institute_once_with_one_backup(region: dict[str, Any], tmp_path: Path) -> None:
    b = receiver(region, tmp_path)
    folder = folder_of(tmp_path, region["a1"], region["c1"])
    done = cli(b, "import", str(folder), "--yes", "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert set(data) >= {"bundles", "imported", "refused"} and (data["imported"], data["refused"]) == (2, 0)
    by_uscc = {x["issuer_uscc"]: x for x in data["bundles"]}
    assert set(by_uscc) == {region["A"].uscc, region["C"].uscc}
    for item in data["bundles"]:
        assert set(item) >= {"path", "issuer_uscc", "seq", "status", "reason", "counts"}
        assert item["status"] == "imported" and item["reason"] is None and item["applied"] is True
        assert set(item["counts"]) == {"added", "changed", "withdrawn"} and item["counts"]["added"] > 0
    assert peers(b) == sorted([region["A"].uscc, region["C"].uscc])
    if b.reg.is_sqlite:
        assert len(backups(b)) == 1  # one backup for the set, not one per bundle
    # the same folder again: nothing refused, nothing written, no new backup
    state = dump_home(b.home)
    again = cli(b, "import", str(folder), "--yes", "--json")
    assert again.code == 0, again.err
    assert [x["status"] for x in again.json()["bundles"]] == ["unchanged", "unchanged"]
    assert dump_home(b.home) == state and len(backups(b)) == (1 if b.reg.is_sqlite else 0)


def test_refused_bundles_are_named_and_the_others_imported(region: dict[str, Any], tmp_path: Path) -> None:
    b = receiver(region, tmp_path)
    folder = folder_of(tmp_path, region["a1"], region["d1"], region["tampered"])
    done = cli(b, "--lang", "en", "import", str(folder), "--yes")
    line = one_error(done)  # stdout has the summary; stderr ONE line
    assert "2 of 3 bundles refused" in line and "error:" in line
    assert "refused" in done.out and "d1.xlsx" in done.out and "c-tampered.xlsx" in done.out
    assert "not trusted" in done.out  # D's key: the reason, in words
    as_json = cli(b, "import", str(folder), "--yes", "--json")
    assert as_json.code == 1
    statuses = {Path(x["path"]).name: (x["status"], x["reason_code"]) for x in as_json.json()["bundles"]}
    assert statuses["a1.xlsx"] == ("unchanged", "import.already")  # imported by the first run, as import FILE says
    assert statuses["d1.xlsx"] == ("refused", "bundle.unknown_key")
    assert statuses["c-tampered.xlsx"][0] == "refused"
    assert peers(b) == [region["A"].uscc]


def test_dry_run_previews_per_institute_and_writes_nothing(region: dict[str, Any], tmp_path: Path) -> None:
    b = receiver(region, tmp_path)
    state = dump_home(b.home)
    preview = cli(b, "--lang", "en", "import", str(region["a1"]), str(region["c1"]), "--dry-run")
    assert preview.code == 0, preview.err
    assert "(dry run: nothing written)" in preview.out
    assert f"({region['A'].uscc}) #1" in preview.out and f"({region['C'].uscc}) #1" in preview.out
    as_json = cli(b, "import", str(region["a1"]), str(region["c1"]), "--dry-run", "--json").json()
    assert (as_json["dry_run"], as_json["applied"], as_json["imported"]) == (True, False, 2)
    assert all(not x["applied"] for x in as_json["bundles"])
    assert dump_home(b.home) == state and backups(b) == []
    # without --yes and without a terminal: nothing merged, one error line
    refused = cli(b, "--lang", "en", "import", str(region["a1"]), str(region["c1"]))
    assert "confirm" in one_error(refused) and dump_home(b.home) == state
    # what the preview said is what the import does
    done = cli(b, "import", str(region["a1"]), str(region["c1"]), "--yes", "--json").json()
    assert [x["counts"] for x in done["bundles"]] == [x["counts"] for x in as_json["bundles"]]


def test_the_newest_bundle_of_an_institute_is_the_one_merged(region: dict[str, Any], tmp_path: Path) -> None:
    b = receiver(region, tmp_path)
    done = cli(b, "import", str(region["a2"]), str(region["a1"]), "--yes", "--json")
    assert done.code == 0, done.err
    (newer, older) = done.json()["bundles"]
    assert (newer["seq"], newer["status"]) == (2, "imported")
    assert (older["seq"], older["status"]) == (1, "unchanged") and "2" in older["reason"]


def test_a_file_changed_after_the_preview_is_refused(region: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    b = receiver(region, tmp_path)
    monkeypatch.setattr(regionimport, "KEEP_PARSED_BYTES", 0)  # a set too big to keep: read again to merge
    path = shutil.copyfile(region["a1"], tmp_path / "a.xlsx")
    reg = open_registry(b.home, logging=False)
    try:
        plan = regionimport.preview_import(reg, [path])
        assert [x.status for x in plan.items] == ["ready"]
        shutil.copyfile(region["a2"], path)  # another (valid) bundle under the same name
        regionimport.apply_import(reg, plan)
    finally:
        reg.close()
    (item,) = plan.items
    assert (item.status, item.reason_code) == ("refused", "import.file_changed")


def test_a_terminal_sees_a_progress_bar_and_json_none(region: dict[str, Any], tmp_path: Path) -> None:
    b = receiver(region, tmp_path)
    folder = folder_of(tmp_path, region["a1"], region["c1"])

    def stderr_on_a_terminal(*args: str) -> tuple[int, str]:
        leader, follower = pty.openpty()
        proc = subprocess.run([sys.executable, "-m", "labregistry", "--home", str(b.home), "--lang", "en", *args],
                              stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, timeout=120)
        os.close(follower)
        seen = b""
        try:
            while chunk := os.read(leader, 65536):
                seen += chunk
        except OSError:
            pass
        os.close(leader)
        return proc.returncode, seen.decode("utf-8", "replace")

    code, err = stderr_on_a_terminal("import", str(folder), "--dry-run", "--json")
    assert code == 0 and err == ""
    code, err = stderr_on_a_terminal("import", str(folder), "--yes")
    assert code == 0, err
    assert "verifying bundles [" in err and "2/2" in err and "importing bundles [" in err
