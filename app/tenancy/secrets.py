"""Credential formats. A secret names its tenant and row, so it routes without a global lookup.

``<kind>_<base64url(tenant uuid + row uuid)>.<secret>``; only sha256(secret) is stored (the
secret has 256 bits of entropy, so a slow hash adds nothing).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

API_KEY = "esk"
STOREFRONT = "est"
REFRESH = "ert"
INVITE = "eiv"


@dataclass(frozen=True, slots=True)
class ParsedSecret:
    tenant_id: uuid.UUID
    row_id: uuid.UUID
    secret_hash: bytes


def hash_secret(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def mint(kind: str, tenant_id: uuid.UUID, row_id: uuid.UUID) -> tuple[str, bytes]:
    """A new credential string and the hash to store."""
    route = base64.urlsafe_b64encode(tenant_id.bytes + row_id.bytes).rstrip(b"=").decode()
    secret = secrets.token_urlsafe(32)
    return f"{kind}_{route}.{secret}", hash_secret(secret)


def parse(kind: str, value: str) -> ParsedSecret | None:
    if not value.startswith(kind + "_"):
        return None
    route, dot, secret = value[len(kind) + 1 :].partition(".")
    if not dot or not secret or len(route) != 43:
        return None
    try:
        raw = base64.urlsafe_b64decode(route + "=")
    except (binascii.Error, ValueError):
        return None
    return ParsedSecret(uuid.UUID(bytes=raw[:16]), uuid.UUID(bytes=raw[16:]), hash_secret(secret))


def matches(stored: bytes, presented: bytes) -> bool:
    return hmac.compare_digest(stored, presented)


def secret_hint(value: str) -> str:
    """What the dashboard shows of a key: enough to recognise it, nothing to use.

    The kind and the last characters: a key begins with its tenant's route, the same for
    every key of a tenant, so its beginning tells keys apart no better than the kind does.
    """
    return f"{value.partition('_')[0]}_…{value[-6:]}"
