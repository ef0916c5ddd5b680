"""A bundle's recognition decisions (format 4): the receiver checks each by the same rules
the recorder's ``decisions add`` applied (:func:`labregistry.domain.decision.decision_issue`).

The recorder of every decision on the sheet is the bundle's issuer: the sheet has no column
for it, and a decision naming the issuer itself as the recognised institute is refused (an
institute does not recognise itself). A refusal names sheet, row, column and rule
(``bundle.decision_rule``), like the comparisons' (:mod:`.comparisons`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from labregistry.domain.decision import decision_issue
from labregistry.exchange import schema

_KEYS = schema.DECISIONS.keys


def decision_problem(rows: Sequence[Sequence[Any]], issuer_uscc: str) -> tuple[str, dict[str, Any]] | None:
    """The first decision row the receiver refuses: (message code, params, the rule broken a
    :class:`DomainError` rendered with the message); the rows have passed the value checks
    (required cells filled, lengths)."""
    for i, row in enumerate(rows):
        found = decision_issue(dict(zip(_KEYS, row)), issuer_uscc)
        if found is not None:
            key, refusal = found
            column = schema.DECISIONS.spec.columns[_KEYS.index(key)].header
            return "bundle.decision_rule", {"sheet": schema.DECISIONS.spec.name, "row": i + 2, "column": column,
                                            "rule": refusal}
    return None
