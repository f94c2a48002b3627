"""inventory.changed for the outbox, written after the stock row's UPDATE took its lock."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.catalog.events import variant_refs
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
