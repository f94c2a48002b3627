"""Discount lookups for carts, the usage lifecycle, and the admin verbs.

Usage: `checkoutCreate` reserves one use (`reserved_count + 1`, refused by the UPDATE's own
condition once used + reserved reaches the limit, so concurrent checkouts cannot overshoot);
payment turns it into a use (`used_count + 1`, a `discount_usages` row keyed by the order, so a
repeat counts nothing); an expired or failed checkout gives it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from app.db.tenant import RequestDB
from app.discounts.models import discount_collections, discount_usages, discounts
from app.discounts.rules import Discount


async def find_by_codes(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    codes: Sequence[str],
    email: str | None,
) -> dict[str, Discount]:
    """The store's discounts with these codes (upper-case), in one statement."""
    if not codes:
        return {}
    d, dc, du = discounts, discount_collections, discount_usages
    collections = (
        select(func.coalesce(func.array_agg(dc.c.collection_id), []))
        .where(dc.c.tenant_id == d.c.tenant_id, dc.c.discount_id == d.c.id)
        .scalar_subquery()
    )
    email_uses = (
        select(func.count())
        .where(
            du.c.tenant_id == d.c.tenant_id,
            du.c.discount_id == d.c.id,
            func.lower(du.c.email) == (email or "").lower(),
        )
        .scalar_subquery()
    )
    statement = select(
        d, collections.label("collection_ids"), email_uses.label("email_uses")
    ).where(d.c.tenant_id == tenant_id, d.c.store_id == store_id, d.c.code.in_(list(codes)))
    return {
        row.code: Discount(
            id=row.id,
            code=row.code,
            kind=row.kind,
            value=row.value,
            minimum_subtotal=row.minimum_subtotal,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            usage_limit=row.usage_limit,
            per_email_limit=row.per_email_limit,
            used_count=row.used_count,
            reserved_count=row.reserved_count,
            email_uses=row.email_uses if email else 0,
            collection_ids=frozenset(row.collection_ids or ()),
        )
        for row in await db.execute(statement)
    }


async def reserve_use(db: RequestDB, *, tenant_id: uuid.UUID, discount_id: uuid.UUID) -> bool:
    """Hold one use for a checkout; False when the limit is reached."""
    d = discounts
    held = await db.execute(
        update(d)
        .values(reserved_count=d.c.reserved_count + 1)
        .where(
            d.c.tenant_id == tenant_id,
            d.c.id == discount_id,
            d.c.usage_limit.is_(None) | (d.c.used_count + d.c.reserved_count < d.c.usage_limit),
        )
        .returning(d.c.id)
    )
    return held.first() is not None


async def release_use(db: RequestDB, *, tenant_id: uuid.UUID, discount_id: uuid.UUID) -> None:
    d = discounts
    await db.execute(
        update(d)
        .values(reserved_count=func.greatest(d.c.reserved_count - 1, 0))
        .where(d.c.tenant_id == tenant_id, d.c.id == discount_id)
    )


async def record_use(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    discount_id: uuid.UUID,
    order_id: uuid.UUID,
    email: str,
) -> None:
    """Count the use of a paid order, once: the usage row is keyed by the order, and the
    counters move only when that row is new (one statement)."""
    d, du = discounts, discount_usages
    usage = (
        insert(du)
        .values(tenant_id=tenant_id, discount_id=discount_id, order_id=order_id, email=email)
        .on_conflict_do_nothing()
        .returning(du.c.discount_id)
        .cte("usage")
    )
    await db.execute(
        update(d)
        .values(
            used_count=d.c.used_count + 1,
            reserved_count=func.greatest(d.c.reserved_count - 1, 0),
            updated_at=func.now(),
        )
        .where(d.c.tenant_id == tenant_id, d.c.id.in_(select(usage.c.discount_id)))
    )
