"""Importing again the very bundle imported already: said as such, not as an attack.

Found by the seventh trial: ``import A-1.xlsx --dry-run`` of the bundle imported before said
"回滚：……拒绝旧数据包" (a replayed old bundle, an attack), while the same file in a folder said
"第 1 号数据包已经导入过" (status ``unchanged``). The exit code of a single file is kept
(CLI.md: 1, nothing imported); an older bundle, or the same number with other bytes, is
still refused as a rollback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from tests.dbstate import dump_home
from tests.exchange.sites import cli, make_site, ok, one_error

NO_COUNTS = {"added": 0, "changed": 0, "withdrawn": 0}


def test_the_bundle_imported_already_is_said_so_and_an_older_one_stays_a_rollback(tmp_path: Path) -> None:
    a = make_site(tmp_path, "A", standards=3, seed=5)
    b = make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    first = a.export(tmp_path / "A-1.xlsx")
    ok(b, "import", str(first), "--yes")
    before = dump_home(b.home)

    for extra in (("--dry-run",), ("--yes",)):
        again = cli(b, "import", str(first), *extra)
        line = one_error(again)  # nothing imported: exit 1 as CLI.md fixes for the single form
        assert "第 1 号数据包已经导入过" in line and "回滚" not in line, line
        data = cli(b, "import", str(first), *extra, "--json")
        assert data.code == 1
        got = data.json()
        assert {k: got[k] for k in ("path", "issuer_uscc", "seq", "status", "reason", "counts")} == {
            "path": str(first), "issuer_uscc": a.uscc, "seq": 1, "status": "unchanged",
            "reason": "第 1 号数据包已经导入过", "counts": NO_COUNTS}
        assert got["reason_code"] == "import.already" and got["applied"] is False
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copyfile(first, folder / first.name)
    as_folder = cli(b, "import", str(folder), "--dry-run", "--json").json()["bundles"][0]
    assert (as_folder["status"], as_folder["reason"]) == ("unchanged", "第 1 号数据包已经导入过")
    assert dump_home(b.home) == before

    # the same number with other bytes (the cover sheet edited and saved): still a rollback
    edited = tmp_path / "A-1 edited.xlsx"
    book = load_workbook(first)
    book.worksheets[0]["A1"] = "看起来一样"
    book.save(edited)
    refused = cli(b, "import", str(edited), "--dry-run", "--json")
    assert refused.code == 1
    assert refused.json()["status"] == "refused" and refused.json()["reason_code"] != "import.already"

    ok(b, "import", str(a.export(tmp_path / "A-2.xlsx")), "--yes")
    older = cli(b, "import", str(first), "--dry-run", "--json")
    assert older.code == 1
    got = older.json()
    assert (got["status"], got["reason_code"], got["seq"], got["issuer_uscc"]) == (
        "refused", "bundle.rollback", 1, a.uscc)
    assert "回滚" in one_error(cli(b, "import", str(first), "--dry-run"))
