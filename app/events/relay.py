"""The outbox relay: publishes committed events to Redis and creates webhook deliveries.

Decisions:
- Order: a tenant's events are published in `seq` order, and only once every transaction
  that could still write an earlier one has ended (`xid` below the oldest running
  transaction). A transaction that commits late therefore never has its event overtaken.
  One relay at a time works on a tenant (a transaction-scoped advisory lock), so several
  workers may run relays without mixing a tenant's order.
- Nothing lost: an event is marked published in the same transaction that creates its
  deliveries, and only after Redis took it. If Redis or the database fails the transaction
  rolls back and the next wake-up or sweep tries again; an event may then reach Redis twice
  (subscribers see the same `id`), never zero times.
- Never twice to a webhook subscription: one delivery row per (subscription, event).
- Wakes on NOTIFY `edestory_events` (sent by a trigger at commit) and sweeps every
  `sweep_seconds` anyway, which also covers notifications lost while it was disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import orjson
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.db.ids import uuid7
from app.db.tenant import scope_connection, set_flag
from app.events.bus import CHANNEL
from app.events.scheduling import AttemptRef

log = logging.getLogger("edestory.events.relay")

NOTIFY_CHANNEL = "edestory_events"
BATCH = 500

Schedule = Callable[[list[AttemptRef]], Awaitable[Any]]

PENDING_TENANTS = text("SELECT DISTINCT tenant_id FROM events WHERE published_at IS NULL")
LOCK_TENANT = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))")
NEXT_BATCH = text(
    """
    SELECT id, seq, store_id, topic, payload, created_at FROM events
    WHERE tenant_id = :tenant AND published_at IS NULL
      AND xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY seq LIMIT :limit
    """
)
SUBSCRIBERS = text(
    "SELECT id, topic FROM webhook_subscriptions WHERE tenant_id = :tenant AND active"
)
CREATE_DELIVERIES = text(
    """
    INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, next_attempt_at)
    SELECT :tenant, d.id, d.subscription_id, d.event_id, now()
    FROM unnest(CAST(:ids AS uuid[]), CAST(:subs AS uuid[]), CAST(:events AS uuid[]))
        AS d (id, subscription_id, event_id)
    ON CONFLICT (tenant_id, subscription_id, event_id) DO NOTHING
    RETURNING id
    """
)
MARK_PUBLISHED = text(
    "UPDATE events SET published_at = now() "
    "WHERE tenant_id = :tenant AND seq = ANY(CAST(:seqs AS bigint[]))"
)


def event_message(tenant_id: uuid.UUID, row: Any) -> bytes:
    """The JSON an event travels as on Redis (and, less the tenant, in webhook bodies)."""
    return orjson.dumps(
        {
            "id": str(row.id),
            "tenantId": str(tenant_id),
            "storeId": str(row.store_id) if row.store_id else None,
            "topic": row.topic,
            "seq": row.seq,
            "createdAt": row.created_at.isoformat(),
            "payload": row.payload,
        }
    )


class Relay:
    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        *,
        database_url: str,
        schedule: Schedule | None = None,
        sweep_seconds: float = 5.0,
    ) -> None:
        self.engine = engine
        self.redis = redis
        self.database_url = database_url
        self.schedule = schedule
        self.sweep_seconds = sweep_seconds
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Drain, then wait for a NOTIFY or the sweep interval; forever (cancel to stop)."""
        listener: asyncpg.Connection | None = None
        try:
            while True:
                if listener is None or listener.is_closed():
                    listener = await self._listen()
                try:
                    await self.drain()
                except Exception:  # Redis or PostgreSQL away: the next round retries
                    log.warning("outbox relay round failed; retrying", exc_info=True)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.sweep_seconds)
                self._wake.clear()
        finally:
            if listener is not None and not listener.is_closed():
                await listener.close()

    async def _listen(self) -> asyncpg.Connection | None:
        try:
            conn = await asyncpg.connect(_plain_url(self.database_url))
            await conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
        except (OSError, asyncpg.PostgresError):
            log.warning("outbox relay cannot LISTEN; sweeping only", exc_info=True)
            return None
        return conn

    async def drain(self) -> int:
        """Publish every publishable event of every tenant; returns how many."""
        async with self.engine.begin() as conn:
            await set_flag(conn, "app.outbox_relay")
            tenants = [r.tenant_id for r in await conn.execute(PENDING_TENANTS)]
        total = 0
        for tenant_id in tenants:
            while True:
                published = await self.drain_tenant(tenant_id)
                total += published
                if published < BATCH:
                    break
        return total

    async def drain_tenant(self, tenant_id: uuid.UUID) -> int:
        """One batch of a tenant's events, in one transaction; 0 if another relay has it."""
        created: list[AttemptRef] = []
        async with self.engine.begin() as conn:
            await scope_connection(conn, tenant_id)
            locked = (await conn.execute(LOCK_TENANT, {"key": f"outbox:{tenant_id}"})).scalar()
            if not locked:
                return 0
            rows = list(await conn.execute(NEXT_BATCH, {"tenant": tenant_id, "limit": BATCH}))
            if not rows:
                return 0
            created = await self._create_deliveries(conn, tenant_id, rows)
            async with self.redis.pipeline(transaction=False) as pipe:
                for row in rows:
                    pipe.publish(CHANNEL, event_message(tenant_id, row))
                await pipe.execute()
            await conn.execute(MARK_PUBLISHED, {"tenant": tenant_id, "seqs": [r.seq for r in rows]})
        if created and self.schedule is not None:
            try:
                await self.schedule(created)
            except Exception:  # the due-deliveries sweep enqueues them later
                log.warning("could not enqueue webhook deliveries", exc_info=True)
        return len(rows)

    async def _create_deliveries(
        self, conn: AsyncConnection, tenant_id: uuid.UUID, rows: Sequence[Any]
    ) -> list[AttemptRef]:
        subscribers = list(await conn.execute(SUBSCRIBERS, {"tenant": tenant_id}))
        pairs = [(s.id, r.id) for r in rows for s in subscribers if s.topic == r.topic]
        if not pairs:
            return []
        ids = [uuid7() for _ in pairs]
        inserted = await conn.execute(
            CREATE_DELIVERIES,
            {
                "tenant": tenant_id,
                "ids": ids,
                "subs": [p[0] for p in pairs],
                "events": [p[1] for p in pairs],
            },
        )
        return [AttemptRef(tenant_id, r.id, 0) for r in inserted]


def _plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)
