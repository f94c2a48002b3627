"""cartLinesAdd and the cart's cost cost a number of SQL statements set by the operation,
not by the number of lines in the cart."""

from __future__ import annotations

import httpx
import pytest

from tests.cart.support import ADDRESS, ADDRESS_UPDATE, CART_COST, eu_zone, new_cart, variant
from tests.catalog.product_support import call
from tests.helpers import SqlCounter, TenantFactory

ADD = """mutation ($cartId: ID!, $lines: [CartLineInput!]!) {
  cartLinesAdd(cartId: $cartId, lines: $lines) {
    cart { totalQuantity cost { subtotalAmount { amount } totalTaxAmount { amount }
           totalAmount { amount } } lines(first: 100) { quantity merchandise { sku } } }
    userErrors { code } } }"""


@pytest.mark.parametrize("size", [1, 10])
async def test_lines_add_and_cost_statements_do_not_grow_with_lines(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter, size: int
) -> None:
    tenant = await tenants.create(f"Budget {size}")
    await eu_zone(client, tenant)
    variants = [await variant(client, tenant, title=f"Item {i}") for i in range(size + 1)]
    cart = await new_cart(
        client, tenant, [{"merchandiseId": v, "quantity": 1} for v in variants[:size]]
    )
    sf = tenant.storefront
    await call(client, ADDRESS_UPDATE, {"cartId": cart["id"], "address": ADDRESS}, sf)

    with sql_counter.measure() as statements:
        lines = [{"merchandiseId": variants[size], "quantity": 2}]
        body = await call(client, ADD, {"cartId": cart["id"], "lines": lines}, sf)
    payload = body["data"]["cartLinesAdd"]
    assert payload["userErrors"] == [] and payload["cart"]["totalQuantity"] == size + 2
    # set_config, savepoint, touch (lock + expiry), variants, upsert, release; then the
    # cart's cost: cart+lines, variants, shipping rates; merchandise: variants, products.
    assert len(statements) == 11, statements

    with sql_counter.measure() as statements:
        body = await call(client, CART_COST, {"id": cart["id"]}, sf)
    assert body["data"]["cart"]["totalQuantity"] == size + 2
    # set_config, cart+lines, variants, shipping rates.
    assert len(statements) == 4, statements
