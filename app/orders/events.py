"""order.* events for the outbox, one INSERT ... SELECT each, in the change's transaction.

The payload is what `orderEvents` subscribers and webhook receivers see of the order:
`{order: {id number status email totalAmount currencyCode}, type, message}` (ids global),
`type` the event's kind in capitals (PAID), `message` a line for a timeline.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Text, func, literal, select

from app.db.ids import global_id
from app.db.tenant import RequestDB
from app.events.outbox import emit_from
from app.orders.models import orders

MESSAGES = {
    "order.created": "Order #{number} was placed",
    "order.paid": "Order #{number} was paid",
    "order.supplier_ordered": "Order #{number} was ordered from the supplier",
    "order.supplier_refused": "Order #{number} was refused by the supplier (see its timeline)",
    "order.fulfilled": "Order #{number} was shipped (all or some of it)",
    "order.delivered": "Order #{number} was delivered",
    "order.cancelled": "Order #{number} was cancelled",
    "order.refunded": "Order #{number} was refunded (all or part of it)",
}


async def order_event(db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID, topic: str) -> None:
    """Emit `topic` for an order as it stands now."""
    o = orders
    order = func.jsonb_build_object(
        "id",
        literal(global_id("Order", order_id), Text),
        "number",
        o.c.number,
        "status",
        o.c.status,
        "email",
        o.c.email,
        "totalAmount",
        o.c.total_amount,
        "currencyCode",
        o.c.currency,
    )
    message = func.replace(
        literal(MESSAGES.get(topic, "Order #{number}: " + topic), Text),
        "{number}",
        func.cast(o.c.number, Text),
    )
    payload = func.jsonb_build_object(
        "order",
        order,
        "type",
        literal(topic.split(".", 1)[1].upper(), Text),
        "message",
        message,
    )
    source = select(o.c.store_id, payload.label("payload")).where(
        o.c.tenant_id == tenant_id, o.c.id == order_id
    )
    await emit_from(db, tenant_id=tenant_id, topic=topic, source=source)
