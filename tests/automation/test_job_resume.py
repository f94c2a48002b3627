"""Resuming job runs whose worker died (app/automation/job_resume.py): the heartbeat, the
claim of a stale run (once, never of a live one), the bounded attempts, the superseded
attempt, and the re-enqueue under a new arq job id with the dead attempt's job dropped."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from arq.connections import ArqRedis
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation import job_resume, job_runs
from app.db.tenant import RequestDB, tenant_transaction
from app.settings import Settings
from tests.helpers import TenantFactory, TenantSetup

QUEUE = "arq:queue:test-job-resume"  # no worker reads it


async def running_job(engine: AsyncEngine, tenant: TenantSetup) -> Any:
    """A RUNNING run with a recorded task, as run_tracked leaves it."""
    run_id = uuid.uuid4()
    task = job_runs.JobTask("some_task", ["a", 1], f"test-job:{run_id}", QUEUE)
    db = RequestDB(engine, tenant.tenant_id)
    await job_runs.create_job(
        db=db, tenant_id=tenant.tenant_id, kind="supplier.import", run_id=run_id, task=task
    )
    row = await job_runs.report_progress(db=db, tenant_id=tenant.tenant_id, job_id=run_id, done=0)
    await db.close(commit=True)
    return row


async def age(engine: AsyncEngine, tenant: TenantSetup, run_id: uuid.UUID, seconds: int) -> None:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text(
                "UPDATE job_runs SET heartbeat_at = now() - make_interval(secs => :s)"
                " WHERE tenant_id = :t AND id = :r"
            ),
            {"s": seconds, "t": tenant.tenant_id, "r": run_id},
        )


async def run(engine: AsyncEngine, tenant: TenantSetup, run_id: uuid.UUID) -> Any:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return (
            await conn.execute(
                text(
                    "SELECT status, attempts, errors, heartbeat_at FROM job_runs"
                    " WHERE tenant_id = :t AND id = :r"
                ),
                {"t": tenant.tenant_id, "r": run_id},
            )
        ).one()


async def test_a_live_run_is_not_claimed_and_a_stale_one_is_claimed_once(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Resume claim")
    row = await running_job(engine, tenant)
    stale = job_resume.StaleRun(tenant.tenant_id, row.id)
    assert row.heartbeat_at is not None
    found = await job_resume.stale_runs(engine, stale_seconds=120)
    assert stale not in found
    # Slow but alive: its heartbeat is fresh, so nothing claims it.
    assert await job_resume.claim(engine, stale, stale_seconds=120, max_resumes=3) is None

    await age(engine, tenant, row.id, 600)
    assert stale in await job_resume.stale_runs(engine, stale_seconds=120)
    claims = await asyncio.gather(
        *(job_resume.claim(engine, stale, stale_seconds=120, max_resumes=3) for _ in range(4))
    )
    won = [c for c in claims if c is not None]
    assert len(won) == 1 and won[0].attempt == 1 and not won[0].gave_up
    assert won[0].task["function"] == "some_task" and won[0].task["args"] == ["a", 1]
    assert won[0].job_id(1) == f"test-job:{row.id}:1"
    after = await run(engine, tenant, row.id)
    assert (after.status, after.attempts) == ("RUNNING", 1)
    # The claim wrote a fresh heartbeat: not stale again until the new attempt is lost too.
    assert stale not in await job_resume.stale_runs(engine, stale_seconds=120)


async def test_a_run_stale_after_its_last_resume_fails_with_a_clear_message(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Resume give up")
    row = await running_job(engine, tenant)
    stale = job_resume.StaleRun(tenant.tenant_id, row.id)
    for attempt in (1, 2):
        await age(engine, tenant, row.id, 600)
        claimed = await job_resume.claim(engine, stale, stale_seconds=120, max_resumes=2)
        assert claimed is not None and (claimed.attempt, claimed.gave_up) == (attempt, False)
    await age(engine, tenant, row.id, 600)
    claimed = await job_resume.claim(engine, stale, stale_seconds=120, max_resumes=2)
    assert claimed is not None and claimed.gave_up
    after = await run(engine, tenant, row.id)
    assert after.status == "FAILED"
    assert after.errors == [
        "The worker running this job stopped (no heartbeat for 120 s) after it was resumed "
        "2 times; it is not resumed again. Start the job again."
    ]
    assert stale not in await job_resume.stale_runs(engine, stale_seconds=120)


async def test_a_resume_drops_the_dead_attempt_and_enqueues_a_new_job_id(
    tenants: TenantFactory, engine: AsyncEngine, settings: Settings
) -> None:
    tenant = await tenants.create("Resume enqueue")
    row = await running_job(engine, tenant)
    redis = Redis.from_url(settings.redis_url)
    queue = ArqRedis(connection_pool=redis.connection_pool)
    first = f"test-job:{row.id}"
    try:
        await queue.enqueue_job("some_task", "a", 1, _job_id=first, _queue_name=QUEUE)
        assert await queue.zscore(QUEUE, first) is not None
        await age(engine, tenant, row.id, 600)
        stale = job_resume.StaleRun(tenant.tenant_id, row.id)
        claimed = await job_resume.claim(engine, stale, stale_seconds=120, max_resumes=3)
        assert claimed is not None
        assert await job_resume.enqueue_resume(queue, claimed)
        assert await queue.zscore(QUEUE, first) is None
        assert await queue.exists(f"arq:job:{first}") == 0
        assert await queue.zscore(QUEUE, f"{first}:1") is not None
        # The same attempt enqueued twice is queued once.
        assert not await job_resume.enqueue_resume(queue, claimed)
        # Waiting on the queue untaken (busy workers) while the heartbeat goes stale: left to
        # run, not claimed again; once a worker took it and died, it is stale for real.
        await age(engine, tenant, row.id, 600)
        (found,) = [s for s in await job_resume.stale_runs(engine, stale_seconds=120) if s == stale]
        assert found.attempts == 1
        assert await job_resume.still_queued(queue, found)
        await queue.set(f"arq:in-progress:{first}:1", b"1")
        assert not await job_resume.still_queued(queue, found)
    finally:
        await queue.delete(QUEUE, f"arq:job:{first}:1", f"arq:in-progress:{first}:1")
        await redis.aclose()


async def test_a_tracked_run_beats_and_a_superseded_attempt_stops(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Resume heartbeat")
    db = RequestDB(engine, tenant.tenant_id)
    row = await job_runs.create_job(db=db, tenant_id=tenant.tenant_id, kind="supplier.sync")
    await db.close(commit=True)
    beats: list[Any] = []
    cancelled = asyncio.Event()

    async def work(progress: job_runs.Progress) -> None:
        try:
            for _ in range(3):
                await asyncio.sleep(0.25)
                beats.append((await run(engine, tenant, row.id)).heartbeat_at)
            # Another attempt takes the run over (as a resume's claim does).
            async with tenant_transaction(engine, tenant.tenant_id) as conn:
                await conn.execute(
                    text("UPDATE job_runs SET attempts = 1 WHERE tenant_id = :t AND id = :r"),
                    {"t": tenant.tenant_id, "r": row.id},
                )
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(job_runs.JobSupersededError):
        await job_runs.run_tracked(
            engine=engine,
            tenant_id=tenant.tenant_id,
            job_id=row.id,
            work=work,
            heartbeat_seconds=0.1,
        )
    assert cancelled.is_set()
    assert beats == sorted(beats) and len(set(beats)) == 3  # the heartbeat moved on
    after = await run(engine, tenant, row.id)
    assert (after.status, after.attempts) == ("RUNNING", 1)  # left to the new attempt


async def test_a_resumed_run_starts_from_the_progress_it_had(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Resume progress")
    db = RequestDB(engine, tenant.tenant_id)
    row = await job_runs.create_job(db=db, tenant_id=tenant.tenant_id, kind="x", total=3)
    await job_runs.report_progress(db=db, tenant_id=tenant.tenant_id, job_id=row.id, done=2)
    await db.close(commit=True)
    seen: list[int] = []

    async def work(progress: job_runs.Progress) -> None:
        async with tenant_transaction(engine, tenant.tenant_id) as conn:
            seen.append(
                (
                    await conn.execute(
                        text("SELECT progress_done FROM job_runs WHERE tenant_id = :t AND id = :r"),
                        {"t": tenant.tenant_id, "r": row.id},
                    )
                ).scalar_one()
            )

    await job_runs.run_tracked(engine=engine, tenant_id=tenant.tenant_id, job_id=row.id, work=work)
    assert seen == [2]


async def test_a_run_without_a_recorded_task_is_left_alone(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Resume no task")
    db = RequestDB(engine, tenant.tenant_id)
    row = await job_runs.create_job(db=db, tenant_id=tenant.tenant_id, kind="x")
    await job_runs.report_progress(db=db, tenant_id=tenant.tenant_id, job_id=row.id, done=0)
    await db.close(commit=True)
    await age(engine, tenant, row.id, 600)
    stale = job_resume.StaleRun(tenant.tenant_id, row.id)
    assert stale not in await job_resume.stale_runs(engine, stale_seconds=120)
    assert await job_resume.claim(engine, stale, stale_seconds=120, max_resumes=3) is None
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        task = (
            await conn.execute(
                text("SELECT task IS NULL FROM job_runs WHERE tenant_id = :t AND id = :r"),
                {"t": tenant.tenant_id, "r": row.id},
            )
        ).scalar_one()
    assert task is True  # SQL NULL, not JSON null
