"""A worker killed (SIGKILL) in the middle of an import job and a new worker started: the new
worker's resume cron finds the run's heartbeat stale and enqueues it again under a new arq job
id (the dead worker's in-progress marker still stands), the job completes, and every supplier
product exists once, with its image once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id, to_global_id
from app.settings import Settings
from tests.events.support import worker_process
from tests.helpers import TenantFactory, TenantSetup, call
from tests.suppliers.stubs import Request, StubServer
from tests.suppliers.stubs import text as answer
from tests.suppliers.test_import_sync import setup
from tests.suppliers.test_jobs import IMPORT, finished

PRODUCTS = 150  # three batches of 50
STALE_SECONDS = 2.0
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def server() -> Iterator[StubServer]:
    """A feed of PRODUCTS products, each with its own image, served slowly (0.15 s each), so
    the import takes a few seconds and can be killed between its batches."""
    server = StubServer()

    def image(request: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.15)
        return answer(PNG, "image/png")

    for n in range(PRODUCTS):
        server.routes[("GET", f"/img/{n}.png")] = image
    server.start()
    yield server
    server.stop()


async def progress(engine: AsyncEngine, tenant: TenantSetup, run_id: object) -> tuple[str, int]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        row = (
            await conn.execute(
                text("SELECT status, progress_done FROM job_runs WHERE tenant_id = :t AND id = :r"),
                {"t": tenant.tenant_id, "r": run_id},
            )
        ).one()
    return row.status, row.progress_done


async def heartbeat_age(engine: AsyncEngine, tenant: TenantSetup, run_id: object) -> float:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        age = (
            await conn.execute(
                text(
                    "SELECT extract(epoch FROM now() - heartbeat_at) FROM job_runs"
                    " WHERE tenant_id = :t AND id = :r"
                ),
                {"t": tenant.tenant_id, "r": run_id},
            )
        ).scalar_one()
    return float(age)


async def attempts(engine: AsyncEngine, tenant: TenantSetup, run_id: object) -> int:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return int(
            (
                await conn.execute(
                    text("SELECT attempts FROM job_runs WHERE tenant_id = :t AND id = :r"),
                    {"t": tenant.tenant_id, "r": run_id},
                )
            ).scalar_one()
        )


async def counts(engine: AsyncEngine, tenant: TenantSetup) -> tuple[int, int, int]:
    """Products, supplier links and media of the tenant."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM products WHERE tenant_id = :t),"
                    " (SELECT count(*) FROM supplier_variants WHERE tenant_id = :t),"
                    " (SELECT count(*) FROM media WHERE tenant_id = :t)"
                ),
                {"t": tenant.tenant_id},
            )
        ).one()
    return tuple(row)  # type: ignore[return-value]


async def test_an_import_survives_its_worker_being_killed(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    server: StubServer,
    tmp_path: Path,
) -> None:
    base = f"http://127.0.0.1:{server._server.server_address[1]}"  # type: ignore[union-attr]
    rows = ["id,title,description,price,availability,image_link"]
    rows += [f"P{n},Product {n},Nice,5.00 EUR,in_stock,{base}/img/{n}.png" for n in range(PRODUCTS)]
    server.routes[("GET", "/feed.csv")] = lambda r: answer("\n".join(rows) + "\n", "text/csv")
    tenant = await tenants.create("Import restart")
    connection_id, rule_id = await setup(client, tenant, f"{base}/feed.csv")
    env = {
        "EDESTORY_SUPPLIERS_ALLOW_PRIVATE": "1",
        "EDESTORY_MEDIA_DIR": str(tmp_path),
        "EDESTORY_JOB_HEARTBEAT_SECONDS": "0.3",
        "EDESTORY_JOB_STALE_SECONDS": str(STALE_SECONDS),
    }

    with worker_process(settings, **env) as first:
        started = await call(
            client,
            IMPORT,
            {
                "c": to_global_id("SupplierConnection", connection_id),
                "ids": [f"P{n}" for n in range(PRODUCTS)],
                "s": to_global_id("Store", tenant.store_id),
                "r": to_global_id("PricingRule", rule_id),
            },
            tenant.staff,
        )
        job_id = started["data"]["supplierProductsImport"]["job"]["id"]
        decoded = decode_global_id(job_id)
        assert decoded is not None
        run_id = decoded[1]
        for _ in range(600):
            status, done = await progress(engine, tenant, run_id)
            if done >= 50:
                break
            await asyncio.sleep(0.02)
        first.kill()  # SIGKILL: no shutdown, the batch in progress is rolled back
        first.wait()
    assert (status, done) == ("RUNNING", 50) or (status, done) == ("RUNNING", 100)
    made, links, images = await counts(engine, tenant)
    assert 50 <= made < PRODUCTS and made == links == images

    assert await heartbeat_age(engine, tenant, run_id) < STALE_SECONDS
    assert await attempts(engine, tenant, run_id) == 0

    # The dead worker's in-progress marker stands for the job timeout + 10 s (an hour); the
    # resume does not wait for it. Once the heartbeat is stale, the new worker's resume cron
    # (it runs at start, then every minute) enqueues the run again as attempt 1.
    for _ in range(100):
        if await heartbeat_age(engine, tenant, run_id) > STALE_SECONDS + 0.2:
            break
        await asyncio.sleep(0.1)
    redis = Redis.from_url(settings.redis_url)
    try:
        assert await redis.exists(f"arq:in-progress:supplier-job:{run_id}") == 1
        with worker_process(settings, **env):
            job = await finished(client, engine, tenant, job_id)
        # The dead attempt's job was taken off the queue: arq will not run it again when
        # its marker lapses.
        assert await redis.zscore("arq:queue", f"supplier-job:{run_id}") is None
        assert await redis.exists(f"arq:job:supplier-job:{run_id}") == 0
    finally:
        await redis.aclose()
    assert await attempts(engine, tenant, run_id) == 1
    assert job["status"] == "SUCCEEDED"
    assert job["result"]["created"] + job["result"]["changed"] == PRODUCTS
    assert job["result"]["created"] == PRODUCTS - made
    assert await counts(engine, tenant) == (PRODUCTS, PRODUCTS, PRODUCTS)
