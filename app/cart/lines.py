"""Cart line verbs: add (a variant already there adds up), set quantities, remove. Stock
and the per-line limit are checked on the quantities the statements leave, in the
pipeline's savepoint (app/cart/service.py), so a refused call changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, literal_column, text
from sqlalchemy.dialects.postgresql import insert

from app.cart import rules
from app.cart.errors import CartErrorCode as Code
from app.cart.models import cart_lines
from app.cart.touch import touch
from app.catalog.purchasable import load_purchasable
from app.db.ids import uuid7
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.errors import ServiceError


@dataclass(frozen=True, slots=True, kw_only=True)
class LineData:
    variant_id: uuid.UUID | None  # None: the ID was not a variant's
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LineUpdate:
    line_id: uuid.UUID | None
    quantity: int


# Quantity 0 rows are deleted right after; GREATEST keeps the CHECK (>= 1) quiet meanwhile.
_SET_QUANTITIES = text(
    "UPDATE cart_lines l SET quantity = greatest(v.quantity, 1) "
    "FROM (SELECT unnest(CAST(:ids AS uuid[])) AS id, "
    "unnest(CAST(:quantities AS integer[])) AS quantity) v "
    "WHERE l.tenant_id = :tenant_id AND l.cart_id = :cart_id AND l.id = v.id "
    "RETURNING l.id, l.variant_id, l.quantity"
)


def merged(lines: Sequence[LineData]) -> dict[uuid.UUID, int]:
    """Quantities by variant, the same variant twice in one call added up."""
    merged: dict[uuid.UUID, int] = {}
    for i, line in enumerate(lines):
        rules.check_quantity(line.quantity, ["lines", str(i), "quantity"])
        if line.variant_id is None:
            raise ServiceError(
                Code.INVALID_MERCHANDISE, "Not a product variant ID", ["lines", str(i)]
            )
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return merged


async def add(
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    wanted: dict[uuid.UUID, int],
    lines_before: int,
) -> None:
    if not wanted:
        return
    items = await load_purchasable(db, tenant_id=tenant_id, variant_ids=wanted)
    for variant_id in wanted:
        item = items.get(variant_id)
        if item is None or not item.active or item.store_id != store_id:
            raise ServiceError(
                Code.INVALID_MERCHANDISE, f"Variant {variant_id} is not for sale", ["lines"]
            )
    cl = cart_lines
    statement = insert(cl).values(
        [
            {
                "tenant_id": tenant_id,
                "id": uuid7(),
                "cart_id": cart_id,
                "variant_id": variant_id,
                "quantity": quantity,
            }
            for variant_id, quantity in wanted.items()
        ]
    )
    # LEAST keeps the CHECK (<= 1000) from turning an absurd total into an IntegrityError;
    # the limit below answers it.
    upsert = statement.on_conflict_do_update(
        index_elements=[cl.c.tenant_id, cl.c.cart_id, cl.c.variant_id],
        set_={"quantity": func.least(cl.c.quantity + statement.excluded.quantity, 1000)},
    ).returning(cl.c.variant_id, cl.c.quantity, literal_column("(xmax = 0)").label("inserted"))
    rows = list(await db.execute(upsert))
    _check_result(rows, items, lines_before + sum(1 for r in rows if r.inserted))


def _check_result(rows: Sequence[object], items: Mapping[uuid.UUID, object], lines: int) -> None:
    if lines > rules.MAX_LINES:
        raise ServiceError(Code.TOO_MANY_LINES, f"A cart holds at most {rules.MAX_LINES} lines")
    for row in rows:
        variant_id, quantity = row.variant_id, row.quantity  # type: ignore[attr-defined]
        if quantity > rules.MAX_LINE_QUANTITY:
            raise ServiceError(
                Code.QUANTITY_ABOVE_LIMIT, f"At most {rules.MAX_LINE_QUANTITY} per line", ["lines"]
            )
        available = items[variant_id].available  # type: ignore[attr-defined]
        if quantity > available:
            raise ServiceError(
                Code.NOT_ENOUGH_STOCK, f"Only {available} in stock for {variant_id}", ["lines"]
            )


async def add_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    lines: Sequence[LineData],
) -> None:
    wanted = merged(lines)
    if not wanted:
        raise ServiceError(Code.INVALID_QUANTITY, "No lines given", ["lines"])
    before = await touch(db, tenant_id, store_id, cart_id)
    await add(db, tenant_id, store_id, cart_id, wanted, before)


async def update_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    lines: Sequence[LineUpdate],
) -> None:
    """Set quantities; quantity 0 removes the line (as Shopify's cartLinesUpdate does)."""
    wanted: dict[uuid.UUID, int] = {}
    for i, line in enumerate(lines):
        if line.line_id is None:
            raise ServiceError(Code.LINE_NOT_FOUND, "Not a cart line ID", ["lines", str(i), "id"])
        if line.quantity != 0:
            rules.check_quantity(line.quantity, ["lines", str(i), "quantity"])
        wanted[line.line_id] = line.quantity
    await touch(db, tenant_id, store_id, cart_id)
    rows = list(
        await db.execute(
            _SET_QUANTITIES,
            {
                "tenant_id": tenant_id,
                "cart_id": cart_id,
                "ids": list(wanted),
                "quantities": list(wanted.values()),
            },
        )
    )
    if len(rows) != len(wanted):
        raise ServiceError(Code.LINE_NOT_FOUND, "Cart line not found", ["lines"])
    removed = [line_id for line_id, quantity in wanted.items() if quantity == 0]
    if removed:
        await _delete_lines(db, tenant_id, cart_id, removed)
    kept = [r for r in rows if wanted[r.id] != 0]
    if kept:
        items = await load_purchasable(
            db, tenant_id=tenant_id, variant_ids=[r.variant_id for r in kept]
        )
        _check_result(kept, items, 0)


async def _delete_lines(
    db: RequestDB, tenant_id: uuid.UUID, cart_id: uuid.UUID, line_ids: Sequence[uuid.UUID]
) -> int:
    cl = cart_lines
    result = await db.write(
        delete(cl).where(
            cl.c.tenant_id == tenant_id, cl.c.cart_id == cart_id, cl.c.id == any_of(line_ids)
        )
    )
    return result.rowcount


async def remove_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    line_ids: Sequence[uuid.UUID | None],
) -> None:
    ids = set(line_ids)
    if None in ids or not ids:
        raise ServiceError(Code.LINE_NOT_FOUND, "Not a cart line ID", ["lineIds"])
    await touch(db, tenant_id, store_id, cart_id)
    if await _delete_lines(db, tenant_id, cart_id, [i for i in ids if i]) != len(ids):
        raise ServiceError(Code.LINE_NOT_FOUND, "Cart line not found", ["lineIds"])
