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

from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from typing import Literal

from labregistry.domain import choices

Criterion = Literal["en", "z"]
Verdict = Literal["satisfactory", "questionable", "unsatisfactory"]

# the lists are the field registry's (labregistry.domain.choices), named here as this package reads them
KINDS = choices.COMPARISON_KINDS
VERDICTS = choices.VERDICTS
CRITERIA = choices.COMPARISON_CRITERIA


def en_value(x: float, reference: float, u_lab: float, u_ref: float | None) -> float | None:
    """The normalised error; None when both uncertainties are zero (nothing to divide by)."""
    with localcontext(_CONTEXT):
        denominator = (_exact(u_lab) ** 2 + _exact(u_ref or 0.0) ** 2).sqrt()
        return None if denominator == 0 else float((_exact(x) - _exact(reference)) / denominator)


def z_score(x: float, assigned: float, sigma_pt: float) -> float | None:
    """The z score; None when σ_pt is zero."""
    with localcontext(_CONTEXT):
        return None if sigma_pt == 0 else float((_exact(x) - _exact(assigned)) / _exact(sigma_pt))


_CONTEXT = Context(prec=34, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Decimal arithmetic on the numbers as recorded: a z of (10.6 − 10.0) / 0.2 is 3 (unsatisfactory)
where binary floats give 2.9999999999999982 (questionable), and 1e200² does not overflow (a score
beyond any float comes back infinite, which the check refuses)."""


def _exact(number: float) -> Decimal:
    """The number as the table or the bundle shows it (its shortest decimal form)."""
    return Decimal(repr(float(number)))


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


def score_text(criterion: Criterion, score: float) -> str:
    """A score as a message or a table shows it: two decimals, more where two would read as
    another verdict (En 1.004 is "1.004", not "1.00" beside 不满意; z 2.004 beside 可疑)."""
    for decimals in range(2, 7):
        text = f"{score:.{decimals}f}"
        if verdict(criterion, float(text)) == verdict(criterion, score):
            return text
    return f"{score:.6g}"


def _decimals(value: float) -> int:
    """The decimals a score shows: 2 for 0.56, 0 for 1.0, 7 for 1e-07 (shown as 1E-07)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def verdict_allowed(criterion: Criterion, value: Verdict) -> bool:
    """可疑 (questionable) is a z-score verdict only: En is either satisfactory or not."""
    return criterion == "z" or value != "questionable"
