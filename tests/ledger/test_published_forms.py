"""Ledgers with the exact headers of published forms import as the forms mean them (issue #23).

The builders (:mod:`tests.ledger.published_forms`) take their header words from public
copies of the forms, cited in docs/ledger-headers.md (sources Z and H); nobody here chose
them. Each ledger is imported through the service the CLI and the app use.
"""

from __future__ import annotations

from pathlib import Path

from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.ledger import published_forms as PF
from tests.ledger.conftest import query


def _mapped(run: svc.LedgerRun) -> dict[str, int]:
    return {key: choice.column for key, choice in run.check.mapping.fields.items()}


def test_the_jjf1033_application_imports_with_no_mapping(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """Its 计量标准器 table under the banner: 名称 is the instrument's, the columns the registry
    has no field for (检定周期或复校间隔, 末次检定或校准日期) are not read, nothing is refused."""
    run = svc.run_import(reg, PF.jjf1033_application(tmp_path / "申请书.xlsx"), "standards")
    assert run.check.missing_columns == [] and [i.render() for i in run.check.errors] == []
    assert run.outcome.added == 2
    mapped = _mapped(run)
    assert mapped["name"] == 1 and mapped["instruments.name"] == 8
    assert mapped["valid_until"] == 7 and mapped["instruments.serial_no"] == 12
    assert mapped["instruments.traced_to_name"] == 15
    assert not {13, 14} & set(mapped.values())
    assert all(c.confidence >= 0.8 for c in run.check.mapping.fields.values())  # nothing to "please check"
    standards = query(own_home, "SELECT certificate_no, name, valid_until, grade FROM standard ORDER BY certificate_no")
    assert standards == [(PF.JJF1033_CERTS[0], "精密压力表标准装置", "2027-05-19", "public"),
                         (PF.JJF1033_CERTS[1], "电子天平检定装置", "2025-08-31", "public")]
    instruments = query(own_home, "SELECT s.certificate_no, i.name, i.model, i.serial_no, i.traced_to_name "
                                  "FROM instrument i JOIN standard s ON s.id = i.standard_id ORDER BY i.name")
    assert (PF.JJF1033_CERTS[0], "活塞式压力计", "YS-600", "西安仪表厂 1187", "中国计量科学研究院 LSyl2023-0456") \
        in instruments
    assert len(instruments) == 3


def test_a_provinces_enterprise_standards_summary_is_read_and_what_it_lacks_is_named(
        reg: Registry, tmp_path: Path) -> None:
    """The summary has no code and no validity: the check names those two, nothing else; its
    columns are all read as the form means them (配套设备名称型号 is not taken for a model)."""
    run = svc.run_import(reg, PF.hubei_enterprise_standards(tmp_path / "汇总表.xlsx"), "standards",
                         sets=(("grade", "企事业最高计量标准"),), dry_run=True)
    assert run.check.missing_columns == ["code", "valid_until"]
    assert _mapped(run) == {"discipline": 2, "name": 3, "certificate_no": 4, "instruments.name": 5,
                            "range_text": 7, "accuracy_text": 8, "instruments.traced_to_name": 9}


def test_a_verifiers_table_imports_with_one_set(reg: Registry, own_home: Path, tmp_path: Path) -> None:
    """计量检定员证号, 可从事检定项目 and 签发日期 are read; 首次取证日期 is not the certificate's date."""
    run = svc.run_import(reg, PF.hubei_verifiers(tmp_path / "检定员.xlsx"), "staff",
                         sets=(("credentials.kind", "计量检定员证"),))
    assert [i.render() for i in run.check.errors] == [] and run.outcome.added == 3
    assert all(c.confidence >= 0.8 for c in run.check.mapping.fields.values())
    rows = query(own_home, "SELECT s.name, c.kind, c.certificate_no, c.issued_on, c.valid_until FROM staff s "
                           "JOIN credential c ON c.staff_id = s.id ORDER BY c.certificate_no")
    assert rows[0] == (PF.VERIFIER_NAMES[0], "verifier", "鄂计检字第20110345号", "2021-06-01", "2026-05-31")
    items = query(own_home, "SELECT name FROM credential_item ORDER BY name")
    assert ("玻璃液体温度计",) in items
