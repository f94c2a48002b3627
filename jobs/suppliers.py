"""arq tasks of the supplier domain: they call app/suppliers' services.

`ctx` carries the worker's engine, settings and Redis (filled in the worker's on_startup).
Until the job runs of issue 10 are on main these return the run's counts as arq's result;
then they run inside `run_tracked` so `job(id)` and `jobProgress` show them.
"""

from __future__ import annotations

import uuid
from typing import Any

from arq.connections import ArqRedis

from app.db.tenant import RequestDB
from app.suppliers.adapters.registry import http_client
from app.suppliers.schedule import due_connections
from app.suppliers.sync import sync_connection


async def sync_supplier_products(
    ctx: dict[str, Any], tenant_id: str, connection_id: str, product_ids: list[str] | None
) -> dict[str, Any]:
    """Sync a connection (the named supplier products, or all of them)."""
    settings = ctx["settings"]
    db = RequestDB(ctx["engine"], uuid.UUID(tenant_id))
    try:
        async with http_client(settings) as client:
            result = await sync_connection(
                db=db,
                tenant_id=uuid.UUID(tenant_id),
                settings=settings,
                redis=ctx.get("redis"),
                client=client,
                connection_id=uuid.UUID(connection_id),
                supplier_product_ids=product_ids,
            )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return result.as_dict()


async def enqueue_due_syncs(ctx: dict[str, Any]) -> int:
    """Cron body: enqueue a sync of every connection whose interval has passed."""
    queue: ArqRedis = ctx["redis"]
    enqueued = 0
    for due in await due_connections(ctx["engine"]):
        job = await queue.enqueue_job(
            "sync_supplier_products",
            str(due.tenant_id),
            str(due.connection_id),
            None,
            _job_id=f"supplier-sync:{due.connection_id}:window-{due.window}",
        )
        enqueued += job is not None
    return enqueued
