"""Catalog events for the outbox: one call per change, in the change's transaction.

Payloads carry the API's global IDs (integrators and the dashboard know no other) and a few
fields to route on; a consumer that needs more reads the product over GraphQL.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Text, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB

from app.catalog.models import product_variants, products
from app.db.ids import global_id
from app.db.tenant import RequestDB
from app.events.outbox import emit_from


async def product_event(
    db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID, topic: str
) -> None:
    """Emit `topic` for a product as it stands now (call before deleting it), in one
    statement; nothing if there is no such product."""
    p = products
    payload = func.jsonb_build_object(
        "id",
        literal(global_id("Product", product_id), Text),
        "handle",
        p.c.handle,
        "title",
        p.c.title,
        "status",
        p.c.status,
        type_=JSONB,
    )
    source = select(p.c.store_id, payload.label("payload")).where(
        p.c.tenant_id == tenant_id, p.c.id == product_id
    )
    await emit_from(db, tenant_id=tenant_id, topic=topic, source=source)


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
        "variantId": global_id("ProductVariant", variant_id),
        "productId": global_id("Product", row.product_id),
        "sku": row.sku,
    }
