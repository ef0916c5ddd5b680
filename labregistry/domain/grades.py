"""The order of grades and named accuracy classes (二等, E2, A级).

They carry no number (docs/comparison.md): they compare only within one family, 一等 < 二等 <
三等 ... (JJG verification schemes), E1 < E2 < F1 < F2 < M1 < M2 < M3 (OIML R 111 weights), A <
B < C < D. Recognition compares a peer's grade with a reference's, and the region report asks
whether a re-issue raised a standard's grade (an upgrade, 升级); both read the order here.
"""

from __future__ import annotations

_FAMILIES = (
    {f"{d}等": i for i, d in enumerate("一二三四五六", 1)},
    {c: i for i, c in enumerate(("E1", "E2", "F1", "F2", "M1", "M2", "M3"), 1)},
    {c: i for i, c in enumerate("ABCD", 1)},
)


def _rank(accuracy_class: str | None) -> tuple[int, int] | None:
    """(family, place in it; 1 is the best), None for a class of no known family."""
    if not accuracy_class:
        return None
    for family, ranks in enumerate(_FAMILIES):
        if accuracy_class in ranks:
            return family, ranks[accuracy_class]
    return None


def grade_relation(candidate: str | None, reference: str | None) -> str:
    """Two grades or named classes of one family: better / equal / worse (the candidate's, as
    search and recognition say it); anything else: not_comparable."""
    ga, gb = _rank(candidate), _rank(reference)
    if ga is None or gb is None or ga[0] != gb[0]:
        return "not_comparable"
    if ga[1] == gb[1]:
        return "equal"
    return "better" if ga[1] < gb[1] else "worse"
