"""orderRefund, orderCancel and charge.refunded: through GraphQL and the Stripe stand-in."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from tests.checkout.support import scalar
from tests.conftest import STRIPE_WEBHOOK_SECRET
from tests.helpers import TenantFactory, TenantSetup, call, raw
from tests.orders.support import paid_order
from tests.payments.test_stripe_webhook import deliver
from tests.stripe_stub import StripeStub

ORDER_FIELDS = """id status financialStatus cost { totalAmount { amount } }
  refunds { amount { amount } status source reason stripeRefundId }
  timeline { type fromStatus toStatus message }"""
REFUND = f"""mutation ($id: ID!, $amount: Decimal, $reason: String, $key: String) {{
  orderRefund(orderId: $id, amount: $amount, reason: $reason, idempotencyKey: $key) {{
    order {{ {ORDER_FIELDS} }} refund {{ id amount {{ amount }} status stripeRefundId }}
    userErrors {{ field message code }} }} }}"""
CANCEL = f"""mutation ($id: ID!, $reason: String) {{
  orderCancel(orderId: $id, reason: $reason) {{
    order {{ {ORDER_FIELDS} }} userErrors {{ field message code }} }} }}"""
ADMIN_ORDER = f"query ($id: ID!) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"
FULFILL = """mutation ($id: ID!) { orderFulfill(input: {orderId: $id}) {
  order { status } userErrors { code } } }"""


async def refund(
    client: httpx.AsyncClient, tenant: TenantSetup, order_id: str, **variables: Any
) -> dict[str, Any]:
    body = await call(client, REFUND, {"id": order_id, **variables}, tenant.staff)
    payload: dict[str, Any] = body["data"]["orderRefund"]
    return payload


async def cancel(
    client: httpx.AsyncClient, tenant: TenantSetup, order_id: str, reason: str | None = None
) -> dict[str, Any]:
    body = await call(client, CANCEL, {"id": order_id, "reason": reason}, tenant.staff)
    payload: dict[str, Any] = body["data"]["orderCancel"]
    return payload


async def intent_of(engine: AsyncEngine, tenant: TenantSetup, order_id: str) -> str:
    sql = "SELECT payment_intent_id FROM orders WHERE id = :o"
    intent: str = await scalar(engine, tenant, sql, o=raw(order_id))
    return intent


def stripe_refunds(stub: StripeStub, intent: str) -> list[dict[str, Any]]:
    return [r for r in stub.refunds.values() if r["payment_intent"] == intent]


async def topics(engine: AsyncEngine, tenant: TenantSetup, topic: str) -> int:
    sql = "SELECT count(*) FROM events WHERE topic = :t"
    count: int = await scalar(engine, tenant, sql, t=topic)
    return count


async def test_partial_refund_then_the_rest(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Refunds")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))
    total = order["cost"]["totalAmount"]["amount"]
    intent = await intent_of(engine, tenant, order["id"])
    first = await refund(client, tenant, order["id"], amount="5.00", reason="Scratched")
    assert first["userErrors"] == []
    assert first["refund"]["amount"] == {"amount": "5.00"}
    assert first["refund"]["status"] == "SUCCEEDED"
    assert first["order"]["status"] == "PARTIALLY_REFUNDED"
    assert first["order"]["financialStatus"] == "PARTIALLY_REFUNDED"
    assert [r["amount"] for r in stripe_refunds(stripe_stub, intent)] == [500]
    rest = await refund(client, tenant, order["id"])  # no amount: what is left
    assert rest["userErrors"] == []
    left = int(Decimal(total) * 100) - 500
    assert sorted(r["amount"] for r in stripe_refunds(stripe_stub, intent)) == sorted([500, left])
    done = rest["order"]
    assert done["status"] == "REFUNDED"
    assert done["financialStatus"] == "REFUNDED"
    assert [(r["status"], r["source"]) for r in done["refunds"]] == [
        ("SUCCEEDED", "API"),
        ("SUCCEEDED", "API"),
    ]
    assert {r["stripeRefundId"] for r in done["refunds"]} == {
        r["id"] for r in stripe_refunds(stripe_stub, intent)
    }
    assert [(e["type"], e["fromStatus"], e["toStatus"]) for e in done["timeline"]] == [
        ("PLACED", None, "PENDING_PAYMENT"),
        ("PAID", "PENDING_PAYMENT", "PAID"),
        ("REFUNDED", "PAID", "PARTIALLY_REFUNDED"),
        ("REFUNDED", "PARTIALLY_REFUNDED", "REFUNDED"),
    ]
    assert done["timeline"][2]["message"] == "Refunded 5.00 EUR: Scratched"
    assert await topics(engine, tenant, "order.refunded") == 2
    # Nothing is left: a further refund is refused and nothing reaches Stripe.
    again = await refund(client, tenant, order["id"], amount="0.01")
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    assert len(stripe_refunds(stripe_stub, intent)) == 2


async def test_over_refund_and_bad_amounts_are_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Over refund")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    intent = await intent_of(engine, tenant, order["id"])
    assert (await refund(client, tenant, order["id"], amount="3.00"))["userErrors"] == []
    total = Decimal(order["cost"]["totalAmount"]["amount"])
    too_much = str(total - 3 + Decimal("0.01"))
    cases = [
        (too_much, "AMOUNT_TOO_LARGE"),
        ("0", "INVALID"),
        ("-1.00", "INVALID"),
        ("1.001", "INVALID"),
    ]
    for amount, code in cases:
        refused = await refund(client, tenant, order["id"], amount=amount)
        assert refused["order"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["amount"], code)]
    # Not a decimal at all: the Decimal scalar refuses it, a typed GraphQL error.
    body = await call(client, REFUND, {"id": order["id"], "amount": "lots"}, tenant.staff)
    assert body["data"] is None and body["errors"]
    assert len(stripe_refunds(stripe_stub, intent)) == 1
    sql = "SELECT refunded_amount FROM orders WHERE id = :o"
    assert await scalar(engine, tenant, sql, o=raw(order["id"])) == 300
    # Exactly what is left is fine.
    exact = await refund(client, tenant, order["id"], amount=str(total - 3))
    assert exact["userErrors"] == []
    assert exact["order"]["status"] == "REFUNDED"


async def test_five_concurrent_full_refunds_make_one_refund(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Refund race")
    order = await paid_order(client, tenant, stripe_stub, (2,))
    intent = await intent_of(engine, tenant, order["id"])
    # The order row is held while the five start, so they all reach it before any commits.
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        held = "SELECT 1 FROM orders WHERE id = :o FOR UPDATE"
        await conn.execute(text(held), {"o": raw(order["id"])})
        calls = [asyncio.create_task(refund(client, tenant, order["id"])) for _ in range(5)]
        await asyncio.sleep(1.0)
    results = await asyncio.gather(*calls)
    made = [r for r in results if not r["userErrors"]]
    refused = [r for r in results if r["userErrors"]]
    assert len(made) == 1
    assert {e["code"] for r in refused for e in r["userErrors"]} <= {
        "NOTHING_TO_REFUND",
        "INVALID_TRANSITION",
    }
    assert len(refused) == 4
    assert len(stripe_refunds(stripe_stub, intent)) == 1
    sql = "SELECT count(*) FROM refunds WHERE order_id = :o"
    assert await scalar(engine, tenant, sql, o=raw(order["id"])) == 1
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    assert body["data"]["order"]["status"] == "REFUNDED"


async def test_idempotency_key_replays_the_refund(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Refund replay")
    order = await paid_order(client, tenant, stripe_stub, (2,))
    intent = await intent_of(engine, tenant, order["id"])
    first = await refund(client, tenant, order["id"], amount="2.00", key="r-1")
    again = await refund(client, tenant, order["id"], amount="2.00", key="r-1")
    assert first["userErrors"] == []
    assert again == first
    assert len(stripe_refunds(stripe_stub, intent)) == 1
    other = await refund(client, tenant, order["id"], amount="3.00", key="r-1")
    assert [e["code"] for e in other["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    second = await refund(client, tenant, order["id"], amount="2.00", key="r-2")
    assert second["refund"]["id"] != first["refund"]["id"]
    assert len(stripe_refunds(stripe_stub, intent)) == 2


async def test_a_refused_stripe_refund_gives_the_amount_back(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Refund refused")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    stripe_stub.fail_next_refund = 1
    failed = await refund(client, tenant, order["id"])
    assert [e["code"] for e in failed["userErrors"]] == ["PAYMENT_PROVIDER_ERROR"]
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    seen = body["data"]["order"]
    assert seen["status"] == "PAID"
    assert [r["status"] for r in seen["refunds"]] == ["FAILED"]
    assert (
        await scalar(
            engine, tenant, "SELECT refunded_amount FROM orders WHERE id = :o", o=raw(order["id"])
        )
        == 0
    )
    retried = await refund(client, tenant, order["id"])
    assert retried["userErrors"] == []
    assert retried["order"]["status"] == "REFUNDED"


async def _on_hand(engine: AsyncEngine, tenant: TenantSetup, order_id: str) -> list[int]:
    sql = (
        "SELECT array_agg(i.on_hand ORDER BY i.on_hand) FROM order_lines l "
        "JOIN inventory_levels i ON i.variant_id = l.variant_id WHERE l.order_id = :o"
    )
    found: list[int] = await scalar(engine, tenant, sql, o=raw(order_id))
    return found


async def test_cancel_of_a_paid_order_restocks_and_refunds(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Cancel")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))  # 20 of each variant
    intent = await intent_of(engine, tenant, order["id"])
    assert await _on_hand(engine, tenant, order["id"]) == [18, 19]
    done = await cancel(client, tenant, order["id"], reason="Customer asked")
    assert done["userErrors"] == []
    cancelled = done["order"]
    assert cancelled["status"] == "CANCELLED"
    assert await _on_hand(engine, tenant, order["id"]) == [20, 20]
    total = order["cost"]["totalAmount"]["amount"]
    assert [(r["amount"]["amount"], r["status"], r["source"]) for r in cancelled["refunds"]] == [
        (total, "SUCCEEDED", "CANCEL")
    ]
    assert len(stripe_refunds(stripe_stub, intent)) == 1
    assert [(e["type"], e["fromStatus"], e["toStatus"]) for e in cancelled["timeline"]] == [
        ("PLACED", None, "PENDING_PAYMENT"),
        ("PAID", "PENDING_PAYMENT", "PAID"),
        ("CANCELLED", "PAID", "CANCELLED"),
        ("REFUNDED", "CANCELLED", "CANCELLED"),
    ]
    assert cancelled["financialStatus"] == "REFUNDED"
    assert cancelled["timeline"][2]["message"] == "Cancelled: Customer asked"
    assert await topics(engine, tenant, "order.cancelled") == 1
    assert await topics(engine, tenant, "order.refunded") == 1
    # Cancelled is final: a second cancel or a refund is refused and changes nothing.
    again = await cancel(client, tenant, order["id"])
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    more = await refund(client, tenant, order["id"])
    assert [e["code"] for e in more["userErrors"]] == ["NOTHING_TO_REFUND"]
    assert await _on_hand(engine, tenant, order["id"]) == [20, 20]
    assert len(stripe_refunds(stripe_stub, intent)) == 1


async def test_cancel_in_an_illegal_state_changes_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("No cancel")
    shipped = await paid_order(client, tenant, stripe_stub, (1,))
    body = await call(client, FULFILL, {"id": shipped["id"]}, tenant.staff)
    assert body["data"]["orderFulfill"] == {"order": {"status": "SHIPPED"}, "userErrors": []}
    refunded = await paid_order(client, tenant, stripe_stub, (1,), zone=False)
    assert (await refund(client, tenant, refunded["id"]))["userErrors"] == []
    for order, status in ((shipped, "SHIPPED"), (refunded, "REFUNDED")):
        before = await _on_hand(engine, tenant, order["id"])
        intent = await intent_of(engine, tenant, order["id"])
        count = len(stripe_refunds(stripe_stub, intent))
        refused = await cancel(client, tenant, order["id"])
        assert refused == {
            "order": None,
            "userErrors": [
                {
                    "field": ["orderId"],
                    "message": f"An order that is {status} can't become CANCELLED",
                    "code": "INVALID_TRANSITION",
                }
            ],
        }
        body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
        assert body["data"]["order"]["status"] == status
        assert await _on_hand(engine, tenant, order["id"]) == before
        assert len(stripe_refunds(stripe_stub, intent)) == count
    assert await topics(engine, tenant, "order.cancelled") == 0


async def test_charge_refunded_records_dashboard_refunds_once_and_ours_not_twice(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Dashboard")
    order = await paid_order(client, tenant, stripe_stub, (2,))
    intent = await intent_of(engine, tenant, order["id"])
    ours = await refund(client, tenant, order["id"], amount="4.00")
    assert ours["userErrors"] == []
    # A refund made in Stripe's dashboard: no metadata of ours.
    dashboard = stripe_stub._create_refund({"payment_intent": intent, "amount": "250"})
    charge = {
        "id": "ch_" + intent[3:],
        "object": "charge",
        "payment_intent": intent,
        "amount": stripe_stub.intents[intent]["amount"],
        "amount_refunded": 650,
        "metadata": stripe_stub.intents[intent]["metadata"],
        "refunds": {"object": "list", "data": stripe_refunds(stripe_stub, intent)},
    }
    for event_id in ("evt_refund_a_" + intent, "evt_refund_a_" + intent, "evt_refund_b_" + intent):
        payload, signature = stripe_stub.event(
            "charge.refunded", charge, STRIPE_WEBHOOK_SECRET, event_id=event_id
        )
        response = await deliver(client, payload, signature)
        assert response.status_code == 200, response.text
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    seen = body["data"]["order"]
    assert sorted(
        (r["amount"]["amount"], r["source"], r["stripeRefundId"]) for r in seen["refunds"]
    ) == sorted(
        [
            ("4.00", "API", ours["refund"]["stripeRefundId"]),
            ("2.50", "DASHBOARD", dashboard["id"]),
        ]
    )
    assert seen["status"] == "PARTIALLY_REFUNDED"
    sql = "SELECT refunded_amount FROM orders WHERE id = :o"
    assert await scalar(engine, tenant, sql, o=raw(order["id"])) == 650
    assert await topics(engine, tenant, "order.refunded") == 2
    # What is left is what Stripe has left: the rest goes through.
    rest = await refund(client, tenant, order["id"])
    assert rest["userErrors"] == []
    assert rest["order"]["status"] == "REFUNDED"


async def test_charge_refunded_without_embedded_refunds_lists_them_from_stripe(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Dashboard listed")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    intent = await intent_of(engine, tenant, order["id"])
    assert (await refund(client, tenant, order["id"], amount="1.00"))["userErrors"] == []
    dashboard = stripe_stub._create_refund({"payment_intent": intent, "amount": "200"})
    charge = {  # API versions since 2022-11-15: the charge does not embed its refunds
        "id": "ch_" + intent[3:],
        "object": "charge",
        "payment_intent": intent,
        "amount_refunded": 300,
        "metadata": stripe_stub.intents[intent]["metadata"],
    }
    for _ in range(2):
        payload, signature = stripe_stub.event("charge.refunded", charge, STRIPE_WEBHOOK_SECRET)
        response = await deliver(client, payload, signature)
        assert response.status_code == 200, response.text
    body = await call(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    refunds = body["data"]["order"]["refunds"]
    assert sorted((r["amount"]["amount"], r["source"]) for r in refunds) == [
        ("1.00", "API"),
        ("2.00", "DASHBOARD"),
    ]
    assert dashboard["id"] in {r["stripeRefundId"] for r in refunds}
    sql = "SELECT refunded_amount FROM orders WHERE id = :o"
    assert await scalar(engine, tenant, sql, o=raw(order["id"])) == 300
