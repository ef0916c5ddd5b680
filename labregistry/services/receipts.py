"""The bundles this registry has received: the list the overview and the exchange page show.

Apart from :mod:`labregistry.services.exchange` on purpose: reading the receipts needs only
the database, while that module brings the bundle format, the workbook reader and the
cryptography with it, which the app's start (the overview as its first page) must not load.
"""

from __future__ import annotations

from typing import Any

from labregistry.registry import Registry


def received_bundles(reg: Registry, limit: int = 50) -> list[dict[str, Any]]:
    """Recent imports and their signature status, newest first."""
    with reg.uow() as uow:
        return [
            {"issuer_uscc": r.issuer_uscc, "issuer_name": r.issuer_name, "seq": r.seq, "key_id": r.key_id,
             "issued_at": r.issued_at, "expires_at": r.expires_at, "received_at": r.received_at,
             "expired_accepted": r.expired_accepted, "added": r.added, "changed": r.changed,
             "withdrawn": r.withdrawn}
            for r in uow.received.recent(limit)
        ]
