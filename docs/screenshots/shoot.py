"""Screenshots of the real app under Xvfb, on a demo region (see README-section.md).

    python docs/screenshots/shoot.py build /tmp/region        # demo homes and bundles
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/shoot.py shoot /tmp/region zh docs/screenshots
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/shoot.py shoot /tmp/region en docs/screenshots

``build``: the own institute (Shanghai) is made with the CLI exactly as a user would
(``labregistry init`` and ``demo --standards 500``), two peers with the services; the
Shanghai home trusts and imports Jiangsu's first bundle; Jiangsu then changes three
standards and withdraws one, and signs a second bundle, which the import preview shows.
``shoot``: starts the app (``ui.app.main``) on a copy of the Shanghai home, walks the
pages with a timer, and captures the whole screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "demo 演示 passphrase"
OWN = ("上海市计量测试技术研究院", "12310000425011296P", "上海", "上海", "王丽华")
PEERS = {
    "B": ("江苏省计量科学研究院", "12320000466002712H", "江苏", "南京", "陈建国", 300, 2),
    "C": ("浙江省计量科学研究院", "12330000470040568F", "浙江", "杭州", "李明", 200, 3),
}
WIDTH = 1280
SETTLE_MS = 1200  # after the data is there: layout and painting


def cli(home: Path, *args: str) -> None:
    env = {**os.environ, "LABREGISTRY_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args], check=True, env=env)


def build(root: Path) -> None:
    from labregistry.demo import populate_demo
    from labregistry.domain.records import InstituteInput
    from labregistry.registry import open_registry
    from labregistry.services import exchange, listing, records, setup
    from labregistry.services.listing import RecordQuery
    from ui.editors.specs import standard_input, standard_values

    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    own = root / "A"
    name, uscc, province, city, operator = OWN
    cli(
        own,
        "init",
        "--name",
        name,
        "--uscc",
        uscc,
        "--province",
        province,
        "--city",
        city,
        "--operator",
        operator,
    )
    cli(own, "demo", "--standards", "500")
    bundles = root / "bundles"
    bundles.mkdir()
    peers = {}
    for key, (pname, puscc, pprov, pcity, pop, n, seed) in PEERS.items():
        reg = open_registry(root / key, logging=False)
        setup.init_registry(
            reg, InstituteInput(name=pname, uscc=puscc, province=pprov, city=pcity), PASSPHRASE, operator=pop
        )
        populate_demo(reg, standards=n, seed=seed, operator=pop)
        peers[key] = reg
    jiangsu = peers["B"]
    exchange.export_bundle(jiangsu, bundles / "jiangsu-1.xlsx", PASSPHRASE)
    exchange.export_bundle(peers["C"], bundles / "zhejiang-1.xlsx", PASSPHRASE)
    exchange.export_public_card(jiangsu, bundles / "jiangsu.card")
    cli(
        own,
        "trust",
        "add",
        str(bundles / "jiangsu.card"),
        "--fingerprint",
        exchange.key_summary(jiangsu)["fingerprint"],
    )
    cli(own, "import", str(bundles / "jiangsu-1.xlsx"), "--yes")
    rows = listing.list_records(jiangsu, RecordQuery(kind="standards", own_only=True), limit=6)
    for row, person in zip(rows[:3], ("周文", "周文", "吴海燕"), strict=True):
        values, children = standard_values(records.get(jiangsu, "standard", row["id"]))
        values["responsible_person"] = person
        values["valid_until"] = "2030-06-30"
        records.update(jiangsu, "standard", row["id"], standard_input(values, children), operator="陈建国")
    records.delete(jiangsu, "standard", rows[5]["id"], operator="陈建国")
    exchange.export_bundle(jiangsu, bundles / "jiangsu-2.xlsx", PASSPHRASE)
    for reg in peers.values():
        reg.close()


def shoot(root: Path, lang: str, out: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

    from labregistry.services import listing
    from labregistry.services.listing import RecordQuery
    from ui import app as ui_app
    from ui.main_window import MainWindow

    home = root / lang / "LabRegistry"
    shutil.rmtree(home.parent, ignore_errors=True)
    shutil.copytree(root / "A", home)
    out.mkdir(parents=True, exist_ok=True)
    qapp = ui_app.application()
    state: dict[str, object] = {}

    def window() -> MainWindow:
        (found,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return found

    def capture(name: str) -> None:
        path = out / f"{name}-{lang}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        subprocess.run(
            [
                "convert",
                str(path),
                "-resize",
                f"{WIDTH}x",
                "-strip",
                "+dither",
                "-colors",
                "256",
                "-define",
                "png:compression-level=9",
                str(path),
            ],
            check=True,
        )
        print("wrote", path, flush=True)

    def when(ready: Callable[[], bool], then: Callable[[], None], tries: int = 150) -> None:
        """Run ``then`` once ``ready()`` holds (background ops finish at their own pace)."""
        if ready() or tries <= 0:
            then()
        else:
            QTimer.singleShot(200, lambda: when(ready, then, tries - 1))

    def overview() -> Callable[[], bool]:
        w = window()
        w.showMaximized()
        w.show_page("overview")
        return lambda: w.overview.overview is not None

    def standards() -> Callable[[], bool]:
        capture("overview")
        w = window()
        w.show_page("standards")
        return lambda: w.record_pages["standards"].model.loaded

    def editor() -> Callable[[], bool]:
        capture("standards")
        w = window()
        (row,) = listing.list_records(
            w.reg, RecordQuery(kind="standards", own_only=True, text="压力表"), limit=1
        )
        ed = w.open_record("standards", int(row["id"]))
        ed.resize(1040, 760)
        ed.move(250, 60)
        quantity = ed.editor_widget("quantity")
        assert isinstance(quantity, QComboBox)
        quantity.setCurrentIndex(quantity.findData("pressure"))
        rng = ed.editor_widget("range_text")
        assert isinstance(rng, QLineEdit)
        rng.setText("(0~60) V")
        ed.save()
        state["editor"] = ed
        return lambda: ed.save_button.isEnabled()

    def verify() -> Callable[[], bool]:
        capture("editor")
        ed = state.pop("editor")
        ed.discard_and_close()  # type: ignore[attr-defined]
        wiz = window().start_import(root / "bundles" / "jiangsu-2.xlsx")
        wiz.resize(980, 700)
        wiz.move(300, 90)
        wiz.next()
        state["wizard"] = wiz
        return lambda: wiz.verify_page.isComplete()

    def preview() -> Callable[[], bool]:
        wiz = state["wizard"]
        wiz.next()  # type: ignore[attr-defined]
        return lambda: wiz.preview_page.isComplete()  # type: ignore[attr-defined]

    def finish() -> Callable[[], bool]:
        capture("import")
        wiz = state.pop("wizard")
        wiz.reject()  # type: ignore[attr-defined]
        window().close()
        return lambda: True

    steps = [overview, standards, editor, verify, preview, finish]

    def run(n: int) -> None:
        ready = steps[n]()
        if n + 1 < len(steps):
            when(ready, lambda: QTimer.singleShot(SETTLE_MS, lambda: run(n + 1)))

    QTimer.singleShot(2000, lambda: run(0))
    del qapp
    return ui_app.main(["--home", str(home), "--lang", lang])


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "build":
        build(Path(sys.argv[2]))
    elif command == "shoot":
        sys.exit(shoot(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])))
    else:
        raise SystemExit(__doc__)
