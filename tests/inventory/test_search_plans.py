"""Whichever index drives a search on SQLite, and whichever way its page and total are read,
a user gets the same ranked matches and the same count.

The planner (labregistry.inventory.planner) picks an index from rough counts; the page and
the total come from one materialised pass, the full list from a plain ranked query. Here
every driver is forced in turn over the hand-made region, and every answer is compared
with the full ranking of the table scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from labregistry.inventory import planner
from labregistry.inventory import search as search_module
from labregistry.inventory.criteria import build_criteria
from labregistry.services import inventory
from tests.inventory.region import ON, USCC, Region

DRIVERS = ("scan", "text", "quantity", "institute", "code", "capability")

CRITERIA: list[dict[str, Any]] = [
    {"text": "装置"},
    {"text": "压力", "valid_on": ON},
    {"text": "压力 标准", "provinces": "江苏,浙江"},
    {"quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa"},
    {"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%"},
    {"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%", "comparable_only": True},
    {"quantity": "温度", "low": 20, "high": 300, "unit": "℃", "max_uncertainty": "0.05℃", "provinces": "上海,安徽"},
    {"code": "12"},
    {"code": "1211", "provinces": "上海", "valid_on": ON},
    {"discipline": "热学", "grade": "public"},
    {"provinces": "浙江"},
    {"institute_uscc": USCC["B"], "text": "压力"},
    {"text": "压力", "quantity": "压力", "low": 0, "high": 1, "unit": "MPa", "max_uncertainty": "0.1%"},
    {"quantity": "压力", "low": 500, "unit": "kPa", "provinces": "江苏,浙江"},
    {"text": "上海"},  # names an institute: its records match too
    {},
]


def _answers(region: Region, kw: dict[str, Any]) -> tuple[list[int], list[Any]]:
    criteria = build_criteria(**kw, today=ON)
    every = inventory.search_ids(region.home, criteria)
    pages = []
    for offset, limit in ((0, 2), (1, 3), (len(every), 2), (len(every) + 5, 2)):
        page = inventory.search(region.home, criteria, offset=offset, limit=limit)
        pages.append(([r["id"] for r in page.rows], page.total, page.not_comparable))
        assert [r["id"] for r in page.rows] == every[offset:offset + limit]
        assert page.total == len(every)
        assert inventory.search_ids(region.home, criteria, offset, limit) == every[offset:offset + limit]  # the app's
    whole = inventory.search(region.home, criteria, limit=None)
    assert [r["id"] for r in whole.rows] == every
    pages.append((whole.total, whole.not_comparable, inventory.count(region.home, criteria)))
    return every, pages


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kw", CRITERIA, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()) or "all")
def test_every_driver_gives_the_same_ranked_matches_and_total(sqlite_region: Region, kw: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner, "choose", lambda *a, **k: "scan")
    # the full ranking: every capability row grouped, none narrowed to the other filters' standards first
    monkeypatch.setattr(search_module, "_few_standards", lambda *a, **k: None)
    expected = _answers(sqlite_region, kw)
    monkeypatch.undo()
    for driver in DRIVERS:
        monkeypatch.setattr(planner, "choose", lambda *a, _d=driver, **k: _d)
        assert _answers(sqlite_region, kw) == expected, driver
    monkeypatch.undo()
    assert _answers(sqlite_region, kw) == expected


AUTHORISED: list[dict[str, Any]] = [
    {"kind": "authorisations", "text": "出租汽车计价器", "provinces": "江苏", "valid_on": ON},
    {"kind": "authorisations", "text": "出租汽车计价器", "provinces": "江苏,浙江"},
    {"kind": "authorisations", "text": "压力表 JJG", "provinces": "江苏"},
    {"kind": "authorisations", "text": "计价器", "institute_uscc": USCC["C"]},
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kw", AUTHORISED, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_authorised_items_are_the_same_whichever_side_drives(sqlite_region: Region, kw: dict[str, Any],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Text and an institute filter: the institutes' authorisations drive when few, the text's
    matches when many; either way the same ranked items and total."""
    answers = []
    for few in (0, 10**9):  # never few (the text drives), always few (the institutes drive)
        monkeypatch.setattr(search_module, "FEW_AUTHORISATIONS", few)
        answers.append(_answers(sqlite_region, kw))
    assert answers[0] == answers[1] and answers[0][0]


