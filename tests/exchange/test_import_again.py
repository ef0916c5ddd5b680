"""Importing again the very bundle imported already: said as such, not as an attack.

Found by the seventh trial: ``import A-1.xlsx --dry-run`` of the bundle imported before said
"回滚：……拒绝旧数据包" (a replayed old bundle, an attack), while the same file in a folder said
"第 1 号数据包已经导入过" (status ``unchanged``). A single file and a folder now exit alike
(CLI.md, ``import PATH...``: 1 when a bundle is refused): the bundle imported last is
``unchanged``, exit 0, said on stdout. An older bundle is refused as a rollback, as ``verify``
says, in a folder too (it came back ``unchanged`` there, its bytes known, before any check);
the same number with other bytes as another bundle under that number (``bundle.seq_reused``);
a bundle whose key was revoked since is refused with what ``verify`` says, never passed as
``unchanged``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from openpyxl import load_workbook

from labregistry.crypto import cards
from labregistry.exchange import bundle
from labregistry.services import exchange
from tests.conftest import PASSPHRASE
from tests.dbstate import dump_home
from tests.exchange.sites import Site, cli, make_site, ok, one_error

NO_COUNTS = {"added": 0, "changed": 0, "withdrawn": 0}


def _imported_once(tmp_path: Path) -> tuple[Site, Site, Path]:
    """A (three standards), B trusting A, and A's first bundle, imported by B."""
    a = make_site(tmp_path, "A", standards=3, seed=5)
    b = make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    first = a.export(tmp_path / "A-1.xlsx")
    ok(b, "import", str(first), "--yes")
    return a, b, first


def test_the_bundle_imported_already_is_said_so_and_an_older_one_stays_a_rollback(tmp_path: Path) -> None:
    a, b, first = _imported_once(tmp_path)
    before = dump_home(b.home)

    for extra in (("--dry-run",), ("--yes",)):
        again = cli(b, "import", str(first), *extra)
        assert (again.code, again.err) == (0, ""), again.err  # nothing to import, nothing refused: as a folder
        assert again.out == "第 1 号数据包已经导入过\n", again.out
        data = cli(b, "import", str(first), *extra, "--json")
        assert data.code == 0
        got = data.json()
        assert {k: got[k] for k in ("path", "issuer_uscc", "seq", "status", "reason", "counts")} == {
            "path": str(first), "issuer_uscc": a.uscc, "seq": 1, "status": "unchanged",
            "reason": "第 1 号数据包已经导入过", "counts": NO_COUNTS}
        assert got["reason_code"] == "import.already" and got["applied"] is False
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copyfile(first, folder / first.name)
    in_folder = cli(b, "import", str(folder), "--dry-run", "--json")
    as_folder = in_folder.json()["bundles"][0]
    assert in_folder.code == 0
    assert (as_folder["status"], as_folder["reason"], as_folder["reason_code"]) == (
        "unchanged", "第 1 号数据包已经导入过", "import.already")
    assert dump_home(b.home) == before

    # the same number with other bytes (the cover sheet edited and saved): refused, not as the one imported
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

    # the older bundle in a folder: its bytes were imported, but it is a rollback there too
    older_folder = cli(b, "import", str(folder), "--yes", "--json")
    assert older_folder.code == 1
    [item] = older_folder.json()["bundles"]
    assert (item["status"], item["reason_code"], item["seq"]) == ("refused", "bundle.rollback", 1), item
    assert "回滚" in item["reason"]
    # beside the issuer's newer bundle (a folder of its bundles over time): superseded, not refused
    shutil.copyfile(tmp_path / "A-2.xlsx", folder / "A-2.xlsx")
    history = cli(b, "import", str(folder), "--yes", "--json")
    assert history.code == 0, history.err
    assert [(x["seq"], x["status"], x["reason_code"]) for x in history.json()["bundles"]] == [
        (1, "unchanged", None), (2, "unchanged", "import.already")]


def test_a_bundle_imported_before_whose_key_is_revoked_since_is_refused_as_verify_says(tmp_path: Path) -> None:
    """A folder import called the bytes imported before ``unchanged`` before verifying them:
    with the signing key revoked since, it still said "imported already", exit 0. Verified
    first now: the file, the folder and ``verify`` give the same refusal, exit 1."""
    a, b, first = _imported_once(tmp_path)
    key_id = exchange.key_summary(a.reg)["key_id"]
    ok(b, "trust", "revoke", key_id, "--reason", "私钥外泄")
    before = dump_home(b.home)
    said = cli(b, "verify", str(first), "--json")
    assert said.code == 1
    code = said.json()["reason_code"]
    assert code not in ("import.already", None), said.json()
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copyfile(first, folder / first.name)
    as_folder = cli(b, "import", str(folder), "--yes", "--json")
    assert as_folder.code == 1
    [item] = as_folder.json()["bundles"]
    assert (item["status"], item["reason_code"], item["reason"]) == ("refused", code, said.json()["reason"])
    as_file = cli(b, "import", str(first), "--yes", "--json")
    assert as_file.code == 1 and (as_file.json()["status"], as_file.json()["reason_code"]) == ("refused", code)
    assert dump_home(b.home) == before


