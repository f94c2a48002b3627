import httpx, json
from tests.helpers import TenantFactory

async def test_explore(client: httpx.AsyncClient, tenants: TenantFactory) -> None:
    t = await tenants.create("X")
    cases = [
        ("POST", {"query": "{ __typename"}),
        ("POST", {"query": "{ nope }"}),
        ("POST", {"query": "query ($c: CurrencyCode!) { __typename }", "variables": {"c": "XYZ"}}),
        ("POST", {"query": "query ($n: Int) { stores(first: $n) { nodes { id } } }", "variables": {"n": 2**40}}),
        ("POST", {"query": "query ($n: Int) { stores(first: $n) { nodes { id } } }", "variables": {"n": "abc"}}),
        ("POST", {"query": "mutation ($i: StoreCreateInput!) { storeCreate(input: $i) { store { id } } }", "variables": {"i": {"name": "x", "currencyCode": "XYZ"}}}),
        ("POST", {"query": "{ " + "__typename " * 6000 + "}"}),
        ("POST", {"query": "{ shop { a { b { c { d { e { f { g { h { i { j { k { l { m { n } } } } } } } } } } } } } } }"}),
        ("POST", {"query": "{ stores { nodes { id } } }"}),
        ("GET", {"query": "{ __typename }"}),
        ("GET", {"query": "mutation { tokenRevoke { revoked } }"}),
        ("POST", {"query": "query Q { __typename } query R { __typename }"}),
        ("POST", {}),
        ("POST", "notjson"),
    ]
    for method, payload in cases:
        if method == "GET":
            r = await client.get("/graphql", params=payload, headers={"accept": "application/json"})
        elif isinstance(payload, str):
            r = await client.post("/graphql", content=payload, headers={"content-type": "application/json"})
        else:
            r = await client.post("/graphql", json=payload, headers=t.staff)
        print(method, str(payload)[:80], r.status_code, r.headers.get("content-type"), r.headers.get("x-request-id"), r.text[:400])
    r = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"accept": "application/graphql-response+json"})
    print(r.status_code, r.headers)
