"""Starting an AI content run: checks, a QUEUED job run, and its arq task.

Decisions recorded here:
- The run's id is the job run's id (drafts carry it as `run_id`), and the arq job id is
  derived from it (`ai-content:<run id>`): enqueueing the same run twice while it is queued,
  running or its result is kept is refused by arq, and a run that has finished refuses to
  start again (run_tracked's first progress report fails with ALREADY_FINISHED), so a
  repeat never calls the model. A restarted unfinished run skips the drafts it wrote. The
  task is recorded on the run, so a run whose worker died is enqueued again by the worker's
  resume cron (app/automation/job_resume.py) once its heartbeat is stale.
- The task is enqueued after the request commits (`db.after_commit`): the worker never
  sees a run that is not in the database yet. A lost enqueue (Redis away at that moment)
  leaves a QUEUED run; asking again starts a new one.
- Checks answered as userErrors before anything is written: the API key, empty lists,
  unknown products, languages that none of the products' stores sells in, and a monthly
  budget already used up (a run that would pass it midway stops in the worker).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from sqlalchemy import select

from app.ai_content.client import require_key
from app.ai_content.errors import AiContentErrorCode as Code
from app.ai_content.prompts import ContentField
from app.ai_content.usage import month_usage
from app.automation.job_runs import JobTask, create_job
from app.catalog.models import products
from app.db.ids import uuid7
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.settings import Settings
from app.tenancy.models import stores

KIND = "ai_content.generate"
TASK = "generate_ai_content"  # the task's name in jobs/worker.py
AI_QUEUE = "arq:queue:ai-content"  # its own queue and Worker (jobs/worker.py: AiWorkerSettings)
MAX_PRODUCTS = 1000


def arq_job_id(run_id: uuid.UUID) -> str:
    return f"ai-content:{run_id}"


def task_args(
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
    languages: Sequence[str],
    fields: Sequence[ContentField],
) -> tuple[Any, ...]:
    """The task's arguments as arq stores them (plain strings)."""
    return (
        str(tenant_id),
        str(run_id),
        [str(p) for p in product_ids],
        list(languages),
        [f.value for f in fields],
    )


async def enqueue_run(redis: Redis, args: tuple[Any, ...]) -> bool:
    """Enqueue the run's task; False when arq already holds a job of that run."""
    queue = ArqRedis(connection_pool=redis.connection_pool)
    job = await queue.enqueue_job(
        TASK, *args, _job_id=arq_job_id(uuid.UUID(args[1])), _queue_name=AI_QUEUE
    )
    return job is not None


def _check_lists(
    product_ids: Sequence[uuid.UUID], languages: Sequence[str], fields: Sequence[ContentField]
) -> None:
    for name, values in (("productIds", product_ids), ("languages", languages), ("fields", fields)):
        if not values:
            raise ServiceError(Code.INVALID, f"{name} can't be empty", ["input", name])
    if len(product_ids) > MAX_PRODUCTS:
        raise ServiceError(
            Code.INVALID, f"At most {MAX_PRODUCTS} products per run", ["input", "productIds"]
        )


async def _store_of_products(
    db: RequestDB, tenant_id: uuid.UUID, product_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, ...]]:
    """Each product's store languages; an unknown product is a userError at its index."""
    p, s = products, stores
    rows = (
        await db.execute(
            select(p.c.id, p.c.store_id, s.c.languages)
            .select_from(p.join(s, (s.c.tenant_id == p.c.tenant_id) & (s.c.id == p.c.store_id)))
            .where(p.c.tenant_id == tenant_id, p.c.id == any_of(list(product_ids)))
        )
    ).all()
    found = {r.id: (r.store_id, tuple(r.languages)) for r in rows}
    for i, product_id in enumerate(product_ids):
        if product_id not in found:
            raise ServiceError(Code.NOT_FOUND, "Product not found", ["input", "productIds", str(i)])
    return dict(found.values())


async def start_generation(
    *,
    db: RequestDB,
    redis: Redis,
    settings: Settings,
    tenant_id: uuid.UUID,
    product_ids: Sequence[uuid.UUID],
    languages: Sequence[str],
    fields: Sequence[ContentField],
) -> Any:
    """A QUEUED `ai_content.generate` job run; its task is enqueued once the request commits."""
    require_key(settings)
    product_ids = list(dict.fromkeys(product_ids))
    languages = list(dict.fromkeys(languages))
    fields = list(dict.fromkeys(fields))
    _check_lists(product_ids, languages, fields)
    store_languages = await _store_of_products(db, tenant_id, product_ids)
    sold = {language for languages_ in store_languages.values() for language in languages_}
    for i, language in enumerate(languages):
        if language not in sold:
            raise ServiceError(
                Code.INVALID,
                f"{language} is not a language of the products' store",
                ["input", "languages", str(i)],
            )
    budget = settings.ai_monthly_token_budget
    used = (await month_usage(db, tenant_id)).tokens
    if used >= budget:
        raise ServiceError(
            Code.BUDGET_EXCEEDED,
            f"The monthly AI token budget ({budget} tokens) is used up ({used} used this "
            "month). Raise EDESTORY_AI_MONTHLY_TOKEN_BUDGET or wait for next month.",
            ["input"],
        )
    store_id = next(iter(store_languages)) if len(store_languages) == 1 else None
    run_id = uuid7()
    args = task_args(tenant_id, run_id, product_ids, languages, fields)
    # Recorded so the worker's resume cron enqueues it again (on this queue) if its worker
    # dies mid-run; the drafts written are skipped on resume.
    task = JobTask(TASK, args, arq_job_id(run_id), AI_QUEUE)
    row = await create_job(
        db=db, tenant_id=tenant_id, kind=KIND, store_id=store_id, run_id=run_id, task=task
    )

    async def enqueue() -> None:
        await enqueue_run(redis, args)

    db.after_commit(enqueue)
    return row
