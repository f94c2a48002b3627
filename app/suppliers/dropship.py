"""Dropshipping: a paid order whose lines come from a supplier is ordered from the supplier.

The worker's sweep (`due_orders`, every few seconds) finds PAID orders with lines linked to a
supplier and no refusal on record, and enqueues `place_supplier_order` per order (arq job id
from the order, so queued once). `place_order` then, in steps:
1. reads the order and its supplier lines grouped by connection (one transaction, committed);
2. asks each connection not yet PLACED to place its lines, with no transaction open, with
   the order id as the supplier's out-order id: a supplier that already has that out-order
   id answers with the same order, so a retry (a worker killed mid-placement, the task run
   twice) never orders twice;
3. locks the order, records each answer (supplier_orders: PLACED with the supplier's order
   id, or REFUSED with its reason, plus a timeline entry for a refusal), and when every
   connection is PLACED and the order is still PAID moves it to SUPPLIER_ORDERED with a
   timeline entry and an `order.supplier_ordered` event. The lock and the PAID check make
   the move happen once, however many runs race.
A refused order stays PAID with its refusal on the timeline until staff call
`orderSupplierRetry`, which forgets the refusals and enqueues the placement again.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import uuid7
from app.db.tenant import RequestDB, tenant_transaction
from app.errors import ServiceError
from app.orders.admin import Actor, transition
from app.orders.models import order_events, order_lines, orders
from app.settings import Settings
from app.suppliers.adapters.base import OrderLine, SupplierError, SupplierOrderRequest
from app.suppliers.adapters.registry import adapter_for
from app.suppliers.connections import connection_row
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.models import supplier_connection_routes, supplier_orders, supplier_variants
from app.suppliers.runs import keep_tokens

TASK = "place_supplier_order"
SWEEP_LIMIT = 100

DUE = text("""
SELECT DISTINCT o.id
  FROM orders o
  JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
  JOIN supplier_variants s ON s.tenant_id = o.tenant_id AND s.variant_id = l.variant_id
 WHERE o.tenant_id = :t AND o.status = 'PAID'
   AND NOT EXISTS (SELECT 1 FROM supplier_orders so
                    WHERE so.tenant_id = o.tenant_id AND so.order_id = o.id
                      AND so.status = 'REFUSED')
 LIMIT :limit
