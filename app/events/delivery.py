"""One webhook delivery attempt, as the worker runs it, and the sweep of due deliveries.

An attempt is claimed in the database first (`attempts = n` -> `n + 1`, and `next_attempt_at`
moved past the attempt's timeout as a lease), then sent with no transaction open, then its
outcome recorded in a second transaction. So:
- two jobs for the same attempt cannot both send (only one claim matches `attempts = n`);
- a worker killed mid-attempt loses nothing: the lease runs out, the sweep finds the
  delivery due and enqueues attempt n + 1. The receiver may then see the event twice,
  with the same `webhook-id` (Standard Webhooks receivers deduplicate on it).

Retries follow RETRY_DELAYS (about 24 hours in all) with +-20% jitter, so receivers that
fail together are not retried together. After `webhook_disable_after` failed attempts in a
row (over all its deliveries) a subscription is switched off, and a `webhook.disabled`
event says so.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import global_id
from app.db.tenant import RequestDB, set_flag
from app.events import signing
from app.events.outbox import emit
from app.events.scheduling import AttemptRef
from app.events.ssrf import UnsafeDestinationError

# Seconds before retry 1, 2, ...: 12 attempts over ~23.9 hours.
RETRY_DELAYS = (5, 30, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
LEASE_MARGIN_SECONDS = 5.0
MAX_ERROR = 500

CLAIM = text(
    """
    UPDATE webhook_deliveries d
    SET attempts = d.attempts + 1, updated_at = now(),
        next_attempt_at = now() + make_interval(secs => :lease)
    FROM webhook_subscriptions s, events e
    WHERE d.tenant_id = :tenant AND d.id = :id AND d.status = 'PENDING'
      AND d.attempts = :attempts
      AND s.tenant_id = d.tenant_id AND s.id = d.subscription_id
      AND e.tenant_id = d.tenant_id AND e.id = d.event_id
    RETURNING d.attempts, d.subscription_id, s.url, s.secret, s.active,
              CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret
              END AS previous_secret,
              e.id AS event_id, e.topic, e.store_id, e.payload, e.created_at
    """
)
RECORD = text(
    """
    UPDATE webhook_deliveries
    SET status = :status, next_attempt_at = :next_at, last_response_code = :code,
        last_latency_ms = :latency, last_error = :error, updated_at = now(),
        delivered_at = CASE WHEN :status = 'SUCCEEDED' THEN now() END
    WHERE tenant_id = :tenant AND id = :id AND attempts = :attempts AND status = 'PENDING'
    RETURNING id
    """
)
SUCCEEDED = text(
    "UPDATE webhook_subscriptions SET consecutive_failures = 0 "
    "WHERE tenant_id = :tenant AND id = :sub"
)
FAILED = text(
    """
    UPDATE webhook_subscriptions
    SET consecutive_failures = consecutive_failures + 1,
        active = active AND consecutive_failures + 1 < :limit,
        disabled_at = CASE WHEN active AND consecutive_failures + 1 >= :limit
                           THEN now() ELSE disabled_at END
    WHERE tenant_id = :tenant AND id = :sub
    RETURNING active, disabled_at = now() AS just_disabled, url, topic
    """
)
GIVE_UP = text(
    "UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL "
    "WHERE tenant_id = :tenant AND id = :id"
)
DUE = text(
    """
    SELECT tenant_id, id, attempts FROM webhook_deliveries
    WHERE status = 'PENDING' AND next_attempt_at <= now()
    ORDER BY next_attempt_at LIMIT :limit
    """
)


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    timeout_seconds: float
    backoff_scale: float
    disable_after: int
    allow_private: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int | None
    latency_ms: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


def retry_delay(attempts_made: int, scale: float) -> float:
    base = RETRY_DELAYS[min(attempts_made, len(RETRY_DELAYS)) - 1]
    return base * scale * random.uniform(0.8, 1.2)


def body_of(claim: Any) -> bytes:
    store = global_id("Store", claim.store_id) if claim.store_id else None
    return orjson.dumps(
        {
            "id": str(claim.event_id),
            "topic": claim.topic,
            "storeId": store,
            "createdAt": claim.created_at.isoformat(),
            "payload": claim.payload,
        }
    )


async def _send(http: httpx.AsyncClient, claim: Any, policy: DeliveryPolicy) -> Outcome:
    """`http` is the worker's `pinned_client` (app/net/ssrf.py): the destination's address
    is checked as it is connected to, so a DNS answer changed since cannot redirect it."""
    body = body_of(claim)
    headers = signing.headers(
        claim.secret,
        str(claim.event_id),
        int(time.time()),
        body,
        claim.topic,
        previous_secret=claim.previous_secret,
    )
    started = time.monotonic()
    try:
        response = await http.post(
            claim.url, content=body, headers=headers, timeout=policy.timeout_seconds
        )
    except UnsafeDestinationError as exc:
        return Outcome(None, None, str(exc)[:MAX_ERROR])
    except httpx.HTTPError as exc:
        return Outcome(None, None, f"{type(exc).__name__}: {exc}"[:MAX_ERROR] or "request failed")
    latency = int((time.monotonic() - started) * 1000)
    error = None if 200 <= response.status_code < 300 else response.text[:MAX_ERROR]
    return Outcome(response.status_code, latency, error)


async def attempt_delivery(
    *,
    engine: AsyncEngine,
    http: httpx.AsyncClient,
    policy: DeliveryPolicy,
    tenant_id: uuid.UUID,
    delivery_id: uuid.UUID,
    attempts: int,
) -> AttemptRef | None:
    """Make attempt `attempts + 1` of a delivery; returns the next attempt to schedule."""
    lease = policy.timeout_seconds + LEASE_MARGIN_SECONDS
    db = RequestDB(engine, tenant_id)
    try:
        claim = (
            await db.execute(
                CLAIM,
                {"tenant": tenant_id, "id": delivery_id, "attempts": attempts, "lease": lease},
            )
        ).first()
        await db.close(commit=True)
    finally:
        await db.close(commit=False)
    if claim is None:
        return None  # made already, or the delivery is no longer pending
    if not claim.active:
        outcome = Outcome(None, None, "The subscription is disabled")
    else:
        outcome = await _send(http, claim, policy)
    return await _record(engine, policy, tenant_id, delivery_id, claim, outcome)


async def _record(
    engine: AsyncEngine,
    policy: DeliveryPolicy,
    tenant_id: uuid.UUID,
    delivery_id: uuid.UUID,
    claim: Any,
    outcome: Outcome,
) -> AttemptRef | None:
    retry_at: dt.datetime | None = None
    if outcome.ok:
        status = "SUCCEEDED"
    elif claim.active and claim.attempts < MAX_ATTEMPTS:
        status = "PENDING"
        delay = retry_delay(claim.attempts, policy.backoff_scale)
        retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay)
    else:
        status = "FAILED"
    db = RequestDB(engine, tenant_id)
    try:
        recorded = (
            await db.execute(
                RECORD,
                {
                    "tenant": tenant_id,
                    "id": delivery_id,
                    "attempts": claim.attempts,
                    "status": status,
                    "next_at": retry_at,
                    "code": outcome.code,
                    "latency": outcome.latency_ms,
                    "error": outcome.error,
                },
            )
        ).first()
        if recorded is not None and claim.active:
            still_active = await _count(db, policy, tenant_id, claim, outcome)
            if not still_active and retry_at is not None:
                await db.execute(GIVE_UP, {"tenant": tenant_id, "id": delivery_id})
                retry_at = None
        await db.close(commit=True)
    finally:
        await db.close(commit=False)
    if recorded is None or retry_at is None:
        return None
    return AttemptRef(tenant_id, delivery_id, claim.attempts, retry_at)


async def _count(
    db: RequestDB, policy: DeliveryPolicy, tenant_id: uuid.UUID, claim: Any, outcome: Outcome
) -> bool:
    """Count the attempt against the subscription; False once it is switched off."""
    params = {"tenant": tenant_id, "sub": claim.subscription_id}
    if outcome.ok:
        await db.execute(SUCCEEDED, params)
        return True
    row = (await db.execute(FAILED, {**params, "limit": policy.disable_after})).one()
    if row.just_disabled:
        await emit(
            db,
            tenant_id=tenant_id,
            store_id=None,
            topic="webhook.disabled",
            payload={
                "id": global_id("WebhookSubscription", claim.subscription_id),
                "url": row.url,
                "topic": row.topic,
                "reason": f"{policy.disable_after} failed delivery attempts in a row",
            },
        )
    return bool(row.active)


async def due_attempts(engine: AsyncEngine, *, limit: int = 1000) -> list[AttemptRef]:
    """Pending deliveries whose attempt is due (never enqueued, lost, or a lease ran out)."""
    async with engine.begin() as conn:
        await set_flag(conn, "app.outbox_relay")
        rows = list(await conn.execute(DUE, {"limit": limit}))
    return [AttemptRef(r.tenant_id, r.id, r.attempts) for r in rows]
