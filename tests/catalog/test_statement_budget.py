"""Storefront reads issue a number of SQL statements set by the query's shape, not its size."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

# The benchmark's W1 and W2: the budgets asserted here are those of the measured operations.
from bench.workloads import CATEGORY_PAGE, PRODUCT_PAGE
from tests.catalog.seeded import Seeded, seed_tenant
from tests.helpers import SqlCounter, TenantFactory, gql


@pytest.fixture(scope="module")
async def seeded(app: Starlette, tenants: TenantFactory) -> Seeded:
    seeded = await seed_tenant(app, tenants, 120, "Budget")
    # The first request with a storefront token looks it up (2 statements); later ones hit
    # the authenticator's cache. The budgets below are for the steady state.
    async with tenants.client() as client:
        await gql(client, "{ shop { name } }", None, seeded.tenant.storefront)
    return seeded


@pytest.mark.parametrize("first", [1, 20, 100])
async def test_category_page_statement_count_is_constant(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter, first: int
) -> None:
    with sql_counter.measure() as statements:
        body = await gql(client, CATEGORY_PAGE, {"first": first}, seeded.tenant.storefront)
    assert "errors" not in body, body
    edges = body["data"]["products"]["edges"]
    assert len(edges) == first
    assert all(e["node"]["variants"]["nodes"] for e in edges)
    # set_config (tenant) + products page + variants of the page
    assert len(statements) == 3, statements


async def test_product_page_statement_count(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter
) -> None:
    listing = await gql(
        client, "{ products(first: 1) { nodes { handle } } }", None, seeded.tenant.storefront
    )
    handle = listing["data"]["products"]["nodes"][0]["handle"]
    with sql_counter.measure() as statements:
        body = await gql(client, PRODUCT_PAGE, {"handle": handle}, seeded.tenant.storefront)
    assert "errors" not in body, body
    product = body["data"]["product"]
    assert product["handle"] == handle
    assert product["variants"]["nodes"] and product["images"]["nodes"]
    assert product["category"] is not None
    # set_config + product (with category) + variants + images + collections
    assert len(statements) <= 5, statements


VARIANTS_N = """query VariantsN($n: Int!) {
  products(first: 10) { nodes { id variants(first: $n) { nodes { id } } } } }"""
ALL_VARIANTS = "{ products(first: 10) { nodes { id variants(first: 50) { nodes { id } } } } }"


async def test_what_a_page_prefetches_follows_each_requests_variables(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter
) -> None:
    """What the products field selected is worked out once per document and variables
    (app/catalog/reads/prefetch.py `wanted_of`): the same document with other variables
    prefetches what those select (here: how many variants per product), whichever ran
    first."""
    every = await gql(client, ALL_VARIANTS, None, seeded.tenant.storefront)
    real = [len(p["variants"]["nodes"]) for p in every["data"]["products"]["nodes"]]
    assert max(real) >= 3, real  # the seed has products with 3 variants or more
    for n in (1, 5, 1, 5):
        with sql_counter.measure() as statements:
            body = await gql(client, VARIANTS_N, {"n": n}, seeded.tenant.storefront)
        assert "errors" not in body, body
        counts = [len(p["variants"]["nodes"]) for p in body["data"]["products"]["nodes"]]
        assert counts == [min(n, r) for r in real], (n, counts, real)
        assert len(statements) == 3, statements  # set_config + products + variants


async def test_storefront_requests_bind_tenant_and_generic_plans_in_one_message(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter
) -> None:
    """BEGIN, the tenant's SET LOCAL and (storefront requests only) generic plans go in
    one simple-query message (app/db/tenant.py bind_transaction)."""
    query = "{ products(first: 1) { nodes { id } } }"
    with sql_counter.measure() as storefront:
        await gql(client, query, None, seeded.tenant.storefront)
    with sql_counter.measure() as staff:
        await gql(client, query, None, seeded.tenant.staff)
    tenant = str(seeded.tenant.tenant_id)
    assert storefront[0] == (
        f"BEGIN; SET LOCAL app.tenant_id = '{tenant}'; "
        "SET LOCAL plan_cache_mode = 'force_generic_plan'"
    )
    assert staff[0] == f"BEGIN; SET LOCAL app.tenant_id = '{tenant}'"
