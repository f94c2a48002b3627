"""Order administration: fulfilment and delivery, each a transition of app/orders/states.py
with an entry on the order's timeline (order_events) and an order.* outbox event.

Decisions:
- The order row is locked (FOR UPDATE) before its status is read, so two concurrent changes
  of one order take turns and the second sees the first's outcome.
- `orderFulfill` without lines ships everything not yet shipped; with lines, those
  quantities. The order becomes SHIPPED once every line is fully shipped, PARTIALLY_SHIPPED
  before.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text, update

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.orders import states
from app.orders.errors import OrderErrorCode as Code
from app.orders.events import order_event
from app.orders.models import fulfillments, order_events, order_lines, orders

MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change, for the timeline."""

    staff_member_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class FulfillmentLine:
    line_id: uuid.UUID | None  # None: the given ID was not an order line's
    quantity: int


@dataclass(frozen=True, slots=True)
class Fulfill:
    order_id: uuid.UUID
    lines: Sequence[FulfillmentLine] | None = None  # None: everything not yet shipped
    tracking_number: str | None = None
    carrier: str | None = None
    tracking_url: str | None = None


async def _lock(db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID) -> Any:
    row = (
        await db.execute(
            select(orders.c.id, orders.c.status, orders.c.number)
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
            .with_for_update()
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Order not found", ["orderId"])
    return row


async def transition(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    order: Any,
    to_status: str,
    kind: str,
    message: str,
    actor: Actor,
    topic: str | None,
) -> None:
    """Move a locked order to `to_status` (checked), add a timeline entry, emit `topic`."""
    states.check(order.status, to_status)
    await record(
        db,
        tenant_id=tenant_id,
        order=order,
        to_status=to_status,
        kind=kind,
        message=message,
        actor=actor,
    )
    if topic is not None:
        await order_event(db, tenant_id, order.id, topic)


@dataclass(frozen=True, slots=True)
class Entry:
    """One timeline entry: what happened (`kind`), from which status to which, by whom."""

    kind: str
    from_status: str | None
    to_status: str
    message: str
    actor: Actor = Actor()


async def append(
    db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID, entries: Sequence[Entry]
) -> None:
    """Timeline entries of one order, oldest first, in one INSERT. They share the
    transaction's created_at; their ids increase (sorted uuid7s), which keeps their order."""
    ids = sorted(uuid7() for _ in entries)
    await db.execute(
        order_events.insert().values(
            [
                {
                    "tenant_id": tenant_id,
                    "id": entry_id,
                    "order_id": order_id,
                    "type": entry.kind,
                    "from_status": entry.from_status,
                    "to_status": entry.to_status,
                    "message": entry.message,
                    "staff_member_id": entry.actor.staff_member_id,
                    "api_key_id": entry.actor.api_key_id,
                }
                for entry_id, entry in zip(ids, entries, strict=True)
            ]
        )
    )


async def record(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    order: Any,
    to_status: str,
    kind: str,
    message: str,
    actor: Actor,
) -> None:
    """The one write of a change on an existing order: the locked order's new status (when
    it changes, already checked by the caller) and the entry saying who moved it from where."""
    if to_status != order.status:
        await db.execute(
            update(orders)
            .values(status=to_status, updated_at=func.now())
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order.id)
        )
    await append(
        db,
        tenant_id=tenant_id,
        order_id=order.id,
        entries=[Entry(kind, order.status, to_status, message, actor)],
    )


def _text(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    limit = 2048 if field == "trackingUrl" else MAX_TEXT
    if len(value) > limit:
        raise ServiceError(Code.INVALID, f"At most {limit} characters", ["input", field])
    if field == "trackingUrl" and not value.startswith(("https://", "http://")):
        raise ServiceError(Code.INVALID, "The tracking URL must be http(s)", ["input", field])
    return value


def _quantities(data: Fulfill, lines: list[Any]) -> dict[uuid.UUID, int]:
    remaining = {line.id: line.quantity - line.fulfilled_quantity for line in lines}
    if data.lines is None:
        return {i: q for i, q in remaining.items() if q > 0}
    wanted: dict[uuid.UUID, int] = {}
    for index, given in enumerate(data.lines):
        path = ["input", "lines", str(index)]
        if given.line_id is None or given.line_id not in remaining:
            raise ServiceError(Code.LINE_NOT_FOUND, "Not a line of this order", [*path, "id"])
        if given.line_id in wanted:
            raise ServiceError(Code.INVALID, "The line is given twice", [*path, "id"])
        if not 1 <= given.quantity <= remaining[given.line_id]:
            raise ServiceError(
                Code.INVALID,
                f"Quantity must be 1 to {remaining[given.line_id]} (not yet shipped)",
                [*path, "quantity"],
            )
        wanted[given.line_id] = given.quantity
    return wanted


ADD_FULFILLED = text(
    """
    UPDATE order_lines l SET fulfilled_quantity = l.fulfilled_quantity + q.quantity
    FROM unnest(CAST(:ids AS uuid[]), CAST(:quantities AS integer[])) AS q (id, quantity)
    WHERE l.tenant_id = :tenant AND l.id = q.id
    """
)


async def fulfill_order(
    *, db: RequestDB, tenant_id: uuid.UUID, data: Fulfill, actor: Actor
) -> uuid.UUID:
    """Record a shipment of some or all of an order's lines; returns the fulfillment's id."""
    tracking_number = _text(data.tracking_number, "trackingNumber")
    carrier = _text(data.carrier, "carrier")
    tracking_url = _text(data.tracking_url, "trackingUrl")
    order = await _lock(db, tenant_id, data.order_id)
    lines = list(
        await db.execute(
            select(
                order_lines.c.id, order_lines.c.quantity, order_lines.c.fulfilled_quantity
            ).where(order_lines.c.tenant_id == tenant_id, order_lines.c.order_id == order.id)
        )
    )
    shipping = _quantities(data, lines)
    if not shipping:
        raise ServiceError(Code.NOTHING_TO_FULFILL, "Every line is shipped already", ["orderId"])
    left = sum(line.quantity - line.fulfilled_quantity for line in lines) - sum(shipping.values())
    target = "SHIPPED" if left == 0 else "PARTIALLY_SHIPPED"
    states.check(order.status, target)
    await db.execute(
        ADD_FULFILLED,
        {"tenant": tenant_id, "ids": list(shipping), "quantities": list(shipping.values())},
    )
    fulfillment_id = uuid7()
    await db.execute(
        fulfillments.insert().values(
            tenant_id=tenant_id,
            id=fulfillment_id,
            order_id=order.id,
            tracking_number=tracking_number,
            carrier=carrier,
            tracking_url=tracking_url,
            lines=[{"line_id": str(i), "quantity": q} for i, q in shipping.items()],
        )
    )
    items = sum(shipping.values())
    via = (
        f" ({' '.join(x for x in (carrier, tracking_number) if x)})"
        if carrier or tracking_number
        else ""
    )
    await transition(
        db,
        tenant_id=tenant_id,
        order=order,
        to_status=target,
        kind="FULFILLED",
        message=f"Shipped {items} item{'s' if items != 1 else ''}{via}",
        actor=actor,
        topic="order.fulfilled",
    )
    return fulfillment_id


async def mark_delivered(
    *, db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID, actor: Actor
) -> uuid.UUID:
    """SHIPPED -> DELIVERED, or PARTIALLY_REFUNDED -> DELIVERED when every line is shipped
    (partially refunded after shipping, before status kept following the goods)."""
    order = await _lock(db, tenant_id, order_id)
    if order.status == "PARTIALLY_REFUNDED" and await unshipped(db, tenant_id, order_id):
        raise ServiceError(
            Code.INVALID_TRANSITION,
            "An order with lines not yet shipped can't become DELIVERED",
            ["orderId"],
        )
    await transition(
        db,
        tenant_id=tenant_id,
        order=order,
        to_status="DELIVERED",
        kind="DELIVERED",
        message="Delivered",
        actor=actor,
        topic="order.delivered",
    )
    return order_id


async def unshipped(db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID) -> int:
    """How many items of an order are not yet shipped."""
    left = order_lines.c.quantity - order_lines.c.fulfilled_quantity
    return int(
        (
            await db.execute(
                select(func.coalesce(func.sum(left), 0)).where(
                    order_lines.c.tenant_id == tenant_id, order_lines.c.order_id == order_id
                )
            )
        ).scalar_one()
    )


async def order_row(db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID) -> Any | None:
    """An order of the tenant, for staff (no token)."""
    return (
        await db.execute(
            select(orders).where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
        )
    ).first()
