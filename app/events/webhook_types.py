"""GraphQL types of webhook subscriptions and deliveries."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import Any

import strawberry

from app.graphql.ids import to_global_id
from app.graphql.node import Node


@strawberry.enum
class WebhookDeliveryStatus(str, Enum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@strawberry.type
class WebhookSubscription(Node):
    id: strawberry.ID
    topic: str
    url: str
    active: bool
    created_at: dt.datetime
    disabled_at: dt.datetime | None = strawberry.field(
        description="When it was switched off (by hand or after a run of failed attempts)."
    )
    previous_secret_expires_at: dt.datetime | None = strawberry.field(
        description="After a secret rotation: until when the old secret signs too."
    )

    @classmethod
    def from_row(cls, row: Any) -> WebhookSubscription:
        return cls(
            id=strawberry.ID(to_global_id("WebhookSubscription", row.id)),
            topic=row.topic,
            url=row.url,
            active=row.active,
            created_at=row.created_at,
            disabled_at=None if row.active else row.disabled_at,
            previous_secret_expires_at=row.previous_secret_expires_at,
        )


@strawberry.type(description="One event sent (or being sent) to one webhook subscription.")
class WebhookDelivery:
    id: strawberry.ID
    subscription_id: strawberry.ID
    event_id: strawberry.ID = strawberry.field(description="The `webhook-id` header sent.")
    topic: str
    status: WebhookDeliveryStatus
    attempts: int
    response_code: int | None = strawberry.field(description="Of the last attempt.")
    latency_ms: int | None = strawberry.field(description="Of the last attempt.")
    error: str | None = strawberry.field(description="Of the last attempt, when it failed.")
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Any) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", row.id)),
            subscription_id=strawberry.ID(to_global_id("WebhookSubscription", row.subscription_id)),
            event_id=strawberry.ID(str(row.event_id)),
            topic=row.topic,
            status=WebhookDeliveryStatus(row.status),
            attempts=row.attempts,
            response_code=row.last_response_code,
            latency_ms=row.last_latency_ms,
            error=row.last_error,
            next_attempt_at=row.next_attempt_at if row.status == "PENDING" else None,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
        )


@strawberry.input
class WebhookDeliveryFilter:
    subscription_id: strawberry.ID | None = None
    status: WebhookDeliveryStatus | None = None


def subscription_uuid(value: str) -> uuid.UUID | None:
    from app.graphql.ids import parse_global_id

    return parse_global_id(value, "WebhookSubscription")
