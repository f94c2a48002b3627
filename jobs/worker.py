"""The arq worker: webhook deliveries, the outbox relay, the due-deliveries sweep, the
expiry of carts and stock reservations, the purge of expired idempotency keys and of old
published events, the retry of refunds left PENDING by a crash (jobs/refunds.py), the
supplier imports and syncs (jobs/suppliers.py: job runs, webhook pushes, the schedule),
AI content runs (`aiContentGenerate`, on a queue and arq Worker of their own:
AiWorkerSettings), the abandoned-cart reminders (a cron every 5 minutes) and the resume of
job runs whose worker died (a cron every minute, jobs/job_resume.py).

`edestory worker` builds the two `Worker`s from Settings and runs them (`run_workers`);
`WorkerSettings` and `AiWorkerSettings` are the same for arq's own command line
(`arq jobs.worker.WorkerSettings`, `arq jobs.worker.AiWorkerSettings`).

Besides arq's job loop, each worker runs background loops started in `startup`: the
cart and reservation expiry every `expiry_interval_seconds` (app/expiry.py elects one worker
per round), and
- the outbox relay (app/events/relay.py): wakes on NOTIFY, sweeps every
  `outbox_sweep_seconds`; several workers split tenants between them;
- the due-deliveries sweep: enqueues attempts that are due but not queued (a lost enqueue,
  Redis down, a worker killed mid-attempt whose lease ran out);
- the supplier-orders sweep (same interval): enqueues the placement of each PAID order with
  supplier lines and no refusal (app/suppliers/dropship.py), and a tracking poll of each
  placed order in flight not asked for `supplier_tracking_seconds` (app/suppliers/tracking.py).
Task bodies call the domains' services; nothing here knows SQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from arq.constants import default_queue_name
from arq.worker import Worker, async_check_health

from app.ai_content.start import AI_QUEUE
from app.ai_content.start import TASK as AI_CONTENT_TASK
from app.db import idempotency
from app.db.engine import create_engine
from app.events.delivery import DeliveryPolicy, attempt_delivery, due_attempts
from app.events.relay import Relay
from app.events.scheduling import enqueue_attempts
from app.events.ssrf import pinned_client
from app.expiry import sweep_if_elected
from app.payments.gateway import create_gateway
from app.settings import Settings, load_settings
from jobs.ai_content import generate_ai_content
from jobs.email import send_abandoned_cart_reminders
from jobs.events import purge_old_events
from jobs.expiry import expire_carts_and_reservations
from jobs.job_resume import resume_stale_jobs
from jobs.refunds import retry_pending_refunds
from jobs.suppliers import (
    enqueue_due_supplier_orders,
    enqueue_due_syncs,
    enqueue_due_tracking,
    import_supplier_products_job,
    place_supplier_order,
    poll_supplier_tracking,
    sync_supplier_products,
    sync_supplier_products_job,
)

log = logging.getLogger("edestory.worker")
SUPPLIER_TIMEOUT = 3600  # seconds: a 10,000-item import or sync
# Each worker writes its health key this often; the key lives a second longer.
HEALTH_CHECK_SECONDS = 10


def health_check_key(queue_name: str) -> str:
    """arq's health key, per host (a container's hostname): with several worker
    containers, one that is stuck is not hidden by another's beat."""
    return f"{queue_name}:health-check:{socket.gethostname()}"


def check_workers(settings: Settings) -> int:
    """`edestory worker --check` (the container's health check): 0 when both queues' workers
    on this host wrote their health key in the last HEALTH_CHECK_SECONDS + 1 s, else 1."""
    redis = RedisSettings.from_dsn(settings.redis_url)

    async def check() -> int:
        codes = [
            await async_check_health(redis, health_check_key(queue))
            for queue in (default_queue_name, AI_QUEUE)
        ]
        return max(codes)

    return asyncio.run(check())


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    return DeliveryPolicy(
        timeout_seconds=settings.webhook_timeout_seconds,
        backoff_scale=settings.webhook_backoff_scale,
        disable_after=settings.webhook_disable_after,
        allow_private=settings.webhooks_allow_private,
    )


async def deliver_webhook(
    ctx: dict[str, Any], tenant_id: str, delivery_id: str, attempts: int
) -> str:
    """Attempt a delivery; on failure enqueue the next attempt at its backoff time."""
    following = await attempt_delivery(
        engine=ctx["engine"],
        http=ctx["http"],
        policy=ctx["policy"],
        tenant_id=uuid.UUID(tenant_id),
        delivery_id=uuid.UUID(delivery_id),
        attempts=attempts,
    )
    if following is not None:
        await enqueue_attempts(ctx["redis"], [following])
        return f"retry {following.attempts + 1} at {following.not_before}"
    return "done"


