"""GraphQL over HTTP: GET for queries, POST for everything, content negotiation, bad requests."""

from __future__ import annotations

import json

import httpx

from tests.helpers import TenantFactory, gql

TYPENAME = "{ __typename }"
SHOP = "query Shop { shop { name currencyCode } }"
STORES_PAGE = "query ($n: Int) { stores(first: $n) { nodes { name } } }"
REVOKE = "mutation { tokenRevoke { revoked userErrors { code } } }"
ME = "{ me { email } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_get_runs_a_query(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": TYPENAME})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_get_with_variables_and_operation_name(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Getter")
    response = await client.get(
        "/graphql",
        params={"query": STORES_PAGE, "variables": json.dumps({"n": 1})},
        headers=tenant.staff,
    )
    assert response.json() == {"data": {"stores": {"nodes": [{"name": "Getter store"}]}}}
    response = await client.get(
        "/graphql", params={"query": SHOP, "operationName": "Shop"}, headers=tenant.storefront
    )
    assert response.json() == {"data": {"shop": {"name": "Getter store", "currencyCode": "EUR"}}}


async def test_get_refuses_a_mutation_and_runs_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("NoGetMutations")
    response = await client.get("/graphql", params={"query": REVOKE}, headers=tenant.staff)
    assert response.status_code == 405
    assert "mutations are not allowed" in response.text
    # The session was not revoked: the access token still works.
    body = await gql(client, ME, headers=tenant.staff)
    assert body == {"data": {"me": {"email": tenant.email}}}


async def test_graphql_response_media_type_when_asked(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": TYPENAME}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json() == {"data": {"__typename": "Query"}}

    response = await client.get(
        "/graphql",
        params={"query": TYPENAME},
        headers={"Accept": f"{GRAPHQL_RESPONSE}, application/json;q=0.9"},
    )
    assert response.headers["content-type"] == GRAPHQL_RESPONSE


async def test_plain_json_by_default(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": TYPENAME})
    assert response.headers["content-type"] == "application/json"


async def test_bad_requests_are_4xx_not_500(client: httpx.AsyncClient) -> None:
    not_json = await client.post(
        "/graphql", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    no_query = await client.post("/graphql", json={"variables": {}})
    assert no_query.status_code == 400
    wrong_method = await client.put("/graphql", json={"query": TYPENAME})
    assert wrong_method.status_code == 405
    unknown_operation = await client.post(
        "/graphql", json={"query": SHOP, "operationName": "Other"}
    )
    assert unknown_operation.status_code == 400


async def test_graphiql_outside_production(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
