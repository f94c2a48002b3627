"""inventory.changed for stock that checkout moves: reserved at checkoutCreate, consumed when
the payment succeeds, released when the reservation expires; each in the transaction of the
change, one event per variant, with the stock as it stands after it."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import global_id
from app.db.tenant import tenant_transaction
from app.expiry import sweep
from tests.cart.support import eu_zone, variant
from tests.checkout.support import (
    CHECKOUT_COMPLETE,
    checkout_uuid,
    create_checkout,
    intent_id,
    ready_cart,
)
from tests.checkout.test_expiry import backdate
from tests.helpers import TenantFactory, TenantSetup, call, raw
from tests.stripe_stub import StripeStub


async def inventory_events(engine: AsyncEngine, tenant: TenantSetup) -> list[dict[str, Any]]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT store_id, payload FROM events WHERE topic = 'inventory.changed' "
                "ORDER BY seq"
            )
        )
        out = []
        for row in rows:
            assert row.store_id == tenant.store_id
            out.append(row.payload)
        return out


def levels(events: list[dict[str, Any]]) -> dict[str, tuple[int, int, int]]:
    return {e["variantId"]: (e["onHand"], e["reserved"], e["available"]) for e in events}


async def test_reservation_payment_and_expiry_announce_inventory_changes(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Inventory events checkout")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10, title="Shirt")
    cap = await variant(client, tenant, quantity=5, title="Cap")
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(text("DELETE FROM events"))  # the products' own events

    lines = [{"merchandiseId": shirt, "quantity": 3}, {"merchandiseId": cap, "quantity": 2}]
    checkout = (await create_checkout(client, tenant, await ready_cart(client, tenant, lines)))[
        "checkout"
    ]
    reserved = await inventory_events(engine, tenant)
    assert levels(reserved) == {shirt: (10, 3, 7), cap: (5, 2, 3)}
    # The payload names the variant and its product by the API's global IDs.
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        product_id = (
            await conn.execute(
                text("SELECT product_id FROM product_variants WHERE id = :v"), {"v": raw(shirt)}
            )
        ).scalar_one()
    by_variant = {e["variantId"]: e for e in reserved}
    assert by_variant[shirt]["productId"] == global_id("Product", product_id)
    assert by_variant[shirt]["sku"] is None

    stripe_stub.succeed(intent_id(checkout))
    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    assert body["data"]["checkoutComplete"]["order"]["status"] == "PAID"
    paid = (await inventory_events(engine, tenant))[2:]
    assert levels(paid) == {shirt: (7, 0, 7), cap: (3, 0, 3)}

    # A reservation that runs out is released, and announced by the sweep's transaction.
    second = (
        await create_checkout(
            client,
            tenant,
            await ready_cart(client, tenant, [{"merchandiseId": cap, "quantity": 3}]),
        )
    )["checkout"]
    await backdate(
        engine,
        tenant,
        "UPDATE checkouts SET reserved_until = now() - interval '1 minute' WHERE id = :c",
        c=checkout_uuid(second),
    )
    await sweep(engine)
    after = (await inventory_events(engine, tenant))[4:]
    assert [levels([e]) for e in after] == [{cap: (3, 3, 0)}, {cap: (3, 0, 3)}]


async def test_a_checkout_short_of_stock_announces_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Inventory events short")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10, title="Shirt")
    cap = await variant(client, tenant, quantity=5, title="Cap")
    lines = [{"merchandiseId": shirt, "quantity": 3}, {"merchandiseId": cap, "quantity": 2}]
    cart_id = await ready_cart(client, tenant, lines)
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        # Sold elsewhere since the cart was filled (the shirt is reserved before the cap).
        await conn.execute(
            text("UPDATE inventory_levels SET on_hand = 1 WHERE variant_id = :v"), {"v": raw(cap)}
        )
        await conn.execute(text("DELETE FROM events"))
    payload = await create_checkout(client, tenant, cart_id)
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_ENOUGH_STOCK"]
    assert await inventory_events(engine, tenant) == []
