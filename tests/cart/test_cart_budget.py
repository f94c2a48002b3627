"""cartLinesAdd and the cart's cost cost a number of SQL statements set by the operation,
not by the number of lines in the cart."""

from __future__ import annotations

import httpx
import pytest

from tests.cart.support import ADDRESS, ADDRESS_UPDATE, CART_COST, eu_zone, new_cart, variant
from tests.helpers import SqlCounter, TenantFactory, call

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


async def test_w4_statements(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter
) -> None:
    """The benchmark's W4 document (bench/workloads.py): add to a 3-line cart and read the
    cost, then set the line back, as the benchmark sends it again and again."""
    from bench.workloads import CART_ADD, cart_add_variables

    tenant = await tenants.create("Budget W4")
    await eu_zone(client, tenant)
    variants = [await variant(client, tenant, title=f"W4 {i}") for i in range(3)]
    cart = await new_cart(client, tenant, [{"merchandiseId": v, "quantity": 1} for v in variants])
    sf = tenant.storefront
    await call(client, ADDRESS_UPDATE, {"cartId": cart["id"], "address": ADDRESS}, sf)
    line = next(line["id"] for line in cart["lines"] if line["merchandise"]["id"] == variants[0])
    variables = cart_add_variables(cart["id"], variants[0], line)
    for _ in range(2):
        with sql_counter.measure() as statements:
            body = await call(client, CART_ADD, variables, sf)
        assert body["data"]["cartLinesAdd"]["cart"]["totalQuantity"] == 4
        assert body["data"]["reset"]["userErrors"] == []
        # cartLinesAdd and its cost 11 - 2 merchandise reads (not selected) = 9; the reset:
        # savepoint, touch, update, variants, release, and the cart it loads (3) = 8.
        assert len(statements) == 17, statements
