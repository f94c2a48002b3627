"""Staff-entered descriptionHtml is sanitised (nh3) before it is stored: in the product, in
its translations and in categories. Scripts, handlers and javascript: URLs never reach a row."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import categories, products, translations
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, call, fetch, raw

HOSTILE = (
    '<p onclick="steal()">Soft <b>cotton</b><script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">more</a><img src="x.png" onerror="alert(3)">'
    '<style>body{display:none}</style><iframe src="https://evil.test"></iframe>'
)
SAFE = '<p>Soft <b>cotton</b></p><a rel="noopener noreferrer">more</a><img src="x.png">'

TRANSLATE = """
mutation ($id: ID!, $translations: ProductTranslationInput!) {
  productTranslationsUpdate(productId: $id, language: EN, translations: $translations) {
    userErrors { field code }
  }
}"""
CATEGORY_CREATE = """
mutation ($input: CategoryCreateInput!) {
  categoryCreate(input: $input) { category { descriptionHtml } userErrors { field code } }
}"""


async def test_product_description_html_is_stored_sanitised(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Sanitise")
    product = await create_product(client, tenant, descriptionHtml=HOSTILE)
    assert product["descriptionHtml"] == SAFE
    assert product["description"] == "Soft cotton more"
    rows = await fetch(
        owner_engine,
        tenant,
        select(products.c.description_html).where(products.c.id == raw(product["id"])),
    )
    assert rows[0].description_html == SAFE

    body = await call(
        client,
        TRANSLATE,
        {"id": product["id"], "translations": {"descriptionHtml": HOSTILE}},
        tenant.staff,
    )
    assert body["data"]["productTranslationsUpdate"]["userErrors"] == []
    stored = await fetch(
        owner_engine,
        tenant,
        select(translations.c.value).where(translations.c.field == "description_html"),
    )
    assert [r.value for r in stored] == [SAFE]


async def test_category_description_html_is_stored_sanitised(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("SanitiseCategory")
    body = await call(
        client,
        CATEGORY_CREATE,
        {"input": {"storeId": tenant.store_gid, "title": "Shirts", "descriptionHtml": HOSTILE}},
        tenant.staff,
    )
    assert body["data"]["categoryCreate"] == {
        "category": {"descriptionHtml": SAFE},
        "userErrors": [],
    }
    rows = await fetch(owner_engine, tenant, select(categories.c.description_html))
    assert [r.description_html for r in rows] == [SAFE]
