"""Outbound webhooks through a real worker process to a local HTTP receiver."""

from __future__ import annotations

import asyncio
import re
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id, to_global_id
from app.settings import Settings
from tests.catalog.product_support import create_product
from tests.events.receiver import receiver
from tests.events.support import worker_process
from tests.helpers import TenantFactory, TenantSetup, error_codes, gql

ROOT = Path(__file__).resolve().parents[2]
CREATE = """
mutation ($topic: String!, $url: String!) { webhookSubscriptionCreate(topic: $topic, url: $url) {
  webhookSubscription { id topic url active } secret userErrors { field code message } } }"""
DELIVERIES = """
query ($sub: ID) { webhookDeliveries(first: 50, filter: {subscriptionId: $sub}) { nodes {
  status attempts responseCode latencyMs error eventId topic } } }"""
SUBSCRIPTIONS = "{ webhookSubscriptions(first: 10) { nodes { id active } } }"
RETRY = """
mutation ($id: ID!) { webhookDeliveryRetry(id: $id) {
  delivery { status attempts } userErrors { code } } }"""


async def delivery_uuid(engine: AsyncEngine, tenant: TenantSetup) -> uuid.UUID:
    """The id of the tenant's one delivery."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        found: uuid.UUID = (
            await conn.execute(text("SELECT id FROM webhook_deliveries"))
        ).scalar_one()
    return found


def documented_verify() -> Any:
    """The `verify` function of README.md's snippet, run as a reader would paste it."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```python\n(import base64.*?)```", readme, re.S)
    assert block is not None, "README lost its verification snippet"
    namespace: dict[str, Any] = {}
    exec(block.group(1), namespace)  # noqa: S102 - our own README
    return namespace["verify"]


@pytest.fixture(scope="module")
def worker(settings: Settings) -> Iterator[None]:
    with worker_process(settings, EDESTORY_WEBHOOK_DISABLE_AFTER="6"):
        yield


async def subscribe(
    client: httpx.AsyncClient, tenant: TenantSetup, url: str, topic: str = "product.created"
) -> dict[str, Any]:
    body = await gql(client, CREATE, {"topic": topic, "url": url}, tenant.staff)
    payload: dict[str, Any] = body["data"]["webhookSubscriptionCreate"]
    assert payload["userErrors"] == []
    return payload


async def deliveries(
    client: httpx.AsyncClient, tenant: TenantSetup, sub: str
) -> list[dict[str, Any]]:
    body = await gql(client, DELIVERIES, {"sub": sub}, tenant.staff)
    nodes: list[dict[str, Any]] = body["data"]["webhookDeliveries"]["nodes"]
    return nodes


async def settled(
    client: httpx.AsyncClient, engine: AsyncEngine, tenant: TenantSetup, sub: str, status: str
) -> dict[str, Any]:
    """The subscription's delivery once it has `status`. Polled in SQL: the worker commits
    between the two executors' runs of a GraphQL poll, which would then differ."""
    decoded = decode_global_id(sub)
    assert decoded is not None
    for _ in range(300):
        async with tenant_transaction(engine, tenant.tenant_id) as conn:
            found = (
                await conn.execute(
                    text("SELECT status FROM webhook_deliveries WHERE subscription_id = :s"),
                    {"s": decoded[1]},
                )
            ).scalar_one_or_none()
        if found == status:
            return (await deliveries(client, tenant, sub))[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"delivery never {status}: {found}")


