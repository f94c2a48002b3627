"""The events purge: published events older than the retention with no pending delivery go,
in batches, with their finished deliveries; the rest stay (unpublished, recent, retrying)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.ids import uuid7
from app.db.tenant import tenant_transaction
from app.events.purge import purge_events
from app.settings import Settings
from jobs.events import purge_old_events
from tests.helpers import TenantFactory, TenantSetup

INSERT_EVENT = text("""
INSERT INTO events (tenant_id, id, topic, payload, created_at, published_at)
VALUES (:t, :id, 'product.updated', '{}', now() - make_interval(days => :age),
        CASE WHEN :published THEN now() END)
""")


async def seed(engine: AsyncEngine, tenant: TenantSetup) -> dict[str, Any]:
    """Old published events (25 plain, one with a finished delivery, one with a pending one),
    an old unpublished one and a recent published one."""
    ids: dict[str, Any] = {"old": [uuid7() for _ in range(25)]}
    ids |= {k: uuid7() for k in ("delivered", "retrying", "unpublished", "recent")}
    sub = uuid7()
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        for event_id in ids["old"]:
            await conn.execute(
                INSERT_EVENT, {"t": tenant.tenant_id, "id": event_id, "age": 40, "published": True}
            )
        for key, age, published in (
            ("delivered", 40, True),
            ("retrying", 40, True),
            ("unpublished", 40, False),
            ("recent", 2, True),
        ):
            await conn.execute(
                INSERT_EVENT,
                {"t": tenant.tenant_id, "id": ids[key], "age": age, "published": published},
            )
        await conn.execute(
            text(
                "INSERT INTO webhook_subscriptions (tenant_id, id, topic, url, secret) "
                # Another topic: a relay running meanwhile adds no delivery of its own.
                "VALUES (:t, :id, 'order.paid', 'https://example.com/h', 'whsec_x')"
            ),
            {"t": tenant.tenant_id, "id": sub},
        )
        for key, status in (("delivered", "SUCCEEDED"), ("retrying", "PENDING")):
            await conn.execute(
                text(
                    "INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, "
                    "status) VALUES (:t, :id, :s, :e, :status)"
                ),
                {"t": tenant.tenant_id, "id": uuid7(), "s": sub, "e": ids[key], "status": status},
            )
    return ids


async def published(engine: AsyncEngine, tenant: TenantSetup, event_id: uuid.UUID) -> bool:
    """Whether a relay published the event (it may then have been purged: no row)."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        found = await conn.execute(
            text("SELECT published_at IS NOT NULL FROM events WHERE id = :e"), {"e": event_id}
        )
        return found.scalar() is not False


async def remaining(engine: AsyncEngine, tenant: TenantSetup) -> set[uuid.UUID]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return {r.id for r in await conn.execute(text("SELECT id FROM events"))}


async def test_old_published_events_are_purged_in_batches(
    tenants: TenantFactory, engine: AsyncEngine, settings: Settings
) -> None:
    tenant = await tenants.create("Purge")
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(text("DELETE FROM events"))
    ids = await seed(engine, tenant)

    result = await purge_events(engine, retention_days=30, batch=10)
    assert result.tenants >= 1 and result.events >= 26
    kept = {ids["retrying"], ids["recent"]}
    if not await published(engine, tenant, ids["unpublished"]):
        kept.add(ids["unpublished"])  # (unless a relay running meanwhile published it)
    assert await remaining(engine, tenant) == kept
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        left = await conn.execute(text("SELECT event_id, status FROM webhook_deliveries"))
        assert [tuple(r) for r in left] == [(ids["retrying"], "PENDING")]

    # Once its delivery is done, the retried event goes too (the worker's task, 30 days).
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(text("UPDATE webhook_deliveries SET status = 'FAILED'"))
    outcome = await purge_old_events({"engine": engine, "settings": settings})
    assert outcome["events"] >= 1
    assert await remaining(engine, tenant) == kept - {ids["retrying"]}


async def test_another_tenants_events_are_not_touched_by_a_tenants_purge(
    tenants: TenantFactory, engine: AsyncEngine
) -> None:
    from app.events.purge import purge_tenant

    first = await tenants.create("Purge one")
    second = await tenants.create("Purge two")
    ids = await seed(engine, first)
    await seed(engine, second)
    before = await remaining(engine, second)
    assert await purge_tenant(engine, first.tenant_id, retention_days=30, batch=7) == 26
    assert await remaining(engine, second) == before
    assert ids["recent"] in await remaining(engine, first)
