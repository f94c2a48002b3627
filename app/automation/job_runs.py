"""Job runs: a long task's status, progress (done/total), messages, result and errors.

States: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED (QUEUED may also end directly).
A finished run does not change again (ALREADY_FINISHED). Every change to progress emits
`job.progress` and the end emits `job.finished`, each carrying the run as it now stands,
so `jobProgress` subscribers need no read back. Messages keep the last MAX_MESSAGES.

`run_tracked` is the worker's bookkeeping around a task body: RUNNING, the body with a
progress callback, then SUCCEEDED with its result or FAILED with the error's message;
each step is its own committed transaction, so progress is visible while the task runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation.errors import JobErrorCode as Code
from app.automation.models import job_runs
from app.db.ids import global_id, uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.events.outbox import emit

FINISHED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
OPEN = ("QUEUED", "RUNNING")
MAX_MESSAGES = 50

Progress = Callable[..., Awaitable[None]]


def job_payload(row: Any) -> dict[str, Any]:
    """The run as events carry it (and jobProgress rebuilds it from)."""
    return {
        "id": global_id("Job", row.id),
        "kind": row.kind,
        "status": row.status,
        "progress": {"done": row.progress_done, "total": row.progress_total},
        "messages": row.messages,
        "result": row.result,
        "errors": row.errors,
        "createdAt": row.created_at.isoformat(),
        "finishedAt": row.finished_at.isoformat() if row.finished_at else None,
    }


async def create_job(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    kind: str,
    store_id: uuid.UUID | None = None,
    total: int | None = None,
) -> Any:
    """A QUEUED run; the caller enqueues the task that does the work."""
    if not 1 <= len(kind) <= 100:
        raise ServiceError(Code.INVALID, "kind must be 1 to 100 characters", ["kind"])
    if total is not None and total < 0:
        raise ServiceError(Code.INVALID, "total can't be negative", ["total"])
    return (
        await db.execute(
            job_runs.insert()
            .values(
                tenant_id=tenant_id,
                id=uuid7(),
                store_id=store_id,
                kind=kind,
                progress_total=total,
            )
            .returning(*job_runs.c)
        )
    ).one()


async def _change(
    db: RequestDB, tenant_id: uuid.UUID, job_id: uuid.UUID, values: dict[str, Any]
) -> Any:
    row = (
        await db.execute(
            update(job_runs)
            .values(**values)
            .where(
                job_runs.c.tenant_id == tenant_id,
                job_runs.c.id == job_id,
                job_runs.c.status.in_(OPEN),
            )
            .returning(*job_runs.c)
        )
    ).first()
    if row is not None:
        return row
    exists = (
        await db.execute(
            select(job_runs.c.id).where(job_runs.c.tenant_id == tenant_id, job_runs.c.id == job_id)
        )
    ).first()
    if exists is None:
        raise ServiceError(Code.NOT_FOUND, "Job not found", ["id"])
    raise ServiceError(Code.ALREADY_FINISHED, "The job has finished", ["id"])


async def report_progress(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    done: int,
    total: int | None = None,
    message: str | None = None,
) -> Any:
    """Set progress (a QUEUED run becomes RUNNING); emits job.progress."""
    if done < 0 or (total is not None and total < 0):
        raise ServiceError(Code.INVALID, "Progress can't be negative", ["done"])
    values: dict[str, Any] = {
        "status": "RUNNING",
        "progress_done": done,
        "started_at": func.coalesce(job_runs.c.started_at, func.now()),
    }
    if total is not None:
        values["progress_total"] = total
    if message is not None:
        # Appended, and only the last MAX_MESSAGES kept: a long sync logs thousands.
        appended = job_runs.c.messages.op("||")(literal([message], JSONB))
        values["messages"] = func.jsonb_path_query_array(
            appended, literal(f"$[last - {MAX_MESSAGES - 1} to last]", JSONPATH)
        )
    row = await _change(db, tenant_id, job_id, values)
    await emit(
        db,
        tenant_id=tenant_id,
        store_id=row.store_id,
        topic="job.progress",
        payload=job_payload(row),
    )
    return row


async def finish_job(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    status: str,
    result: Any = None,
    errors: list[str] | None = None,
) -> Any:
    """End a run as SUCCEEDED, FAILED or CANCELLED; emits job.finished."""
    if status not in FINISHED:
        raise ServiceError(
            Code.INVALID, "status must be SUCCEEDED, FAILED or CANCELLED", ["status"]
        )
    values: dict[str, Any] = {"status": status, "finished_at": func.now()}
    if result is not None:
        values["result"] = literal(result, JSONB)
    if errors:
        values["errors"] = literal(errors, JSONB)
    if status == "SUCCEEDED":
        # A run that reported a total and finished well did all of it.
        values["progress_done"] = func.coalesce(job_runs.c.progress_total, job_runs.c.progress_done)
    row = await _change(db, tenant_id, job_id, values)
    await emit(
        db,
        tenant_id=tenant_id,
        store_id=row.store_id,
        topic="job.finished",
        payload=job_payload(row),
    )
    return row


async def _committed(
    engine: AsyncEngine, tenant_id: uuid.UUID, work: Callable[[RequestDB], Awaitable[Any]]
) -> Any:
    db = RequestDB(engine, tenant_id)
    try:
        found = await work(db)
        await db.close(commit=True)
        return found
    finally:
        await db.close(commit=False)


async def run_tracked(
    *,
    engine: AsyncEngine,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    work: Callable[[Progress], Awaitable[Any]],
) -> Any:
    """Run `work(progress)` as job `job_id`: `await progress(done, total=None, message=None)`
    records progress; the return value is the result; an exception fails the run (and is
    raised again, so arq logs it). Returns the finished row."""

    async def progress(done: int, total: int | None = None, message: str | None = None) -> None:
        await _committed(
            engine,
            tenant_id,
            lambda db: report_progress(
                db=db, tenant_id=tenant_id, job_id=job_id, done=done, total=total, message=message
            ),
        )

    await progress(0)
    try:
        result = await work(progress)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        await _committed(
            engine,
            tenant_id,
            lambda db: finish_job(
                db=db,
                tenant_id=tenant_id,
                job_id=job_id,
                status="FAILED",
                errors=[error],
            ),
        )
        raise
    return await _committed(
        engine,
        tenant_id,
        lambda db: finish_job(
            db=db, tenant_id=tenant_id, job_id=job_id, status="SUCCEEDED", result=result
        ),
    )
