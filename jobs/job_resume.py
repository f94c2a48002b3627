"""arq cron: job runs whose worker died enqueued again (app/automation/job_resume.py)."""

from __future__ import annotations

from typing import Any

from app.automation.job_resume import resume_stale_runs
from app.settings import Settings


async def resume_stale_jobs(ctx: dict[str, Any]) -> dict[str, int]:
    """RUNNING runs with a heartbeat older than EDESTORY_JOB_STALE_SECONDS: resumed under a
    new arq job id, or FAILED after EDESTORY_JOB_MAX_RESUMES resumes."""
    settings: Settings = ctx["settings"]
    return await resume_stale_runs(
        ctx["engine"],
        ctx["redis"],
        stale_seconds=settings.job_stale_seconds,
        max_resumes=settings.job_max_resumes,
    )
