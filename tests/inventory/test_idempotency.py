"""Idempotency keys through the mutation pipeline: exact replay, arguments bound to the key,
24-hour expiry and the purge."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import idempotency
from app.db.idempotency import idempotency_keys
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, TenantSetup, call, fetch
from tests.inventory.test_inventory_mutations import ADJUST, _on_hand

ADJUST_WITH_PRODUCT = """
mutation ($variantId: ID!, $delta: Int!, $key: String) {
  inventoryAdjust(variantId: $variantId, delta: $delta, idempotencyKey: $key) {
    variant { id quantityAvailable product { title } }
    userErrors { field code }
  }
}"""
TWICE_IN_ONE_DOCUMENT = """
mutation ($variantId: ID!) {
  a: inventoryAdjust(variantId: $variantId, delta: 2, idempotencyKey: "same") {
    variant { quantityAvailable } userErrors { code }
  }
  b: inventoryAdjust(variantId: $variantId, delta: 2, idempotencyKey: "same") {
    variant { quantityAvailable } userErrors { code }
  }
}"""
INLINE_ADJUST = """
mutation {
  inventoryAdjust(variantId: $variantId, delta: 3, idempotencyKey: "k2") {
    variant { quantityAvailable } userErrors { code }
  }
}"""
RENAME = """
mutation ($id: ID!, $title: String!) {
  productUpdate(id: $id, input: {title: $title}) { userErrors { code } }
}"""


async def _variant(client: httpx.AsyncClient, tenant: TenantSetup, stock: int) -> tuple[str, str]:
    product = await create_product(
        client, tenant, title="Lamp", variants=[{"price": "5.00", "inventoryQuantity": stock}]
    )
    return product["id"], product["variants"]["nodes"][0]["id"]


async def _adjust(
    client: httpx.AsyncClient, tenant: TenantSetup, query: str, **variables: Any
) -> dict[str, Any]:
    body = await call(client, query, variables, tenant.staff)
    payload: dict[str, Any] = body["data"]["inventoryAdjust"]
    return payload


async def test_a_repeat_replays_the_first_response_exactly(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Replay")
    product, variant = await _variant(client, tenant, 10)
    first = await _adjust(client, tenant, ADJUST_WITH_PRODUCT, variantId=variant, delta=3, key="k1")
    assert first["variant"] == {
        "id": variant,
        "quantityAvailable": 13,
        "product": {"title": "Lamp"},
    }
    # The state moves on; the repeat still answers what the first call answered.
    await call(client, RENAME, {"id": product, "title": "Lantern"}, tenant.staff)
    await _adjust(client, tenant, ADJUST, variantId=variant, delta=1)
    again = await _adjust(client, tenant, ADJUST_WITH_PRODUCT, variantId=variant, delta=3, key="k1")
    assert again == first
    assert await _on_hand(owner_engine, tenant, variant) == 14  # applied once, plus the 1


async def test_the_same_key_with_other_arguments_is_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Reuse")
    _, variant = await _variant(client, tenant, 10)
    first = await _adjust(client, tenant, ADJUST, variantId=variant, delta=3, key="k2")
    other = await _adjust(client, tenant, ADJUST, variantId=variant, delta=4, key="k2")
    assert other == {
        "variant": None,
        "userErrors": [{"field": ["idempotencyKey"], "code": "IDEMPOTENCY_KEY_REUSED"}],
    }
    assert await _on_hand(owner_engine, tenant, variant) == 13
    # The same arguments written inline instead of as variables are the same arguments:
    # the first response, as it was (whatever this repeat selects).
    inline = INLINE_ADJUST.replace("$variantId", f'"{variant}"')
    body = await call(client, inline, {}, tenant.staff)
    assert body["data"]["inventoryAdjust"] == first
    assert await _on_hand(owner_engine, tenant, variant) == 13


async def test_a_key_twice_in_one_document_applies_once_and_answers_twice(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Twice")
    _, variant = await _variant(client, tenant, 1)
    body = await call(client, TWICE_IN_ONE_DOCUMENT, {"variantId": variant}, tenant.staff)
    assert (
        body["data"]["a"]
        == body["data"]["b"]
        == {
            "variant": {"quantityAvailable": 3},
            "userErrors": [],
        }
    )
    assert await _on_hand(owner_engine, tenant, variant) == 3


async def test_keys_expire_after_24_hours_and_are_purged(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Expiry")
    _, variant = await _variant(client, tenant, 0)
    await _adjust(client, tenant, ADJUST, variantId=variant, delta=1, key="old")
    await _adjust(client, tenant, ADJUST, variantId=variant, delta=1, key="fresh")
    await _adjust(client, tenant, ADJUST, variantId=variant, delta=1, key="stale")
    async with owner_engine.begin() as conn:
        await conn.execute(
            text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant.tenant_id)}
        )
        await conn.execute(
            idempotency_keys.update()
            .where(idempotency_keys.c.key.in_(["old", "stale"]))
            .values(created_at=func.now() - idempotency.TTL - idempotency.TTL / 24)
        )
    # An expired key is a new key: the repeat applies again.
    again = await _adjust(client, tenant, ADJUST, variantId=variant, delta=1, key="old")
    assert again["variant"]["quantityAvailable"] == 4
    assert await _on_hand(owner_engine, tenant, variant) == 4
    # The purge (the app's role, no tenant set) deletes expired keys only.
    assert await idempotency.purge_expired(engine) >= 1
    keys = await fetch(
        owner_engine,
        tenant,
        select(idempotency_keys.c.key).where(idempotency_keys.c.tenant_id == tenant.tenant_id),
    )
    assert sorted(row.key for row in keys) == ["fresh", "old"]
