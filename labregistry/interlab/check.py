"""Whether a participant's recorded score and verdict say what its numbers say.

Used on the pilot's results table (:mod:`labregistry.interlab.resultstable`) and on a peer's
bundle (the receiver recomputes every score and verdict itself): a score that is not the
computed one rounded to its decimals, or a verdict the computed score does not give, is
refused at its cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from labregistry import i18n
from labregistry.crypto.jsonform import Detail
from labregistry.domain.codes import normalise_uscc, uscc_issues
from labregistry.interlab.criteria import (
    VERDICTS,
    Criterion,
    Verdict,
    en_value,
    score_text,
    stated_agrees,
    verdict,
    verdict_allowed,
    z_score,
)


@dataclass(frozen=True)
class Scheme:
    """What a participant's result is judged against."""

    criterion: Criterion
    reference: float | None
    reference_u: float | None = None
    sigma_pt: float | None = None


@dataclass(frozen=True)
class Judged:
    """A result's score (as stated when it agrees, else computed) and its verdict."""

    score: float
    verdict: Verdict


Problem = tuple[str, str, dict[str, Any]]
"""(the column: ``score`` or ``verdict`` or ``uncertainty``, a rule's message code, its params)."""


def computed_score(scheme: Scheme, value: float, uncertainty: float | None) -> float | tuple[str, str]:
    """The En or z of a result, or (column, reason code) why it cannot be computed."""
    if scheme.reference is None:
        return "score", "comparison.why_no_reference"
    if uncertainty is not None and uncertainty < 0:
        return "uncertainty", "comparison.why_negative"
    if any(spread is not None and spread < 0 for spread in (scheme.reference_u, scheme.sigma_pt)):
        return "score", "comparison.why_negative"  # a negative σ_pt would turn the sign of every z
    if scheme.criterion == "en":
        en = en_value(value, scheme.reference, uncertainty or 0.0, scheme.reference_u)
        if en is None:
            return "uncertainty", "comparison.why_no_u"
        return en if math.isfinite(en) else ("score", "comparison.why_out_of_range")
    z = None if scheme.sigma_pt is None else z_score(value, scheme.reference, scheme.sigma_pt)
    if z is None:
        return "score", "comparison.why_no_sigma"
    return z if math.isfinite(z) else ("score", "comparison.why_out_of_range")


def judge(scheme: Scheme, value: float, uncertainty: float | None, stated_score: float | None,
          stated_verdict: str | None) -> Judged | Problem:
    """The result's score and verdict, or the first problem with what was stated.

    ``stated_verdict`` is a key of :data:`VERDICTS` (or None when none was given)."""
    label = Detail(f"comparison.criterion_{scheme.criterion}")
    score = computed_score(scheme, value, uncertainty)
    if isinstance(score, tuple):
        column, why = score
        return column, "comparison.rule_no_score", {"criterion": label, "why": Detail(why)}
    if stated_score is not None and not stated_agrees(stated_score, score):
        return "score", "comparison.rule_score", {"criterion": label, "stated": stated_score, "value": value,
                                                  "reference": scheme.reference, "computed": score}
    expected = verdict(scheme.criterion, score)
    if stated_score is not None and verdict(scheme.criterion, stated_score) != expected:
        return "score", "comparison.rule_rounded_verdict", {
            "criterion": label, "stated": stated_score, "computed": score,
            "reads": Detail(f"comparison.verdict_{verdict(scheme.criterion, stated_score)}"),
            "expected": Detail(f"comparison.verdict_{expected}")}
    if stated_verdict is not None and not verdict_allowed(scheme.criterion, stated_verdict):  # type: ignore[arg-type]
        return "verdict", "comparison.rule_questionable", {}
    if stated_verdict is not None and stated_verdict != expected:
        return "verdict", "comparison.rule_verdict", {
            "stated": Detail(f"comparison.verdict_{stated_verdict}"), "criterion": label,
            "computed": score_text(scheme.criterion, score),
            "expected": Detail(f"comparison.verdict_{expected}"),
            "limits": Detail(f"comparison.limits_{scheme.criterion}")}
    return Judged(score if stated_score is None else stated_score, expected)


def dates_problem(dates: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """The end or the report date before the start (``dates``: started_on, ended_on, report_on):
    (the later date's key, rule code, params), or None. The region report counts a comparison by
    its report date: a record whose dates contradict each other is not counted anywhere."""
    start = dates.get("started_on")
    for key in ("ended_on", "report_on"):
        day = dates.get(key)
        if start is not None and day is not None and _day(day) < _day(start):
            return key, "comparison.rule_before_start", {"date": _day(day).isoformat(),
                                                         "start": _day(start).isoformat()}
    return None


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def uscc_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """Why ``text`` is not a participant's USCC as recorded (a valid code in its written form,
    the form the region report and the standard's page compare): (rule code, params), or None."""
    errors = [i for i in uscc_issues(text, "institute_uscc") if not i.warning]
    if errors:
        return "comparison.rule_uscc", {"value": text, "why": Detail(errors[0].code, **errors[0].params)}
    if normalise_uscc(text) != text:
        return "comparison.rule_uscc", {"value": text, "why": Detail("comparison.uscc_form",
                                                                     form=normalise_uscc(text))}
    return None


# stays in code: the verdicts' labels are their Choices' (interlab/criteria.py), given once
i18n.register({f"comparison.verdict_{key}": {"zh": zh, "en": en} for key, (zh, en) in VERDICTS.items()})
