"""Traceability (溯源): follow a standard's instruments up the chain, across institutes.

Each main standard instrument (主标准器; ancillary equipment too on request) names the
institute that calibrated it (``traced_to_uscc`` / ``traced_to_name``), the calibration
certificate and its due date. From there:

1. the institute is looked up in the region by USCC, else by its exact name (a USCC that
   differs is then reported as a warning, not a break);
2. a national root ends the chain well: 中国计量科学研究院 (NIM), 中国测试技术研究院
   (NIMTT), or a USCC given as a root (the demo's synthetic NIM is one);
3. at an institute of the region, the upstream standard is the one that can have
   calibrated the instrument. Matching rule, best first: (a) the same quantity as the
   instrument (from its own range text, else from the standard it belongs to) and a
   range that covers the instrument's range; (b) the same quantity, range overlapping or
   unknown; (c) the same JJF 1022 discipline. Among equals: valid on the date, then the
   tightest range. Standards already on the path are never chosen (cycle protection);
4. the chain continues from that standard's instruments, up to ``max_depth`` links.

A link breaks (``status`` and ``problems``) when:

* ``missing_link`` - no traced-to institute is given;
* ``missing_certificate`` - no calibration certificate number or due date;
* ``expired_certificate`` - the calibration is due before the date;
* ``unknown_institute`` - the institute is neither in the region nor a national root;
* ``no_matching_standard`` - the institute is in the region, but holds no standard that
  fits (rule 3);
* ``upstream_not_valid`` - the matched upstream standard is not valid on the date;
* ``cycle`` - the only fitting standards are already on the path;
* ``depth_limit`` - the chain is longer than ``max_depth``.

The result is a tree (each standard with its links, each link with its upstream
standard) and the flat list of chains from the standard to each end, with where each
breaks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, literal_column, or_, select

from labregistry.domain.quantities import parse_range
from labregistry.domain.text import normalise
from labregistry.domain.upstream import UPSTREAM_INSTITUTES
from labregistry.errors import DomainError
from labregistry.inventory import planner, textindex
from labregistry.inventory.recognition import fetch_standard, standard_summary
from labregistry.inventory.search import I, S, is_valid_on, valid_on
from labregistry.storage.bulk import table_of
from labregistry.storage.models import Instrument

IN = table_of(Instrument)

#: National metrology institutes, the roots of the 国家—华东—长三角 chain (by name).
NATIONAL_ROOT_NAMES = frozenset({"中国计量科学研究院", "中国测试技术研究院"})
#: Root USCCs known to the registry (the demo's synthetic national institute among them).
NATIONAL_ROOT_USCCS = frozenset(u.uscc for u in UPSTREAM_INSTITUTES if u.level == "national")
DEFAULT_MAX_DEPTH = 8
MAX_NODES = 2000  # a tree this big is a data problem, not a chain: stop expanding
BREAKS = ("missing_link", "missing_certificate", "expired_certificate", "unknown_institute",
          "no_matching_standard", "upstream_not_valid", "cycle", "depth_limit", "no_instruments", "not_rooted")


@dataclass(frozen=True)
class TraceOptions:
    on: dt.date
    max_depth: int = DEFAULT_MAX_DEPTH
    ancillary: bool = False
    roots: frozenset[str] = field(default_factory=frozenset)  # extra root USCCs or names


@lru_cache(maxsize=4096)
def _instrument_range(text: str | None) -> tuple[str, float, float] | None:
    if not text:
        return None
    try:
        rng = parse_range(text)
    except (DomainError, ValueError):
        return None
    return rng.quantity, rng.min, rng.max


def _clean(name: str | None) -> str:
    return normalise(name or "").strip()


UPSTREAM_COLUMNS = ("id", "code", "quantity", "range_min", "range_max", "status", "issued_on", "valid_until")
"""What a link keeps of its upstream standard (the walk reads the rest by its id)."""


def _fit(t: Any, quantity: str | None, parsed: tuple[str, float, float] | None,
         discipline: str) -> tuple[ColumnElement[int], ColumnElement[str | None]] | None:
    """Rule 3 as SQL over the standards ``t``: a standard's level (3 best) and how it fits an
    instrument of ``quantity`` whose range is ``parsed`` (when it reads), its owner in
    ``discipline`` (two digits of JJF 1022). Of the quantity: 3 ``covers`` the instrument's
    range, 2 ``overlaps`` it, or 2 ``quantity`` when either range is unknown; a range that
    misses it is 1 ``discipline`` in the owner's discipline, else no fit (NULL). Any other
    standard asked for is of the discipline: 1 ``discipline``. None without a quantity: every
    standard asked for (of the discipline) is then 1 ``discipline``."""
    if not quantity:
        return None
    same = t.c.quantity == quantity
    if not parsed:
        return case((same, 2), else_=1), case((same, "quantity"), else_="discipline")
    ranged = and_(same, t.c.range_min.is_not(None), t.c.range_max.is_not(None))
    covers = and_(ranged, t.c.range_min <= parsed[1], t.c.range_max >= parsed[2])
    overlaps = and_(ranged, t.c.range_min <= parsed[2], t.c.range_max >= parsed[1])
    in_discipline = func.substr(func.coalesce(t.c.code, ""), 1, 2) == discipline
    level = case((covers, 3), (overlaps, 2), (ranged, 1), (same, 2), else_=1)
    how = case((covers, "covers"), (overlaps, "overlaps"), (and_(ranged, in_discipline), "discipline"),
               (ranged, None), (same, "quantity"), else_="discipline")
    return level, how


BY_QUANTITY = planner.indexed_table(textindex.RANK_INDEX_BY_QUANTITY)
"""``standard`` read through the covering index led by quantity and range (SQLite; plain on
PostgreSQL). Left to itself SQLite's planner, without statistics (docs: :mod:`.planner`),
read all of the institute's standards for a quantity's: 83 ms against 2 at the region's home."""


