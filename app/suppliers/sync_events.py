"""The events of a sync batch: `product.updated` for each product it changed and
`inventory.changed` for each variant whose stock it changed, in one INSERT ... SELECT per
batch (as the catalog's `product_event` builds one product's, from the rows as they now
stand), so the statements per batch stay fixed however many changed. Event ids are made here
(uuid7, in order), as `emit` does."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import text

from app.db.ids import global_id, uuid7
from app.db.tenant import RequestDB

EVENTS = text("""
INSERT INTO events (tenant_id, id, store_id, topic, payload)
SELECT :t, e.id, p.store_id, 'product.updated',
       jsonb_build_object('id', e.gid, 'handle', p.handle, 'title', p.title, 'status', p.status)
  FROM unnest(CAST(:products AS uuid[]), CAST(:product_events AS uuid[]),
              CAST(:product_gids AS text[])) AS e(product_id, id, gid)
  JOIN products p ON p.tenant_id = :t AND p.id = e.product_id
UNION ALL
SELECT :t, e.id, v.store_id, 'inventory.changed',
       jsonb_build_object('variantId', e.gid, 'productId', e.pgid, 'sku', v.sku,
                          'onHand', l.on_hand, 'reserved', l.reserved,
                          'available', greatest(l.on_hand - l.reserved, 0))
  FROM unnest(CAST(:variants AS uuid[]), CAST(:variant_events AS uuid[]),
              CAST(:variant_gids AS text[]), CAST(:variant_pgids AS text[]))
       AS e(variant_id, id, gid, pgid)
  JOIN product_variants v ON v.tenant_id = :t AND v.id = e.variant_id
  JOIN inventory_levels l ON l.tenant_id = :t AND l.variant_id = e.variant_id
""")


async def emit_sync_events(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    products: Sequence[uuid.UUID],
    stock: Sequence[tuple[uuid.UUID, uuid.UUID]],
) -> None:
    """`products`: the changed products; `stock`: (variant, product) whose stock changed."""
    product_ids = list(dict.fromkeys(products))
    if not product_ids and not stock:
        return
    await db.execute(
        EVENTS,
        {
            "t": tenant_id,
            "products": product_ids,
            "product_events": [uuid7() for _ in product_ids],
            "product_gids": [global_id("Product", p) for p in product_ids],
            "variants": [v for v, _ in stock],
            "variant_events": [uuid7() for _ in stock],
            "variant_gids": [global_id("ProductVariant", v) for v, _ in stock],
            "variant_pgids": [global_id("Product", p) for _, p in stock],
        },
    )
