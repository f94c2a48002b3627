"""arq task of AI content: a run of app/ai_content/generation.generate() as a tracked job.

`aiContentGenerate` (app/ai_content/start.py) creates the QUEUED run and enqueues this
after its commit. `run_tracked` marks it RUNNING, reports progress (drafted product and
language pairs of all) as drafts are written, and ends it SUCCEEDED with the counts and
cost, or FAILED with the error (budget exceeded, the model's answer unusable, the API
away after the SDK's retries). A run that has already finished is refused before any
call: a repeated enqueue never pays twice.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from app.ai_content.client import create_client
from app.ai_content.generation import generate
from app.ai_content.planning import GenerationRequest
from app.ai_content.prompts import ContentField
from app.automation.job_runs import Progress, run_tracked


async def generate_ai_content(
    ctx: dict[str, Any],
    tenant_id: str,
    run_id: str,
    product_ids: list[str],
    languages: list[str],
    fields: list[str],
) -> str:
    engine, settings = ctx["engine"], ctx["settings"]
    request = GenerationRequest(
        tenant_id=uuid.UUID(tenant_id),
        run_id=uuid.UUID(run_id),
        product_ids=[uuid.UUID(p) for p in product_ids],
        languages=languages,
        fields=frozenset(ContentField(f) for f in fields),
    )

    async def work(progress: Progress) -> dict[str, Any]:
        async def report(done: int, total: int) -> None:
            await progress(done, total)

        async with create_client(settings) as client:
            result = await generate(
                engine=engine, client=client, settings=settings, request=request, progress=report
            )
        return dataclasses.asdict(result)

    row = await run_tracked(
        engine=engine,
        tenant_id=request.tenant_id,
        job_id=request.run_id,
        work=work,
        heartbeat_seconds=settings.job_heartbeat_seconds,
    )
    return str(row.status)
