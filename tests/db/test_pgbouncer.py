"""The API, its worker and subscriptions through a real PgBouncer in transaction mode.

The module's app reaches PostgreSQL only through PgBouncer (pool_mode=transaction, two
server connections) with prepared statements off (EDESTORY_DB_PREPARED_STATEMENTS=0); the
outbox relay LISTENs on the direct URL (DATABASE_DIRECT_URL). The storefront, cart,
checkout, subscription and worker (webhook delivery) tests below are the suites' own test
functions, run again here against this app and against `edestory serve` and `edestory
worker` processes configured the same way, on both executors as everywhere. Skipped, with
the reason shown, when Debian's `pgbouncer` is not installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import orjson
import pytest
from asgi_lifespan import LifespanManager
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.embedded import StackUrls
from app.events.bus import CHANNEL
from app.events.relay import Relay
from app.main import create_app
from app.settings import Settings
from tests.cart import test_cart
from tests.catalog import test_storefront_products as storefront
from tests.catalog.product_support import create_product
from tests.checkout import test_checkout
from tests.events import test_subscriptions, test_webhooks
from tests.events.support import api_server, worker_process
from tests.executors import serve_comparing
from tests.helpers import TenantFactory, TenantSetup, gql
from tests.pgbouncer import MISSING, PgBouncer, find_pgbouncer

POOL_SIZE = 2  # PgBouncer's server connections: fewer than the clients that share them
CLIENTS = 6

# The suites' own flows, collected again in this module with its fixtures below.
test_storefront_lists_only_active_products = storefront.test_only_active_products_are_visible
test_storefront_filters = storefront.test_filters
test_storefront_of_another_tenant = storefront.test_another_tenants_storefront_sees_nothing
test_cart_flow = test_cart.test_cart_flow_prices_include_tax
test_checkout_flow = test_checkout.test_checkout_reserves_pays_and_orders
test_checkout_stripe_failure = test_checkout.test_stripe_failure_releases_the_stock
test_subscription_events = (
    test_subscriptions.test_a_subscriber_receives_its_tenants_events_and_none_of_another
)
test_subscription_order_events = (
    test_subscriptions.test_order_events_of_an_order_paid_through_checkout_reach_only_its_tenant
)
test_worker_delivers_a_signed_webhook = (
    test_webhooks.test_a_signed_delivery_verifies_with_the_documented_snippet
)
test_worker_retries_a_failing_receiver = (
    test_webhooks.test_a_receiver_failing_three_times_gets_the_event_once_after_retries
)
seeded = storefront.seeded

LIST = "query { products(first: 50) { nodes { title } } }"


@pytest.fixture(scope="module")
def bouncer(stack_urls: StackUrls) -> Iterator[PgBouncer]:
    binary = find_pgbouncer()
    if binary is None:
        pytest.skip(MISSING)
    with PgBouncer(binary, [stack_urls.database_url], pool_size=POOL_SIZE).running() as running:
        yield running


@pytest.fixture(scope="module")
def bouncer_settings(settings: Settings, bouncer: PgBouncer) -> Settings:
    """The suite's settings with the application role's URL pointing at PgBouncer."""
    return settings.with_overrides(
        database_url=bouncer.url(settings.database_url),
        database_direct_url=settings.database_url,
        db_prepared_statements=False,
        db_pool_size=CLIENTS,
    )


@pytest.fixture(scope="module")
async def app(bouncer_settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(bouncer_settings)
    if bouncer_settings.fast_execution:
        serve_comparing(application, bouncer_settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture(scope="module")
def engine(app: Starlette) -> AsyncEngine:
    return app.state.resources.engine  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
async def tenants(app: Starlette) -> TenantFactory:
    return TenantFactory(app)


@pytest.fixture(scope="module")
def server(bouncer_settings: Settings) -> Iterator[str]:
    """`edestory serve` configured through the environment as an operator would."""
    with api_server(bouncer_settings) as base:
        yield base


@pytest.fixture
def worker(bouncer_settings: Settings) -> Iterator[None]:
    """`edestory worker` through PgBouncer; its relay LISTENs on DATABASE_DIRECT_URL. Per
    test: no relay of it may run beside the relay test below."""
    with worker_process(bouncer_settings, EDESTORY_WEBHOOK_DISABLE_AFTER="6"):
        yield


@contextlib.asynccontextmanager
async def running_relay(app: Starlette, listen_url: str, sweep: float) -> AsyncIterator[Relay]:
    resources = app.state.resources
    relay = Relay(resources.engine, resources.redis, database_url=listen_url, sweep_seconds=sweep)
    task = asyncio.create_task(relay.run())
    try:
        yield relay
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
async def relay(app: Starlette, bouncer_settings: Settings) -> AsyncIterator[Relay]:
    async with running_relay(app, bouncer_settings.direct_url, 0.5) as running:
        yield running


def test_the_app_reaches_postgresql_through_pgbouncer(app: Starlette, bouncer: PgBouncer) -> None:
    """Guards the rest of the module: a configuration slip would test the direct path."""
    settings: Settings = app.state.resources.settings
    assert f"@127.0.0.1:{bouncer.port}/" in settings.database_url
    assert settings.direct_url != settings.database_url
    assert not settings.db_prepared_statements


async def test_tenants_share_server_connections_without_seeing_each_other(
    client: httpx.AsyncClient, tenants: TenantFactory, bouncer_settings: Settings
) -> None:
    """Many client connections, two server connections: every transaction of either
    tenant may land on either server, and each sees only its own rows, through the app and
    on plain connections; outside a transaction no tenant setting is left behind."""
    a, b = await tenants.create("Bouncer A"), await tenants.create("Bouncer B")
    await create_product(client, a, title="Only A", status="ACTIVE")
    await create_product(client, b, title="Only B", status="ACTIVE")

    async def titles(tenant: TenantSetup) -> list[str]:
        body = await gql(client, LIST, None, tenant.storefront)
        assert "errors" not in body, body
        return [n["title"] for n in body["data"]["products"]["nodes"]]

    answers = await asyncio.gather(*(titles((a, b)[i % 2]) for i in range(4 * CLIENTS)))
    assert answers == [["Only A"] if i % 2 == 0 else ["Only B"] for i in range(4 * CLIENTS)]

    served: dict[uuid.UUID, set[int]] = {a.tenant_id: set(), b.tenant_id: set()}

    async def units(conn: asyncpg.Connection, first: int) -> None:
        for i in range(first, first + 8):
            tenant = (a, b)[i % 2].tenant_id
            async with conn.transaction():
                await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant))
                served[tenant].add(await conn.fetchval("SELECT pg_backend_pid()"))
                seen = await conn.fetch("SELECT DISTINCT tenant_id FROM products")
                assert [r["tenant_id"] for r in seen] == [tenant]
                await asyncio.sleep(0.005)  # hold the server while other clients queue
            # Between transactions the server may be another one, with nobody's tenant.
            left = await conn.fetchval("SELECT current_setting('app.tenant_id', true)")
            assert left in ("", None)
            assert await conn.fetchval("SELECT count(*) FROM products") == 0

    conns = [
        await asyncpg.connect(bouncer_settings.database_url, statement_cache_size=0)
        for _ in range(CLIENTS)
    ]
    try:
        await asyncio.gather(*(units(conn, n) for n, conn in enumerate(conns)))
    finally:
        for conn in conns:
            await conn.close()
    pids = served[a.tenant_id] | served[b.tenant_id]
    assert len(pids) <= POOL_SIZE  # six clients, two PostgreSQL sessions
    assert served[a.tenant_id] & served[b.tenant_id]  # one session served both tenants


async def _published_within(redis: Redis, seconds: float, create: object) -> bool:
    """Whether an event reaches Redis within `seconds` of awaiting `create`."""
    async with redis.pubsub() as pubsub:
        await pubsub.subscribe(CHANNEL)
        await create  # type: ignore[misc]
        deadline = asyncio.get_running_loop().time() + seconds
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=left)
            if message is not None and orjson.loads(message["data"])["topic"] == "product.created":
                return True
    return False


async def test_the_relay_wakes_on_notify_only_over_the_direct_url(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    bouncer_settings: Settings,
) -> None:
    """With a sweep far away, only NOTIFY can wake the relay in time. LISTEN through a
    transaction pooler registers a server session the listener no longer holds."""
    tenant = await tenants.create("Bouncer relay")
    redis = app.state.resources.redis
    async with running_relay(app, bouncer_settings.direct_url, sweep=60):
        await asyncio.sleep(0.5)  # past its first drain, waiting
        created = create_product(client, tenant, title="Woken")
        assert await _published_within(redis, 5, created)
    async with running_relay(app, bouncer_settings.database_url, sweep=60):
        await asyncio.sleep(0.5)
        created = create_product(client, tenant, title="Missed")
        assert not await _published_within(redis, 2, created)
