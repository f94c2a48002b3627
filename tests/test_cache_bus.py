"""In-process caches dropped in every API process through Redis (app/cache_bus.py): two real
`edestory serve` processes on one PostgreSQL and one Redis; a change made through one is
seen by the other within a second, well inside the caches' 30 s TTL."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from app.cache_bus import CHANNEL, RESPONSES, STOREFRONT, CacheBus
from app.embedded.redis import EmbeddedRedis
from app.events.bus import EventHub
from app.graphql.response_cache import Cached, CachePolicy, ResponseCache
from app.settings import Settings
from app.tenancy import secrets as creds
from tests.helpers import TenantFactory, call, error_codes
from tests.live_server import serving
from tests.tenancy.support import row_id

SHOP = "query { shop { name primaryDomain } }"
REVOKE = """
mutation ($id: ID!) {
  storefrontTokenRevoke(id: $id) { storefrontToken { revokedAt } userErrors { code } }
}"""
STORE_UPDATE = """
mutation ($id: ID!, $domain: String) {
  storeUpdate(id: $id, input: {domain: $domain}) { store { domain } userErrors { code } }
}"""
REGISTER = """
mutation ($storeId: ID!, $manifest: JSON!) {
  persistedDocumentsRegister(storeId: $storeId, manifest: $manifest) { count userErrors { code } }
}"""
WITHIN = 1.0  # seconds; the storefront cache's TTL is 30
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ports(settings: Settings) -> Iterator[list[int]]:
    """Two `edestory serve` processes on the test PostgreSQL and Redis."""
    with serving(settings, 2) as found:
        yield found


@pytest.fixture
async def two_processes(ports: list[int]) -> AsyncIterator[list[httpx.AsyncClient]]:
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") for port in ports]
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()


async def _until(check: Any, within: float = WITHIN) -> float:
    """Seconds until `check()` (polled every 20 ms) is true; fails after `within` * 3."""
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < within * 3, "never happened"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_revoked_token_is_refused_by_the_other_process_within_a_second(
    two_processes: list[httpx.AsyncClient], tenants: TenantFactory
) -> None:
    a, b = two_processes
    shop = await tenants.create("TwoProcs")
    for process in (a, b):  # both now hold the token in their caches
        assert "errors" not in await call(process, SHOP, headers=shop.storefront)
    token_id = row_id(creds.STOREFRONT, shop.storefront_token)
    from app.graphql.ids import to_global_id

    revoked = await call(a, REVOKE, {"id": to_global_id("StorefrontToken", token_id)}, shop.staff)
    assert revoked["data"]["storefrontTokenRevoke"]["userErrors"] == []

    async def refused() -> bool:
        body = await call(b, SHOP, headers=shop.storefront)
        return error_codes(body) == ["UNAUTHENTICATED"]

    assert await _until(refused) < WITHIN
    assert await refused()  # and stays refused


async def test_moved_domain_is_left_by_the_other_process_within_a_second(
    two_processes: list[httpx.AsyncClient], tenants: TenantFactory
) -> None:
    a, b = two_processes
    shop = await tenants.create("TwoProcs")
    old, new = (f"shop-{uuid.uuid4().hex[:10]}.example.com" for _ in range(2))
    moved = await call(a, STORE_UPDATE, {"id": shop.store_gid, "domain": old}, shop.staff)
    assert moved["data"]["storeUpdate"]["userErrors"] == []
    assert error_codes(await call(b, SHOP, headers={"Host": new})) == ["UNAUTHENTICATED"]
    assert "errors" not in await call(b, SHOP, headers={"Host": old})  # cached in b

    await call(a, STORE_UPDATE, {"id": shop.store_gid, "domain": new}, shop.staff)

    async def moved_in_b() -> bool:
        gone = error_codes(await call(b, SHOP, headers={"Host": old})) == ["UNAUTHENTICATED"]
        here = await call(b, SHOP, headers={"Host": new})  # was cached as unknown in b
        return gone and "errors" not in here

    assert await _until(moved_in_b) < WITHIN


async def test_document_registered_through_one_process_runs_on_the_other_at_once(
    two_processes: list[httpx.AsyncClient], tenants: TenantFactory
) -> None:
    a, b = two_processes
    shop = await tenants.create("TwoProcs")
    text = f"query Doc{uuid.uuid4().hex[:8]} {{ shop {{ name }} }}"
    document_id = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    unknown = await b.post("/graphql", json={"documentId": document_id}, headers=shop.storefront)
    assert error_codes(unknown.json()) == ["PERSISTED_DOCUMENT_NOT_FOUND"]  # a miss in b

    registered = await call(
        a, REGISTER, {"storeId": shop.store_gid, "manifest": {document_id: text}}, shop.staff
    )
    assert registered["data"]["persistedDocumentsRegister"]["userErrors"] == []

    found = await b.post("/graphql", json={"documentId": document_id}, headers=shop.storefront)
    assert found.json()["data"] == {"shop": {"name": "TwoProcs store"}}


async def test_a_message_from_another_process_drops_only_its_tenants_entries() -> None:
    bus, dropped = CacheBus(), []
    bus.register(STOREFRONT, dropped.append)
    tenant = str(uuid.uuid4())
    bus.dispatch(b'{"kind": "storefront", "key": "%s"}' % tenant.encode())
    bus.dispatch(b"not json")  # logged and ignored
    bus.dispatch(b'{"kind": "other", "key": "x"}')
    bus.reset()
    assert dropped == [tenant, None]


async def test_publish_without_redis_drops_here_and_never_fails() -> None:
    bus, dropped = CacheBus(), []
    bus.register(STOREFRONT, dropped.append)
    bus.redis = Redis.from_url("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        await bus.publish(STOREFRONT, "t")
    finally:
        await bus.redis.aclose()
    assert dropped == ["t"]


async def test_publish_reaches_a_subscriber(settings: Settings) -> None:
    redis = Redis.from_url(settings.redis_url)
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(CHANNEL)
        bus = CacheBus()
        bus.redis = redis
        await bus.publish(STOREFRONT, "t")
        message = None
        for _ in range(20):  # the first reads consume the subscription's confirmation
            message = message or await pubsub.get_message(timeout=0.1)
        assert message is not None and message["data"] == b'{"kind":"storefront","key":"t"}'
    finally:
        await pubsub.aclose()
        await redis.aclose()


async def test_entries_are_dropped_when_the_subscription_comes_back(settings: Settings) -> None:
    """Invalidations published while a process was not subscribed are lost: on
    resubscribing, the process drops everything the bus covers."""
    root = ROOT / ".edestory" / f"test-cache-bus-{id(settings)}"
    shutil.rmtree(root, ignore_errors=True)
    server = EmbeddedRedis(root)
    server.start()
    redis = Redis.from_url(server.url)
    bus, dropped = CacheBus(), []
    bus.register(STOREFRONT, dropped.append)
    hub = EventHub(redis, channels={CHANNEL: bus.dispatch}, on_resubscribe=bus.reset)
    bus.redis = redis
    hub.start()
    try:
        await asyncio.wait_for(hub.ready.wait(), 10)
        other = Redis.from_url(server.url)  # another process's publish reaches this hub
        await other.publish(CHANNEL, b'{"kind": "storefront", "key": "t1"}')
        await other.aclose()
        await _until_true(lambda: dropped == ["t1"])
        server.stop()
        await _until_true(lambda: not hub.ready.is_set())
        await bus.publish(STOREFRONT, "t2")  # Redis down: dropped here, logged, no error
        assert dropped == ["t1", "t2"]
        server.start()
        await _until_true(lambda: hub.ready.is_set(), 15)
        await _until_true(lambda: dropped == ["t1", "t2", None])
    finally:
        await hub.stop()
        await redis.aclose()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def _until_true(check: Any, seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.02)):
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("never happened")


def test_a_catalog_write_drops_only_that_tenants_local_answers() -> None:
    cache = ResponseCache(CachePolicy())
    mine, other = uuid.uuid4(), uuid.uuid4()
    keys = [ResponseCache.key(t, uuid.uuid4(), ["q"]) for t in (mine, mine, other)]
    for key in keys:
        cache._remember(key, b"1", Cached(b"{}", '"e"', "application/json"))
    bus = CacheBus()
    bus.register(RESPONSES, cache.forget)
    bus.dispatch(b'{"kind": "responses", "key": "%s"}' % str(mine).encode())
    assert list(cache._local) == keys[2:]
