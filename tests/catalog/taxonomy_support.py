"""Helpers for the category, collection and media suites: bare products and row snapshots."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.models import products
from app.db.ids import uuid7
from app.db.tenant import tenant_transaction
from tests.helpers import TenantSetup


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
