"""Real IDs, handles and cursors of a seeded tenant, and hostile strings, for the fuzzer.

Random IDs never reach past the first lookup; the seeds are what take generated requests
into the code behind it (a real product's variants, a real cursor's next page)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.helpers import TenantSetup

PRODUCT_CREATE = """mutation ($input: ProductCreateInput!) { productCreate(input: $input) {
  product { id handle variants(first: 5) { nodes { id } pageInfo { endCursor } } }
  userErrors { code message } } }"""
COLLECTION_CREATE = """mutation ($input: CollectionCreateInput!) {
  collectionCreate(input: $input) { collection { id handle } userErrors { code } } }"""
CATEGORY_CREATE = """mutation ($input: CategoryCreateInput!) {
  categoryCreate(input: $input) { category { id handle } userErrors { code } } }"""
API_KEY_CREATE = """mutation { apiKeyCreate(input: {name: "fuzz", scopes: ["catalog:read"],
  persistedOnly: false}) { apiKey { id } userErrors { code } } }"""
LISTS = """{ me { staffMember { id } }
  products(first: 1) { pageInfo { endCursor } }
  collections(first: 1) { pageInfo { endCursor } }
  categories(first: 1) { pageInfo { endCursor } }
  stores(first: 1) { pageInfo { endCursor } }
  staffMembers(first: 1) { pageInfo { endCursor } }
  apiKeys(first: 1) { nodes { id } pageInfo { endCursor } } }"""

HOSTILE = [
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate: the JSON layer must refuse it, not crash
    "x\udfffy",
    "x" * 100_000,
    str(2**63),
    str(-(2**63) - 1),
    "9" * 400,
    "1e309",
    "NaN",
    "-0",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "\u202e\u0645",
    "😀" * 50,
    " ",
    "",
    "{}",
    "[1,1]",
    "eyJ4IjoxfQ",  # base64 of {"x":1}: a cursor of the wrong shape
    "WzEsMV0",  # base64 of [1,1]: a forged cursor
    "WyJhIiwxXQ",  # base64 of ["a",1]
]
HOSTILE_INTS = [0, -1, 1, 250, 251, 2**31 - 1, -(2**31), 2**63]


@dataclass
class Seeds:
    ids: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)


def _call(
    client: httpx.Client, query: str, variables: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    return body["data"]


def seed(client: httpx.Client, tenant: TenantSetup) -> Seeds:
    """Products with variants, a collection, a category, an API key; their IDs, handles and
    the cursors of every list."""
    found = Seeds(ids=[tenant.store_gid])
    for n in range(3):
        product = _call(
            client,
            PRODUCT_CREATE,
            {
                "input": {
                    "storeId": tenant.store_gid,
                    "title": f"Fuzz shirt {n}",
                    "status": "ACTIVE",
                    "tags": ["fuzz", f"t{n}"],
                    "options": [{"name": "Size", "values": ["S", "M"]}],
                    "variants": [
                        {"price": "10.00", "optionValues": ["S"], "inventoryQuantity": 3},
                        {"price": "12.50", "optionValues": ["M"], "inventoryQuantity": 0},
                    ],
                }
            },
            tenant.staff,
        )["productCreate"]
        assert product["userErrors"] == [], product
        found.ids.append(product["product"]["id"])
        found.ids += [v["id"] for v in product["product"]["variants"]["nodes"]]
        found.strings.append(product["product"]["handle"])
        cursor = product["product"]["variants"]["pageInfo"]["endCursor"]
        if cursor:
            found.strings.append(cursor)
    collection = _call(
        client,
        COLLECTION_CREATE,
        {
            "input": {
                "storeId": tenant.store_gid,
                "title": "Fuzz collection",
                "productIds": found.ids[1:2],
            }
        },
        tenant.staff,
    )["collectionCreate"]["collection"]
    category = _call(
        client,
        CATEGORY_CREATE,
        {"input": {"storeId": tenant.store_gid, "title": "Fuzz category"}},
        tenant.staff,
    )["categoryCreate"]["category"]
    _call(client, API_KEY_CREATE, {}, tenant.staff)
    found.ids += [collection["id"], category["id"]]
    found.strings += [collection["handle"], category["handle"]]
    lists = _call(client, LISTS, {}, tenant.staff)
    found.ids += [lists["me"]["staffMember"]["id"], *[k["id"] for k in lists["apiKeys"]["nodes"]]]
    found.strings += [
        lists[name]["pageInfo"]["endCursor"]
        for name in ("products", "collections", "categories", "stores", "staffMembers", "apiKeys")
        if lists[name]["pageInfo"]["endCursor"]
    ]
    found.ids = sorted(set(found.ids))
    found.strings = sorted(set(found.strings))
    return found


def describe(seeds: Seeds) -> str:
    return json.dumps({"ids": len(seeds.ids), "strings": len(seeds.strings)})
