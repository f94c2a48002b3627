"""Helpers for the category, collection and media suites: bare products and row snapshots."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import products
from app.db.ids import uuid7
from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id
from tests.helpers import TenantSetup, error_codes, gql


async def call(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """`gql` that also insists the server did not fail (no masked internal error)."""
    body = await gql(client, query, variables, headers)
    assert "INTERNAL_SERVER_ERROR" not in error_codes(body), body
    return body


def raw(global_id: str) -> uuid.UUID:
    decoded = decode_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[1]


async def insert_products(
    engine: AsyncEngine, tenant: TenantSetup, count: int, category_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """`count` draft products with nothing but a title and handle, committed."""
    ids = [uuid7() for _ in range(count)]
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            products.insert(),
            [
                {
                    "tenant_id": tenant.tenant_id,
                    "id": product_id,
                    "store_id": tenant.store_id,
                    "handle": f"product-{product_id.hex}",
                    "title": f"Product {n}",
                    "category_id": category_id,
                }
                for n, product_id in enumerate(ids)
            ],
        )
    return ids


async def fetch(engine: AsyncEngine, tenant: TenantSetup, statement: Select[Any]) -> list[Any]:
    """Rows as the tenant sees them (row-level security applies)."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return list((await conn.execute(statement)).all())
