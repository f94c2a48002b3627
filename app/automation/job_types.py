"""GraphQL types of job runs, built from rows or from job.* event payloads."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from app.automation.job_runs import job_payload
from app.graphql.node import Node


@strawberry.enum
class JobStatus(str, Enum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@strawberry.type
class JobProgress:
    done: int
    total: int | None


@strawberry.type(description="A long task run by the worker (an import, a sync, AI content).")
class Job(Node):
    id: strawberry.ID
    kind: str
    status: JobStatus
    progress: JobProgress
    messages: list[str] = strawberry.field(description="The latest, oldest first.")
    result: JSON | None
    errors: list[str]
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Job:
        finished = payload.get("finishedAt")
        return cls(
            id=strawberry.ID(payload["id"]),
            kind=payload["kind"],
            status=JobStatus(payload["status"]),
            progress=JobProgress(**payload["progress"]),
            messages=list(payload["messages"]),
            result=payload["result"],
            errors=list(payload["errors"]),
            created_at=dt.datetime.fromisoformat(payload["createdAt"]),
            finished_at=dt.datetime.fromisoformat(finished) if finished else None,
        )

    @classmethod
    def from_row(cls, row: Any) -> Job:
        return cls.from_payload(job_payload(row))


@strawberry.input
class JobFilter:
    status: JobStatus | None = None
    kind: str | None = None
