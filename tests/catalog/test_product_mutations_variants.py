"""productVariantsBulkCreate / productVariantsBulkUpdate, and statement counts that do not
grow with the number of variants."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import product_options, product_variants, products
from app.inventory.models import inventory_levels
from tests.catalog.product_support import create_product, sizes
from tests.helpers import TenantFactory, TenantSetup, call, fetch, raw

BULK_CREATE = """
mutation ($productId: ID!, $variants: [ProductVariantInput!]!) {
  productVariantsBulkCreate(productId: $productId, variants: $variants) {
    product { options { name values }
              priceRange { minVariantPrice { amount } maxVariantPrice { amount } } }
    productVariants { id title sku position price { amount } quantityAvailable }
    userErrors { field code message }
  }
}"""
BULK_UPDATE = """
mutation ($productId: ID!, $variants: [ProductVariantBulkUpdateInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    product { priceRange { minVariantPrice { amount } maxVariantPrice { amount } }
              compareAtPriceRange { maxVariantPrice { amount } } }
    productVariants { id title sku price { amount } compareAtPrice { amount } barcode }
    userErrors { field code }
  }
}"""


async def _shirt(client: httpx.AsyncClient, tenant: TenantSetup) -> dict[str, Any]:
    return await create_product(
        client,
        tenant,
        title="Shirt",
        options=[{"name": "Size", "values": ["S", "M"]}],
        variants=[
            {"price": "10.00", "sku": "SH-S", "optionValues": ["S"]},
            {"price": "12.00", "sku": "SH-M", "optionValues": ["M"]},
        ],
    )


def _errors(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_bulk_create_adds_variants_stock_and_new_option_values(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Bulk create")
    shirt = await _shirt(client, tenant)
    body = await call(
        client,
        BULK_CREATE,
        {
            "productId": shirt["id"],
            "variants": [
                {"price": "15.00", "sku": "SH-L", "optionValues": ["L"], "inventoryQuantity": 7},
                {"price": "8.00", "optionValues": ["xl"]},
            ],
        },
        tenant.staff,
    )
    payload = body["data"]["productVariantsBulkCreate"]
    assert payload["userErrors"] == []
    assert [
        {k: v for k, v in variant.items() if k != "id"} for variant in payload["productVariants"]
    ] == [
        {
            "title": "L",
            "sku": "SH-L",
            "position": 2,
            "price": {"amount": "15.00"},
            "quantityAvailable": 7,
        },
        {
            "title": "xl",
            "sku": None,
            "position": 3,
            "price": {"amount": "8.00"},
            "quantityAvailable": 0,
        },
    ]
    assert payload["product"] == {
        "options": [{"name": "Size", "values": ["S", "M", "L", "xl"]}],
        "priceRange": {
            "minVariantPrice": {"amount": "8.00"},
            "maxVariantPrice": {"amount": "15.00"},
        },
    }
    stock = await fetch(
        owner_engine,
        tenant,
        select(inventory_levels.c.on_hand)
        .join(
            product_variants,
            product_variants.c.id == inventory_levels.c.variant_id,
        )
        .where(product_variants.c.product_id == raw(shirt["id"])),
    )
    assert sorted(r.on_hand for r in stock) == [0, 0, 0, 7]


async def test_bulk_create_refusals_change_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Bulk refusals")
    shirt = await _shirt(client, tenant)

    async def errors(variants: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
        body = await call(
            client, BULK_CREATE, {"productId": shirt["id"], "variants": variants}, tenant.staff
        )
        return _errors(body["data"]["productVariantsBulkCreate"])

    assert await errors(sizes("L", "m")) == [
        (["variants", "1", "optionValues"], "DUPLICATE_VARIANT")
    ]
    assert await errors([{"price": "1", "optionValues": ["L"], "sku": "SH-S"}]) == [
        (["variants", "0", "sku"], "DUPLICATE_SKU")
    ]
    assert await errors([{"price": "1"}]) == [
        (["variants", "0", "optionValues"], "OPTION_VALUES_MISMATCH")
    ]
    assert await errors(sizes(*[f"N{n}" for n in range(99)])) == [
        (["variants"], "TOO_MANY_VARIANTS")
    ]
    rows = await fetch(
        owner_engine,
        tenant,
        select(product_variants.c.sku).where(product_variants.c.product_id == raw(shirt["id"])),
    )
    assert sorted(r.sku for r in rows) == ["SH-M", "SH-S"]
    options = await fetch(owner_engine, tenant, select(product_options.c["values"]))
    assert [o[0] for o in options] == [["S", "M"]]


async def test_bulk_update_changes_fields_and_recomputes_the_price_range(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Bulk update")
    shirt = await _shirt(client, tenant)
    small, medium = (v["id"] for v in shirt["variants"]["nodes"])
    body = await call(
        client,
        BULK_UPDATE,
        {
            "productId": shirt["id"],
            "variants": [
                {"id": small, "price": "30.00", "compareAtPrice": "35.00", "barcode": "123"},
                {"id": medium, "optionValues": ["XL"], "sku": None},
            ],
        },
        tenant.staff,
    )
    payload = body["data"]["productVariantsBulkUpdate"]
    assert payload["userErrors"] == []
    assert payload["productVariants"] == [
        {
            "id": small,
            "title": "S",
            "sku": "SH-S",
            "price": {"amount": "30.00"},
            "compareAtPrice": {"amount": "35.00"},
            "barcode": "123",
        },
        {
            "id": medium,
            "title": "XL",
            "sku": None,
            "price": {"amount": "12.00"},
            "compareAtPrice": None,
            "barcode": None,
        },
    ]
    assert payload["product"] == {
        "priceRange": {
            "minVariantPrice": {"amount": "12.00"},
            "maxVariantPrice": {"amount": "30.00"},
        },
        "compareAtPriceRange": {"maxVariantPrice": {"amount": "35.00"}},
    }
    # A compare-at price may also be cleared, and may be below the price.
    body = await call(
        client,
        BULK_UPDATE,
        {
            "productId": shirt["id"],
            "variants": [
                {"id": small, "compareAtPrice": None},
                {"id": medium, "compareAtPrice": "5.00"},
            ],
        },
        tenant.staff,
    )
    assert body["data"]["productVariantsBulkUpdate"]["userErrors"] == []
    stored = await fetch(
        owner_engine,
        tenant,
        select(
            products.c.min_price,
            products.c.max_price,
            products.c.min_compare_at,
            products.c.max_compare_at,
        ).where(products.c.id == raw(shirt["id"])),
    )
    assert stored == [(1200, 3000, 500, 500)]


async def test_bulk_update_is_all_or_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("All or nothing")
    shirt, other = await _shirt(client, tenant), await create_product(client, tenant, title="O")
    small, medium = (v["id"] for v in shirt["variants"]["nodes"])
    foreign = other["variants"]["nodes"][0]["id"]

    async def errors(variants: list[dict[str, Any]]) -> list[tuple[list[str], str]]:
        body = await call(
            client, BULK_UPDATE, {"productId": shirt["id"], "variants": variants}, tenant.staff
        )
        assert body["data"]["productVariantsBulkUpdate"]["product"] is None
        return _errors(body["data"]["productVariantsBulkUpdate"])

    assert await errors([{"id": small, "price": "99.00"}, {"id": medium, "price": "-1"}]) == [
        (["variants", "1", "price"], "NEGATIVE_PRICE")
    ]
    assert await errors([{"id": small, "price": "99.00"}, {"id": foreign, "price": "1"}]) == [
        (["variants", "1", "id"], "NOT_FOUND")
    ]
    assert await errors([{"id": small, "optionValues": ["M"]}]) == [
        (["variants", "0", "optionValues"], "DUPLICATE_VARIANT")
    ]
    assert await errors([{"id": small, "sku": "SH-M"}]) == [
        (["variants", "0", "sku"], "DUPLICATE_SKU")
    ]
    assert await errors([{"id": small, "price": None}]) == [
        (["variants", "0", "price"], "INVALID_PRICE")
    ]
    rows = await fetch(
        owner_engine,
        tenant,
        select(product_variants.c.price_amount)
        .where(product_variants.c.product_id == raw(shirt["id"]))
        .order_by(product_variants.c.position),
    )
    assert [r.price_amount for r in rows] == [1000, 1200]
    # Swapping SKUs within one call is fine: the final state is what is checked.
    body = await call(
        client,
        BULK_UPDATE,
        {
            "productId": shirt["id"],
            "variants": [{"id": small, "sku": "SH-M"}, {"id": medium, "sku": "SH-S"}],
        },
        tenant.staff,
    )
    swapped = body["data"]["productVariantsBulkUpdate"]
    assert swapped["userErrors"] == []
    assert [v["sku"] for v in swapped["productVariants"]] == ["SH-M", "SH-S"]
