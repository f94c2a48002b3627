"""Webhook mutations: thin resolvers over app/events/webhooks.py (scope webhooks:manage)."""

from __future__ import annotations

import strawberry

from app.events import webhooks
from app.events.errors import WebhookErrorCode
from app.events.scheduling import AttemptRef
from app.events.webhook_queries import delivery_by_id
from app.events.webhook_types import WebhookDelivery, WebhookSubscription
from app.graphql.context import Info
from app.graphql.mutations import MutationCall, run_mutation
from app.graphql.user_errors import UserError

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


@strawberry.input(description="What to change; a field left out stays as it is.")
class WebhookSubscriptionUpdateInput:
    url: str | None = None
    enabled: bool | None = strawberry.field(
        default=None,
        description="false switches the subscription off; true switches it on again and "
        "starts its count of failed attempts from zero.",
    )


@strawberry.type
class WebhookSubscriptionUpdatePayload:
    webhook_subscription: WebhookSubscription | None = None
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookSubscriptionRotateSecretPayload:
    webhook_subscription: WebhookSubscription | None = None
    secret: str | None = strawberry.field(
        default=None,
        description="The new signing secret (`whsec_...`), shown this once. Until "
        "`previousSecretExpiresAt` deliveries are signed with the old secret too.",
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


SCOPE = "webhooks:manage"
NOT_FOUND = WebhookErrorCode.NOT_FOUND


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Send `topic` events to `url`, signed (Standard Webhooks); the payload "
        "holds the signing secret, this once."
    )
    async def webhook_subscription_create(
        self, info: Info, topic: str, url: str
    ) -> WebhookSubscriptionCreatePayload:
        return await run_mutation(
            info,
            WebhookSubscriptionCreatePayload,
            scope=SCOPE,
            write=lambda call: webhooks.create_subscription(
                db=call.db,
                tenant_id=call.tenant_id,
                data=webhooks.SubscriptionCreate(
                    topic=topic, url=url, created_by=call.principal.staff_id
                ),
                allow_private=call.context.settings.webhooks_allow_private,
            ),
            answer=lambda call, created: WebhookSubscriptionCreatePayload(
                webhook_subscription=WebhookSubscription.from_row(created[0]),
                secret=created[1],
            ),
        )

    @strawberry.mutation(description="Change a subscription's URL, or switch it off or on.")
    async def webhook_subscription_update(
        self, info: Info, id: strawberry.ID, input: WebhookSubscriptionUpdateInput
    ) -> WebhookSubscriptionUpdatePayload:
        return await run_mutation(
            info,
            WebhookSubscriptionUpdatePayload,
            scope=SCOPE,
            write=lambda call: webhooks.update_subscription(
                db=call.db,
                tenant_id=call.tenant_id,
                subscription_id=call.id(id, "WebhookSubscription", NOT_FOUND, "id"),
                data=webhooks.SubscriptionUpdate(url=input.url, enabled=input.enabled),
                allow_private=call.context.settings.webhooks_allow_private,
            ),
            answer=lambda call, row: WebhookSubscriptionUpdatePayload(
                webhook_subscription=WebhookSubscription.from_row(row)
            ),
        )

    @strawberry.mutation(
        description="A new signing secret, returned this once; during a grace period "
        "(24 hours by default) deliveries carry a signature by the old secret too."
    )
    async def webhook_subscription_rotate_secret(
        self, info: Info, id: strawberry.ID
    ) -> WebhookSubscriptionRotateSecretPayload:
        return await run_mutation(
            info,
            WebhookSubscriptionRotateSecretPayload,
            scope=SCOPE,
            write=lambda call: webhooks.rotate_secret(
                db=call.db,
                tenant_id=call.tenant_id,
                subscription_id=call.id(id, "WebhookSubscription", NOT_FOUND, "id"),
                grace_seconds=call.context.settings.webhook_secret_grace_seconds,
            ),
            answer=lambda call, rotated: WebhookSubscriptionRotateSecretPayload(
                webhook_subscription=WebhookSubscription.from_row(rotated[0]),
                secret=rotated[1],
            ),
        )

    @strawberry.mutation(description="Stop sending events to a subscription; forget its log.")
    async def webhook_subscription_delete(
        self, info: Info, id: strawberry.ID
    ) -> WebhookSubscriptionDeletePayload:
        return await run_mutation(
            info,
            WebhookSubscriptionDeletePayload,
            scope=SCOPE,
            write=lambda call: webhooks.delete_subscription(
                db=call.db,
                tenant_id=call.tenant_id,
                subscription_id=call.id(id, "WebhookSubscription", NOT_FOUND, "id"),
            ),
            answer=lambda call, _: WebhookSubscriptionDeletePayload(deleted_id=id),
        )

    @strawberry.mutation(
        description="Send a failed or waiting delivery again: due now, the worker's sweep "
        "attempts it within seconds."
    )
    async def webhook_delivery_retry(
        self, info: Info, id: strawberry.ID
    ) -> WebhookDeliveryRetryPayload:
        async def answer(call: MutationCall, ref: AttemptRef) -> WebhookDeliveryRetryPayload:
            row = await delivery_by_id(call.info, ref.delivery_id)
            return WebhookDeliveryRetryPayload(delivery=WebhookDelivery.from_row(row))

        return await run_mutation(
            info,
            WebhookDeliveryRetryPayload,
            scope=SCOPE,
            write=lambda call: webhooks.retry_delivery(
                db=call.db,
                tenant_id=call.tenant_id,
                delivery_id=call.id(id, "WebhookDelivery", NOT_FOUND, "id"),
            ),
            answer=answer,
        )
