"""Catalog events for the outbox: one call per change, in the change's transaction.

Payloads carry the API's global IDs (integrators and the dashboard know no other) and a few
fields to route on; a consumer that needs more reads the product over GraphQL.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.catalog.models import product_variants, products
from app.db.tenant import RequestDB
from app.events.outbox import emit
from app.graphql.ids import to_global_id


async def product_event(
    db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID, topic: str
) -> None:
    """Emit `topic` for a product as it stands now (call before deleting it); no-op if absent."""
    row = (
        await db.execute(
            select(
                products.c.store_id, products.c.handle, products.c.title, products.c.status
            ).where(products.c.tenant_id == tenant_id, products.c.id == product_id)
        )
    ).first()
    if row is None:
        return
    payload = {
        "id": to_global_id("Product", product_id),
        "handle": row.handle,
        "title": row.title,
        "status": row.status,
    }
    await emit(db, tenant_id=tenant_id, store_id=row.store_id, topic=topic, payload=payload)


async def variant_refs(
    db: RequestDB, tenant_id: uuid.UUID, variant_id: uuid.UUID
) -> tuple[uuid.UUID, dict[str, object]] | None:
    """(store id, the variant's identifying payload fields), for other domains' events."""
    v = product_variants
    row = (
        await db.execute(
            select(v.c.store_id, v.c.product_id, v.c.sku).where(
                v.c.tenant_id == tenant_id, v.c.id == variant_id
            )
        )
    ).first()
    if row is None:
        return None
    return row.store_id, {
        "variantId": to_global_id("ProductVariant", variant_id),
        "productId": to_global_id("Product", row.product_id),
        "sku": row.sku,
    }
