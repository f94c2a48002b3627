"""The arq worker: webhook deliveries, the outbox relay, the due-deliveries sweep, the
expiry of carts and stock reservations, the purge of expired idempotency keys, and the
supplier imports and syncs (jobs/suppliers.py: job runs, webhook pushes, the schedule).

`edestory worker` builds a `Worker` from Settings (`build_worker`); `WorkerSettings` is the
same for `arq jobs.worker.WorkerSettings` with the environment's settings.

Besides arq's job loop, each worker runs background loops started in `startup`: the
cart and reservation expiry every `expiry_interval_seconds` (app/expiry.py elects one worker
per round), and
- the outbox relay (app/events/relay.py): wakes on NOTIFY, sweeps every
  `outbox_sweep_seconds`; several workers split tenants between them;
- the due-deliveries sweep: enqueues attempts that are due but not queued (a lost enqueue,
  Redis down, a worker killed mid-attempt whose lease ran out);
- the supplier-orders sweep (same interval): enqueues the placement of each PAID order with
  supplier lines and no refusal (app/suppliers/dropship.py).
Task bodies call the domains' services; nothing here knows SQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from arq import cron, func
from arq.connections import RedisSettings
from arq.worker import Worker

from app.db import idempotency
from app.db.engine import create_engine
from app.events.delivery import DeliveryPolicy, attempt_delivery, due_attempts
from app.events.relay import Relay
from app.events.scheduling import enqueue_attempts
from app.expiry import sweep_if_elected
from app.settings import Settings, load_settings
from jobs.expiry import expire_carts_and_reservations
from jobs.suppliers import (
    enqueue_due_supplier_orders,
    enqueue_due_syncs,
    import_supplier_products_job,
    place_supplier_order,
    sync_supplier_products,
    sync_supplier_products_job,
)

log = logging.getLogger("edestory.worker")
SUPPLIER_TIMEOUT = 3600  # seconds: a 10,000-item import or sync


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
    ctx["engine"] = engine = create_engine(settings.database_url, pool_size=5)
    ctx["http"] = httpx.AsyncClient(follow_redirects=False)
    ctx["policy"] = delivery_policy(settings)
    redis = ctx["redis"]

    async def schedule(refs: list[Any]) -> None:
        await enqueue_attempts(redis, refs)

    async def sweep_due() -> None:
        await enqueue_attempts(redis, await due_attempts(engine))

    relay = Relay(
        engine,
        redis,
        database_url=settings.database_url,
        schedule=schedule,
        sweep_seconds=settings.outbox_sweep_seconds,
    )

    async def expire() -> None:
        # One worker at a time sweeps (a Redis lock elects it, app/expiry.py).
        await sweep_if_elected(engine, redis, ttl_seconds=settings.expiry_interval_seconds)

    async def sweep_supplier_orders() -> None:
        await enqueue_due_supplier_orders(redis, engine)

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
        # job-run tasks record their outcome in the run; arq runs one again only when its
        # worker died mid-run (the run is still RUNNING; a finished run refuses to restart).
        func(import_supplier_products_job, keep_result=0, max_tries=3, timeout=SUPPLIER_TIMEOUT),
        func(sync_supplier_products_job, keep_result=0, max_tries=3, timeout=SUPPLIER_TIMEOUT),
        # The webhook's pushes and the schedule's syncs (job id per push / interval window).
        func(sync_supplier_products, keep_result=0, max_tries=2, timeout=SUPPLIER_TIMEOUT),
        # Dropshipping: a paid order's supplier lines ordered from the supplier; the sweep
        # below enqueues it again if it ended without placing (a killed worker).
        func(place_supplier_order, keep_result=0, max_tries=3, timeout=300),
    ]
    cron_jobs = [
        # Every replica's worker runs it; arq's cron job id keeps one run per slot.
        cron(purge_idempotency_keys, minute={17}, run_at_startup=True, keep_result=0),
        # Every minute: a sync of each connection whose own interval has passed (5 min or
        # more); the arq job id (connection + interval window) queues each once.
        cron(enqueue_due_syncs, second={0}, keep_result=0),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_jobs = 20


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
    )