@pytest.mark.sqlite_only
def test_a_capability_search_looks_its_matches_up_in_the_narrow_validity_index(sqlite_region: Region) -> None:
    """Revision 0013's index is what a quantity / accuracy search reads the matches' validity
    from (a third of the pages of the wide rank index), and the capability rows are grouped
    per standard (twice: a standard's figures, then its best one, the row that ranks it), both
    counts taken in one pass."""
    criteria = build_criteria(quantity="压力", low=0, high=60, unit="MPa", max_uncertainty="0.05%", today=ON)
    with sqlite_region.home.engine.connect() as conn:
        stmt = search_module._materialised_page(search_module._plan(conn, criteria))
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = [str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert any("USING COVERING INDEX ix_inv_standard_validity (id=?)" in step for step in plan), plan
    assert sum("GROUP BY" in step for step in plan) == 2 and sum("SCAN matches" in step for step in plan) == 2, plan


def _without(monkeypatch: pytest.MonkeyPatch, shortcut: str | tuple[str, ...], region: Region,
             kw: dict[str, Any]) -> Any:
    """The answers of the full ranking: ``shortcut`` (a function of search_module that reads a
    page another way, or None; or several) made to decline."""
    for name in (shortcut,) if isinstance(shortcut, str) else shortcut:
        monkeypatch.setattr(search_module, name, lambda *a, **k: None)
    expected = _answers(region, kw)
    monkeypatch.undo()
    return expected


def _watched(monkeypatch: pytest.MonkeyPatch, shortcut: str) -> list[bool]:
    """Whether ``shortcut`` read each page it was asked for (True) or declined (False), in order."""
    read = getattr(search_module, shortcut)
    decided: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        decided.append(found is not None)
        return found

    monkeypatch.setattr(search_module, shortcut, watched)
    return decided


#: Capability searches with no other filter of the standards.
BY_ROWS_ALONE: list[dict[str, Any]] = [
    {"quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa"},
    {"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%"},
    {"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%", "comparable_only": True},
    {"text": "压力", "quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa"},
    {"text": "装置", "quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%"},
    {"quantity": "温度"},
    {"quantity": "温度", "low": 20, "high": 300, "unit": "℃", "max_uncertainty": "0.05℃"},
]

#: The shortcuts a capability search on a date and free text may take: declined, the general plan.
ROWS_SHORTCUTS = ("_rows_page", "_rows_count", "_pg_capability_matches")

#: Capability searches whose other filters are a date, a place and free text: on PostgreSQL their
#: matches, ranking keys and counts come from the capability rows' summary (revision 0016,
#: ``search._pg_capability_matches``; in a place since revision 0018, each row holding its
#: standard's institute); with a code, a grade or recognition, not.
BY_SUMMARY: list[tuple[dict[str, Any], bool]] = [
    *((kw, True) for kw in BY_ROWS_ALONE),
    ({"quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa", "valid_on": ON}, True),
    ({"quantity": "温度", "valid_on": ON}, True),
    ({"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%", "valid_on": ON}, True),
    ({"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%", "comparable_only": True,
      "valid_on": "2020-01-01"}, True),
    ({"text": "压力", "quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa", "valid_on": ON}, True),
    ({"text": "压力 标准", "quantity": "压力", "valid_on": ON}, True),
    ({"quantity": "压力", "low": 500, "unit": "kPa", "valid_on": ON}, True),
    ({"quantity": "压力", "low": 0.5, "high": 60, "unit": "MPa", "valid_on": ON, "provinces": "江苏,浙江"}, True),
    ({"quantity": "压力", "low": 500, "unit": "kPa", "provinces": "江苏,浙江"}, True),
    ({"quantity": "温度", "low": 20, "high": 300, "unit": "℃", "max_uncertainty": "0.05℃", "provinces": "上海,安徽"},
     True),
    ({"quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "max_uncertainty": "0.05%", "cities": "南京,上海"}, True),
    ({"quantity": "压力", "institute_uscc": USCC["B"], "valid_on": ON}, True),
    ({"quantity": "压力", "own_only": True}, True),
    ({"text": "压力", "quantity": "压力", "low": 0, "high": 60, "unit": "MPa", "provinces": "江苏,上海"}, True),
    ({"quantity": "压力", "code": "12"}, False),
    ({"quantity": "温度", "grade": "public", "valid_on": ON}, False),
    ({"text": "上海", "quantity": "温度"}, False),  # the text names an institute: its standards match too
]


@pytest.mark.parametrize(("kw", "summarised"), BY_SUMMARY, ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items())
                         if isinstance(x, dict) else str(x))
def test_a_capability_search_read_from_the_summary_is_the_full_rankings(
        region: Region, kw: dict[str, Any], summarised: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page, the whole list and both counts from the summary are those of the capability
    rows grouped and joined to the standards (the summary's path declined)."""
    expected = _without(monkeypatch, ROWS_SHORTCUTS, region, kw)
    decided = _watched(monkeypatch, "_pg_capability_matches")
    assert _answers(region, kw) == expected
    assert expected[0]  # the search finds something
    pg = region.home.engine.dialect.name == "postgresql"
    assert decided and all(d == (summarised and pg) for d in decided)


#: The filters of a place (the standards' institutes).
PLACES = {"provinces", "cities", "institute_uscc", "own_only"}


@pytest.mark.parametrize("per_standard", [1, 2])
@pytest.mark.parametrize(("kw", "alone"), BY_SUMMARY, ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items())
                         if isinstance(x, dict) else str(x))
def test_a_capability_page_read_from_the_rows_is_the_full_rankings(
        region: Region, kw: dict[str, Any], alone: bool, per_standard: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pages read from the summary's rows (a bounded sort of the rows, their distinct
    standards taken in order, ``search._rows_page``; one row a standard at first, then twice as
    many, or two) and their counts are those of the capability rows grouped per standard and
    joined to the standards (every shortcut declined), on both databases."""
    expected = _without(monkeypatch, ROWS_SHORTCUTS, region, kw)
    monkeypatch.setattr(search_module, "ROWS_PER_STANDARD", per_standard)
    decided = _watched(monkeypatch, "_rows_page")
    assert _answers(region, kw) == expected
    assert expected[0]  # the search finds something
    # in a place the page is not read from the rows (SQLite's summary holds no institute; PostgreSQL's
    # does, revision 0018, and reads a place grouped: ``search._pg_capability_matches``)
    alone = alone and not PLACES.intersection(kw)
    if "text" not in kw:  # with text: on SQLite a rare one's own index may drive (the general plan), on
        # PostgreSQL one broader than the rows is joined to the groups (``search._pg_text_first``)
        # the four pages of _answers read so, with their total and without (never the whole list)
        assert decided.count(True) == 8 * alone and decided.count(False) >= 2


@pytest.mark.parametrize("kw", [kw for kw in BY_ROWS_ALONE if "text" not in kw],
                         ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_a_capability_page_and_its_total_read_the_rows_once(
        region: Region, kw: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The first page of a capability search read from the summary's rows and its counts come
    from one pass over those rows (``search._rows_page`` counted), on both databases: PostgreSQL
    read them twice, once for the page and once for the counts (``search._rows_count``), and the
    index scan of the rows was most of each (pressure 0~60 MPa, U <= 0.05 % on a date at
    1,000,000 standards: 2 x 12,487 buffers). Same page, same counts as the full ranking."""
    expected = _without(monkeypatch, ROWS_SHORTCUTS, region, kw)
    criteria = build_criteria(**kw, today=ON)
    reads: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "inv_cap_row" in statement:
            reads.append(statement)

    event.listen(region.home.engine, "before_cursor_execute", record)
    try:
        page = inventory.search(region.home, criteria, limit=2)
    finally:
        event.remove(region.home.engine, "before_cursor_execute", record)
    assert len(reads) == 1, reads
    assert page.total == len(expected[0]) > 2
    assert ([r["id"] for r in page.rows], page.total, page.not_comparable) == expected[1][0]


@pytest.mark.parametrize("text_first", [True, False])
@pytest.mark.parametrize("kw", [kw for kw, summarised in BY_SUMMARY if summarised and "text" in kw],
                         ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_the_text_joined_before_or_after_the_grouping_gives_the_full_rankings(
        region: Region, kw: dict[str, Any], text_first: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary joins the text's ids to the capability rows before grouping them, or to the
    groups, as the planner's estimates say (``search._pg_text_first``): either way, on a date or
    not, the pages, the whole list and both counts are the full ranking's."""
    if region.home.engine.dialect.name != "postgresql":
        pytest.skip("the summary is PostgreSQL's")
    expected = _without(monkeypatch, ROWS_SHORTCUTS, region, kw)
    monkeypatch.setattr(search_module, "_pg_text_first", lambda *a: text_first)
    decided = _watched(monkeypatch, "_pg_capability_matches")
    assert _answers(region, kw) == expected
    assert decided and all(decided)


def test_a_text_with_like_and_quote_characters_is_estimated_and_searched(region: Region) -> None:
    """The estimates' ``EXPLAIN`` (``search._pg_text_first``) is sent with the search's own
    parameters: a term with ``%``, ``_``, a quote and a backslash is searched, not an error."""
    for kw in ({"text": "50%_'\\x", "quantity": "压力"}, {"text": "0.05%", "quantity": "压力", "valid_on": ON}):
        criteria = build_criteria(**kw, today=ON)
        page = inventory.search(region.home, criteria, limit=5)
        assert (page.rows, page.total) == ([], 0)
        assert inventory.count(region.home, criteria) == (0, None)


PARALLEL = ("parallel_setup_cost = 0", "parallel_tuple_cost = 0", "min_parallel_table_scan_size = 0",
            "min_parallel_index_scan_size = 0", "max_parallel_workers_per_gather = 2", "enable_bitmapscan = off",
            "enable_indexscan = off", "enable_indexonlyscan = off")
"""A server's default may plan the estimates' union in parallel (docs/regional-server.md turns it off)."""


def test_the_estimates_read_a_parallel_plan(region: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 9: the estimates were read from the plan's top node as if it were the union's
    Append; a server that plans it in parallel (``Gather`` over ``Parallel Append``, PostgreSQL's
    default settings) made every text-and-quantity search fail with "min() arg is an empty
    sequence". The same answers, however the server plans it."""
    if region.home.engine.dialect.name != "postgresql":
        pytest.skip("the summary is PostgreSQL's")
    kw = {"text": "压", "quantity": "压力"}  # one character: the documents read in full, in parallel
    expected = _answers(region, kw)
    original = search_module._pg_text_first
    plans: list[str] = []

    def in_parallel(conn: Any, cr: Any, id_sets: Any, institutes: Any = None) -> bool:
        for setting in PARALLEL:
            conn.exec_driver_sql("SET " + setting)
        try:
            rows = select_union_plan(conn, cr, id_sets)
            plans.append(rows)
            return original(conn, cr, id_sets, institutes)
        finally:
            for setting in PARALLEL:
                conn.exec_driver_sql("RESET " + setting.split(" = ")[0])

    def select_union_plan(conn: Any, cr: Any, id_sets: Any) -> str:
        from sqlalchemy import select, union_all

        rows = select(search_module.CR.c.standard_id).where(*search_module._pg_summary_conds(cr))
        stmt = union_all(*(select(list(ids.subquery().c)[0]) for _c, ids in id_sets), rows)
        compiled = stmt.compile(conn)
        plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar_one()
        return str(plan[0]["Plan"]["Node Type"])

    monkeypatch.setattr(search_module, "_pg_text_first", in_parallel)
    assert _answers(region, kw) == expected
    assert plans and "Gather" in plans  # the case the test is for: planned in parallel


#: Free text in a few institutes: on PostgreSQL the terms are looked for in their standards alone
#: (``search._few_institute_standards``), each row checked with ILIKE.
TEXT_IN_INSTITUTES: list[dict[str, Any]] = [
    {"text": "压力", "provinces": "江苏"},
    {"text": "压力 标准", "provinces": "江苏,浙江"},
    {"text": "压力", "provinces": "江苏,浙江", "valid_on": ON},
    {"text": "MPA", "provinces": "江苏,上海"},  # another case than the records': ILIKE as the index
    {"text": "压力", "institute_uscc": USCC["B"]},
]


#: People in a few institutes: on PostgreSQL a term is looked for in their people's and credentials'
#: rows alone (``search._few_institute_staff``), each checked with ILIKE.
STAFF_IN_INSTITUTES: list[dict[str, Any]] = [
    {"kind": "staff", "text": "压力", "provinces": "江苏,浙江"},
    {"kind": "staff", "text": "压力", "credentials": "registered", "provinces": "浙江,安徽", "valid_on": ON},
    {"kind": "staff", "text": "力学室", "provinces": "江苏,安徽"},  # the person's department
    {"kind": "staff", "text": "jl2", "provinces": "江苏,安徽"},  # another case than the certificates': ILIKE
    {"kind": "staff", "text": "压力 数字", "institute_uscc": USCC["B"]},
    {"kind": "staff", "text": "浙江", "provinces": "浙江"},  # names an institute: its people match too
]


@pytest.mark.parametrize(("shortcut", "kw"), [
    *(("_few_institute_standards", kw) for kw in TEXT_IN_INSTITUTES),
    *(("_few_institute_staff", kw) for kw in STAFF_IN_INSTITUTES),
], ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else x)
def test_text_in_a_few_institutes_read_for_their_records_alone_is_the_full_rankings(
        region: Region, shortcut: str, kw: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Standards or people: the pages, the whole list and the count are those of the text's
    matches in the whole region, narrowed to the institutes afterwards (the shortcut declined)."""
    expected = _without(monkeypatch, shortcut, region, kw)
    decided = _watched(monkeypatch, shortcut)
    assert _answers(region, kw) == expected
    assert expected[0]  # the search finds something
    assert decided and all(d == (region.home.engine.dialect.name == "postgresql") for d in decided)


#: Authorised items by free text: on PostgreSQL the text's items are read with their authorisation's
#: id and joined to it (``search._pg_authorised_by_text``); with a quantity, or a term naming an
#: institute, not.
AUTHORISED_BY_TEXT: list[tuple[dict[str, Any], bool]] = [
    ({"kind": "authorisations", "text": "出租汽车计价器"}, True),
    ({"kind": "authorisations", "text": "出租汽车计价器", "valid_on": ON}, True),
    ({"kind": "authorisations", "text": "计价器", "valid_on": "2024-06-01", "provinces": "江苏,浙江"}, True),
    ({"kind": "authorisations", "text": "压力表 JJG"}, True),  # two terms
    ({"kind": "authorisations", "text": "jjg 52"}, True),  # another case than the procedures'
    ({"kind": "authorisations", "text": "法计"}, True),  # the authorisation's certificate: all its items
    ({"kind": "authorisations", "text": "计价器", "form": "legal_verification", "institute_uscc": USCC["C"]}, True),
    ({"kind": "authorisations", "text": "压力", "quantity": "压力", "low": 0, "high": 60, "unit": "MPa"}, False),
    ({"kind": "authorisations", "text": "江苏"}, False),  # names an institute: its items match too
]


@pytest.mark.parametrize(("kw", "joined"), AUTHORISED_BY_TEXT,
                         ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else str(x))
def test_authorised_items_read_with_their_authorisation_are_the_full_rankings(
        region: Region, kw: dict[str, Any], joined: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _without(monkeypatch, "_pg_authorised_by_text", region, kw)
    decided = _watched(monkeypatch, "_pg_authorised_by_text")
    assert _answers(region, kw) == expected
    assert expected[0]  # the search finds something
    assert decided and all(d == (joined and region.home.engine.dialect.name == "postgresql") for d in decided)


#: Free text, on a date or not: on PostgreSQL its matches, ranking and count come from the
#: standards' documents with their validity (revision 0017, ``search._pg_dated_text``), in a place
#: too (revision 0018: with their institute); with a capability, a code, a grade, recognition or
#: a term that names an institute, not.
TEXT_ON_A_DATE: list[tuple[dict[str, Any], bool]] = [
    ({"text": "装置"}, True),
    ({"text": "压力"}, True),
    ({"text": "标准"}, True),
    ({"text": "压力 标准"}, True),
    ({"text": "装置", "valid_on": ON}, True),
    ({"text": "压力", "valid_on": "2023-06-01"}, True),  # valid then, not all of them today (ON)
    ({"text": "装置", "valid_on": "2026-06-01"}, True),  # the suspended one never valid
    ({"text": "压力 标准", "valid_on": "2024-03-01"}, True),
    ({"text": "压力", "valid_on": ON, "provinces": "江苏,浙江"}, True),
    ({"text": "压力", "provinces": "江苏,浙江"}, True),
    ({"text": "压力", "cities": "上海"}, True),
    ({"text": "压力", "institute_uscc": USCC["B"], "valid_on": ON}, True),
    ({"text": "压力", "own_only": True}, True),
    ({"text": "压力 标准", "provinces": "江苏,上海", "valid_on": "2024-03-01"}, True),
    ({"text": "压力", "provinces": "江苏,浙江", "code": "12"}, False),
    ({"text": "压力", "quantity": "压力", "valid_on": ON}, False),
    ({"text": "上海", "valid_on": ON}, False),  # names an institute: its standards match too
]


def _few(monkeypatch: pytest.MonkeyPatch, few: int | None) -> None:
    """A place's standards read alone for the text when at most ``few`` (None: the bounds as
    they are; the region's places are small), in the general plan and in the documents' path."""
    if few is not None:
        monkeypatch.setattr(search_module, "FEW_STANDARDS", few)
        monkeypatch.setattr(search_module, "FEW_PLACE_DOCUMENTS", few)


@pytest.mark.parametrize("few", [None, 0])
@pytest.mark.parametrize(("kw", "from_documents"), TEXT_ON_A_DATE,
                         ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else str(x))
def test_text_on_a_date_read_from_the_documents_is_the_full_rankings(
        region: Region, kw: dict[str, Any], from_documents: bool, few: int | None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page, the whole list and the count read from the documents' validity (and, in a
    place, their institute) are those of the text's ids looked up in the standards (the
    documents' path declined); a place's standards read alone when few (the region's always are)
    or the text's documents filtered by their institute (``few`` 0: never few)."""
    _few(monkeypatch, few)
    expected = _without(monkeypatch, "_pg_dated_text", region, kw)
    _few(monkeypatch, few)  # _without undid it
    decided = _watched(monkeypatch, "_pg_dated_text")
    assert _answers(region, kw) == expected
    assert len(expected[0]) >= 2  # the search finds more than one
    pg = region.home.engine.dialect.name == "postgresql"
    assert all(d == (from_documents and pg) for d in decided)
    assert decided or not (pg and from_documents)  # SQLite reads free text from its own index (_text_only_ids)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def recognising(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    """A (上海) with B's and C's records imported and two decisions of its own: B's mechanics (12)
    and C's 活塞式压力计 by its certificate."""
    from labregistry.services import decisions, exchange
    from tests.conftest import BACKEND, PASSPHRASE
    from tests.inventory.region import fill, open_site, records_a, records_b, records_c, trust_and_import

    if request.param == "sqlite" and BACKEND == "postgres":
        pytest.skip("the SQLite case runs in the SQLite pass")
    tmp = tmp_path_factory.mktemp("recognising")
    db_url = str(request.getfixturevalue("pg_server").new_database()) if request.param == "postgres" else None
    home = open_site(tmp, "A", db_url)
    fill(home, records_a())
    peers, bundles = {}, {}
    for name, make in (("B", records_b), ("C", records_c)):
        peer = open_site(tmp, name)
        fill(peer, *make())
        bundles[name] = tmp / f"{name}-1.xlsx"
        exchange.export_bundle(peer, bundles[name], PASSPHRASE)
        trust_and_import(home, peer, bundles[name], tmp)
        peers[name] = peer
    evidence = ["现场评审:2019-11-20"]
    decisions.add_decision(home, subject_uscc=USCC["B"], discipline="12", valid_from="2020-01-01", evidence=evidence)
    decisions.add_decision(home, subject_uscc=USCC["C"], standard="[2024]浙量标证字第0202号", valid_from="2024-06-01",
                           evidence=evidence)
    region = Region(home, peers, bundles, tmp)
    yield region
    region.close()


#: Free text recognised by the own institute: on PostgreSQL read from the documents of the institutes
#: its decisions name, each match's standard asked the decisions' question (``search._pg_dated_text``).
RECOGNISED: list[tuple[dict[str, Any], int]] = [
    ({"text": "压力", "recognised_by_own": True}, 3),  # B1, B2 (mechanics), C2 (its certificate)
    ({"text": "压力", "recognised_by_own": True, "valid_on": ON}, 3),
    ({"text": "装置", "recognised_by_own": True, "valid_on": "2023-06-01"}, 2),  # C's decision not in force yet
    ({"text": "压力 标准", "recognised_by_own": True, "provinces": "江苏"}, 2),
    ({"text": "装置", "recognised_by_own": True, "provinces": "上海"}, 0),  # the own institute decides of others
]


@pytest.mark.parametrize("few", [None, 0])
@pytest.mark.parametrize(("kw", "found"), RECOGNISED,
                         ids=lambda x: ",".join(f"{k}={v}" for k, v in x.items()) if isinstance(x, dict) else str(x))
def test_text_recognised_by_own_read_from_the_documents_is_the_full_rankings(
        recognising: Region, kw: dict[str, Any], found: int, few: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page, the whole list and the count are those of the text's ids looked up in the
    standards and asked the decisions' question there (the documents' path declined)."""
    _few(monkeypatch, few)
    expected = _without(monkeypatch, "_pg_dated_text", recognising, kw)
    _few(monkeypatch, few)
    decided = _watched(monkeypatch, "_pg_dated_text")
    assert _answers(recognising, kw) == expected
    assert len(expected[0]) == found
    pg = recognising.home.engine.dialect.name == "postgresql"
    assert decided and all(d == pg for d in decided) if pg else not any(decided)


@pytest.mark.parametrize("walk", [True, False])
@pytest.mark.parametrize("kw", [kw for kw, documents in TEXT_ON_A_DATE if documents] + [
    {"text": "装置", "valid_on": "2020-01-01"},  # the one valid then
    {"text": "装置", "today": "2027-06-01"},  # most of them expired by then: the page runs past the valid ones
    {"text": "压力", "today": "2030-01-01"},  # none valid that day: every page from the others
], ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_text_walked_in_rank_order_is_the_full_rankings(
        region: Region, kw: dict[str, Any], walk: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of free text walked down the documents' rank index (revision 0020: the documents
    valid on the ranking's day from the later end of validity, then the others, each checked
    against the text, ``search._pg_walked_page``) or sorted whole, whichever the estimates choose
    (forced here each way: the region is small), gives every page, the whole list and the count
    of the text's ids looked up in the standards (the documents' paths declined). On a date,
    recognised by the own institute, or in a few institutes, a page is never walked
    (``search._pg_may_walk``)."""
    kw = dict(kw)
    today = dt.date.fromisoformat(kw.pop("today")) if "today" in kw else ON
    criteria = build_criteria(**kw, today=today)
    monkeypatch.setattr(search_module, "_pg_dated_text", lambda *a, **k: None)
    every = inventory.search_ids(region.home, criteria)
    expected = [(o, n, every[o:o + n], len(every)) for o in (0, 1, 2, 3, len(every) - 1, len(every), len(every) + 5)
                for n in (1, 2, 3, 50)]
    monkeypatch.undo()
    _few(monkeypatch, 0)  # a place's documents filtered by their institute (a few institutes' are never walked)
    monkeypatch.setattr(search_module, "_pg_walk_pays", lambda *a: walk)
    decided = _watched(monkeypatch, "_pg_walked_page")
    got = []
    for o, n, _ids, _total in expected:
        page = inventory.search(region.home, criteria, offset=o, limit=n)
        assert inventory.search_ids(region.home, criteria, o, n) == [r["id"] for r in page.rows]
        got.append((o, n, [r["id"] for r in page.rows], page.total))
    assert got == expected
    assert inventory.search_ids(region.home, criteria) == every
    assert every  # the search finds something
    pg = region.home.engine.dialect.name == "postgresql"
    assert any(decided) == (walk and pg and "valid_on" not in kw)  # on a date: sorted whole


def test_the_summary_judges_validity_by_the_searchs_statuses() -> None:
    """The capability rows' summary (storage, which cannot import the search) names the statuses
    that make a standard invalid whatever the date: the search's own."""
    from labregistry.storage import searchindex

    assert searchindex.PG_CAP_INVALID == search_module.INVALID_STATUSES


@pytest.mark.parametrize("kw", [kw for kw, summarised in BY_SUMMARY if summarised],
                         ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_a_search_run_again_and_again_on_one_connection_is_planned_for_its_values(
        region: Region, kw: dict[str, Any]) -> None:
    """PostgreSQL: the same search run a dozen times on one connection (a kept reader as a result
    is scrolled, :mod:`labregistry.storage.readers`) is planned for its values each time, never
    once for any values: psycopg prepares a statement the fifth time, and PostgreSQL then chose
    a generic plan of pressure at 500 kPa in 江苏/浙江 that took 6.5-7.5 s instead of 0.3-0.5 s at
    1,000,000 standards (``storage.db._postgres_custom_plans``). Same page each time."""
    if region.home.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements and their generic plans are PostgreSQL's")
    criteria = build_criteria(**kw, today=ON)
    with region.home.engine.connect() as conn:
        pages = [search_module.search(conn, criteria, limit=2) for _ in range(12)]
        # a statement without parameters has only its generic plan: not counted
        generic = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements WHERE generic_plans > 0"
                                       " AND cardinality(parameter_types) > 0").scalars().all()
    assert generic == []
    assert len({(tuple(r["id"] for r in p.rows), p.total, p.not_comparable) for p in pages}) == 1
