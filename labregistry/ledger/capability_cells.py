"""A ledger row's parameter, range and accuracy cells as capability rows (CMC) of its standard.

Ledgers write a standard's several parameters in three ways (issue 18); each parameter
becomes one capability row:

* listed in one cell, separated by ``;``, ``；`` or a line break, the parameter's name
  before a colon or as a leading word: ``DCV (0~1000)V U=0.002%,k=2; ACV (0~750)V
  U=0.05%,k=2``, ``直流电压：0~1000 V，U=0.002%，k=2；交流电压：…``. With the ranges and the
  accuracies in their own cells, the i-th range goes with the i-th accuracy;
* a parameter column (被测参数): one value for all, or one per listed range;
* continuation rows below the standard's first row, each with its own cells (grouping
  gives each row its own raw capability; :func:`expand` reads them).

An accuracy that states an uncertainty and also an MPE or a class (``U=0.02%,k=2；MPE:
±0.05%``) is ONE row: its accuracy is the uncertainty (what a CMC states and what search
compares), the other statements are kept as the row's conditions (docs/ledger-headers.md).
A range of several parts with one accuracy and no parameter names stays one row, their
envelope, as a range cell always was read.

What cannot be paired (three ranges, two accuracies) is a problem of the record at its
cell, never a guess. The row the standard keeps as its own range and accuracy is its
first capability row, as ``add-standard --capability`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labregistry.domain.accuracy import accuracy_issues, statement_kinds
from labregistry.domain.quantities import COMMA_RULES, range_issues
from labregistry.domain.text import clean
from labregistry.errors import Issue
from labregistry.ledger.fields import CAPABILITY_CELLS

LIST = "capabilities"
_SEP = re.compile(r"[;；\n]+")
_PARAM_SEP = re.compile(r"[;；\n、]+")
_GAP = re.compile(r"[\s,，、]+")
_LABEL = re.compile(r"^\s*(?P<label>[^:：=]{1,40}?)\s*[:：]\s*(?P<rest>\S.*)$", re.S)
_NOT_A_LABEL = re.compile(
    r"^(?:U\w*|MPEV?|[kp]|最大允许误差|允许误差|误差限|允差|(?:相对)?(?:扩展|测量)*(?:相对)?不确定度|准确度(?:等级)?|等级|"
    r"测量范围|范围|量程|class|range|accuracy|uncertainty)$",
    re.I,
)
_WORD = re.compile(r"^[^\d\s]*[A-Za-z\u4e00-\u9fff][^\d\s]*$")  # a name: letters, no digits
_CONTINUES = re.compile(r"^[kKpP]\s*[=:]")  # a coverage factor belongs to the statement before it
_RANK = {"U": 1, "MPE": 2, "class": 3}  # the row's accuracy: an uncertainty first
_LONGEST = 300  # a listed item longer than a range or an accuracy may be is not searched for splits


@dataclass
class _Entry:
    """One parameter as read from a cell: its name, range and accuracy statements (any may be missing)."""

    parameter: str | None = None
    range_text: str | None = None
    statements: list[str] = field(default_factory=list)


def split_cell(value: Any, sep: re.Pattern[str] = _SEP) -> list[str]:
    """The items a cell lists: ``"A；B\\nC"`` -> ``["A", "B", "C"]``."""
    if clean(value) is None:
        return []
    return [part for p in sep.split(str(value)) if (part := clean(p))]


def _reads(issues: list[Issue]) -> bool:
    return not any(not i.warning for i in issues)


def _is_range(text: str) -> bool:
    return _reads(range_issues(text))


def statements(text: str) -> list[str]:
    """The accuracy statements of one text: ``"U=0.5℃(k=2)，MPE：±1℃"`` -> its U and its MPE."""
    if len(statement_kinds(text)) < 2 or len(text) > _LONGEST:
        return [text]
    for gap in _GAP.finditer(text):
        left, right = text[: gap.start()].strip(), text[gap.end():].strip()
        if not left or not right or _CONTINUES.match(right):
            continue
        if len(statement_kinds(left)) == 1 and _reads(accuracy_issues(left)) and statement_kinds(right):
            rest = statements(right)
            if all(len(statement_kinds(r)) == 1 for r in rest):
                return [left, *rest]
    return [text]


def _is_accuracy(text: str) -> bool:
    return all(_reads(accuracy_issues(s)) for s in statements(text))


def _label(segment: str) -> tuple[str | None, str]:
    """``"直流电压：0~1000 V"`` -> ``("直流电压", "0~1000 V")``; a field's name (MPE:, 测量范围：) is no label."""
    m = _LABEL.match(segment)
    if m is None or _NOT_A_LABEL.match(m["label"].strip()):
        return None, segment
    return m["label"].strip(), m["rest"].strip()


