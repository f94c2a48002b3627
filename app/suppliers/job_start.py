"""Starting an import or a sync as a job run: validate, create a QUEUED run, enqueue its task.

The run is created in the mutation's transaction and the arq task enqueued after it commits
(`db.after_commit`), so the worker never picks up a run that does not exist yet. The arq job
id is derived from the run (`supplier-job:<run id>`): enqueuing it twice queues it once. The
task (jobs/suppliers.py) runs the import or sync service under `run_tracked`. The task and its
arguments are recorded on the run (`JobTask`), so a run whose worker died is enqueued again
by the worker's resume cron (app/automation/job_resume.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from sqlalchemy import select

from app.automation.job_runs import JobTask, create_job
from app.automation.models import job_runs
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import Problem, ServiceError
from app.suppliers.connections import connection_row
from app.suppliers.dropship import forget_refusals
from app.suppliers.errors import SupplierErrorCode as Code
from app.suppliers.models import pricing_rules
from app.suppliers.placements import TASK as DROPSHIP_TASK
from app.suppliers.placements import arq_job_id as dropship_job_id
from app.suppliers.placements import placement_run
from app.tenancy.store_lookup import store_currency

MAX_IDS = 1000
IMPORT_TASK = "import_supplier_products_job"
SYNC_TASK = "sync_supplier_products_job"
IMPORT_KIND = "supplier.import"
SYNC_KIND = "supplier.sync"


def arq_job_id(run_id: uuid.UUID) -> str:
    return f"supplier-job:{run_id}"


def _task(function: str, tenant_id: uuid.UUID, run_id: uuid.UUID, *args: Any) -> JobTask:
    return JobTask(function, (str(tenant_id), str(run_id), *args), arq_job_id(run_id))


def _enqueue_after_commit(db: RequestDB, redis: Redis, task: JobTask) -> None:
    async def enqueue() -> None:
        queue = ArqRedis(connection_pool=redis.connection_pool)
        await queue.enqueue_job(task.function, *task.args, _job_id=task.job_id)

    db.after_commit(enqueue)


async def _connection(db: RequestDB, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> Any:
    row = await connection_row(db, tenant_id=tenant_id, connection_id=connection_id)
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Supplier connection not found", ["connectionId"])
    return row


async def start_import(
    *,
    db: RequestDB,
    redis: Redis,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    supplier_product_ids: Sequence[str],
    store_id: uuid.UUID,
    pricing_rule_id: uuid.UUID | None,
) -> Any:
    """A QUEUED `supplier.import` run; its task is enqueued once this transaction commits."""
    ids = list(dict.fromkeys(i.strip() for i in supplier_product_ids))
    problems = []
    if not 1 <= len(ids) <= MAX_IDS:
        problems.append(
            Problem(
                Code.INVALID,
                f"Give 1 to {MAX_IDS} supplier product ids",
                ["supplierProductIds"],
            )
        )
    elif any(not 1 <= len(i) <= 200 for i in ids):
        problems.append(
            Problem(
                Code.INVALID,
                "A supplier product id is 1 to 200 characters",
                ["supplierProductIds"],
            )
        )
    if await connection_row(db, tenant_id=tenant_id, connection_id=connection_id) is None:
        problems.append(Problem(Code.NOT_FOUND, "Supplier connection not found", ["connectionId"]))
    if await store_currency(db, tenant_id=tenant_id, store_id=store_id) is None:
        problems.append(Problem(Code.NOT_FOUND, "Store not found", ["storeId"]))
    if pricing_rule_id is not None:
        pr = pricing_rules
        found = (
            await db.execute(
                select(pr.c.id).where(pr.c.tenant_id == tenant_id, pr.c.id == pricing_rule_id)
            )
        ).first()
        if found is None:
            problems.append(Problem(Code.NOT_FOUND, "Pricing rule not found", ["pricingRuleId"]))
    if problems:
        raise ServiceError.of(problems)
    run_id = uuid7()
    task = _task(
        IMPORT_TASK,
        tenant_id,
        run_id,
        str(connection_id),
        str(store_id),
        ids,
        str(pricing_rule_id) if pricing_rule_id else None,
    )
    run = await create_job(
        db=db,
        tenant_id=tenant_id,
        kind=IMPORT_KIND,
        store_id=store_id,
        total=len(ids),
        run_id=run_id,
        task=task,
    )
    _enqueue_after_commit(db, redis, task)
    return run


async def start_sync(
    *, db: RequestDB, redis: Redis, tenant_id: uuid.UUID, connection_id: uuid.UUID
) -> Any:
    """A QUEUED `supplier.sync` run of the whole connection; enqueued after commit."""
    await _connection(db, tenant_id, connection_id)
    run_id = uuid7()
    task = _task(SYNC_TASK, tenant_id, run_id, str(connection_id))
    run = await create_job(db=db, tenant_id=tenant_id, kind=SYNC_KIND, run_id=run_id, task=task)
    _enqueue_after_commit(db, redis, task)
    return run


async def retry_supplier_order(
    *, db: RequestDB, redis: Redis, tenant_id: uuid.UUID, order_id: uuid.UUID
) -> Any:
    """Forget the order's refusals and failed run, start a new placement run, and enqueue
    it once this commits; the new run's row (the payload's `job`)."""
    await forget_refusals(db, tenant_id=tenant_id, order_id=order_id)
    run_id = await placement_run(db, tenant_id=tenant_id, order_id=order_id)
    assert run_id is not None  # the order was found (and locked) just above

    async def enqueue() -> None:
        queue = ArqRedis(connection_pool=redis.connection_pool)
        await queue.enqueue_job(
            DROPSHIP_TASK,
            str(tenant_id),
            str(order_id),
            str(run_id),
            _job_id=dropship_job_id(run_id),
        )

    db.after_commit(enqueue)
    return (
        await db.execute(
            select(job_runs).where(job_runs.c.tenant_id == tenant_id, job_runs.c.id == run_id)
        )
    ).one()
