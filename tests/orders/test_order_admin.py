"""Order administration: fulfilment, delivery, the state machine, timeline, staff queries."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, gql
from tests.orders.support import paid_order
from tests.stripe_stub import StripeStub

ORDER_FIELDS = """id number status email lines { id quantity }
  timeline { type message fromStatus toStatus actor }
  fulfillments { trackingNumber carrier trackingUrl lines { lineId quantity } }"""
ADMIN_ORDER = f"query ($id: ID!) {{ order(id: $id) {{ {ORDER_FIELDS} }} }}"
FULFILL = f"""mutation ($input: OrderFulfillInput!) {{ orderFulfill(input: $input) {{
  order {{ {ORDER_FIELDS} }} fulfillment {{ carrier }} userErrors {{ field message code }} }} }}"""
DELIVERED = """mutation ($id: ID!) { orderMarkDelivered(orderId: $id) {
  order { status } userErrors { field code } } }"""
ORDERS = """query ($first: Int, $filter: OrderFilter, $sortKey: OrderSortKeys, $reverse: Boolean) {
  orders(first: $first, filter: $filter, sortKey: $sortKey, reverse: $reverse) {
    nodes { number status email lines { quantity } timeline { type } fulfillments { carrier } }
    pageInfo { hasNextPage } } }"""


async def fulfill(client: httpx.AsyncClient, tenant: TenantSetup, **input: Any) -> dict[str, Any]:
    body = await gql(client, FULFILL, {"input": input}, tenant.staff)
    payload: dict[str, Any] = body["data"]["orderFulfill"]
    return payload


async def test_fulfil_in_two_shipments_then_deliver_with_a_timeline_and_events(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Shipping")
    order = await paid_order(client, tenant, stripe_stub, (2, 1))
    body = await gql(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    lines = body["data"]["order"]["lines"]
    big = next(line["id"] for line in lines if line["quantity"] == 2)
    small = next(line["id"] for line in lines if line["quantity"] == 1)
    first = await fulfill(
        client,
        tenant,
        orderId=order["id"],
        lines=[{"id": big, "quantity": 1}],
        carrier="DHL",
        trackingNumber="JD0001",
        trackingUrl="https://dhl.example/JD0001",
    )
    assert first["userErrors"] == []
    assert first["order"]["status"] == "PARTIALLY_SHIPPED"
    assert first["fulfillment"] == {"carrier": "DHL"}
    # Delivery before everything shipped is not a transition the machine allows.
    body = await gql(client, DELIVERED, {"id": order["id"]}, tenant.staff)
    assert body["data"]["orderMarkDelivered"] == {
        "order": None,
        "userErrors": [{"field": ["orderId"], "code": "INVALID_TRANSITION"}],
    }
    rest = await fulfill(client, tenant, orderId=order["id"], carrier="GLS")
    assert rest["userErrors"] == []
    shipped = rest["order"]
    assert shipped["status"] == "SHIPPED"
    shipments = [sorted(f["lines"], key=lambda x: x["lineId"]) for f in shipped["fulfillments"]]
    assert shipments == [
        [{"lineId": big, "quantity": 1}],
        sorted(
            [{"lineId": big, "quantity": 1}, {"lineId": small, "quantity": 1}],
            key=lambda x: x["lineId"],
        ),
    ]
    assert shipped["fulfillments"][0]["trackingUrl"] == "https://dhl.example/JD0001"
    again = await fulfill(client, tenant, orderId=order["id"])
    assert [e["code"] for e in again["userErrors"]] == ["NOTHING_TO_FULFILL"]
    body = await gql(client, DELIVERED, {"id": order["id"]}, tenant.staff)
    assert body["data"]["orderMarkDelivered"] == {
        "order": {"status": "DELIVERED"},
        "userErrors": [],
    }
    body = await gql(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    timeline = body["data"]["order"]["timeline"]
    assert [(e["type"], e["fromStatus"], e["toStatus"]) for e in timeline] == [
        ("PLACED", None, "PENDING_PAYMENT"),
        ("PAID", "PENDING_PAYMENT", "PAID"),
        ("FULFILLED", "PAID", "PARTIALLY_SHIPPED"),
        ("FULFILLED", "PARTIALLY_SHIPPED", "SHIPPED"),
        ("DELIVERED", "SHIPPED", "DELIVERED"),
    ]
    assert timeline[2]["message"] == "Shipped 1 item (DHL JD0001)"
    assert all(e["actor"] for e in timeline[2:])  # the staff member who did it
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        topics = [
            r[0]
            for r in await conn.execute(
                text("SELECT topic FROM events WHERE topic LIKE 'order.%' ORDER BY seq")
            )
        ]
    assert topics == [
        "order.created",
        "order.paid",
        "order.fulfilled",
        "order.fulfilled",
        "order.delivered",
    ]


async def test_bad_fulfilment_input_is_a_user_error_and_changes_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub
) -> None:
    tenant = await tenants.create("Careful")
    order = await paid_order(client, tenant, stripe_stub, (2,))
    body = await gql(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    line = body["data"]["order"]["lines"][0]["id"]
    cases = [
        ({"lines": [{"id": line, "quantity": 3}]}, ["input", "lines", "0", "quantity"], "INVALID"),
        (
            {"lines": [{"id": order["id"], "quantity": 1}]},
            ["input", "lines", "0", "id"],
            "LINE_NOT_FOUND",
        ),
        ({"trackingUrl": "javascript:alert(1)"}, ["input", "trackingUrl"], "INVALID"),
    ]
    for extra, field, code in cases:
        payload = await fulfill(client, tenant, orderId=order["id"], **extra)
        assert payload["order"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    body = await gql(client, ADMIN_ORDER, {"id": order["id"]}, tenant.staff)
    assert body["data"]["order"]["status"] == "PAID"
    assert [e["type"] for e in body["data"]["order"]["timeline"]] == ["PLACED", "PAID"]
    assert body["data"]["order"]["fulfillments"] == []


async def test_staff_list_and_filter_orders_in_a_constant_number_of_statements(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    sql_counter: SqlCounter,
) -> None:
    tenant, other = await tenants.create("Busy shop"), await tenants.create("Other shop")
    for n in range(3):
        await paid_order(
            client, tenant, stripe_stub, (1 + n,), email=f"s{n}@example.com", zone=n == 0
        )
    await paid_order(client, other, stripe_stub, (1,))
    body = await gql(
        client, ORDERS, {"first": 10, "sortKey": "NUMBER", "reverse": True}, tenant.staff
    )
    nodes = body["data"]["orders"]["nodes"]
    assert [n["number"] for n in nodes] == [3, 2, 1]
    assert [n["lines"][0]["quantity"] for n in nodes] == [3, 2, 1]
    body = await gql(client, ORDERS, {"filter": {"email": "S1@example.com"}}, tenant.staff)
    assert [n["number"] for n in body["data"]["orders"]["nodes"]] == [2]
    body = await gql(client, ORDERS, {"filter": {"status": "SHIPPED"}}, tenant.staff)
    assert body["data"]["orders"]["nodes"] == []
    counts = []
    for first in (1, 3):
        with sql_counter.measure() as statements:
            body = await gql(client, ORDERS, {"first": first}, tenant.staff)
        assert len(body["data"]["orders"]["nodes"]) == first
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 5  # tenant, page, lines, timeline, fulfillments


async def test_a_shopper_needs_the_token_and_sees_no_timeline(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub
) -> None:
    tenant = await tenants.create("Private")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    body = await gql(client, ADMIN_ORDER, {"id": order["id"]}, tenant.storefront)
    assert body["data"] == {"order": None}
    query = (
        "query ($id: ID!, $t: String) { order(id: $id, token: $t) { number timeline { type } } }"
    )
    body = await gql(client, query, {"id": order["id"], "t": order["token"]}, tenant.storefront)
    assert body["data"]["order"] is None or body["data"]["order"]["timeline"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
