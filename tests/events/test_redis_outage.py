"""Redis stopped while events are written, then started: every event is published to
subscribers and delivered to webhooks afterwards; nothing is lost."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

import httpx
import orjson
from arq.connections import RedisSettings, create_pool
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.embedded.redis import EmbeddedRedis
from app.events.bus import CHANNEL
from app.events.relay import Relay
from app.events.scheduling import AttemptRef, enqueue_attempts
from app.settings import Settings
from tests.catalog.product_support import create_product
from tests.events.receiver import receiver
from tests.events.support import api_server, gql_socket, worker_process
from tests.helpers import TenantFactory, gql

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 'subscription { events(topics: ["product.created"]) { id payload } }'
CREATE = """
mutation ($url: String!) { webhookSubscriptionCreate(topic: "product.created", url: $url) {
  userErrors { code } } }"""
TITLES = ["First", "Second", "Third"]


async def unpublished(engine: AsyncEngine, tenant_id: object) -> int:
    async with tenant_transaction(engine, tenant_id) as conn:  # type: ignore[arg-type]
        count = (
            await conn.execute(
                text("SELECT count(*) FROM events WHERE published_at IS NULL AND tenant_id = :t"),
                {"t": tenant_id},
            )
        ).scalar_one()
    return int(count)


async def test_events_written_while_redis_is_down_are_published_and_delivered_after(
    settings: Settings, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    root = ROOT / ".edestory" / f"test-outage-{id(settings)}"
    shutil.rmtree(root, ignore_errors=True)
    redis_server = EmbeddedRedis(root)
    redis_server.start()
    own = settings.with_overrides(redis_url=redis_server.url)
    tenant = await tenants.create("Outage")
    redis = Redis.from_url(redis_server.url)
    arq = await create_pool(RedisSettings.from_dsn(redis_server.url))

    async def schedule(refs: list[AttemptRef]) -> None:
        await enqueue_attempts(arq, refs)

    def start_relay() -> asyncio.Task[None]:
        relay = Relay(
            engine, redis, database_url=settings.database_url, schedule=schedule, sweep_seconds=0.2
        )
        return asyncio.create_task(relay.run())

    relay_task = start_relay()
    try:
        async with receiver() as hooks:
            body = await gql(client, CREATE, {"url": hooks.url}, tenant.staff)
            assert body["data"]["webhookSubscriptionCreate"]["userErrors"] == []
            with api_server(own) as base:
                async with gql_socket(base) as socket:
                    await socket.init(f"Bearer {tenant.access_token}")
                    await socket.subscribe("1", EVENTS)
                    await asyncio.sleep(0.3)  # the subscription is registered
                    redis_server.stop()
                    for title in TITLES:
                        await create_product(client, tenant, title=title)
                    await asyncio.sleep(1.0)  # the relay tried, and failed, several times
                    assert await unpublished(engine, tenant.tenant_id) == 3
                    # The relay goes down too; Redis comes back, the API resubscribes.
                    relay_task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await relay_task
                    redis_server.start()
                    for _ in range(100):
                        numsub = await redis.pubsub_numsub(CHANNEL)
                        if numsub[0][1] >= 1:
                            break
                        await asyncio.sleep(0.1)
                    relay_task = start_relay()
                    received = [await socket.receive() for _ in TITLES]
            titles = [m["payload"]["data"]["events"]["payload"]["title"] for m in received]
            assert titles == TITLES
            # The relay publishes, then marks the batch published and commits: a subscriber
            # may see the events just before the commit (the machine may be loaded).
            for _ in range(100):
                if await unpublished(engine, tenant.tenant_id) == 0:
                    break
                await asyncio.sleep(0.1)
            assert await unpublished(engine, tenant.tenant_id) == 0
            with worker_process(own):
                requests = await hooks.wait_for(3)
                await asyncio.sleep(0.5)
            delivered = sorted(orjson.loads(r.body)["payload"]["title"] for r in hooks.requests)
        assert len(requests) == 3
        assert delivered == sorted(TITLES)
    finally:
        relay_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay_task
        await arq.aclose()
        await redis.aclose()
        redis_server.stop()
        shutil.rmtree(root, ignore_errors=True)
