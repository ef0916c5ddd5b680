"""The installable app (packaging/): what must never go into a build, and, when asked, the
real builds through their smoke checks.

The builds take minutes (Linux) and a quarter of an hour (Windows under Wine) on two cores,
so they run only when asked: ``LABREGISTRY_PACKAGING=1`` (the Linux build and its smoke
check), ``LABREGISTRY_PACKAGING=windows`` (also the Windows installer under Wine: the
release check, see packaging/README.md).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
MARKER = b"LABREGISTRY-WINE-STAND-IN"
ASKED = os.environ.get("LABREGISTRY_PACKAGING", "")


def _bash(script: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_every_wine_stand_in_is_marked_and_kept_under_packaging_wine() -> None:
    sources = sorted((PACKAGING / "wine").glob("*.c"))
    assert sources, "packaging/wine holds the Wine 8 stand-ins"
    for source in sources:
        assert MARKER in source.read_bytes(), f"{source.name} lacks the marker smoke.sh looks for"
    spec = (PACKAGING / "labregistry.spec").read_text(encoding="utf-8")
    assert "packaging/wine" not in spec and "bcryptprimitives" not in spec


def _fake_linux_build(tmp_path: Path, planted: bytes | None) -> Path:
    dist = tmp_path / "dist"
    app = dist / "labregistry"
    (app / "_internal").mkdir(parents=True)
    program = app / "labregistry"
    program.write_text("#!/bin/sh\necho 'labregistry 0.0.0'\n")
    program.chmod(0o755)
    if planted is not None:
        (app / "_internal" / "some.dll").write_bytes(planted)
    return dist


def _stand_in_dll(tmp_path: Path) -> bytes:
    """The real stand-in, compiled as packaging/windows/wine.sh does (or its source's bytes)."""
    gcc = shutil.which("x86_64-w64-mingw32-gcc")
    source = PACKAGING / "wine" / "bcryptprimitives.c"
    if gcc is None:
        return source.read_bytes()
    out = tmp_path / "bcryptprimitives.dll"
    subprocess.run([gcc, "-shared", "-O2", "-s", "-o", str(out), str(source),
                    str(source.with_suffix(".def")), "-ladvapi32"], check=True, timeout=120)
    return out.read_bytes()


def test_the_smoke_check_refuses_a_build_holding_a_wine_stand_in(tmp_path: Path) -> None:
    dll = _stand_in_dll(tmp_path)
    assert MARKER in dll  # the compiled DLL keeps it (-s strips symbols, not data)
    dirty = _bash(f"packaging/smoke.sh {_fake_linux_build(tmp_path / 'a', dll)}")
    assert dirty.returncode == 1
    assert "Wine stand-in" in dirty.stderr
    clean = _bash(f"packaging/smoke.sh {_fake_linux_build(tmp_path / 'b', b'MZ an ordinary DLL')}")
    assert "Wine stand-in" not in clean.stderr
    assert "ok  only runtime files" in clean.stdout  # (it fails later: the fake is no app)


def test_a_build_environment_with_test_tools_is_refused(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime.txt"
    runtime.write_text("SQLAlchemy==2.0.49\nPySide6_Essentials==6.11.3\npyinstaller==6.22.3\n")
    with_tests = tmp_path / "with-tests.txt"
    with_tests.write_text(runtime.read_text() + "pytest==8.4.2\n")
    check = "source packaging/lib.sh && check_runtime_only {}"
    assert _bash(check.format(runtime)).returncode == 0
    refused = _bash(check.format(with_tests))
    assert refused.returncode == 1 and "pytest==8.4.2" in refused.stdout


def test_wine_prefixes_stay_outside_the_checkout() -> None:
    """A Wine prefix links its drive Z: to /; inside the checkout, setuptools (pip install -e .
    of run.sh and test.sh) followed that link and listed the whole file system."""
    where = _bash("source packaging/lib.sh && source packaging/windows/wine.sh && printf %s \"$WINE_PREFIXES\"",
                  cwd=ROOT)
    assert where.returncode == 0, where.stderr
    prefixes = Path(where.stdout)
    assert prefixes.is_absolute() and not prefixes.resolve().is_relative_to(ROOT.resolve())
    build = (PACKAGING / "windows" / "build.sh").read_text(encoding="utf-8")
    assert 'wine_prefix "$WINE_PREFIXES/' in build


def test_build_outputs_stay_out_of_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


def _build_and_smoke(target: str, timeout: float) -> None:
    built = subprocess.run(["packaging/build.sh", target], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert built.returncode == 0, built.stderr[-3000:]
    smoke = subprocess.run(["packaging/smoke.sh", f"dist/{target}"], cwd=ROOT, capture_output=True, text=True,
                           timeout=timeout)
    assert smoke.returncode == 0, smoke.stdout[-2000:] + smoke.stderr[-3000:]
    assert smoke.stdout.rstrip().endswith("passed, 0 failed")


@pytest.mark.packaging
@pytest.mark.skipif(ASKED not in ("1", "linux", "windows", "all"), reason="set LABREGISTRY_PACKAGING=1 to build")
def test_the_linux_build_passes_its_smoke_check() -> None:
    _build_and_smoke("linux", timeout=3600)


@pytest.mark.packaging
@pytest.mark.skipif(ASKED not in ("windows", "all"), reason="set LABREGISTRY_PACKAGING=windows to build")
def test_the_windows_installer_passes_its_smoke_check_under_wine() -> None:
    _build_and_smoke("windows", timeout=5400)


def _catalogues() -> list[Path]:
    files = sorted((ROOT / "labregistry").rglob("messages.toml"))
    assert len(files) >= 10  # the core's message catalogues (labregistry/i18n.py)
    return files


def test_every_message_catalogue_is_package_data_of_the_wheel() -> None:
    """A messages.toml the wheel leaves out shows codes in place of texts: each one matches a
    pattern of [tool.setuptools.package-data] for its package ("*": every package)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for path in _catalogues():
        package = ".".join(path.parent.relative_to(ROOT).parts)
        patterns = [*data.get("*", []), *data.get(package, [])]
        assert any(path in path.parent.glob(pattern) for pattern in patterns), path


def test_the_spec_collects_every_message_catalogue() -> None:
    """packaging/labregistry.spec's ``collect_data_files`` calls, read as PyInstaller reads
    their ``includes`` (globs from the package's folder): every catalogue is collected."""
    tree = ast.parse((PACKAGING / "labregistry.spec").read_text(encoding="utf-8"))
    collected: set[Path] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "collect_data_files":
            folder = ROOT.joinpath(*ast.literal_eval(node.args[0]).split("."))
            includes = next((ast.literal_eval(k.value) for k in node.keywords if k.arg == "includes"), ["**/*"])
            collected |= {found for pattern in includes for found in folder.glob(pattern)}
    assert [path for path in _catalogues() if path not in collected] == []
