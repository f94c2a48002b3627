"""Webhook subscriptions and the delivery log: create, update, rotate the secret, delete,
retry. No GraphQL here.

The signing secret is stored as given to the integrator (HMAC needs it, a hash would not
do) and returned once, by `create_subscription` or `rotate_secret`; nothing reads it back
out afterwards. A rotation keeps the previous secret signing beside the new one for a grace
period (`webhook_secret_grace_seconds`), so receivers can switch without losing events; a
second rotation within the grace period drops the oldest secret.
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


@dataclass(frozen=True, slots=True)
class SubscriptionUpdate:
    url: str | None = None
    enabled: bool | None = None


async def _checked_url(given: str, allow_private: bool, field: list[str]) -> str:
    url = given.strip()
    if len(url) > MAX_URL:
        raise ServiceError(Code.INVALID_URL, f"URL is at most {MAX_URL} characters", field)
    try:
        check_shape(url)
    except UnsafeUrlError as exc:
        raise ServiceError(Code.INVALID_URL, str(exc), field) from exc
    try:
        await check_destination(url, allow_private=allow_private)
    except UnsafeUrlError as exc:
        raise ServiceError(Code.UNSAFE_URL, str(exc), field) from exc
    return url


async def create_subscription(
    *, db: RequestDB, tenant_id: uuid.UUID, data: SubscriptionCreate, allow_private: bool
) -> tuple[Any, str]:
    """(the subscription's row, its signing secret: shown to the caller this once)."""
    if data.topic not in TOPICS:
        raise ServiceError(
            Code.UNKNOWN_TOPIC, f"Unknown topic; one of: {', '.join(sorted(TOPICS))}", ["topic"]
        )
    url = await _checked_url(data.url, allow_private, ["url"])
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


async def update_subscription(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    subscription_id: uuid.UUID,
    data: SubscriptionUpdate,
    allow_private: bool,
) -> Any:
    """Change the URL and/or switch the subscription on or off. Switching on a disabled one
    (by hand or after its run of failures) starts its failure count from zero."""
    values: dict[str, Any] = {}
    if data.url is not None:
        values["url"] = await _checked_url(data.url, allow_private, ["input", "url"])
    if data.enabled is True:
        values |= {"active": True, "consecutive_failures": 0, "disabled_at": None}
    elif data.enabled is False:
        values |= {
            "active": False,
            "disabled_at": func.coalesce(subscriptions.c.disabled_at, func.now()),
        }
    where = (subscriptions.c.tenant_id == tenant_id, subscriptions.c.id == subscription_id)
    if values:
        row = (
            await db.execute(
                update(subscriptions).values(**values).where(*where).returning(*subscriptions.c)
            )
        ).first()
    else:
        row = (await db.execute(select(subscriptions).where(*where))).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Webhook subscription not found", ["id"])
    return row


async def rotate_secret(
    *, db: RequestDB, tenant_id: uuid.UUID, subscription_id: uuid.UUID, grace_seconds: int
) -> tuple[Any, str]:
    """A new signing secret (returned this once); the current one keeps signing beside it
    for `grace_seconds`."""
    secret = signing.new_secret()
    row = (
        await db.execute(
            update(subscriptions)
            .values(
                secret=secret,
                previous_secret=subscriptions.c.secret,
                previous_secret_expires_at=func.now()
                + func.make_interval(0, 0, 0, 0, 0, 0, grace_seconds),
            )
            .where(subscriptions.c.tenant_id == tenant_id, subscriptions.c.id == subscription_id)
            .returning(*subscriptions.c)
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Webhook subscription not found", ["id"])
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
