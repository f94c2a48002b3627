"""categoryCreate / categoryUpdate / categoryDelete: the tree, its paths, handles, permissions."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import categories, products
from tests.catalog.taxonomy_support import insert_products
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, error_codes, fetch, raw

CREATE = """
mutation ($input: CategoryCreateInput!) {
  categoryCreate(input: $input) {
    category { id handle title descriptionHtml position parent { id handle } }
    userErrors { field message code }
  }
}"""
UPDATE = """
mutation ($id: ID!, $input: CategoryUpdateInput!) {
  categoryUpdate(id: $id, input: $input) {
    category { id handle title position parent { id } }
    userErrors { field message code }
  }
}"""
DELETE = """
mutation ($id: ID!) {
  categoryDelete(id: $id) { deletedCategoryId userErrors { field message code } }
}"""


async def create(
    client: httpx.AsyncClient, tenant: TenantSetup, title: str, **fields: Any
) -> dict[str, Any]:
    body = await call(
        client,
        CREATE,
        {"input": {"storeId": tenant.store_gid, "title": title, **fields}},
        tenant.staff,
    )
    payload: dict[str, Any] = body["data"]["categoryCreate"]
    return payload


async def make(client: httpx.AsyncClient, tenant: TenantSetup, title: str, **fields: Any) -> str:
    payload = await create(client, tenant, title, **fields)
    assert payload["userErrors"] == [], payload
    category_id: str = payload["category"]["id"]
    return category_id


async def paths(engine: AsyncEngine, tenant: TenantSetup) -> dict[uuid.UUID, list[uuid.UUID]]:
    rows = await fetch(engine, tenant, select(categories.c.id, categories.c.path))
    return {row.id: list(row.path) for row in rows}


async def test_create_builds_the_tree_with_handles_and_positions(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Categories")
    root = await create(client, tenant, "Ropa de Niños", descriptionHtml="<p>Kids</p>")
    assert root["userErrors"] == []
    assert root["category"] == {
        "id": root["category"]["id"],
        "handle": "ropa-de-ninos",
        "title": "Ropa de Niños",
        "descriptionHtml": "<p>Kids</p>",
        "position": 0,
        "parent": None,
    }
    root_id = root["category"]["id"]
    first = await create(client, tenant, "Größe XL", parentId=root_id)
    second = await create(client, tenant, "Camisetas", parentId=root_id)
    assert first["category"]["handle"] == "grosse-xl"
    assert first["category"]["parent"] == {"id": root_id, "handle": "ropa-de-ninos"}
    assert [first["category"]["position"], second["category"]["position"]] == [0, 1]
    grandchild = await make(client, tenant, "Manga corta", parentId=second["category"]["id"])

    tree = await paths(engine, tenant)
    assert tree[raw(grandchild)] == [raw(root_id), raw(second["category"]["id"]), raw(grandchild)]
    assert tree[raw(root_id)] == [raw(root_id)]


async def test_handles_are_unique_per_store(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant, other = await tenants.create("Handles"), await tenants.create("Other handles")
    assert (await create(client, tenant, "Shoes"))["category"]["handle"] == "shoes"
    assert (await create(client, tenant, "Shoes!"))["category"]["handle"] == "shoes-2"
    assert (await create(client, other, "Shoes"))["category"]["handle"] == "shoes"
    taken = await create(client, tenant, "Footwear", handle="shoes")
    assert taken == {
        "category": None,
        "userErrors": [
            {
                "field": ["input", "handle"],
                "message": "Handle is already in use in this store",
                "code": "TAKEN",
            }
        ],
    }


async def test_invalid_input_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant, other = await tenants.create("Invalid"), await tenants.create("Foreign parent")
    foreign = await make(client, other, "Theirs")
    cases = [
        ({"title": "  "}, ["input", "title"], "BLANK"),
        ({"title": "x" * 256}, ["input", "title"], "INVALID"),
        ({"title": "Ok", "handle": "Not A Handle"}, ["input", "handle"], "INVALID"),
        ({"title": "Ok", "position": -1}, ["input", "position"], "INVALID"),
        ({"title": "Ok", "parentId": foreign}, ["input", "parentId"], "PARENT_NOT_FOUND"),
        ({"title": "Ok", "parentId": tenant.store_gid}, ["input", "parentId"], "PARENT_NOT_FOUND"),
        ({"title": "Ok", "storeId": other.store_gid}, ["input", "storeId"], "STORE_NOT_FOUND"),
    ]
    for fields, field, code in cases:
        payload = await create(client, tenant, **fields)
        assert payload["category"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)], fields
    assert await paths(engine, tenant) == {}


async def test_move_rewrites_the_subtree_in_one_statement(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine, sql_counter: SqlCounter
) -> None:
    tenant = await tenants.create("Moves")
    a = await make(client, tenant, "A")
    b = await make(client, tenant, "B", parentId=a)
    c = await make(client, tenant, "C", parentId=b)
    d = await make(client, tenant, "D")
    leaves = [await make(client, tenant, f"Leaf {n}", parentId=c) for n in range(5)]

    with sql_counter.measure() as statements:
        body = await call(client, UPDATE, {"id": b, "input": {"parentId": d}}, tenant.staff)
    assert body["data"]["categoryUpdate"]["category"]["parent"] == {"id": d}
    path_writes = [s for s in statements if s.startswith("UPDATE categories SET path")]
    assert len(path_writes) == 1

    tree = await paths(engine, tenant)
    assert tree[raw(b)] == [raw(d), raw(b)]
    assert tree[raw(c)] == [raw(d), raw(b), raw(c)]
    assert all(tree[raw(leaf)] == [raw(d), raw(b), raw(c), raw(leaf)] for leaf in leaves)
    assert tree[raw(a)] == [raw(a)]

    body = await call(client, UPDATE, {"id": c, "input": {"parentId": None}}, tenant.staff)
    assert body["data"]["categoryUpdate"]["category"]["parent"] is None
    tree = await paths(engine, tenant)
    assert tree[raw(c)] == [raw(c)]
    assert tree[raw(leaves[0])] == [raw(c), raw(leaves[0])]


async def test_moving_under_itself_or_a_descendant_is_a_cycle(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Cycles")
    a = await make(client, tenant, "A")
    b = await make(client, tenant, "B", parentId=a)
    c = await make(client, tenant, "C", parentId=b)
    before = await paths(engine, tenant)
    for target in (a, b, c):
        body = await call(
            client,
            UPDATE,
            {"id": a, "input": {"parentId": target, "title": "Renamed"}},
            tenant.staff,
        )
        payload = body["data"]["categoryUpdate"]
        assert payload["category"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["input", "parentId"], "CYCLE")
        ]
    assert await paths(engine, tenant) == before
    titles = await fetch(
        engine, tenant, select(categories.c.title).where(categories.c.id == raw(a))
    )
    assert titles[0].title == "A"


async def test_update_changes_fields_and_keeps_the_parent_when_left_out(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Updates")
    parent = await make(client, tenant, "Parent")
    child = await make(client, tenant, "Child", parentId=parent)
    await make(client, tenant, "Taken", handle="taken")
    body = await call(
        client,
        UPDATE,
        {"id": child, "input": {"title": "Kid", "handle": "kid", "position": 7}},
        tenant.staff,
    )
    assert body["data"]["categoryUpdate"] == {
        "category": {
            "id": child,
            "handle": "kid",
            "title": "Kid",
            "position": 7,
            "parent": {"id": parent},
        },
        "userErrors": [],
    }
    body = await call(client, UPDATE, {"id": child, "input": {"handle": "taken"}}, tenant.staff)
    assert body["data"]["categoryUpdate"]["userErrors"][0]["code"] == "TAKEN"


async def test_delete_refuses_parents_and_uncategorizes_products(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Deletes")
    parent = await make(client, tenant, "Parent")
    child = await make(client, tenant, "Child", parentId=parent)
    [product_id] = await insert_products(engine, tenant, 1, category_id=raw(child))

    body = await call(client, DELETE, {"id": parent}, tenant.staff)
    assert body["data"]["categoryDelete"] == {
        "deletedCategoryId": None,
        "userErrors": [
            {
                "field": ["id"],
                "code": "HAS_CHILDREN",
                "message": "Move or delete the category's subcategories first",
            }
        ],
    }
    body = await call(client, DELETE, {"id": child}, tenant.staff)
    assert body["data"]["categoryDelete"] == {"deletedCategoryId": child, "userErrors": []}
    rows = await fetch(
        engine, tenant, select(products.c.category_id).where(products.c.id == product_id)
    )
    assert rows[0].category_id is None
    assert set(await paths(engine, tenant)) == {raw(parent)}

    body = await call(client, DELETE, {"id": child}, tenant.staff)
    assert body["data"]["categoryDelete"]["userErrors"][0]["code"] == "NOT_FOUND"


async def test_other_tenants_and_storefronts_cannot_touch_categories(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    owner, intruder = await tenants.create("Owner"), await tenants.create("Intruder")
    category = await make(client, owner, "Mine")
    before = await paths(engine, owner)

    body = await call(
        client, UPDATE, {"id": category, "input": {"title": "Theirs"}}, intruder.staff
    )
    assert body["data"]["categoryUpdate"]["userErrors"][0]["code"] == "NOT_FOUND"
    body = await call(client, DELETE, {"id": category}, intruder.staff)
    assert body["data"]["categoryDelete"]["userErrors"][0]["code"] == "NOT_FOUND"

    body = await call(client, DELETE, {"id": category}, owner.storefront)
    assert error_codes(body) == ["FORBIDDEN"]
    reader = await tenants.api_key(owner, ["catalog:read"])
    body = await call(client, DELETE, {"id": category}, {"Authorization": f"Bearer {reader}"})
    assert error_codes(body) == ["FORBIDDEN"]
    assert await paths(engine, owner) == before

    writer = await tenants.api_key(owner, ["catalog:write"])
    payload = await call(
        client,
        CREATE,
        {"input": {"storeId": owner.store_gid, "title": "By key"}},
        {"Authorization": f"Bearer {writer}"},
    )
    assert payload["data"]["categoryCreate"]["category"]["handle"] == "by-key"
