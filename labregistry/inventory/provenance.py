"""Where each institute's records in the registry came from, and how far to trust them.

A peer's records enter only through a bundle that verified at import (intact, signed by a
trusted unrevoked key, not a rollback), so the signature status of its records is
the status at import, refined by what happened since:

* ``own`` - the own institute's records (typed here, not signed);
* ``verified`` - imported from a bundle that verified, its key still trusted;
* ``verified_expired`` - verified, but accepted after the bundle's validity had ended;
* ``key_revoked`` - verified at import, received before the time from which its key is not
  trusted (a compromise date), but the key has since been revoked: the records stay, marked;
* ``key_compromised`` - verified at import, but received after the time from which its key
  is not to be trusted (the key was compromised then, or endorsed by a compromised key):
  whoever held the key may have signed them;
* ``unverified`` - no received bundle is on record (records entered some other way).

``stale`` is true when the bundle was accepted expired, or its validity has ended since:
the issuer has not sent a newer one in time, so its records may be out of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from labregistry import i18n
from labregistry.storage.bulk import table_of
from labregistry.storage.models import (
    Authorisation,
    Institute,
    ReceivedBundle,
    Staff,
    Standard,
    TrustedKey,
)

SIGNATURES = ("own", "verified", "verified_expired", "key_revoked", "key_compromised", "unverified")


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


_INST = table_of(Institute)
_RB = table_of(ReceivedBundle)
_TK = table_of(TrustedKey)
# built once (lists as expanding parameters): a search asks for the provenance of every page
_INSTITUTES = select(_INST.c.id, _INST.c.uscc, _INST.c.name, _INST.c.is_own, _INST.c.bundle_seq,
                     _INST.c.bundle_key_id, _INST.c.bundle_received_at, _INST.c.bundle_expires_at, _INST.c.stale)
_SOME_INSTITUTES = _INSTITUTES.where(_INST.c.id.in_(bindparam("ids", expanding=True)))
_RECEIVED = (select(_RB.c.issuer_uscc, _RB.c.seq, _RB.c.expired_accepted)
             .where(_RB.c.issuer_uscc.in_(bindparam("usccs", expanding=True))))
_REVOKED = select(_TK.c.key_id, _TK.c.revoked_at).where(_TK.c.uscc.in_(bindparam("usccs", expanding=True)), _TK.c.revoked.is_(True))


def institute_provenance(conn: Connection, institute_ids: Iterable[int] | None = None,
                         now: dt.datetime | None = None) -> dict[int, dict[str, Any]]:
    """Provenance of the given institutes (all when None), keyed by institute id."""
    now = now or dt.datetime.now(dt.UTC)
    wanted = None if institute_ids is None else sorted(set(institute_ids))
    if wanted is not None and not wanted:
        return {}
    rows = list(conn.execute(_INSTITUTES) if wanted is None else conn.execute(_SOME_INSTITUTES, {"ids": wanted}))
    usccs = [r.uscc for r in rows if not r.is_own]
    received: dict[tuple[str, int], bool] = {}
    revoked: dict[str, dt.datetime | None] = {}  # key id -> not trusted from
    if usccs:
        for b in conn.execute(_RECEIVED, {"usccs": usccs}):
            received[(b.issuer_uscc, b.seq)] = bool(b.expired_accepted)
        revoked = {k.key_id: _aware(k.revoked_at) for k in conn.execute(_REVOKED, {"usccs": usccs})}
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        expires = _aware(r.bundle_expires_at)
        if r.is_own:
            signature, stale = "own", False
        else:
            key = (r.uscc, r.bundle_seq) if r.bundle_seq is not None else None
            if key is None or key not in received:
                signature = "unverified"
            elif r.bundle_key_id in revoked:
                since, got = revoked[r.bundle_key_id], _aware(r.bundle_received_at)
                after = since is not None and got is not None and got.replace(microsecond=0) > since
                signature = "key_compromised" if after else "key_revoked"
            elif received[key]:
                signature = "verified_expired"
            else:
                signature = "verified"
            stale = bool(r.stale) or (expires is not None and expires < now)
        out[r.id] = {
            "issuer_uscc": r.uscc,
            "issuer_name": r.name,
            "own": bool(r.is_own),
            "bundle_seq": r.bundle_seq,
            "key_id": r.bundle_key_id,
            "received_at": _aware(r.bundle_received_at),
            "expires_at": expires,
            "signature": signature,
            "stale": stale,
        }
    return out


def region_institutes(conn: Connection, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Every institute in the registry with its provenance and record counts; own first."""
    inst = table_of(Institute)
    prov = institute_provenance(conn, None, now)
    counts: dict[str, dict[int, int]] = {}
    for key, model in (("standards", Standard), ("authorisations", Authorisation), ("staff", Staff)):
        t = table_of(model)
        counts[key] = {r[0]: r[1] for r in conn.execute(select(t.c.institute_id, func.count()).group_by(t.c.institute_id))}
    rows = conn.execute(select(inst.c.id, inst.c.uscc, inst.c.name, inst.c.name_en, inst.c.province, inst.c.city,
                               inst.c.kind).order_by(inst.c.is_own.desc(), inst.c.province, inst.c.name))
    return [
        {
            "institute_uscc": r.uscc, "institute_name": r.name, "name_en": r.name_en, "province": r.province,
            "city": r.city, "kind": r.kind,
            **{k: v for k, v in prov[r.id].items() if k not in ("issuer_uscc", "issuer_name")},
            **{k: counts[k].get(r.id, 0) for k in counts},
        }
        for r in rows
    ]


def signature_label(signature: str) -> i18n.Message:
    """Signed, unsigned ...: for the edges and the reports to render."""
    return i18n.Message.of(f"provenance.{signature}")
