"""A supplier's push: which connection, whether the signature holds, what to sync.

Signature: `X-Edestory-Timestamp` (Unix seconds, within TOLERANCE_SECONDS of now, so a
captured push cannot be replayed later) and `X-Edestory-Signature: sha256=<hex>`, the
HMAC-SHA256 of "{timestamp}.{body}" keyed by the connection's webhook secret (shown once
when the connection was created). Body: `{"productIds": ["..."]}`, at most MAX_IDS.

An unknown connection and a wrong signature get the same answer (`None`), so the endpoint
tells a stranger nothing about which connection ids exist.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.settings import Settings
from app.suppliers import secrets
from app.suppliers.models import supplier_connection_routes, supplier_connections

TOLERANCE_SECONDS = 300
MAX_IDS = 1000


class PushError(ValueError):
    """The body is not `{"productIds": [...]}` of strings."""


@dataclass(frozen=True, slots=True)
class Push:
    tenant_id: uuid.UUID
    connection_id: uuid.UUID
    product_ids: list[str]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def product_ids(body: bytes) -> list[str]:
    try:
        parsed: Any = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise PushError("The body is not JSON") from exc
    ids = parsed.get("productIds") if isinstance(parsed, dict) else None
    if (
        not isinstance(ids, list)
        or not 1 <= len(ids) <= MAX_IDS
        or not all(isinstance(i, str) and 1 <= len(i) <= 200 for i in ids)
    ):
        raise PushError(f'The body must be {{"productIds": [1 to {MAX_IDS} ids]}}')
    return list(dict.fromkeys(ids))


async def verified_connection(
    engine: AsyncEngine,
    settings: Settings,
    *,
    connection_id: uuid.UUID,
    timestamp: str,
    signed: str,
    body: bytes,
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(tenant id, connection id) when the push is signed with that connection's secret."""
    if not timestamp.isdigit() or abs(int(timestamp) - time.time()) > TOLERANCE_SECONDS:
        return None
    routes = supplier_connection_routes
    async with tenant_transaction(engine, None) as conn:
        tenant_id = (
            await conn.execute(
                select(routes.c.tenant_id).where(routes.c.connection_id == connection_id)
            )
        ).scalar()
    if tenant_id is None:
        return None
    sc = supplier_connections
    async with tenant_transaction(engine, tenant_id) as conn:
        stored = (
            await conn.execute(
                select(sc.c.webhook_secret).where(
                    sc.c.tenant_id == tenant_id, sc.c.id == connection_id
                )
            )
        ).scalar()
    if not stored:
        return None
    try:
        secret = secrets.decrypt_text(settings, stored)
    except secrets.SecretsError:
        return None
    if not hmac.compare_digest(signature(secret, timestamp, body), signed):
        return None
    return tenant_id, connection_id
