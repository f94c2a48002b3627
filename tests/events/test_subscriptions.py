"""Subscriptions over a real websocket against a real `edestory serve` process."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.exceptions import ConnectionClosedError

from app.automation import job_runs
from app.db.tenant import RequestDB
from app.events.relay import Relay
from app.graphql.ids import to_global_id
from app.settings import Settings
from tests.cart.support import eu_zone, variant
from tests.catalog.product_support import create_product
from tests.checkout.support import CHECKOUT_COMPLETE, create_checkout, intent_id, ready_cart
from tests.events.support import api_server, gql_socket
from tests.helpers import TenantFactory, gql
from tests.stripe_stub import StripeStub

EVENTS = (
    "subscription ($topics: [String!]) { events(topics: $topics) { id topic storeId payload } }"
)
INVENTORY = """
subscription ($storeId: ID) { inventoryChanged(storeId: $storeId) { topic storeId payload } }"""
INVENTORY_ADJUST = """
mutation ($id: ID!, $delta: Int!) { inventoryAdjust(variantId: $id, delta: $delta) {
  userErrors { code } } }"""


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[str]:
    with api_server(settings) as base:
        yield base


async def test_a_subscriber_receives_its_tenants_events_and_none_of_another(
    server: str, client: httpx.AsyncClient, tenants: TenantFactory, relay: Relay
) -> None:
    ours, theirs = await tenants.create("Ours"), await tenants.create("Theirs")
    async with gql_socket(server) as mine, gql_socket(server) as other:
        assert await mine.init(f"Bearer {ours.access_token}") == {"type": "connection_ack"}
        assert await other.init(f"Bearer {theirs.access_token}") == {"type": "connection_ack"}
        await mine.subscribe("1", EVENTS, {"topics": ["product.created"]})
        await other.subscribe("1", EVENTS, {"topics": ["product.created"]})
        product = await create_product(client, ours, title="Only ours")
        message = await mine.receive()
        assert message["type"] == "next" and message["id"] == "1"
        event = message["payload"]["data"]["events"]
        assert event["topic"] == "product.created"
        assert event["storeId"] == ours.store_gid
        assert event["payload"]["id"] == product["id"]
        assert event["payload"]["title"] == "Only ours"
        uuid.UUID(event["id"])
        # The other tenant's socket saw nothing of it, and gets its own product next.
        await create_product(client, theirs, title="Theirs only")
        theirs_message = await other.receive()
        assert theirs_message["payload"]["data"]["events"]["payload"]["title"] == "Theirs only"
        assert await mine.nothing_within(0.5)


async def test_inventory_changed_follows_adjustments_of_one_store(
    server: str, client: httpx.AsyncClient, tenants: TenantFactory, relay: Relay
) -> None:
    tenant = await tenants.create("Stock watch")
    key = await tenants.api_key(tenant, ["catalog:write"])
    product = await create_product(
        client, tenant, title="Socks", variants=[{"price": "5.00", "inventoryQuantity": 3}]
    )
    variant_id = product["variants"]["nodes"][0]["id"]
    async with gql_socket(server) as socket:
        assert (await socket.init(f"Bearer {key}"))["type"] == "connection_ack"
        await socket.subscribe("s", INVENTORY, {"storeId": tenant.store_gid})
        for delta in (2, -4):
            body = await gql(
                client, INVENTORY_ADJUST, {"id": variant_id, "delta": delta}, tenant.staff
            )
            assert body["data"]["inventoryAdjust"]["userErrors"] == []
        first, second = (await socket.receive(), await socket.receive())
    payloads = [m["payload"]["data"]["inventoryChanged"]["payload"] for m in (first, second)]
    assert [p["onHand"] for p in payloads] == [5, 1]
    assert [p["available"] for p in payloads] == [5, 1]
    assert payloads[0]["variantId"] == variant_id


async def test_a_bad_credential_in_connection_init_closes_the_socket(server: str) -> None:
    async with gql_socket(server) as socket:
        await socket.ws.send(
            '{"type": "connection_init", "payload": {"Authorization": "Bearer nope"}}'
        )
        with pytest.raises(ConnectionClosedError) as raised:
            await socket.receive()
    assert raised.value.rcvd is not None
    assert raised.value.rcvd.code == 4403


async def test_topics_are_checked_against_the_credentials_scopes(
    server: str, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Scoped")
    key = await tenants.api_key(tenant, ["orders:read"])
    async with gql_socket(server) as socket:
        assert (await socket.init(f"Bearer {key}"))["type"] == "connection_ack"
        await socket.subscribe("a", EVENTS, {"topics": ["product.created"]})
        refused = await socket.receive()
        assert await socket.receive() == {"id": "a", "type": "complete"}
        await socket.subscribe("b", EVENTS, {"topics": ["no.such"]})
        unknown = await socket.receive()
    assert refused["type"] == "next"
    assert refused["payload"]["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert unknown["payload"]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_idle_socket_is_pinged(settings: Settings) -> None:
    with api_server(settings, EDESTORY_WS_PING_SECONDS="0.3") as base:
        async with gql_socket(base) as socket:
            await socket.init(None)
            raw = await asyncio.wait_for(socket.ws.recv(), 5)
    assert json.loads(raw) == {"type": "ping"}


JOB_PROGRESS = """
subscription ($id: ID!) { jobProgress(jobId: $id) { status progress { done total } result } }"""


async def test_job_progress_follows_a_run_until_it_finishes(
    server: str, tenants: TenantFactory, engine: AsyncEngine, relay: Relay
) -> None:
    tenant = await tenants.create("Watching a job")
    db = RequestDB(engine, tenant.tenant_id)
    row = await job_runs.create_job(db=db, tenant_id=tenant.tenant_id, kind="import", total=2)
    await db.close(commit=True)
    async with gql_socket(server) as socket:
        assert (await socket.init(f"Bearer {tenant.access_token}"))["type"] == "connection_ack"
        await socket.subscribe("j", JOB_PROGRESS, {"id": to_global_id("Job", row.id)})
        await asyncio.sleep(0.3)

        async def work(progress: job_runs.Progress) -> str:
            await progress(1)
            return "ok"

        await job_runs.run_tracked(
            engine=engine, tenant_id=tenant.tenant_id, job_id=row.id, work=work
        )
        messages = [await socket.receive() for _ in range(4)]
    updates = [m["payload"]["data"]["jobProgress"] for m in messages[:3]]
    assert [(u["status"], u["progress"]["done"]) for u in updates] == [
        ("RUNNING", 0),
        ("RUNNING", 1),
        ("SUCCEEDED", 2),
    ]
    assert updates[-1]["result"] == "ok"
    assert messages[3] == {"id": "j", "type": "complete"}


ORDER_EVENTS = """
subscription ($storeId: ID) { orderEvents(storeId: $storeId) {
  id type message createdAt order { id number status } } }"""


async def test_order_events_of_an_order_paid_through_checkout_reach_only_its_tenant(
    server: str,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    relay: Relay,
) -> None:
    shop, other = await tenants.create("Paid shop"), await tenants.create("Other shop")
    await eu_zone(client, shop)
    shirt = await variant(client, shop, price="10.00", quantity=5)
    cart_id = await ready_cart(client, shop, [{"merchandiseId": shirt, "quantity": 1}])
    async with gql_socket(server) as mine, gql_socket(server) as theirs:
        assert (await mine.init(f"Bearer {shop.access_token}"))["type"] == "connection_ack"
        assert (await theirs.init(f"Bearer {other.access_token}"))["type"] == "connection_ack"
        await mine.subscribe("o", ORDER_EVENTS, {"storeId": shop.store_gid})
        await theirs.subscribe("o", ORDER_EVENTS)
        checkout = (await create_checkout(client, shop, cart_id))["checkout"]
        stripe_stub.succeed(intent_id(checkout))
        body = await gql(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, shop.storefront)
        order = body["data"]["checkoutComplete"]["order"]
        assert order["status"] == "PAID"
        received = [(await mine.receive())["payload"]["data"]["orderEvents"] for _ in range(2)]
        assert await theirs.nothing_within(0.5)
    assert [(e["type"], e["order"]["status"]) for e in received] == [
        ("CREATED", "PAID"),
        ("PAID", "PAID"),
    ]
    assert received[1]["order"] == {"id": order["id"], "number": order["number"], "status": "PAID"}
    assert received[1]["message"] == f"Order #{order['number']} was paid"
