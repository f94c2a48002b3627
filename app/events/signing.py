"""Standard Webhooks signatures: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.

The secret is shown once as `whsec_<base64 of 24 random bytes>`; the HMAC key is the
decoded bytes, as the `standardwebhooks` libraries expect. While a rotated secret's grace
period runs, `webhook-signature` carries one signature per secret, space-separated (new
first), as the specification allows: a receiver holding either secret verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secret: str,
    msg_id: str,
    timestamp: int,
    body: bytes,
    topic: str,
    previous_secret: str | None = None,
) -> dict[str, str]:
    signatures = [sign(secret, msg_id, timestamp, body)]
    if previous_secret:
        signatures.append(sign(previous_secret, msg_id, timestamp, body))
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
        "x-edestory-topic": topic,
        "user-agent": "Edestory-Webhooks/1",
    }
