"""Stock written outside a mutation (the worker's reservation expiry, a supplier sync) makes
the cached storefront answers stale: the next GET persisted query answers the new stock."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.expiry import sweep
from app.graphql.response_cache import generation_key
from app.settings import Settings
from app.suppliers.importing import ImportRequest, import_products
from jobs.suppliers import sync_supplier_products
from tests.cart.support import eu_zone, variant
from tests.checkout.support import checkout_uuid, create_checkout, ready_cart, stock
from tests.checkout.test_expiry import backdate
from tests.graphql.test_http_caching import apq_params
from tests.helpers import TenantFactory
from tests.suppliers.stubs import StubServer
from tests.suppliers.test_import_sync import feed, setup

__all__ = ["feed"]  # a fixture, used by name

STOCK = """query CachedStock {
  products(first: 5) { nodes { variants(first: 5) { nodes { quantityAvailable } } } } }"""


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis_url)
    yield client
    await client.aclose()


async def cached_stock(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[int, str]:
    answer = await client.get("/graphql", params=apq_params(STOCK, {}), headers=headers)
    assert answer.status_code == 200, answer.text
    nodes: list[dict[str, Any]] = answer.json()["data"]["products"]["nodes"]
    return nodes[0]["variants"]["nodes"][0]["quantityAvailable"], answer.headers["etag"]


async def test_released_reservations_change_the_next_cached_answer(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine, redis: Redis
) -> None:
    tenant = await tenants.create("Cache expiry")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=5)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 3}])
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    assert await stock(engine, tenant, shirt) == (5, 3)
    extensions = json.loads(apq_params(STOCK, {})["extensions"])
    await client.post(
        "/graphql", json={"query": STOCK, "extensions": extensions}, headers=tenant.storefront
    )
    before, etag = await cached_stock(client, tenant.storefront)
    assert before == 2
    assert await cached_stock(client, tenant.storefront) == (2, etag)  # served from the cache

    await backdate(
        engine,
        tenant,
        "UPDATE checkouts SET reserved_until = now() - interval '1 minute' WHERE id = :c",
        c=checkout_uuid(checkout),
    )
    result = await sweep(engine, redis)
    assert result.checkouts >= 1
    after, new_etag = await cached_stock(client, tenant.storefront)
    assert after == 5 and new_etag != etag


async def test_a_supplier_sync_bumps_the_generation_only_when_it_wrote(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    redis: Redis,
    feed: tuple[StubServer, dict[str, str]],
) -> None:
    server, content = feed
    tenant = await tenants.create("Cache sync")
    url = f"http://127.0.0.1:{server._server.server_address[1]}/feed.csv"  # type: ignore[union-attr]
    connection_id, rule_id = await setup(client, tenant, url)
    ctx = {
        "engine": engine,
        "settings": settings.with_overrides(suppliers_allow_private=True),
        "redis": redis,
    }
    key = generation_key(tenant.tenant_id)

    async def generation() -> int:
        return int(await redis.get(key) or 0)

    # Nothing linked yet: the sync writes nothing and leaves the cache alone.
    start = await generation()
    nothing = await sync_supplier_products(ctx, str(tenant.tenant_id), str(connection_id), None)
    assert nothing["changed"] == 0
    assert await generation() == start

    db = RequestDB(engine, tenant.tenant_id)
    request = ImportRequest(
        connection_id=connection_id,
        store_id=tenant.store_id,
        supplier_product_ids=None,
        pricing_rule_id=rule_id,
    )
    async with httpx.AsyncClient(timeout=5) as http:
        await import_products(
            db=db,
            tenant_id=tenant.tenant_id,
            settings=ctx["settings"],
            redis=None,
            client=http,
            request=request,
        )
    await db.close(commit=True)

    content["csv"] = content["csv"].replace(",12,", ",3,")
    start = await generation()
    changed = await sync_supplier_products(ctx, str(tenant.tenant_id), str(connection_id), None)
    assert changed["changed"] >= 1
    assert await generation() == start + 1
