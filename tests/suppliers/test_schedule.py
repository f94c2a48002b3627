"""Scheduled syncs: which connections are due, and the cron body enqueueing each once."""

from __future__ import annotations

import datetime as dt

import httpx
from arq.connections import ArqRedis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id
from app.suppliers.schedule import due_connections
from jobs.suppliers import enqueue_due_syncs
from tests.helpers import TenantFactory, call

CREATE = """mutation ($input: SupplierConnectionCreateInput!) {
  supplierConnectionCreate(input: $input) { supplierConnection { id } } }"""
PAUSE = """mutation ($id: ID!) {
  supplierConnectionUpdate(id: $id, input: {status: PAUSED}) { userErrors { code } } }"""
SYNCED = "UPDATE supplier_connections SET last_sync_at = :at WHERE tenant_id = :t AND id = :c"


async def test_due_connections_and_the_cron_enqueue_each_once(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    app: Starlette,
) -> None:
    tenant = await tenants.create("Sync schedule")
    ids = []
    for name in ("never", "recent", "stale", "paused"):
        made = await call(
            client,
            CREATE,
            {
                "input": {
                    "name": name,
                    "kind": "FEED",
                    "feedUrl": "https://example.com/f.csv",
                    "syncIntervalMinutes": 60,
                }
            },
            tenant.staff,
        )
        gid = made["data"]["supplierConnectionCreate"]["supplierConnection"]["id"]
        decoded = decode_global_id(gid)
        assert decoded is not None
        ids.append((gid, decoded[1]))
    now = dt.datetime.now(dt.UTC)
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        for (_, cid), at in (
            (ids[1], now - dt.timedelta(minutes=10)),
            (ids[2], now - dt.timedelta(minutes=61)),
        ):
            await conn.execute(text(SYNCED), {"at": at, "t": tenant.tenant_id, "c": cid})
    await call(client, PAUSE, {"id": ids[3][0]}, tenant.staff)

    due = [d for d in await due_connections(engine) if d.tenant_id == tenant.tenant_id]
    assert {d.connection_id for d in due} == {ids[0][1], ids[2][1]}

    queue = ArqRedis(connection_pool=app.state.resources.redis.connection_pool)
    ctx = {"engine": engine, "redis": queue}
    await enqueue_due_syncs(ctx)
    await enqueue_due_syncs(ctx)  # a second cron round (or worker) in the same window
    mine = [
        j
        for j in await queue.queued_jobs()
        if j.function == "sync_supplier_products" and j.args[0] == str(tenant.tenant_id)
    ]
    assert sorted(j.args[1] for j in mine) == sorted(str(ids[i][1]) for i in (0, 2))
    for job in mine:
        await queue.delete(f"arq:job:{job.job_id}")
        await queue.zrem("arq:queue", job.job_id)
