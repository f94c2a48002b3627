"""A store's currency, for domains that take amounts in it (shipping rates, discounts)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.db.tenant import RequestDB
from app.tenancy.models import stores


async def store_currency(db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID) -> str | None:
    currency = (
        await db.execute(
            select(stores.c.currency).where(
                stores.c.tenant_id == tenant_id, stores.c.id == store_id
            )
        )
    ).scalar_one_or_none()
    return currency.strip() if currency else None
