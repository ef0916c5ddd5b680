"""Fixtures for the .xlsx tests (and, through tests/exchange/conftest.py, the bundle tests):
LibreOffice as "a person who opens and saves", zip crafting."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.fuzz.xlsxkit import zero_bomb  # the fuzz kit's: one MiB deflated once, repeated

LO_TIMEOUT = 240


def find_libreoffice() -> str | None:
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def lo_convert(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Sequence[Path], Path], list[Path]]:
    """``convert(files, outdir)``: open each ``.xlsx`` in LibreOffice and save it as ``.xlsx``.

    All files go through ONE headless LibreOffice run (its start is the slow part). The
    run uses its own profile folder, so a LibreOffice the developer has open is not used.
    Missing LibreOffice FAILS the test: CI must install it (scripts/venv.sh SYSTEM_PACKAGES:
    libreoffice-calc-nogui).
    """
    binary = find_libreoffice()
    if binary is None:
        pytest.fail(
            "LibreOffice is not installed (neither `libreoffice` nor `soffice` on PATH): the bundle "
            "format must be checked against a real open-and-save. Install it with "
            "`apt-get install -y libreoffice-calc-nogui` (scripts/venv.sh SYSTEM_PACKAGES).",
            pytrace=False,
        )
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(files: Sequence[Path], outdir: Path) -> list[Path]:
        outdir.mkdir(parents=True, exist_ok=True)
        cmd = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *(str(f) for f in files),
        ]
        env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=LO_TIMEOUT, env=env)
        outputs = [outdir / Path(f).name for f in files]
        missing = [str(p) for p in outputs if not p.is_file()]
        if proc.returncode != 0 or missing:
            pytest.fail(
                f"LibreOffice conversion failed (exit {proc.returncode}); missing {missing}\n"
                f"stdout: {proc.stdout}\nstderr: {proc.stderr}",
                pytrace=False,
            )
        return outputs

    return convert


# ---------------------------------------------------------------- crafted zips


def craft_zip(entries: Sequence[tuple[str, bytes, int, int]], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip from pre-compressed entries ``(name, raw_data, crc32, declared_size)``.

    Lets a test declare any uncompressed size (honest or not) without compressing
    gigabytes: the central directory says what the test wants it to say.
    """
    out = bytearray()
    central = bytearray()
    for name, raw, crc, size in entries:
        encoded = name.encode("utf-8")
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(raw), size, len(encoded), 0
        )
        out += encoded + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            method,
            0,
            0x21,
            crc,
            len(raw),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def xlsx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rezip(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def ziptools() -> object:
    """The zip helpers above, as a fixture (test modules never import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(craft_zip=craft_zip, deflate=deflate, zero_bomb=zero_bomb, parts=xlsx_parts, rezip=rezip)
