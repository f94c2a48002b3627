"""arq tasks of the supplier domain: they call app/suppliers' services.

`ctx` carries the worker's engine, settings and Redis (filled in the worker's on_startup).
The tasks started by `supplierProductsImport` and `supplierSyncStart` run inside
`run_tracked`, so `job(id)` and `jobProgress` show their progress (done/total per batch)
and their result (the run's counts). A worker killed mid-run and restarted runs them again:
an import finds what it created by its supplier links, a sync writes only what differs.
The webhook's and the schedule's syncs (`sync_supplier_products`) have no job run.
`place_supplier_order` orders a paid order's supplier lines (app/suppliers/dropship.py) and
`poll_supplier_tracking` follows a placed order to SHIPPED and DELIVERED
(app/suppliers/tracking.py); the worker's sweep enqueues both (`enqueue_due_supplier_orders`,
`enqueue_due_tracking`).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from arq.connections import ArqRedis

from app.automation.errors import JobErrorCode
from app.automation.job_runs import Progress, run_tracked
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.graphql.response_cache import bump_generation
from app.suppliers.adapters.registry import http_client
from app.suppliers.dropship import SupplierRefusedError, place_order
from app.suppliers.importing import ImportRequest, import_products
from app.suppliers.placements import TASK as DROPSHIP_TASK
from app.suppliers.placements import arq_job_id as dropship_job_id
from app.suppliers.placements import due_placements, placement_run
from app.suppliers.runs import RunResult
from app.suppliers.schedule import due_connections
from app.suppliers.sync import sync_connection
from app.suppliers.tracking import TASK as TRACKING_TASK
from app.suppliers.tracking import arq_job_id as tracking_job_id
from app.suppliers.tracking import due_tracking, poll_tracking

Body = Callable[[RequestDB, Any, Progress | None], Awaitable[Any]]


async def _run(
    ctx: dict[str, Any], tenant_id: uuid.UUID, body: Body, progress: Progress | None = None
) -> Any:
    """`body(db, http client, progress)` with a worker's database handle, committed at the end.

    A sync or import commits batch by batch; once it ends (or fails after some batches) the
    store's cached storefront answers are made stale (the response cache's generation), so
    the next storefront read sees the new prices and stock. A run that wrote nothing
    (`RunResult` with nothing created or changed) leaves the cache alone."""
    db = RequestDB(ctx["engine"], tenant_id)
    try:
        async with http_client(ctx["settings"]) as client:
            result = await body(db, client, progress)
    except BaseException:
        await db.close(commit=False)
        await _invalidate_storefront_answers(ctx, tenant_id)
        raise
    await db.close(commit=True)
    if not isinstance(result, RunResult) or result.changed or result.created:
        await _invalidate_storefront_answers(ctx, tenant_id)
    return result


async def _invalidate_storefront_answers(ctx: dict[str, Any], tenant_id: uuid.UUID) -> None:
    redis = ctx.get("redis")
    if redis is not None:
        await bump_generation(redis, tenant_id)


def _sync_body(
    ctx: dict[str, Any], tenant_id: uuid.UUID, connection_id: str, ids: list[str] | None
) -> Body:
    def body(db: RequestDB, client: Any, progress: Progress | None) -> Awaitable[RunResult]:
        return sync_connection(
            db=db,
            tenant_id=tenant_id,
            settings=ctx["settings"],
            redis=ctx.get("redis"),
            client=client,
            connection_id=uuid.UUID(connection_id),
            supplier_product_ids=ids,
            progress=progress,
        )

    return body


async def sync_supplier_products(
    ctx: dict[str, Any], tenant_id: str, connection_id: str, product_ids: list[str] | None
) -> dict[str, Any]:
    """Sync a connection (the named supplier products, or all of them)."""
    tenant = uuid.UUID(tenant_id)
    result: RunResult = await _run(ctx, tenant, _sync_body(ctx, tenant, connection_id, product_ids))
    return result.as_dict()


async def sync_supplier_products_job(
    ctx: dict[str, Any], tenant_id: str, job_id: str, connection_id: str
) -> str:
    """`supplierSyncStart`'s task: the whole connection, as job run `job_id`."""
    tenant = uuid.UUID(tenant_id)
    return await _tracked(ctx, tenant, job_id, _sync_body(ctx, tenant, connection_id, None))


