"""Writing drafts: the body of an AI content run (the worker's job once job runs exist).

Decisions recorded here:
- No transaction is open while the model is called: facts are read and committed first,
  each answer's drafts are written in their own short transaction after it arrives.
- Idempotent per product, language and field within a run: drafts carry the run's id
  under a unique key, a restarted run reads which (product, language) pairs it already
  wrote and calls the model only for the others, and inserts use ON CONFLICT DO NOTHING.
- Above `ai_batch_threshold` products the run uses the Message Batches API (half the
  price, answers within 24 h); below it, one `messages.parse` call per product and
  language. Rate limits (429) and overloads (529) are retried by the SDK with backoff
  (`max_retries`, honouring `retry-after`).
- The monthly token budget counts every token of the tenant's drafts this month (input,
  output, cache writes and reads). Before each call the run adds an estimate of the call
  (prompt characters / 3 + max_tokens); if that would pass the budget the run stops with
  BudgetExceededError, keeping the drafts already written. A batch is checked as a whole.
- TAGS are product-wide (no translations): they are drafted in the store's default
  language only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from anthropic import AsyncAnthropic, transform_schema
from pydantic import BaseModel, ValidationError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.ai_content.models import ai_content_drafts
from app.ai_content.planning import MAX_TOKENS, GenerationRequest, Task, plan_run
from app.ai_content.prompts import answer_model, values_of
from app.ai_content.review import approve_drafts
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.settings import Settings

Progress = Callable[[int, int], Awaitable[None]]


class BudgetExceededError(Exception):
    """The run would pass the tenant's monthly token budget."""


class ModelFailedError(Exception):
    """The model's answer could not be used (refused, cut off, or not the asked shape)."""


@dataclass(slots=True)
class GenerationResult:
    drafts: int = 0
    calls: int = 0
    skipped: int = 0  # (product, language) pairs a previous attempt of the run had written
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micros: int = 0


@dataclass(frozen=True, slots=True)
class _Usage:
    input_tokens: int
    output_tokens: int
    cache_creation: int
    cache_read: int

    @classmethod
    def of(cls, usage: Any) -> _Usage:
        return cls(
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_creation_input_tokens or 0,
            usage.cache_read_input_tokens or 0,
        )

    def total(self) -> int:
        return self.input_tokens + self.output_tokens + self.cache_creation + self.cache_read

    def cost_micros(self, settings: Settings, *, batch: bool) -> int:
        """USD millionths: prices are USD per million tokens, so tokens x price. Cache
        writes cost 1.25x input, cache reads 0.1x; batches half of everything."""
        price_in, price_out = settings.ai_input_usd_per_mtok, settings.ai_output_usd_per_mtok
        cost = (
            self.input_tokens * price_in
            + self.output_tokens * price_out
            + self.cache_creation * price_in * 1.25
            + self.cache_read * price_in * 0.1
        )
        return round(cost * (0.5 if batch else 1.0))


async def _write(
    engine: AsyncEngine,
    settings: Settings,
    request: GenerationRequest,
    task: Task,
    answer: BaseModel,
    usage: _Usage,
    *,
    batch: bool,
) -> int:
    """Store one answer's drafts (and approve them when the store auto-approves)."""
    values = values_of(answer, task.fields)
    share = len(values)
    rows = [
        {
            "tenant_id": request.tenant_id,
            "id": uuid7(),
            "run_id": request.run_id,
            "product_id": task.product_id,
            "language": task.language,
            "field": f.value,
            "value": value,
            "model": settings.ai_model,
            # The call's tokens split across its drafts; the first takes the remainder so
            # the sums over drafts equal what the API billed.
            "input_tokens": usage.input_tokens // share
            + (usage.input_tokens % share if i == 0 else 0),
            "output_tokens": usage.output_tokens // share
            + (usage.output_tokens % share if i == 0 else 0),
            "cache_creation_tokens": usage.cache_creation // share
            + (usage.cache_creation % share if i == 0 else 0),
            "cache_read_tokens": usage.cache_read // share
            + (usage.cache_read % share if i == 0 else 0),
            "cost_micros": usage.cost_micros(settings, batch=batch) // share
            + (usage.cost_micros(settings, batch=batch) % share if i == 0 else 0),
        }
        for i, (f, value) in enumerate(sorted(values.items(), key=lambda kv: kv[0].value))
    ]
    db = RequestDB(engine, request.tenant_id)
    try:
        written = (
            (
                await db.execute(
                    insert(ai_content_drafts)
                    .values(rows)
                    .on_conflict_do_nothing(
                        index_elements=["tenant_id", "run_id", "product_id", "language", "field"]
                    )
                    .returning(ai_content_drafts.c.id)
                )
            )
            .scalars()
            .all()
        )
        if task.auto_approve and written:
            await approve_drafts(db=db, tenant_id=request.tenant_id, draft_ids=list(written))
        await db.close(commit=True)
    except BaseException:
        await db.close(commit=False)
        raise
    return len(written)


