"""The catalogues shipped with the app: every row sourced, and what they flag."""

from __future__ import annotations

import datetime as dt

import pytest

from labregistry.domain import catalogue as cat
from labregistry.domain.codes import parse_procedure

pytestmark = pytest.mark.engine_independent


def test_every_shipped_row_names_its_source_and_a_superseded_one_its_replacement() -> None:
    procedures, codes = cat.shipped_procedures(), cat.shipped_codes()
    assert len(procedures) >= 50 and len(codes) >= 19
    assert all(p.source for p in procedures) and all(c.source for c in codes)
    numbers = {p.number for p in procedures}
    for p in procedures:
        assert parse_procedure(p.number).text == p.number
        if p.status == cat.SUPERSEDED:
            assert p.replaced_by in numbers, p


def test_a_superseded_edition_is_flagged_with_its_replacement_and_an_unlisted_older_one_too() -> None:
    c = cat.build()
    flag = c.procedure_flag(parse_procedure("JJG 270-1995"))
    assert flag == cat.ProcedureFlag("JJG 270-1995", cat.SUPERSEDED, "JJG 270-2008", dt.date(2008, 9, 25))
    assert "JJG 270-2008" in flag.issue("procedure", "JJG 270-1995").message("zh")
    assert c.procedure_flag(parse_procedure("JJG 270-2008")) is None  # in force
    older = c.procedure_flag(parse_procedure("JJG 270-2001"))  # not listed, older than the one in force
    assert older is not None and older.replaced_by == "JJG 270-2008"
    assert c.procedure_flag(parse_procedure("JJG 52-2013")) is None  # not in the catalogue: not judged


def test_an_update_wins_over_the_shipped_row_and_a_later_edition_supersedes_it() -> None:
    newer = cat.ProcedureEntry("JJG 270-2030", "血压计和血压表检定规程", cat.IN_FORCE, None, dt.date(2030, 6, 1))
    withdrawn = cat.ProcedureEntry("JJF 1213-2008", "肺功能仪校准规范", cat.WITHDRAWN, None, dt.date(2030, 1, 1))
    c = cat.build(procedure_updates=[newer, withdrawn])
    old = c.procedures["JJG 270-2008"]
    assert (old.status, old.replaced_by, old.derived) == (cat.SUPERSEDED, "JJG 270-2030", True)
    updated = c.procedures["JJF 1213-2008"]
    assert updated.origin == cat.UPDATE and updated.shipped is not None and updated.shipped.status == cat.IN_FORCE
    assert c.procedure_flag(parse_procedure("JJF 1213-2008")).status == cat.WITHDRAWN  # type: ignore[union-attr]


def test_a_code_not_listed_is_warned_with_the_nearest_level_where_the_catalogue_knows_the_discipline() -> None:
    c = cat.build(code_updates=[cat.CodeEntry("12110000", "压力"), cat.CodeEntry("12113100", "活塞式压力计标准装置")])
    assert c.code_issue("12113100") is None
    issue = c.code_issue("12113200")
    assert issue is not None and issue.warning and issue.params["near_code"] == "12110000"
    assert "压力" in issue.message("zh")
    assert c.code_issue("12119001") is None  # a temporary code below a catch-all: not in any catalogue by design
    assert c.code_issue("15113100") is None  # the catalogue lists no breakdown of 15 电磁学: it cannot judge
    assert [e.code for e in c.item_codes("12")] == ["12113100"]


def test_the_shipped_codes_alone_warn_about_no_code() -> None:
    # 01219000 is the one shipped code below a discipline: an example, not the discipline's table
    assert cat.build().code_issue("01213200") is None


def test_a_superseded_edition_names_the_edition_in_force_at_the_end_of_its_chain() -> None:
    """JJG 900-1995 replaced by JJG 900-2005, itself replaced by JJG 900-2020: a service still
    citing 1995 must be told to work to 2020 (it was told 2005, no longer in force either); a
    chain ending in a withdrawn edition leaves no edition to work to."""
    entries = [cat.ProcedureEntry("JJG 900-1995", "示例", cat.SUPERSEDED, "JJG 900-2005", dt.date(2006, 1, 1)),
               cat.ProcedureEntry("JJG 900-2005", "示例", cat.SUPERSEDED, "JJG 900-2020", dt.date(2021, 1, 1)),
               cat.ProcedureEntry("JJG 900-2020", "示例", cat.IN_FORCE),
               cat.ProcedureEntry("JJF 9001-2001", "示例", cat.SUPERSEDED, "JJF 9001-2011", dt.date(2012, 1, 1)),
               cat.ProcedureEntry("JJF 9001-2011", "示例", cat.WITHDRAWN, None, dt.date(2019, 1, 1))]
    c = cat.build(procedure_updates=entries)
    flag = c.procedure_flag(parse_procedure("JJG 900-1995"))
    assert flag is not None and (flag.status, flag.replaced_by, flag.date) == (cat.SUPERSEDED, "JJG 900-2020",
                                                                               dt.date(2006, 1, 1))
    assert "JJG 900-2020" in flag.issue("procedure", "JJG 900-1995").message("zh")
    ended = c.procedure_flag(parse_procedure("JJF 9001-2001"))
    assert ended is not None and (ended.status, ended.replaced_by) == (cat.WITHDRAWN, None)
