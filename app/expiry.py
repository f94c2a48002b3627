"""The periodic expiry of carts and stock reservations, across tenants.

`sweep` is the task body (arq-ready in jobs/expiry.py). The worker runs it (jobs/worker.py)
every EDESTORY_EXPIRY_INTERVAL seconds, on one worker at a time: a Redis lock (SET NX with a
TTL) elects the runner.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cart.expiry import expire_carts, next_cart_expiry
from app.cart.models import tenant_expiry_due
from app.checkout.expiry import next_reservation_expiry, release_expired
from app.db.tenant import RequestDB, tenant_transaction
from app.graphql.response_cache import bump_generation

log = logging.getLogger("edestory.expiry")
LOCK_KEY = "edestory:lock:expiry"


@dataclass(frozen=True, slots=True)
class SweepResult:
    tenants: int
    carts: int
    checkouts: int


async def _due_tenants(engine: AsyncEngine) -> list[uuid.UUID]:
    async with tenant_transaction(engine, None) as conn:
        rows = await conn.execute(
            select(tenant_expiry_due.c.tenant_id)
            .where(tenant_expiry_due.c.due_at <= func.now())
            .order_by(tenant_expiry_due.c.due_at)
            .limit(1000)
        )
        return [r.tenant_id for r in rows]


async def sweep_tenant(
    engine: AsyncEngine, tenant_id: uuid.UUID, redis: Redis | None = None
) -> tuple[int, int]:
    """Expire one tenant's due carts and reservations; set its next due time. Released
    reservations make stock available again: after the commit the tenant's cached
    storefront answers are made stale (`redis` given), as a stock write by a mutation does."""
    db = RequestDB(engine, tenant_id)
    try:
        checkouts = await release_expired(db, tenant_id=tenant_id)
        carts = await expire_carts(db, tenant_id=tenant_id)
        times = [
            t
            for t in (
                await next_cart_expiry(db, tenant_id=tenant_id),
                await next_reservation_expiry(db, tenant_id=tenant_id),
            )
            if t is not None
        ]
        due = tenant_expiry_due
        where = due.c.tenant_id == tenant_id
        if times:
            await db.execute(update(due).values(due_at=min(times)).where(where))
        else:
            await db.execute(delete(due).where(where))
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    if checkouts and redis is not None:
        await bump_generation(redis, tenant_id)
    return carts, checkouts


async def sweep(engine: AsyncEngine, redis: Redis | None = None) -> SweepResult:
    tenants = await _due_tenants(engine)
    carts = checkouts = 0
    for tenant_id in tenants:
        expired_carts, expired_checkouts = await sweep_tenant(engine, tenant_id, redis)
        carts += expired_carts
        checkouts += expired_checkouts
    return SweepResult(len(tenants), carts, checkouts)


async def sweep_if_elected(engine: AsyncEngine, redis: Redis, *, ttl_seconds: float) -> bool:
    """Run one sweep if this process takes the Redis lock; False when another holds it."""
    token = secrets.token_hex(8)
    ttl = max(int(ttl_seconds), 1)
    if not await redis.set(LOCK_KEY, token, nx=True, ex=ttl):
        return False
    result = await sweep(engine, redis)
    if result.carts or result.checkouts:
        log.info(
            "expired %d carts and %d reservations in %d tenants",
            result.carts,
            result.checkouts,
            result.tenants,
        )
    return True
