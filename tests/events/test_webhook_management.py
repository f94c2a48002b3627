"""webhookSubscriptionUpdate (URL, switching off and on: on again resets the failure run) and
webhookSubscriptionRotateSecret (the new secret once; both secrets sign during the grace
period, verified with README's snippet on deliveries a real worker makes)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.graphql.ids import to_global_id
from app.settings import Settings
from tests.catalog.product_support import create_product
from tests.events.receiver import receiver
from tests.events.support import worker_process
from tests.events.test_webhooks import documented_verify, settled, subscribe
from tests.helpers import TenantFactory, TenantSetup, gql, raw

FIELDS = "id url active disabledAt previousSecretExpiresAt"
UPDATE = f"""
mutation ($id: ID!, $input: WebhookSubscriptionUpdateInput!) {{
  webhookSubscriptionUpdate(id: $id, input: $input) {{
    webhookSubscription {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
ROTATE = f"""
mutation ($id: ID!) {{ webhookSubscriptionRotateSecret(id: $id) {{
  webhookSubscription {{ {FIELDS} }} secret userErrors {{ field code message }} }} }}"""


@pytest.fixture(scope="module")
def worker(settings: Settings) -> Iterator[None]:
    with worker_process(settings):
        yield


async def update(
    client: httpx.AsyncClient, tenant: TenantSetup, sub: str, **changes: Any
) -> dict[str, Any]:
    body = await gql(client, UPDATE, {"id": sub, "input": changes}, tenant.staff)
    payload: dict[str, Any] = body["data"]["webhookSubscriptionUpdate"]
    return payload


async def failures(engine: AsyncEngine, tenant: TenantSetup, sub: str) -> int:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        count: int = (
            await conn.execute(
                text("SELECT consecutive_failures FROM webhook_subscriptions WHERE id = :s"),
                {"s": raw(sub)},
            )
        ).scalar_one()
    return count


async def test_update_changes_the_url_and_switches_off_and_on_again(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Hook update")
    created = await subscribe(client, tenant, "https://example.com/a")
    sub = created["webhookSubscription"]["id"]

    moved = await update(client, tenant, sub, url="https://example.com/b")
    assert moved["userErrors"] == []
    assert moved["webhookSubscription"]["url"] == "https://example.com/b"
    off = await update(client, tenant, sub, enabled=False)
    assert off["webhookSubscription"]["active"] is False
    assert off["webhookSubscription"]["disabledAt"] is not None

    # Switched off by a run of failures, then on again by hand: the run starts from zero.
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE webhook_subscriptions SET consecutive_failures = 100 WHERE id = :s"),
            {"s": raw(sub)},
        )
    on = await update(client, tenant, sub, enabled=True)
    assert on["userErrors"] == []
    assert on["webhookSubscription"]["active"] is True
    assert on["webhookSubscription"]["disabledAt"] is None
    assert await failures(engine, tenant, sub) == 0

    # Bad input is a userError and changes nothing.
    cases = [
        (sub, {"url": "ftp://example.com/x"}, ["input", "url"], "INVALID_URL"),
        (sub, {"url": "not a url", "enabled": False}, ["input", "url"], "INVALID_URL"),
        (to_global_id("WebhookSubscription", uuid.uuid4()), {"enabled": True}, ["id"], "NOT_FOUND"),
        (to_global_id("Product", uuid.uuid4()), {"enabled": True}, ["id"], "NOT_FOUND"),
    ]
    for target, changes, field, code in cases:
        refused = await update(client, tenant, target, **changes)
        assert refused["webhookSubscription"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(field, code)]
    still = await update(client, tenant, sub)
    assert still["webhookSubscription"]["url"] == "https://example.com/b"
    assert still["webhookSubscription"]["active"] is True

    # Another tenant's subscription is not found, and stays as it is.
    other = await tenants.create("Hook update other")
    foreign = await update(client, other, sub, enabled=False)
    assert [e["code"] for e in foreign["userErrors"]] == ["NOT_FOUND"]
    assert (await update(client, tenant, sub))["webhookSubscription"]["active"] is True


async def test_update_and_rotate_need_the_webhooks_manage_scope(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Hook scope")
    sub = (await subscribe(client, tenant, "https://example.com/a"))["webhookSubscription"]["id"]
    key = await tenants.api_key(tenant, ["catalog:write"])
    headers = {"Authorization": f"Bearer {key}"}
    for query, variables in (
        (UPDATE, {"id": sub, "input": {"enabled": False}}),
        (ROTATE, {"id": sub}),
    ):
        body = await gql(client, query, variables, headers)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_rotated_secret_signs_beside_the_old_one_until_the_grace_period_ends(
    worker: None,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    tenant = await tenants.create("Hook rotate")
    verify = documented_verify()
    async with receiver() as hooks:
        created = await subscribe(client, tenant, hooks.url)
        sub, old = created["webhookSubscription"]["id"], created["secret"]
        body = await gql(client, ROTATE, {"id": sub}, tenant.staff)
        rotated = body["data"]["webhookSubscriptionRotateSecret"]
        assert rotated["userErrors"] == []
        new = rotated["secret"]
        assert new.startswith("whsec_") and new != old
        assert rotated["webhookSubscription"]["previousSecretExpiresAt"] is not None

        await create_product(client, tenant, title="Both secrets")
        (first,) = await hooks.wait_for(1)
        await settled(client, engine, tenant, sub, "SUCCEEDED")
        assert len(first.headers["webhook-signature"].split()) == 2
        assert verify(old, first.headers, first.body) and verify(new, first.headers, first.body)

        # The grace period over, only the new secret signs.
        async with tenant_transaction(engine, tenant.tenant_id) as conn:
            await conn.execute(
                text(
                    "UPDATE webhook_subscriptions "
                    "SET previous_secret_expires_at = now() - interval '1 second'"
                )
            )
            await conn.execute(text("DELETE FROM webhook_deliveries"))
        await create_product(client, tenant, title="New secret only")
        second = (await hooks.wait_for(2))[1]
        assert len(second.headers["webhook-signature"].split()) == 1
        assert verify(new, second.headers, second.body)
        assert not verify(old, second.headers, second.body)

    unknown = to_global_id("WebhookSubscription", uuid.uuid4())
    body = await gql(client, ROTATE, {"id": unknown}, tenant.staff)
    payload = body["data"]["webhookSubscriptionRotateSecret"]
    assert payload["secret"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
