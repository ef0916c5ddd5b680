"""Issue 22's done-when: a comparison with five participants (homes A, B and C, and two other
institutes) is recorded at A, its pilot, from the results table, travels in A's bundle and is
listed with its five results at B and C; B's standard shows B's own result. A then deletes it as
recorded in error: A's next bundle withdraws it at B, and B's standard no longer shows it.

Every step with the comparison is a real ``labregistry`` process; the three homes, B's and
C's trust in A's key and their standards are set up in process, as in the other exchange tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from labregistry.domain.records import StandardInput
from labregistry.services import records
from tests.exchange.sites import make_site, ok
from tests.interlab.tables import A, B, C, COLUMNS, ROWS, write_table

B_CERT = "[2023]苏量标证字第0321号"
A_CERT = "[2024]沪量标证字第0900号"
C_CERT = "[2024]浙量标证字第0999号"


def test_a_comparison_piloted_at_a_reaches_b_and_c_and_shows_on_b_s_standard(tmp_path: Path) -> None:
    a, b, c = make_site(tmp_path, "A"), make_site(tmp_path, "B"), make_site(tmp_path, "C")
    b.trust(a, tmp_path)
    c.trust(a, tmp_path)
    for site, cert in ((b, B_CERT), (a, A_CERT), (c, C_CERT)):
        records.create_standard(site.reg, StandardInput(
            name="直流电压标准装置", code="15113100", grade="社会公用", certificate_no=cert, valid_until="2028-05-30",
            range_text="(0~1000)V", accuracy_text="U=0.002%,k=2"))
    # the pilot names each participant's USCC beside its name
    usccs = {A[0]: A[1], B[0]: B[1], C[0]: C[1]}
    columns = [*COLUMNS[:2], "统一社会信用代码", *COLUMNS[2:]]
    rows = [[*r[:2], usccs.get(r[1]), *r[2:]] for r in ROWS]
    table = write_table(tmp_path / "比对结果汇总表.xlsx", columns=columns, rows=rows)

    ok(a, "comparisons", "import-excel", str(table))
    ok(a, "export", str(tmp_path / "a.xlsx"))
    for site in (b, c):
        ok(site, "import", str(tmp_path / "a.xlsx"), "--yes")
        [item] = json.loads(ok(site, "comparisons", "list", "--json"))
        assert (item["kind"], item["scheme_no"], item["pilot_uscc"], item["measurand"]) == (
            "comparison", "CSJ-DCV-2026-01", A[1], "直流电压")
        assert [(p["institute_uscc"], p["institute_name"], p["value"], p["en"], p["verdict"])
                for p in item["participants"]] == [(usccs.get(r[1]), r[1], r[2], r[5], "satisfactory") for r in ROWS]

    [standard] = json.loads(ok(b, "list", "standards", "--institute", B[1], "--json"))
    assert [(r["scheme_no"], r["date"], r["en"], r["verdict"]) for r in standard["comparisons"]] == [
        ("CSJ-DCV-2026-01", "2026-09-15", 0.19, "satisfactory")]
    found = json.loads(ok(b, "search", "直流电压", "--json"))
    assert sorted((r["certificate_no"], r["comparisons"]["count"]) for r in found) == [(B_CERT, 1), (A_CERT, 1)]
    # at C, A's standard (Lab 1) is an equivalent of C's own, with its comparison count
    equivalents = json.loads(ok(c, "recognition", C_CERT, "--json"))["equivalents"]
    assert [(e["certificate_no"], e["comparisons"]) for e in equivalents] == [
        (A_CERT, {"count": 1, "satisfactory": 1})]

    # recorded in error: A deletes it, and A's next bundle withdraws it at B
    said = ok(a, "--lang", "en", "comparisons", "delete", "CSJ-DCV-2026-01")
    assert said.startswith("comparison CSJ-DCV-2026-01 (") and "deleted with its 5 results" in said
    ok(a, "export", str(tmp_path / "a2.xlsx"))
    ok(b, "import", str(tmp_path / "a2.xlsx"), "--yes")
    assert json.loads(ok(b, "comparisons", "list", "--json")) == []
    [standard] = json.loads(ok(b, "list", "standards", "--institute", B[1], "--json"))
    assert standard["comparisons"] == []
