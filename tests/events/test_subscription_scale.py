"""Subscriptions at scale: two API processes sharing one Redis, 200 websocket subscribers
over them, 100 events. Every subscriber of the tenant receives all 100 in order, the other
tenant's subscribers none of them, each process holds one Redis subscription; the delivery
latency (event's transaction start -> the subscriber's socket) is printed as p50/p99."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import statistics
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.embedded.redis import EmbeddedRedis
from app.events.bus import CHANNEL
from app.events.relay import Relay
from app.settings import Settings
from tests.catalog.product_support import create_product
from tests.events.support import GqlSocket, api_server, gql_socket
from tests.helpers import TenantFactory, gql

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBERS, OTHERS, EVENTS = 180, 20, 100
INVENTORY = "subscription { inventoryChanged { createdAt payload } }"
ADJUST = """
mutation ($id: ID!) { inventoryAdjust(variantId: $id, delta: 1) { userErrors { code } } }"""


@contextlib.asynccontextmanager
async def sockets(bases: list[str], count: int, token: str) -> AsyncIterator[list[GqlSocket]]:
    async with contextlib.AsyncExitStack() as stack:
        opened = [
            await stack.enter_async_context(gql_socket(bases[i % len(bases)])) for i in range(count)
        ]
        for socket in opened:
            assert (await socket.init(f"Bearer {token}"))["type"] == "connection_ack"
            await socket.subscribe("s", INVENTORY)
        yield opened


async def collect(socket: GqlSocket, count: int) -> list[tuple[int, float]]:
    """(onHand, latency in ms) of the next `count` events."""
    found = []
    for _ in range(count):
        message = await socket.receive(seconds=60)
        event = message["payload"]["data"]["inventoryChanged"]
        sent = dt.datetime.fromisoformat(event["createdAt"])
        latency = (dt.datetime.now(dt.UTC) - sent).total_seconds() * 1000
        found.append((event["payload"]["onHand"], latency))
    return found


async def test_two_hundred_subscribers_over_two_processes_get_every_event_in_order(
    settings: Settings, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    if not settings.fast_execution:
        pytest.skip("subscriptions do not depend on the query executor; measured once")
    root = ROOT / ".edestory" / "test-scale-redis"
    shutil.rmtree(root, ignore_errors=True)
    redis_server = EmbeddedRedis(root)
    redis_server.start()
    redis = Redis.from_url(redis_server.url)
    own = settings.with_overrides(redis_url=redis_server.url)
    ours, theirs = await tenants.create("Busy"), await tenants.create("Quiet")
    product = await create_product(
        client, ours, title="Hot item", variants=[{"price": "9.00", "inventoryQuantity": 0}]
    )
    variant = product["variants"]["nodes"][0]["id"]
    relay = Relay(engine, redis, database_url=settings.database_url, sweep_seconds=1.0)
    relay_task = asyncio.create_task(relay.run())
    try:
        await relay.drain()  # the product's own events are out of the way
        with api_server(own) as first, api_server(own) as second:
            bases = [first, second]
            async with (
                sockets(bases, SUBSCRIBERS, ours.access_token) as mine,
                sockets(bases, OTHERS, theirs.access_token) as others,
            ):
                numsub = await redis.pubsub_numsub(CHANNEL)
                readers = [asyncio.create_task(collect(s, EVENTS)) for s in mine]
                for _ in range(EVENTS):
                    body = await gql(client, ADJUST, {"id": variant}, ours.staff)
                    assert body["data"]["inventoryAdjust"]["userErrors"] == []
                results = await asyncio.gather(*readers)
                # The other tenant's sockets got nothing: their first event is their own.
                other = await create_product(
                    client, theirs, title="Theirs", variants=[{"price": "1.00"}]
                )
                other_variant = other["variants"]["nodes"][0]["id"]
                body = await gql(client, ADJUST, {"id": other_variant}, theirs.staff)
                firsts = await asyncio.gather(*(collect(s, 1) for s in others))
    finally:
        relay_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay_task
        await redis.aclose()
        redis_server.stop()
        shutil.rmtree(root, ignore_errors=True)
    assert numsub == [(CHANNEL.encode(), 2)]  # one subscription per API process
    expected = list(range(1, EVENTS + 1))
    for received in results:
        assert [on_hand for on_hand, _ in received] == expected
    assert all(f == [(1, f[0][1])] for f in firsts)
    latencies = sorted(latency for received in results for _, latency in received)
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"\nsubscription delivery latency over {len(latencies)} deliveries "
        f"({SUBSCRIBERS + OTHERS} sockets, 2 API processes): p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
