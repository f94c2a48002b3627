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

from sqlalchemy import ColumnElement, func, literal, select, text, update

from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.inventory.errors import InventoryErrorCode as Code
from app.inventory.events import inventory_changed, inventory_changed_many
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
        await inventory_changed(db, tenant_id, variant_id)
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


# Reservations. Every statement below changes all of a checkout's levels at once, locking
# them in variant-id order first (the MATERIALIZED CTE), so two checkouts sharing variants
# queue on the first shared one instead of each holding one the other needs: no deadlock.
# The conditions are in the UPDATE itself, re-checked by PostgreSQL on the latest committed
# row after any wait: never a read-then-write race.
_LOCKED = """
WITH wanted AS (
    SELECT unnest(CAST(:variant_ids AS uuid[])) AS variant_id,
           unnest(CAST(:quantities AS integer[])) AS quantity
), locked AS MATERIALIZED (
    SELECT l.variant_id FROM inventory_levels l
     WHERE l.tenant_id = :tenant_id AND l.variant_id IN (SELECT variant_id FROM wanted)
     ORDER BY l.variant_id
       FOR NO KEY UPDATE
)
UPDATE inventory_levels l SET {assignments}, updated_at = now()
  FROM wanted w
 WHERE l.tenant_id = :tenant_id AND l.variant_id = w.variant_id
   AND l.variant_id IN (SELECT variant_id FROM locked) AND {condition}
RETURNING l.variant_id
"""
_RESERVE = text(
    _LOCKED.format(
        assignments="reserved = l.reserved + w.quantity",
        condition="l.on_hand - l.reserved >= w.quantity",
    )
)
_RELEASE = text(
    _LOCKED.format(assignments="reserved = greatest(l.reserved - w.quantity, 0)", condition="true")
)
# A paid reservation leaves the shelf: on hand and reserved both drop.
_CONSUME = text(
    _LOCKED.format(
        assignments="reserved = greatest(l.reserved - w.quantity, 0), "
        "on_hand = greatest(l.on_hand - w.quantity, 0)",
        condition="true",
    )
)

# Sold stock coming back to the shelf (a cancelled order): on hand grows.
_RESTOCK = text(
    _LOCKED.format(
        assignments=f"on_hand = least(l.on_hand + w.quantity, {MAX_QUANTITY})", condition="true"
    )
)


def _arrays(tenant_id: uuid.UUID, quantities: dict[uuid.UUID, int]) -> dict[str, Any]:
    ordered = sorted(quantities)
    return {
        "tenant_id": tenant_id,
        "variant_ids": ordered,
        "quantities": [quantities[v] for v in ordered],
    }


async def reserve(
    db: RequestDB, *, tenant_id: uuid.UUID, quantities: dict[uuid.UUID, int]
) -> set[uuid.UUID]:
    """Reserve every quantity or report which variants fall short (the caller raises and its
    savepoint undoes the ones that were reserved). Returns the variants short of stock.
    A full reservation is announced (inventory.changed per variant, one statement)."""
    rows = await db.execute(_RESERVE, _arrays(tenant_id, quantities))
    reserved = {r.variant_id for r in rows}
    short = set(quantities) - reserved
    if not short:  # a shortfall is undone by the caller's savepoint: nothing to announce
        await inventory_changed_many(db, tenant_id, reserved)
    return short


async def release(db: RequestDB, *, tenant_id: uuid.UUID, quantities: dict[uuid.UUID, int]) -> None:
    """Give reserved stock back (an expired, failed or abandoned checkout), announcing it
    (inventory.changed per variant, one statement)."""
    if quantities:
        rows = await db.execute(_RELEASE, _arrays(tenant_id, quantities))
        await inventory_changed_many(db, tenant_id, [r.variant_id for r in rows])


async def consume(db: RequestDB, *, tenant_id: uuid.UUID, quantities: dict[uuid.UUID, int]) -> None:
    """Turn reservations into sold stock (a paid order), announcing it (one statement)."""
    if quantities:
        rows = await db.execute(_CONSUME, _arrays(tenant_id, quantities))
        await inventory_changed_many(db, tenant_id, [r.variant_id for r in rows])


async def restock(db: RequestDB, *, tenant_id: uuid.UUID, quantities: dict[uuid.UUID, int]) -> None:
    """Put sold, unshipped stock back on hand (a cancelled order), announcing each change
    (one statement). Variants deleted since the sale are skipped."""
    if not quantities:
        return
    rows = await db.execute(_RESTOCK, _arrays(tenant_id, quantities))
    await inventory_changed_many(db, tenant_id, [r.variant_id for r in rows])
