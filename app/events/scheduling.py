"""Enqueueing webhook delivery attempts on arq, with job ids derived from the work.

A job id is `webhook:<delivery id>:<attempts made so far>`: enqueueing the same attempt twice
(the relay and the due-deliveries sweep racing, a sweep repeating) is refused by arq while the
job is queued, running or its result is kept, and the attempt itself is claimed in the
database (delivery.py), so one attempt is sent at most once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

DELIVER_TASK = "deliver_webhook"  # the task's name in jobs/worker.py


@dataclass(frozen=True, slots=True)
class AttemptRef:
    tenant_id: uuid.UUID
    delivery_id: uuid.UUID
    attempts: int  # attempts already made; this job makes the next one
    not_before: dt.datetime | None = None


def job_id(ref: AttemptRef) -> str:
    return f"webhook:{ref.delivery_id}:{ref.attempts}"


async def enqueue_attempts(arq: Any, refs: list[AttemptRef]) -> int:
    """Enqueue each attempt on the arq pool `arq`; returns how many were new to arq."""
    new = 0
    for ref in refs:
        job = await arq.enqueue_job(
            DELIVER_TASK,
            str(ref.tenant_id),
            str(ref.delivery_id),
            ref.attempts,
            _job_id=job_id(ref),
            _defer_until=ref.not_before,
        )
        new += job is not None
    return new
