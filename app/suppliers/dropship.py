"""Dropshipping: a paid order whose lines come from a supplier is ordered from the supplier.

The worker's sweep (placements.py, every few seconds) finds PAID orders with lines linked to a
supplier and no refusal on record, gives each a job run and enqueues `place_supplier_order`
(arq job id from the run, so queued once); the task runs `place_order` under `run_tracked`
(progress: connections asked of those pending). `place_order` then, in steps:
1. reads the order and its supplier lines grouped by connection (one transaction, committed);
2. asks each connection not yet PLACED to place its lines, with no transaction open, with
   the order id as the supplier's out-order id: a supplier that already has that out-order
   id answers with the same order, so a retry (a worker killed mid-placement, the task run
   twice) never orders twice;
3. locks the order, records each answer (supplier_orders: PLACED with the supplier's order
   id, or REFUSED with its reason, plus a timeline entry and an `order.supplier_refused`
   event for a refusal, after which it raises SupplierRefusedError), and when every
   connection is PLACED and the order is still PAID moves it to SUPPLIER_ORDERED with a
   timeline entry and an `order.supplier_ordered` event. The lock and the PAID check make
   the move happen once, however many runs race.
A refused order stays PAID with its refusal on the timeline until staff call
`orderSupplierRetry`, which forgets the refusals (and the failed run) and starts a new run.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

from app.automation.job_runs import Progress
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.orders.admin import Actor, Entry, append, transition
from app.orders.events import order_event
from app.orders.models import order_lines, orders
from app.settings import Settings
from app.suppliers.adapters.base import OrderLine, SupplierError, SupplierOrderRequest
from app.suppliers.adapters.registry import adapter_for
from app.suppliers.connections import connection_row
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.models import supplier_orders, supplier_variants
from app.suppliers.placements import failed_run, forget_run
from app.suppliers.runs import keep_tokens


class SupplierRefusedError(Exception):
    """A supplier refused the order (recorded and on the timeline before this is raised):
    the placement's job run fails with this message."""


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
    progress: Progress | None = None,
) -> str:
    """Place the order's supplier lines; returns what happened (the job's result), raises
    SupplierRefusedError once a refusal is recorded."""
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
    if progress is not None:
        await progress(0, len(pending))
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
        if progress is not None:
            await progress(len(answers), len(pending))
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
            refusal = f"The supplier refused the order: {message}"[:1000]
            await append(
                db,
                tenant_id=tenant_id,
                order_id=order_id,
                entries=[Entry("SUPPLIER_REFUSED", locked.status, locked.status, refusal)],
            )
    refused = (
        await db.execute(
            select(func.count()).where(
                so.c.tenant_id == tenant_id, so.c.order_id == order_id, so.c.status == "REFUSED"
            )
        )
    ).scalar_one()
    if refused:
        await order_event(db, tenant_id, order_id, "order.supplier_refused")
        await db.commit()
        reasons = "; ".join(m for s, _, m in answers.values() if s == "REFUSED")
        raise SupplierRefusedError(f"{refused} supplier(s) refused the order: {reasons}"[:1000])
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
    """`orderSupplierRetry`'s write: the order must be PAID with a refusal on record or a
    failed placement run; both are forgotten."""
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
    refused = gone.first() is not None
    failed = await failed_run(db, tenant_id=tenant_id, order_id=order_id)
    if order.status != "PAID" or not (refused or failed):
        raise ServiceError(
            Code.INVALID, "The order has no refused supplier order to retry", ["orderId"]
        )
    await forget_run(db, tenant_id=tenant_id, order_id=order_id)