def _parts(text: str) -> tuple[str | None, str, str | None] | None:
    """``"DCV (0~1000)V U=0.002%,k=2"`` -> parameter, range, accuracy (either of the two last may be
    all there is after the parameter); None when no split reads."""
    if len(text) > _LONGEST:
        return None
    gaps = [(g.start(), g.end()) for g in _GAP.finditer(text)]
    starts = [0, *(end for _s, end in gaps)]
    first = text[: gaps[0][0]] if gaps else ""
    if _NOT_A_LABEL.match(first):
        return None  # an accuracy's symbol (MPE ±0.1%) names no parameter
    if _WORD.match(first):
        starts = starts[1:]  # a leading name is a parameter, never part of the range
    for a in starts:
        if a and _is_range(text[a:]):
            return text[:a].strip(" ,，") or None, text[a:].strip(), None
        for s, e in gaps:
            if s > a and not _CONTINUES.match(text[e:]) and _is_range(text[a:s]) and _is_accuracy(text[e:]):
                return text[:a].strip(" ,，") or None, text[a:s].strip(" ,，"), text[e:].strip()
    return None


def _range_entry(segment: str) -> _Entry:
    label, rest = _label(segment)
    issues = range_issues(rest)
    if _reads(issues) or any(i.code in ("range.second_amount", "range.rate_amount") or i.code in COMMA_RULES for i in issues):
        # refused as itself: "(0~750)V 1kHz" never "(0~750)V" taken for a name; a comma the range
        # rule finds ambiguous ("0,100 mV", "1,5 V") is the range's, never where a name ends
        return _Entry(label, rest)
    if _is_accuracy(rest):
        return _Entry(label, None, statements(rest))  # an accuracy listed after a parameter's range
    parts = _parts(rest)
    if parts is not None:
        name, rng, acc = parts
        return _Entry(label or name, rng, statements(acc) if acc else [])
    return _Entry(label, rest)


def _accuracy_entry(segment: str) -> _Entry:
    label, rest = _label(segment)
    if _is_accuracy(rest):
        return _Entry(label, None, statements(rest))
    parts = _parts(rest)
    if parts is not None and parts[2] is not None:
        return _Entry(label or parts[0], parts[1], statements(parts[2]))
    return _Entry(label, None, [rest])


def _attach(entries: list[_Entry]) -> list[_Entry]:
    """An accuracy listed on its own after a parameter's range and accuracy is another statement of it."""
    out: list[_Entry] = []
    for e in entries:
        if out and e.range_text is None and e.parameter is None and out[-1].range_text is not None:
            out[-1].statements += e.statements
        else:
            out.append(e)
    return out


def _groups(entries: list[_Entry]) -> list[_Entry]:
    """Accuracy items of one parameter together: a new group at a name, or at a kind already given."""
    out: list[_Entry] = []
    for e in entries:
        kinds = {k for s in e.statements for k in statement_kinds(s)}
        last = out[-1] if out else None
        given = {k for s in last.statements for k in statement_kinds(s)} if last else set()
        if last is None or e.parameter or e.range_text or not kinds or kinds & given or not given:
            out.append(_Entry(e.parameter, e.range_text, list(e.statements)))
        else:
            last.statements += e.statements
    return out


@dataclass
class _Read:
    entries: list[_Entry]
    problem: tuple[str, Issue] | None = None  # (ledger field, issue)


