"""Dropshipping, after placement: the supplier's tracking moves the order to SHIPPED, then
DELIVERED.

The worker's sweep (`due_tracking`, with the placement sweep) finds PLACED supplier orders
not yet delivered whose order is past PAID (SUPPLIER_ORDERED, PARTIALLY_SHIPPED, SHIPPED)
and that were not polled in the last `supplier_tracking_seconds`, and enqueues
`poll_supplier_tracking` per order (arq job id from the order: queued once while it waits or
runs). `poll_tracking` then, in steps:
1. reads the order's supplier orders in flight and their connections (committed);
2. asks each supplier for its tracking with no transaction open (`fetch_tracking`);
3. locks the order, reads the supplier orders again, and for each answer:
   - a tracking number (or a delivery) for a supplier order not yet shipped ships that
     connection's unshipped lines through `fulfill_order`, the code path of `orderFulfill`
     (a fulfilment with number, carrier and a tracking URL; the order becomes SHIPPED, or
     PARTIALLY_SHIPPED while other lines wait; a FULFILLED timeline entry; `order.fulfilled`),
     and remembers the fulfilment on the supplier order;
   - records what the supplier said (never going back from DELIVERED) and when it was asked;
   then, when every supplier order of the order is delivered and the order is SHIPPED, moves
   it to DELIVERED through `mark_delivered` (`orderMarkDelivered`'s path: timeline entry and
   `order.delivered`).
The lock, the remembered fulfilment and the status checks make a re-poll, or two polls racing,
change nothing. Lines staff shipped by hand are not shipped again (only unshipped quantities
are); an order cancelled or refunded meanwhile is left as it is (the state machine refuses).
A supplier that cannot answer is asked again at the next interval.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, tenant_transaction
from app.errors import ServiceError
from app.orders.admin import Actor, Fulfill, FulfillmentLine, fulfill_order, mark_delivered
from app.orders.models import order_lines, orders
from app.settings import Settings
from app.suppliers.adapters.base import SupplierError, Tracking
from app.suppliers.adapters.registry import adapter_for
from app.suppliers.connections import connection_row
from app.suppliers.models import supplier_connection_routes, supplier_orders, supplier_variants
from app.suppliers.runs import keep_tokens

log = logging.getLogger("edestory.suppliers.tracking")

TASK = "poll_supplier_tracking"
SWEEP_LIMIT = 100
IN_FLIGHT = ("SUPPLIER_ORDERED", "PARTIALLY_SHIPPED", "SHIPPED")
TEXT_LIMIT = 200  # what a fulfilment's tracking number and carrier may hold

DUE = text("""
SELECT DISTINCT so.order_id
  FROM supplier_orders so
  JOIN orders o ON o.tenant_id = so.tenant_id AND o.id = so.order_id
 WHERE so.tenant_id = :t AND so.status = 'PLACED' AND so.tracking_status <> 'DELIVERED'
   AND o.status IN ('SUPPLIER_ORDERED', 'PARTIALLY_SHIPPED', 'SHIPPED')
   AND (so.polled_at IS NULL OR so.polled_at <= now() - make_interval(secs => :every))
 LIMIT :limit
