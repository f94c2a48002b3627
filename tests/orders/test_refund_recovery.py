"""Refunds Stripe and the app disagree on: a dashboard refund beside one of ours in flight
that together exceed the payment (the webhook records what Stripe did, never a 500), and a
PENDING refund Stripe never received (the worker asks again with the same idempotency key)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, tenant_transaction
from app.errors import ServiceError
from app.orders.admin import Actor
from app.orders.refunds import Reserved, call_stripe, lock_order, reserve
from app.payments.gateway import StripeGateway
from app.settings import Settings
from jobs.refunds import retry_pending_refunds
from tests.checkout.support import scalar
from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.helpers import TenantFactory, TenantSetup, call, raw
from tests.orders.support import paid_order
from tests.orders.test_refunds import ADMIN_ORDER, intent_of, stripe_refunds
from tests.payments.test_stripe_webhook import deliver
from tests.stripe_stub import StripeStub


async def pending_refund(
    engine: AsyncEngine, tenant: TenantSetup, order_id: str, amount: int | None = None
) -> Reserved:
    """Step 1 of orderRefund committed, and then the process died: no Stripe call."""
    db = RequestDB(engine, tenant.tenant_id)
    order = await lock_order(db, tenant.tenant_id, raw(order_id))
    reserved = await reserve(
        db,
        tenant_id=tenant.tenant_id,
        order=order,
        amount=amount,
        reason=None,
        source="API",
        actor=Actor(),
    )
    await db.close(commit=True)
    return reserved


async def refunded_amount(engine: AsyncEngine, tenant: TenantSetup, order_id: str) -> int:
    sql = "SELECT refunded_amount FROM orders WHERE id = :o"
    value: int = await scalar(engine, tenant, sql, o=raw(order_id))
    return value


async def age(engine: AsyncEngine, tenant: TenantSetup, seconds: int) -> None:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE refunds SET updated_at = now() - make_interval(secs => :s)"),
            {"s": seconds},
        )


def charge_of(stub: StripeStub, intent: str) -> dict[str, Any]:
    return {
        "id": "ch_" + intent[3:],
        "object": "charge",
        "payment_intent": intent,
        "amount": stub.intents[intent]["amount"],
        "metadata": stub.intents[intent]["metadata"],
        "refunds": {"object": "list", "data": stripe_refunds(stub, intent)},
    }


async def test_a_dashboard_refund_beside_ours_in_flight_is_recorded_without_a_500(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    tenant = await tenants.create("Refund overlap")
    order = await paid_order(client, tenant, stripe_stub, (2,))
    intent = await intent_of(engine, tenant, order["id"])
    total = stripe_stub.intents[intent]["amount"]
    ours = await pending_refund(engine, tenant, order["id"], amount=1000)  # in flight
    assert await refunded_amount(engine, tenant, order["id"]) == 1000
    # Meanwhile the merchant refunds everything in Stripe's dashboard; Stripe accepts it.
    dashboard = stripe_stub._create_refund({"payment_intent": intent})
    assert dashboard["amount"] == total
    payload, signature = stripe_stub.event(
        "charge.refunded", charge_of(stripe_stub, intent), STRIPE_WEBHOOK_SECRET
    )
    response = await deliver(client, payload, signature)
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "REFUNDS_RECORDED"

    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    seen = body["data"]["order"]
    assert seen["status"] == "REFUNDED"
    assert sorted((r["source"], r["status"]) for r in seen["refunds"]) == [
        ("API", "FAILED"),
        ("DASHBOARD", "SUCCEEDED"),
    ]
    assert [t["type"] for t in seen["timeline"]][-2:] == ["REFUND_FAILED", "REFUNDED"]
    assert await refunded_amount(engine, tenant, order["id"]) == total

    # Our call reaches Stripe now: refused (nothing left), and nothing changes here.
    gateway = StripeGateway(settings)
    db = RequestDB(engine, tenant.tenant_id)
    with pytest.raises(ServiceError) as refused:
        await call_stripe(
            db, gateway=gateway, tenant_id=tenant.tenant_id, reserved=ours, actor=Actor()
        )
    await db.close(commit=True)
    await gateway.close()
    assert refused.value.code == "PAYMENT_PROVIDER_ERROR"
    assert await refunded_amount(engine, tenant, order["id"]) == total
    assert len(stripe_refunds(stripe_stub, intent)) == 1


async def worker_round(engine: AsyncEngine, settings: Settings) -> dict[str, int]:
    gateway = StripeGateway(settings)
    try:
        return await retry_pending_refunds(
            {"engine": engine, "settings": settings, "payments": gateway}
        )
    finally:
        await gateway.close()


async def test_a_pending_refund_stripe_never_received_is_made_by_the_worker_once(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    tenant = await tenants.create("Refund crash")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    intent = await intent_of(engine, tenant, order["id"])
    lost = await pending_refund(engine, tenant, order["id"], amount=300)
    # A second one reached Stripe before the crash: asked again, Stripe answers the same refund.
    made = await pending_refund(engine, tenant, order["id"], amount=200)
    gateway = StripeGateway(settings)
    first = await gateway.refund(
        intent_id=intent,
        amount=200,
        idempotency_key=f"refund-{made.refund_id}",
        metadata={  # as call_stripe sends it: the same request, so the same refund
            "tenant_id": str(tenant.tenant_id),
            "order_id": str(made.order_id),
            "refund_id": str(made.refund_id),
        },
    )
    await gateway.close()

    # Young PENDING refunds are a request's own business: left alone.
    counts = await worker_round(engine, settings)
    assert counts.get("SUCCEEDED", 0) == 0 and len(stripe_refunds(stripe_stub, intent)) == 1

    await age(engine, tenant, settings.refund_retry_after_seconds + 5)
    counts = await worker_round(engine, settings)
    assert counts.get("SUCCEEDED", 0) >= 2
    made_at_stripe = stripe_refunds(stripe_stub, intent)
    assert sorted(r["amount"] for r in made_at_stripe) == [200, 300]
    rows = {r.id: (r.status, r.stripe_refund_id) for r in await _refund_rows(engine, tenant)}
    assert rows[made.refund_id] == ("SUCCEEDED", first)
    assert rows[lost.refund_id][0] == "SUCCEEDED"
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    assert body["data"]["order"]["status"] == "PARTIALLY_REFUNDED"
    assert await refunded_amount(engine, tenant, order["id"]) == 500

    # Another round changes nothing.
    await worker_round(engine, settings)
    assert len(stripe_refunds(stripe_stub, intent)) == 2


async def test_a_pending_refund_stripe_refuses_is_failed_and_given_back(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    tenant = await tenants.create("Refund crash refused")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    lost = await pending_refund(engine, tenant, order["id"])
    await age(engine, tenant, settings.refund_retry_after_seconds + 5)
    stripe_stub.fail_next_refund = 1
    await worker_round(engine, settings)
    rows = {r.id: r.status for r in await _refund_rows(engine, tenant)}
    assert rows[lost.refund_id] == "FAILED"
    assert await refunded_amount(engine, tenant, order["id"]) == 0
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    assert body["data"]["order"]["status"] == "PAID"
    assert body["data"]["order"]["timeline"][-1]["type"] == "REFUND_FAILED"


async def _refund_rows(engine: AsyncEngine, tenant: TenantSetup) -> list[Any]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return list(await conn.execute(text("SELECT id, status, stripe_refund_id FROM refunds")))
