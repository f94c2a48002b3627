"""Webhook mutations: thin resolvers over app/events/webhooks.py (scope webhooks:manage)."""

from __future__ import annotations

import uuid

import strawberry

from app.errors import ServiceError
from app.events import webhooks
from app.events.errors import WebhookErrorCode
from app.events.webhook_queries import delivery_by_id
from app.events.webhook_types import WebhookDelivery, WebhookSubscription
from app.graphql.context import Info, require_admin
from app.graphql.ids import parse_global_id
from app.graphql.user_errors import UserError, user_error

WebhookErrorCodeEnum = strawberry.enum(WebhookErrorCode)


@strawberry.type
class WebhookUserError(UserError[WebhookErrorCode]):
    pass


@strawberry.type
class WebhookSubscriptionCreatePayload:
    webhook_subscription: WebhookSubscription | None = None
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (`whsec_...`), shown this once.",
    )
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookSubscriptionDeletePayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookDeliveryRetryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


def _id(value: str, type_name: str) -> uuid.UUID:
    found = parse_global_id(value, type_name)
    if found is None:
        raise ServiceError(WebhookErrorCode.NOT_FOUND, f"{type_name} not found", ["id"])
    return found


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Send `topic` events to `url`, signed (Standard Webhooks); the payload "
        "holds the signing secret, this once."
    )
    async def webhook_subscription_create(
        self, info: Info, topic: str, url: str
    ) -> WebhookSubscriptionCreatePayload:
        principal = require_admin(info, "webhooks:manage")
        assert principal.tenant_id
        try:
            async with info.context.db.unit_of_work():
                row, secret = await webhooks.create_subscription(
                    db=info.context.db,
                    tenant_id=principal.tenant_id,
                    data=webhooks.SubscriptionCreate(
                        topic=topic, url=url, created_by=principal.staff_id
                    ),
                    allow_private=info.context.settings.webhooks_allow_private,
                )
        except ServiceError as exc:
            return WebhookSubscriptionCreatePayload(user_errors=[user_error(WebhookUserError, exc)])
        return WebhookSubscriptionCreatePayload(
            webhook_subscription=WebhookSubscription.from_row(row), secret=secret
        )

    @strawberry.mutation(description="Stop sending events to a subscription; forget its log.")
    async def webhook_subscription_delete(
        self, info: Info, id: strawberry.ID
    ) -> WebhookSubscriptionDeletePayload:
        principal = require_admin(info, "webhooks:manage")
        assert principal.tenant_id
        try:
            async with info.context.db.unit_of_work():
                await webhooks.delete_subscription(
                    db=info.context.db,
                    tenant_id=principal.tenant_id,
                    subscription_id=_id(id, "WebhookSubscription"),
                )
        except ServiceError as exc:
            return WebhookSubscriptionDeletePayload(user_errors=[user_error(WebhookUserError, exc)])
        return WebhookSubscriptionDeletePayload(deleted_id=id)

    @strawberry.mutation(
        description="Send a failed or waiting delivery again: due now, the worker's sweep "
        "attempts it within seconds."
    )
    async def webhook_delivery_retry(
        self, info: Info, id: strawberry.ID
    ) -> WebhookDeliveryRetryPayload:
        principal = require_admin(info, "webhooks:manage")
        assert principal.tenant_id
        try:
            ref = await webhooks.retry_delivery(
                db=info.context.db,
                tenant_id=principal.tenant_id,
                delivery_id=_id(id, "WebhookDelivery"),
            )
        except ServiceError as exc:
            return WebhookDeliveryRetryPayload(user_errors=[user_error(WebhookUserError, exc)])
        row = await delivery_by_id(info, ref.delivery_id)
        return WebhookDeliveryRetryPayload(delivery=WebhookDelivery.from_row(row))
