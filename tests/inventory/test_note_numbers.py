"""The comparison note beside a found standard writes its numbers as a metrologist does.

A standard resistor's range (10⁻³~10⁶)Ω searched at 1 MΩ or at 1 mΩ gave
``在 1e+06 Ω 处为 ±2 Ω`` and ``±2e-09 Ω``; a class on a 60 MPa gauge judged at 1 kPa gave
``（3e+03%）``: Python's exponent notation, which no certificate or ledger uses. The note is the
same text in ``search`` (plain and ``--json``), its report and the app (``Note.render``).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.test_cli_registry import INIT

RESISTOR = [
    "add-standard", "--name", "标准电阻标准装置", "--code", "15119002", "--grade", "社会公用",
    "--certificate-no", "[2024]苏量标证字第1004号", "--valid-until", "2028-03-04",
    "--capability", "直流电阻 (10⁻³~10⁶)Ω Urel=2×10⁻⁶ (k=2)",
]
GAUGE = [
    "add-standard", "--name", "精密压力表标准装置", "--code", "12113100", "--grade", "社会公用",
    "--certificate-no", "[2021]苏量标证字第0101号", "--valid-until", "2028-03-04",
    "--range", "(0~60)MPa", "--accuracy", "0.05级",
]


def _notes(home: Path, *criteria: str) -> list[str]:
    found = run_cli("--home", str(home), "search", *criteria, "--json")
    assert found.code == 0, found.err
    return [row["accuracy_at_range"] for row in found.json()]


def test_the_note_writes_powers_of_ten_as_on_a_certificate(home: Path) -> None:
    for args in (INIT, RESISTOR, GAUGE):
        added = run_cli("--home", str(home), *args)
        assert added.code == 0, added.err

    [at_a_megohm] = _notes(home, "--unit", "Ω", "--min", "1000000", "--max-uncertainty", "5ppm")
    assert at_a_megohm == "按测量不确定度比较；在 1×10⁶ Ω 处为 ±2 Ω（0.0002%）"
    [at_a_milliohm] = _notes(home, "--unit", "Ω", "--min", "0.001", "--max-uncertainty", "5ppm")
    assert at_a_milliohm == "按测量不确定度比较；在 0.001 Ω 处为 ±2×10⁻⁹ Ω（0.0002%）"
    [at_a_kilopascal] = _notes(home, "--unit", "MPa", "--min", "0.001", "--max", "0.002", "--max-uncertainty",
                               "0.1MPa")
    assert at_a_kilopascal == "按准确度等级比较（0.05级 = 量程的 0.05%）；在 0.001 MPa 处为 ±0.03 MPa（3000%）"

    plain = run_cli("--home", str(home), "search", "--unit", "Ω", "--min", "0.001", "--max-uncertainty", "5ppm")
    assert plain.code == 0 and "±2×10⁻⁹ Ω" in plain.out and "e-0" not in plain.out, plain.out
