"""Update and compile the app's Qt Linguist translations.

    python -m ui.i18n_build            # refresh the .ts files from ui/**/*.py, then compile
    python -m ui.i18n_build --release  # only compile .ts -> .qm
    python -m ui.i18n_build --check    # exit 1 if a zh_CN text is untranslated or a .qm is stale

The texts in the source are English; ``labregistry_zh_CN.ts`` holds the Chinese
translations (the primary language) and ``labregistry_en.ts`` only the English plural
forms. The tools are the ``lupdate`` / ``lrelease`` binaries that ship inside the
PySide6(-Essentials) wheel (also on PATH as ``pyside6-lupdate`` / ``pyside6-lrelease``).
The .ts sources are in ``resources/translations``; the compiled .qm files go to
``ui/resources/translations`` (package data: they ship in the wheel and in frozen
builds) and are committed, so running the app needs no Qt tools.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from ui import resources
from ui.i18n import CATALOGUE

UI_DIR = Path(__file__).resolve().parent
TS_DIR = UI_DIR.parent / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    """The path of ``lupdate`` or ``lrelease`` from the PySide6 wheel (or PATH)."""
    import PySide6

    exe = name + (".exe" if sys.platform == "win32" else "")
    bundled = Path(PySide6.__file__).resolve().parent / exe
    if bundled.exists():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise SystemExit(f"error: {name} not found (it ships with PySide6)")
    return found


def ts_file(language: str, folder: Path | None = None) -> Path:
    return (folder or TS_DIR) / f"{CATALOGUE}_{language}.ts"


def qm_file(language: str, folder: Path | None = None) -> Path:
    return (folder or resources.translations_dir()) / f"{CATALOGUE}_{language}.qm"


def sources() -> list[Path]:
    return sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def update(folder: Path | None = None) -> None:
    """Bring the .ts files in line with the texts in the source (translations are kept)."""
    files = [str(p) for p in sources()]
    for language in LANGUAGES:
        target = ts_file(language, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        args = [tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none"]
        args += ["-target-language", language]
        if language == "en":
            args.append("-pluralonly")  # the source is English: only plural forms need entries
        subprocess.run([*args, *files, "-ts", str(target)], check=True)


def release(folder: Path | None = None, out: Path | None = None) -> list[Path]:
    """Compile every .ts to .qm (into ``out``, default beside the .ts)."""
    made = []
    for language in LANGUAGES:
        source = ts_file(language, folder)
        if not source.exists():
            continue
        target = qm_file(language, out or folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True)
        made.append(target)
    return made


def unfinished(language: str = "zh_CN", folder: Path | None = None) -> list[str]:
    """Source texts without a finished translation in the .ts file."""
    tree = ET.parse(ts_file(language, folder))
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            empty = translation is None or not ("".join(translation.itertext())).strip()
            if (
                translation is None
                or translation.get("type") in {"unfinished", "vanished", "obsolete"}
                or empty
            ):
                missing.append(f"{name}: {message.findtext('source', '')}")
    return missing


def check() -> list[str]:
    """Problems: texts in the source missing from zh_CN, and .qm files not matching their .ts."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for language in LANGUAGES:
            if ts_file(language).exists():
                shutil.copy(ts_file(language), ts_file(language, work))
        update(work)
        problems += [f"untranslated (zh_CN) {m}" for m in unfinished("zh_CN", work)]
        built = work / "qm"
        release(None, built)
        for language in LANGUAGES:
            fresh, committed = qm_file(language, built), qm_file(language)
            if fresh.exists() and (not committed.exists() or fresh.read_bytes() != committed.read_bytes()):
                problems.append(f"{committed.name} is out of date: run python -m ui.i18n_build --release")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.i18n_build", description=__doc__.split("\n")[0])
    parser.add_argument("--release", action="store_true", help="only compile .ts -> .qm")
    parser.add_argument("--check", action="store_true", help="report untranslated texts and stale .qm files")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    if not args.release:
        update()
        for text in unfinished("zh_CN"):
            print(f"untranslated (zh_CN) {text}")
    for path in release():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
