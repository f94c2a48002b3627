"""productTranslationsUpdate: stored per language, read back in that language, searchable."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import products, translations
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, call, fetch, raw

TRANSLATE = """
mutation ($id: ID!, $language: LanguageCode!, $translations: ProductTranslationInput!,
          $variants: [ProductVariantTranslationInput!]) {
  productTranslationsUpdate(productId: $id, language: $language, translations: $translations,
                            variantTranslations: $variants) {
    product { id }
    userErrors { field code }
  }
}"""
READ = """
query ($id: ID!) {
  product(id: $id) { title description seo { title } variants(first: 5) { nodes { title } } }
}"""


async def test_translations_are_stored_read_back_and_searchable(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Translate")
    product = await create_product(
        client,
        tenant,
        title="Camiseta roja",
        status="ACTIVE",
        descriptionHtml="<p>Hola</p>",
        options=[{"name": "Talla", "values": ["Pequeña"]}],
    )
    variant = product["variants"]["nodes"][0]["id"]
    body = await call(
        client,
        TRANSLATE,
        {
            "id": product["id"],
            "language": "EN",
            "translations": {
                "title": "Red shirt",
                "descriptionHtml": "<p>Hello <i>there</i></p>",
                "seoTitle": "Shirts",
            },
            "variants": [{"variantId": variant, "title": "Small"}],
        },
        tenant.staff,
    )
    assert body["data"]["productTranslationsUpdate"] == {
        "product": {"id": product["id"]},
        "userErrors": [],
    }

    stored = await fetch(
        owner_engine,
        tenant,
        select(
            translations.c.resource_type,
            translations.c.field,
            translations.c.value,
        )
        .where(translations.c.language == "en")
        .order_by(translations.c.resource_type, translations.c.field),
    )
    assert [tuple(r) for r in stored] == [
        ("Product", "description", "Hello there"),
        ("Product", "description_html", "<p>Hello <i>there</i></p>"),
        ("Product", "seo_title", "Shirts"),
        ("Product", "title", "Red shirt"),
        ("ProductVariant", "title", "Small"),
    ]
    english = {**tenant.storefront, "Accept-Language": "en"}
    body = await call(client, READ, {"id": product["id"]}, english)
    assert body["data"]["product"] == {
        "title": "Red shirt",
        "description": "Hello there",
        "seo": {"title": "Shirts"},
        "variants": {"nodes": [{"title": "Small"}]},
    }
    # The product was touched, so its search document now holds the English title.
    found = await fetch(
        owner_engine,
        tenant,
        select(products.c.id).where(
            products.c.search.op("@@")(func.plainto_tsquery("english", "shirts"))
        ),
    )
    assert [r.id for r in found] == [raw(product["id"])]

    # null (or blank) removes a translation: the default language shows through again.
    body = await call(
        client,
        TRANSLATE,
        {"id": product["id"], "language": "EN", "translations": {"title": None, "seoTitle": " "}},
        tenant.staff,
    )
    assert body["data"]["productTranslationsUpdate"]["userErrors"] == []
    body = await call(client, READ, {"id": product["id"]}, english)
    assert body["data"]["product"]["title"] == "Camiseta roja"
    # No SEO title in either language: it falls back to the (default language's) title.
    assert body["data"]["product"]["seo"] == {"title": "Camiseta roja"}
    assert body["data"]["product"]["description"] == "Hello there"


async def test_translation_refusals(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Translate refusals")
    product = await create_product(client, tenant)
    other = await create_product(client, tenant, title="Other")
    foreign_variant = other["variants"]["nodes"][0]["id"]

    async def errors(language: str, **extra: object) -> list[tuple[list[str], str]]:
        variables = {
            "id": product["id"],
            "language": language,
            "translations": {"title": "Shirt"},
            **extra,
        }
        body = await call(client, TRANSLATE, variables, tenant.staff)
        payload = body["data"]["productTranslationsUpdate"]
        return [(e["field"], e["code"]) for e in payload["userErrors"]]

    # The default language lives in the product itself; FR is not one of the store's.
    assert await errors("ES") == [(["language"], "INVALID_LANGUAGE")]
    assert await errors("FR") == [(["language"], "INVALID_LANGUAGE")]
    assert await errors("EN", variants=[{"variantId": foreign_variant, "title": "x"}]) == [
        (["variantTranslations", "0", "variantId"], "NOT_FOUND")
    ]
    assert await errors("EN", translations={"title": "x" * 256}) == [
        (["translations", "title"], "TOO_LONG")
    ]
    rows = await fetch(owner_engine, tenant, select(func.count()).select_from(translations))
    assert rows[0][0] == 0
