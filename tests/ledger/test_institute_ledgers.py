"""Ledgers in different institutes' styles import with no mapping, or with one ``--set`` (issue #23).

The ledgers (:mod:`tests.ledger.institute_ledgers`) follow the forms institutes keep, not
this project's template; each is imported through the service the CLI and the app use,
and what lands in the registry is checked against the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from labregistry.registry import Registry
from labregistry.services import ledger as svc
from tests.ledger import institute_ledgers as IL
from tests.ledger.conftest import query

Builder = Callable[[Path], Path]


def _import(reg: Registry, path: Path, kind: str, sets: tuple[tuple[str, str], ...] = ()) -> svc.LedgerRun:
    run = svc.run_import(reg, path, kind, sets=sets)
    assert not run.check.missing_columns, run.check.missing_columns
    assert [i.line() for i in run.check.errors] == []
    assert not any(c.source == "user" for c in run.check.mapping.fields.values())  # no manual mapping
    assert run.outcome.written
    return run


def test_registered_metrologists_level_gives_the_credential_kind(reg: Registry, own_home: Path,
                                                                 tmp_path: Path) -> None:
    run = _import(reg, IL.registered_staff(tmp_path / "人员.xlsx"), "staff")
    assert run.outcome.added == 6
    rows = query(own_home, "SELECT s.name, c.kind FROM staff s JOIN credential c ON c.staff_id = s.id ORDER BY s.name")
    assert dict(rows) == dict(zip(IL.STAFF_NAMES, ["registered_1", "registered_2", "registered_2", "registered_1",
                                                   "registered_2", "registered_2"], strict=True))
    assert run.check.mapping.column_of("credentials.level") == 8


def test_a_credential_list_without_a_kind_asks_for_one_value(reg: Registry, tmp_path: Path) -> None:
    path = IL.verifier_staff(tmp_path / "检定员.xlsx")
    run = svc.run_import(reg, path, "staff")
    assert run.check.missing_columns == ["credentials.kind"] and not run.outcome.written
    error = svc.missing_columns_error(run.check.spec, run.check.missing_columns).render("zh")
    assert "--set credentials.kind=二级注册计量师" in error
    done = _import(reg, path, "staff", (("证书类别", "检定员证"),))
    assert done.outcome.added == 3


CASES: dict[str, tuple[Builder, str, tuple[tuple[str, str], ...]]] = {
    "district standards, no category (one --set)": (IL.district_standards, "standards",
                                                     (("grade", "社会公用计量标准"),)),
    "staff with 注册计量师级别": (IL.registered_staff, "staff", ()),
    "verifiers' certificates (one --set)": (IL.verifier_staff, "staff", (("credentials.kind", "计量检定员证"),)),
    "provincial authorisations": (IL.provincial_authorisations, "authorisations", ()),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_institutes_ledger_imports_with_no_mapping_or_one_set(reg: Registry, tmp_path: Path, case: str) -> None:
    build, kind, sets = CASES[case]
    path = build(tmp_path / f"{build.__name__}.xlsx")
    run = _import(reg, path, kind, sets)
    assert run.outcome.added == run.check.rows > 0