async def purge_idempotency_keys(ctx: dict[str, Any]) -> int:
    """Delete expired idempotency keys (every tenant's, one statement); hourly and at start."""
    return await idempotency.purge_expired(ctx["engine"])


async def _every(seconds: float, work: Callable[[], Awaitable[Any]], name: str) -> None:
    while True:
        try:
            await work()
        except Exception:  # PostgreSQL or Redis away: the next round retries
            log.warning("%s failed; retrying", name, exc_info=True)
        await asyncio.sleep(seconds)


async def startup(ctx: dict[str, Any]) -> None:
    if "settings" not in ctx:  # started by arq's own command line
        ctx["settings"] = load_settings()
    settings: Settings = ctx["settings"]
    ctx["engine"] = engine = create_engine(
        settings.database_url, pool_size=5, prepared_statements=settings.db_prepared_statements
    )
    # Every delivery connects only to the address its host was checked to resolve to.
    ctx["http"] = pinned_client(
        allow_private=settings.webhooks_allow_private, follow_redirects=False
    )
    ctx["policy"] = delivery_policy(settings)
    ctx["payments"] = create_gateway(settings)
    redis = ctx["redis"]

    async def schedule(refs: list[Any]) -> None:
        await enqueue_attempts(redis, refs)

    async def sweep_due() -> None:
        await enqueue_attempts(redis, await due_attempts(engine))

    relay = Relay(
        engine,
        redis,
        database_url=settings.direct_url,  # LISTEN: not through a transaction pooler
        schedule=schedule,
        sweep_seconds=settings.outbox_sweep_seconds,
    )

    async def expire() -> None:
        # One worker at a time sweeps (a Redis lock elects it, app/expiry.py).
        await sweep_if_elected(engine, redis, ttl_seconds=settings.expiry_interval_seconds)

    async def sweep_supplier_orders() -> None:
        await enqueue_due_supplier_orders(redis, engine)
        await enqueue_due_tracking(redis, engine, settings.supplier_tracking_seconds)

    ctx["loops"] = [
        asyncio.create_task(
            _every(settings.expiry_interval_seconds, expire, "cart and reservation expiry"),
            name="expiry",
        ),
        asyncio.create_task(relay.run(), name="outbox-relay"),
        asyncio.create_task(
            _every(settings.outbox_sweep_seconds, sweep_due, "due-deliveries sweep"),
            name="due-deliveries",
        ),
        asyncio.create_task(
            _every(settings.outbox_sweep_seconds, sweep_supplier_orders, "supplier orders sweep"),
            name="supplier-orders",
        ),
    ]


async def shutdown(ctx: dict[str, Any]) -> None:
    for task in ctx.get("loops", []):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    if "http" in ctx:
        await ctx["http"].aclose()
    if ctx.get("payments") is not None:
        await ctx["payments"].close()
    if "engine" in ctx:
        await ctx["engine"].dispose()


