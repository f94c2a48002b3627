"""Job runs: a long task's status, progress (done/total), messages, result and errors.

States: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED (QUEUED may also end directly).
A finished run does not change again (ALREADY_FINISHED). Every change to progress emits
`job.progress` and the end emits `job.finished`, each carrying the run as it now stands,
so `jobProgress` subscribers need no read back. Messages keep the last MAX_MESSAGES.

`run_tracked` is the worker's bookkeeping around a task body: RUNNING, the body with a
progress callback, then SUCCEEDED with its result or FAILED with the error's message;
each step is its own committed transaction, so progress is visible while the task runs.

While the body runs, a background task writes the run's `heartbeat_at` every
`heartbeat_seconds` (one UPDATE; each progress report writes it too). A run whose worker
died keeps a stale heartbeat, and the worker's resume cron (app/automation/job_resume.py)
enqueues its recorded `task` again under a new arq job id, counting `attempts`. The
heartbeat only counts for the attempt that wrote it: a run resumed meanwhile (its worker was
alive but could not write for longer than the stale limit) finds its attempt superseded at
its next beat, and its body is cancelled without touching the run, so one attempt works
at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation.errors import JobErrorCode as Code
from app.automation.models import job_runs
from app.db.ids import global_id, uuid7
from app.db.tenant import RequestDB, tenant_transaction
from app.errors import ServiceError
from app.events.outbox import emit

FINISHED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
OPEN = ("QUEUED", "RUNNING")
MAX_MESSAGES = 50
HEARTBEAT_SECONDS = 15.0

Progress = Callable[..., Awaitable[None]]
log = logging.getLogger("edestory.jobs")


@dataclass(frozen=True, slots=True)
class JobTask:
    """The arq task that does a run, recorded on it so a resume can enqueue it again:
    the function's name, its arguments (plain JSON values), the arq job id of the first
    enqueue (a resume uses `<job_id>:<attempt>`) and the queue (None: arq's default)."""

    function: str
    args: Sequence[Any]
    job_id: str
    queue: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "args": list(self.args),
            "job_id": self.job_id,
            "queue": self.queue,
        }


class JobSupersededError(Exception):
    """The run was resumed by another attempt while this one still ran; this one stopped."""


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
    run_id: uuid.UUID | None = None,
    task: JobTask | None = None,
) -> Any:
    """A QUEUED run (id `run_id` or a new one); the caller enqueues the task that does the
    work, and records it as `task` so a run whose worker died can be resumed (a run without
    one is never resumed)."""
    if not 1 <= len(kind) <= 100:
        raise ServiceError(Code.INVALID, "kind must be 1 to 100 characters", ["kind"])
    if total is not None and total < 0:
        raise ServiceError(Code.INVALID, "total can't be negative", ["total"])
    values: dict[str, Any] = {
        "tenant_id": tenant_id,
        "id": run_id or uuid7(),
        "store_id": store_id,
        "kind": kind,
        "progress_total": total,
    }
    if task is not None:  # left out, not None: SQLAlchemy would write JSON null
        values["task"] = literal(task.as_json(), JSONB)
    return (await db.execute(job_runs.insert().values(**values).returning(*job_runs.c))).one()


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
    done: int | None,
    total: int | None = None,
    message: str | None = None,
) -> Any:
    """Set progress (a QUEUED run becomes RUNNING; `done` None keeps what it was, as a
    resumed run starts); emits job.progress."""
    if (done is not None and done < 0) or (total is not None and total < 0):
        raise ServiceError(Code.INVALID, "Progress can't be negative", ["done"])
    values: dict[str, Any] = {
        "status": "RUNNING",
        "started_at": func.coalesce(job_runs.c.started_at, func.now()),
        "heartbeat_at": func.now(),
    }
    if done is not None:
        values["progress_done"] = done
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


async def heartbeat(
    engine: AsyncEngine, tenant_id: uuid.UUID, job_id: uuid.UUID, attempt: int
) -> bool:
    """Mark the run alive (one UPDATE); False when it is no longer this attempt's to run
    (finished, or resumed by another attempt)."""
    async with tenant_transaction(engine, tenant_id) as conn:
        row = (
            await conn.execute(
                update(job_runs)
                .values(heartbeat_at=func.now())
                .where(
                    job_runs.c.tenant_id == tenant_id,
                    job_runs.c.id == job_id,
                    job_runs.c.status == "RUNNING",
                    job_runs.c.attempts == attempt,
                )
                .returning(job_runs.c.id)
            )
        ).first()
    return row is not None


async def run_tracked(
    *,
    engine: AsyncEngine,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    work: Callable[[Progress], Awaitable[Any]],
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> Any:
    """Run `work(progress)` as job `job_id`: `await progress(done, total=None, message=None)`
    records progress; the return value is the result; an exception fails the run (and is
    raised again, so arq logs it). Returns the finished row. A heartbeat is written every
    `heartbeat_seconds` while `work` runs; if another attempt took the run over, `work` is
    cancelled and JobSupersededError raised (the run is left to that attempt)."""

    async def progress(done: int, total: int | None = None, message: str | None = None) -> None:
        await _committed(
            engine,
            tenant_id,
            lambda db: report_progress(
                db=db, tenant_id=tenant_id, job_id=job_id, done=done, total=total, message=message
            ),
        )

    started = await _committed(
        engine,
        tenant_id,
        # A resumed run keeps the progress its earlier attempt reported (a new run has 0).
        lambda db: report_progress(db=db, tenant_id=tenant_id, job_id=job_id, done=None),
    )
    body = asyncio.ensure_future(work(progress))
    superseded = False

    async def beat() -> None:
        nonlocal superseded
        while True:
            await asyncio.sleep(heartbeat_seconds)
            try:
                alive = await heartbeat(engine, tenant_id, job_id, started.attempts)
            except Exception:  # PostgreSQL away: the next beat tries again
                log.warning("job %s: heartbeat failed", job_id, exc_info=True)
                continue
            if not alive:
                superseded = True
                body.cancel()
                return

    beating = asyncio.create_task(beat())
    try:
        result = await body
    except asyncio.CancelledError:
        if not superseded:
            raise
        raise JobSupersededError(f"Job {job_id} was resumed by another attempt") from None
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
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        if not body.done():
            body.cancel()
    return await _committed(
        engine,
        tenant_id,
        lambda db: finish_job(
            db=db, tenant_id=tenant_id, job_id=job_id, status="SUCCEEDED", result=result
        ),
    )
