"""Webhook queries: subscriptions and the delivery log, oldest first (webhooks:manage)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import strawberry
from sqlalchemy import select

from app.events.models import events, webhook_deliveries, webhook_subscriptions
from app.events.webhook_types import (
    WebhookDelivery,
    WebhookDeliveryFilter,
    WebhookSubscription,
    subscription_uuid,
)
from app.graphql.context import Info, require_admin
from app.graphql.errors import BadUserInput
from app.graphql.node import NodeResolver
from app.graphql.pagination import (
    Connection,
    PageArgs,
    SortKey,
    build_connection,
    page_statement,
)

d, s = webhook_deliveries, webhook_subscriptions
SUBSCRIPTION_ORDER = SortKey(columns=[s.c.created_at, s.c.id])
DELIVERY_ORDER = SortKey(columns=[d.c.created_at, d.c.id])


def _deliveries(tenant_id: uuid.UUID) -> Any:
    return (
        select(d, events.c.topic)
        .join(events, (events.c.tenant_id == d.c.tenant_id) & (events.c.id == d.c.event_id))
        .where(d.c.tenant_id == tenant_id)
    )


async def delivery_by_id(info: Info, delivery_id: uuid.UUID) -> Any:
    principal = info.context.principal
    assert principal.tenant_id
    statement = _deliveries(principal.tenant_id).where(d.c.id == delivery_id)
    return (await info.context.db.execute(statement)).one()


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="The tenant's webhook subscriptions, oldest first.")
    async def webhook_subscriptions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookSubscription]:
        principal = require_admin(info, "webhooks:manage")
        args = PageArgs(first, after, last, before)
        statement = select(s).where(s.c.tenant_id == principal.tenant_id)
        rows = (
            await info.context.db.execute(page_statement(statement, SUBSCRIPTION_ORDER, args))
        ).all()
        return build_connection(
            rows, args, WebhookSubscription.from_row, lambda r: (r.created_at, r.id)
        )

    @strawberry.field(description="Deliveries of events to webhook subscriptions, oldest first.")
    async def webhook_deliveries(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: WebhookDeliveryFilter | None = None,
    ) -> Connection[WebhookDelivery]:
        principal = require_admin(info, "webhooks:manage")
        assert principal.tenant_id
        args = PageArgs(first, after, last, before)
        statement = _deliveries(principal.tenant_id)
        if filter is not None and filter.subscription_id is not None:
            sub = subscription_uuid(filter.subscription_id)
            if sub is None:
                raise BadUserInput("`filter.subscriptionId` is not a valid ID", argument="filter")
            statement = statement.where(d.c.subscription_id == sub)
        if filter is not None and filter.status is not None:
            statement = statement.where(d.c.status == filter.status.value)
        rows = (
            await info.context.db.execute(page_statement(statement, DELIVERY_ORDER, args))
        ).all()
        return build_connection(
            rows, args, WebhookDelivery.from_row, lambda r: (r.created_at, r.id)
        )


async def _subscriptions_by_node(info: Info, ids: list[uuid.UUID]) -> Mapping[uuid.UUID, Any]:
    """`node(id)` for webhook subscriptions: as `webhookSubscriptions` (webhooks:manage)."""
    principal = info.context.principal
    if not (principal.is_admin and principal.has_scope("webhooks:manage")):
        return {}
    rows = (
        await info.context.db.execute(
            select(s).where(s.c.tenant_id == principal.tenant_id, s.c.id.in_(ids))
        )
    ).all()
    return {r.id: WebhookSubscription.from_row(r) for r in rows}


NODE_RESOLVERS: dict[str, NodeResolver] = {"WebhookSubscription": _subscriptions_by_node}
