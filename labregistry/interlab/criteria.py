"""How a participant's result is judged: the normalised error En or the z score.

* En (JJF 1117 计量比对; ISO/IEC 17043 and CNAS-GL002 for calibration schemes):
  ``En = (x - X) / sqrt(U_lab² + U_ref²)``, both U expanded (k = 2 as a rule);
  ``|En| <= 1`` 满意 (satisfactory), else 不满意 (unsatisfactory).
* z (ISO 13528, CNAS-GL002 for testing schemes): ``z = (x - X) / σ_pt`` with the assigned
  value X and the standard deviation for proficiency assessment σ_pt;
  ``|z| <= 2`` 满意, ``2 < |z| < 3`` 可疑 (questionable), ``|z| >= 3`` 不满意.

A number a pilot wrote (an En of 0.47, a verdict 满意) is only taken when it is what the
result, the reference value and their uncertainties give: what is recorded and signed must
say what the numbers say (:func:`stated_agrees`). The verdict follows the computed value,
never a stated one.
"""

from __future__ import annotations

import math
from typing import Literal

from labregistry.domain.choices import Choices

Criterion = Literal["en", "z"]
Verdict = Literal["satisfactory", "questionable", "unsatisfactory"]

KINDS = Choices({"comparison": ("计量比对", "interlaboratory comparison"),
                 "proficiency": ("能力验证", "proficiency test")},
                {"比对": "comparison", "实验室间比对": "comparison", "测量审核": "proficiency", "能力验证计划": "proficiency"})
VERDICTS = Choices(
    {"satisfactory": ("满意", "satisfactory"), "questionable": ("可疑", "questionable"),
     "unsatisfactory": ("不满意", "unsatisfactory")},
    {"通过": "satisfactory", "合格": "satisfactory", "有问题": "questionable", "不通过": "unsatisfactory",
     "不合格": "unsatisfactory"},
)
CRITERIA: dict[Criterion, tuple[str, str]] = {"en": ("En值", "En"), "z": ("z比分数", "z score")}


def en_value(x: float, reference: float, u_lab: float, u_ref: float | None) -> float | None:
    """The normalised error; None when both uncertainties are zero (nothing to divide by)."""
    denominator = math.sqrt(u_lab ** 2 + (u_ref or 0.0) ** 2)
    return None if denominator == 0 else (x - reference) / denominator


def z_score(x: float, assigned: float, sigma_pt: float) -> float | None:
    """The z score; None when σ_pt is zero."""
    return None if sigma_pt == 0 else (x - assigned) / sigma_pt


def verdict(criterion: Criterion, score: float) -> Verdict:
    """The verdict a score gives under its criterion."""
    size = abs(score)
    if criterion == "en":
        return "satisfactory" if size <= 1 else "unsatisfactory"
    if size <= 2:
        return "satisfactory"
    return "questionable" if size < 3 else "unsatisfactory"


def stated_agrees(stated: float, computed: float) -> bool:
    """A stated En or z agrees when it is the computed one rounded to the decimals it shows
    (0.5 for 0.47; a value with many decimals within 0.005, the usual two decimals)."""
    decimals = _decimals(stated)
    tolerance = max(0.5 * 10 ** -decimals, 0.005) + 1e-9
    return bool(abs(stated - computed) <= tolerance)


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    fraction = text.split(".", 1)[1].rstrip("0")
    return len(fraction)


def verdict_allowed(criterion: Criterion, value: Verdict) -> bool:
    """可疑 (questionable) is a z-score verdict only: En is either satisfactory or not."""
    return criterion == "z" or value != "questionable"
