"""Automatic persisted queries (Apollo's protocol) over POST and GET."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx

from tests.helpers import TenantFactory, error_codes

SHOP = "query ShopName { shop { name currencyCode } }"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apq(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


async def test_unknown_hash_then_register_then_hash_alone_over_post_and_get(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("Apq")
    text = SHOP + f" # {unique}"  # a hash no earlier test registered
    first = await client.post("/graphql", json={"extensions": apq(text)}, headers=tenant.storefront)
    assert first.status_code == 200
    assert first.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert error_codes(first.json()) == ["PERSISTED_QUERY_NOT_FOUND"]

    registered = await client.post(
        "/graphql", json={"query": text, "extensions": apq(text)}, headers=tenant.storefront
    )
    expected = {"data": {"shop": {"name": "Apq store", "currencyCode": "EUR"}}}
    assert registered.json() == expected

    by_post = await client.post(
        "/graphql", json={"extensions": apq(text)}, headers=tenant.storefront
    )
    assert by_post.json() == expected
    by_get = await client.get(
        "/graphql",
        params={"extensions": json.dumps(apq(text))},
        headers={**tenant.storefront, "Accept": "*/*"},  # not GraphiQL's page
    )
    assert by_get.status_code == 200
    assert by_get.json() == expected


async def test_registered_texts_are_kept_per_tenant(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    one, other = await tenants.create("ApqOne"), await tenants.create("ApqOther")
    text = SHOP + f" # per tenant {unique}"
    await client.post(
        "/graphql", json={"query": text, "extensions": apq(text)}, headers=one.storefront
    )
    response = await client.post(
        "/graphql", json={"extensions": apq(text)}, headers=other.storefront
    )
    assert error_codes(response.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_hash_that_does_not_match_the_text_is_refused(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("ApqMismatch")
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": sha("{ __typename }")}}
    response = await client.post(
        "/graphql", json={"query": SHOP, "extensions": wrong}, headers=tenant.storefront
    )
    assert response.status_code == 200
    assert error_codes(response.json()) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert response.json()["data"] is None
    # Nothing was registered under the wrong hash.
    again = await client.post("/graphql", json={"extensions": wrong}, headers=tenant.storefront)
    assert error_codes(again.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_bad_extensions_and_oversized_texts_get_clear_errors(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("ApqBad")
    for extensions in (
        {"persistedQuery": {"version": 2, "sha256Hash": sha(SHOP)}},
        {"persistedQuery": {"version": 1, "sha256Hash": "nothex"}},
        {"persistedQuery": "yes"},
    ):
        response = await client.post(
            "/graphql", json={"extensions": extensions}, headers=tenant.storefront
        )
        assert response.status_code == 200, response.text
        assert error_codes(response.json()) == ["BAD_REQUEST"]
    big = "{ __typename }" + " " * (70 * 1024)
    response = await client.post(
        "/graphql", json={"query": big, "extensions": apq(big)}, headers=tenant.storefront
    )
    assert error_codes(response.json()) == ["PERSISTED_QUERY_TOO_LARGE"]


async def test_the_redis_store_is_bounded_per_tenant(app: Any, unique: str) -> None:
    from app.documents.service import apq_key, apq_put

    redis = app.state.resources.redis
    tenant = f"bounded-{unique}"
    for i in range(12):
        await apq_put(redis, tenant, f"{i:064x}", f"{{ n{i} }}", max_entries=5)  # type: ignore[arg-type]
    assert await redis.hlen(apq_key(tenant)) == 5  # type: ignore[arg-type]
    assert await redis.ttl(apq_key(tenant)) > 0  # type: ignore[arg-type]
