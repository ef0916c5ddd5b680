"""Integrity checks of the database (``check``, and at start-up)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from labregistry import faults, i18n
from labregistry.config import Home
from labregistry.storage import db


def check_database(home: Home) -> dict[str, Any]:
    """Integrity, foreign keys and schema revision, without migrating or writing.

    ``problems`` holds the database's own diagnostics as text and the registry's as
    :class:`~labregistry.i18n.Message` values, which the caller renders
    (:func:`labregistry.i18n.rendered`)."""
    missing = db.missing_sqlite_file(home.db_url)
    if missing is not None:
        return {"ok": False, "backend": "sqlite", "database": str(missing), "problems": [
            i18n.Message.of("check.missing", path=str(missing))]}
    engine = db.make_engine(home.db_url)
    file = db.sqlite_path(home.db_url)
    report: dict[str, Any] = {
        "ok": False,
        "backend": engine.dialect.name,
        # a SQLite file by its path as the user knows it (its URL percent-encodes Chinese and
        # '#'); a server by its URL, without the password
        "database": str(file) if file is not None else engine.url.render_as_string(hide_password=True),
        "integrity": None,
        "foreign_key_violations": None,
        "schema_revision": None,
        "schema_head": None,
        "problems": [],
    }
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                report["integrity"] = "ok" if rows == ["ok"] else rows
                fk = list(conn.execute(text("PRAGMA foreign_key_check")))
                report["foreign_key_violations"] = len(fk)
            else:
                conn.execute(text("SELECT 1"))
                report["integrity"] = "ok"
                report["foreign_key_violations"] = 0
        report["schema_revision"] = db.current_revision(engine)
        report["schema_head"] = db.head_revision(engine)
        if report["schema_revision"] == report["schema_head"] and report["integrity"] == "ok":
            from labregistry.storage import searchindex

            with engine.connect() as conn:
                report["search_index"] = searchindex.check(conn)
            report["problems"].extend(f"search index: {p}" for p in report["search_index"])
    except SQLAlchemyError as exc:
        fault = faults.explain(exc, faults.where_of(home))
        if fault is not None and fault.code != "db.damaged":
            raise fault from exc  # the machine's fault (full disk, server down...), not the database's
        report["problems"].append(" ".join(str(exc.orig if hasattr(exc, "orig") else exc).split()))
    finally:
        engine.dispose()
    if report["integrity"] not in (None, "ok"):
        report["problems"].append("integrity_check: " + "; ".join(map(str, report["integrity"]))[:500])
    if report["foreign_key_violations"]:
        report["problems"].append(f"foreign_key_check: {report['foreign_key_violations']} violations")
    if report["schema_revision"] != report["schema_head"] and not report["problems"]:
        report["problems"].append(
            i18n.Message.of("check.schema_old", current=report["schema_revision"], head=report["schema_head"])
        )
    report["ok"] = not report["problems"]
    return report

