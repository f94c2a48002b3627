"""POST /webhooks/stripe: signatures, repeats, ordering, failures, and one order however
often and however concurrently a payment is reported."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.cart.support import eu_zone, variant
from tests.checkout.support import (
    CHECKOUT_COMPLETE,
    checkout_uuid,
    create_checkout,
    intent_id,
    ready_cart,
    scalar,
    stock,
)
from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.discounts.test_discounts import create_discount
from tests.helpers import TenantFactory, TenantSetup, call
from tests.stripe_stub import StripeStub

ORDERS = "SELECT count(*) FROM orders WHERE tenant_id = :t"
EVENTS = "SELECT count(*) FROM stripe_events WHERE tenant_id = :t"


async def deliver(client: httpx.AsyncClient, payload: bytes, signature: str) -> httpx.Response:
    return await client.post(
        "/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
    )


async def paid_checkout(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    stripe_stub: StripeStub,
    quantity: int = 2,
    codes: list[str] | None = None,
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """(checkout, variant ID, the succeeded intent as Stripe has it)."""
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10)
    lines = [{"merchandiseId": shirt, "quantity": quantity}]
    cart_id = await ready_cart(client, tenant, lines, codes=codes)
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    return checkout, shirt, stripe_stub.succeed(intent_id(checkout))


async def test_succeeded_webhook_makes_the_order_once(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook once")
    await create_discount(client, tenant, code="ONE", kind="PERCENTAGE", value="10")
    checkout, shirt, intent = await paid_checkout(client, tenant, stripe_stub, codes=["ONE"])
    assert checkout["cost"]["totalDiscountAmount"]["amount"] != "0.00"
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET
    )
    deliveries = [deliver(client, payload, signature) for _ in range(10)]
    completes = [
        call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront) for _ in range(5)
    ]
    answers = await asyncio.gather(*deliveries, *completes)
    responses: list[httpx.Response] = answers[:10]  # type: ignore[assignment]
    assert [r.status_code for r in responses] == [200] * 10
    outcomes = sorted(r.json()["outcome"] for r in responses)
    assert outcomes.count("REPEAT") >= 9
    orders = {a["data"]["checkoutComplete"]["order"]["id"] for a in answers[10:]}  # type: ignore[index]
    assert len(orders) == 1
    assert await scalar(engine, tenant, ORDERS, t=tenant.tenant_id) == 1
    assert await scalar(engine, tenant, EVENTS, t=tenant.tenant_id) == 1
    timeline = "SELECT count(*) FROM order_events WHERE tenant_id = :t"
    assert await scalar(engine, tenant, timeline, t=tenant.tenant_id) == 2  # PLACED, PAID once
    assert await stock(engine, tenant, shirt) == (8, 0)
    usages = "SELECT count(*) FROM discount_usages WHERE tenant_id = :t"
    assert await scalar(engine, tenant, usages, t=tenant.tenant_id) == 1
    used = "SELECT used_count + reserved_count FROM discounts WHERE tenant_id = :t"
    assert await scalar(engine, tenant, used, t=tenant.tenant_id) == 1


async def test_forged_or_stale_signatures_are_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook forged")
    _, shirt, intent = await paid_checkout(client, tenant, stripe_stub)
    payload, _ = stripe_stub.event("payment_intent.succeeded", intent, "whsec_someone_else")
    _, good = stripe_stub.event("payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET)
    stale_payload, stale = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) - 3600
    )
    for body, signature in (
        (payload, stripe_stub.event("x", {}, "whsec_someone_else")[1]),
        (payload, good),  # a signature of another body
        (stale_payload, stale),
        (payload, ""),
        (b"not json", "t=1,v1=00"),
    ):
        response = await deliver(client, body, signature)
        assert response.status_code == 400, response.text
    assert await scalar(engine, tenant, ORDERS, t=tenant.tenant_id) == 0
    assert await scalar(engine, tenant, EVENTS, t=tenant.tenant_id) == 0
    assert await stock(engine, tenant, shirt) == (10, 2)


async def test_unknown_event_types_are_acknowledged_and_ignored(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook unknown")
    _, shirt, intent = await paid_checkout(client, tenant, stripe_stub)
    payload, signature = stripe_stub.event("charge.dispute.created", intent, STRIPE_WEBHOOK_SECRET)
    response = await deliver(client, payload, signature)
    assert response.status_code == 200 and response.json()["outcome"] == "IGNORED"
    assert await scalar(engine, tenant, EVENTS, t=tenant.tenant_id) == 0
    assert await scalar(engine, tenant, ORDERS, t=tenant.tenant_id) == 0
    assert await stock(engine, tenant, shirt) == (10, 2)


async def test_payment_failed_releases_the_stock(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook failed")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 4}])
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    assert await stock(engine, tenant, shirt) == (10, 4)
    intent = stripe_stub.fail(intent_id(checkout))
    payload, signature = stripe_stub.event(
        "payment_intent.payment_failed", intent, STRIPE_WEBHOOK_SECRET
    )
    response = await deliver(client, payload, signature)
    assert response.status_code == 200 and response.json()["outcome"] == "FAILED"
    assert await stock(engine, tenant, shirt) == (10, 0)
    status = "SELECT status FROM checkouts WHERE id = :c"
    assert await scalar(engine, tenant, status, c=checkout_uuid(checkout)) == "FAILED"

    # The shopper then pays the same intent with another card: reserved again, ordered.
    intent = stripe_stub.succeed(intent["id"])
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET
    )
    response = await deliver(client, payload, signature)
    assert response.json()["outcome"] == "APPLIED"
    assert await stock(engine, tenant, shirt) == (6, 0)


async def test_amount_mismatch_never_makes_a_paid_order(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook mismatch")
    _, shirt, intent = await paid_checkout(client, tenant, stripe_stub)
    wrong = {**intent, "amount": intent["amount"] - 100}
    payload, signature = stripe_stub.event("payment_intent.succeeded", wrong, STRIPE_WEBHOOK_SECRET)
    response = await deliver(client, payload, signature)
    assert response.status_code == 200 and response.json()["outcome"] == "AMOUNT_MISMATCH"
    assert await scalar(engine, tenant, ORDERS, t=tenant.tenant_id) == 0
    kept = "SELECT outcome FROM stripe_events WHERE tenant_id = :t"
    assert await scalar(engine, tenant, kept, t=tenant.tenant_id) == "AMOUNT_MISMATCH"
    assert await stock(engine, tenant, shirt) == (10, 2)  # still held for the right payment
    # The right amount still completes it.
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET
    )
    assert (await deliver(client, payload, signature)).json()["outcome"] == "APPLIED"


async def test_early_event_is_retried_then_applied(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
    owner_engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Webhook early")
    checkout, _, intent = await paid_checkout(client, tenant, stripe_stub)
    # An event for a checkout this database does not show (yet): not recorded, and a status
    # Stripe retries.
    unseen = {**intent, "metadata": {**intent["metadata"], "checkout_id": str(tenant.store_id)}}
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", unseen, STRIPE_WEBHOOK_SECRET
    )
    response = await deliver(client, payload, signature)
    assert response.status_code == 409
    assert await scalar(engine, tenant, EVENTS, t=tenant.tenant_id) == 0

    # The event arriving between the checkout's commit and its recording of the intent
    # (step 3): matched by the intent's metadata, applied, and the intent recorded.
    from sqlalchemy import text

    from app.db.tenant import tenant_transaction

    async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE checkouts SET payment_intent_id = NULL WHERE id = :c"),
            {"c": checkout_uuid(checkout)},
        )
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET
    )
    response = await deliver(client, payload, signature)
    assert response.json()["outcome"] == "APPLIED"
    recorded = "SELECT payment_intent_id FROM checkouts WHERE id = :c"
    assert await scalar(engine, tenant, recorded, c=checkout_uuid(checkout)) == intent["id"]
