"""Discount lookups for carts, the usage lifecycle, and the admin verbs.

Usage: `checkoutCreate` reserves one use (`reserved_count + 1`, refused by the UPDATE's own
condition once used + reserved reaches the limit, so concurrent checkouts cannot overshoot);
payment turns it into a use (`used_count + 1`, a `discount_usages` row keyed by the order, so a
repeat counts nothing); an expired or failed checkout gives it back.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.discounts.errors import DiscountErrorCode as Code
from app.discounts.models import discount_collections, discount_usages, discounts
from app.discounts.rules import Discount, DiscountKind, normalize_code
from app.errors import ServiceError

CODE = re.compile(r"^[A-Z0-9_-]{1,50}$")


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


async def paid_uses_by_email(
    db: RequestDB, *, tenant_id: uuid.UUID, discount_id: uuid.UUID, email: str
) -> int:
    du = discount_usages
    count: int = (
        await db.execute(
            select(func.count()).where(
                du.c.tenant_id == tenant_id,
                du.c.discount_id == discount_id,
                func.lower(du.c.email) == email.lower(),
            )
        )
    ).scalar_one()
    return count


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


# -- admin ---------------------------------------------------------------------------------

MAX_AMOUNT = 10**12


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscountData:
    """Admin input; on update, None means "leave as is" (UNSET in the GraphQL input)."""

    code: str | None = None
    kind: DiscountKind | None = None
    value: int | None = None
    minimum_subtotal: int | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    usage_limit: int | None = None
    per_email_limit: int | None = None
    collection_ids: Sequence[uuid.UUID] | None = None
    # Fields the caller set to null explicitly (cleared), by column name.
    cleared: frozenset[str] = frozenset()


def _check(data: DiscountData, current: dict[str, Any] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if data.code is not None:
        code = normalize_code(data.code)
        if not CODE.match(code):
            raise ServiceError(
                Code.INVALID, "A code is 1 to 50 of A-Z, 0-9, '-' and '_'", ["input", "code"]
            )
        values["code"] = code
    if data.kind is not None:
        values["kind"] = data.kind.value
    if data.value is not None:
        values["value"] = data.value
    for name in ("minimum_subtotal", "starts_at", "ends_at", "usage_limit", "per_email_limit"):
        given = getattr(data, name)
        if given is not None:
            values[name] = given
        elif name in data.cleared:
            values[name] = None
    merged = {**(current or {}), **values}
    kind, value = merged.get("kind"), merged.get("value")
    if kind is None or value is None:
        raise ServiceError(Code.INVALID, "kind and value are required", ["input"])
    if not 0 < value <= (100 if kind == DiscountKind.PERCENTAGE.value else MAX_AMOUNT):
        raise ServiceError(
            Code.INVALID, "value is a percent of 1 to 100, or a positive amount", ["input", "value"]
        )
    for name in ("usage_limit", "per_email_limit"):
        if merged.get(name) is not None and merged[name] < 1:
            raise ServiceError(Code.INVALID, f"{name} must be at least 1", ["input", name])
    minimum = merged.get("minimum_subtotal")
    if minimum is not None and not 0 <= minimum <= MAX_AMOUNT:
        raise ServiceError(Code.INVALID, "Invalid minimum subtotal", ["input", "minimumSubtotal"])
    start, end = merged.get("starts_at"), merged.get("ends_at")
    if start is not None and end is not None and end <= start:
        raise ServiceError(Code.INVALID, "endsAt must be after startsAt", ["input", "endsAt"])
    return values


async def _set_collections(
    db: RequestDB, tenant_id: uuid.UUID, discount_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> None:
    dc = discount_collections
    await db.execute(delete(dc).where(dc.c.tenant_id == tenant_id, dc.c.discount_id == discount_id))
    if ids:
        try:
            async with db.unit_of_work():
                await db.execute(
                    insert(dc).values(
                        [
                            {"tenant_id": tenant_id, "discount_id": discount_id, "collection_id": c}
                            for c in dict.fromkeys(ids)
                        ]
                    )
                )
        except IntegrityError as exc:
            raise ServiceError(
                Code.NOT_FOUND, "Collection not found", ["input", "collectionIds"]
            ) from exc


async def create_discount(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: DiscountData
) -> uuid.UUID:
    if data.code is None:
        raise ServiceError(Code.INVALID, "code is required", ["input", "code"])
    values = _check(data, None)
    discount_id = uuid7()
    async with db.unit_of_work():
        try:
            async with db.unit_of_work():
                await db.execute(
                    insert(discounts).values(
                        tenant_id=tenant_id,
                        id=discount_id,
                        store_id=store_id,
                        updated_at=func.now(),
                        **values,
                    )
                )
        except IntegrityError as exc:
            raise ServiceError(
                Code.TAKEN, "This code exists in the store", ["input", "code"]
            ) from exc
        await _set_collections(db, tenant_id, discount_id, data.collection_ids or [])
    return discount_id


async def update_discount(
    *, db: RequestDB, tenant_id: uuid.UUID, discount_id: uuid.UUID, data: DiscountData
) -> uuid.UUID:
    async with db.unit_of_work():
        row = (
            await db.execute(
                select(discounts)
                .where(discounts.c.tenant_id == tenant_id, discounts.c.id == discount_id)
                .with_for_update()
            )
        ).first()
        if row is None:
            raise ServiceError(Code.NOT_FOUND, "Discount not found", ["id"])
        values = _check(data, dict(row._mapping))
        if values:
            try:
                async with db.unit_of_work():
                    await db.execute(
                        update(discounts)
                        .values(updated_at=func.now(), **values)
                        .where(discounts.c.tenant_id == tenant_id, discounts.c.id == discount_id)
                    )
            except IntegrityError as exc:
                raise ServiceError(
                    Code.TAKEN, "This code exists in the store", ["input", "code"]
                ) from exc
        if data.collection_ids is not None:
            await _set_collections(db, tenant_id, discount_id, data.collection_ids)
    return discount_id


async def delete_discount(*, db: RequestDB, tenant_id: uuid.UUID, discount_id: uuid.UUID) -> None:
    """Delete a discount nobody used; one with orders is ended instead (ends_at = now) so
    the orders keep their history."""
    async with db.unit_of_work():
        row = (
            await db.execute(
                select(discounts.c.used_count, discounts.c.reserved_count)
                .where(discounts.c.tenant_id == tenant_id, discounts.c.id == discount_id)
                .with_for_update()
            )
        ).first()
        if row is None:
            raise ServiceError(Code.NOT_FOUND, "Discount not found", ["id"])
        where = (discounts.c.tenant_id == tenant_id) & (discounts.c.id == discount_id)
        if row.used_count or row.reserved_count:
            await db.execute(update(discounts).values(ends_at=func.now()).where(where))
        else:
            await db.execute(delete(discounts).where(where))


async def discount_head(
    db: RequestDB, *, tenant_id: uuid.UUID, discount_id: uuid.UUID
) -> tuple[uuid.UUID, str] | None:
    """(store, kind) of a discount, for reading the amounts of an update."""
    row = (
        await db.execute(
            select(discounts.c.store_id, discounts.c.kind).where(
                discounts.c.tenant_id == tenant_id, discounts.c.id == discount_id
            )
        )
    ).first()
    return (row.store_id, row.kind) if row else None
