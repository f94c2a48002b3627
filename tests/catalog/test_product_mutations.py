"""productCreate: what gets stored, the defaults, and every refusal leaving nothing behind."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import product_variants, products
from app.graphql.ids import to_global_id
from app.inventory.models import inventory_levels
from tests.catalog.product_support import PRODUCT_CREATE, create_product, product_count, sizes
from tests.helpers import TenantFactory, TenantSetup, call, fetch, raw

CREATE_IDS_ONLY = """
mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id } userErrors { field code } }
}"""


async def test_create_stores_product_options_variants_and_stock(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Create")
    product = await create_product(
        client,
        tenant,
        title="Camiseta Básica",
        descriptionHtml="<p>Algodón <b>orgánico</b></p><p>Talla&nbsp;única</p>",
        status="ACTIVE",
        tags=["verano", " Verano ", "", "algodón"],
        vendor="Acme",
        seo={"title": "Camiseta", "description": "La mejor"},
        options=[{"name": "Size", "values": ["S", "M"]}, {"name": "Color", "values": ["Red"]}],
        variants=[
            {
                "price": "19.90",
                "compareAtPrice": "25.00",
                "sku": "TS-S",
                "optionValues": ["S", "Red"],
                "inventoryQuantity": 4,
                "barcode": "8412345678905",
                "weightGrams": 180,
            },
            {"price": "21.50", "sku": "TS-M", "optionValues": ["m", "red"]},
        ],
    )

    assert product["handle"] == "camiseta-basica"
    assert product["description"] == "Algodón orgánico Talla única"
    assert product["tags"] == ["verano", "algodón"]
    assert product["seo"] == {"title": "Camiseta", "description": "La mejor"}
    assert product["options"] == [
        {"name": "Size", "values": ["S", "M"]},
        {"name": "Color", "values": ["Red"]},
    ]
    assert product["priceRange"] == {
        "minVariantPrice": {"amount": "19.90", "currencyCode": "EUR"},
        "maxVariantPrice": {"amount": "21.50"},
    }
    assert product["compareAtPriceRange"] == {
        "minVariantPrice": {"amount": "25.00"},
        "maxVariantPrice": {"amount": "25.00"},
    }
    first, second = product["variants"]["nodes"]
    assert (first["title"], first["position"], first["quantityAvailable"]) == ("S / Red", 0, 4)
    assert (first["barcode"], first["weightGrams"]) == ("8412345678905", 180)
    assert first["selectedOptions"] == [
        {"name": "Size", "value": "S"},
        {"name": "Color", "value": "Red"},
    ]
    # Option values are stored in the options' spelling, whatever case the input used.
    assert (second["title"], second["position"], second["quantityAvailable"]) == ("M / Red", 1, 0)
    assert second["compareAtPrice"] is None

    product_id = raw(product["id"])
    stored = await fetch(
        owner_engine,
        tenant,
        select(
            products.c.min_price,
            products.c.max_price,
            products.c.min_compare_at,
            products.c.search.op("@@")(func.plainto_tsquery("simple", "camiseta")),
        ).where(products.c.id == product_id),
    )
    assert stored == [(1990, 2150, 2500, True)]
    levels = await fetch(
        owner_engine,
        tenant,
        select(
            product_variants.c.sku,
            inventory_levels.c.on_hand,
            inventory_levels.c.reserved,
        )
        .join(inventory_levels, inventory_levels.c.variant_id == product_variants.c.id)
        .where(product_variants.c.product_id == product_id)
        .order_by(product_variants.c.position),
    )
    assert levels == [("TS-S", 4, 0), ("TS-M", 0, 0)]


async def test_without_variants_a_default_variant_is_made(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Default")
    bare = await create_product(client, tenant, title="Gift card")
    assert bare["status"] == "DRAFT"
    [variant] = bare["variants"]["nodes"]
    assert (variant["title"], variant["price"], variant["sku"]) == (
        "Default Title",
        {"amount": "0.00"},
        None,
    )
    assert variant["quantityAvailable"] == 0

    optioned = await create_product(
        client, tenant, title="Mug", options=[{"name": "Color", "values": ["White", "Black"]}]
    )
    [variant] = optioned["variants"]["nodes"]
    assert variant["title"] == "White"


async def test_a_currency_without_decimals_takes_whole_amounts(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Yen", currency="JPY")
    product = await create_product(client, tenant, variants=[{"price": "1500"}])
    assert product["priceRange"]["minVariantPrice"] == {"amount": "1500", "currencyCode": "JPY"}
    body = await call(
        client,
        CREATE_IDS_ONLY,
        {"input": {"storeId": tenant.store_gid, "title": "T", "variants": [{"price": "10.5"}]}},
        tenant.staff,
    )
    assert body["data"]["productCreate"]["userErrors"] == [
        {"field": ["input", "variants", "0", "price"], "code": "INVALID_PRICE"}
    ]


SIZE = [{"name": "Size", "values": ["S", "M"]}]
REFUSALS: list[tuple[str, dict[str, Any], list[str], str]] = [
    ("blank title", {"title": "   "}, ["input", "title"], "BLANK"),
    ("long title", {"title": "x" * 256}, ["input", "title"], "TOO_LONG"),
    ("bad handle", {"handle": "Not A-Handle"}, ["input", "handle"], "INVALID"),
    (
        "negative price",
        {"variants": [{"price": "-1.00"}]},
        ["input", "variants", "0", "price"],
        "NEGATIVE_PRICE",
    ),
    (
        "too many decimals",
        {"variants": [{"price": "1.999"}]},
        ["input", "variants", "0", "price"],
        "INVALID_PRICE",
    ),
    (
        "negative compare-at",
        {"variants": [{"price": "1.00", "compareAtPrice": "-2"}]},
        ["input", "variants", "0", "compareAtPrice"],
        "NEGATIVE_PRICE",
    ),
    (
        "negative stock",
        {"variants": [{"price": "1.00", "inventoryQuantity": -1}]},
        ["input", "variants", "0", "inventoryQuantity"],
        "NEGATIVE_QUANTITY",
    ),
    (
        "unknown option value",
        {"options": SIZE, "variants": sizes("S", "XL")},
        ["input", "variants", "1", "optionValues", "0"],
        "UNKNOWN_OPTION",
    ),
    (
        "option count",
        {"options": SIZE, "variants": [{"price": "1", "optionValues": ["S", "x"]}]},
        ["input", "variants", "0", "optionValues"],
        "OPTION_VALUES_MISMATCH",
    ),
    (
        "values without options",
        {"variants": [{"price": "1", "optionValues": ["S"]}]},
        ["input", "variants", "0", "optionValues"],
        "OPTION_VALUES_MISMATCH",
    ),
    (
        "same combination",
        {"options": SIZE, "variants": sizes("S", "M", "s")},
        ["input", "variants", "2", "optionValues"],
        "DUPLICATE_VARIANT",
    ),
    (
        "two default variants",
        {"variants": [{"price": "1"}, {"price": "2"}]},
        ["input", "variants", "1", "optionValues"],
        "DUPLICATE_VARIANT",
    ),
    (
        "sku twice",
        {
            "options": SIZE,
            "variants": [
                {"price": "1", "optionValues": ["S"], "sku": "A"},
                {"price": "1", "optionValues": ["M"], "sku": "A"},
            ],
        },
        ["input", "variants", "1", "sku"],
        "DUPLICATE_SKU",
    ),
    (
        "101 variants",
        {
            "options": [
                {"name": "N", "values": [str(n) for n in range(100)]},
                {"name": "M", "values": ["a", "b"]},
            ],
            "variants": [
                {"price": "1", "optionValues": [str(n % 100), "ab"[n // 100]]} for n in range(101)
            ],
        },
        ["input", "variants"],
        "TOO_MANY_VARIANTS",
    ),
    (
        "4 options",
        {"options": [{"name": n, "values": ["x"]} for n in "ABCD"]},
        ["input", "options"],
        "TOO_MANY_OPTIONS",
    ),
    (
        "option named twice",
        {"options": [{"name": "Size", "values": ["S"]}, {"name": "size", "values": ["M"]}]},
        ["input", "options", "1", "name"],
        "INVALID",
    ),
    (
        "unknown category",
        {"categoryId": to_global_id("Category", uuid.UUID(int=1))},
        ["input", "categoryId"],
        "CATEGORY_NOT_FOUND",
    ),
]


@pytest.fixture(scope="module")
async def refusals_tenant(tenants: TenantFactory) -> TenantSetup:
    return await tenants.create("Refusals")


@pytest.mark.parametrize(("case", "fields", "path", "code"), REFUSALS, ids=[r[0] for r in REFUSALS])
async def test_refused_input_is_a_user_error_and_writes_nothing(
    client: httpx.AsyncClient,
    refusals_tenant: TenantSetup,
    owner_engine: AsyncEngine,
    case: str,
    fields: dict[str, Any],
    path: list[str],
    code: str,
) -> None:
    tenant = refusals_tenant
    before = await product_count(owner_engine, tenant)
    body = await call(
        client,
        PRODUCT_CREATE,
        {"input": {"storeId": tenant.store_gid, "title": "Shirt", **fields}},
        tenant.staff,
    )
    payload = body["data"]["productCreate"]
    assert payload["product"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(path, code)]
    assert payload["userErrors"][0]["message"]
    assert await product_count(owner_engine, tenant) == before


async def test_taken_handle_and_sku_of_another_product_are_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Taken")
    await create_product(client, tenant, handle="shirt", variants=[{"price": "1", "sku": "SKU-1"}])

    async def errors(**fields: Any) -> list[tuple[list[str], str]]:
        body = await call(
            client,
            CREATE_IDS_ONLY,
            {"input": {"storeId": tenant.store_gid, "title": "Shirt", **fields}},
            tenant.staff,
        )
        return [(e["field"], e["code"]) for e in body["data"]["productCreate"]["userErrors"]]

    assert await errors(handle="shirt") == [(["input", "handle"], "TAKEN")]
    assert await errors(variants=[{"price": "1", "sku": "SKU-1"}]) == [
        (["input", "variants", "0", "sku"], "DUPLICATE_SKU")
    ]
    assert await product_count(owner_engine, tenant) == 1
    # Another tenant's store is not found, and its SKUs and handles are its own business.
    other = await tenants.create("Other")
    assert await errors(storeId=other.store_gid) == [(["input", "storeId"], "STORE_NOT_FOUND")]
    await create_product(client, other, handle="shirt", variants=[{"price": "1", "sku": "SKU-1"}])
