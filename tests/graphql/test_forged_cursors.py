"""Well-formed cursors whose values do not fit the sort key: BAD_USER_INPUT everywhere."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from tests.catalog.product_support import create_product, sizes
from tests.helpers import TenantFactory, TenantSetup, error_codes, gql


def cursor(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).rstrip(b"=").decode()


FORGED = [
    [1, 1],
    ["a", 1],
    [1, "not-a-uuid"],
    [2**63, "0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaaa"],
    [-(2**63) - 1, "0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaaa"],
    ["0000-01-01T00:00:00", "0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaaa"],
    ["2020-01-01T00:00:00", "0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaaa"],  # no time zone
    [True, None],
    [{"a": 1}, [1]],
    [1e308, 1],
    [1, 2, 3],
    ["x\x00", "0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaaa"],
]
SORT_KEYS = ["RELEVANCE", "BEST_SELLING", "TITLE", "PRICE", "CREATED_AT", "UPDATED_AT"]

PRODUCTS = """query ($after: String, $sortKey: ProductSortKeys, $q: String) {
  products(first: 2, after: $after, sortKey: $sortKey, query: $q) { nodes { id } } }"""
ADMIN_LISTS = {
    "collections": (
        "query ($after: String) { collections(first: 2, after: $after) { nodes { id } } }"
    ),
    "categories": (
        "query ($after: String) { categories(first: 2, after: $after) { nodes { id } } }"
    ),
    "stores": "query ($after: String) { stores(first: 2, after: $after) { nodes { id } } }",
    "staffMembers": (
        "query ($after: String) { staffMembers(first: 2, after: $after) { nodes { id } } }"
    ),
    "apiKeys": "query ($after: String) { apiKeys(first: 2, after: $after) { nodes { id } } }",
}
NESTED = """query ($id: ID!, $after: String) { product(id: $id) {
  variants(first: 1, after: $after) { nodes { id } }
  images(first: 1, after: $after) { nodes { id } } } }"""


# Values that fit no sort key at all; the others fit some (2^63 is a fine float rank).
NEVER_FIT = [str(v) for v in ([1, "not-a-uuid"], [True, None], [{"a": 1}, [1]], [1, 2, 3])]


# A nested list's key is (position, id as text): only the JSON types are checked.
NEVER_FIT_NESTED = [str(v) for v in (["a", 1], [True, None], [{"a": 1}, [1]], [1, 2, 3])]


def assert_refused(body: dict[str, Any], values: Any, never_fit: list[str] = NEVER_FIT) -> None:
    """A typed refusal, or an answer when the values happen to fit; never a masked error."""
    codes = error_codes(body)
    assert set(codes) <= {"BAD_USER_INPUT"}, body
    if str(values) in never_fit:
        assert codes == ["BAD_USER_INPUT"], body


@pytest.fixture(scope="module")
async def tenant(tenants: TenantFactory) -> TenantSetup:
    return await tenants.create("Cursors")


@pytest.mark.parametrize("values", FORGED)
@pytest.mark.parametrize("sort_key", SORT_KEYS)
async def test_products_refuse_forged_cursors(
    client: httpx.AsyncClient, tenant: TenantSetup, sort_key: str, values: Any
) -> None:
    variables = {"after": cursor(values), "sortKey": sort_key, "q": "shirt"}
    assert_refused(await gql(client, PRODUCTS, variables, tenant.staff), values)


@pytest.mark.parametrize("values", FORGED)
@pytest.mark.parametrize("field", ADMIN_LISTS)
async def test_admin_lists_refuse_forged_cursors(
    client: httpx.AsyncClient, tenant: TenantSetup, field: str, values: Any
) -> None:
    body = await gql(client, ADMIN_LISTS[field], {"after": cursor(values)}, tenant.staff)
    assert_refused(body, values)


@pytest.mark.parametrize("values", FORGED)
async def test_nested_lists_refuse_forged_cursors(
    client: httpx.AsyncClient, tenant: TenantSetup, values: Any
) -> None:
    options = [{"name": "Size", "values": ["S", "M"]}]
    product = await create_product(
        client, tenant, title="Cursor shirt", options=options, variants=sizes("S", "M")
    )
    variables = {"id": product["id"], "after": cursor(values)}
    body = await gql(client, NESTED, variables, tenant.staff)
    assert_refused(body, values, NEVER_FIT_NESTED)
