"""inventory.changed for the outbox, written after the stock rows' UPDATE took their locks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select, text

from app.catalog.events import variant_refs
from app.db.ids import global_id, uuid7
from app.db.tenant import RequestDB
from app.events.outbox import emit
from app.inventory.models import inventory_levels as levels


async def inventory_changed(db: RequestDB, tenant_id: uuid.UUID, variant_id: uuid.UUID) -> None:
    """Announce a variant's stock as it now stands (onHand, reserved, available)."""
    refs = await variant_refs(db, tenant_id, variant_id)
    level = (
        await db.execute(
            select(levels.c.on_hand, levels.c.reserved).where(
                levels.c.tenant_id == tenant_id, levels.c.variant_id == variant_id
            )
        )
    ).first()
    if refs is None or level is None:
        return
    store_id, payload = refs
    payload |= {
        "onHand": level.on_hand,
        "reserved": level.reserved,
        "available": max(level.on_hand - level.reserved, 0),
    }
    await emit(
        db, tenant_id=tenant_id, store_id=store_id, topic="inventory.changed", payload=payload
    )


# The product's global ID is written in SQL (the request knows only variant ids): the same
# base64url of "Product:<uuid>" as app.db.ids.global_id (unpadded; no line breaks below 57
# bytes, chr(10) dropped all the same).
_MANY = text("""
INSERT INTO events (tenant_id, id, store_id, topic, payload)
SELECT :t, e.id, v.store_id, 'inventory.changed',
       jsonb_build_object(
           'variantId', e.gid,
           'productId', rtrim(translate(encode(convert_to('Product:' || v.product_id::text,
                                                          'UTF8'), 'base64'),
                                        '+/' || chr(10), '-_'), '='),
           'sku', v.sku, 'onHand', l.on_hand, 'reserved', l.reserved,
           'available', greatest(l.on_hand - l.reserved, 0))
  FROM unnest(CAST(:variants AS uuid[]), CAST(:ids AS uuid[]), CAST(:gids AS text[]))
       WITH ORDINALITY AS e(variant_id, id, gid, n)
  JOIN product_variants v ON v.tenant_id = :t AND v.id = e.variant_id
  JOIN inventory_levels l ON l.tenant_id = :t AND l.variant_id = e.variant_id
 ORDER BY e.n
""")


async def inventory_changed_many(
    db: RequestDB, tenant_id: uuid.UUID, variant_ids: Iterable[uuid.UUID]
) -> None:
    """Announce several variants' stock as it now stands, in one INSERT ... SELECT whatever
    their number (a checkout's reservation, its release, a paid order's consumption).
    Call it after the UPDATE that changed them; variants deleted meanwhile are skipped."""
    ordered = sorted(set(variant_ids))
    if not ordered:
        return
    await db.execute(
        _MANY,
        {
            "t": tenant_id,
            "variants": ordered,
            "ids": [uuid7() for _ in ordered],
            "gids": [global_id("ProductVariant", v) for v in ordered],
        },
    )
