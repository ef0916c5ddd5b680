"""A bundle's comparisons (format 4; an outside pilot's name and code, format 5): the receiver
judges every result again itself.

The pilot's signature says who recorded a comparison, not that its scores are right. The
receiver checks each comparison's kind and criterion, and recomputes each participant's En
or z from the result, its U and the reference value (:func:`labregistry.interlab.check.judge`):
a score that is not the computed one to its decimals, or a verdict the computed score does
not give, is refused naming sheet, row, column and rule (``bundle.comparison_rule``), as are
a kind or criterion it does not know (``bundle.comparison_choice``) and results not numbered
0, 1, 2 ... in order (``bundle.comparison_position``). What is stored is what was signed and
shown, and it says what the numbers say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from labregistry.crypto.jsonform import Detail
from labregistry.domain.text import normalise
from labregistry.exchange import schema
from labregistry.interlab.check import Judged, Scheme, dates_problem, judge, uscc_problem
from labregistry.interlab.criteria import KINDS, VERDICTS

Problem = tuple[str, dict[str, Any]]
_C = {key: i for i, key in enumerate(schema.COMPARISONS.keys)}
_R = {key: i for i, key in enumerate(schema.COMPARISON_RESULTS.keys)}


def comparison_problem(rows: Mapping[str, Sequence[Sequence[Any]]], issuer_uscc: str | None = None) -> Problem | None:
    """The first comparison or result row the receiver refuses: (message code, params).

    The rows have passed the value checks (required cells filled, results linked to a
    comparison on the sheet). An outside pilot (format 5) is a name with an optional code: a
    code without the name, or the issuer's own USCC as the code (the issuer is then the pilot,
    and the cells stay empty), is refused."""
    schemes: dict[Any, Scheme] = {}
    for i, row in enumerate(rows[schema.COMPARISONS.spec.name]):
        if (pilot := _pilot_problem(row, issuer_uscc)) is not None:
            return "bundle.comparison_rule", {**_at(schema.COMPARISONS, _C, i, "pilot_code"),
                                              "rule": Detail(pilot, value=row[_C["pilot_code"]])}
        for key, allowed in (("kind", tuple(KINDS)), ("criterion", ("en", "z"))):
            if row[_C[key]] not in allowed:
                return _choice(schema.COMPARISONS, _C, i, key, row[_C[key]], allowed)
        dated = dates_problem({k: row[_C[k]] for k in ("started_on", "ended_on", "report_on")})
        if dated is not None:
            return "bundle.comparison_rule", {**_at(schema.COMPARISONS, _C, i, dated[0]),
                                              "rule": Detail(dated[1], **dated[2])}
        schemes[row[0]] = Scheme(row[_C["criterion"]], row[_C["reference_value"]], row[_C["reference_uncertainty"]],
                                 row[_C["sigma_pt"]])
    numbered: dict[Any, int] = {}
    first_row: dict[tuple[Any, str, Any], int] = {}
    for i, row in enumerate(rows[schema.COMPARISON_RESULTS.spec.name]):
        expected = numbered.get(row[0], 0)
        if row[_R["position"]] != expected:
            return "bundle.comparison_position", {**_at(schema.COMPARISON_RESULTS, _R, i, "position"),
                                                  "position": row[_R["position"]], "expected": expected, "uid": row[0]}
        numbered[row[0]] = expected + 1
        if (repeated := _repeated(first_row, row, i)) is not None:
            return repeated
        if row[_R["institute_uscc"]] is not None and (bad := uscc_problem(row[_R["institute_uscc"]])) is not None:
            return "bundle.comparison_rule", {**_at(schema.COMPARISON_RESULTS, _R, i, "institute_uscc"),
                                              "rule": Detail(bad[0], **bad[1])}
        if row[_R["verdict"]] not in VERDICTS:
            return _choice(schema.COMPARISON_RESULTS, _R, i, "verdict", row[_R["verdict"]], tuple(VERDICTS))
        judged = judge(schemes[row[0]], row[_R["value"]], row[_R["uncertainty"]], row[_R["score"]],
                       row[_R["verdict"]])
        if not isinstance(judged, Judged):
            column, rule, params = judged
            return "bundle.comparison_rule", {**_at(schema.COMPARISON_RESULTS, _R, i, column),
                                              "rule": Detail(rule, **params)}
    return None


def _pilot_problem(row: Sequence[Any], issuer_uscc: str | None) -> str | None:
    code = row[_C["pilot_code"]]
    if code is None:
        return None
    if row[_C["pilot_name"]] is None:
        return "comparison.rule_pilot_code_alone"
    if issuer_uscc is not None and str(code).upper() == issuer_uscc:
        return "comparison.rule_pilot_is_issuer"
    return None


def _repeated(first_row: dict[tuple[Any, str, Any], int], row: Sequence[Any], i: int) -> Problem | None:
    """A participant (by USCC, or by name, spaces and full-width forms aside) already on an earlier row of the same comparison: two
    results of one laboratory would be counted and shown twice (the results table refuses it too)."""
    for key in ("institute_uscc", "institute_name"):
        if row[_R[key]] is None:
            continue
        first = first_row.setdefault((row[0], key, "".join(normalise(str(row[_R[key]])).split())), i)
        if first != i:
            return "bundle.comparison_repeated", {**_at(schema.COMPARISON_RESULTS, _R, i, key),
                                                  "value": str(row[_R[key]]), "first": first + 2}
    return None


def _at(sheet: schema.SheetDef, at: Mapping[str, int], i: int, key: str) -> dict[str, Any]:
    return {"sheet": sheet.spec.name, "row": i + 2, "column": sheet.spec.columns[at[key]].header}


def _choice(sheet: schema.SheetDef, at: Mapping[str, int], i: int, key: str, value: Any,
            allowed: tuple[str, ...]) -> Problem:
    return "bundle.comparison_choice", {**_at(sheet, at, i, key), "value": "" if value is None else str(value)[:40],
                                        "allowed": ", ".join(allowed)}
