"""Issue 22's done-when: a recognition decision recorded at one institute reaches the others.

A records two decisions (B's standard; C's whole discipline 15), they travel in A's bundle and
are listed at B and C as A's, never as the receiver's own. B records its own decision about C;
B's ``search --recognised-by-own`` then finds C's standard and nothing A decided, and
``recognition --json`` shows at B which decisions (A's and B's) cover C's equivalent. A decision
A withdraws is withdrawn at B with A's next bundle: kept, listed with its state and date.

Every step with decisions is a real ``labregistry`` process, and so are A's first export and
B's first import; the homes, the trust, the standards and the other bundles are made and
imported in process (the CLI's import and export are the other exchange tests' subject).
"""

from __future__ import annotations

import json
from pathlib import Path

from labregistry.domain.records import StandardInput
from labregistry.services import exchange, records
from tests.exchange.sites import make_site, ok

A_CERT = "[2024]沪量标证字第0900号"
B_CERT = "[2023]苏量标证字第0321号"
C_CERT = "[2024]浙量标证字第0999号"


def test_a_decision_recorded_at_a_reaches_b_and_c_as_a_s_and_a_withdrawal_follows(tmp_path: Path) -> None:
    a, b, c = make_site(tmp_path, "A"), make_site(tmp_path, "B"), make_site(tmp_path, "C")
    for site, cert in ((a, A_CERT), (b, B_CERT), (c, C_CERT)):
        records.create_standard(site.reg, StandardInput(
            name="直流电压标准装置", code="15113100", grade="社会公用", certificate_no=cert, valid_until="2028-05-30",
            range_text="(0~1000)V", accuracy_text="U=0.002%,k=2"))
    b.trust(a, tmp_path), c.trust(a, tmp_path), b.trust(c, tmp_path)
    exchange.import_bundle(b.reg, c.export(tmp_path / "c.xlsx"))  # B knows C's standard

    on_b = json.loads(ok(a, "decisions", "add", "--institute", b.uscc, "--name", "江苏省计量科学研究院",
                         "--standard", B_CERT, "--from", "2026-01-01", "--evidence", "证书:" + B_CERT, "--json"))
    ok(a, "decisions", "add", "--institute", c.uscc, "--name", "浙江省计量科学研究院", "--discipline", "15",
       "--from", "2026-01-01", "--until", "2029-12-31", "--evidence", "现场评审:2025-11-20")
    ok(a, "export", str(tmp_path / "a1.xlsx"))
    ok(b, "import", str(tmp_path / "a1.xlsx"), "--yes")
    exchange.import_bundle(c.reg, tmp_path / "a1.xlsx")
    for site in (b, c):
        listed = json.loads(ok(site, "decisions", "list", "--json"))
        assert [(d["recorded_by"]["uscc"], d["own"], d["subject_uscc"], d["standard_certificate_no"],
                 d["discipline"], d["status"]) for d in listed] == [
            (a.uscc, False, b.uscc, B_CERT, None, "in_force"), (a.uscc, False, c.uscc, None, "15", "in_force")]
    about_c = json.loads(ok(b, "decisions", "list", "--institute", c.uscc, "--json"))
    assert [d["subject_uscc"] for d in about_c] == [c.uscc]

    # A's decisions are A's: B recognises nothing yet
    assert json.loads(ok(b, "search", "直流电压", "--recognised-by-own", "--json")) == []
    ok(b, "decisions", "add", "--institute", c.uscc, "--discipline", "15", "--from", "2026-02-01",
       "--evidence", "证书:" + C_CERT)
    found = json.loads(ok(b, "search", "直流电压", "--recognised-by-own", "--valid-on", "2026-06-01", "--json"))
    assert [r["certificate_no"] for r in found] == [C_CERT]
    assert json.loads(ok(b, "search", "直流电压", "--recognised-by-own", "--valid-on", "2026-01-15", "--json")) == []
    equivalents = json.loads(ok(b, "recognition", B_CERT, "--valid-on", "2026-06-01", "--json"))["equivalents"]
    assert {e["certificate_no"]: sorted(d["recorded_by"]["uscc"] for d in e["decisions"]) for e in equivalents} == {
        A_CERT: [], C_CERT: sorted([a.uscc, b.uscc])}

    ok(a, "decisions", "withdraw", on_b["uid"])
    exchange.import_bundle(b.reg, a.export(tmp_path / "a2.xlsx"))
    listed = json.loads(ok(b, "decisions", "list", "--recorded-by", a.uscc, "--json"))
    assert sorted((d["subject_uscc"], d["discipline"], d["status"]) for d in listed) == sorted([
        (c.uscc, "15", "in_force"), (b.uscc, None, "withdrawn")])
    [gone] = [d for d in listed if d["status"] == "withdrawn"]
    assert gone["uid"] == on_b["uid"] and gone["withdrawn_on"] is not None
    text = ok(b, "--lang", "en", "decisions", "list", "--recorded-by", a.uscc)
    assert f"withdrawn ({gone['withdrawn_on']})" in next(line for line in text.splitlines() if on_b["uid"] in line)
