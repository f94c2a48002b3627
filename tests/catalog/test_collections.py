"""Collections: create, update, delete, and adding/removing products in a stable order."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import collection_products, collections
from app.graphql.ids import to_global_id
from tests.catalog.taxonomy_support import insert_products
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, error_codes, fetch, raw

CREATE = """
mutation ($input: CollectionCreateInput!) {
  collectionCreate(input: $input) {
    collection { id handle title descriptionHtml }
    userErrors { field message code }
  }
}"""
UPDATE = """
mutation ($id: ID!, $input: CollectionUpdateInput!) {
  collectionUpdate(id: $id, input: $input) {
    collection { id handle title descriptionHtml } userErrors { field code }
  }
}"""
DELETE = """
mutation ($id: ID!) { collectionDelete(id: $id) { deletedCollectionId userErrors { code } } }
"""
ADD = """
mutation ($id: ID!, $productIds: [ID!]!) {
  collectionAddProducts(id: $id, productIds: $productIds) {
    collection { id title } userErrors { field message code }
  }
}"""
REMOVE = """
mutation ($id: ID!, $productIds: [ID!]!) {
  collectionRemoveProducts(id: $id, productIds: $productIds) {
    collection { id } userErrors { field code }
  }
}"""


def gids(ids: list[uuid.UUID]) -> list[str]:
    return [to_global_id("Product", i) for i in ids]


async def create(
    client: httpx.AsyncClient, tenant: TenantSetup, title: str, **fields: Any
) -> dict[str, Any]:
    body = await call(
        client,
        CREATE,
        {"input": {"storeId": tenant.store_gid, "title": title, **fields}},
        tenant.staff,
    )
    payload: dict[str, Any] = body["data"]["collectionCreate"]
    return payload


async def members(engine: AsyncEngine, tenant: TenantSetup, collection: str) -> list[uuid.UUID]:
    """The collection's products in their order."""
    cp = collection_products
    rows = await fetch(
        engine,
        tenant,
        select(cp.c.product_id)
        .where(cp.c.collection_id == raw(collection))
        .order_by(cp.c.position),
    )
    return [row.product_id for row in rows]


async def add(
    client: httpx.AsyncClient, tenant: TenantSetup, collection: str, ids: list[uuid.UUID]
) -> dict[str, Any]:
    body = await call(client, ADD, {"id": collection, "productIds": gids(ids)}, tenant.staff)
    payload: dict[str, Any] = body["data"]["collectionAddProducts"]
    return payload


