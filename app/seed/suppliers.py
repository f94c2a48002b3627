"""The demo tenant's FEED connection, pointing at the feed development serves itself."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.settings import Settings
from app.suppliers.connections import ConnectionCreate, create_connection
from app.suppliers.demo_feed import PATH
from app.suppliers.models import supplier_connections
from app.suppliers.rules import SupplierKind

DEMO_FEED = "Demo feed"


async def ensure_demo_feed(engine: AsyncEngine, settings: Settings, tenant_id: uuid.UUID) -> bool:
    """Create the demo FEED connection if the tenant has none of that name; True if created."""
    db = RequestDB(engine, tenant_id)
    try:
        sc = supplier_connections
        found = (
            await db.execute(
                select(sc.c.id).where(sc.c.tenant_id == tenant_id, sc.c.name == DEMO_FEED)
            )
        ).first()
        if found is None:
            await create_connection(
                db=db,
                tenant_id=tenant_id,
                settings=settings,
                data=ConnectionCreate(
                    name=DEMO_FEED,
                    kind=SupplierKind.FEED,
                    feed_url=f"{settings.public_base_url}{PATH}",
                ),
            )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return found is None
