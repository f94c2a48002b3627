"""The worker's periodic work: expired idempotency keys are purged when it starts."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import idempotency
from app.db.idempotency import idempotency_keys
from app.settings import Settings
from tests.catalog.product_support import create_product
from tests.events.support import worker_process
from tests.helpers import TenantFactory, gql

ADJUST = """
mutation ($id: ID!, $key: String) {
  inventoryAdjust(variantId: $id, delta: 1, idempotencyKey: $key) { userErrors { code } } }"""


async def keys(owner_engine: AsyncEngine, tenant_id: object) -> list[str]:
    async with owner_engine.begin() as conn:
        await conn.execute(
            text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)}
        )
        rows = await conn.execute(
            select(idempotency_keys.c.key).where(idempotency_keys.c.tenant_id == tenant_id)
        )
        return sorted(r.key for r in rows)


async def test_the_worker_purges_expired_idempotency_keys(
    settings: Settings,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Purged")
    product = await create_product(client, tenant, title="Keyed", variants=[{"price": "1.00"}])
    variant = product["variants"]["nodes"][0]["id"]
    for key in ("expired", "fresh"):
        body = await gql(client, ADJUST, {"id": variant, "key": key}, tenant.staff)
        assert body["data"]["inventoryAdjust"]["userErrors"] == []
    async with owner_engine.begin() as conn:
        await conn.execute(
            text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant.tenant_id)}
        )
        await conn.execute(
            idempotency_keys.update()
            .where(idempotency_keys.c.key == "expired")
            .values(created_at=func.now() - idempotency.TTL * 2)
        )
    with worker_process(settings):
        for _ in range(150):
            if await keys(owner_engine, tenant.tenant_id) == ["fresh"]:
                break
            await asyncio.sleep(0.1)
    assert await keys(owner_engine, tenant.tenant_id) == ["fresh"]
