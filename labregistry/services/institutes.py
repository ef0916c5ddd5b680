"""The own institute and the region's institutes, with the provenance of their records."""

from __future__ import annotations

from typing import Any

from labregistry.registry import Registry
from labregistry.storage.models import Institute

_FIELDS = ("uscc", "name", "name_en", "province", "city", "kind", "address", "contact", "is_own",
           "bundle_seq", "bundle_key_id", "bundle_received_at", "bundle_expires_at", "stale")


def _as_dict(institute: Institute) -> dict[str, Any]:
    return {name: getattr(institute, name) for name in _FIELDS}


def own_institute(reg: Registry) -> dict[str, Any] | None:
    """The own institute's fields, or None before ``init`` (the app then offers first run)."""
    with reg.uow() as uow:
        own = uow.institutes.own()
        return _as_dict(own) if own else None


def region_institutes(reg: Registry) -> list[dict[str, Any]]:
    """Every institute in the registry, the own one first, each with where its data came from."""
    with reg.uow() as uow:
        rows = [_as_dict(i) for i in uow.institutes.all()]
    return sorted(rows, key=lambda r: (not r["is_own"], r["province"], r["name"]))
