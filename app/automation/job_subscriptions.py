"""`jobProgress(jobId)`: a job run's changes as they happen, until it finishes."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from app.automation.job_types import Job
from app.events.subscriptions import require_subscriber, stream
from app.graphql.context import Info
from app.graphql.errors import Forbidden
from app.graphql.ids import require_global_id, to_global_id

TOPICS = ("job.progress", "job.finished")


@strawberry.type
class JobSubscription:
    @strawberry.subscription(
        description="The job run each time its progress changes; completes when it finishes."
    )
    async def job_progress(self, info: Info, job_id: strawberry.ID) -> AsyncGenerator[Job, None]:
        principal = require_subscriber(info)
        if not principal.has_scope("automation:read"):
            raise Forbidden("Missing scope automation:read", requiredScope="automation:read")
        wanted = to_global_id("Job", require_global_id(job_id, "Job", "jobId"))
        assert principal.tenant_id is not None

        def accepts(e: dict[str, Any]) -> bool:
            return e["topic"] in TOPICS and e["payload"]["id"] == wanted

        async for message in stream(info, principal.tenant_id, accepts):
            yield Job.from_payload(message["payload"])
            if message["topic"] == "job.finished":
                return
