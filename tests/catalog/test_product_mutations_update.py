"""productUpdate and productDelete, and who may call the product mutations."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import categories, product_variants, products, translations
from app.db.tenant import tenant_transaction
from app.graphql.ids import to_global_id
from app.inventory.models import inventory_levels
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, TenantSetup, call, error_codes, fetch, gql, raw

UPDATE = """
mutation ($id: ID!, $input: ProductUpdateInput!) {
  productUpdate(id: $id, input: $input) {
    product { id handle title descriptionHtml description status tags vendor
              seo { title description } category { handle } }
    userErrors { field code }
  }
}"""
DELETE = """
mutation ($id: ID!) { productDelete(id: $id) { deletedProductId userErrors { field code } } }"""
TRANSLATE = """
mutation ($id: ID!) {
  productTranslationsUpdate(productId: $id, language: EN, translations: {title: "T-shirt"}) {
    product { id } userErrors { field code }
  }
}"""


async def _category(engine: AsyncEngine, tenant: TenantSetup, handle: str) -> str:
    category_id = uuid.uuid4()
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            categories.insert().values(
                tenant_id=tenant.tenant_id,
                id=category_id,
                store_id=tenant.store_id,
                handle=handle,
                title=handle.title(),
                description_html="",
                path=[category_id],
                position=0,
                updated_at=func.now(),
            )
        )
    return to_global_id("Category", category_id)


async def test_update_changes_only_the_given_fields(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Update")
    shoes = await _category(owner_engine, tenant, "shoes")
    product = await create_product(
        client,
        tenant,
        title="Zapato",
        vendor="Acme",
        tags=["a"],
        seo={"title": "Old", "description": "Old text"},
    )
    body = await call(
        client,
        UPDATE,
        {
            "id": product["id"],
            "input": {
                "title": "Zapatilla Roja",
                "descriptionHtml": "<p>Nueva</p>",
                "status": "ACTIVE",
                "tags": ["rojo", "ROJO", " running "],
                "categoryId": shoes,
                "seo": {"title": None},
            },
        },
        tenant.staff,
    )
    payload = body["data"]["productUpdate"]
    assert payload["userErrors"] == []
    assert payload["product"] == {
        "id": product["id"],
        "handle": product["handle"],
        "title": "Zapatilla Roja",
        "descriptionHtml": "<p>Nueva</p>",
        "description": "Nueva",
        "status": "ACTIVE",
        "tags": ["rojo", "running"],
        "vendor": "Acme",
        # A cleared SEO title falls back to the product's title.
        "seo": {"title": "Zapatilla Roja", "description": "Old text"},
        "category": {"handle": "shoes"},
    }
    # The search document follows the new title.
    found = await fetch(
        owner_engine,
        tenant,
        select(products.c.id).where(
            products.c.search.op("@@")(func.plainto_tsquery("simple", "zapatilla"))
        ),
    )
    assert [r.id for r in found] == [raw(product["id"])]

    body = await call(
        client,
        UPDATE,
        {
            "id": product["id"],
            "input": {
                "vendor": None,
                "categoryId": None,
                "seo": None,
                "handle": "zapatilla-roja",
                "title": None,
            },
        },
        tenant.staff,
    )
    updated = body["data"]["productUpdate"]["product"]
    assert (updated["vendor"], updated["category"], updated["seo"]) == (
        None,
        None,
        {"title": "Zapatilla Roja", "description": "Nueva"},  # the fallbacks
    )
    stored = await fetch(
        owner_engine,
        tenant,
        select(products.c.seo_title, products.c.seo_description).where(
            products.c.id == raw(product["id"])
        ),
    )
    assert tuple(stored[0]) == (None, None)
    assert (updated["handle"], updated["title"]) == ("zapatilla-roja", "Zapatilla Roja")


@pytest.mark.parametrize(
    ("fields", "path", "code"),
    [
        ({"title": ""}, ["input", "title"], "BLANK"),
        ({"handle": "taken"}, ["input", "handle"], "TAKEN"),
        ({"handle": "-bad-"}, ["input", "handle"], "INVALID"),
        ({"vendor": "v" * 256}, ["input", "vendor"], "TOO_LONG"),
        (
            {"categoryId": to_global_id("Category", uuid.UUID(int=7))},
            ["input", "categoryId"],
            "CATEGORY_NOT_FOUND",
        ),
        (
            {"categoryId": to_global_id("Store", uuid.UUID(int=7))},
            ["input", "categoryId"],
            "CATEGORY_NOT_FOUND",
        ),
    ],
)
async def test_update_refusals_change_nothing(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    fields: dict[str, Any],
    path: list[str],
    code: str,
) -> None:
    tenant = await tenants.create("Update refusals")
    await create_product(client, tenant, title="Other", handle="taken")
    product = await create_product(client, tenant, title="Mine", vendor="Acme")
    body = await call(
        client,
        UPDATE,
        {"id": product["id"], "input": {"status": "ARCHIVED", **fields}},
        tenant.staff,
    )
    assert body["data"]["productUpdate"] == {
        "product": None,
        "userErrors": [{"field": path, "code": code}],
    }
    rows = await fetch(
        owner_engine,
        tenant,
        select(
            products.c.status,
            products.c.title,
            products.c.vendor,
            products.c.handle,
        ).where(products.c.id == raw(product["id"])),
    )
    assert rows == [("DRAFT", "Mine", "Acme", "mine")]


async def test_a_category_of_another_store_is_not_found(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant, other = await tenants.create("Cat A"), await tenants.create("Cat B")
    foreign = await _category(owner_engine, other, "theirs")
    product = await create_product(client, tenant)
    body = await call(
        client, UPDATE, {"id": product["id"], "input": {"categoryId": foreign}}, tenant.staff
    )
    assert body["data"]["productUpdate"]["userErrors"] == [
        {"field": ["input", "categoryId"], "code": "CATEGORY_NOT_FOUND"}
    ]


async def test_delete_removes_variants_stock_and_translations(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Delete")
    product = await create_product(
        client, tenant, variants=[{"price": "1", "inventoryQuantity": 3}]
    )
    keep = await create_product(client, tenant, title="Keep")
    await call(client, TRANSLATE, {"id": product["id"]}, tenant.staff)
    body = await call(client, DELETE, {"id": product["id"]}, tenant.staff)
    assert body["data"]["productDelete"] == {"deletedProductId": product["id"], "userErrors": []}
    for table in (products, product_variants, inventory_levels, translations):
        rows = await fetch(owner_engine, tenant, select(func.count()).select_from(table))
        assert rows[0][0] == (1 if table is not translations else 0), table.name
    assert (await fetch(owner_engine, tenant, select(products.c.id)))[0].id == raw(keep["id"])

    body = await call(client, DELETE, {"id": product["id"]}, tenant.staff)
    assert body["data"]["productDelete"] == {
        "deletedProductId": None,
        "userErrors": [{"field": ["id"], "code": "NOT_FOUND"}],
    }


async def test_another_tenants_product_is_not_found_and_untouched(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    mine, theirs = await tenants.create("Mine"), await tenants.create("Theirs")
    product = await create_product(client, theirs, title="Theirs")
    variant = product["variants"]["nodes"][0]["id"]
    calls: list[tuple[str, dict[str, Any], str]] = [
        (UPDATE, {"id": product["id"], "input": {"title": "Stolen"}}, "productUpdate"),
        (DELETE, {"id": product["id"]}, "productDelete"),
        (TRANSLATE, {"id": product["id"]}, "productTranslationsUpdate"),
        (
            """mutation ($id: ID!, $v: ID!) { productVariantsBulkUpdate(productId: $id,
             variants: [{id: $v, price: "0.01"}]) { userErrors { field code } } }""",
            {"id": product["id"], "v": variant},
            "productVariantsBulkUpdate",
        ),
        (
            """mutation ($id: ID!) { productVariantsBulkCreate(productId: $id,
             variants: [{price: "0.01"}]) { userErrors { field code } } }""",
            {"id": product["id"]},
            "productVariantsBulkCreate",
        ),
    ]
    for query, variables, name in calls:
        body = await call(client, query, variables, mine.staff)
        assert [e["code"] for e in body["data"][name]["userErrors"]] == ["NOT_FOUND"], name
    rows = await fetch(owner_engine, theirs, select(products.c.title, products.c.min_price))
    assert rows == [("Theirs", 0)]


async def test_only_catalog_writers_may_call(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Scopes")
    product = await create_product(client, tenant)
    reader = {"Authorization": f"Bearer {await tenants.api_key(tenant, ['catalog:read'])}"}
    writer = {"Authorization": f"Bearer {await tenants.api_key(tenant, ['catalog:write'])}"}
    variables = {"id": product["id"], "input": {"title": "Changed"}}
    for headers, code in (
        (tenant.storefront, "FORBIDDEN"),
        (reader, "FORBIDDEN"),
        ({}, "UNAUTHENTICATED"),
    ):
        body = await gql(client, UPDATE, variables, headers)
        assert error_codes(body) == [code]
        assert body["data"] is None
    assert (await fetch(owner_engine, tenant, select(products.c.title)))[0].title == "Camiseta"
    body = await call(client, UPDATE, variables, writer)
    assert body["data"]["productUpdate"]["product"]["title"] == "Changed"
