"""Screenshots of the real app under Xvfb, on a demo region (see README-section.md).

    python docs/screenshots/shoot.py build /tmp/region        # demo homes and bundles
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/shoot.py shoot /tmp/region zh docs/screenshots
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/shoot.py shoot /tmp/region en docs/screenshots

``build``: the own institute (Shanghai) is made with the CLI exactly as a user would
(``labregistry init`` and ``demo --standards 500``), two peers with the services; the
Shanghai home trusts and imports Jiangsu's and Zhejiang's first bundles; Jiangsu signs
certificates of three of its pressure standards into one PDF, then changes three standards
and withdraws one, and signs a second bundle, which the import preview shows.
``shoot``: starts the app (``ui.app.main``) on a copy of the Shanghai home, walks the
pages with a timer (the reminders at start, the overview, its charts and its map, the standard
editor with its calendar and staff list, the import preview, the certificate preview of
three own standards, the regional search for pressure standards in Jiangsu and Zhejiang,
the check of Jiangsu's certificates, the settings, the recycle bin with two standards
deleted), and captures the whole screen with ImageMagick's ``import`` (without it, with
Qt's screen grab). The passphrase and file dialogs are answered as a user would: the text typed
into the app's passphrase dialog, the file given to the dialog's own ``verify_file``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from labregistry.registry import Registry

PASSPHRASE = "demo 演示 passphrase"
OWN = ("上海市计量测试技术研究院", "12310000425011296P", "上海", "上海", "王丽华")
PEERS = {
    "B": ("江苏省计量科学研究院", "12320000466002712H", "江苏", "南京", "陈建国", 300, 2),
    "C": ("浙江省计量科学研究院", "12330000470040568F", "浙江", "杭州", "李明", 200, 3),
}
D = TypeVar("D")
WIDTH = 1280
SETTLE_MS = 1200  # after the data is there: layout and painting
CERTIFICATES = "jiangsu-certificates.pdf"  # signed by Jiangsu, checked in the Shanghai home
CERTIFIED_TEXT = "压力"  # the standards whose certificates are previewed and checked
# the regional search: who in the neighbouring provinces calibrates 0-6 MPa to 0.25 % or better
SEARCH = {"quantity": "pressure", "low": "0", "high": "6", "unit": "MPa", "uncertainty": "0.25%"}
SEARCH_PROVINCES = ("江苏", "浙江")


def cli(home: Path, *args: str) -> None:
    env = {**os.environ, "LABREGISTRY_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "labregistry", "--home", str(home), *args], check=True, env=env)


def sign_peer_certificates(reg: Registry, out: Path) -> None:
    """Certificates of three of the peer's pressure standards in one PDF: what the verify dialog checks."""
    from labregistry.services import certificates

    ids = certificates.select_standards(reg, text=CERTIFIED_TEXT)[:3]
    key = certificates.unlock(reg, PASSPHRASE)
    certificates.issue_batch(reg, ids, key, out=out, language="zh")


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
    for key, bundle in (("B", "jiangsu"), ("C", "zhejiang")):
        exchange.export_public_card(peers[key], bundles / f"{bundle}.card")
        cli(
            own,
            "trust",
            "add",
            str(bundles / f"{bundle}.card"),
            "--fingerprint",
            exchange.key_summary(peers[key])["fingerprint"],
        )
        cli(own, "import", str(bundles / f"{bundle}-1.xlsx"), "--yes")
    sign_peer_certificates(jiangsu, bundles / CERTIFICATES)
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
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

    from labregistry.services import records
    from ui.overdue import OverdueNotice
    from ui.recycle_bin import RecycleBinDialog
    from ui.widgets.date_edit import DateLineEdit

    from labregistry.services import certificates, listing
    from labregistry.services.listing import RecordQuery
    from ui import app as ui_app
    from ui.main_window import MainWindow
    from ui.pages.certificate_verify import VerifyDialog
    from ui.widgets.passphrase import PassphraseDialog
    from ui.widgets.pdf_view import FIT_PAGE

    home = root / lang / "LabRegistry"
    shutil.rmtree(home.parent, ignore_errors=True)
    shutil.copytree(root / "A", home)
    out.mkdir(parents=True, exist_ok=True)
    qapp = ui_app.application()
    state: dict[str, object] = {}

    def window() -> MainWindow:
        (found,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return found

    def dialog_of(kind: type[D]) -> D | None:
        """The visible dialog of ``kind`` (the app opens them modal, over the main window)."""
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return found[0] if found else None

    def capture(name: str) -> None:
        path = out / f"{name}-{lang}.png"
        if not shutil.which("import"):  # no ImageMagick: the X screen through Qt (popups included)
            image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
            image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
            image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
            writer = QImageWriter(str(path), b"png")
            writer.setQuality(0)  # PNG: the strongest compression
            writer.write(image)
            print("wrote", path, flush=True)
            return
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
        if not shutil.which("openbox"):  # no window manager to maximise it
            w.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
        w.show_page("overview")
        return lambda: w.overview.overview is not None and dialog_of(OverdueNotice) is not None

    def reminders() -> Callable[[], bool]:
        """The notice at start: what is overdue, and what falls due within the window set."""
        capture("reminders")
        notice = dialog_of(OverdueNotice)
        assert notice is not None
        notice.close()
        return lambda: dialog_of(OverdueNotice) is None

    def scrolled_to(part: QWidget) -> Callable[[], bool]:
        """Scroll the overview until ``part`` (a chart, the map) is in view."""
        scroll = window().overview.findChild(QScrollArea)
        assert scroll is not None
        scroll.ensureWidgetVisible(part, 0, 0)
        return lambda: True

    def charts() -> Callable[[], bool]:
        capture("overview")
        return scrolled_to(window().overview.month_chart)

    def region_map() -> Callable[[], bool]:
        capture("overview-charts")
        return scrolled_to(window().overview.region_map)

    def standards() -> Callable[[], bool]:
        capture("overview-map")
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
        assert ed is not None
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

    def calendar() -> Callable[[], bool]:
        """The calendar of the certificate's end date."""
        capture("editor")
        ed = state["editor"]
        field = ed.editor_widget("valid_until")  # type: ignore[attr-defined]
        assert isinstance(field, DateLineEdit)
        field.calendar_action.trigger()
        return lambda: field.calendar.isVisible()

    def staff() -> Callable[[], bool]:
        """The responsible person chosen from the own staff list."""
        capture("editor-calendar")
        ed = state["editor"]
        field = ed.editor_widget("valid_until")  # type: ignore[attr-defined]
        field.calendar.hide()
        line = ed.editor_widget("responsible_person")  # type: ignore[attr-defined]
        scroll = ed.findChild(QScrollArea, "details")  # type: ignore[attr-defined]
        scroll.ensureWidgetVisible(line, 0, 240)
        line.setFocus()
        line.setText("")
        completer = line.completer()
        completer.setCompletionPrefix("")
        completer.complete()
        return lambda: completer.popup().isVisible()

    def verify() -> Callable[[], bool]:
        capture("editor-staff")
        ed = state.pop("editor")
        ed.editor_widget("responsible_person").completer().popup().hide()  # type: ignore[attr-defined]
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

    def sign() -> Callable[[], bool]:
        """Select three own standards in force, then "Preview and print" on the certificates page."""
        capture("import")
        wiz = state.pop("wizard")
        wiz.reject()  # type: ignore[attr-defined]
        w = window()
        view = w.record_pages["standards"].view
        model = w.record_pages["standards"].model
        selection = view.selectionModel()
        selection.clearSelection()
        for sid in certificates.select_standards(w.reg, text=CERTIFIED_TEXT)[:3]:
            row = model.row_for_id(sid)
            assert row is not None
            selection.select(
                model.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            )
        w.show_page("certificates")
        page = w.certificates_page
        page.selected_radio.setChecked(True)
        QTimer.singleShot(0, page.preview_button.click)  # the passphrase dialog runs its own loop
        return lambda: dialog_of(PassphraseDialog) is not None

    def unlock() -> Callable[[], bool]:
        dialog = dialog_of(PassphraseDialog)
        assert dialog is not None
        dialog.first.setText(PASSPHRASE)
        dialog.accept()
        page = window().certificates_page
        return lambda: page.preview is not None and page.preview.isVisible()

    def certificate_preview() -> Callable[[], bool]:
        dialog = window().certificates_page.preview
        assert dialog is not None  # at the size the app gives it on this screen
        dialog.view.zoom.setCurrentIndex(dialog.view.zoom.findData(FIT_PAGE))
        return lambda: dialog.view.shown_size()[1] > 600

    def search() -> Callable[[], bool]:
        capture("certificate-preview")
        w = window()
        assert w.certificates_page.preview is not None
        w.certificates_page.preview.reject()
        w.show_page("inventory")
        page = w.inventory_page
        page.quantity.setCurrentIndex(page.quantity.findData(SEARCH["quantity"]))
        page.low.setText(SEARCH["low"])
        page.high.setText(SEARCH["high"])
        page.unit.setText(SEARCH["unit"])
        page.uncertainty.setText(SEARCH["uncertainty"])
        for province in SEARCH_PROVINCES:
            page.provinces[province].setChecked(True)
        return lambda: (
            not page.searching
            and page.criteria is not None
            and page.raw()["provinces"] == list(SEARCH_PROVINCES)
            and page.total > 0
        )

    def select_first() -> Callable[[], bool]:
        page = window().inventory_page
        page.view.selectRow(0)  # Equivalents and Traceability apply to it
        return lambda: page.trace_button.isEnabled()

    def check() -> Callable[[], bool]:
        """The "Verify a certificate" button on the certificates page; the file is Jiangsu's PDF."""
        capture("inventory")
        w = window()
        w.show_page("certificates")
        QTimer.singleShot(0, w.certificates_page.verify_button.click)
        return lambda: dialog_of(VerifyDialog) is not None

    def checked() -> Callable[[], bool]:
        dialog = dialog_of(VerifyDialog)
        assert dialog is not None
        dialog.verify_file(root / "bundles" / CERTIFICATES)
        return lambda: bool(dialog.checks) and dialog.preview_button.isEnabled()

    def settings() -> Callable[[], bool]:
        capture("certificate-verify")
        dialog = dialog_of(VerifyDialog)
        assert dialog is not None
        dialog.reject()
        w = window()
        w.show_page("settings")
        return lambda: True

    def recycle_bin() -> Callable[[], bool]:
        """Two standards deleted, in the bin until the next export."""
        capture("settings")
        w = window()
        ids = [r["id"] for r in listing.list_records(w.reg, RecordQuery(kind="standards", own_only=True), limit=2)]
        records.delete_many(w.reg, "standard", ids)
        w.reload_records()
        w.show_page("standards")
        dialog = RecycleBinDialog(w.reg, w)
        dialog.move(320, 160)
        dialog.show()
        dialog.list.topLevelItem(0).setSelected(True)
        state["bin"] = dialog
        return lambda: dialog.isVisible()

    def finish() -> Callable[[], bool]:
        capture("recycle-bin")
        state.pop("bin").close()  # type: ignore[attr-defined]
        QTimer.singleShot(0, window().close)
        return lambda: True

    steps = [
        overview,
        reminders,
        charts,
        region_map,
        standards,
        editor,
        calendar,
        staff,
        verify,
        preview,
        sign,
        unlock,
        certificate_preview,
        search,
        select_first,
        check,
        checked,
        settings,
        recycle_bin,
        finish,
    ]

    def run(n: int) -> None:
        try:
            ready = steps[n]()
        except Exception:  # noqa: BLE001 - a failed step ends the run instead of leaving the app open
            traceback.print_exc()
            QApplication.exit(1)
            return
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
