"""Stock levels: one row per variant, changed only by single atomic statements.

`on_hand` is what the merchant has; `reserved` is what open checkouts hold. Setting or
adjusting `on_hand` below `reserved` is allowed: a stock count or a supplier feed reports a
fact, and refusing it would leave a larger, wrong number on sale. What a shopper can buy is
`max(on_hand - reserved, 0)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select, update

from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.inventory.errors import InventoryErrorCode as Code
from app.inventory.models import inventory_levels as levels

MAX_QUANTITY = 1_000_000_000


async def create_levels(
    db: RequestDB, *, tenant_id: uuid.UUID, quantities: Sequence[tuple[uuid.UUID, int]]
) -> None:
    """One level per new variant, `(variant_id, on_hand)`, in one statement."""
    if not quantities:
        return
    await db.execute(
        levels.insert().values(
            [
                {
                    "tenant_id": tenant_id,
                    "variant_id": variant_id,
                    "on_hand": on_hand,
                    "reserved": 0,
                    "updated_at": func.now(),
                }
                for variant_id, on_hand in quantities
            ]
        )
    )


async def set_quantity(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    variant_id: uuid.UUID,
    quantity: int,
) -> uuid.UUID:
    """Set `on_hand`; returns the variant's id."""
    if quantity < 0:
        raise ServiceError(Code.NEGATIVE_QUANTITY, "Quantity can't be negative", ["quantity"])
    if quantity > MAX_QUANTITY:
        raise ServiceError(Code.INVALID, f"Quantity is at most {MAX_QUANTITY}", ["quantity"])
    return await _apply(db, tenant_id, variant_id, literal(quantity), delta=None)


async def adjust_quantity(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    variant_id: uuid.UUID,
    delta: int,
) -> uuid.UUID:
    """Add `delta` to `on_hand`, refusing a negative result, without reading it first."""
    if abs(delta) > MAX_QUANTITY:
        raise ServiceError(Code.INVALID, f"Delta is at most {MAX_QUANTITY}", ["delta"])
    return await _apply(db, tenant_id, variant_id, levels.c.on_hand + delta, delta=delta)


async def _apply(
    db: RequestDB,
    tenant_id: uuid.UUID,
    variant_id: uuid.UUID,
    new_on_hand: ColumnElement[Any],
    *,
    delta: int | None,
) -> uuid.UUID:
    async with db.unit_of_work():
        # The row lock of the UPDATE serializes concurrent changes; the WHERE clause is
        # re-evaluated on the row a concurrent writer committed, so stock never goes below 0.
        changed = (
            await db.execute(
                update(levels)
                .values(on_hand=new_on_hand, updated_at=func.now())
                .where(
                    levels.c.tenant_id == tenant_id,
                    levels.c.variant_id == variant_id,
                    new_on_hand.between(0, MAX_QUANTITY),
                )
                .returning(levels.c.variant_id)
            )
        ).first()
        if changed is None:
            raise await _refusal(db, tenant_id, variant_id, delta)
    return variant_id


async def _refusal(
    db: RequestDB, tenant_id: uuid.UUID, variant_id: uuid.UUID, delta: int | None
) -> ServiceError:
    """Why the UPDATE matched nothing: no such variant, or the result would be out of range."""
    on_hand = (
        await db.execute(
            select(levels.c.on_hand).where(
                levels.c.tenant_id == tenant_id, levels.c.variant_id == variant_id
            )
        )
    ).scalar_one_or_none()
    if on_hand is None:
        return ServiceError(Code.NOT_FOUND, "Variant not found", ["variantId"])
    assert delta is not None  # a set within range always matches an existing row
    if on_hand + delta < 0:
        return ServiceError(
            Code.NEGATIVE_QUANTITY,
            f"Only {on_hand} on hand; can't remove {-delta}",
            ["delta"],
        )
    return ServiceError(Code.INVALID, f"Quantity would exceed {MAX_QUANTITY}", ["delta"])
