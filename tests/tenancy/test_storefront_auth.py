"""Storefront access by token or store domain; revocations and domain moves apply at once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from app.tenancy import secrets as creds
from tests.helpers import TenantFactory, TenantSetup, call, error_codes
from tests.tenancy.support import reroute, row_id

SHOP = "query { shop { name primaryDomain currencyCode } }"
ME = "query { me { email } }"
STORES = "query { stores { nodes { id } } }"
STORE_UPDATE = """
mutation ($id: ID!, $domain: String) {
  storeUpdate(id: $id, input: {domain: $domain}) { store { domain } userErrors { code } }
}"""
STORE_CREATE = """
mutation ($name: String!, $domain: String) {
  storeCreate(input: {name: $name, currencyCode: USD, domain: $domain}) {
    store { id } userErrors { code }
  }
}"""
STOREFRONT_TOKEN_CREATE = """
mutation ($storeId: ID!) {
  storefrontTokenCreate(storeId: $storeId) { storefrontToken { id } token userErrors { code } }
}"""
STOREFRONT_TOKEN_REVOKE = """
mutation ($id: ID!) {
  storefrontTokenRevoke(id: $id) { storefrontToken { revokedAt } userErrors { code } }
}"""


@pytest.fixture(scope="module")
async def pair(tenants: TenantFactory) -> tuple[TenantSetup, TenantSetup]:
    """Two tenants for tests that leave their tokens and stores as they were."""
    return await tenants.create("Front"), await tenants.create("Other")


def _domain() -> str:
    return f"shop-{uuid.uuid4().hex[:10]}.example.com"


async def _shop(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    return await call(client, SHOP, headers=headers)


async def _move_domain(client: httpx.AsyncClient, shop: TenantSetup, domain: str | None) -> None:
    body = await call(client, STORE_UPDATE, {"id": shop.store_gid, "domain": domain}, shop.staff)
    assert body["data"]["storeUpdate"]["userErrors"] == []


async def test_storefront_token_answers_shop(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Front", currency="SEK")

    body = await _shop(client, shop.storefront)

    assert body == {
        "data": {"shop": {"name": "Front store", "primaryDomain": None, "currencyCode": "SEK"}}
    }


@pytest.mark.parametrize("host_form", ["{}", "{}:443", "{upper}"], ids=["plain", "port", "case"])
async def test_store_domain_in_host_answers_shop_without_a_token(
    host_form: str, client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    shop, domain = pair[0], _domain()
    await _move_domain(client, shop, domain)

    host = host_form.format(domain, upper=domain.upper())
    body = await _shop(client, {"Host": host})

    assert body["data"]["shop"]["primaryDomain"] == domain


async def test_moved_domain_answers_at_the_new_host_only(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, old, new = await tenants.create("Front"), _domain(), _domain()
    await _move_domain(client, shop, old)
    assert "errors" not in await _shop(client, {"Host": old})  # now cached in-process

    await _move_domain(client, shop, new)

    assert error_codes(await _shop(client, {"Host": old})) == ["UNAUTHENTICATED"]
    assert (await _shop(client, {"Host": new}))["data"]["shop"]["primaryDomain"] == new


async def test_new_store_answers_at_a_host_that_was_unknown_a_moment_before(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, domain = await tenants.create("Front"), _domain()
    assert error_codes(await _shop(client, {"Host": domain})) == ["UNAUTHENTICATED"]

    created = await call(client, STORE_CREATE, {"name": "Second", "domain": domain}, shop.staff)

    assert created["data"]["storeCreate"]["userErrors"] == []
    assert (await _shop(client, {"Host": domain}))["data"]["shop"]["name"] == "Second"


async def test_token_of_a_second_store_answers_for_that_store(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Front")
    store = await call(client, STORE_CREATE, {"name": "Outlet"}, shop.staff)
    store_id = store["data"]["storeCreate"]["store"]["id"]
    minted = await call(client, STOREFRONT_TOKEN_CREATE, {"storeId": store_id}, shop.staff)
    token = minted["data"]["storefrontTokenCreate"]["token"]

    assert (await _shop(client, {"X-Storefront-Token": token}))["data"]["shop"]["name"] == "Outlet"
    assert (await _shop(client, shop.storefront))["data"]["shop"]["name"] == "Front store"


async def test_revoked_token_stops_working_at_once(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Front")
    assert "errors" not in await _shop(client, shop.storefront)  # now cached in-process
    token_gid = _token_gid(shop.storefront_token)

    revoked = await call(client, STOREFRONT_TOKEN_REVOKE, {"id": token_gid}, shop.staff)
    body = await _shop(client, shop.storefront)

    assert revoked["data"]["storefrontTokenRevoke"]["storefrontToken"]["revokedAt"] is not None
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "Invalid or revoked storefront token"


def _token_gid(token: str) -> str:
    from app.graphql.ids import to_global_id

    return to_global_id("StorefrontToken", row_id(creds.STOREFRONT, token))


@pytest.mark.parametrize("query", [ME, STORES], ids=["me", "stores"])
async def test_storefront_token_cannot_reach_admin_fields(
    query: str, client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    shop = pair[0]

    body = await call(client, query, headers=shop.storefront)

    assert error_codes(body) == ["FORBIDDEN"]
    assert body["data"] is None


@pytest.mark.parametrize(
    "headers",
    [{}, {"Host": "unknown-shop.example.net"}],
    ids=["no-credential", "unknown-host"],
)
async def test_anonymous_caller_cannot_read_shop(
    headers: dict[str, str], client: httpx.AsyncClient
) -> None:
    body = await _shop(client, headers)

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "Authentication required"
    assert body["data"] is None


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "Bearer "])
async def test_bad_authorization_scheme_is_unauthenticated(
    authorization: str, client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    shop = pair[0]

    body = await _shop(client, {**shop.storefront, "Authorization": authorization})

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "Authorization must be `Bearer <token>`"


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, other: "est_garbage",
        lambda token, other: token.partition(".")[0] + ".wrong-secret",
        lambda token, other: reroute(token, other.tenant_id, row_id(creds.STOREFRONT, token)),
        lambda token, other: reroute(
            token, other.tenant_id, row_id(creds.STOREFRONT, other.storefront_token)
        ),
    ],
    ids=["garbage", "wrong-secret", "rerouted", "other-tenants-row"],
)
async def test_malformed_or_forged_storefront_token_is_unauthenticated(
    forge: Any, client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    shop, other = pair

    body = await _shop(client, {"X-Storefront-Token": forge(shop.storefront_token, other)})

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "Other store" not in str(body)


async def test_wrong_secret_is_refused_after_the_right_token_was_cached(
    client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    """The storefront cache is keyed by the token as sent: the same route with another
    secret is never answered from the entry the right token made."""
    shop = pair[0]
    token = shop.storefront_token
    wrong = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    assert (await _shop(client, shop.storefront))["data"]["shop"]["name"] == "Front store"
    refused = await _shop(client, {"X-Storefront-Token": wrong})
    again = await _shop(client, shop.storefront)

    assert error_codes(refused) == ["UNAUTHENTICATED"]
    assert again["data"]["shop"]["name"] == "Front store"
