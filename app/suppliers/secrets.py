"""Supplier credentials at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`).

The Fernet key is SHA-256 of EDESTORY_SECRETS_KEY, so any random string of 32+ characters
(`openssl rand -hex 32`) is a key and no one has to produce Fernet's base64 format. Production
refuses to start without it (app/settings.py); dev and test derive one from the JWT secret so
`make dev` needs no setup. Losing the key loses the stored credentials (connections must be
given them again), never anything else.

Decrypted values live only in the adapter that uses them; the API shows a hint (the last 4
characters of each value) and nothing here logs.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

import orjson
from cryptography.fernet import Fernet, InvalidToken

from app.settings import Settings


class SecretsError(ValueError):
    """Stored credentials could not be decrypted (the key changed); no secret in the text."""


def cipher(settings: Settings) -> Fernet:
    material = settings.secrets_key or f"edestory-dev-secrets:{settings.jwt_secret}"
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest()))


def encrypt(settings: Settings, values: Mapping[str, Any]) -> bytes:
    return cipher(settings).encrypt(orjson.dumps(dict(values)))


def decrypt(settings: Settings, token: bytes | None) -> dict[str, Any]:
    if not token:
        return {}
    try:
        values: dict[str, Any] = orjson.loads(cipher(settings).decrypt(bytes(token)))
    except InvalidToken as exc:
        raise SecretsError(
            "The stored credentials cannot be decrypted with EDESTORY_SECRETS_KEY; "
            "set the connection's credentials again"
        ) from exc
    return values


def encrypt_text(settings: Settings, value: str) -> bytes:
    return cipher(settings).encrypt(value.encode())


def decrypt_text(settings: Settings, token: bytes) -> str:
    try:
        return cipher(settings).decrypt(bytes(token)).decode()
    except InvalidToken as exc:
        raise SecretsError("The stored secret cannot be decrypted") from exc


def hint(value: Any) -> str:
    """What the API shows of a secret: its last 4 characters (all of it hidden when short)."""
    text = str(value)
    return "…" + text[-4:] if len(text) >= 12 else "…"


def hints(values: Mapping[str, Any]) -> dict[str, str]:
    return {name: hint(value) for name, value in sorted(values.items())}