def _tiers(quantity: str | None, parsed: tuple[str, float, float] | None,
           discipline: str) -> list[tuple[ColumnElement[bool], ColumnElement[Any]]]:
    """The best levels of rule 3, each asked alone before the whole rule (a fitting standard
    of a higher level ranks above every one of a lower): those that cover the instrument's
    range (3), then the others of its quantity that fit (2); as (condition, how) over
    :data:`BY_QUANTITY`, read from the covering index led by quantity and range alone."""
    fit = _fit(BY_QUANTITY, quantity, parsed, discipline)
    if fit is None:  # no quantity: every standard asked for is of the discipline alone
        return []
    level, how = fit
    same = BY_QUANTITY.c.quantity == quantity
    tiers = [(and_(same, level == 2), how)]
    if parsed:
        covers = and_(same, BY_QUANTITY.c.range_min <= parsed[1], BY_QUANTITY.c.range_max >= parsed[2])
        tiers.insert(0, (covers, literal_column("'covers'")))
    return tiers


class _Tracer:
    def __init__(self, conn: Connection, options: TraceOptions) -> None:
        self.conn = conn
        self.opt = options
        self._institutes: dict[str, dict[str, Any] | None] = {}
        self._root_names = {_clean(n) for n in NATIONAL_ROOT_NAMES} | {_clean(r) for r in options.roots}
        self._root_usccs = set(NATIONAL_ROOT_USCCS) | {r.strip().upper() for r in options.roots}
        self.nodes = 0

    # ------------------------------------------------------------ lookups
    def institute(self, uscc: str | None, name: str | None) -> tuple[dict[str, Any] | None, bool]:
        """(institute in the region, matched by name although the USCC differs)."""
        if uscc:
            key = f"u:{uscc.strip().upper()}"
            if key not in self._institutes:
                row = self.conn.execute(select(I.c.id, I.c.uscc, I.c.name, I.c.province, I.c.city)
                                        .where(I.c.uscc == uscc.strip().upper())).first()
                self._institutes[key] = dict(row._mapping) if row else None
            if self._institutes[key] is not None:
                return self._institutes[key], False
        if name:
            key = f"n:{_clean(name)}"
            if key not in self._institutes:
                row = self.conn.execute(select(I.c.id, I.c.uscc, I.c.name, I.c.province, I.c.city)
                                        .where(I.c.name == _clean(name))).first()
                self._institutes[key] = dict(row._mapping) if row else None
            if self._institutes[key] is not None:
                return self._institutes[key], bool(uscc)
        return None, False

    def is_root(self, uscc: str | None, name: str | None) -> bool:
        return bool((uscc and uscc.strip().upper() in self._root_usccs) or (name and _clean(name) in self._root_names))

    def instruments(self, standard_id: int) -> list[dict[str, Any]]:
        stmt = select(IN).where(IN.c.standard_id == standard_id).order_by(IN.c.position)
        if not self.opt.ancillary:
            stmt = stmt.where(IN.c.role == "main")
        return [dict(r._mapping) for r in self.conn.execute(stmt)]

    def upstream(self, institute_id: int, instrument: dict[str, Any], owner: dict[str, Any],
                 path: set[int]) -> tuple[dict[str, Any] | None, str | None, bool]:
        """(best fitting standard at the institute, how it fits, whether only cycles fitted).

        The database ranks the fitting standards and returns the best one (rule 3, see
        :func:`_fit`): reading them all to rank them here took 0.7 s a trace at a home of
        200,000 standards. The best levels are asked first, each alone, from the quantity's
        covering index (:func:`_tiers`: a few ms); the whole rule only when none of them has a
        standard. Only when none fits off the path is it asked whether one on it did."""
        parsed = _instrument_range(instrument.get("range_text"))
        quantity = parsed[0] if parsed else owner.get("quantity")
        discipline = (owner.get("code") or "")[:2]
        conds = []
        if quantity:
            conds.append(S.c.quantity == quantity)
        if discipline:
            conds.append(S.c.code.between(discipline + "000000", discipline + "999999"))
        if not conds:
            return None, None, False
        if self._quantity_index:
            for covers, fits in _tiers(quantity, parsed, discipline):
                best = self._best(BY_QUANTITY, institute_id, path, covers, fits)
                if best is not None:
                    return best
        fit = _fit(S, quantity, parsed, discipline)
        level, how = fit if fit is not None else (None, literal_column("'discipline'"))
        fitting = and_(or_(*conds), *([how.is_not(None)] if fit else []))
        best = self._best(S, institute_id, path, fitting, how, *([level.desc()] if level is not None else []))
        if best is not None:
            return best
        cycled = bool(path) and self.conn.execute(
            select(S.c.id).where(S.c.institute_id == institute_id, fitting, S.c.id.in_(sorted(path))).limit(1)
        ).first() is not None
        return None, None, cycled

    def _best(self, t: Any, institute_id: int, path: set[int], fitting: ColumnElement[bool], how: ColumnElement[Any],
              *first: ColumnElement[Any]) -> tuple[dict[str, Any], str | None, bool] | None:
        """The best of the institute's standards ``t`` off the ``path`` that is ``fitting``
        (ranked by ``first``, then valid on the date before not, the tightest range, a range
        unknown last, the first made), as :meth:`upstream` returns it; None when none is."""
        span = t.c.range_max - t.c.range_min  # NULL when either end is unknown
        ranking = [*first, case((valid_on(t, self.opt.on), 0), else_=1), span.is_(None), span, t.c.id]
        found = self.conn.execute(
            select(*(t.c[name] for name in UPSTREAM_COLUMNS), how.label("how"))
            .where(t.c.institute_id == institute_id, t.c.id.not_in(sorted(path)), fitting)
            .order_by(*ranking).limit(1)).first()
        if found is None:
            return None
        row = dict(found._mapping)
        return row, row.pop("how"), False

    @cached_property
    def _quantity_index(self) -> bool:
        """Whether :data:`BY_QUANTITY`'s index is there (always on PostgreSQL, which has
        statistics and chooses for itself)."""
        if self.conn.dialect.name != "sqlite":
            return True
        return self.conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                                         (textindex.RANK_INDEX_BY_QUANTITY,)).first() is not None

    # ------------------------------------------------------------ the walk
    def node(self, standard_id: int, path: tuple[int, ...]) -> dict[str, Any]:
        self.nodes += 1
        row = fetch_standard(self.conn, standard_id)
        assert row is not None
        node: dict[str, Any] = {"standard": standard_summary(row, self.opt.on), "links": []}
        for inst in self.instruments(standard_id):
            node["links"].append(self.link(inst, row, (*path, standard_id)))
        return node

    def link(self, inst: dict[str, Any], owner: dict[str, Any], path: tuple[int, ...]) -> dict[str, Any]:
        uscc, name = inst.get("traced_to_uscc"), inst.get("traced_to_name")
        link: dict[str, Any] = {
            "instrument": {k: inst.get(k) for k in ("id", "role", "name", "model", "serial_no", "range_text")},
            "traced_to_uscc": uscc, "traced_to_name": name,
            "calibration_cert_no": inst.get("calibration_cert_no"), "calibration_due": inst.get("calibration_due"),
            "institute": None, "root": False, "match": None, "warnings": [], "problems": [], "upstream": None,
        }
        problems: list[str] = link["problems"]
        if not uscc and not name:
            problems.append("missing_link")
        else:
            if not inst.get("calibration_cert_no") or inst.get("calibration_due") is None:
                problems.append("missing_certificate")
            elif inst["calibration_due"] < self.opt.on:
                problems.append("expired_certificate")
            institute, by_name = self.institute(uscc, name)
            if self.is_root(uscc, name) and institute is None:
                link["root"] = True
                link["institute"] = {"uscc": uscc, "name": name, "level": "national"}
            elif institute is None:
                problems.append("unknown_institute")
            else:
                link["institute"] = {k: institute[k] for k in ("uscc", "name", "province", "city")}
                if by_name:
                    link["warnings"].append("uscc_differs")
                if self.is_root(uscc, name):
                    link["root"] = True
                elif len(path) > self.opt.max_depth or self.nodes >= MAX_NODES:
                    problems.append("depth_limit")
                else:
                    up, how, cycled = self.upstream(institute["id"], inst, owner, set(path))
                    if up is None:
                        problems.append("cycle" if cycled else "no_matching_standard")
                    else:
                        link["match"] = how
                        if not is_valid_on(up, self.opt.on):
                            problems.append("upstream_not_valid")
                        link["upstream"] = self.node(up["id"], path)
        link["status"] = problems[0] if problems else ("root" if link["root"] else "ok")
        return link


