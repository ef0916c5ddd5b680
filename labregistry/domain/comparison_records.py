"""Several records of one comparison: which are shown as one, and whose result is shown.

A comparison piloted outside the registry (NIM, a CCEM/APMP key comparison, a PT provider) is
recorded by each participant of the registry that transcribes the published results table, so a
registry may hold several records of one scheme number, each its recorder's (its own uid, in its
own bundle). Two records are **one comparison** when the scheme number, the pilot and the
reference value agree (:func:`same_comparison`); a participant's result is then taken from the
record of the participant itself when there is one, else from the first recorder's
(:func:`preferred`). Records that disagree are kept apart, never merged silently: what is shown
of them is each record as its recorder wrote it.

The region report counts records of one scheme number, criterion and reference as one
comparison whoever piloted (co-pilots each record it), and each participant's result in it once,
chosen the same way; two comparisons that merely share a scheme number (another reference) are
two, as the list shows them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from labregistry.domain.text import normalise

T = TypeVar("T")


def folded(text: str | None) -> str:
    """A name or number as compared: NFKC and the usual full-width forms folded, spaces dropped,
    case ignored (``CCEM-K4`` is ``ccem－k4``)."""
    return "".join(normalise(text or "").split()).casefold()


def scheme_key(scheme_no: str) -> str:
    return folded(scheme_no)


@dataclass(frozen=True)
class Record:
    """What decides whether two records are of one comparison, and which was recorded first."""

    scheme_no: str
    recorded_by: str  # the recorder's USCC
    pilot_name: str | None  # None: the recorder is the pilot
    pilot_code: str | None
    criterion: str
    reference: tuple[float | None, float | None, float | None]  # value, its U, σ_pt
    order: tuple[Any, ...]  # the first recorder sorts first

    @property
    def outside(self) -> bool:
        return self.pilot_name is not None


def same_pilot(a: Record, b: Record) -> bool:
    """The recorder itself when it is the pilot; an outside pilot by its code when both records
    give one, else by its name."""
    if not a.outside or not b.outside:
        return not a.outside and not b.outside and a.recorded_by == b.recorded_by
    if a.pilot_code and b.pilot_code:
        return folded(a.pilot_code) == folded(b.pilot_code)
    return folded(a.pilot_name) == folded(b.pilot_name)


def same_comparison(a: Record, b: Record) -> bool:
    return (scheme_key(a.scheme_no) == scheme_key(b.scheme_no) and same_pilot(a, b)
            and a.criterion == b.criterion and a.reference == b.reference)


def grouped(items: Sequence[T], record: Callable[[T], Record]) -> list[list[T]]:
    """``items`` in groups of one comparison each, the first recorder's first in each group, the
    groups in the order of their first recorders. A record joins the group whose first record it
    agrees with."""
    groups: list[list[T]] = []
    by_scheme: dict[str, list[tuple[Record, list[T]]]] = {}  # only records of one scheme number can agree
    for rec, item in sorted(((record(i), i) for i in items), key=lambda pair: pair[0].order):
        candidates = by_scheme.setdefault(scheme_key(rec.scheme_no), [])
        for first, group in candidates:
            if same_comparison(first, rec):
                group.append(item)
                break
        else:
            candidates.append((rec, [item]))
            groups.append(candidates[-1][1])
    return groups


def preferred(candidates: Iterable[T], participant_uscc: str | None, record: Callable[[T], Record]) -> T:
    """Of one participant's results in the records of one comparison, the one to show: from the
    participant's own record when there is one, else from the first recorder's."""
    items = sorted(candidates, key=lambda i: record(i).order)
    own = [i for i in items if participant_uscc is not None and record(i).recorded_by == participant_uscc]
    return (own or items)[0]


def participant_key(uscc: str | None, name: str, names: dict[str, str]) -> str:
    """A participant as compared across records: its USCC, or the USCC another record of the
    comparison gives the same name (``names``: folded name to USCC), else its folded name (a
    recorder links a name to a USCC only for the institutes its registry knows)."""
    if uscc:
        return uscc
    key = folded(name)
    return names.get(key, "name:" + key)