def test_verify_of_the_bundle_imported_already_says_so_not_rollback(tmp_path: Path) -> None:
    """Found by the eighth trial: ``verify`` of the bundle imported last said "回滚：该数据包序号
    1 不大于已导入的序号 1" (an attack) where it is the same bundle again. CLI.md keeps the exit
    code (verify exits 0 only when not a rollback); the reason, in its text and ``--json``,
    says what happened: the same bundle imported already, another bundle under the number
    imported, or an older bundle (a rollback)."""
    a, b, first = _imported_once(tmp_path)
    before = dump_home(b.home)

    line = one_error(cli(b, "verify", str(first)))
    assert line == "error: 第 1 号数据包已经导入过", line
    assert one_error(cli(b, "--lang", "en", "verify", str(first))) == "error: bundle #1 was imported already"
    data = cli(b, "verify", str(first), "--json")
    assert data.code == 1
    got = data.json()
    assert (got["valid"], got["seq"], got["reason"], got["reason_code"]) == (
        False, 1, "第 1 号数据包已经导入过", "import.already")
    assert cli(b, "--lang", "en", "verify", str(first), "--json").json()["reason"] == "bundle #1 was imported already"

    # another bundle signed by A under the same number (as A's software would write it had A
    # restored an old backup): neither "imported already" (it was not) nor a rollback
    other = cli(b, "verify", str(_signed_again(a, tmp_path / "A-1 again.xlsx", seq=1)), "--json")
    assert other.code == 1 and other.json()["reason_code"] == "bundle.seq_reused"
    assert other.json()["reason"].startswith("已导入过该机构的第 1 号数据包，而此文件同为第 1 号但内容不同")
    assert "回滚" not in other.json()["reason"]
    assert dump_home(b.home) == before

    ok(b, "import", str(a.export(tmp_path / "A-2.xlsx")), "--yes")
    older = cli(b, "verify", str(first), "--json")
    assert older.code == 1 and older.json()["reason_code"] == "bundle.rollback"
    assert older.json()["reason"].startswith("回滚：该数据包序号 1 不大于已导入的序号 2")
    assert "rollback" in one_error(cli(b, "--lang", "en", "verify", str(first)))


def _signed_again(site: Site, out: Path, *, seq: int) -> Path:
    """A bundle of ``site``'s records signed with its own key under the number ``seq``, a
    minute later than its export (other bytes)."""
    key = exchange.keystore(site.reg).unlock(PASSPHRASE)
    with site.reg.uow() as uow:
        own = uow.institutes.own()
        assert own is not None
        rows = exchange.collect_rows(uow.session.connection(), own)
        name = own.name
    now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)
    bundle.write_bundle(str(out), rows=rows, issuer_uscc=site.uscc, issuer_name=name, signing_key=key,
                        card_bytes=cards.make_card(key, name).to_bytes(), own_statements=[],
                        seq=seq, issued_at=now, expires_at=now + dt.timedelta(days=30))
    return out


def test_a_resaved_copy_of_the_bundle_imported_is_the_bundle_imported_not_another(tmp_path: Path) -> None:
    """Review 9: the bundle imported, opened and saved again without an edit (as SECURITY.md
    requires it to verify), was said to be "同为第 1 号但内容不同：签发机构每次导出都使用新的序号", the
    issuer blamed for a bundle it never wrote: its signed manifest is the one imported."""
    _a, b, first = _imported_once(tmp_path)
    before = dump_home(b.home)
    resaved = tmp_path / "A-1 resaved.xlsx"
    load_workbook(first).save(resaved)
    assert resaved.read_bytes() != first.read_bytes()
    data = cli(b, "verify", str(resaved), "--json")
    assert data.code == 1 and data.json()["reason_code"] == "import.already", data.json()
    again = cli(b, "import", str(resaved), "--yes")
    assert (again.code, again.out, again.err) == (0, "第 1 号数据包已经导入过\n", "")
    assert dump_home(b.home) == before
