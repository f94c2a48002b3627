"""The job run of an order's supplier placement: `job(id)` shows it, `jobProgress` announces it.

One run per placement attempt, recorded in supplier_placements (order -> run). The worker's
sweep (`due_placements`) finds PAID orders with supplier lines, no refusal on record and no
finished run (none yet, or one still QUEUED/RUNNING whose enqueue may have been lost), and
`placement_run` gives each its run: the existing one, or a new QUEUED `supplier.order` run
created under the order's row lock, so two sweeps racing create one. The task is enqueued
with an arq job id from the run, and runs `place_order` under `run_tracked`: progress is the
connections asked of those pending, the result the outcome, and a refusal or an error FAILS
the run with its message. A failed run leaves the order PAID for staff:
`orderSupplierRetry` forgets the refusals and the run and starts a new run at once.
The placement itself stays idempotent on its own (the order id as out-order id, the lock and
PAID check in dropship.py), so two tasks of one run still order once; the second finds the
run finished and ends.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation.job_runs import JobTask, create_job
from app.db.ids import uuid7
from app.db.tenant import RequestDB, tenant_transaction
from app.orders.models import orders
from app.suppliers.models import supplier_connection_routes, supplier_placements

TASK = "place_supplier_order"
KIND = "supplier.order"
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
   AND NOT EXISTS (SELECT 1 FROM supplier_placements p
                     JOIN job_runs j ON j.tenant_id = p.tenant_id AND j.id = p.job_run_id
                    WHERE p.tenant_id = o.tenant_id AND p.order_id = o.id
                      AND j.status NOT IN ('QUEUED', 'RUNNING'))
 LIMIT :limit
""")


FAILED_RUN = text("""
SELECT 1 FROM supplier_placements p
  JOIN job_runs j ON j.tenant_id = p.tenant_id AND j.id = p.job_run_id
 WHERE p.tenant_id = :t AND p.order_id = :o AND j.status IN ('FAILED', 'CANCELLED')
""")


@dataclass(frozen=True, slots=True)
class DueOrder:
    tenant_id: uuid.UUID
    order_id: uuid.UUID


def arq_job_id(run_id: uuid.UUID) -> str:
    return f"supplier-order:{run_id}"


async def due_placements(engine: AsyncEngine) -> list[DueOrder]:
    """PAID orders with supplier lines, no refusal and no finished run, of every tenant."""
    routes = supplier_connection_routes
    async with tenant_transaction(engine, None) as conn:
        tenants = [r[0] for r in await conn.execute(select(routes.c.tenant_id).distinct())]
    due = []
    for tenant_id in tenants:
        async with tenant_transaction(engine, tenant_id) as conn:
            rows = await conn.execute(DUE, {"t": tenant_id, "limit": SWEEP_LIMIT})
            due += [DueOrder(tenant_id, r.id) for r in rows]
    return due


async def placement_run(
    db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID
) -> uuid.UUID | None:
    """The order's current placement run, created (QUEUED) if it has none; None when the
    order is gone. The order's row lock makes racing callers agree on one run."""
    order = (
        await db.execute(
            select(orders.c.store_id)
            .where(orders.c.tenant_id == tenant_id, orders.c.id == order_id)
            .with_for_update()
        )
    ).first()
    if order is None:
        return None
    sp = supplier_placements
    existing = (
        await db.execute(
            select(sp.c.job_run_id).where(sp.c.tenant_id == tenant_id, sp.c.order_id == order_id)
        )
    ).scalar_one_or_none()
    if existing is not None:
        return uuid.UUID(str(existing))
    run_id = uuid7()
    # Recorded so the worker's resume cron can enqueue it again if its worker dies.
    task = JobTask(TASK, (str(tenant_id), str(order_id), str(run_id)), arq_job_id(run_id))
    await create_job(
        db=db, tenant_id=tenant_id, kind=KIND, store_id=order.store_id, run_id=run_id, task=task
    )
    await db.execute(sp.insert().values(tenant_id=tenant_id, order_id=order_id, job_run_id=run_id))
    return run_id


async def forget_run(db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID) -> bool:
    """Drop the order's placement run (a retry starts a new one); True if it had one."""
    sp = supplier_placements
    gone = await db.execute(
        delete(sp)
        .where(sp.c.tenant_id == tenant_id, sp.c.order_id == order_id)
        .returning(sp.c.order_id)
    )
    return gone.first() is not None


async def failed_run(db: RequestDB, *, tenant_id: uuid.UUID, order_id: uuid.UUID) -> bool:
    """Whether the order's placement run ended without placing (FAILED or CANCELLED)."""
    found = await db.execute(FAILED_RUN, {"t": tenant_id, "o": order_id})
    return found.first() is not None
