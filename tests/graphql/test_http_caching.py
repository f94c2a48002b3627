"""HTTP caching of GET persisted storefront reads, and the response cache behind it:
headers, 304, never for errors / staff / carts, no SQL on a hit, invalidated by a catalog
write in every process."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.main import create_app
from app.settings import Settings
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, gql

PRODUCT = "query CachedProduct($handle: String!) { product(handle: $handle) { id title } }"
CART = "query CachedCart($id: ID!) { cart(id: $id) { id } }"
CREATE = """mutation ($input: ProductCreateInput!) {
  productCreate(input: $input) { product { id handle } userErrors { code } } }"""
UPDATE = """mutation ($id: ID!, $input: ProductUpdateInput!) {
  productUpdate(id: $id, input: $input) { product { title } userErrors { code } } }"""
STORE_UPDATE = """mutation ($id: ID!, $input: StoreUpdateInput!) {
  storeUpdate(id: $id, input: $input) {
    store { storefrontCacheMaxAge storefrontCacheStaleWhileRevalidate }
    userErrors { field code }
  }
}"""


def apq_params(text: str, variables: dict[str, Any]) -> dict[str, str]:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
        "variables": json.dumps(variables),
    }


async def register(client: httpx.AsyncClient, text: str, headers: dict[str, str]) -> None:
    digest = hashlib.sha256(text.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    await client.post(
        "/graphql",
        json={"query": text, "extensions": extensions, "variables": {"handle": "x"}},
        headers=headers,
    )


async def product(client: httpx.AsyncClient, tenant: TenantSetup, title: str) -> dict[str, Any]:
    body = await gql(
        client,
        CREATE,
        {"input": {"storeId": tenant.store_gid, "title": title, "status": "ACTIVE"}},
        tenant.staff,
    )
    created: dict[str, Any] = body["data"]["productCreate"]["product"]
    return created


@pytest.fixture(scope="module")
async def second_process(settings: Settings) -> AsyncIterator[Starlette]:
    """Another app instance: its own in-process cache, the same Redis."""
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


async def test_a_storefront_read_is_cacheable_and_answers_304(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter
) -> None:
    tenant = await tenants.create("Cacheable")
    made = await product(client, tenant, "Cached hat")
    await register(client, PRODUCT, tenant.storefront)
    params = apq_params(PRODUCT, {"handle": made["handle"]})
    first = await client.get("/graphql", params=params, headers=tenant.storefront)
    assert first.json() == {"data": {"product": {"id": made["id"], "title": "Cached hat"}}}
    assert first.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=300"
    assert "x-storefront-token" in first.headers["vary"].lower()
    assert "accept-language" in first.headers["vary"].lower()
    etag = first.headers["etag"]
    with sql_counter.measure() as statements:
        again = await client.get("/graphql", params=params, headers=tenant.storefront)
        not_modified = await client.get(
            "/graphql", params=params, headers={**tenant.storefront, "If-None-Match": etag}
        )
    assert again.content == first.content and again.headers["etag"] == etag
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert statements == []  # both answered from the response cache


async def test_a_product_update_changes_the_next_answer_in_every_process(
    client: httpx.AsyncClient, tenants: TenantFactory, second_process: Starlette
) -> None:
    tenant = await tenants.create("Invalidated")
    made = await product(client, tenant, "Old title")
    await register(client, PRODUCT, tenant.storefront)
    params = apq_params(PRODUCT, {"handle": made["handle"]})
    transport = httpx.ASGITransport(app=second_process)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as other:
        await register(other, PRODUCT, tenant.storefront)
        for c in (client, other):  # both processes hold the answer
            warm = await c.get("/graphql", params=params, headers=tenant.storefront)
            assert warm.json()["data"]["product"]["title"] == "Old title"
        etag = warm.headers["etag"]
        updated = await gql(
            client, UPDATE, {"id": made["id"], "input": {"title": "New title"}}, tenant.staff
        )
        assert updated["data"]["productUpdate"]["userErrors"] == []
        for c in (client, other):
            fresh = await c.get(
                "/graphql", params=params, headers={**tenant.storefront, "If-None-Match": etag}
            )
            assert fresh.status_code == 200
            assert fresh.json()["data"]["product"]["title"] == "New title"


async def test_errors_staff_and_carts_are_never_cacheable(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Private")
    await register(client, PRODUCT, tenant.storefront)
    # A staff caller: private.
    staff = await client.get(
        "/graphql", params=apq_params(PRODUCT, {"handle": "none"}), headers=tenant.staff
    )
    assert staff.headers["cache-control"] == "private, no-store"
    # A cart read: private, even from a storefront.
    cart_digest = hashlib.sha256(CART.encode()).hexdigest()
    ext = {"persistedQuery": {"version": 1, "sha256Hash": cart_digest}}
    await client.post(
        "/graphql",
        json={"query": CART, "extensions": ext, "variables": {"id": "Q2FydDox"}},
        headers=tenant.storefront,
    )
    cart = await client.get(
        "/graphql",
        params={"extensions": json.dumps(ext), "variables": json.dumps({"id": "Q2FydDox"})},
        headers=tenant.storefront,
    )
    assert cart.headers["cache-control"] == "private, no-store"
    # An answer with errors: private (a bad variable here).
    bad = await client.get(
        "/graphql", params=apq_params(PRODUCT, {"handle": 5}), headers=tenant.storefront
    )
    assert bad.json().get("errors")
    assert bad.headers["cache-control"] == "private, no-store"
    # An unknown hash: private.
    unknown = await client.get(
        "/graphql", params=apq_params("{ shop { name } } #", {}), headers=tenant.storefront
    )
    assert unknown.headers["cache-control"] == "private, no-store"


async def store_update(
    client: httpx.AsyncClient, tenant: TenantSetup, values: dict[str, Any]
) -> dict[str, Any]:
    body = await gql(client, STORE_UPDATE, {"id": tenant.store_gid, "input": values}, tenant.staff)
    payload: dict[str, Any] = body["data"]["storeUpdate"]
    return payload


async def test_a_store_sets_its_own_cache_times(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter
) -> None:
    tenant, other = await tenants.create("OwnTimes"), await tenants.create("DefaultTimes")
    made = await product(client, tenant, "Timed hat")
    await register(client, PRODUCT, tenant.storefront)
    params = apq_params(PRODUCT, {"handle": made["handle"]})
    first = await client.get("/graphql", params=params, headers=tenant.storefront)  # cached now

    payload = await store_update(
        client, tenant, {"storefrontCacheMaxAge": 17, "storefrontCacheStaleWhileRevalidate": 5}
    )
    assert payload == {
        "store": {"storefrontCacheMaxAge": 17, "storefrontCacheStaleWhileRevalidate": 5},
        "userErrors": [],
    }
    await client.get("/graphql", params=params, headers=tenant.storefront)  # the route again
    with sql_counter.measure() as statements:
        cached = await client.get("/graphql", params=params, headers=tenant.storefront)
        not_modified = await client.get(
            "/graphql",
            params=params,
            headers={**tenant.storefront, "If-None-Match": first.headers["etag"]},
        )
    assert cached.headers["cache-control"] == "public, max-age=17, stale-while-revalidate=5"
    assert not_modified.status_code == 304
    assert not_modified.headers["cache-control"] == cached.headers["cache-control"]
    assert statements == []  # the store's times come with its cached route

    # Another store keeps the process settings.
    await register(client, PRODUCT, other.storefront)
    theirs = await client.get(
        "/graphql", params=apq_params(PRODUCT, {"handle": "none"}), headers=other.storefront
    )
    assert theirs.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=300"

    # A negative time is a userError and changes nothing; null returns to the default.
    refused = await store_update(client, tenant, {"storefrontCacheMaxAge": -1})
    assert refused == {
        "store": None,
        "userErrors": [{"field": ["input", "storefrontCacheMaxAge"], "code": "INVALID"}],
    }
    kept = await client.get("/graphql", params=params, headers=tenant.storefront)
    assert kept.headers["cache-control"] == "public, max-age=17, stale-while-revalidate=5"
    reset = await store_update(client, tenant, {"storefrontCacheMaxAge": None})
    assert reset["store"] == {
        "storefrontCacheMaxAge": None,
        "storefrontCacheStaleWhileRevalidate": 5,
    }
    again = await client.get("/graphql", params=params, headers=tenant.storefront)
    assert again.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=5"
