"""Resuming job runs whose worker died: the worker's cron (jobs/job_resume.py) every minute.

arq keeps a killed worker's in-progress marker for the job's timeout + 10 s (an hour for
supplier imports and AI runs), so arq alone would start such a job again only after that.
Instead, `run_tracked` keeps a heartbeat on the run (app/automation/job_runs.py) and this
finds RUNNING runs whose heartbeat is older than EDESTORY_JOB_STALE_SECONDS, of every tenant
(the `job_resume_scan` policy, migration 0019, as the other cross-tenant scans), and claims
each in its tenant with one conditional UPDATE: the heartbeat must still be stale, and the
claim counts an attempt and writes a fresh heartbeat. Two crons racing, or a run whose
worker is slow but alive (its heartbeat is fresh), are never claimed twice; nor is a run
whose job waits on the queue untaken (a resumed job behind busy workers). The claimed run's
recorded task is enqueued again as `<first job id>:<attempt>`; the dead attempt's job is
taken off arq's queue first, so arq does not run it again beside the resumed one when its
marker lapses. After EDESTORY_JOB_MAX_RESUMES resumes, a run that goes stale again FAILS
with a message saying so. A run with no recorded task (created before 0019) is left to arq.

The work is idempotent on its own (imports by connection, product and SKU; placements by the
order id as out-order id; AI content skips the drafts written), so a resume redoes only what
the dead attempt had not committed.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from arq.constants import default_queue_name, in_progress_key_prefix, job_key_prefix
from sqlalchemy import func, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation.job_runs import finish_job
from app.automation.models import job_runs
from app.db.tenant import RequestDB, set_flag, tenant_transaction

SCAN_LIMIT = 100
log = logging.getLogger("edestory.jobs")

STALE = text("""
SELECT tenant_id, id, attempts, task FROM job_runs
 WHERE status = 'RUNNING' AND jsonb_typeof(task) = 'object'
   AND heartbeat_at < now() - make_interval(secs => :stale)
 ORDER BY heartbeat_at
 LIMIT :limit
""")


@dataclass(frozen=True, slots=True)
class StaleRun:
    tenant_id: uuid.UUID
    run_id: uuid.UUID
    attempts: int = field(default=0, compare=False)
    task: Any = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Resume:
    """A claimed run: enqueue `task` again as attempt `attempt` (1 for the first resume)."""

    tenant_id: uuid.UUID
    run_id: uuid.UUID
    attempt: int
    task: dict[str, Any]
    gave_up: bool = False  # past the resumes allowed: FAILED instead

    def job_id(self, attempt: int) -> str:
        first = str(self.task["job_id"])
        return first if attempt == 0 else f"{first}:{attempt}"


async def stale_runs(engine: AsyncEngine, *, stale_seconds: float) -> list[StaleRun]:
    """Every tenant's RUNNING runs with a task and a heartbeat older than `stale_seconds`."""
    async with tenant_transaction(engine, None) as conn:
        await set_flag(conn, "app.job_resume_scan")
        rows = await conn.execute(STALE, {"stale": stale_seconds, "limit": SCAN_LIMIT})
        return [StaleRun(r.tenant_id, r.id, r.attempts, r.task) for r in rows]


async def still_queued(queue: ArqRedis, stale: StaleRun) -> bool:
    """Whether the run's current job waits on arq's queue, not taken by any worker (a resumed
    job behind busy workers): not claimed again, it will run. A dead worker's job is still on
    the queue too, but with its in-progress marker."""
    if not isinstance(stale.task, dict):
        return False
    first = str(stale.task["job_id"])
    job_id = first if stale.attempts == 0 else f"{first}:{stale.attempts}"
    queue_name = stale.task.get("queue") or default_queue_name
    if await queue.zscore(queue_name, job_id) is None:
        return False
    return not await queue.exists(in_progress_key_prefix + job_id)


def gave_up_message(attempts: int, stale_seconds: float) -> str:
    return (
        f"The worker running this job stopped (no heartbeat for {stale_seconds:g} s) after it "
        f"was resumed {attempts - 1} times; it is not resumed again. Start the job again."
    )


async def claim(
    engine: AsyncEngine, stale: StaleRun, *, stale_seconds: float, max_resumes: int
) -> Resume | None:
    """Claim a stale run for a new attempt; None when its heartbeat is fresh again (alive,
    or claimed by another cron) or it has finished. A run that has used up its resumes is
    FAILED here (with job.finished) and comes back with `gave_up`."""
    jr = job_runs
    db = RequestDB(engine, stale.tenant_id)
    try:
        row = (
            await db.execute(
                update(jr)
                .values(attempts=jr.c.attempts + 1, heartbeat_at=func.now())
                .where(
                    jr.c.tenant_id == stale.tenant_id,
                    jr.c.id == stale.run_id,
                    jr.c.status == "RUNNING",
                    func.jsonb_typeof(jr.c.task) == "object",
                    jr.c.heartbeat_at
                    < func.now() - func.make_interval(0, 0, 0, 0, 0, 0, stale_seconds),
                )
                .returning(jr.c.attempts, jr.c.task)
            )
        ).first()
        resume = None
        if row is not None:
            gave_up = row.attempts > max_resumes
            resume = Resume(stale.tenant_id, stale.run_id, row.attempts, row.task, gave_up)
            if gave_up:
                await finish_job(
                    db=db,
                    tenant_id=stale.tenant_id,
                    job_id=stale.run_id,
                    status="FAILED",
                    errors=[gave_up_message(row.attempts, stale_seconds)],
                )
        await db.close(commit=True)
        return resume
    finally:
        await db.close(commit=False)


async def drop_previous(queue: ArqRedis, resume: Resume) -> None:
    """Take the dead attempt's job off arq's queue (arq would run it again once its
    in-progress marker lapses)."""
    previous = resume.job_id(resume.attempt - 1)
    await queue.zrem(resume.task.get("queue") or default_queue_name, previous)
    await queue.delete(job_key_prefix + previous)


async def enqueue_resume(queue: ArqRedis, resume: Resume) -> bool:
    """Take the previous attempt's job off arq's queue and enqueue the run's task again."""
    queue_name = resume.task.get("queue") or default_queue_name
    await drop_previous(queue, resume)
    job = await queue.enqueue_job(
        resume.task["function"],
        *resume.task["args"],
        _job_id=resume.job_id(resume.attempt),
        _queue_name=queue_name,
    )
    return job is not None


async def resume_stale_runs(
    engine: AsyncEngine, queue: ArqRedis, *, stale_seconds: float, max_resumes: int
) -> dict[str, int]:
    """The cron's body: claim and enqueue every stale run; counts of resumed and failed."""
    resumed = failed = 0
    for stale in await stale_runs(engine, stale_seconds=stale_seconds):
        try:
            if await still_queued(queue, stale):
                continue
            resume = await claim(
                engine, stale, stale_seconds=stale_seconds, max_resumes=max_resumes
            )
            if resume is None:
                continue
            if resume.gave_up:
                await drop_previous(queue, resume)
                failed += 1
                continue
            await enqueue_resume(queue, resume)
            resumed += 1
        except Exception:  # one bad run (or Redis away) does not stop the others
            log.warning("job %s: resume failed", stale.run_id, exc_info=True)
    return {"resumed": resumed, "failed": failed}
