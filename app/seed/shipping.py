"""The demo store's EU shipping zone, so `make dev` goes from cart to paid order as is."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.shipping.models import shipping_zones
from app.shipping.rules import RateKind
from app.shipping.service import EU_COUNTRIES, RateData, ZoneData, create_zone

DEMO_RATES = [
    RateData(handle="standard", title="Standard (3-5 days)", kind=RateKind.FLAT, amount=490,
             free_above=5000),
    RateData(handle="express", title="Express (1-2 days)", kind=RateKind.FLAT, amount=990),
]  # fmt: skip


async def ensure_eu_zone(engine: AsyncEngine, *, tenant_id: uuid.UUID, store_id: uuid.UUID) -> bool:
    """Create the zone when the store has none; True when it did."""
    db = RequestDB(engine, tenant_id)
    try:
        zones = (
            await db.execute(
                select(func.count())
                .select_from(shipping_zones)
                .where(
                    shipping_zones.c.tenant_id == tenant_id, shipping_zones.c.store_id == store_id
                )
            )
        ).scalar_one()
        if not zones:
            await create_zone(
                db=db,
                tenant_id=tenant_id,
                data=ZoneData(
                    store_id=store_id, name="EU", countries=EU_COUNTRIES, rates=DEMO_RATES
                ),
            )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return not zones
