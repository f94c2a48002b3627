"""inventorySet / inventoryAdjust: atomic, never below zero, idempotent with a key."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.inventory.models import inventory_levels
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, TenantSetup, call, error_codes, fetch, gql, raw

SET = """
mutation ($variantId: ID!, $quantity: Int!, $key: String) {
  inventorySet(variantId: $variantId, quantity: $quantity, idempotencyKey: $key) {
    variant { id quantityAvailable availableForSale }
    userErrors { field code message }
  }
}"""
ADJUST = """
mutation ($variantId: ID!, $delta: Int!, $key: String) {
  inventoryAdjust(variantId: $variantId, delta: $delta, idempotencyKey: $key) {
    variant { id quantityAvailable }
    userErrors { field code }
  }
}"""


async def _variant(client: httpx.AsyncClient, tenant: TenantSetup, stock: int) -> str:
    product = await create_product(
        client, tenant, variants=[{"price": "5.00", "inventoryQuantity": stock}]
    )
    variant_id: str = product["variants"]["nodes"][0]["id"]
    return variant_id


async def _on_hand(engine: AsyncEngine, tenant: TenantSetup, variant_id: str) -> int:
    rows = await fetch(
        engine,
        tenant,
        select(inventory_levels.c.on_hand).where(inventory_levels.c.variant_id == raw(variant_id)),
    )
    return int(rows[0].on_hand)


async def _adjust(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    variant_id: str,
    delta: int,
    key: str | None = None,
) -> dict[str, Any]:
    body = await call(
        client, ADJUST, {"variantId": variant_id, "delta": delta, "key": key}, tenant.staff
    )
    payload: dict[str, Any] = body["data"]["inventoryAdjust"]
    return payload


async def test_set_and_adjust_change_stock_on_hand(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Stock")
    variant = await _variant(client, tenant, 0)
    body = await call(client, SET, {"variantId": variant, "quantity": 12}, tenant.staff)
    assert body["data"]["inventorySet"] == {
        "variant": {"id": variant, "quantityAvailable": 12, "availableForSale": True},
        "userErrors": [],
    }
    assert (await _adjust(client, tenant, variant, -5))["variant"]["quantityAvailable"] == 7
    assert await _on_hand(owner_engine, tenant, variant) == 7


async def test_stock_never_goes_below_zero(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Below zero")
    variant = await _variant(client, tenant, 3)
    payload = await _adjust(client, tenant, variant, -4)
    assert payload["variant"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["delta"], "NEGATIVE_QUANTITY")
    ]
    body = await call(client, SET, {"variantId": variant, "quantity": -1}, tenant.staff)
    assert [e["code"] for e in body["data"]["inventorySet"]["userErrors"]] == ["NEGATIVE_QUANTITY"]
    assert await _on_hand(owner_engine, tenant, variant) == 3
    assert (await _adjust(client, tenant, variant, -3))["userErrors"] == []
    assert await _on_hand(owner_engine, tenant, variant) == 0


async def test_unknown_and_foreign_variants_are_not_found(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    mine, theirs = await tenants.create("Inv mine"), await tenants.create("Inv theirs")
    foreign = await _variant(client, theirs, 5)
    product = await create_product(client, mine)
    for variant_id in (foreign, product["id"]):
        payload = await _adjust(client, mine, variant_id, 1)
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["variantId"], "NOT_FOUND")
        ]
        body = await call(client, SET, {"variantId": variant_id, "quantity": 1}, mine.staff)
        assert [e["code"] for e in body["data"]["inventorySet"]["userErrors"]] == ["NOT_FOUND"]
    # A malformed ID is not an unknown one: refused as input (README, Errors).
    body = await call(client, SET, {"variantId": "not-an-id", "quantity": 1}, mine.staff)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert await _on_hand(owner_engine, theirs, foreign) == 5


async def test_a_repeated_key_applies_once(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Idempotent")
    variant = await _variant(client, tenant, 10)
    first = await _adjust(client, tenant, variant, 5, key="receipt-1")
    again = await _adjust(client, tenant, variant, 5, key="receipt-1")
    assert first == again == {"variant": {"id": variant, "quantityAvailable": 15}, "userErrors": []}
    assert await _on_hand(owner_engine, tenant, variant) == 15
    await _adjust(client, tenant, variant, 5, key="receipt-2")
    assert await _on_hand(owner_engine, tenant, variant) == 20
    # A refused attempt does not use up its key: the retry is applied.
    assert (await _adjust(client, tenant, variant, -50, key="fix-1"))["userErrors"]
    await call(client, SET, {"variantId": variant, "quantity": 60}, tenant.staff)
    assert (await _adjust(client, tenant, variant, -50, key="fix-1"))["userErrors"] == []
    assert await _on_hand(owner_engine, tenant, variant) == 10
    # Keys belong to one operation: inventorySet's "receipt-1" is a different key.
    await call(client, SET, {"variantId": variant, "quantity": 1, "key": "receipt-1"}, tenant.staff)
    assert await _on_hand(owner_engine, tenant, variant) == 1


async def test_concurrent_adjustments_sell_exactly_the_stock(
    tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Rush")
    async with tenants.client() as client:
        variant = await _variant(client, tenant, 10)

    async def take_one() -> dict[str, Any]:
        async with tenants.client() as own_client:  # its own request, its own transaction
            return await _adjust(own_client, tenant, variant, -1)

    results = await asyncio.gather(*(take_one() for _ in range(20)))
    codes = [tuple(e["code"] for e in r["userErrors"]) for r in results]
    assert codes.count(()) == 10
    assert codes.count(("NEGATIVE_QUANTITY",)) == 10
    assert await _on_hand(owner_engine, tenant, variant) == 0


async def test_only_catalog_writers_may_change_stock(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Inv scopes")
    variant = await _variant(client, tenant, 2)
    reader = {"Authorization": f"Bearer {await tenants.api_key(tenant, ['catalog:read'])}"}
    writer = {"Authorization": f"Bearer {await tenants.api_key(tenant, ['catalog:write'])}"}
    for headers in (tenant.storefront, reader):
        body = await gql(client, ADJUST, {"variantId": variant, "delta": 5}, headers)
        assert error_codes(body) == ["FORBIDDEN"]
    assert await _on_hand(owner_engine, tenant, variant) == 2
    body = await call(client, ADJUST, {"variantId": variant, "delta": 5}, writer)
    assert body["data"]["inventoryAdjust"]["userErrors"] == []
    assert await _on_hand(owner_engine, tenant, variant) == 7
