"""Webhook subscriptions and the delivery log: create, delete, list, retry. No GraphQL here.

The signing secret is stored as given to the integrator (HMAC needs it, a hash would not
do) and returned once, by `create_subscription`; nothing reads it back out afterwards.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.events import signing
from app.events.errors import WebhookErrorCode as Code
from app.events.models import webhook_deliveries as deliveries
from app.events.models import webhook_subscriptions as subscriptions
from app.events.scheduling import AttemptRef
from app.events.ssrf import UnsafeUrlError, check_destination, check_shape
from app.events.topics import TOPICS

MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class SubscriptionCreate:
    topic: str
    url: str
    created_by: uuid.UUID | None = None


async def create_subscription(
    *, db: RequestDB, tenant_id: uuid.UUID, data: SubscriptionCreate, allow_private: bool
) -> tuple[Any, str]:
    """(the subscription's row, its signing secret: shown to the caller this once)."""
    if data.topic not in TOPICS:
        raise ServiceError(
            Code.UNKNOWN_TOPIC, f"Unknown topic; one of: {', '.join(sorted(TOPICS))}", ["topic"]
        )
    url = data.url.strip()
    if len(url) > MAX_URL:
        raise ServiceError(Code.INVALID_URL, f"URL is at most {MAX_URL} characters", ["url"])
    try:
        check_shape(url)
    except UnsafeUrlError as exc:
        raise ServiceError(Code.INVALID_URL, str(exc), ["url"]) from exc
    try:
        await check_destination(url, allow_private=allow_private)
    except UnsafeUrlError as exc:
        raise ServiceError(Code.UNSAFE_URL, str(exc), ["url"]) from exc
    secret = signing.new_secret()
    row = (
        await db.execute(
            subscriptions.insert()
            .values(
                tenant_id=tenant_id,
                id=uuid7(),
                topic=data.topic,
                url=url,
                secret=secret,
                created_by=data.created_by,
            )
            .returning(*subscriptions.c)
        )
    ).one()
    return row, secret


async def delete_subscription(
    *, db: RequestDB, tenant_id: uuid.UUID, subscription_id: uuid.UUID
) -> None:
    """Delete a subscription; its delivery log goes with it."""
    deleted = (
        await db.execute(
            subscriptions.delete()
            .where(subscriptions.c.tenant_id == tenant_id, subscriptions.c.id == subscription_id)
            .returning(subscriptions.c.id)
        )
    ).first()
    if deleted is None:
        raise ServiceError(Code.NOT_FOUND, "Webhook subscription not found", ["id"])


async def retry_delivery(
    *, db: RequestDB, tenant_id: uuid.UUID, delivery_id: uuid.UUID
) -> AttemptRef:
    """Make a failed (or waiting) delivery due now. If that attempt fails, retries go on
    only while the delivery is under its attempt limit."""
    row = (
        await db.execute(
            update(deliveries)
            .values(status="PENDING", next_attempt_at=func.now(), updated_at=func.now())
            .where(
                deliveries.c.tenant_id == tenant_id,
                deliveries.c.id == delivery_id,
                deliveries.c.status != "SUCCEEDED",
            )
            .returning(deliveries.c.attempts)
        )
    ).first()
    if row is None:
        found = (
            await db.execute(
                select(deliveries.c.status).where(
                    deliveries.c.tenant_id == tenant_id, deliveries.c.id == delivery_id
                )
            )
        ).first()
        if found is None:
            raise ServiceError(Code.NOT_FOUND, "Webhook delivery not found", ["id"])
        raise ServiceError(Code.ALREADY_DELIVERED, "This delivery succeeded already", ["id"])
    return AttemptRef(tenant_id, delivery_id, row.attempts)
