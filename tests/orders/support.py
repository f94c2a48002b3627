"""A PAID order made through the real checkout flow (cart, checkout, Stripe stand-in)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.cart.support import eu_zone, variant
from tests.checkout.support import CHECKOUT_COMPLETE, create_checkout, intent_id, ready_cart
from tests.helpers import TenantSetup, call
from tests.stripe_stub import StripeStub


async def paid_order(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    stripe_stub: StripeStub,
    quantities: tuple[int, ...] = (2, 1),
    email: str = "shopper@example.com",
    zone: bool = True,
) -> dict[str, Any]:
    """An order of one line per quantity; `zone` adds the tenant's shipping zone first."""
    if zone:
        await eu_zone(client, tenant)
    lines = [
        {"merchandiseId": await variant(client, tenant, price="10.00", quantity=20), "quantity": q}
        for q in quantities
    ]
    cart_id = await ready_cart(client, tenant, lines, email=email)
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    stripe_stub.succeed(intent_id(checkout))
    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    order: dict[str, Any] = body["data"]["checkoutComplete"]["order"]
    assert order["status"] == "PAID"
    return order
