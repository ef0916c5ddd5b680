"""A bundle someone opened in LibreOffice and saved in its own format (.ods), or as an old
Excel workbook (.xls): `verify` and `import` said the .ods "lacks the part
[Content_Types].xml and is not an Excel workbook", the .xls "an old .xls workbook or a
password-protected one". They say what the file is and what to do, naming it: use the .xlsx
as it was sent, not a copy saved back (LibreOffice's .ods rounded a number of such a bundle
to 10 digits, 2.77777777778e-11 to 2.777777778e-11: saved back as .xlsx, it failed its
signature on 授权项目)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.exchange.sites import Site, cli, make_site, one_error, refused
from tests.xlsx.conftest import LO_TIMEOUT, find_libreoffice


def _save_as(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """``source`` opened in LibreOffice and saved as ``fmt`` (``ods``, ``xls``) in ``outdir``."""
    binary = find_libreoffice()
    if binary is None:
        pytest.fail("LibreOffice is not installed: `apt-get install -y libreoffice-calc-nogui` (scripts/venv.sh)",
                    pytrace=False)
    env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", fmt, "--outdir", str(outdir), str(source)],
                          capture_output=True, text=True, timeout=LO_TIMEOUT, env=env)
    out = outdir / f"{source.stem}.{fmt}"
    assert proc.returncode == 0 and out.is_file(), proc.stderr
    return out


@pytest.mark.parametrize(("fmt", "code", "zh", "en"), [
    ("ods", "xlsx.opendocument_bundle", "是 OpenDocument 表格（.ods，LibreOffice 的自有格式），不是数据包",
     "is an OpenDocument spreadsheet (.ods, LibreOffice's own format), not a bundle"),
    ("xls", "xlsx.old_xls_bundle", "是旧版 Excel 97-2003 工作簿（.xls），不是数据包",
     "is an old Excel 97-2003 workbook (.xls), not a bundle"),
])
def test_a_bundle_saved_as_ods_or_xls_is_named_for_what_it_is(
        tmp_path: Path, fmt: str, code: str, zh: str, en: str) -> None:
    sender, receiver = make_site(tmp_path, "A", standards=3), make_site(tmp_path, "B")
    try:
        receiver.trust(sender, tmp_path)
        folder = tmp_path / "收到的 #1"
        folder.mkdir()
        bundle = sender.export(folder / "上海 数据包.xlsx")
        saved = _save_as(bundle, fmt, tmp_path / "saved", tmp_path / "lo-profile")
        received = folder / saved.name
        shutil.move(saved, received)

        assert zh in refused(receiver, received, code, "zh")  # verify and import; the database as it was
        for command in (("verify",), ("import", "--yes"), ("import", "--dry-run")):
            line = one_error(cli(receiver, "--lang", "en", *command, str(received)))
            assert received.name in line and en in line and "use the .xlsx file as it was sent" in line, line
            assert "Content_Types" not in line and "password" not in line
        line = one_error(cli(receiver, "--lang", "zh", "import", str(received)))
        assert received.name in line and zh in line and "请使用对方发来的原 .xlsx 文件" in line, line
        assert _verifies(receiver, bundle)  # the file as sent, beside it
    finally:
        receiver.reg.close()
        sender.reg.close()


def _verifies(site: Site, path: Path) -> bool:
    result = cli(site, "verify", str(path), "--json")
    assert result.code == 0, result.err
    return bool(result.json()["valid"])
