"""Option names and values and image alt texts are translated like titles: written by
productTranslationsUpdate, read in the asked language within the same statements, falling
back to the store's default language."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.catalog.models import media, translations
from app.db.ids import uuid7
from app.db.tenant import tenant_transaction
from app.graphql.ids import to_global_id
from app.seed.catalog import COLORS
from tests.catalog.product_support import create_product
from tests.catalog.seeded import Seeded, seed_tenant
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, fetch, gql, raw

TRANSLATE = """
mutation ($id: ID!, $translations: ProductTranslationInput!,
          $options: [ProductOptionTranslationInput!], $media: [MediaTranslationInput!]) {
  productTranslationsUpdate(productId: $id, language: EN, translations: $translations,
                            optionTranslations: $options, mediaTranslations: $media) {
    product { id }
    userErrors { field code message }
  }
}"""
READ = """
query Read($id: ID!) @inContext(language: EN) {
  product(id: $id) {
    options { name values }
    featuredImage { altText }
    images(first: 5) { nodes { altText } }
    variants(first: 5) { nodes { selectedOptions { name value } image { altText } } }
  }
}"""
DELETE = "mutation ($id: ID!) { productDelete(id: $id) { userErrors { code } } }"
CATEGORY_PAGE_EN = """
query CategoryPage @inContext(language: EN) {
  products(first: 20) { nodes {
    title featuredImage { altText }
    variants(first: 10) { nodes { selectedOptions { name value } } }
  } }
}"""
PRODUCT_PAGE_EN = """
query ProductPage($handle: String!) @inContext(language: EN) {
  product(handle: $handle) {
    title options { name values } featuredImage { altText }
    images(first: 20) { nodes { altText } }
    variants(first: 100) { nodes { selectedOptions { name value } image { altText } } }
    category { title } collections(first: 10) { nodes { title } }
  }
}"""
SPANISH_COLORS = {es for es, _ in COLORS}
ENGLISH_COLORS = {en for _, en in COLORS}


def _without_language(read: str) -> str:
    return read.replace(" @inContext(language: EN)", "")


async def _product_with_image(
    client: httpx.AsyncClient, engine: AsyncEngine, tenant: TenantSetup
) -> tuple[dict[str, Any], str]:
    product = await create_product(
        client,
        tenant,
        title="Camiseta",
        status="ACTIVE",
        options=[{"name": "Talla", "values": ["Pequeña", "Grande"]}],
        variants=[
            {"price": "10.00", "optionValues": ["Pequeña"]},
            {"price": "12.00", "optionValues": ["Grande"]},
        ],
    )
    image_id = uuid7()
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            media.insert().values(
                tenant_id=tenant.tenant_id,
                id=image_id,
                store_id=tenant.store_id,
                product_id=raw(product["id"]),
                url="https://cdn.example/a.jpg",
                alt_text="Camiseta roja",
                position=0,
            )
        )
    return product, to_global_id("MediaImage", image_id)


async def _option_ids(client: httpx.AsyncClient, tenant: TenantSetup, product: str) -> list[str]:
    body = await call(
        client,
        "query ($id: ID!) { product(id: $id) { options { id } } }",
        {"id": product},
        tenant.staff,
    )
    return [o["id"] for o in body["data"]["product"]["options"]]


async def test_options_and_alt_texts_translate_and_fall_back(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Option translations")
    product, image = await _product_with_image(client, engine, tenant)
    [size] = await _option_ids(client, tenant, product["id"])

    body = await call(
        client,
        TRANSLATE,
        {
            "id": product["id"],
            "translations": {},
            # a blank value stays untranslated
            "options": [{"optionId": size, "name": "Size", "values": ["Small", " "]}],
            "media": [{"mediaId": image, "altText": "Red T-shirt"}],
        },
        tenant.staff,
    )
    assert body["data"]["productTranslationsUpdate"]["userErrors"] == []

    english = (await call(client, READ, {"id": product["id"]}, tenant.storefront))["data"]
    assert english["product"] == {
        "options": [{"name": "Size", "values": ["Small", "Grande"]}],
        "featuredImage": {"altText": "Red T-shirt"},
        "images": {"nodes": [{"altText": "Red T-shirt"}]},
        "variants": {
            "nodes": [
                {"selectedOptions": [{"name": "Size", "value": "Small"}], "image": None},
                {"selectedOptions": [{"name": "Size", "value": "Grande"}], "image": None},
            ]
        },
    }
    # Accept-Language picks them too; without a language the store's default shows.
    headers = {**tenant.storefront, "Accept-Language": "en-GB"}
    body = await call(client, _without_language(READ), {"id": product["id"]}, headers)
    assert body["data"] == english
    spanish = await call(client, _without_language(READ), {"id": product["id"]}, tenant.storefront)
    assert spanish["data"]["product"]["options"] == [
        {"name": "Talla", "values": ["Pequeña", "Grande"]}
    ]
    assert spanish["data"]["product"]["featuredImage"] == {"altText": "Camiseta roja"}

    # null removes: the default language shows through again.
    body = await call(
        client,
        TRANSLATE,
        {
            "id": product["id"],
            "translations": {},
            "options": [{"optionId": size, "values": None}],
            "media": [{"mediaId": image, "altText": None}],
        },
        tenant.staff,
    )
    assert body["data"]["productTranslationsUpdate"]["userErrors"] == []
    after = (await call(client, READ, {"id": product["id"]}, tenant.storefront))["data"]
    assert after["product"]["options"] == [{"name": "Size", "values": ["Pequeña", "Grande"]}]
    assert after["product"]["featuredImage"] == {"altText": "Camiseta roja"}


async def test_refusals_write_nothing(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    owner_engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Option translation refusals")
    product, _ = await _product_with_image(client, engine, tenant)
    other, other_image = await _product_with_image(client, engine, tenant)
    [size] = await _option_ids(client, tenant, product["id"])
    [other_size] = await _option_ids(client, tenant, other["id"])

    async def errors(**extra: object) -> list[tuple[list[str], str]]:
        variables = {"id": product["id"], "translations": {"title": "Shirt"}, **extra}
        body = await call(client, TRANSLATE, variables, tenant.staff)
        payload = body["data"]["productTranslationsUpdate"]
        return [(e["field"], e["code"]) for e in payload["userErrors"]]

    assert await errors(options=[{"optionId": size, "values": ["Small"]}]) == [
        (["optionTranslations", "0", "values"], "OPTION_VALUES_MISMATCH")
    ]
    assert await errors(options=[{"optionId": other_size, "name": "Size"}]) == [
        (["optionTranslations", "0", "optionId"], "NOT_FOUND")
    ]
    assert await errors(options=[{"optionId": product["id"], "name": "Size"}]) == [
        (["optionTranslations", "0", "optionId"], "NOT_FOUND")
    ]
    assert await errors(
        options=[{"optionId": size, "name": "Size"}, {"optionId": size, "name": "Größe"}]
    ) == [(["optionTranslations", "1", "optionId"], "INVALID")]
    assert await errors(options=[{"optionId": size, "name": "x" * 101}]) == [
        (["optionTranslations", "0", "name"], "TOO_LONG")
    ]
    assert await errors(media=[{"mediaId": other_image, "altText": "x"}]) == [
        (["mediaTranslations", "0", "mediaId"], "NOT_FOUND")
    ]
    rows = await fetch(owner_engine, tenant, select(func.count()).select_from(translations))
    assert rows[0][0] == 0  # not even the product title given with them


async def test_deleting_a_product_deletes_its_option_and_image_translations(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    owner_engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Option translation delete")
    product, image = await _product_with_image(client, engine, tenant)
    [size] = await _option_ids(client, tenant, product["id"])
    variables = {
        "id": product["id"],
        "translations": {},
        "options": [{"optionId": size, "name": "Size"}],
        "media": [{"mediaId": image, "altText": "Shirt"}],
    }
    body = await call(client, TRANSLATE, variables, tenant.staff)
    assert body["data"]["productTranslationsUpdate"]["userErrors"] == []
    count = select(func.count()).select_from(translations)
    assert (await fetch(owner_engine, tenant, count))[0][0] == 2

    body = await call(client, DELETE, {"id": product["id"]}, tenant.staff)
    assert body["data"]["productDelete"]["userErrors"] == []
    assert (await fetch(owner_engine, tenant, count))[0][0] == 0


@pytest.fixture(scope="module")
async def seeded(app: Starlette, tenants: TenantFactory) -> Seeded:
    seeded = await seed_tenant(app, tenants, 30, "Seeded in English")
    async with tenants.client() as c:  # warm the authenticator's cache, as the budget tests
        await gql(c, "{ shop { name } }", None, seeded.tenant.storefront)
    return seeded


async def test_seeded_category_page_without_language_within_its_budget(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter
) -> None:
    with sql_counter.measure() as statements:
        body = await gql(client, CATEGORY_PAGE_EN, None, seeded.tenant.storefront)
    assert "errors" not in body, body
    assert len(statements) == 3, statements  # as without a language
    nodes = body["data"]["products"]["nodes"]
    assert nodes
    for product in nodes:
        assert product["featuredImage"]["altText"].startswith(product["title"])
        for variant in product["variants"]["nodes"]:
            names = [o["name"] for o in variant["selectedOptions"]]
            assert names in (["Color"], ["Color", "Size"])
            assert variant["selectedOptions"][0]["value"] in ENGLISH_COLORS


async def test_seeded_product_page_without_language_within_its_budget(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter
) -> None:
    listing = await gql(
        client, "{ products(first: 1) { nodes { handle } } }", None, seeded.tenant.storefront
    )
    handle = listing["data"]["products"]["nodes"][0]["handle"]
    with sql_counter.measure() as statements:
        body = await gql(client, PRODUCT_PAGE_EN, {"handle": handle}, seeded.tenant.storefront)
    assert "errors" not in body, body
    assert len(statements) <= 5, statements
    product = body["data"]["product"]
    assert product["options"][0]["name"] == "Color"
    assert set(product["options"][0]["values"]) <= ENGLISH_COLORS
    assert all(o["name"] != "Talla" for o in product["options"])
    for image in product["images"]["nodes"]:
        assert image["altText"].startswith(product["title"])
    for variant in product["variants"]["nodes"]:
        assert variant["selectedOptions"][0]["value"] not in SPANISH_COLORS - ENGLISH_COLORS
        assert variant["image"]["altText"].startswith(product["title"])
