"""Unsubscribe tokens: who (tenant, store, email) signed with the JWT secret, so the link
needs no lookup table and cannot be forged for another address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass

import orjson


@dataclass(frozen=True, slots=True)
class Recipient:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    email: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(secret: str, payload: str) -> str:
    return _b64(
        hmac.new(secret.encode(), b"unsubscribe:" + payload.encode(), hashlib.sha256).digest()
    )


def make_token(secret: str, recipient: Recipient) -> str:
    payload = _b64(
        orjson.dumps([str(recipient.tenant_id), str(recipient.store_id), recipient.email.lower()])
    )
    return f"{payload}.{_sign(secret, payload)}"


def read_token(secret: str, token: str) -> Recipient | None:
    """The recipient, or None for a malformed or forged token."""
    payload, _, signature = token.partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(secret, payload)):
        return None
    try:
        tenant, store, email = orjson.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
        return Recipient(uuid.UUID(tenant), uuid.UUID(store), str(email))
    except (ValueError, TypeError):
        return None
