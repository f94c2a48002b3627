"""The adapter for a connection: its kind's module, its decrypted credentials, its limits.

Per-kind request rates (the bucket every process shares, http.py): AliExpress allows well
over 10 calls a second per app; CJ's base tier about one a second per account; a feed is
one request per run.
"""

from __future__ import annotations

from typing import Any

import httpx
from redis.asyncio import Redis

from app.settings import Settings
from app.suppliers import secrets
from app.suppliers.adapters.aliexpress import AliExpressAdapter
from app.suppliers.adapters.base import SupplierAdapter, SupplierError
from app.suppliers.adapters.cj import CJAdapter
from app.suppliers.adapters.feed import FeedAdapter
from app.suppliers.adapters.http import Limits, SupplierHttp
from app.suppliers.rules import SupplierKind

LIMITS = {
    SupplierKind.ALIEXPRESS: Limits(rate=10, burst=10),
    SupplierKind.CJ: Limits(rate=1, burst=2),
    SupplierKind.FEED: Limits(rate=1, burst=5),
}


def adapter_for(
    row: Any, *, settings: Settings, redis: Redis | None, client: httpx.AsyncClient
) -> SupplierAdapter:
    """`row`: a supplier_connections row with its ciphertexts."""
    kind = SupplierKind(row.kind)
    try:
        credentials = secrets.decrypt(settings, row.credentials)
    except secrets.SecretsError as exc:
        raise SupplierError(str(exc)) from exc
    http = SupplierHttp(client, redis=redis, bucket=str(row.id), limits=LIMITS[kind])
    if kind is SupplierKind.ALIEXPRESS:
        return AliExpressAdapter(
            http,
            base=settings.aliexpress_api_base,
            credentials=credentials,
            ship_to=settings.supplier_ship_to,
        )
    if kind is SupplierKind.CJ:
        return CJAdapter(
            http,
            base=settings.cj_api_base,
            credentials=credentials,
            ship_to=settings.supplier_ship_to,
        )
    return FeedAdapter(
        http,
        url=row.feed_url,
        credentials=credentials,
        max_bytes=settings.feed_max_bytes,
        allow_private=settings.suppliers_allow_private,
    )


def http_client(settings: Settings) -> httpx.AsyncClient:
    """One client per run (connection pooling across a sync's requests), for the supplier
    APIs at their configured (trusted) base URLs; feeds and images, whose URLs come from
    staff or suppliers, connect through app/net/ssrf.py's pinned transport instead."""
    return httpx.AsyncClient(timeout=settings.supplier_timeout_seconds, follow_redirects=False)