def _pair(ranges: list[_Entry], accuracies: list[_Entry], whole_range: str) -> _Read:
    groups = _groups(accuracies)
    for listed in (groups, accuracies):
        if len(listed) == len(ranges):
            return _Read([_Entry(r.parameter or a.parameter, r.range_text, list(a.statements))
                          for r, a in zip(ranges, listed)])
    if len(groups) == 1 and groups[0].range_text is None:
        stmts = groups[0].statements
        if any(r.parameter for r in ranges) or not _is_range(whole_range):
            return _Read([_Entry(r.parameter or groups[0].parameter, r.range_text, list(stmts)) for r in ranges])
        return _Read([_Entry(groups[0].parameter, whole_range, list(stmts))])  # one range of several parts
    params = {"ranges": len(ranges), "accuracies": len(groups)}
    paired = [_Entry(r.parameter, r.range_text, list(a.statements)) for r, a in zip(ranges, groups)]
    return _Read(paired, (f"{LIST}.accuracy_text", Issue("ledger.capability_count", "accuracy_text", None, params)))


def _read(values: Mapping[str, Any]) -> _Read:
    """The parameters of one row's cells."""
    rng, acc, param = values.get("range_text"), values.get("accuracy_text"), values.get("parameter")
    if _plain(rng, acc, param):
        return _Read([_Entry(None, rng, [acc] if acc is not None else [])])
    ranges = _attach([_range_entry(s) for s in split_cell(rng)])
    accuracies = [_accuracy_entry(s) for s in split_cell(acc)]
    if not accuracies:
        read = _Read(ranges)
    elif not ranges:
        read = _Read(accuracies)
    elif any(r.statements for r in ranges):
        read = _Read(ranges, (f"{LIST}.accuracy_text", Issue("ledger.accuracy_twice", "accuracy_text", None)))
    else:
        read = _pair(ranges, accuracies, str(clean(rng)))
    return _named(read, split_cell(param, _PARAM_SEP))


def _plain(rng: Any, acc: Any, param: Any) -> bool:
    """One range and one accuracy statement, no parameter: read as they are (most rows of most ledgers)."""
    if clean(param) is not None:
        return False
    texts = [str(v) for v in (rng, acc) if clean(v) is not None]
    if any(_SEP.search(t) or _label(t)[0] is not None for t in texts):
        return False
    return (clean(rng) is None or _is_range(str(rng))) and (clean(acc) is None or len(statement_kinds(str(acc))) < 2)


def _named(read: _Read, names: list[str]) -> _Read:
    """The parameter column's names given to the entries that have none of their own."""
    if not names:
        return read
    entries = read.entries or [_Entry()]
    if len(names) not in (1, len(entries)):
        params = {"parameters": len(names), "ranges": len(entries)}
        return _Read(entries, read.problem or (f"{LIST}.parameter", Issue("ledger.parameter_count", "parameter",
                                                                            None, params)))
    for i, e in enumerate(entries):
        e.parameter = e.parameter or names[i if len(names) > 1 else 0]
    return _Read(entries, read.problem)


def _accuracy_and_conditions(stmts: list[str]) -> tuple[str | None, str | None]:
    """The row's accuracy (an uncertainty before an MPE before a class; one that reads as none of them
    first, so that it is reported) and the other statements as its conditions."""
    if len(stmts) <= 1:
        return (stmts[0] if stmts else None), None

    def rank(i: int) -> int:
        kinds = statement_kinds(stmts[i])
        return min((_RANK.get(k, 9) for k in kinds), default=0) if len(kinds) == 1 else 0

    order = sorted(range(len(stmts)), key=rank)
    return stmts[order[0]], "；".join(stmts[i] for i in sorted(order[1:]))


def capability_values(values: Mapping[str, Any]) -> tuple[list[dict[str, Any]], tuple[str, Issue] | None]:
    """The capability rows of one ledger row's raw cells, and the problem that stopped pairing them."""
    read = _read(values)
    rows = []
    for e in read.entries:
        accuracy, conditions = _accuracy_and_conditions(e.statements)
        rows.append({"parameter": e.parameter, "range_text": e.range_text, "accuracy_text": accuracy,
                     "quantity": values.get("quantity"), "conditions": conditions})
    return rows, read.problem


def is_default(rows: list[dict[str, Any]], record: Mapping[str, Any], fold: Any) -> bool:
    """Whether the rows say no more than the standard's own range and accuracy (its default row)."""
    if len(rows) != 1 or rows[0]["parameter"] or rows[0]["conditions"]:
        return False
    return all(fold(rows[0][k]) == fold(record.get(k)) for k in CAPABILITY_CELLS)
