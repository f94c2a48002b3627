"""`jobs` and `job`: the tenant's job runs (scope automation:read)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import strawberry
from sqlalchemy import select

from app.automation.job_types import Job, JobFilter
from app.automation.models import job_runs
from app.graphql.context import Info, require_admin
from app.graphql.ids import require_global_id
from app.graphql.node import NodeResolver
from app.graphql.pagination import Connection, PageArgs, SortKey, build_connection, page_statement

JOB_ORDER = SortKey(columns=[job_runs.c.created_at, job_runs.c.id])
SCOPE = "automation:read"


@strawberry.type
class JobQuery:
    @strawberry.field(description="The tenant's job runs, oldest first.")
    async def jobs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: JobFilter | None = None,
    ) -> Connection[Job]:
        principal = require_admin(info, SCOPE)
        args = PageArgs(first, after, last, before)
        statement = select(job_runs).where(job_runs.c.tenant_id == principal.tenant_id)
        if filter is not None and filter.status is not None:
            statement = statement.where(job_runs.c.status == filter.status.value)
        if filter is not None and filter.kind is not None:
            statement = statement.where(job_runs.c.kind == filter.kind)
        rows = (await info.context.db.execute(page_statement(statement, JOB_ORDER, args))).all()
        return build_connection(rows, args, Job.from_row, lambda r: (r.created_at, r.id))

    @strawberry.field(description="One job run, or null.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        principal = require_admin(info, SCOPE)
        job_id = require_global_id(id, "Job")
        row = (
            await info.context.db.execute(
                select(job_runs).where(
                    job_runs.c.tenant_id == principal.tenant_id, job_runs.c.id == job_id
                )
            )
        ).first()
        return Job.from_row(row) if row is not None else None


async def _jobs_by_node(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    """`node(id)` for job runs: as `job(id)` (staff and API keys with automation:read)."""
    principal = info.context.principal
    if not (principal.is_admin and principal.has_scope(SCOPE)):
        return {}
    rows = (
        await info.context.db.execute(
            select(job_runs).where(
                job_runs.c.tenant_id == principal.tenant_id, job_runs.c.id.in_(ids)
            )
        )
    ).all()
    return {r.id: Job.from_row(r) for r in rows}


NODE_RESOLVERS: dict[str, NodeResolver] = {"Job": _jobs_by_node}
