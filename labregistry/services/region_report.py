"""The coordinator's report of the region: its figures (the app page) and its files
(``region-report -o OUT.xlsx|OUT.pdf``).

The figures are counted in one read-only connection (:mod:`labregistry.regionreport.figures`
says what each one means); the files are written whole or not at all, never over the
registry's own files, the kind chosen by the name's suffix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from labregistry import i18n
from labregistry.errors import DomainError
from labregistry.outputs import check_target
from labregistry.regionreport import figures
from labregistry.regionreport.model import RegionReport
from labregistry.registry import Registry

if TYPE_CHECKING:
    from labregistry.certificates.fonts import FontSet

SUFFIXES = (".xlsx", ".pdf")


def build(reg: Registry, *, on: dt.date | None = None, since: dt.date = figures.SINCE,
          language: i18n.DocLanguage) -> RegionReport:
    """The report's sections counted on ``on`` (default today), in the report's ``language``."""
    period = figures.Period(on or dt.date.today(), since, language)
    with reg.engine.connect() as conn:
        sections = figures.build_sections(conn, period)
        institutes = figures.institute_count(conn)
    return RegionReport(title=i18n.tr("region_report.title", language), on=period.on, since=since, language=language,
                        generated_at=dt.datetime.now().replace(microsecond=0), institutes=institutes,
                        sections=sections)


def check_output(reg: Registry, out: str | Path) -> Path:
    """``out`` when the report may be written there: a .xlsx or .pdf name, not a registry file."""
    if Path(out).suffix.lower() not in SUFFIXES:
        raise DomainError("region_report.suffix", file=str(out))
    return check_target(reg.home, out)


def write(reg: Registry, out: str | Path, *, on: dt.date | None = None, language: i18n.DocLanguage) -> Path:
    """Count the figures and write them to ``out`` (.xlsx or .pdf); returns the path."""
    path = check_output(reg, out)
    report = build(reg, on=on, language=language)
    return write_report(reg, report, path)


def write_report(reg: Registry, report: RegionReport, out: str | Path) -> Path:
    """Write a report already counted (the app's export buttons) to ``out``."""
    path = check_output(reg, out)
    if path.suffix.lower() == ".xlsx":
        from labregistry.regionreport.xlsx import write_xlsx

        return write_xlsx(report, path)
    from labregistry.regionreport.pdf import write_pdf

    return write_pdf(report, path, _fonts(reg))


def _fonts(reg: Registry) -> FontSet:
    """The certificates' fonts (env LABREGISTRY_CJK_FONT, the setting, the system, the fallback),
    read as :func:`labregistry.services.certificates.certificate_fonts` reads them, without
    importing the certificates' signing and QR machinery (0.6 s of the command's start)."""
    from labregistry.certificates import fonts

    with reg.uow() as uow:
        configured = uow.settings.get(fonts.FONT_SETTING)
    return fonts.resolve_fonts(configured)
