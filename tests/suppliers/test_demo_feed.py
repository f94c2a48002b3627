"""The development demo feed: served by the API, seeded as a FEED connection, importable."""

from __future__ import annotations

from decimal import Decimal

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.seed.suppliers import ensure_demo_feed
from app.settings import Settings
from app.suppliers.adapters.feed_parse import parse_feed
from app.suppliers.demo_feed import PATH
from tests.helpers import TenantFactory, call

CONNECTIONS = "{ supplierConnections(first: 5) { nodes { name kind feedUrl } } }"


async def test_the_api_serves_a_valid_demo_feed(client: httpx.AsyncClient) -> None:
    response = await client.get(PATH)
    assert response.status_code == 200
    catalog = parse_feed(response.content)
    assert catalog.errors == []
    assert [p.supplier_product_id for p in catalog.products] == [
        "TEE",
        "MUG",
        "LAMP",
        "SOCK",
        "BAG",
    ]
    tee = catalog.products[0]
    assert [v.title for v in tee.variants] == ["Black / M", "Black / L", "White / M", "White / L"]
    assert not catalog.products[2].variants[0].available  # the lamp is out of stock
    bumped = parse_feed((await client.get(PATH, params={"bump": "50"})).content)
    assert bumped.products[0].variants[0].cost == tee.variants[0].cost + Decimal("0.50")


async def test_seed_creates_the_demo_feed_connection_once(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine, settings: Settings
) -> None:
    tenant = await tenants.create("Demo feed seed")
    assert await ensure_demo_feed(engine, settings, tenant.tenant_id) is True
    assert await ensure_demo_feed(engine, settings, tenant.tenant_id) is False
    nodes = (await call(client, CONNECTIONS, {}, tenant.staff))["data"]["supplierConnections"]
    assert nodes["nodes"] == [
        {"name": "Demo feed", "kind": "FEED", "feedUrl": f"{settings.public_base_url}{PATH}"}
    ]
