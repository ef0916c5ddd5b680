"""Setting up a registry: the own institute, the operator, and the signing key.

``init`` is all or nothing: the institute is validated before anything is written, the
key is sealed to a temporary name first, and the database row is committed only after
the key file is in place. A second ``init`` on the same registry is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from labregistry import i18n
from labregistry.domain import validation
from labregistry.domain.records import InstituteInput
from labregistry.errors import DomainError
from labregistry.exchange import keys
from labregistry.registry import OPERATOR_KEY, Registry
from labregistry.services import mapping
from labregistry.storage.models import Institute

CURRENT_KEY_FILE = "current"

i18n.register(
    {
        "init.already": {
            "zh": "此数据库已建立本机构：{name}（{uscc}），不能重复初始化",
            "en": "this database already has its own institute: {name} ({uscc}); init refused",
        },
        "init.done": {
            "zh": "已建立本机构 {name}，签名密钥 {key_id}，指纹 {fingerprint}",
            "en": "set up {name}; signing key {key_id}, fingerprint {fingerprint}",
        },
        "key.none": {
            "zh": "本机构尚无签名密钥，请先运行 init",
            "en": "the institute has no signing key yet; run init first",
        },
    }
)


def init_registry(
    reg: Registry, inp: InstituteInput, passphrase: str, *, operator: str | None = None
) -> tuple[Institute, keys.PublicKeyInfo]:
    """Create the own institute and its signing key; refuse if one exists already."""
    validated = validation.validate_institute(inp)
    with reg.uow(operator or reg.operator(), "init") as uow:
        existing = uow.institutes.own()
        if existing is not None:
            raise DomainError("init.already", name=existing.name, uscc=existing.uscc)
        signing_key, sealed = keys.new_signing_key(validated.uscc, passphrase)
        institute = uow.institutes.add(mapping.new_institute(validated, is_own=True))
        if operator:
            uow.settings.set(OPERATOR_KEY, operator)
        uow.audit("create", "institute", institute.uscc, label=institute.name,
                  after=mapping.institute_fields(validated))
        _store_own_key(reg, sealed, signing_key.info.key_id)
        uow.commit()
        return institute, signing_key.info


def _store_own_key(reg: Registry, sealed: keys.PrivateKeyFile, key_id: str) -> None:
    reg.home.keys_dir.mkdir(parents=True, exist_ok=True)
    sealed.write(reg.home.keys_dir / f"{key_id}.key", overwrite=False)
    tmp = reg.home.keys_dir / f".{CURRENT_KEY_FILE}.tmp"
    tmp.write_text(key_id + "\n", encoding="utf-8")
    os.replace(tmp, reg.home.keys_dir / CURRENT_KEY_FILE)


def current_key_path(reg: Registry) -> Path:
    pointer = reg.home.keys_dir / CURRENT_KEY_FILE
    if not pointer.exists():
        raise DomainError("key.none")
    key_id = pointer.read_text(encoding="utf-8").strip()
    return reg.home.keys_dir / f"{key_id}.key"


def own_key_info(reg: Registry) -> keys.PublicKeyInfo:
    """The current key's public half (no passphrase needed)."""
    return keys.read_private_key_file(current_key_path(reg)).info


def unlock_own_key(reg: Registry, passphrase: str) -> keys.SigningKey:
    return keys.load_private_key(current_key_path(reg), passphrase)