def _parse_text(message: Any, model: type[BaseModel]) -> BaseModel:
    if message.stop_reason not in ("end_turn", "stop_sequence"):
        raise ModelFailedError(f"The model stopped early ({message.stop_reason})")
    text = "".join(b.text for b in message.content if b.type == "text")
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise ModelFailedError("The model's answer did not have the requested shape") from exc


def _check_budget(settings: Settings, used: int, estimate: int) -> None:
    budget = settings.ai_monthly_token_budget
    if used + estimate > budget:
        raise BudgetExceededError(
            f"The monthly AI token budget ({budget} tokens) would be exceeded: {used} used "
            f"this month, about {estimate} more needed. Raise EDESTORY_AI_MONTHLY_TOKEN_BUDGET "
            "or wait for next month; drafts written so far are kept."
        )


async def generate(
    *,
    engine: AsyncEngine,
    client: AsyncAnthropic,
    settings: Settings,
    request: GenerationRequest,
    progress: Progress | None = None,
) -> GenerationResult:
    """Write the run's drafts; raises BudgetExceededError or ModelFailedError to stop."""
    plan = await plan_run(engine, request)
    result = GenerationResult(skipped=plan.skipped)
    used = plan.used_tokens
    if len(request.product_ids) > settings.ai_batch_threshold and plan.tasks:
        _check_budget(settings, used, sum(t.estimate() for t in plan.tasks))
        await _run_batch(engine, client, settings, request, plan.tasks, result, progress)
        return result
    for done, task in enumerate(plan.tasks, start=1):
        _check_budget(settings, used, task.estimate())
        model = answer_model(task.fields)
        message = await client.messages.parse(
            model=settings.ai_model,
            max_tokens=MAX_TOKENS,
            system=task.system,  # type: ignore[arg-type]
            messages=[{"role": "user", "content": task.user}],
            output_format=model,
        )
        usage = _Usage.of(message.usage)
        used += usage.total()
        result.calls += 1
        answer = message.parsed_output
        if answer is None:
            answer = _parse_text(message, model)
        result.drafts += await _write(engine, settings, request, task, answer, usage, batch=False)
        _count(result, usage, settings, batch=False)
        if progress is not None:
            await progress(done, len(plan.tasks))
    return result


def _count(result: GenerationResult, usage: _Usage, settings: Settings, *, batch: bool) -> None:
    result.input_tokens += usage.input_tokens + usage.cache_creation + usage.cache_read
    result.output_tokens += usage.output_tokens
    result.cost_micros += usage.cost_micros(settings, batch=batch)


async def _run_batch(
    engine: AsyncEngine,
    client: AsyncAnthropic,
    settings: Settings,
    request: GenerationRequest,
    tasks: list[Task],
    result: GenerationResult,
    progress: Progress | None,
) -> None:
    """One Message Batch for every task; custom ids are task indexes (ids are <= 64 chars)."""
    requests: list[Any] = [
        {
            "custom_id": f"task-{i}",
            "params": {
                "model": settings.ai_model,
                "max_tokens": MAX_TOKENS,
                "system": task.system,
                "messages": [{"role": "user", "content": task.user}],
                "output_config": {
                    "format": {
                        "type": "json_schema",
                        "schema": transform_schema(answer_model(task.fields).model_json_schema()),
                    }
                },
            },
        }
        for i, task in enumerate(tasks)
    ]
    batch = await client.messages.batches.create(requests=requests)
    while batch.processing_status != "ended":
        await asyncio.sleep(settings.ai_batch_poll_seconds)
        batch = await client.messages.batches.retrieve(batch.id)
    result.calls += 1
    failed = 0
    done = 0
    async for item in await client.messages.batches.results(batch.id):
        task = tasks[int(item.custom_id.removeprefix("task-"))]
        if item.result.type != "succeeded":
            failed += 1
            continue
        message = item.result.message
        usage = _Usage.of(message.usage)
        answer = _parse_text(message, answer_model(task.fields))
        result.drafts += await _write(engine, settings, request, task, answer, usage, batch=True)
        _count(result, usage, settings, batch=True)
        done += 1
        if progress is not None:
            await progress(done, len(tasks))
    if failed:
        raise ModelFailedError(f"{failed} of {len(tasks)} batch requests failed; run it again")
