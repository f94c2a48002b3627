"""50 shoppers check out the last 10 units at once, through the GraphQL endpoint, on the
app's real connection pool: exactly 10 get a checkout, stock never goes below zero, and
the 10 payments make 10 orders with distinct numbers."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cart.support import eu_zone, variant
from tests.checkout.support import CHECKOUT_COMPLETE, create_checkout, intent_id, ready_cart, stock
from tests.helpers import TenantFactory, call
from tests.stripe_stub import StripeStub

SHOPPERS, STOCK = 50, 10


@pytest.mark.timeout(300)
async def test_fifty_concurrent_checkouts_for_ten_units(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Overselling")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=STOCK)
    carts = [
        await ready_cart(
            client, tenant, [{"merchandiseId": shirt, "quantity": 1}], email=f"s{i}@example.com"
        )
        for i in range(SHOPPERS)
    ]

    results = await asyncio.gather(*(create_checkout(client, tenant, c) for c in carts))
    won = [r["checkout"] for r in results if r["checkout"] is not None]
    lost = [r["userErrors"] for r in results if r["checkout"] is None]
    assert len(won) == STOCK
    assert all(errors[0]["code"] == "NOT_ENOUGH_STOCK" for errors in lost) and len(lost) == 40
    assert await stock(engine, tenant, shirt) == (STOCK, STOCK)

    for checkout in won:
        stripe_stub.succeed(intent_id(checkout))
    done = await asyncio.gather(
        *(call(client, CHECKOUT_COMPLETE, {"id": c["id"]}, tenant.storefront) for c in won)
    )
    numbers = sorted(d["data"]["checkoutComplete"]["order"]["number"] for d in done)
    assert numbers == list(range(1, STOCK + 1))
    assert await stock(engine, tenant, shirt) == (0, 0)
