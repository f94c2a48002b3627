"""Persisted-only storefronts: a token so marked, or every storefront of a store so set,
runs registered documents only; other stores keep running ad-hoc queries."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import httpx

from tests.helpers import TenantFactory, TenantSetup, error_codes, gql

SHOP = "query PersistedShop { shop { name } }"
REGISTER = """
mutation ($storeId: ID!, $manifest: JSON!) {
  persistedDocumentsRegister(storeId: $storeId, manifest: $manifest) { count userErrors { code } }
}"""
TOKEN_CREATE = """
mutation ($storeId: ID!, $persistedOnly: Boolean!) {
  storefrontTokenCreate(storeId: $storeId, title: "App", persistedOnly: $persistedOnly) {
    token storefrontToken { persistedOnly } userErrors { code }
  }
}"""
STORE_UPDATE = """
mutation ($id: ID!, $input: StoreUpdateInput!) {
  storeUpdate(id: $id, input: $input) {
    store { domain storefrontPersistedOnly } userErrors { field code }
  }
}"""
STORE_CREATE = """
mutation {
  storeCreate(input: {name: "Second store", currencyCode: EUR}) { store { id } userErrors { code } }
}"""


def doc_id(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def apq(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": doc_id(text)[7:]}}


async def token(
    client: httpx.AsyncClient, tenant: TenantSetup, store_gid: str, persisted_only: bool
) -> dict[str, Any]:
    body = await gql(
        client, TOKEN_CREATE, {"storeId": store_gid, "persistedOnly": persisted_only}, tenant.staff
    )
    created: dict[str, Any] = body["data"]["storefrontTokenCreate"]
    assert created["userErrors"] == []
    return created


async def register(
    client: httpx.AsyncClient, tenant: TenantSetup, store_gid: str, text: str
) -> None:
    body = await gql(
        client, REGISTER, {"storeId": store_gid, "manifest": {doc_id(text): text}}, tenant.staff
    )
    assert body["data"]["persistedDocumentsRegister"] == {"count": 1, "userErrors": []}


async def assert_persisted_only(
    client: httpx.AsyncClient, headers: dict[str, str], text: str, name: str
) -> None:
    ad_hoc = await client.post("/graphql", json={"query": SHOP}, headers=headers)
    assert error_codes(ad_hoc.json()) == ["PERSISTED_QUERY_REQUIRED"]
    assert ad_hoc.json()["data"] is None
    registering = await client.post(
        "/graphql", json={"query": SHOP, "extensions": apq(SHOP)}, headers=headers
    )
    assert error_codes(registering.json()) == ["PERSISTED_QUERY_REQUIRED"]
    # Nor a GET of a known hash (the response cache's path, which runs first).
    by_hash = await client.get(
        "/graphql", params={"extensions": json.dumps(apq(SHOP))}, headers=headers
    )
    assert error_codes(by_hash.json()) == ["PERSISTED_QUERY_REQUIRED"]
    allowed = await client.post("/graphql", json={"documentId": doc_id(text)}, headers=headers)
    assert allowed.json() == {"data": {"shop": {"name": name}}}


async def warm_apq(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Register SHOP by APQ and read it by GET, so the process holds its text and answer."""
    await client.post("/graphql", json={"query": SHOP, "extensions": apq(SHOP)}, headers=headers)
    by_hash = await client.get(
        "/graphql", params={"extensions": json.dumps(apq(SHOP))}, headers=headers
    )
    assert "errors" not in by_hash.json()


async def assert_ad_hoc_runs(client: httpx.AsyncClient, headers: dict[str, str], name: str) -> None:
    body = await client.post("/graphql", json={"query": SHOP}, headers=headers)
    assert body.json() == {"data": {"shop": {"name": name}}}


async def test_a_persisted_only_token_runs_registered_documents_only(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("OnlyToken")
    text = SHOP + f" # {unique}"
    await register(client, tenant, tenant.store_gid, text)
    await warm_apq(client, tenant.storefront)
    strict = await token(client, tenant, tenant.store_gid, persisted_only=True)
    assert strict["storefrontToken"] == {"persistedOnly": True}

    await assert_persisted_only(
        client, {"X-Storefront-Token": strict["token"]}, text, "OnlyToken store"
    )
    # The store's other, ordinary token still runs ad-hoc queries.
    await assert_ad_hoc_runs(client, tenant.storefront, "OnlyToken store")


async def test_a_persisted_only_store_refuses_ad_hoc_queries_by_token_and_domain(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("OnlyStore")
    domain = f"only-{uuid.uuid4().hex[:10]}.example.com"
    text = SHOP + f" # {unique}"
    await register(client, tenant, tenant.store_gid, text)
    created = await gql(client, STORE_CREATE, headers=tenant.staff)
    second_gid = created["data"]["storeCreate"]["store"]["id"]
    second = await token(client, tenant, second_gid, persisted_only=False)
    # Warm the lookups and caches first: the setting must reach cached routes too.
    await assert_ad_hoc_runs(client, tenant.storefront, "OnlyStore store")
    await warm_apq(client, tenant.storefront)

    body = await gql(
        client,
        STORE_UPDATE,
        {"id": tenant.store_gid, "input": {"storefrontPersistedOnly": True, "domain": domain}},
        tenant.staff,
    )
    assert body["data"]["storeUpdate"] == {
        "store": {"domain": domain, "storefrontPersistedOnly": True},
        "userErrors": [],
    }

    await assert_persisted_only(client, tenant.storefront, text, "OnlyStore store")
    await assert_persisted_only(client, {"Host": domain}, text, "OnlyStore store")
    # Another store of the same tenant, and another tenant, are not affected.
    await assert_ad_hoc_runs(client, {"X-Storefront-Token": second["token"]}, "Second store")
    other = await tenants.create("NotOnly")
    await assert_ad_hoc_runs(client, other.storefront, "NotOnly store")

    # Switched off again, ad-hoc queries run at once.
    body = await gql(
        client,
        STORE_UPDATE,
        {"id": tenant.store_gid, "input": {"storefrontPersistedOnly": False}},
        tenant.staff,
    )
    assert body["data"]["storeUpdate"]["store"]["storefrontPersistedOnly"] is False
    await assert_ad_hoc_runs(client, tenant.storefront, "OnlyStore store")
