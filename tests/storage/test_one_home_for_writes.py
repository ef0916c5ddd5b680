"""Storage owns every write: no module outside labregistry/storage writes rows or schema itself.

The bundle merge, the ledger import and the demo generator used to write with their own
INSERT/DELETE statements, and an import service re-implemented the unit of work's bulk
audit; a change to how rows are written (a column every row needs, the search index's
deferred mode) then had to be made in each. This test reads the core's source: a module
outside storage that builds a write statement, calls the bulk inserts or opens the
search index's bulk mode fails it, naming the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "labregistry"
STORAGE = CORE / "storage"
WRITE_STATEMENTS = {"insert", "update", "delete"}  # sqlalchemy's statement builders
BULK_WRITERS = {"insert_rows", "insert_returning_ids", "insert_values", "insert_values_returning_ids"}
WRITE_SQL = ("INSERT ", "UPDATE ", "DELETE ", "CREATE ", "DROP ", "ALTER ")


def _writes(source: str, where: str) -> list[str]:
    """Each write statement ``source`` makes, as ``where:line what``, in line order."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module.startswith("sqlalchemy") and names & WRITE_STATEMENTS:
                found.append(f"{where}:{node.lineno} imports {sorted(names & WRITE_STATEMENTS)} from {node.module}")
            if node.module == "labregistry.storage.bulk" and names & BULK_WRITERS:
                found.append(f"{where}:{node.lineno} imports the bulk inserts {sorted(names & BULK_WRITERS)}")
        if isinstance(node, ast.Attribute) and node.attr in BULK_WRITERS:
            found.append(f"{where}:{node.lineno} calls bulk.{node.attr}")
        if isinstance(node, ast.Attribute) and node.attr == "deferred" and \
                isinstance(node.value, ast.Name) and node.value.id in {"textindex", "searchindex"}:
            found.append(f"{where}:{node.lineno} opens the search index's bulk mode itself")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "exec_driver_sql" and node.args and isinstance(node.args[0], ast.JoinedStr | ast.Constant):
            first = node.args[0]
            head = first.value if isinstance(first, ast.Constant) else (
                first.values[0].value if first.values and isinstance(first.values[0], ast.Constant) else "")
            if str(head).lstrip().upper().startswith(WRITE_SQL):
                found.append(f"{where}:{node.lineno} runs {str(head).split()[0]} SQL")
    return sorted(found, key=lambda line: int(line.split(" ", 1)[0].rsplit(":", 1)[1]))


def test_no_module_outside_storage_writes_rows_or_schema() -> None:
    modules = [p for p in CORE.rglob("*.py") if STORAGE not in p.parents]
    assert len(modules) > 50  # the core was found
    found = [line for p in sorted(modules)
             for line in _writes(p.read_text(encoding="utf-8"), str(p.relative_to(CORE.parent)))]
    assert found == [], "writes belong in labregistry/storage:\n" + "\n".join(found)


def test_the_check_sees_a_write_statement() -> None:
    """The scan is not blind: the kinds of writes the core used to make are each found."""
    sample = (
        "from sqlalchemy import delete, select\n"
        "from labregistry.storage.bulk import insert_rows\n"
        "def f(conn, t):\n"
        "    conn.execute(delete(t))\n"
        "    bulk.insert_values(conn, t, [], [])\n"
        "    with textindex.deferred(conn):\n"
        "        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS {t}')\n"
    )
    assert [line.split(" ", 1)[1] for line in _writes(sample, "sample.py")] == [
        "imports ['delete'] from sqlalchemy",
        "imports the bulk inserts ['insert_rows']",
        "calls bulk.insert_values",
        "opens the search index's bulk mode itself",
        "runs DROP SQL",
    ]