""")


@dataclass(frozen=True, slots=True)
class DueOrder:
    tenant_id: uuid.UUID
    order_id: uuid.UUID


def arq_job_id(order_id: uuid.UUID, attempt: str = "") -> str:
    return f"supplier-order:{order_id}{attempt}"


async def due_orders(engine: AsyncEngine) -> list[DueOrder]:
    """PAID orders with supplier lines and no refusal, of every tenant with a connection."""
    routes = supplier_connection_routes
    async with tenant_transaction(engine, None) as conn:
        tenants = [r[0] for r in await conn.execute(select(routes.c.tenant_id).distinct())]
    due = []
    for tenant_id in tenants:
        async with tenant_transaction(engine, tenant_id) as conn:
            rows = await conn.execute(DUE, {"t": tenant_id, "limit": SWEEP_LIMIT})
            due += [DueOrder(tenant_id, r.id) for r in rows]
    return due


def _request(order: Any, lines: list[Any]) -> SupplierOrderRequest:
    address = order.shipping_address or {}

    def part(name: str) -> str:
        return str(address.get(name) or "")

    name = " ".join(p for p in (part("firstName"), part("lastName")) if p)
    return SupplierOrderRequest(
        out_order_id=str(order.id),
        name=name,
        address1=part("address1"),
        address2=part("address2"),
        city=part("city"),
        province=part("province"),
        zip=part("zip"),
        country_code=part("countryCode"),
        phone=part("phone"),
        lines=tuple(
            OrderLine(
                supplier_product_id=r.supplier_product_id, sku=r.supplier_sku, quantity=r.quantity
            )
            for r in lines
        ),
    )


async def _read(
    db: RequestDB, tenant_id: uuid.UUID, order_id: uuid.UUID
) -> tuple[Any, dict[uuid.UUID, list[Any]]] | None:
    order = (
        await db.execute(
            select(orders).where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
        )
    ).first()
    if order is None or order.status != "PAID":
        return None
    ol, sv, so = order_lines, supplier_variants, supplier_orders
    rows = await db.execute(
        select(sv.c.connection_id, sv.c.supplier_product_id, sv.c.supplier_sku, ol.c.quantity)
        .select_from(ol)
        .join(sv, (sv.c.tenant_id == ol.c.tenant_id) & (sv.c.variant_id == ol.c.variant_id))
        .where(ol.c.tenant_id == tenant_id, ol.c.order_id == order_id)
        .order_by(ol.c.position)
    )
    by_connection: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        by_connection[row.connection_id].append(row)
    placed = {
        r.connection_id
        for r in await db.execute(
            select(so.c.connection_id).where(
                so.c.tenant_id == tenant_id, so.c.order_id == order_id, so.c.status == "PLACED"
            )
        )
    }
    return order, {c: lines for c, lines in by_connection.items() if c not in placed}


async def place_order(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    settings: Settings,
    redis: Redis | None,
    client: httpx.AsyncClient,
    order_id: uuid.UUID,
) -> str:
    """Place the order's supplier lines; returns what happened (for arq's log)."""
    found = await _read(db, tenant_id, order_id)
    if found is None:
        await db.commit()
        return "not PAID: nothing to place"
    order, pending = found
    connections = {
        c: await connection_row(db, tenant_id=tenant_id, connection_id=c) for c in pending
    }
    await db.commit()  # nothing held while the suppliers are asked
    answers: dict[uuid.UUID, tuple[str, str | None, str]] = {}
    for connection_id, lines in pending.items():
        row = connections[connection_id]
        if row is None:
            answers[connection_id] = ("REFUSED", None, "The supplier connection was deleted")
            continue
        adapter = adapter_for(row, settings=settings, redis=redis, client=client)
        try:
            placed = await adapter.place_order(_request(order, lines))
        except SupplierError as exc:
            answers[connection_id] = ("REFUSED", None, str(exc)[:1000])
        else:
            answers[connection_id] = ("PLACED", placed.supplier_order_id, "")
        await keep_tokens(
            db,
            tenant_id=tenant_id,
            settings=settings,
            connection_id=connection_id,
            tokens=dict(adapter.refreshed_tokens()),
        )
    return await _record(db, tenant_id, order_id, answers)


async def _record(
    db: RequestDB,
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    answers: dict[uuid.UUID, tuple[str, str | None, str]],
) -> str:
    locked = (
        await db.execute(
            select(orders)
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
            .with_for_update()
        )
    ).first()
    if locked is None or locked.status != "PAID":
        await db.commit()
        return "no longer PAID"
    so = supplier_orders
    for connection_id, (status, supplier_order_id, message) in answers.items():
        stmt = insert(so).values(
            tenant_id=tenant_id,
            order_id=order_id,
            connection_id=connection_id,
            status=status,
            supplier_order_id=supplier_order_id,
            message=message,
            updated_at=func.now(),
        )
        await db.execute(
            stmt.on_conflict_do_update(
                index_elements=[so.c.tenant_id, so.c.order_id, so.c.connection_id],
                set_={
                    "status": stmt.excluded.status,
                    "supplier_order_id": stmt.excluded.supplier_order_id,
                    "message": stmt.excluded.message,
                    "updated_at": func.now(),
                },
                where=so.c.status != "PLACED",  # a placed order's id is never overwritten
            )
        )
        if status == "REFUSED":
            await db.execute(
                order_events.insert().values(
                    tenant_id=tenant_id,
                    id=uuid7(),
                    order_id=order_id,
                    type="SUPPLIER_REFUSED",
                    from_status=locked.status,
                    to_status=locked.status,
                    message=f"The supplier refused the order: {message}"[:1000],
                )
            )
    refused = (
        await db.execute(
            select(func.count()).where(
                so.c.tenant_id == tenant_id, so.c.order_id == order_id, so.c.status == "REFUSED"
            )
        )
    ).scalar_one()
    if refused:
        await db.commit()
        return f"{refused} supplier(s) refused"
    ids = [
        r.supplier_order_id
        for r in await db.execute(
            select(so.c.supplier_order_id).where(
                so.c.tenant_id == tenant_id, so.c.order_id == order_id
            )
        )
    ]
    await transition(
        db,
        tenant_id=tenant_id,
        order=locked,
        to_status="SUPPLIER_ORDERED",
        kind="SUPPLIER_ORDERED",
        message="Ordered from the supplier: " + ", ".join(sorted(i for i in ids if i)),
        actor=Actor(),
        topic="order.supplier_ordered",
    )
    await db.commit()
    return "SUPPLIER_ORDERED"


async def forget_refusals(db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID) -> None:
    """`orderSupplierRetry`'s write: the order must be PAID with a refusal on record."""
    order = (
        await db.execute(
            select(orders.c.status).where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
        )
    ).first()
    if order is None:
        raise ServiceError(Code.NOT_FOUND, "Order not found", ["orderId"])
    so = supplier_orders
    gone = await db.execute(
        delete(so)
        .where(so.c.tenant_id == tenant_id, so.c.order_id == order_id, so.c.status == "REFUSED")
        .returning(so.c.connection_id)
    )
    if order.status != "PAID" or not gone.first():
        raise ServiceError(
            Code.INVALID, "The order has no refused supplier order to retry", ["orderId"]
        )
