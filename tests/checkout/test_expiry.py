"""The periodic expiry: an unpaid reservation is released and answers that it expired; an
expired cart is deleted; the sweep is elected by a Redis lock."""

from __future__ import annotations

import httpx
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.db.tenant import tenant_transaction
from app.expiry import LOCK_KEY, sweep, sweep_if_elected
from tests.cart.support import CART, eu_zone, new_cart, variant
from tests.checkout.support import (
    CHECKOUT_COMPLETE,
    checkout_uuid,
    create_checkout,
    ready_cart,
    scalar,
    stock,
)
from tests.helpers import TenantFactory, TenantSetup, call


async def backdate(engine: AsyncEngine, tenant: TenantSetup, sql: str, **params: object) -> None:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(text(sql), params)
        # The sweep would visit this tenant at the original time; make it due now.
        await conn.execute(
            text("UPDATE tenant_expiry_due SET due_at = now() - interval '1 second'")
        )


async def test_expired_reservation_is_released_and_reported(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Expiry checkout")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=5)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 3}])
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    fresh = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    kept = (await create_checkout(client, tenant, fresh))["checkout"]
    assert await stock(engine, tenant, shirt) == (5, 4)

    await sweep(engine)  # nothing due yet
    assert await stock(engine, tenant, shirt) == (5, 4)

    await backdate(
        engine,
        tenant,
        "UPDATE checkouts SET reserved_until = now() - interval '1 minute' WHERE id = :c",
        c=checkout_uuid(checkout),
    )
    result = await sweep(engine)
    assert result.checkouts >= 1
    assert await stock(engine, tenant, shirt) == (5, 1)  # the other checkout still holds 1
    status = "SELECT status FROM checkouts WHERE id = :c"
    assert await scalar(engine, tenant, status, c=checkout_uuid(checkout)) == "EXPIRED"
    assert await scalar(engine, tenant, status, c=checkout_uuid(kept)) == "PAYMENT_PENDING"

    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    assert [e["code"] for e in body["data"]["checkoutComplete"]["userErrors"]] == ["EXPIRED"]
    # The next due time is the other checkout's reservation.
    due = "SELECT due_at > now() FROM tenant_expiry_due WHERE tenant_id = :t"
    assert await scalar(engine, tenant, due, t=tenant.tenant_id) is True


async def test_expired_cart_is_deleted(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Expiry cart")
    shirt = await variant(client, tenant)
    old = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    young = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    await backdate(
        engine,
        tenant,
        "UPDATE carts SET expires_at = now() - interval '1 minute' WHERE id = :c",
        c=checkout_uuid(old),
    )
    # Expired carts are invisible at once, and gone after the sweep.
    body = await call(client, CART, {"id": old["id"]}, tenant.storefront)
    assert body["data"]["cart"] is None
    await sweep(engine)
    count = "SELECT count(*) FROM carts WHERE tenant_id = :t"
    assert await scalar(engine, tenant, count, t=tenant.tenant_id) == 1
    body = await call(client, CART, {"id": young["id"]}, tenant.storefront)
    assert body["data"]["cart"]["totalQuantity"] == 1


async def test_one_process_at_a_time_sweeps(app: Starlette) -> None:
    resources = app.state.resources
    redis: Redis = resources.redis
    await redis.delete(LOCK_KEY)
    first = await sweep_if_elected(resources.engine, redis, ttl_seconds=30)
    second = await sweep_if_elected(resources.engine, redis, ttl_seconds=30)
    assert (first, second) == (True, False)
    await redis.delete(LOCK_KEY)
