"""Which connections are due a scheduled sync (each has its own interval).

Read across tenants without a tenant setting: the tenants come from the globally readable
supplier_connection_routes, then each tenant's due connections from its own rows (RLS
applies). A connection is due when ACTIVE and never synced or last synced more than its
`sync_interval_minutes` ago. The worker's cron (jobs/suppliers.py) enqueues one sync per due
connection with an arq job id of connection + interval window, so two workers' crons, or a
cron running again before the sync started, enqueue it once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.suppliers.models import supplier_connection_routes, supplier_connections


@dataclass(frozen=True, slots=True)
class Due:
    tenant_id: uuid.UUID
    connection_id: uuid.UUID
    window: int  # the interval window this sync belongs to (for the arq job id)


async def due_connections(engine: AsyncEngine, *, now: dt.datetime | None = None) -> list[Due]:
    routes, sc = supplier_connection_routes, supplier_connections
    async with tenant_transaction(engine, None) as conn:
        tenants = [r[0] for r in await conn.execute(select(routes.c.tenant_id).distinct())]
    at = now or dt.datetime.now(dt.UTC)
    due = []
    for tenant_id in tenants:
        interval = func.make_interval(0, 0, 0, 0, 0, sc.c.sync_interval_minutes)
        async with tenant_transaction(engine, tenant_id) as conn:
            rows = await conn.execute(
                select(sc.c.id, sc.c.sync_interval_minutes).where(
                    sc.c.tenant_id == tenant_id,
                    sc.c.status == "ACTIVE",
                    or_(sc.c.last_sync_at.is_(None), sc.c.last_sync_at + interval <= at),
                )
            )
            for connection_id, minutes in rows:
                window = int(at.timestamp() // (minutes * 60))
                due.append(Due(tenant_id, connection_id, window))
    return due
