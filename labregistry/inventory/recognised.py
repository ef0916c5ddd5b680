"""Which recognition decisions are in force, and the search's "recognised by the own institute".

Here, in the inventory layer, because the search (:mod:`.search`) filters by it; the
decisions themselves are recorded and listed by :mod:`labregistry.services.decisions`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from labregistry.storage import bulk
from labregistry.storage.models import Institute, RecognitionDecision

D = bulk.table_of(RecognitionDecision)


def in_force_on(on: dt.date) -> ColumnElement[bool]:
    """A decision in force on ``on``: not withdrawn, started, not ended."""
    return and_(D.c.status == "in_force", D.c.valid_from <= on, or_(D.c.valid_until.is_(None), D.c.valid_until >= on))


def recognised_by_own(standard: Any, on: dt.date) -> ColumnElement[bool]:
    """EXISTS a decision of the own institute, in force on ``on``, about the standard (a row
    of ``standard``): its certificate number, or its discipline (the first two digits of its
    code), at its institute. One correlated subquery the search adds to its filter, never a
    query per row."""
    recorder, subject = bulk.table_of(Institute).alias("recorder"), bulk.table_of(Institute).alias("subject")
    return (select(D.c.id)
            .join(recorder, recorder.c.id == D.c.institute_id)
            .join(subject, subject.c.uscc == D.c.subject_uscc)
            .where(recorder.c.is_own.is_(True), subject.c.id == standard.c.institute_id, in_force_on(on),
                   or_(D.c.standard_certificate_no == standard.c.certificate_no,
                       D.c.discipline == func.substr(standard.c.code, 1, 2)))).exists()


def recognised_institutes(conn: Connection, on: dt.date) -> list[int]:
    """The institutes that a decision of the own institute in force on ``on`` names: the only
    ones :func:`recognised_by_own` can accept a standard of. The search narrows to them first
    (a few institutes' standards are checked, not every standard of the region: 99 ms at
    200,000 standards before)."""
    recorder, subject = bulk.table_of(Institute).alias("recorder"), bulk.table_of(Institute).alias("subject")
    stmt = (select(subject.c.id).distinct()
            .select_from(D.join(recorder, recorder.c.id == D.c.institute_id)
                         .join(subject, subject.c.uscc == D.c.subject_uscc))
            .where(recorder.c.is_own.is_(True), in_force_on(on)).order_by(subject.c.id))
    return [int(r[0]) for r in conn.execute(stmt)]
