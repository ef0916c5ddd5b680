"""Writes the format-4 fixture of this folder (run once, at the commit its README names).

    .venv/bin/python tests/exchange/data/bundle-v4/make_fixture.py

Kept so that the steps are exact; running it again with a later program writes that
program's format, not version 4, and new keys (the README's fingerprint would change).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from labregistry.demo import populate_demo  # noqa: E402
from labregistry.domain.capabilities import parse_capability  # noqa: E402
from labregistry.domain.records import InstituteInput, StandardInput  # noqa: E402
from labregistry.registry import open_registry  # noqa: E402
from labregistry.services import comparisons, exchange, records, setup  # noqa: E402

from tests.interlab.tables import write_table  # noqa: E402

HERE = Path(__file__).resolve().parent
PASSPHRASE = "correct horse 电池 staple"  # tests/conftest.py
ISSUED = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.timezone.utc)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="bundle-v4-"))
    reg = open_registry(home, f"sqlite:///{home / 'labregistry.db'}", logging=False)
    setup.init_registry(reg, InstituteInput(name="上海市计量测试技术研究院", uscc="12310000425011296P",
                                            province="上海", city="上海"), PASSPHRASE, operator="fixture")
    populate_demo(reg, standards=2, seed=7, today=ISSUED.date())
    dc, ac = (parse_capability(t) for t in ("直流电压 (0~1000)V U=0.002%,k=2",
                                            "交流电压 1kHz (0~750)V U=0.01%,k=2"))
    records.create_standard(reg, StandardInput(
        name="多功能校准器标准装置", code="15113100", grade="社会公用计量标准",
        certificate_no="[2024]沪量标证字第0900号", valid_until="2029-05-30",
        range_text=dc.range_text, accuracy_text=dc.accuracy_text, capabilities=[dc, ac],
    ), source="fixture")
    comparisons.import_results_table(reg, write_table(home / "CSJ-DCV-2026-01.xlsx"))
    exchange.export_public_card(reg, HERE / "A.card")
    exchange.export_bundle(reg, HERE / "A-v4-seq1.xlsx", PASSPHRASE, valid_days=3650, now=ISSUED)
    print("fingerprint", exchange.key_summary(reg)["fingerprint"], "key", exchange.key_summary(reg)["key_id"])
    print("home", home)


if __name__ == "__main__":
    main()
