"""An institute's Ed25519 signing key: ids, fingerprints, and the sealed private key file.

Key id
    ``sha256(raw public key)`` as lowercase hex, first 16 characters (64 bits). Short and
    stable; used to name keys in files and tables. Not a security check by itself.

Fingerprint (what lab staff read to each other over the phone)
    The SHA-256 digest of the 32 raw public key bytes, read as one big-endian unsigned
    256-bit integer, reduced modulo 10^40 and written as 40 decimal digits with leading
    zeros, in 8 groups of 5 separated by spaces: ``"01234 56789 ..."``. Digits only, because
    they are easy to read aloud in Chinese and to type on any keyboard; about 133 bits, so
    forging a key with the same fingerprint is out of reach. :func:`fingerprint_matches`
    ignores spaces (also full-width), dashes and full-width digits.

Private key file (``labregistry-private-key`` version 1), UTF-8 JSON::

    {"format": "labregistry-private-key", "version": 1,
     "uscc": ..., "key_id": ..., "algorithm": "Ed25519",
     "public_key": base64(32 bytes), "created_at": "YYYY-MM-DDTHH:MM:SSZ",
     "kdf": {"name": "argon2id", "salt": base64(16), "memory_cost": KiB, "iterations": t, "lanes": p}
         or {"name": "scrypt", "salt": base64(16), "n": N, "r": r, "p": p},
     "cipher": {"name": "aes-256-gcm", "nonce": base64(12)},
     "check": base64(32), "ciphertext": base64(32 + 16)}

The passphrase (NFKC-normalised, so full-width and half-width input give the same key;
UTF-8) goes through the KDF to 64 bytes: the first 32 are the AES-256-GCM key, the last 32
give ``check = sha256(b"labregistry/key-check/v1\\n" + them)``. The plaintext is the 32-byte
Ed25519 seed; the associated data is the canonical JSON of every other field, so editing
the uscc, key id, public key or parameters is detected. A wrong passphrase is told apart
from a damaged file by ``check`` (which reveals no more than the GCM tag already does).

KDF cost: Argon2id 64 MiB, t=3, p=4 (about 0.1 s on 2 cores), scrypt N=2^16, r=8 where
Argon2id is missing; tests pass cheaper :class:`Argon2idParams` or set
``LABREGISTRY_TEST_FAST_KDF=1`` (see :func:`default_kdf`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from labregistry.errors import DomainError
from labregistry import files
from labregistry.crypto.jsonform import (
    Reader,
    b64encode,
    canonical_json,
    format_datetime,
    normalise_time,
    parse_object,
    pretty_json,
    uscc_valid,
)
from labregistry.crypto.signing import PUBLIC_KEY_SIZE, sign_payload

try:  # cryptography >= 44
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id as _Argon2id
except ImportError:  # pragma: no cover - depends on the installed cryptography
    _Argon2id = None  # type: ignore[assignment,misc]

ALGORITHM = "Ed25519"
PRIVATE_KEY_FORMAT = "labregistry-private-key"
PRIVATE_KEY_VERSION = 1
PRIVATE_KEY_FILE_LIMIT = 64 * 1024
SALT_SIZE = 16
NONCE_SIZE = 12
SEED_SIZE = 32
FINGERPRINT_GROUPS = 8
FINGERPRINT_GROUP_SIZE = 5
FINGERPRINT_DIGITS = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE
MAX_PASSPHRASE_LENGTH = 1024
FAST_KDF_ENV = "LABREGISTRY_TEST_FAST_KDF"

log = logging.getLogger(__name__)
_CHECK_PREFIX = b"labregistry/key-check/v1\n"


# ---------------------------------------------------------------- ids and fingerprints


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: bytes) -> str:
    """First 16 hex characters of SHA-256 of the 32 raw public key bytes."""
    return hashlib.sha256(_raw(public_key)).hexdigest()[:16]


def fingerprint(public_key: bytes) -> str:
    """40 decimal digits in 8 groups of 5 (see the module docstring for the rule)."""
    number = int.from_bytes(hashlib.sha256(_raw(public_key)).digest(), "big") % 10**FINGERPRINT_DIGITS
    digits = f"{number:0{FINGERPRINT_DIGITS}d}"
    return " ".join(
        digits[i : i + FINGERPRINT_GROUP_SIZE] for i in range(0, FINGERPRINT_DIGITS, FINGERPRINT_GROUP_SIZE)
    )


# spaces and every kind of dash people paste from documents, chat apps or IMEs
_FINGERPRINT_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d\u00b7\u30fb_]+")


def normalise_fingerprint(text: str) -> str | None:
    """The 40 digits of ``text``, or None when it is not a fingerprint.

    NFKC turns full-width digits and spaces into ASCII; spaces and dashes are dropped.
    """
    if not isinstance(text, str):
        return None
    plain = _FINGERPRINT_SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if len(plain) != FINGERPRINT_DIGITS or not all("0" <= ch <= "9" for ch in plain):
        return None
    return plain


def fingerprint_matches(given: str, actual: str) -> bool:
    """True when ``given`` (typed by a person) is the fingerprint ``actual``."""
    a = normalise_fingerprint(given)
    b = normalise_fingerprint(actual)
    return a is not None and b is not None and hmac.compare_digest(a, b)


def _raw(public_key: bytes) -> bytes:
    if not isinstance(public_key, (bytes, bytearray)) or len(public_key) != PUBLIC_KEY_SIZE:
        raise ValueError("an Ed25519 public key is 32 raw bytes")
    return bytes(public_key)


# ---------------------------------------------------------------- public and private halves


@dataclass(frozen=True)
class PublicKeyInfo:
    """The public half of an institute's key and what identifies it."""

    uscc: str
    key_id: str
    public_key: bytes
    created_at: datetime
    algorithm: str = ALGORITHM

    @classmethod
    def of(cls, uscc: str, public_key: bytes, created_at: datetime) -> PublicKeyInfo:
        return cls(uscc=uscc, key_id=key_id(public_key), public_key=bytes(public_key), created_at=created_at)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def summary(self) -> dict[str, str]:
        """What ``keys show --json`` prints."""
        return {"key_id": self.key_id, "fingerprint": self.fingerprint, "uscc": self.uscc}


