"""Discount codes: admin management, what a cart gets, and usage counted once at payment."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.graphql.ids import to_global_id
from tests.cart.support import CODES_UPDATE, eu_zone, new_cart, variant
from tests.checkout.support import (
    CHECKOUT_COMPLETE,
    create_checkout,
    intent_id,
    ready_cart,
    scalar,
)
from tests.helpers import TenantFactory, TenantSetup, call
from tests.stripe_stub import StripeStub

DISCOUNT_FIELDS = """id code kind value minimumSubtotal { amount } usageLimit perEmailLimit
  usedCount collectionIds startsAt endsAt"""
DISCOUNT_CREATE = f"""mutation ($storeId: ID!, $input: DiscountInput!) {{
  discountCreate(storeId: $storeId, input: $input) {{
    discount {{ {DISCOUNT_FIELDS} }} userErrors {{ field message code }} }} }}"""
DISCOUNT_UPDATE = f"""mutation ($id: ID!, $input: DiscountInput!) {{
  discountUpdate(id: $id, input: $input) {{
    discount {{ {DISCOUNT_FIELDS} }} userErrors {{ field message code }} }} }}"""
DISCOUNT_DELETE = """mutation ($id: ID!) {
  discountDelete(id: $id) { deletedId userErrors { code } } }"""
DISCOUNTS = """query ($storeId: ID!, $after: String) {
  discounts(storeId: $storeId, first: 2, after: $after) {
    nodes { code } pageInfo { hasNextPage endCursor } } }"""
USED = "SELECT used_count FROM discounts WHERE tenant_id = :t AND code = :c"
USAGES = "SELECT count(*) FROM discount_usages WHERE tenant_id = :t"


async def create_discount(
    client: httpx.AsyncClient, tenant: TenantSetup, **fields: Any
) -> dict[str, Any]:
    body = await call(
        client, DISCOUNT_CREATE, {"storeId": tenant.store_gid, "input": fields}, tenant.staff
    )
    payload = body["data"]["discountCreate"]
    assert payload["userErrors"] == [], payload
    discount: dict[str, Any] = payload["discount"]
    return discount


async def test_admin_creates_lists_updates_and_deletes(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Discount admin")
    made = await create_discount(
        client,
        tenant,
        code="welcome10",
        kind="PERCENTAGE",
        value="10",
        minimumSubtotal="20.00",
        usageLimit=100,
        perEmailLimit=1,
    )
    assert (made["code"], made["value"], made["minimumSubtotal"]) == (
        "WELCOME10",
        "10",
        {"amount": "20.00"},
    )
    await create_discount(client, tenant, code="FIVE", kind="FIXED_AMOUNT", value="5.00")
    await create_discount(client, tenant, code="THREE", kind="FIXED_AMOUNT", value="3.00")

    bad = [
        ({"code": "WELCOME10", "kind": "PERCENTAGE", "value": "5"}, "TAKEN"),
        ({"code": "X", "kind": "PERCENTAGE", "value": "150"}, "INVALID"),
        ({"code": "bad code!", "kind": "PERCENTAGE", "value": "5"}, "INVALID"),
        ({"code": "Y", "kind": "FIXED_AMOUNT", "value": "1.999"}, "INVALID"),
        ({"code": "Z", "kind": "PERCENTAGE", "value": "5", "usageLimit": 0}, "INVALID"),
        (
            {
                "code": "W",
                "kind": "PERCENTAGE",
                "value": "5",
                "collectionIds": [to_global_id("Collection", uuid.uuid4())],
            },
            "NOT_FOUND",
        ),
    ]
    for fields, code in bad:
        body = await call(
            client, DISCOUNT_CREATE, {"storeId": tenant.store_gid, "input": fields}, tenant.staff
        )
        assert body["data"]["discountCreate"]["userErrors"][0]["code"] == code, fields

    body = await call(client, DISCOUNTS, {"storeId": tenant.store_gid}, tenant.staff)
    page = body["data"]["discounts"]
    assert [n["code"] for n in page["nodes"]] == ["WELCOME10", "FIVE"]
    body = await call(
        client,
        DISCOUNTS,
        {"storeId": tenant.store_gid, "after": page["pageInfo"]["endCursor"]},
        tenant.staff,
    )
    assert [n["code"] for n in body["data"]["discounts"]["nodes"]] == ["THREE"]

    body = await call(
        client,
        DISCOUNT_UPDATE,
        {"id": made["id"], "input": {"value": "15", "minimumSubtotal": None}},
        tenant.staff,
    )
    updated = body["data"]["discountUpdate"]["discount"]
    assert (updated["value"], updated["minimumSubtotal"], updated["usageLimit"]) == (
        "15",
        None,
        100,
    )

    body = await call(client, DISCOUNT_DELETE, {"id": made["id"]}, tenant.staff)
    assert body["data"]["discountDelete"]["deletedId"] == made["id"]
    body = await call(client, DISCOUNT_DELETE, {"id": made["id"]}, tenant.staff)
    assert body["data"]["discountDelete"]["userErrors"][0]["code"] == "NOT_FOUND"


async def test_cart_applies_codes_and_refuses_bad_ones(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Discount cart")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="10.00")
    await create_discount(
        client, tenant, code="TEN", kind="PERCENTAGE", value="10", minimumSubtotal="25.00"
    )
    await create_discount(
        client,
        tenant,
        code="LATER",
        kind="PERCENTAGE",
        value="10",
        startsAt="2099-01-01T00:00:00+00:00",
    )
    cart = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 2}])
    sf = tenant.storefront

    async def codes(values: list[str]) -> dict[str, Any]:
        body = await call(client, CODES_UPDATE, {"cartId": cart["id"], "codes": values}, sf)
        payload: dict[str, Any] = body["data"]["cartDiscountCodesUpdate"]
        return payload

    assert (await codes(["NOPE"]))["userErrors"][0]["code"] == "INVALID_DISCOUNT_CODE"
    refused = (await codes(["ten"]))["userErrors"][0]
    assert (
        refused["code"] == "DISCOUNT_CODE_NOT_APPLICABLE"
        and "MINIMUM_SUBTOTAL" in refused["message"]
    )
    assert "NOT_STARTED" in (await codes(["LATER"]))["userErrors"][0]["message"]

    from tests.cart.support import LINES_ADD

    await call(
        client,
        LINES_ADD,
        {"cartId": cart["id"], "lines": [{"merchandiseId": shirt, "quantity": 1}]},
        sf,
    )
    applied = await codes(["ten"])
    assert applied["userErrors"] == []
    got = applied["cart"]
    assert got["discountCodes"] == [{"code": "TEN", "applicable": True}]
    assert got["cost"]["totalDiscountAmount"]["amount"] == "3.00"
    assert got["cost"]["totalAmount"]["amount"] == "27.00"
    # Below the minimum again: the code stays, shown as not applicable, and costs nothing.
    line = got["lines"][0]["id"]
    from tests.cart.support import LINES_UPDATE

    body = await call(
        client, LINES_UPDATE, {"cartId": cart["id"], "lines": [{"id": line, "quantity": 1}]}, sf
    )
    got = body["data"]["cartLinesUpdate"]["cart"]
    assert got["discountCodes"] == [{"code": "TEN", "applicable": False}]
    assert got["cost"]["totalDiscountAmount"]["amount"] == "0.00"


async def test_usage_limit_holds_under_concurrent_checkouts_and_counts_at_payment(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Discount limit")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="20.00", quantity=100)
    await create_discount(
        client, tenant, code="FEW", kind="FIXED_AMOUNT", value="5.00", usageLimit=3
    )
    carts = [
        await ready_cart(
            client,
            tenant,
            [{"merchandiseId": shirt, "quantity": 1}],
            email=f"p{i}@example.com",
            codes=["FEW"],
        )
        for i in range(8)
    ]
    results = await asyncio.gather(*(create_checkout(client, tenant, c) for c in carts))
    won = [r["checkout"] for r in results if r["checkout"]]
    assert len(won) == 3
    assert {r["userErrors"][0]["code"] for r in results if not r["checkout"]} == {
        "DISCOUNT_CODE_NOT_APPLICABLE"
    }
    assert all(c["cost"]["totalDiscountAmount"]["amount"] == "5.00" for c in won)
    assert await scalar(engine, tenant, USED, t=tenant.tenant_id, c="FEW") == 0  # not yet paid
    for checkout in won:
        stripe_stub.succeed(intent_id(checkout))
    for _ in range(2):  # completing twice counts once
        await asyncio.gather(
            *(call(client, CHECKOUT_COMPLETE, {"id": c["id"]}, tenant.storefront) for c in won)
        )
    assert await scalar(engine, tenant, USED, t=tenant.tenant_id, c="FEW") == 3
    assert await scalar(engine, tenant, USAGES, t=tenant.tenant_id) == 3


async def test_per_email_limit_counts_paid_orders(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub
) -> None:
    tenant = await tenants.create("Discount per email")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="20.00", quantity=100)
    await create_discount(
        client, tenant, code="ONCE", kind="PERCENTAGE", value="10", perEmailLimit=1
    )
    lines = [{"merchandiseId": shirt, "quantity": 1}]
    cart_id = await ready_cart(client, tenant, lines, email="me@example.com", codes=["ONCE"])
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    stripe_stub.succeed(intent_id(checkout))
    await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    again = await new_cart(client, tenant, lines)
    from tests.cart.support import BUYER_UPDATE

    await call(
        client,
        BUYER_UPDATE,
        {"cartId": again["id"], "buyer": {"email": "ME@example.com"}},
        tenant.storefront,
    )
    body = await call(
        client, CODES_UPDATE, {"cartId": again["id"], "codes": ["ONCE"]}, tenant.storefront
    )
    assert "PER_EMAIL_LIMIT" in body["data"]["cartDiscountCodesUpdate"]["userErrors"][0]["message"]


async def test_per_email_limit_holds_under_concurrent_checkouts(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Discount per email race")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="20.00", quantity=100)
    await create_discount(
        client, tenant, code="MINE", kind="PERCENTAGE", value="10", perEmailLimit=1
    )
    lines = [{"merchandiseId": shirt, "quantity": 1}]
    carts = [
        await ready_cart(client, tenant, lines, email="same@example.com", codes=["MINE"])
        for _ in range(4)
    ]
    results = await asyncio.gather(*(create_checkout(client, tenant, c) for c in carts))
    assert sum(1 for r in results if r["checkout"]) == 1
    assert {r["userErrors"][0]["code"] for r in results if not r["checkout"]} == {
        "DISCOUNT_CODE_NOT_APPLICABLE"
    }