class WorkerSettings:
    """arq's settings; `edestory worker` adds Redis, Settings and timeouts (build_worker)."""

    functions = [
        # No result kept: a job id stays taken only while queued or running, so the sweep
        # can enqueue the same attempt again if its job ended without making it.
        func(deliver_webhook, name="deliver_webhook", keep_result=0, max_tries=5),
        func(expire_carts_and_reservations, keep_result=0),
        # Supplier imports and syncs (jobs/suppliers.py): long, so their own timeout. The
        # job-run tasks record their outcome in the run; one whose worker died mid-run (the
        # run is still RUNNING, its heartbeat stale) is enqueued again by resume_stale_jobs
        # below; a finished run refuses to restart.
        func(import_supplier_products_job, keep_result=0, max_tries=3, timeout=SUPPLIER_TIMEOUT),
        func(sync_supplier_products_job, keep_result=0, max_tries=3, timeout=SUPPLIER_TIMEOUT),
        # The webhook's pushes and the schedule's syncs (job id per push / interval window).
        func(sync_supplier_products, keep_result=0, max_tries=2, timeout=SUPPLIER_TIMEOUT),
        # Dropshipping: a paid order's supplier lines ordered from the supplier; the sweep
        # below enqueues it again if it ended without placing (a killed worker).
        func(place_supplier_order, keep_result=0, max_tries=3, timeout=300),
        # Tracking of placed orders (the same sweep enqueues it per order and interval).
        func(poll_supplier_tracking, keep_result=0, max_tries=3, timeout=300),
    ]
    cron_jobs = [
        # Every replica's worker runs it; arq's cron job id keeps one run per slot.
        cron(purge_idempotency_keys, minute={17}, run_at_startup=True, keep_result=0),
        # Every 5 minutes (reminder delays are in minutes). Each step is claimed once per
        # cart, so a round cut short by the job timeout leaves the rest to the next round.
        cron(send_abandoned_cart_reminders, minute=set(range(0, 60, 5)), keep_result=0),
        # Every minute: a sync of each connection whose own interval has passed (5 min or
        # more); the arq job id (connection + interval window) queues each once.
        cron(enqueue_due_syncs, second={0}, keep_result=0),
        # Every minute: refunds PENDING for longer than EDESTORY_REFUND_RETRY_AFTER (a crash
        # between the commit and the Stripe call) asked again with their idempotency key.
        cron(retry_pending_refunds, second={30}, keep_result=0),
        # Hourly: published events older than EDESTORY_EVENTS_RETENTION_DAYS with no pending
        # delivery, deleted in batches (app/events/purge.py).
        cron(purge_old_events, minute={41}, keep_result=0),
        # Every minute and at start: job runs (imports, syncs, placements, AI content) whose
        # heartbeat is older than EDESTORY_JOB_STALE_SECONDS (their worker died) enqueued
        # again under a new arq job id, instead of waiting an hour for arq's in-progress
        # marker to lapse (app/automation/job_resume.py).
        cron(resume_stale_jobs, second={15}, run_at_startup=True, keep_result=0),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_jobs = 20


async def ai_startup(ctx: dict[str, Any]) -> None:
    if "settings" not in ctx:
        ctx["settings"] = load_settings()
    settings: Settings = ctx["settings"]
    ctx["engine"] = create_engine(
        settings.database_url, pool_size=3, prepared_statements=settings.db_prepared_statements
    )


async def ai_shutdown(ctx: dict[str, Any]) -> None:
    if "engine" in ctx:
        await ctx["engine"].dispose()


class AiWorkerSettings:
    """The AI content queue (`arq jobs.worker.AiWorkerSettings` runs it alone).

    A run lasts minutes (a Message Batch longer), and arq keeps every job's in-progress
    marker for the longest function timeout of its worker + 10 s: on the main queue that
    would hold a killed worker's webhook deliveries that long, so AI runs have a queue and
    an arq Worker of their own (`edestory worker` runs both). One job per run (job id
    ai-content:<run id>): while it is queued, running or its result is kept (an hour) arq
    refuses the same run again, and a finished run refuses to start (jobs/ai_content.py);
    a worker killed mid-run is resumed by the main worker's cron once its heartbeat is
    stale (app/automation/job_resume.py: a new job id on this queue), skipping the drafts
    written.
    A run that outlasts the timeout fails (asking again starts a new run).
    """

    functions = [func(generate_ai_content, name=AI_CONTENT_TASK)]
    queue_name = AI_QUEUE
    job_timeout = 3600
    on_startup = ai_startup
    on_shutdown = ai_shutdown
    max_jobs = 4


def build_ai_worker(settings: Settings) -> Worker:
    return Worker(
        functions=AiWorkerSettings.functions,
        queue_name=AiWorkerSettings.queue_name,
        on_startup=AiWorkerSettings.on_startup,
        on_shutdown=AiWorkerSettings.on_shutdown,
        max_jobs=AiWorkerSettings.max_jobs,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        ctx={"settings": settings},
        job_timeout=AiWorkerSettings.job_timeout,
        health_check_interval=HEALTH_CHECK_SECONDS,
        health_check_key=health_check_key(AiWorkerSettings.queue_name),
        handle_signals=False,  # the main worker's signal stops both (run_workers)
    )


def run_workers(settings: Settings) -> None:
    """`edestory worker`: the main queue's worker and the AI content queue's, on one loop;
    SIGINT/SIGTERM (handled by the main one) stops both."""
    main, ai = build_worker(settings), build_ai_worker(settings)
    main.on_stop = ai.handle_sig
    ai.main_task = main.loop.create_task(ai.main())
    try:
        main.run()
    finally:
        if not ai.main_task.done():
            ai.handle_sig(signal.SIGTERM)
        with contextlib.suppress(asyncio.CancelledError):
            main.loop.run_until_complete(ai.main_task)
        main.loop.run_until_complete(ai.close())


def build_worker(settings: Settings) -> Worker:
    # A delivery job lasts at most its HTTP timeout plus two short transactions; arq's
    # in-progress marker lasts the longest job timeout + 10 s, so keeping this small lets a
    # job of a killed worker be picked up again soon.
    return Worker(
        functions=WorkerSettings.functions,
        cron_jobs=WorkerSettings.cron_jobs,
        on_startup=WorkerSettings.on_startup,
        on_shutdown=WorkerSettings.on_shutdown,
        max_jobs=WorkerSettings.max_jobs,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        ctx={"settings": settings},
        job_timeout=int(settings.webhook_timeout_seconds) + 20,
        health_check_interval=HEALTH_CHECK_SECONDS,
        health_check_key=health_check_key(default_queue_name),
    )