@dataclass(frozen=True)
class SigningKey:
    """An unlocked private key with its public info; lives in memory only."""

    info: PublicKeyInfo
    private_key: Ed25519PrivateKey = field(repr=False, compare=False)

    @property
    def key_id(self) -> str:
        return self.info.key_id

    @property
    def uscc(self) -> str:
        return self.info.uscc

    @property
    def public_key(self) -> bytes:
        return self.info.public_key

    def sign(self, domain: bytes, payload: dict[str, Any]) -> bytes:
        return sign_payload(self.private_key, domain, payload)


# ---------------------------------------------------------------- KDF parameters


@dataclass(frozen=True)
class Argon2idParams:
    """Argon2id (RFC 9106). Default: its second recommended option, 64 MiB, t=3, p=4
    (about 0.1 s on a 2-core machine)."""

    memory_cost: int = 64 * 1024  # KiB
    iterations: int = 3
    lanes: int = 4
    name: Literal["argon2id"] = "argon2id"

    def check(self) -> str | None:
        """None when usable, else the name of the field out of range."""
        if not 1 <= self.lanes <= 16:
            return "lanes"
        if not 8 * self.lanes <= self.memory_cost <= 2 * 1024 * 1024:
            return "memory_cost"
        if not 1 <= self.iterations <= 64:
            return "iterations"
        return None

    @property
    def weak(self) -> bool:
        """Below OWASP's minimum for Argon2id (19 MiB, t=2)."""
        return self.memory_cost < 19 * 1024 or self.iterations < 2

    def to_dict(self, salt: bytes) -> dict[str, Any]:
        return {
            "name": self.name,
            "salt": b64encode(salt),
            "memory_cost": self.memory_cost,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        if not argon2_available():
            raise DomainError("key.kdf_unsupported", kdf=self.name)
        kdf = _Argon2id(
            salt=salt, length=64, iterations=self.iterations, lanes=self.lanes, memory_cost=self.memory_cost
        )
        return kdf.derive(secret)


@dataclass(frozen=True)
class ScryptParams:
    """scrypt, used where Argon2id is missing. Default N=2^16, r=8, p=1 (64 MiB, ~0.15 s)."""

    n: int = 2**16
    r: int = 8
    p: int = 1
    name: Literal["scrypt"] = "scrypt"

    def check(self) -> str | None:
        if self.n < 2 or self.n & (self.n - 1) or self.n > 2**20:
            return "n"
        if not 1 <= self.r <= 32 or 128 * self.n * self.r > 1024**3:
            return "r"
        if not 1 <= self.p <= 16:
            return "p"
        return None

    @property
    def weak(self) -> bool:
        """Cheaper than N=2^15, r=8, p=1 (a quarter of OWASP's recommended N=2^17, r=8)."""
        return self.n * self.r * self.p < 2**15 * 8

    def to_dict(self, salt: bytes) -> dict[str, Any]:
        return {"name": self.name, "salt": b64encode(salt), "n": self.n, "r": self.r, "p": self.p}

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        return Scrypt(salt=salt, length=64, n=self.n, r=self.r, p=self.p).derive(secret)


KdfParams = Argon2idParams | ScryptParams

#: Cheap parameters for tests only: they make a stolen key file easy to brute-force.
INSECURE_TEST_KDF: KdfParams = Argon2idParams(memory_cost=8, iterations=1, lanes=1)
INSECURE_TEST_SCRYPT: KdfParams = ScryptParams(n=16, r=1, p=1)


@cache
def argon2_available() -> bool:
    """Argon2id needs cryptography >= 44 built with OpenSSL >= 3.2."""
    if _Argon2id is None:
        return False
    try:
        _Argon2id(salt=b"\0" * 16, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"probe")
    except UnsupportedAlgorithm:
        return False
    return True


def default_kdf() -> KdfParams:
    """Production parameters: Argon2id when available, else scrypt.

    With env ``LABREGISTRY_TEST_FAST_KDF=1`` (set by the test suite, so that CLI tests
    run as processes stay fast) the insecure test parameters instead, with a warning in the
    log; such a key file says so through :attr:`PrivateKeyFile.weak`.
    """
    if os.environ.get(FAST_KDF_ENV) == "1":
        log.warning("%s=1: sealing the private key with insecure test KDF parameters", FAST_KDF_ENV)
        return INSECURE_TEST_KDF
    return Argon2idParams() if argon2_available() else ScryptParams()


def prepare_passphrase(passphrase: str) -> bytes:
    """NFKC-normalised UTF-8 bytes of ``passphrase``; refuses an empty one."""
    if not isinstance(passphrase, str):
        raise TypeError("the passphrase is a str")
    text = unicodedata.normalize("NFKC", passphrase)
    if not text.strip():
        raise DomainError("key.passphrase_empty")
    if len(text) > MAX_PASSPHRASE_LENGTH:
        raise DomainError("key.passphrase_too_long", limit=MAX_PASSPHRASE_LENGTH)
    return text.encode("utf-8")


def _check_value(check_key: bytes) -> bytes:
    return hashlib.sha256(_CHECK_PREFIX + check_key).digest()


# ---------------------------------------------------------------- the private key file


@dataclass(frozen=True)
class PrivateKeyFile:
    """The sealed private key as stored on disk; holds nothing usable without the passphrase."""

    info: PublicKeyInfo
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    check: bytes
    ciphertext: bytes
    source: str = field(default="-", compare=False)

    @property
    def weak(self) -> bool:
        """Sealed with KDF parameters too cheap for production (e.g. made by a test)."""
        return self.kdf.weak

    def header(self) -> dict[str, Any]:
        """Every field but the ciphertext: the AEAD's associated data."""
        return {
            "format": PRIVATE_KEY_FORMAT,
            "version": PRIVATE_KEY_VERSION,
            "uscc": self.info.uscc,
            "key_id": self.info.key_id,
            "algorithm": self.info.algorithm,
            "public_key": b64encode(self.info.public_key),
            "created_at": format_datetime(self.info.created_at),
            "kdf": self.kdf.to_dict(self.salt),
            "cipher": {"name": "aes-256-gcm", "nonce": b64encode(self.nonce)},
            "check": b64encode(self.check),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.header(), "ciphertext": b64encode(self.ciphertext)}

    def to_bytes(self) -> bytes:
        return pretty_json(self.to_dict())

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str = "-") -> PrivateKeyFile:
        """Strictly parse a private key file; ``key.file_malformed`` naming the fault."""
        context = {"file": source}
        obj = parse_object(data, code="key.file_malformed", limit=PRIVATE_KEY_FILE_LIMIT, context=context)
        r = Reader(obj, code="key.file_malformed", context=context)
        r.exact_keys(
            (
                "format", "version", "uscc", "key_id", "algorithm", "public_key",
                "created_at", "kdf", "cipher", "check", "ciphertext",
            )
        )  # fmt: skip
        r.const("format", PRIVATE_KEY_FORMAT, "json.bad_format")
        r.version("version", PRIVATE_KEY_VERSION)
        r.const("algorithm", ALGORITHM)
        uscc = r.uscc("uscc")
        public_key = r.b64("public_key", PUBLIC_KEY_SIZE)
        kid = r.key_id("key_id")
        if kid != key_id(public_key):
            raise r.fail("key_id", "json.bad_value", expected=key_id(public_key), actual=kid)
        created_at = r.time("created_at")
        k = r.obj_at("kdf")
        kdf: KdfParams
        name = k.choice("name", ("argon2id", "scrypt"))
        if name == "argon2id":
            k.exact_keys(("name", "salt", "memory_cost", "iterations", "lanes"))
            kdf = Argon2idParams(
                memory_cost=k.integer("memory_cost", 8, 2 * 1024 * 1024),
                iterations=k.integer("iterations", 1, 64),
                lanes=k.integer("lanes", 1, 16),
            )
        else:
            k.exact_keys(("name", "salt", "n", "r", "p"))
            kdf = ScryptParams(n=k.integer("n", 2, 2**20), r=k.integer("r", 1, 32), p=k.integer("p", 1, 16))
        bad = kdf.check()
        if bad is not None:
            raise k.fail(bad, "key.kdf_param", actual=getattr(kdf, bad))
        salt = k.b64("salt", SALT_SIZE)
        c = r.obj_at("cipher")
        c.exact_keys(("name", "nonce"))
        c.const("name", "aes-256-gcm")
        nonce = c.b64("nonce", NONCE_SIZE)
        check = r.b64("check", 32)
        ciphertext = r.b64("ciphertext", SEED_SIZE + 16)
        info = PublicKeyInfo(uscc=uscc, key_id=kid, public_key=public_key, created_at=created_at)
        return cls(
            info=info, kdf=kdf, salt=salt, nonce=nonce, check=check, ciphertext=ciphertext, source=source
        )

    def unlock(self, passphrase: str) -> SigningKey:
        """The private key; ``key.passphrase_wrong`` or ``key.file_damaged`` otherwise."""
        secret = prepare_passphrase(passphrase)
        derived = self.kdf.derive(secret, self.salt)
        if not hmac.compare_digest(_check_value(derived[32:]), self.check):
            raise DomainError("key.passphrase_wrong")
        try:
            seed = AESGCM(derived[:32]).decrypt(self.nonce, self.ciphertext, canonical_json(self.header()))
        except InvalidTag:
            raise DomainError("key.file_damaged", file=self.source) from None
        private_key = Ed25519PrivateKey.from_private_bytes(seed)
        if not hmac.compare_digest(raw_public_bytes(private_key.public_key()), self.info.public_key):
            raise DomainError("key.file_damaged", file=self.source)
        return SigningKey(info=self.info, private_key=private_key)

    def write(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Atomically, with permissions 0600."""
        return files.atomic_write(path, self.to_bytes(), mode=0o600, overwrite=overwrite)


def seal(signing_key: SigningKey, passphrase: str, *, kdf: KdfParams | None = None) -> PrivateKeyFile:
    """Encrypt ``signing_key`` under ``passphrase`` (fresh salt and nonce)."""
    params = kdf if kdf is not None else default_kdf()
    bad = params.check()
    if bad is not None:
        raise ValueError(f"KDF parameter {bad} out of range: {params}")
    secret = prepare_passphrase(passphrase)
    salt = os.urandom(SALT_SIZE)
    nonce = os.urandom(NONCE_SIZE)
    derived = params.derive(secret, salt)
    unsealed = PrivateKeyFile(
        info=signing_key.info,
        kdf=params,
        salt=salt,
        nonce=nonce,
        check=_check_value(derived[32:]),
        ciphertext=b"",
    )
    seed = signing_key.private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    ciphertext = AESGCM(derived[:32]).encrypt(nonce, seed, canonical_json(unsealed.header()))
    return PrivateKeyFile(
        info=unsealed.info, kdf=params, salt=salt, nonce=nonce, check=unsealed.check, ciphertext=ciphertext
    )


def new_signing_key(
    uscc: str, passphrase: str, *, kdf: KdfParams | None = None, now: datetime | None = None
) -> tuple[SigningKey, PrivateKeyFile]:
    """A fresh key for institute ``uscc``: unlocked in memory, and sealed for the disk."""
    if not isinstance(uscc, str) or not uscc_valid(uscc):
        raise DomainError("key.uscc_invalid", uscc=uscc)
    prepare_passphrase(passphrase)  # refuse an empty passphrase before any work
    private_key = Ed25519PrivateKey.generate()
    info = PublicKeyInfo.of(uscc, raw_public_bytes(private_key.public_key()), normalise_time(now))
    signing_key = SigningKey(info=info, private_key=private_key)
    return signing_key, seal(signing_key, passphrase, kdf=kdf)


def generate_key(
    uscc: str, passphrase: str, *, kdf: KdfParams | None = None, now: datetime | None = None
) -> tuple[PrivateKeyFile, PublicKeyInfo]:
    """A fresh key: the sealed private key file (write it with ``.write(path)``) and its public info."""
    signing_key, sealed = new_signing_key(uscc, passphrase, kdf=kdf, now=now)
    return sealed, signing_key.info


def read_private_key_file(path: str | os.PathLike[str]) -> PrivateKeyFile:
    """The sealed file without unlocking it (enough for ``keys show``)."""
    return PrivateKeyFile.from_bytes(files.read_capped(path, PRIVATE_KEY_FILE_LIMIT), source=str(path))


def load_private_key(path: str | os.PathLike[str], passphrase: str) -> SigningKey:
    """Read and unlock the private key file at ``path``."""
    return read_private_key_file(path).unlock(passphrase)


def write_private_key(
    path: str | os.PathLike[str], key_file: PrivateKeyFile, *, overwrite: bool = False
) -> Path:
    return key_file.write(path, overwrite=overwrite)
