"""Job runs: the worker's bookkeeping (run_tracked), the jobs/job queries, job.* events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation import job_runs
from app.automation.errors import JobErrorCode
from app.db.tenant import RequestDB, tenant_transaction
from app.errors import ServiceError
from app.graphql.ids import to_global_id
from tests.helpers import TenantFactory, TenantSetup, gql

JOB = """
query ($id: ID!) { job(id: $id) { id kind status progress { done total } messages result
  errors finishedAt } }"""
JOBS = """
query ($status: JobStatus) {
  jobs(first: 10, filter: {status: $status}) { nodes { kind status } } }"""


async def new_job(engine: AsyncEngine, tenant: TenantSetup, kind: str) -> Any:
    db = RequestDB(engine, tenant.tenant_id)
    row = await job_runs.create_job(db=db, tenant_id=tenant.tenant_id, kind=kind, total=3)
    await db.close(commit=True)
    return row


async def topics(engine: AsyncEngine, tenant: TenantSetup) -> list[tuple[str, str]]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT topic, payload->>'status' FROM events WHERE topic LIKE 'job.%' ORDER BY seq"
            )
        )
        return [(r[0], r[1]) for r in rows]


async def test_a_tracked_run_reports_progress_and_its_result(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Jobs")
    row = await new_job(engine, tenant, "supplier.sync")
    seen: list[Any] = []

    async def work(progress: job_runs.Progress) -> dict[str, int]:
        for done in (1, 2):
            await progress(done, message=f"batch {done}")
            body = await gql(client, JOB, {"id": to_global_id("Job", row.id)}, tenant.staff)
            seen.append(body["data"]["job"])
        return {"imported": 3}

    await job_runs.run_tracked(engine=engine, tenant_id=tenant.tenant_id, job_id=row.id, work=work)
    body = await gql(client, JOB, {"id": to_global_id("Job", row.id)}, tenant.staff)
    job = body["data"]["job"]
    assert [(s["status"], s["progress"]) for s in seen] == [
        ("RUNNING", {"done": 1, "total": 3}),
        ("RUNNING", {"done": 2, "total": 3}),
    ]
    assert job["status"] == "SUCCEEDED"
    assert job["progress"] == {"done": 3, "total": 3}
    assert job["messages"] == ["batch 1", "batch 2"]
    assert job["result"] == {"imported": 3}
    assert job["finishedAt"] is not None
    assert await topics(engine, tenant) == [
        ("job.progress", "RUNNING"),
        ("job.progress", "RUNNING"),
        ("job.progress", "RUNNING"),
        ("job.finished", "SUCCEEDED"),
    ]


async def test_a_failing_run_is_failed_with_its_error_and_stays_finished(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Broken job")
    row = await new_job(engine, tenant, "ai.content")

    async def work(progress: job_runs.Progress) -> None:
        raise RuntimeError("supplier answered 503")

    with pytest.raises(RuntimeError):
        await job_runs.run_tracked(
            engine=engine, tenant_id=tenant.tenant_id, job_id=row.id, work=work
        )
    body = await gql(client, JOB, {"id": to_global_id("Job", row.id)}, tenant.staff)
    assert body["data"]["job"]["status"] == "FAILED"
    assert body["data"]["job"]["errors"] == ["RuntimeError: supplier answered 503"]
    db = RequestDB(engine, tenant.tenant_id)
    with pytest.raises(ServiceError) as refused:
        await job_runs.finish_job(
            db=db, tenant_id=tenant.tenant_id, job_id=row.id, status="SUCCEEDED"
        )
    await db.close(commit=False)
    assert refused.value.code is JobErrorCode.ALREADY_FINISHED
    body = await gql(client, JOBS, {"status": "FAILED"}, tenant.staff)
    assert body["data"]["jobs"]["nodes"] == [{"kind": "ai.content", "status": "FAILED"}]


async def test_jobs_are_the_tenants_own_and_need_automation_read(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    ours, theirs = await tenants.create("Own jobs"), await tenants.create("Other jobs")
    row = await new_job(engine, ours, "supplier.sync")
    body = await gql(client, JOB, {"id": to_global_id("Job", row.id)}, theirs.staff)
    assert body["data"]["job"] is None
    key = await tenants.api_key(ours, ["catalog:read"])
    body = await gql(client, JOBS, {"status": None}, {"Authorization": f"Bearer {key}"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
