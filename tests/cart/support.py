"""Shared setup for the cart, checkout and payment suites: a store with an EU zone, products
with stock, and the storefront operations as constants."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from tests.catalog.product_support import create_product, sizes
from tests.helpers import TenantSetup, call, raw

MONEY = "{ amount currencyCode }"
CART_FIELDS = f"""
  id totalQuantity updatedAt
  lines(first: 100) {{ id quantity merchandise {{ id sku }}
    cost {{ amountPerQuantity {MONEY} subtotalAmount {MONEY} totalAmount {MONEY} }} }}
  buyerIdentity {{ email countryCode phone }}
  discountCodes {{ code applicable }}
  shippingAddress {{ lastName city countryCode }}
  deliveryOptions {{ handle title estimatedCost {MONEY} }}
  selectedDeliveryOption {{ handle }}
  cost {{ subtotalAmount {MONEY} totalTaxAmount {MONEY} totalShippingAmount {MONEY}
         totalDiscountAmount {MONEY} totalAmount {MONEY} }}
"""
ERRORS = "userErrors { field message code }"
CART_CREATE = f"""mutation ($input: CartInput) {{
  cartCreate(input: $input) {{ cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_ADD = f"""mutation ($cartId: ID!, $lines: [CartLineInput!]!) {{
  cartLinesAdd(cartId: $cartId, lines: $lines) {{ cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_UPDATE = f"""mutation ($cartId: ID!, $lines: [CartLineUpdateInput!]!) {{
  cartLinesUpdate(cartId: $cartId, lines: $lines) {{ cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
LINES_REMOVE = f"""mutation ($cartId: ID!, $lineIds: [ID!]!) {{
  cartLinesRemove(cartId: $cartId, lineIds: $lineIds) {{ cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
CODES_UPDATE = f"""mutation ($cartId: ID!, $codes: [String!]!) {{
  cartDiscountCodesUpdate(cartId: $cartId, discountCodes: $codes) {{
    cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
BUYER_UPDATE = f"""mutation ($cartId: ID!, $buyer: CartBuyerIdentityInput!) {{
  cartBuyerIdentityUpdate(cartId: $cartId, buyerIdentity: $buyer) {{
    cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
ADDRESS_UPDATE = f"""mutation ($cartId: ID!, $address: MailingAddressInput!) {{
  cartShippingAddressUpdate(cartId: $cartId, address: $address) {{
    cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
DELIVERY_UPDATE = f"""mutation ($cartId: ID!, $handle: String!) {{
  cartSelectedDeliveryOptionUpdate(cartId: $cartId, deliveryOptionHandle: $handle) {{
    cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
CART = f"query ($id: ID!) {{ cart(id: $id) {{ {CART_FIELDS} }} }}"
CART_COST = f"""query ($id: ID!) {{ cart(id: $id) {{ totalQuantity
  cost {{ subtotalAmount {MONEY} totalTaxAmount {MONEY} totalAmount {MONEY} }} }} }}"""
ZONE_CREATE = """mutation ($input: ShippingZoneCreateInput!) {
  shippingZoneCreate(input: $input) {
    shippingZone { id name countries rates { handle kind price { amount } } }
    userErrors { field message code } } }"""

ADDRESS = {
    "firstName": "Ana",
    "lastName": "García",
    "address1": "Calle Mayor 1",
    "city": "Madrid",
    "zip": "28013",
    "countryCode": "ES",
}
EU = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
      "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]  # fmt: skip


async def eu_zone(client: httpx.AsyncClient, tenant: TenantSetup) -> dict[str, Any]:
    """Standard 4.90 (free from 50.00) and express 9.90, to every EU country."""
    body = await call(
        client,
        ZONE_CREATE,
        {
            "input": {
                "storeId": tenant.store_gid,
                "name": "EU",
                "countries": EU,
                "rates": [
                    {
                        "handle": "standard",
                        "title": "Standard",
                        "kind": "FLAT",
                        "price": "4.90",
                        "freeAbove": "50.00",
                    },
                    {"handle": "express", "title": "Express", "kind": "FLAT", "price": "9.90"},
                ],
            }
        },
        tenant.staff,
    )
    payload = body["data"]["shippingZoneCreate"]
    assert payload["userErrors"] == [], payload
    zone: dict[str, Any] = payload["shippingZone"]
    return zone


async def variant(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    *,
    price: str = "12.10",
    quantity: int = 50,
    title: str = "Camiseta",
) -> str:
    """The global ID of the one variant of a new ACTIVE product."""
    product = await create_product(
        client,
        tenant,
        title=title,
        status="ACTIVE",
        options=[{"name": "Size", "values": ["M"]}],
        variants=sizes("M", price=price, quantity=quantity),
    )
    variant_id: str = product["variants"]["nodes"][0]["id"]
    return variant_id


async def set_tax_mode(engine: AsyncEngine, tenant: TenantSetup, *, include: bool) -> None:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text(
                "INSERT INTO store_checkout_settings (tenant_id, store_id, prices_include_tax) "
                "VALUES (:t, :s, :i) ON CONFLICT (tenant_id, store_id) "
                "DO UPDATE SET prices_include_tax = excluded.prices_include_tax"
            ),
            {"t": tenant.tenant_id, "s": tenant.store_id, "i": include},
        )


async def new_cart(
    client: httpx.AsyncClient, tenant: TenantSetup, lines: list[dict[str, Any]]
) -> dict[str, Any]:
    body = await call(client, CART_CREATE, {"input": {"lines": lines}}, tenant.storefront)
    payload = body["data"]["cartCreate"]
    assert payload["userErrors"] == [], payload
    cart: dict[str, Any] = payload["cart"]
    return cart


__all__ = ["raw"]
