"""checkoutCreate for a 10-line cart stays within 15 SQL statements (a reference server
spends 89); the count does not depend on the number of lines."""

from __future__ import annotations

import httpx
import pytest

from tests.cart.support import eu_zone, variant
from tests.checkout.support import create_checkout, ready_cart
from tests.helpers import SqlCounter, TenantFactory


@pytest.mark.parametrize("size", [1, 10])
async def test_checkout_create_statements(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter, size: int
) -> None:
    tenant = await tenants.create(f"Checkout budget {size}")
    await eu_zone(client, tenant)
    lines = [
        {"merchandiseId": await variant(client, tenant, title=f"Item {i}"), "quantity": 1}
        for i in range(size)
    ]
    cart_id = await ready_cart(client, tenant, lines)
    with sql_counter.measure() as statements:
        payload = await create_checkout(client, tenant, cart_id, key=f"budget-{size}")
    assert payload["userErrors"] == [] and payload["checkout"]["payment"]["clientSecret"]
    # set_config, savepoint, idempotency claim, cart+lines, variants, shipping rates,
    # reserve, inventory.changed (one INSERT ... SELECT for every line's variant: +1 since
    # reservations are announced, the same for 1 and 10 lines), insert checkout, expiry due,
    # idempotency remember, release; (commit, Stripe) set_config, record the intent.
    assert len(statements) == 14, statements
