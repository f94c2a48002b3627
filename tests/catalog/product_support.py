"""Helpers for the product and inventory mutation suites."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import products
from tests.helpers import TenantSetup, call, fetch

PRODUCT_FIELDS = """
  id handle title description descriptionHtml status tags vendor
  seo { title description }
  options { name values }
  priceRange { minVariantPrice { amount currencyCode } maxVariantPrice { amount } }
  compareAtPriceRange { minVariantPrice { amount } maxVariantPrice { amount } }
  variants(first: 100) { nodes {
    id sku title barcode weightGrams position quantityAvailable
    price { amount } compareAtPrice { amount } selectedOptions { name value }
  } }
"""

PRODUCT_CREATE = (
    "mutation ($input: ProductCreateInput!) { productCreate(input: $input) {"
    " product {" + PRODUCT_FIELDS + "} userErrors { field message code } } }"
)


async def create_product(
    client: httpx.AsyncClient, tenant: TenantSetup, **fields: Any
) -> dict[str, Any]:
    """A product made through productCreate; fails the test on userErrors."""
    data = {"storeId": tenant.store_gid, "title": "Camiseta", **fields}
    body = await call(client, PRODUCT_CREATE, {"input": data}, tenant.staff)
    payload = body["data"]["productCreate"]
    assert payload["userErrors"] == [], payload["userErrors"]
    product: dict[str, Any] = payload["product"]
    return product


def sizes(*names: str, price: str = "10.00", quantity: int = 0) -> list[dict[str, Any]]:
    """One variant per size, for a product with a single "Size" option."""
    return [
        {"price": price, "optionValues": [n], "sku": None, "inventoryQuantity": quantity}
        for n in names
    ]


async def product_count(engine: AsyncEngine, tenant: TenantSetup) -> int:
    rows = await fetch(
        engine, tenant, select(func.count()).where(products.c.tenant_id == tenant.tenant_id)
    )
    return int(rows[0][0])
