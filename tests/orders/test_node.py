"""node(id) resolves Order, Job and WebhookSubscription with the authorization of their own
queries: staff (and API keys with the scope) of the tenant; a storefront, a key without the
scope and another tenant get null."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.automation.job_runs import create_job
from app.db.tenant import RequestDB
from app.graphql.ids import to_global_id
from tests.events.test_webhooks import subscribe
from tests.helpers import TenantFactory, call, gql
from tests.orders.support import paid_order
from tests.stripe_stub import StripeStub

NODE = """query ($id: ID!) { node(id: $id) { id __typename
  ... on Order { number status }
  ... on Job { kind jobStatus: status }
  ... on WebhookSubscription { url active } } }"""
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }"


async def test_node_resolves_orders_jobs_and_webhook_subscriptions_for_their_readers(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Nodes")
    order = await paid_order(client, tenant, stripe_stub, (1,))
    db = RequestDB(engine, tenant.tenant_id)
    job = await create_job(db=db, tenant_id=tenant.tenant_id, kind="test.node")
    await db.close(commit=True)
    job_id = to_global_id("Job", job.id)
    hook = (await subscribe(client, tenant, "https://example.com/hook"))["webhookSubscription"]

    expected = {
        order["id"]: {"__typename": "Order", "number": order["number"], "status": "PAID"},
        job_id: {"__typename": "Job", "kind": "test.node", "jobStatus": "QUEUED"},
        hook["id"]: {"__typename": "WebhookSubscription", "url": hook["url"], "active": True},
    }
    for gid, fields in expected.items():
        body = await gql(client, NODE, {"id": gid}, tenant.staff)
        assert body["data"]["node"] == {"id": gid, **fields}
    body = await gql(client, NODES, {"ids": list(expected)}, tenant.staff)
    assert [n["__typename"] for n in body["data"]["nodes"]] == [
        "Order",
        "Job",
        "WebhookSubscription",
    ]

    # Each needs its own query's scope.
    scoped = {
        order["id"]: "orders:read",
        job_id: "automation:read",
        hook["id"]: "webhooks:manage",
    }
    for gid, scope in scoped.items():
        allowed = await tenants.api_key(tenant, [scope])
        body = await gql(client, NODE, {"id": gid}, {"Authorization": f"Bearer {allowed}"})
        assert body["data"]["node"]["id"] == gid
        other_scopes = [s for s in scoped.values() if s != scope]
        denied = await tenants.api_key(tenant, other_scopes)
        body = await gql(client, NODE, {"id": gid}, {"Authorization": f"Bearer {denied}"})
        assert body["data"]["node"] is None

    # A storefront reads an order with its token (order(id, token)), never by node.
    for gid in expected:
        body = await call(client, NODE, {"id": gid}, tenant.storefront)
        assert body["data"]["node"] is None
    # Another tenant's staff: null, as an unknown id is.
    other = await tenants.create("Nodes other")
    unknown = [to_global_id(t, uuid.uuid4()) for t in ("Order", "Job", "WebhookSubscription")]
    for gid in [*expected, *unknown]:
        body = await gql(client, NODE, {"id": gid}, other.staff)
        assert body["data"]["node"] is None
