"""An order's timeline from its start (placed and paid through checkout), and orders refunded
in part before shipping that still go on: fulfilled, delivered, cancelled, refunded."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from tests.cart.support import eu_zone, variant
from tests.checkout.support import CHECKOUT_COMPLETE, create_checkout, intent_id, ready_cart
from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, raw
from tests.orders.support import paid_order
from tests.orders.test_refunds import (
    _on_hand,
    cancel,
    intent_of,
    refund,
    stripe_refunds,
)
from tests.payments.test_stripe_webhook import deliver, paid_checkout
from tests.stripe_stub import StripeStub

TIMELINE = """query ($id: ID!) { order(id: $id) { status financialStatus
  timeline { type fromStatus toStatus message actor createdAt } } }"""
FULFILL = """mutation ($input: OrderFulfillInput!) { orderFulfill(input: $input) {
  order { status financialStatus } userErrors { field code } } }"""
DELIVERED = """mutation ($id: ID!) { orderMarkDelivered(orderId: $id) {
  order { status financialStatus } userErrors { field message code } } }"""
LINES = "query ($id: ID!) { order(id: $id) { lines { id quantity } } }"


async def timeline(client: httpx.AsyncClient, tenant: TenantSetup, order_id: str) -> Any:
    body = await call(client, TIMELINE, {"id": order_id}, tenant.staff)
    return body["data"]["order"]


def steps(order: Any) -> list[tuple[str, str | None, str]]:
    return [(e["type"], e["fromStatus"], e["toStatus"]) for e in order["timeline"]]


async def fulfill(client: httpx.AsyncClient, tenant: TenantSetup, **input: Any) -> Any:
    body = await call(client, FULFILL, {"input": input}, tenant.staff)
    return body["data"]["orderFulfill"]


async def delivered(client: httpx.AsyncClient, tenant: TenantSetup, order_id: str) -> Any:
    body = await call(client, DELIVERED, {"id": order_id}, tenant.staff)
    return body["data"]["orderMarkDelivered"]


async def test_checkout_complete_puts_placed_and_paid_on_the_timeline_in_one_insert(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    sql_counter: SqlCounter,
) -> None:
    tenant = await tenants.create("Timeline")
    await eu_zone(client, tenant)
    lines = [{"merchandiseId": await variant(client, tenant, price="10.00"), "quantity": 2}]
    cart_id = await ready_cart(client, tenant, lines, email="ann@example.com")
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    intent = intent_id(checkout)
    stripe_stub.succeed(intent)
    with sql_counter.measure() as statements:
        body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    order = body["data"]["checkoutComplete"]["order"]
    assert order["status"] == "PAID"
    # The two entries are one statement, in the payment's transaction (+1 on the path).
    assert sum("INSERT INTO order_events" in s for s in statements) == 1
    # The payment's budget: 15 statements before the timeline entries, +1 for their INSERT.
    assert len(statements) == 16, statements
    seen = await timeline(client, tenant, order["id"])
    assert seen["financialStatus"] == "PAID"
    assert steps(seen) == [
        ("PLACED", None, "PENDING_PAYMENT"),
        ("PAID", "PENDING_PAYMENT", "PAID"),
    ]
    placed, paid = seen["timeline"]
    assert placed["message"] == "Placed by ann@example.com at checkout"
    assert paid["message"].startswith("Paid ") and paid["message"].endswith(f"({intent})")
    assert " EUR through Stripe " in paid["message"]
    assert placed["actor"] is None and paid["actor"] is None  # the shopper and Stripe
    assert placed["createdAt"] == paid["createdAt"]  # one transaction
    # A shopper with the token sees the financial status, never the timeline.
    shopper = await call(
        client,
        "query ($id: ID!, $t: String) { order(id: $id, token: $t) { financialStatus } }",
        {"id": order["id"], "t": order["token"]},
        tenant.storefront,
    )
    assert shopper["data"]["order"] == {"financialStatus": "PAID"}


async def test_the_webhook_path_writes_the_two_entries_once_however_often_reported(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Webhook timeline")
    checkout, _, intent = await paid_checkout(client, tenant, stripe_stub)
    payload, signature = stripe_stub.event(
        "payment_intent.succeeded", intent, STRIPE_WEBHOOK_SECRET
    )
    for _ in range(3):
        assert (await deliver(client, payload, signature)).status_code == 200
    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    order = body["data"]["checkoutComplete"]["order"]
    seen = await timeline(client, tenant, order["id"])
    assert steps(seen) == [("PLACED", None, "PENDING_PAYMENT"), ("PAID", "PENDING_PAYMENT", "PAID")]
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        count = (await conn.execute(text("SELECT count(*) FROM order_events"))).scalar_one()
    assert count == 2


async def test_partially_refunded_before_shipping_is_fulfilled_delivered_then_refunded(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub
) -> None:
    tenant = await tenants.create("Goodwill")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))
    goodwill = await refund(client, tenant, order["id"], amount="5.00", reason="Goodwill")
    assert goodwill["userErrors"] == []
    assert goodwill["order"]["status"] == "PARTIALLY_REFUNDED"
    lines = (await call(client, LINES, {"id": order["id"]}, tenant.staff))["data"]["order"]
    big = next(x["id"] for x in lines["lines"] if x["quantity"] == 2)
    # Delivery of a partially refunded order with nothing shipped is refused.
    early = await delivered(client, tenant, order["id"])
    assert early["order"] is None
    assert [e["code"] for e in early["userErrors"]] == ["INVALID_TRANSITION"]
    first = await fulfill(client, tenant, orderId=order["id"], lines=[{"id": big, "quantity": 2}])
    assert first == {
        "order": {"status": "PARTIALLY_SHIPPED", "financialStatus": "PARTIALLY_REFUNDED"},
        "userErrors": [],
    }
    rest = await fulfill(client, tenant, orderId=order["id"])
    assert rest["order"] == {"status": "SHIPPED", "financialStatus": "PARTIALLY_REFUNDED"}
    # A further partial refund of a shipped order keeps its status (states.py).
    more = await refund(client, tenant, order["id"], amount="1.00")
    assert (more["order"]["status"], more["order"]["financialStatus"]) == (
        "SHIPPED",
        "PARTIALLY_REFUNDED",
    )
    done = await delivered(client, tenant, order["id"])
    assert done == {
        "order": {"status": "DELIVERED", "financialStatus": "PARTIALLY_REFUNDED"},
        "userErrors": [],
    }
    last = await refund(client, tenant, order["id"])
    assert (last["order"]["status"], last["order"]["financialStatus"]) == ("REFUNDED", "REFUNDED")
    assert steps(await timeline(client, tenant, order["id"])) == [
        ("PLACED", None, "PENDING_PAYMENT"),
        ("PAID", "PENDING_PAYMENT", "PAID"),
        ("REFUNDED", "PAID", "PARTIALLY_REFUNDED"),
        ("FULFILLED", "PARTIALLY_REFUNDED", "PARTIALLY_SHIPPED"),
        ("FULFILLED", "PARTIALLY_SHIPPED", "SHIPPED"),
        ("REFUNDED", "SHIPPED", "SHIPPED"),
        ("DELIVERED", "SHIPPED", "DELIVERED"),
        ("REFUNDED", "DELIVERED", "REFUNDED"),
    ]


async def test_partially_refunded_then_cancelled_restocks_and_refunds_the_rest(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Goodwill cancel")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))  # 30.00 + shipping
    intent = await intent_of(engine, tenant, order["id"])
    assert (await refund(client, tenant, order["id"], amount="5.00"))["userErrors"] == []
    assert await _on_hand(engine, tenant, order["id"]) == [18, 19]
    done = await cancel(client, tenant, order["id"], reason="Changed mind")
    assert done["userErrors"] == []
    assert (done["order"]["status"], done["order"]["financialStatus"]) == (
        "CANCELLED",
        "REFUNDED",
    )
    assert await _on_hand(engine, tenant, order["id"]) == [20, 20]
    total = round(float(order["cost"]["totalAmount"]["amount"]) * 100)
    assert sorted(r["amount"] for r in stripe_refunds(stripe_stub, intent)) == sorted(
        [500, total - 500]
    )
    assert steps(done["order"])[2:] == [
        ("REFUNDED", "PAID", "PARTIALLY_REFUNDED"),
        ("CANCELLED", "PARTIALLY_REFUNDED", "CANCELLED"),
        ("REFUNDED", "CANCELLED", "CANCELLED"),
    ]


async def test_a_partially_refunded_order_with_shipped_lines_is_delivered_never_cancelled(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    """Orders refunded in part after shipping under the earlier rule are PARTIALLY_REFUNDED
    with shipped lines (made here in SQL): deliverable once all is shipped, not cancellable."""
    tenant = await tenants.create("Old rule")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))
    intent = await intent_of(engine, tenant, order["id"])
    lines = (await call(client, LINES, {"id": order["id"]}, tenant.staff))["data"]["order"]
    big = next(x["id"] for x in lines["lines"] if x["quantity"] == 2)
    shipped = await fulfill(client, tenant, orderId=order["id"], lines=[{"id": big, "quantity": 1}])
    assert shipped["order"]["status"] == "PARTIALLY_SHIPPED"
    assert (await refund(client, tenant, order["id"], amount="5.00"))["userErrors"] == []
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE orders SET status = 'PARTIALLY_REFUNDED' WHERE id = :o"),
            {"o": raw(order["id"])},
        )
    before = await _on_hand(engine, tenant, order["id"])
    refused = await cancel(client, tenant, order["id"])
    assert refused == {
        "order": None,
        "userErrors": [
            {
                "field": ["orderId"],
                "message": "An order with shipped lines can't become CANCELLED",
                "code": "INVALID_TRANSITION",
            }
        ],
    }
    assert await _on_hand(engine, tenant, order["id"]) == before
    assert len(stripe_refunds(stripe_stub, intent)) == 1
    early = await delivered(client, tenant, order["id"])
    assert [e["code"] for e in early["userErrors"]] == ["INVALID_TRANSITION"]
    seen = await timeline(client, tenant, order["id"])
    assert seen["status"] == "PARTIALLY_REFUNDED"
    assert [e["type"] for e in seen["timeline"]][-1] == "REFUNDED"  # nothing was added
    rest = await fulfill(client, tenant, orderId=order["id"])
    assert rest["order"] == {"status": "SHIPPED", "financialStatus": "PARTIALLY_REFUNDED"}
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE orders SET status = 'PARTIALLY_REFUNDED' WHERE id = :o"),
            {"o": raw(order["id"])},
        )
    done = await delivered(client, tenant, order["id"])
    assert done == {
        "order": {"status": "DELIVERED", "financialStatus": "PARTIALLY_REFUNDED"},
        "userErrors": [],
    }
    assert steps(await timeline(client, tenant, order["id"]))[-1] == (
        "DELIVERED",
        "PARTIALLY_REFUNDED",
        "DELIVERED",
    )


async def test_a_supplier_ordered_order_refunded_in_part_can_still_ship(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    """The supplier's tracking ships through orderFulfill's path: a goodwill refund while the
    supplier prepares the parcel no longer makes that shipment INVALID_TRANSITION."""
    tenant = await tenants.create("Dropship goodwill")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE orders SET status = 'SUPPLIER_ORDERED' WHERE id = :o"),
            {"o": raw(order["id"])},
        )
    part = await refund(client, tenant, order["id"], amount="2.00")
    assert part["order"]["status"] == "PARTIALLY_REFUNDED"
    shipped = await fulfill(client, tenant, orderId=order["id"], carrier="Cainiao")
    assert shipped == {
        "order": {"status": "SHIPPED", "financialStatus": "PARTIALLY_REFUNDED"},
        "userErrors": [],
    }
    assert steps(await timeline(client, tenant, order["id"]))[-2:] == [
        ("REFUNDED", "SUPPLIER_ORDERED", "PARTIALLY_REFUNDED"),
        ("FULFILLED", "PARTIALLY_REFUNDED", "SHIPPED"),
    ]