async def import_supplier_products_job(
    ctx: dict[str, Any],
    tenant_id: str,
    job_id: str,
    connection_id: str,
    store_id: str,
    product_ids: list[str],
    pricing_rule_id: str | None,
) -> str:
    """`supplierProductsImport`'s task, as job run `job_id`."""
    tenant = uuid.UUID(tenant_id)
    request = ImportRequest(
        connection_id=uuid.UUID(connection_id),
        store_id=uuid.UUID(store_id),
        supplier_product_ids=product_ids,
        pricing_rule_id=uuid.UUID(pricing_rule_id) if pricing_rule_id else None,
    )

    def body(db: RequestDB, client: Any, progress: Progress | None) -> Awaitable[RunResult]:
        return import_products(
            db=db,
            tenant_id=tenant,
            settings=ctx["settings"],
            redis=ctx.get("redis"),
            client=client,
            request=request,
            progress=progress,
        )

    return await _tracked(ctx, tenant, job_id, body)


async def _tracked(ctx: dict[str, Any], tenant: uuid.UUID, job_id: str, body: Body) -> str:
    """Run `body` (as `_run` takes it) as job run `job_id`, with progress and heartbeat."""

    async def work(progress: Progress) -> dict[str, Any]:
        result: RunResult = await _run(ctx, tenant, body, progress)
        return result.as_dict()

    row = await run_tracked(
        engine=ctx["engine"],
        tenant_id=tenant,
        job_id=uuid.UUID(job_id),
        work=work,
        heartbeat_seconds=ctx["settings"].job_heartbeat_seconds,
    )
    return str(row.status)


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


async def place_supplier_order(
    ctx: dict[str, Any], tenant_id: str, order_id: str, job_id: str
) -> str:
    """Order a paid order's supplier lines from the supplier (app/suppliers/dropship.py), as
    job run `job_id` (app/suppliers/placements.py). A refusal fails the run with its reason;
    a run that has finished (another task of it ended first) is not started again."""
    tenant = uuid.UUID(tenant_id)

    def body(db: RequestDB, client: Any, progress: Progress | None) -> Awaitable[str]:
        return place_order(
            db=db,
            tenant_id=tenant,
            settings=ctx["settings"],
            redis=ctx.get("redis"),
            client=client,
            order_id=uuid.UUID(order_id),
            progress=progress,
        )

    async def work(progress: Progress) -> dict[str, Any]:
        return {"outcome": await _run(ctx, tenant, body, progress)}

    try:
        row = await run_tracked(
            engine=ctx["engine"],
            tenant_id=tenant,
            job_id=uuid.UUID(job_id),
            work=work,
            heartbeat_seconds=ctx["settings"].job_heartbeat_seconds,
        )
    except SupplierRefusedError:
        return "REFUSED"
    except ServiceError as exc:
        if exc.code is not JobErrorCode.ALREADY_FINISHED:
            raise
        return "the run has finished"
    return str(row.result["outcome"])


async def enqueue_due_supplier_orders(queue: ArqRedis, engine: Any) -> int:
    """The worker's sweep: a placement run of each PAID order with supplier lines, no
    refusal and no finished run, enqueued with an arq job id from the run (queued once while
    it waits or runs)."""
    enqueued = 0
    for due in await due_placements(engine):
        db = RequestDB(engine, due.tenant_id)
        try:
            run_id = await placement_run(db, tenant_id=due.tenant_id, order_id=due.order_id)
        except BaseException:
            await db.close(commit=False)
            raise
        await db.close(commit=True)
        if run_id is None:
            continue
        job = await queue.enqueue_job(
            DROPSHIP_TASK,
            str(due.tenant_id),
            str(due.order_id),
            str(run_id),
            _job_id=dropship_job_id(run_id),
        )
        enqueued += job is not None
    return enqueued


async def poll_supplier_tracking(ctx: dict[str, Any], tenant_id: str, order_id: str) -> str:
    """Ask the suppliers of a placed order for tracking (app/suppliers/tracking.py)."""
    tenant = uuid.UUID(tenant_id)

    def body(db: RequestDB, client: Any, progress: Progress | None) -> Awaitable[str]:
        return poll_tracking(
            db=db,
            tenant_id=tenant,
            settings=ctx["settings"],
            redis=ctx.get("redis"),
            client=client,
            order_id=uuid.UUID(order_id),
        )

    polled: str = await _run(ctx, tenant, body)
    return polled


async def enqueue_due_tracking(queue: ArqRedis, engine: Any, every_seconds: float) -> int:
    """The worker's sweep: a tracking poll of each order with a supplier order in flight not
    asked for `every_seconds` (arq job id from the order: queued once while it waits or runs)."""
    enqueued = 0
    for due in await due_tracking(engine, every_seconds=every_seconds):
        job = await queue.enqueue_job(
            TRACKING_TASK,
            str(due.tenant_id),
            str(due.order_id),
            _job_id=tracking_job_id(due.order_id),
        )
        enqueued += job is not None
    return enqueued
