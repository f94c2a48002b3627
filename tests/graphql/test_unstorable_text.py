"""NUL bytes and lone surrogates are refused where input enters, for every field."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import TenantFactory, error_codes, gql

TOKEN_CREATE = """mutation ($email: String!) {
  tokenCreate(email: $email, password: "whatever") { accessToken userErrors { code } }
}"""
PRODUCT_BY_HANDLE = """query ($handle: String!) { product(handle: $handle) { id } }"""
STORE_CREATE_LITERAL = """mutation {
  storeCreate(input: {name: "bad\\u0000name", currencyCode: EUR}) { store { id } }
}"""
SIBLINGS = """query ($handle: String!) { shop { name } product(handle: $handle) { id } }"""


@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "tag\x00"])
async def test_nul_in_a_variable_is_bad_user_input(client: httpx.AsyncClient, bad: str) -> None:
    body = await gql(client, TOKEN_CREATE, {"email": bad})
    assert body["data"] is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "$email" in body["errors"][0]["message"]


async def test_nul_deep_inside_an_input_object_is_named(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Nul")
    body = await gql(
        client,
        "mutation ($input: StoreCreateInput!) { storeCreate(input: $input) { store { id } } }",
        {"input": {"name": "ok", "currencyCode": "EUR", "languages": ["EN"], "domain": "b\x00"}},
        tenant.staff,
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == ["input", "domain"]


async def test_nul_in_a_literal_is_bad_user_input(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("NulLiteral")
    body = await gql(client, STORE_CREATE_LITERAL, headers=tenant.staff)
    assert body["data"] is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "input.name" in body["errors"][0]["message"]


async def test_lone_surrogate_in_a_literal_is_bad_user_input(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Surrogate")
    query = 'query { product(handle: "x\\ud800y") { id } }'
    body = await gql(client, query, headers=tenant.staff)
    assert error_codes(body) in (["BAD_USER_INPUT"], ["GRAPHQL_PARSE_FAILED"])


async def test_lone_surrogate_in_a_get_variable_is_refused(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("SurrogateGet")
    response = await client.get(
        "/graphql",
        params={"query": PRODUCT_BY_HANDLE, "variables": '{"handle": "a\\ud800"}'},
        headers=tenant.storefront,
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert error_codes(response.json()) == ["BAD_USER_INPUT"]


async def test_storefront_handle_with_nul_leaves_the_shop_answering(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("NulShop")
    body = await gql(client, SIBLINGS, {"handle": "x\x00"}, tenant.storefront)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    ok = await gql(client, SIBLINGS, {"handle": "nope"}, tenant.storefront)
    assert ok["data"] == {"shop": {"name": ok["data"]["shop"]["name"]}, "product": None}
