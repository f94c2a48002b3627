"""A cart ready for checkout, the checkout operations, and reading stock and orders back."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from tests.cart.support import (
    ADDRESS,
    ADDRESS_UPDATE,
    BUYER_UPDATE,
    DELIVERY_UPDATE,
    new_cart,
)
from tests.helpers import TenantSetup, call, raw

CHECKOUT_FIELDS = """
  id status reservedUntil payment { provider clientSecret status }
  cost { subtotalAmount { amount } totalTaxAmount { amount } totalShippingAmount { amount }
         totalDiscountAmount { amount } totalAmount { amount currencyCode } }
  order { id number status }
"""
ORDER_FIELDS = """
  id number status email token createdAt
  lines { title variantTitle sku quantity unitPrice { amount } totalAmount { amount }
          taxAmount { amount } discountAmount { amount } }
  cost { subtotalAmount { amount } totalTaxAmount { amount } totalShippingAmount { amount }
         totalDiscountAmount { amount } totalAmount { amount } }
"""
CHECKOUT_CREATE = f"""mutation ($cartId: ID!, $key: String) {{
  checkoutCreate(cartId: $cartId, idempotencyKey: $key) {{
    checkout {{ {CHECKOUT_FIELDS} }} userErrors {{ field message code }} }} }}"""
CHECKOUT_COMPLETE = f"""mutation ($id: ID!) {{
  checkoutComplete(checkoutId: $id) {{
    order {{ {ORDER_FIELDS} }} checkout {{ id status }} userErrors {{ field message code }} }} }}"""
ORDER = (
    f"query ($id: ID!, $token: String!) {{ order(id: $id, token: $token) {{ {ORDER_FIELDS} }} }}"
)


async def ready_cart(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    lines: list[dict[str, Any]],
    *,
    email: str = "shopper@example.com",
    codes: list[str] | None = None,
) -> str:
    """A cart with lines, email, a Spanish address and standard delivery: its ID."""
    cart = await new_cart(client, tenant, lines)
    sf, cart_id = tenant.storefront, cart["id"]
    for query, variables, field in (
        (BUYER_UPDATE, {"buyer": {"email": email}}, "cartBuyerIdentityUpdate"),
        (ADDRESS_UPDATE, {"address": ADDRESS}, "cartShippingAddressUpdate"),
        (DELIVERY_UPDATE, {"handle": "standard"}, "cartSelectedDeliveryOptionUpdate"),
    ):
        body = await call(client, query, {"cartId": cart_id, **variables}, sf)
        assert body["data"][field]["userErrors"] == [], body
    if codes:
        from tests.cart.support import CODES_UPDATE

        body = await call(client, CODES_UPDATE, {"cartId": cart_id, "codes": codes}, sf)
        assert body["data"]["cartDiscountCodesUpdate"]["userErrors"] == [], body
    return cart_id


async def create_checkout(
    client: httpx.AsyncClient, tenant: TenantSetup, cart_id: str, key: str | None = None
) -> dict[str, Any]:
    body = await call(client, CHECKOUT_CREATE, {"cartId": cart_id, "key": key}, tenant.storefront)
    payload: dict[str, Any] = body["data"]["checkoutCreate"]
    return payload


def intent_id(checkout: dict[str, Any]) -> str:
    secret: str = checkout["payment"]["clientSecret"]
    return secret.split("_secret_")[0]


async def stock(engine: AsyncEngine, tenant: TenantSetup, variant_gid: str) -> tuple[int, int]:
    """(on_hand, reserved) of a variant."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        row = (
            await conn.execute(
                text("SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = :v"),
                {"v": raw(variant_gid)},
            )
        ).one()
    return row.on_hand, row.reserved


async def scalar(engine: AsyncEngine, tenant: TenantSetup, sql: str, **params: Any) -> Any:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return (await conn.execute(text(sql), params)).scalar()


def checkout_uuid(checkout: dict[str, Any]) -> uuid.UUID:
    return raw(checkout["id"])
