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
