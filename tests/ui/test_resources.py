"""Run-time files are package data: the app finds its translations and icon from a
checkout, an editable install and an installed wheel alike (and so from a frozen build)."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from ui import app as ui_app
from ui import icon_build, resources

ROOT = Path(__file__).resolve().parents[2]


def test_the_windows_carry_the_application_icon(small_registry: Any, qtbot: Any) -> None:
    ui_app.application()  # as main() starts
    controller = ui_app.start(home=small_registry.home.path)
    assert controller is not None and controller.window is not None
    try:
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        sizes = {size.width() for size in qapp.windowIcon().availableSizes()}
        assert set(resources.ICON_SIZES) <= sizes
        assert not controller.window.windowIcon().isNull()
    finally:
        controller.close()


def test_the_built_icons_match_their_svg() -> None:
    assert icon_build.check(resources.icons_dir()) == []
    data = (resources.icons_dir() / "labregistry.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = [struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)]
    assert sizes == list(icon_build.ICO_SIZES)


def test_only_sources_stay_in_the_top_level_resources_folder() -> None:
    """.ts and the SVG in resources/, what the app loads in ui/resources: a .qm left in
    resources/ would be a stale copy nobody loads."""
    assert not list((ROOT / "resources").rglob("*.qm"))
    assert resources.translation("labregistry", "zh_CN").parent == resources.translations_dir()
    assert resources.translation("labregistry", "zh_CN").is_file()


@pytest.mark.slow
def test_an_installed_wheel_runs_in_chinese_with_its_migrations(tmp_path: Path) -> None:
    source = tmp_path / "source"  # pip builds in the tree: keep the checkout free of build/
    for part in ("labregistry", "ui"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("labregistry-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("ui/resources/translations/labregistry_zh_CN.qm", "ui/resources/translations/labregistry_en.qm",
                   "ui/resources/icons/labregistry-256.png", "ui/resources/icons/labregistry.ico",
                   "labregistry/storage/migrations/env.py", "labregistry/geo/region_map.json"):
        assert needed in names
    assert not [n for n in names if n.startswith(("tests/", "resources/", "packaging/"))]

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = (
        "import ui, labregistry\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from ui import i18n\n"
        "app = QApplication([])\n"
        "translations = i18n.Translations()\n"
        "assert translations.install('zh_CN')\n"
        "print(ui.__file__)\n"
        "print(QCoreApplication.translate('MainWindow', 'Measurement standards'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen"}
    # run outside the checkout, so that nothing can come from it
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8",
                           env=env, cwd=tmp_path, timeout=120)
    assert shown.returncode == 0, shown.stderr
    where, text = shown.stdout.splitlines()
    assert Path(where).is_relative_to(target)
    assert text == "计量标准"
    home = str(tmp_path / "家 目录")
    made = subprocess.run([sys.executable, "-m", "labregistry", "--home", home, "init", "--name", "上海市计量测试技术研究院",
                           "--uscc", "12310000425011296P", "--province", "上海", "--city", "上海"],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=120,
                          env={**env, "LABREGISTRY_PASSPHRASE": "a passphrase long enough",
                               "LABREGISTRY_TEST_FAST_KDF": "1"})
    assert made.returncode == 0, made.stderr  # the schema was made by the wheel's own migrations
    stats = subprocess.run([sys.executable, "-m", "labregistry", "--home", home, "stats", "--json"],
                           capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["region"]["institutes"] == 1
    version = subprocess.run([sys.executable, "-m", "labregistry", "--version"], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=60)
    assert version.stdout.startswith("labregistry ")
