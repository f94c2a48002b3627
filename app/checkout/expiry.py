"""Releasing the stock of checkouts whose reservation ran out unpaid."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from app.checkout.completion import release_checkout
from app.checkout.errors import CheckoutStatus
from app.checkout.models import checkouts
from app.db.tenant import RequestDB

BATCH = 200


async def release_expired(db: RequestDB, *, tenant_id: uuid.UUID) -> int:
    """Mark a batch of expired PAYMENT_PENDING checkouts EXPIRED and give their stock and
    discount uses back. SKIP LOCKED: a checkout being paid right now is left to its payment
    (apply_payment holds its lock) and looked at on the next pass."""
    c = checkouts
    rows = list(
        await db.execute(
            select(c)
            .where(
                c.c.tenant_id == tenant_id,
                c.c.status == CheckoutStatus.PAYMENT_PENDING.value,
                c.c.reserved_until <= func.now(),
            )
            .order_by(c.c.reserved_until)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        await release_checkout(
            db, tenant_id=tenant_id, checkout=dict(row._mapping), status=CheckoutStatus.EXPIRED
        )
    return len(rows)


async def next_reservation_expiry(db: RequestDB, *, tenant_id: uuid.UUID) -> dt.datetime | None:
    c = checkouts
    found: dt.datetime | None = (
        await db.execute(
            select(func.min(c.c.reserved_until)).where(
                c.c.tenant_id == tenant_id, c.c.status == CheckoutStatus.PAYMENT_PENDING.value
            )
        )
    ).scalar()
    return found
