"""The bulk writers store exactly what the row-by-row SQLAlchemy path stores, on the pass's
engine: on PostgreSQL they send rows by COPY (text with tabs, newlines, backslashes and
Chinese, NULLs, timestamps), and the ids handed back are those of the stored rows, in the
order of the rows given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from labregistry.registry import open_registry
from labregistry.storage import bulk
from labregistry.storage.models import AuditEntry

COLUMNS = ("at", "operator", "source", "action", "entity", "record_uid", "record_label", "before", "after")
AT = dt.datetime(2026, 12, 7, 8, 30, 15, 123456, tzinfo=dt.timezone.utc)
TEXTS = ["制表\t符", "换行\n第二行", "反斜杠 \\N \\. \\\\", "引号 \" ' ；", "", None, "=1+1", "\r\n结尾"]


def _rows(uid_prefix: str) -> list[list[object]]:
    return [[AT + dt.timedelta(seconds=n), "王质量", text, "update", "standard", f"{uid_prefix}{n:04d}", text,
             text, '{"a": "\\u4e2d"}'] for n, text in enumerate(TEXTS)]


def _stored(conn: object, prefix: str) -> list[tuple[object, ...]]:
    cols = [getattr(AuditEntry, c) for c in COLUMNS]
    stmt = select(AuditEntry.id, *cols).where(AuditEntry.record_uid.startswith(prefix)).order_by(AuditEntry.record_uid)  # type: ignore[attr-defined]
    return [tuple(r) for r in conn.execute(stmt)]  # type: ignore[attr-defined]


def test_bulk_values_store_what_the_orm_path_stores(tmp_path: Path) -> None:
    reg = open_registry(tmp_path / "home", logging=False)
    try:
        with reg.engine.begin() as conn:
            bulk.insert_rows(conn, AuditEntry, [dict(zip(COLUMNS, row, strict=True)) for row in _rows("orm")])
            bulk.insert_values(conn, AuditEntry, COLUMNS, _rows("val"))
            ids = bulk.insert_values_returning_ids(conn, AuditEntry, COLUMNS, _rows("ret"))
            reference = [r[1:] for r in _stored(conn, "orm")]
            assert reference[0][0] == AT and reference[2][2] == "反斜杠 \\N \\. \\\\" and reference[5][2] is None
            for prefix in ("val", "ret"):
                assert [r[1:6] + r[7:] for r in _stored(conn, prefix)] == [r[:5] + r[6:] for r in reference]
            assert [r[0] for r in _stored(conn, "ret")] == ids and ids == sorted(ids)
            more = bulk.insert_values_returning_ids(conn, AuditEntry, COLUMNS, _rows("two"))
            assert min(more) > max(ids)
    finally:
        reg.close()