async def test_a_signed_delivery_verifies_with_the_documented_snippet(
    worker: None, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Hooked")
    async with receiver() as hooks:
        created = await subscribe(client, tenant, hooks.url)
        assert re.fullmatch(r"whsec_[A-Za-z0-9+/]+=*", created["secret"])
        assert created["webhookSubscription"]["active"] is True
        product = await create_product(client, tenant, title="Signed")
        (request,) = await hooks.wait_for(1)
        sub = created["webhookSubscription"]["id"]
        delivery = await settled(client, engine, tenant, sub, "SUCCEEDED")
    verify = documented_verify()
    assert verify(created["secret"], request.headers, request.body)
    assert not verify(created["secret"], request.headers, request.body + b" ")
    body = orjson.loads(request.body)
    assert body["topic"] == "product.created" == request.headers["x-edestory-topic"]
    assert body["payload"]["id"] == product["id"]
    assert body["storeId"] == tenant.store_gid
    assert request.headers["webhook-id"] == body["id"] == delivery["eventId"]
    assert delivery["attempts"] == 1 and delivery["responseCode"] == 200


async def test_a_receiver_failing_three_times_gets_the_event_once_after_retries(
    worker: None, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Flaky")
    async with receiver(statuses=[500, 503, 500, 200]) as hooks:
        created = await subscribe(client, tenant, hooks.url)
        sub = created["webhookSubscription"]["id"]
        await create_product(client, tenant, title="Eventually")
        delivery = await settled(client, engine, tenant, sub, "SUCCEEDED")
        await asyncio.sleep(1)  # no further attempt after the success
        requests = hooks.requests
    assert len(requests) == 4
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    assert delivery["attempts"] == 4 and delivery["responseCode"] == 200


async def test_a_subscription_failing_on_and_on_is_disabled_with_an_event(
    worker: None, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Down")
    async with receiver(statuses=[500]) as hooks:
        created = await subscribe(client, tenant, hooks.url)
        sub = created["webhookSubscription"]["id"]
        await create_product(client, tenant, title="Into the void")
        failed = await settled(client, engine, tenant, sub, "FAILED")
    assert failed["attempts"] == 6 and failed["responseCode"] == 500
    body = await gql(client, SUBSCRIPTIONS, headers=tenant.staff)
    assert body["data"]["webhookSubscriptions"]["nodes"] == [{"id": sub, "active": False}]
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        disabled = (
            await conn.execute(text("SELECT payload FROM events WHERE topic = 'webhook.disabled'"))
        ).scalar_one()
    assert disabled["id"] == sub
    # A retry makes it due at once; the worker's sweep attempts it, and as the
    # subscription is off, records why it was not sent.
    delivery_gid = to_global_id("WebhookDelivery", await delivery_uuid(engine, tenant))
    body = await gql(client, RETRY, {"id": delivery_gid}, tenant.staff)
    assert body["data"]["webhookDeliveryRetry"] == {
        "delivery": {"status": "PENDING", "attempts": 6},
        "userErrors": [],
    }
    retried = await settled(client, engine, tenant, sub, "FAILED")
    assert retried["attempts"] == 7
    assert retried["error"] == "The subscription is disabled"


async def test_a_worker_killed_during_a_delivery_does_not_lose_it(
    settings: Settings, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Killed")
    # The first request is held past the kill; the second is answered at once.
    async with receiver(hold=[30.0]) as hooks:
        created = await subscribe(client, tenant, hooks.url)
        sub = created["webhookSubscription"]["id"]
        with worker_process(settings) as first:
            await create_product(client, tenant, title="Mid-flight")
            await hooks.wait_for(1)
            first.send_signal(signal.SIGKILL)
            first.wait()
        assert (await deliveries(client, tenant, sub))[0]["status"] == "PENDING"
        with worker_process(settings):
            delivery = await settled(client, engine, tenant, sub, "SUCCEEDED")
        requests = hooks.requests
    assert len(requests) == 2
    assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
    assert delivery["attempts"] == 2


async def test_retry_refuses_a_delivered_or_unknown_delivery(
    worker: None, client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Retry")
    async with receiver() as hooks:
        created = await subscribe(client, tenant, hooks.url)
        await create_product(client, tenant, title="Done once")
        await settled(client, engine, tenant, created["webhookSubscription"]["id"], "SUCCEEDED")
    delivered = to_global_id("WebhookDelivery", await delivery_uuid(engine, tenant))
    unknown = to_global_id("WebhookDelivery", uuid.uuid4())
    codes = []
    for delivery_id in (delivered, unknown):
        body = await gql(client, RETRY, {"id": delivery_id}, tenant.staff)
        assert body["data"]["webhookDeliveryRetry"]["delivery"] is None
        codes.append(body["data"]["webhookDeliveryRetry"]["userErrors"][0]["code"])
    assert codes == ["ALREADY_DELIVERED", "NOT_FOUND"]
    # A malformed ID is refused at the ID scalar, before the mutation runs.
    body = await gql(client, RETRY, {"id": "not-an-id"}, tenant.staff)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert len(hooks.requests) == 1


async def test_subscriptions_refuse_bad_urls_and_topics(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Picky")
    cases = [
        ("product.created", "ftp://example.com/x", "INVALID_URL"),
        ("product.created", "not a url", "INVALID_URL"),
        ("no.such", "https://example.com/x", "UNKNOWN_TOPIC"),
    ]
    for topic, url, code in cases:
        body = await gql(client, CREATE, {"topic": topic, "url": url}, tenant.staff)
        payload = body["data"]["webhookSubscriptionCreate"]
        assert payload["webhookSubscription"] is None and payload["secret"] is None
        assert [e["code"] for e in payload["userErrors"]] == [code]
    body = await gql(client, SUBSCRIPTIONS, headers=tenant.staff)
    assert body["data"]["webhookSubscriptions"]["nodes"] == []


async def test_webhooks_need_the_webhooks_manage_scope(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Scopeless")
    key = await tenants.api_key(tenant, ["catalog:write"])
    body = await gql(
        client,
        CREATE,
        {"topic": "product.created", "url": "https://example.com/x"},
        {"Authorization": f"Bearer {key}"},
    )
    assert body["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "requiredScope": "webhooks:manage",
    }
