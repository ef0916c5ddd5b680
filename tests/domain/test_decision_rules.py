"""The rules of a recognition decision (domain/decision.py), as ``decisions add`` and a
receiver's check of a bundle apply them: the field each refusal names and its words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from labregistry.domain.decision import decision_issue, parse_evidence
from labregistry.errors import DomainError

pytestmark = pytest.mark.engine_independent  # never opens the pass's database

OWN = "12310000425011296P"
PEER = "12320000466002712H"
GOOD: dict[str, Any] = {"subject_uscc": PEER, "discipline": "15", "valid_from": dt.date(2026, 1, 1),
                        "evidence": "证书:X-1"}


def test_a_decision_within_the_rules_passes() -> None:
    assert decision_issue(GOOD, OWN) is None
    assert decision_issue({**GOOD, "discipline": None, "standard_certificate_no": "C-1", "parameter": "P"}, OWN) is None


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"subject_uscc": OWN}, "subject_uscc", "不能认可自己的结果"),
    ({"subject_uscc": PEER[:-1] + "X"}, "subject_uscc", "统一社会信用代码 (uscc) = '12320000466002712X'"),
    ({"standard_certificate_no": "C-1"}, "discipline", "二者择一"),
    ({"discipline": None}, "standard_certificate_no", "二者择一"),
    ({"parameter": "P"}, "parameter", "须与计量标准证书编号一同给出"),
    ({"discipline": "99"}, "discipline", "未知的学科代码“99”"),
    ({"valid_until": dt.date(2025, 12, 31)}, "valid_until", "有效期至 2025-12-31 早于生效日期 2026-01-01"),
    ({"evidence": "looked fine"}, "evidence", "应写作“类型:编号”"),
])
def test_each_rule_names_its_field(change: dict[str, Any], field: str, words: str) -> None:
    found = decision_issue({**GOOD, **change}, OWN)
    assert found is not None and found[0] == field
    assert words in found[1].render("zh"), found[1].render("zh")


def test_evidence_is_read_in_either_language_and_stored_in_chinese() -> None:
    read = parse_evidence(["comparison:CSJ-1", "Certificate：C 1", " 现场评审:2026/3/1 ", ""])
    assert [str(e) for e in read] == ["比对:CSJ-1", "证书:C 1", "现场评审:2026-03-01"]
    for bad, words in ((["检定:X"], "依据类型“检定”未知"), (["证书:a;b"], "不能含分号"),
                       (["review:soon"], "应注明评审日期"), ([], "须注明依据")):
        with pytest.raises(DomainError) as err:
            parse_evidence(bad)
        assert words in err.value.render("zh"), bad


def test_an_unknown_discipline_lists_the_known_ones_in_the_message_s_language() -> None:
    found = decision_issue({**GOOD, "discipline": "99"}, OWN)
    assert found is not None
    assert "15 电磁学、23 无线电" in found[1].render("zh")
    english = found[1].render("en")
    assert "15 electromagnetism, 23 radio" in english and "电磁学" not in english
