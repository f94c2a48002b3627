"""The purge of old events: the outbox keeps what it published for `events_retention_days`
(replays, the delivery log), then the worker deletes it.

An event goes once it is older than the retention, published, and has no PENDING webhook
delivery (a delivery still retrying keeps its event); its finished deliveries go with it
(ON DELETE CASCADE). The worker finds the tenants with such events through the read-only
`purge_scan` policy (migration 0018, the flag `app.events_purge`), then deletes inside each
tenant in batches of `batch` rows, one short transaction per batch, oldest first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import set_flag, tenant_transaction

BATCH = 1000
MAX_TENANTS = 1000

_TENANTS = text("""
SELECT DISTINCT tenant_id FROM events
 WHERE published_at IS NOT NULL AND created_at < now() - make_interval(days => :days)
 LIMIT :limit
""")
_DELETE = text("""
DELETE FROM events WHERE tenant_id = :t AND id IN (
    SELECT e.id FROM events e
     WHERE e.tenant_id = :t AND e.published_at IS NOT NULL
       AND e.created_at < now() - make_interval(days => :days)
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                        WHERE d.tenant_id = :t AND d.event_id = e.id AND d.status = 'PENDING')
     ORDER BY e.seq
     LIMIT :batch
       FOR UPDATE SKIP LOCKED)
""")


@dataclass(frozen=True, slots=True)
class PurgeResult:
    tenants: int
    events: int


async def _tenants(engine: AsyncEngine, days: int) -> list[uuid.UUID]:
    async with tenant_transaction(engine, None) as conn:
        await set_flag(conn, "app.events_purge")
        rows = await conn.execute(_TENANTS, {"days": days, "limit": MAX_TENANTS})
        return [r.tenant_id for r in rows]


async def purge_tenant(
    engine: AsyncEngine, tenant_id: uuid.UUID, *, retention_days: int, batch: int = BATCH
) -> int:
    """Delete one tenant's purgeable events, `batch` at a time; how many went."""
    purged = 0
    while True:
        async with tenant_transaction(engine, tenant_id) as conn:
            result = await conn.execute(
                _DELETE, {"t": tenant_id, "days": retention_days, "batch": batch}
            )
        purged += result.rowcount
        if result.rowcount < batch:
            return purged


async def purge_events(
    engine: AsyncEngine, *, retention_days: int, batch: int = BATCH
) -> PurgeResult:
    if retention_days < 1:
        raise ValueError("the events retention is at least one day")
    tenants = await _tenants(engine, retention_days)
    purged = 0
    for tenant_id in tenants:
        purged += await purge_tenant(engine, tenant_id, retention_days=retention_days, batch=batch)
    return PurgeResult(len(tenants), purged)