async def test_create_with_products_keeps_their_order(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Collections")
    ids = await insert_products(engine, tenant, 3)
    given = [ids[2], ids[0], ids[2], ids[1]]
    payload = await create(
        client, tenant, "Été 2025", descriptionHtml="<b>Hot</b>", productIds=gids(given)
    )
    assert payload["userErrors"] == []
    assert payload["collection"] == {
        "id": payload["collection"]["id"],
        "handle": "ete-2025",
        "title": "Été 2025",
        "descriptionHtml": "<b>Hot</b>",
    }
    assert await members(engine, tenant, payload["collection"]["id"]) == [ids[2], ids[0], ids[1]]

    assert (await create(client, tenant, "Été 2025"))["collection"]["handle"] == "ete-2025-2"
    taken = await create(client, tenant, "Other", handle="ete-2025")
    assert [(e["field"], e["code"]) for e in taken["userErrors"]] == [
        (["input", "handle"], "TAKEN")
    ]


async def test_add_appends_in_order_and_skips_members(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Appends")
    ids = await insert_products(engine, tenant, 5)
    collection = (await create(client, tenant, "Picks", productIds=gids(ids[:2])))["collection"]
    payload = await add(client, tenant, collection["id"], [ids[4], ids[0], ids[3], ids[4]])
    assert payload == {"collection": {"id": collection["id"], "title": "Picks"}, "userErrors": []}
    assert await members(engine, tenant, collection["id"]) == [ids[0], ids[1], ids[4], ids[3]]


async def test_unknown_or_foreign_products_add_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant, other = await tenants.create("Strict"), await tenants.create("Foreign products")
    [mine] = await insert_products(engine, tenant, 1)
    [theirs] = await insert_products(engine, other, 1)
    collection = (await create(client, tenant, "Strict"))["collection"]["id"]
    for bad in (theirs, uuid.uuid4()):
        payload = await add(client, tenant, collection, [mine, mine, bad])
        assert payload == {
            "collection": None,
            "userErrors": [
                {
                    "field": ["productIds", "2"],
                    "code": "PRODUCT_NOT_FOUND",
                    "message": "Product not found in the collection's store",
                }
            ],
        }
    body = await call(client, ADD, {"id": collection, "productIds": [collection]}, tenant.staff)
    assert body["data"]["collectionAddProducts"]["userErrors"][0]["code"] == "PRODUCT_NOT_FOUND"
    assert await members(engine, tenant, collection) == []

    payload = await create(client, tenant, "Mixed", productIds=gids([mine, theirs]))
    assert payload["userErrors"][0]["field"] == ["input", "productIds", "1"]
    rows = await fetch(engine, tenant, select(collections.c.title))
    assert [row.title for row in rows] == ["Strict"]


async def test_adding_many_products_costs_the_same_statements_as_adding_two(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    sql_counter: SqlCounter,
) -> None:
    tenant = await tenants.create("Bulk")
    ids = await insert_products(engine, tenant, 202)
    small = (await create(client, tenant, "Small"))["collection"]["id"]
    large = (await create(client, tenant, "Large"))["collection"]["id"]
    with sql_counter.measure() as few:
        assert (await add(client, tenant, small, ids[:2]))["userErrors"] == []
    with sql_counter.measure() as many:
        assert (await add(client, tenant, large, ids[2:]))["userErrors"] == []
    assert len(many) == len(few)
    assert await members(engine, tenant, large) == ids[2:]
    cp = collection_products
    rows = await fetch(
        engine,
        tenant,
        select(cp.c.position).where(cp.c.collection_id == raw(large)).order_by(cp.c.position),
    )
    assert [row.position for row in rows] == list(range(200))


async def test_remove_update_and_delete(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Lifecycle")
    ids = await insert_products(engine, tenant, 3)
    collection = (await create(client, tenant, "Sale", productIds=gids(ids)))["collection"]["id"]

    body = await call(
        client, REMOVE, {"id": collection, "productIds": gids([ids[1], ids[1]])}, tenant.staff
    )
    assert body["data"]["collectionRemoveProducts"] == {
        "collection": {"id": collection},
        "userErrors": [],
    }
    assert await members(engine, tenant, collection) == [ids[0], ids[2]]
    assert (await add(client, tenant, collection, [ids[1]]))["userErrors"] == []
    assert await members(engine, tenant, collection) == [ids[0], ids[2], ids[1]]

    body = await call(
        client,
        UPDATE,
        {"id": collection, "input": {"title": "Winter sale", "handle": "winter-sale"}},
        tenant.staff,
    )
    assert body["data"]["collectionUpdate"] == {
        "collection": {
            "id": collection,
            "handle": "winter-sale",
            "title": "Winter sale",
            "descriptionHtml": "",
        },
        "userErrors": [],
    }
    body = await call(client, UPDATE, {"id": collection, "input": {"title": ""}}, tenant.staff)
    assert body["data"]["collectionUpdate"]["userErrors"] == [
        {"field": ["input", "title"], "code": "BLANK"}
    ]

    body = await call(client, DELETE, {"id": collection}, tenant.staff)
    assert body["data"]["collectionDelete"] == {"deletedCollectionId": collection, "userErrors": []}
    assert await members(engine, tenant, collection) == []
    body = await call(client, DELETE, {"id": collection}, tenant.staff)
    assert body["data"]["collectionDelete"]["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_other_tenants_and_storefronts_cannot_touch_collections(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    owner, intruder = await tenants.create("Owner"), await tenants.create("Intruder")
    ids = await insert_products(engine, owner, 2)
    collection = (await create(client, owner, "Mine", productIds=gids(ids[:1])))["collection"]
    collection_id = collection["id"]

    for query, variables, field in (
        (ADD, {"id": collection_id, "productIds": gids(ids[1:])}, "collectionAddProducts"),
        (REMOVE, {"id": collection_id, "productIds": gids(ids[:1])}, "collectionRemoveProducts"),
        (UPDATE, {"id": collection_id, "input": {"title": "Theirs"}}, "collectionUpdate"),
        (DELETE, {"id": collection_id}, "collectionDelete"),
    ):
        body = await call(client, query, variables, intruder.staff)
        assert body["data"][field]["userErrors"][0]["code"] == "NOT_FOUND", field
        body = await call(client, query, variables, owner.storefront)
        assert error_codes(body) == ["FORBIDDEN"], field

    assert await members(engine, owner, collection_id) == ids[:1]
    rows = await fetch(engine, owner, select(collections.c.title))
    assert [row.title for row in rows] == ["Mine"]
