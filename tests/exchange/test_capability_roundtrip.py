"""Issue 18's round trip: a standard with two parameters, recorded at A, found row by row at B.

Every step with the rows is a real ``labregistry`` process: ``add-standard --capability``
twice at A, ``export``, ``import`` at B, ``list standards --json`` and one ``search`` per row
at B, and A's ``certificate``. In process: the two homes and B's trust in A's key (set up as
in the other exchange tests), and giving the standard a main instrument and a service, which
the CLI does not record (the editor does) and a certificate needs.
"""

from __future__ import annotations

import json
from pathlib import Path

from labregistry.domain.capabilities import parse_capability
from labregistry.domain.records import InstrumentInput, ServiceInput, StandardInput
from labregistry.services import records
from tests.certificates.helpers import pdf_text
from tests.exchange.sites import Site, make_site, ok

DC = "直流电压 (0~1000)V U=0.002%,k=2"
AC = "交流电压 1kHz (1~1020)V Urel=1×10⁻⁴ (k=2)"
CERT = "[2024]沪量标证字第0777号"
STANDARD = ["--name", "多功能校准器标准装置", "--code", "15113100", "--grade", "社会公用", "--certificate-no", CERT,
            "--valid-until", "2028-05-30"]


def _equip(a: Site, standard_id: int) -> None:
    """A main instrument and a service, keeping the two rows (what the editor would save)."""
    rows = [parse_capability(DC), parse_capability(AC)]
    assert records.update(a.reg, "standard", standard_id, StandardInput(
        name="多功能校准器标准装置", code="15113100", grade="社会公用", certificate_no=CERT,
        valid_until="2028-05-30", range_text=rows[0].range_text, accuracy_text=rows[0].accuracy_text,
        capabilities=rows, services=[ServiceInput("数字多用表校准", "JJF 1587-2016", "calibration")],
        instruments=[InstrumentInput("多功能校准器", model="Fluke 5522A", serial_no="5522-0042",
                                     traced_to_name="中国计量科学研究院", calibration_due="2027-06-30")]))


def test_two_parameters_travel_from_a_to_b_and_print_at_a(tmp_path: Path) -> None:
    a, b = make_site(tmp_path, "A"), make_site(tmp_path, "B")
    b.trust(a, tmp_path)
    added = ok(a, "add-standard", *STANDARD, "--capability", DC, "--capability", AC, "--json")
    _equip(a, int(json.loads(added)["id"]))
    ok(a, "export", str(tmp_path / "a.xlsx"))
    ok(b, "import", str(tmp_path / "a.xlsx"), "--yes")

    [standard] = json.loads(ok(b, "list", "standards", "--region", "--json"))
    assert [(c["parameter"], c["range_text"], c["range_min"], c["range_max"], c["unit"], c["accuracy"])
            for c in standard["capabilities"]] == [
        ("直流电压", "(0~1000)V", 0.0, 1000.0, "V", "U=0.002%,k=2"),
        ("交流电压 1kHz", "(1~1020)V", 1.0, 1020.0, "V", "Urel=1×10⁻⁴ (k=2)")]

    # each row answers its own search: 0-1000 V at 0.005 % only DC; 1010-1020 V only AC reaches
    for args, parameter in ((["--min", "0", "--max", "1000", "--max-uncertainty", "0.005%"], "直流电压"),
                            (["--min", "1010", "--max", "1020"], "交流电压 1kHz")):
        found = json.loads(ok(b, "search", "--quantity", "电压", "--unit", "V", *args, "--json"))
        assert [(r["certificate_no"], r["capability"]["parameter"]) for r in found] == [(CERT, parameter)], args

    ok(a, "certificate", "--standard", CERT, "-o", str(tmp_path / "c.pdf"))
    text = "".join("".join(page.split()) for page in pdf_text(tmp_path / "c.pdf"))
    for row in (DC, AC):  # parameter, range and accuracy as recorded, the exponent intact
        assert all(part in text for part in row.split()), row