""")


@dataclass(frozen=True, slots=True)
class DueTracking:
    tenant_id: uuid.UUID
    order_id: uuid.UUID


def arq_job_id(order_id: uuid.UUID) -> str:
    return f"supplier-tracking:{order_id}"


async def due_tracking(engine: AsyncEngine, *, every_seconds: float) -> list[DueTracking]:
    """Orders with a supplier order in flight not polled for `every_seconds`, every tenant."""
    routes = supplier_connection_routes
    async with tenant_transaction(engine, None) as conn:
        tenants = [r[0] for r in await conn.execute(select(routes.c.tenant_id).distinct())]
    due = []
    for tenant_id in tenants:
        async with tenant_transaction(engine, tenant_id) as conn:
            rows = await conn.execute(
                DUE, {"t": tenant_id, "every": every_seconds, "limit": SWEEP_LIMIT}
            )
            due += [DueTracking(tenant_id, r.order_id) for r in rows]
    return due


def tracking_url(settings: Settings, number: str | None) -> str | None:
    template = settings.supplier_tracking_url
    if not number or not template:
        return None
    return template.replace("{number}", number)


async def _in_flight(db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID) -> list[Any]:
    so = supplier_orders
    return list(
        await db.execute(
            select(so)
            .join(orders, (orders.c.tenant_id == so.c.tenant_id) & (orders.c.id == so.c.order_id))
            .where(
                so.c.tenant_id == tenant_id,
                so.c.order_id == order_id,
                so.c.status == "PLACED",
                so.c.tracking_status != "DELIVERED",
                orders.c.status.in_(IN_FLIGHT),
            )
            .order_by(so.c.connection_id)
        )
    )


async def poll_tracking(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    redis: Redis | None,
    client: httpx.AsyncClient,
    order_id: uuid.UUID,
) -> str:
    """Ask the suppliers of an order in flight for tracking and apply it; returns what
    happened (for arq's log)."""
    pending = await _in_flight(db, tenant_id, order_id)
    connections = {
        r.connection_id: await connection_row(
            db, tenant_id=tenant_id, connection_id=r.connection_id
        )
        for r in pending
    }
    await db.commit()  # nothing held while the suppliers are asked
    if not pending:
        return "nothing in flight"
    answers: dict[uuid.UUID, Tracking | None] = {}
    for row in pending:
        connection = connections[row.connection_id]
        if connection is None or not row.supplier_order_id:
            answers[row.connection_id] = None
            continue
        adapter = adapter_for(connection, settings=settings, redis=redis, client=client)
        try:
            answers[row.connection_id] = await adapter.fetch_tracking(row.supplier_order_id)
        except SupplierError as exc:
            log.warning("tracking of supplier order %s: %s", row.supplier_order_id, exc)
            answers[row.connection_id] = None
        await keep_tokens(
            db,
            tenant_id=tenant_id,
            settings=settings,
            connection_id=row.connection_id,
            tokens=dict(adapter.refreshed_tokens()),
        )
    outcome = await _apply(db, tenant_id, settings, order_id, answers)
    await db.commit()
    return outcome


async def _unshipped_lines(
    db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID, connection_id: uuid.UUID
) -> list[FulfillmentLine]:
    ol, sv = order_lines, supplier_variants
    linked = select(sv.c.variant_id).where(
        sv.c.tenant_id == tenant_id, sv.c.connection_id == connection_id
    )
    rows = await db.execute(
        select(ol.c.id, (ol.c.quantity - ol.c.fulfilled_quantity).label("left"))
        .where(
            ol.c.tenant_id == tenant_id,
            ol.c.order_id == order_id,
            ol.c.variant_id.in_(linked),
        )
        .order_by(ol.c.position)
    )
    return [FulfillmentLine(r.id, r.left) for r in rows if r.left > 0]


async def _apply(
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    order_id: uuid.UUID,
    answers: dict[uuid.UUID, Tracking | None],
) -> str:
    so = supplier_orders
    locked = (
        await db.execute(
            select(orders.c.status)
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
            .with_for_update()
        )
    ).first()
    if locked is None or locked.status not in IN_FLIGHT:
        return "no longer in flight"
    current = {r.connection_id: r for r in await _in_flight(db, tenant_id, order_id)}
    shipped = 0
    for connection_id, answer in answers.items():
        row = current.get(connection_id)
        if row is None:  # delivered by a poll that ran meanwhile
            continue
        values: dict[str, Any] = {"polled_at": func.now()}
        if answer is not None and answer.status != "NONE":
            number = (answer.tracking_number or "")[:TEXT_LIMIT] or None
            carrier = (answer.carrier or "")[:TEXT_LIMIT] or None
            values.update(
                tracking_status=answer.status,
                tracking_number=number or row.tracking_number,
                carrier=carrier or row.carrier,
                updated_at=func.now(),
            )
            if row.fulfillment_id is None:
                lines = await _unshipped_lines(db, tenant_id, order_id, connection_id)
                if lines:
                    try:
                        values["fulfillment_id"] = await fulfill_order(
                            db=db,
                            tenant_id=tenant_id,
                            data=Fulfill(
                                order_id=order_id,
                                lines=lines,
                                tracking_number=number,
                                carrier=carrier,
                                tracking_url=tracking_url(settings, number),
                            ),
                            actor=Actor(),
                        )
                        shipped += 1
                    except ServiceError as exc:  # checked before anything is written
                        log.warning("order %s not shipped from tracking: %s", order_id, exc)
        await db.execute(
            update(so)
            .values(**values)
            .where(
                so.c.tenant_id == tenant_id,
                so.c.order_id == order_id,
                so.c.connection_id == connection_id,
            )
        )
    return await _deliver_when_done(db, tenant_id, order_id, shipped)


async def _deliver_when_done(
    db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID, shipped: int
) -> str:
    so = supplier_orders
    waiting = (
        await db.execute(
            select(func.count()).where(
                so.c.tenant_id == tenant_id,
                so.c.order_id == order_id,
                so.c.status == "PLACED",
                so.c.tracking_status != "DELIVERED",
            )
        )
    ).scalar_one()
    status = (
        await db.execute(
            select(orders.c.status).where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
        )
    ).scalar_one()
    if waiting == 0 and status == "SHIPPED":
        await mark_delivered(db=db, tenant_id=tenant_id, order_id=order_id, actor=Actor())
        return "DELIVERED"
    return f"{status}, {shipped} shipment(s) recorded"
