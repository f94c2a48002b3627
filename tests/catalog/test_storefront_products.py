"""Storefront product lists: visibility, search, filters, sort keys, cursors, translations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from app.catalog.models import products
from app.db.tenant import RequestDB
from app.graphql.ids import decode_global_id
from tests.catalog.seeded import Seeded, seed_tenant
from tests.helpers import TenantFactory, error_codes, gql

LIST = """
query List($first: Int, $after: String, $query: String, $filter: ProductFilter,
           $sortKey: ProductSortKeys, $reverse: Boolean) {
  products(first: $first, after: $after, query: $query, filter: $filter, sortKey: $sortKey,
           reverse: $reverse) {
    nodes { id handle title tags availableForSale status
            priceRange { minVariantPrice { amount currencyCode } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
BY_HANDLE = "query ($h: String!) { product(handle: $h) { id title } }"
TITLE_IN = """
query ($h: String!) @inContext(language: EN) { product(handle: $h) { title description } }"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on Product { title } } }"


@pytest.fixture(scope="module")
async def seeded(app: Starlette, tenants: TenantFactory) -> Seeded:
    return await seed_tenant(app, tenants, 60, "Shop A")


async def _list(client: httpx.AsyncClient, seeded: Seeded, **variables: Any) -> dict[str, Any]:
    body = await gql(client, LIST, {"first": 250, **variables}, seeded.tenant.storefront)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["products"]
    return result


def _raw_id(global_id: str) -> Any:
    decoded = decode_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def _statuses(app: Starlette, seeded: Seeded) -> dict[str, str]:
    db = RequestDB(app.state.resources.engine, seeded.tenant.tenant_id)
    rows = (
        await db.execute(
            select(products.c.handle, products.c.status).where(
                products.c.tenant_id == seeded.tenant.tenant_id
            )
        )
    ).all()
    await db.close(commit=False)
    return {r.handle: r.status for r in rows}


async def test_only_active_products_are_visible(
    client: httpx.AsyncClient, app: Starlette, seeded: Seeded
) -> None:
    statuses = await _statuses(app, seeded)
    listed = {p["handle"] for p in (await _list(client, seeded))["nodes"]}
    assert listed == {h for h, s in statuses.items() if s == "ACTIVE"}
    draft = next(h for h, s in statuses.items() if s == "DRAFT")
    body = await gql(client, BY_HANDLE, {"h": draft}, seeded.tenant.storefront)
    assert body["data"]["product"] is None


async def test_search_matches_prefixes_and_translations(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    everything = (await _list(client, seeded))["nodes"]
    expected = {p["handle"] for p in everything if "Camiseta" in p["title"]}
    assert expected, "the seed has t-shirts"
    found = {p["handle"] for p in (await _list(client, seeded, query="camis"))["nodes"]}
    assert found == expected
    english = {p["handle"] for p in (await _list(client, seeded, query="t-shirt"))["nodes"]}
    assert english == expected


async def test_filters(client: httpx.AsyncClient, seeded: Seeded) -> None:
    available = (await _list(client, seeded, filter={"available": True}))["nodes"]
    assert available and all(p["availableForSale"] for p in available)
    cheap = (await _list(client, seeded, filter={"price": {"max": "50.00"}}))["nodes"]
    assert cheap and all(float(p["priceRange"]["minVariantPrice"]["amount"]) <= 50 for p in cheap)
    tagged = (await _list(client, seeded, filter={"tag": "eco"}))["nodes"]
    assert tagged and all("eco" in p["tags"] for p in tagged)


async def test_category_filter_includes_descendants(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    query = "{ categories(first: 50) { nodes { id handle parent { id } } } }"
    body = await gql(client, query, None, seeded.tenant.storefront)
    categories = body["data"]["categories"]["nodes"]
    root = next(c for c in categories if c["handle"] == "clothing")
    children = [c["id"] for c in categories if c["parent"] and c["parent"]["id"] == root["id"]]
    in_root = {
        p["id"] for p in (await _list(client, seeded, filter={"categoryId": root["id"]}))["nodes"]
    }
    in_children: set[str] = set()
    for child in children:
        nodes = (await _list(client, seeded, filter={"categoryId": child}))["nodes"]
        in_children |= {p["id"] for p in nodes}
    assert in_root and in_root == in_children


@pytest.mark.parametrize(
    ("sort_key", "value"),
    [
        ("TITLE", lambda p: p["title"]),
        ("PRICE", lambda p: float(p["priceRange"]["minVariantPrice"]["amount"])),
    ],
)
async def test_sort_keys_and_reverse(
    client: httpx.AsyncClient, seeded: Seeded, sort_key: str, value: Any
) -> None:
    ascending = [value(p) for p in (await _list(client, seeded, sortKey=sort_key))["nodes"]]
    assert ascending == sorted(ascending)
    reverse = await _list(client, seeded, sortKey=sort_key, reverse=True)
    descending = [value(p) for p in reverse["nodes"]]
    assert descending == sorted(descending, reverse=True)


async def test_cursors_are_stable_under_inserts(
    client: httpx.AsyncClient, app: Starlette, seeded: Seeded
) -> None:
    full = [p["id"] for p in (await _list(client, seeded, sortKey="TITLE"))["nodes"]]
    first = await _list(client, seeded, first=10, sortKey="TITLE")
    first_ids = [p["id"] for p in first["nodes"]]
    assert first_ids == full[:10]
    # After the first page was read, a product moves in front of it (as an insert would).
    moved = full[-1]
    db = RequestDB(app.state.resources.engine, seeded.tenant.tenant_id)
    await db.execute(
        update(products)
        .values(title="AAA first now")
        .where(products.c.tenant_id == seeded.tenant.tenant_id, products.c.id == _raw_id(moved))
    )
    await db.close(commit=True)
    second = await _list(
        client, seeded, first=10, sortKey="TITLE", after=first["pageInfo"]["endCursor"]
    )
    expected = [i for i in full if i not in first_ids and i != moved][:10]
    assert [p["id"] for p in second["nodes"]] == expected


async def test_page_size_is_capped(client: httpx.AsyncClient, seeded: Seeded) -> None:
    body = await gql(client, LIST, {"first": 251}, seeded.tenant.storefront)
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_translated_fields_follow_in_context_and_accept_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    product = next(p for p in (await _list(client, seeded))["nodes"])
    english = await gql(client, TITLE_IN, {"h": product["handle"]}, seeded.tenant.storefront)
    spanish = await gql(client, BY_HANDLE, {"h": product["handle"]}, seeded.tenant.storefront)
    header = await gql(
        client,
        BY_HANDLE,
        {"h": product["handle"]},
        {**seeded.tenant.storefront, "Accept-Language": "en-GB,en;q=0.8"},
    )
    assert spanish["data"]["product"]["title"] == product["title"]
    assert english.get("data") and english["data"]["product"], english
    assert english["data"]["product"]["title"] != product["title"]
    assert header["data"]["product"]["title"] == english["data"]["product"]["title"]
    unknown = await gql(
        client,
        BY_HANDLE,
        {"h": product["handle"]},
        {**seeded.tenant.storefront, "Accept-Language": "fi"},
    )
    assert unknown["data"]["product"]["title"] == product["title"]  # falls back to default


async def test_money_is_a_decimal_string_in_the_store_currency(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    price = (await _list(client, seeded))["nodes"][0]["priceRange"]["minVariantPrice"]
    assert price["currencyCode"] == "EUR"
    assert price["amount"].count(".") == 1 and len(price["amount"].split(".")[1]) == 2


async def test_another_tenants_storefront_sees_nothing(
    client: httpx.AsyncClient, seeded: Seeded, tenants: TenantFactory
) -> None:
    other = await tenants.create("Shop B")
    victim = (await _list(client, seeded))["nodes"][0]
    body = await gql(client, NODE, {"id": victim["id"]}, other.storefront)
    assert body["data"]["node"] is None
    listed = await gql(client, LIST, {"first": 10}, other.storefront)
    assert listed["data"]["products"]["nodes"] == []


FRAGMENTS = """
query ($first: Int) {
  products(first: $first) {
    edges { node { ...Card } }
  }
}
fragment Card on Product { handle ... on Product { options { name values } availableForSale } }
"""
LEAN = "query ($first: Int) { products(first: $first) { nodes { handle } } }"


async def test_options_and_availability_are_loaded_when_selected_through_fragments(
    client: httpx.AsyncClient, seeded: Seeded, app: Starlette
) -> None:
    """A page leaves the options and availability subqueries out of its statement when
    the operation does not select them; fragments must still be seen."""
    from tests.helpers import SqlCounter

    counter = SqlCounter(app.state.resources.engine)
    try:
        with counter.measure() as statements:
            body = await gql(client, FRAGMENTS, {"first": 30}, seeded.tenant.storefront)
        assert "errors" not in body, body
        nodes = [edge["node"] for edge in body["data"]["products"]["edges"]]
        assert any(node["options"] for node in nodes)
        assert {node["availableForSale"] for node in nodes} <= {True, False}
        assert "product_options" in statements[1] and "inventory_levels" in statements[1]
        with counter.measure() as statements:
            lean = await gql(client, LEAN, {"first": 30}, seeded.tenant.storefront)
        assert [n["handle"] for n in lean["data"]["products"]["nodes"]] == [
            n["handle"] for n in nodes
        ]
        assert "product_options" not in statements[1]
        assert "inventory_levels" not in statements[1]
    finally:
        counter.detach()
