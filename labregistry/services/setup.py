"""Setting up a registry: the own institute, the operator, and the signing key.

``init`` is all or nothing: the institute is validated before anything is written, the
key is sealed to a temporary name first, and the database row is committed only after
the key file is in place. A second ``init`` on the same registry is refused.
"""

from __future__ import annotations

from pathlib import Path

from labregistry.domain import validation
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError, register_fields
from labregistry.crypto import keys
from labregistry.crypto.keystore import KeyStore
from labregistry.crypto.passphrase import check_new_passphrase
from labregistry.registry import OPERATOR_KEY, Registry
from labregistry.storage import mapping
from labregistry.storage.models import Institute

register_fields({"operator": ("操作人员", "operator")})


def init_registry(
    reg: Registry, inp: InstituteInput, passphrase: str, *, operator: str | None = None
) -> tuple[Institute, keys.PublicKeyInfo]:
    """Create the own institute and its signing key; refuse if one exists already."""
    validated = validation.validate_institute(inp)
    check_new_passphrase(passphrase, name=validated.name, uscc=validated.uscc)  # chosen now: strong enough
    if operator:
        validation.check_text(operator, "operator")  # the audit trail shows it
    with reg.uow(operator or reg.operator(), "init", write=True) as uow:
        existing = uow.institutes.own()
        if existing is not None:
            raise DomainError("init.already", name=existing.name, uscc=existing.uscc)
        signing_key, sealed = keys.new_signing_key(validated.uscc, passphrase)
        institute = uow.institutes.add(mapping.new_institute(validated, is_own=True))
        if operator:
            uow.settings.set(OPERATOR_KEY, operator)
        uow.audit("create", "institute", institute.uscc, label=institute.name,
                  after=mapping.institute_fields(validated))
        keystore(reg).create(signing_key, sealed, institute.name)
        uow.commit()
        return institute, signing_key.info


def keystore(reg: Registry) -> KeyStore:
    return KeyStore(reg.home.keys_dir, None if reg.is_sqlite else lambda: _no_key_on_a_server(reg))


def _no_key_on_a_server(reg: Registry) -> DomainError:
    """A client of a shared server without a key: the database's own institute is the
    coordinator's centre and its key lives in the coordinator's home (docs/regional-server.md);
    "run init" would only be refused ("already has its own institute"). Before any init,
    the usual "run init"."""
    with reg.uow("") as uow:
        own = uow.institutes.own()
    if own is None:
        return DomainError("key.none")
    return DomainError("key.none_on_server", home=str(reg.home.keys_dir), name=own.name, uscc=own.uscc)


def current_key_path(reg: Registry) -> Path:
    return keystore(reg).key_path()


def own_key_info(reg: Registry) -> keys.PublicKeyInfo:
    """The current key's public half (no passphrase needed)."""
    return keystore(reg).info()


def unlock_own_key(reg: Registry, passphrase: str) -> keys.SigningKey:
    return keystore(reg).unlock(passphrase)


