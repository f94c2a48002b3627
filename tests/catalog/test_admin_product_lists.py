"""Admin product lists: every status, a store filter, and a statement count set by shape."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.catalog.seeded import Seeded, seed_tenant
from tests.helpers import SqlCounter, TenantFactory, error_codes, gql

ADMIN_LIST = """
query ($first: Int!, $storeId: ID, $status: ProductStatus) {
  products(first: $first, storeId: $storeId, filter: {status: $status}) {
    nodes { id status title variants(first: 5) { nodes { sku quantityAvailable } }
            collections(first: 5) { nodes { handle } } category { handle } }
    pageInfo { hasNextPage }
  }
}"""


@pytest.fixture(scope="module")
async def seeded(app: Starlette, tenants: TenantFactory) -> Seeded:
    return await seed_tenant(app, tenants, 80, "Admin lists")


@pytest.mark.parametrize("first", [1, 25, 80])
async def test_admin_list_statement_count_is_constant(
    client: httpx.AsyncClient, seeded: Seeded, sql_counter: SqlCounter, first: int
) -> None:
    variables = {"first": first, "storeId": seeded.tenant.store_gid}
    with sql_counter.measure() as statements:
        body = await gql(client, ADMIN_LIST, variables, seeded.tenant.staff)
    assert "errors" not in body, body
    assert len(body["data"]["products"]["nodes"]) == first
    # set_config + products (category joined) + variants + collections; a staff JWT is
    # verified without the database.
    assert len(statements) == 4, statements


async def test_admin_sees_drafts_and_filters_by_status(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    body = await gql(client, ADMIN_LIST, {"first": 250, "status": "DRAFT"}, seeded.tenant.staff)
    drafts = body["data"]["products"]["nodes"]
    assert drafts and {p["status"] for p in drafts} == {"DRAFT"}
    everything = await gql(client, ADMIN_LIST, {"first": 250}, seeded.tenant.staff)
    assert len(everything["data"]["products"]["nodes"]) == 80


async def test_reading_products_needs_catalog_read(
    client: httpx.AsyncClient, seeded: Seeded, tenants: TenantFactory
) -> None:
    key = await tenants.api_key(seeded.tenant, ["orders:read"])
    body = await gql(client, ADMIN_LIST, {"first": 1}, {"Authorization": f"Bearer {key}"})
    assert error_codes(body) == ["FORBIDDEN"]
    reader = await tenants.api_key(seeded.tenant, ["catalog:read"])
    body = await gql(client, ADMIN_LIST, {"first": 1}, {"Authorization": f"Bearer {reader}"})
    assert len(body["data"]["products"]["nodes"]) == 1
