"""Encryption of participants' identity fields and the keyed hash of their document number.

The secret comes from ``REDPAZ_PARTICIPANTS_KEY`` or, for the embedded demo, from a private file
in ``REDPAZ_HOME/secrets`` (see ``settings.PARTICIPANTS_KEYS``). Several secrets separated by
commas rotate the key: the first encrypts and hashes, the others still decrypt, and
``redpaz rotate_participants_key`` re-encrypts every record and recomputes every hash with the
first one. Two keys are derived from a secret with HKDF, so the encryption key never doubles as
the hashing key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, fields
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from redpaz.ingest.text import normalize_name


@dataclass(frozen=True)
class Identity:
    """The fields that identify a person: encrypted together, never stored in clear."""

    document_number: str = ""
    given_names: str = ""
    first_surname: str = ""
    second_surname: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    guardian_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.first_surname, self.second_surname) if p)

    @property
    def surnames(self) -> str:
        return " ".join(p for p in (self.first_surname, self.second_surname) if p)


_FIELD_ORDER = tuple(f.name for f in fields(Identity))
_FIELDS = set(_FIELD_ORDER)


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode("utf-8")
    )


def _secrets() -> list[str]:
    raw = getattr(settings, "PARTICIPANTS_KEYS", "")
    found = [s.strip() for s in str(raw).split(",") if s.strip()]
    if not found:
        raise ImproperlyConfigured("PARTICIPANTS_KEYS (REDPAZ_PARTICIPANTS_KEY) is empty")
    return found


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(_derive(s, b"redpaz-participants-fernet"))) for s in keys]
    )


@lru_cache(maxsize=4)
def _hash_key(secret: str) -> bytes:
    return _derive(secret, b"redpaz-participants-document-hmac")


def cipher() -> MultiFernet:
    return _fernet(tuple(_secrets()))


def seal(identity: Identity) -> str:
    """Encrypt an identity into a token for the database."""
    payload = {name: value for name in _FIELD_ORDER if (value := getattr(identity, name))}
    return cipher().encrypt(json.dumps(payload, ensure_ascii=False).encode("utf-8")).decode()


def unseal(token: str) -> Identity:
    """Decrypt a token; an erased identity (empty token) is an empty Identity."""
    if not token:
        return Identity()
    try:
        payload = json.loads(cipher().decrypt(token.encode("ascii")))
    except InvalidToken:
        raise ImproperlyConfigured(
            "a participant's identity cannot be decrypted with the configured keys "
            "(REDPAZ_PARTICIPANTS_KEY): was a key removed before rotating?"
        ) from None
    return Identity(**{k: str(v) for k, v in payload.items() if k in _FIELDS})


def reseal(token: str) -> str:
    """Re-encrypt a token with the current (first) key."""
    return cipher().rotate(token.encode("ascii")).decode() if token else ""


def normalize_document(number: object) -> str:
    """Digits and letters only, upper case: '1.017.234-5' -> '10172345'."""
    text = normalize_name(number)
    return text.replace(" ", "")


def document_hash(number: object) -> str:
    """The keyed hash (HMAC-SHA256) of a normalised document number; '' when there is none."""
    normalised = normalize_document(number)
    if not normalised:
        return ""
    key = _hash_key(_secrets()[0])
    return hmac.new(key, normalised.encode("ascii"), hashlib.sha256).hexdigest()