def _chains(node: dict[str, Any], prefix: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every path from the standard to an end of the tree, with where it first breaks."""
    out: list[dict[str, Any]] = []
    std = node["standard"]
    if not node["links"]:
        out.append(_chain(prefix, std, "no_instruments"))
    for link in node["links"]:
        step = {
            "standard_id": std["id"], "certificate_no": std["certificate_no"], "standard_name": std["name"],
            "institute_uscc": std["institute_uscc"], "institute_name": std["institute_name"],
            "instrument": link["instrument"]["name"], "traced_to_uscc": link["traced_to_uscc"],
            "traced_to_name": link["traced_to_name"], "calibration_cert_no": link["calibration_cert_no"],
            "calibration_due": link["calibration_due"], "status": link["status"], "problems": link["problems"],
            "match": link["match"],
        }
        path = [*prefix, step]
        if link["upstream"] is not None:
            out.extend(_chains(link["upstream"], path))
        else:
            out.append(_chain(path, None, None))
    return out


def _chain(links: list[dict[str, Any]], last: dict[str, Any] | None, reason: str | None) -> dict[str, Any]:
    first_break = next((i for i, s in enumerate(links) if s["problems"]), None)
    reaches_root = bool(links) and links[-1]["status"] == "root"
    if first_break is not None:
        status, at, why = "broken", first_break, links[first_break]["problems"][0]
    elif reason:
        status, at, why = "broken", len(links), reason
    elif reaches_root:
        status, at, why = "complete", None, None
    else:
        status, at, why = "broken", len(links) - 1, "not_rooted"
    return {"status": status, "breaks_at": at, "reason": why, "links": links}


def trace(conn: Connection, standard_id: int, options: TraceOptions) -> dict[str, Any]:
    """The traceability tree and chains of a standard (see the module)."""
    tracer = _Tracer(conn, options)
    tree = tracer.node(standard_id, ())
    chains = _chains(tree, [])
    breaks = [{"depth": c["breaks_at"], "reason": c["reason"],
               "at": c["links"][c["breaks_at"]] if c["breaks_at"] is not None and c["breaks_at"] < len(c["links"])
               else None}
              for c in chains if c["status"] == "broken"]
    return {
        "standard": tree["standard"],
        "valid_on": options.on,
        "status": "complete" if chains and all(c["status"] == "complete" for c in chains) else "broken",
        "breaks": breaks,
        "chains": chains,
        "tree": tree,
    }
