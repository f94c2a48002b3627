"""Staff-only parts of an order: its timeline, fulfillments and refunds, each batched per page."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from enum import Enum
from typing import Any

import strawberry
from aiodataloader import DataLoader
from sqlalchemy import select

from app.catalog.reads.build import money
from app.catalog.types import Money
from app.graphql.context import Context
from app.graphql.ids import to_global_id
from app.orders.models import fulfillments, order_events, refunds


@strawberry.type(description="One change on an order's timeline: who, when, what, from where.")
class OrderTimelineEvent:
    id: strawberry.ID
    type: str
    message: str
    from_status: str | None
    to_status: str
    actor: str | None = strawberry.field(description="The staff member's or API key's ID.")
    created_at: dt.datetime


@strawberry.type
class FulfillmentLine:
    line_id: strawberry.ID
    quantity: int


@strawberry.type
class Fulfillment:
    id: strawberry.ID
    tracking_number: str | None
    carrier: str | None
    tracking_url: str | None
    lines: list[FulfillmentLine]
    created_at: dt.datetime


@strawberry.enum
class RefundStatus(Enum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@strawberry.type(description="A refund of (part of) an order's payment, through Stripe.")
class Refund:
    id: strawberry.ID
    amount: Money
    status: RefundStatus
    reason: str | None
    source: str = strawberry.field(
        description="API (orderRefund), CANCEL (orderCancel) or DASHBOARD (made in Stripe)."
    )
    stripe_refund_id: str | None
    failure_message: str | None
    created_at: dt.datetime


def refund(row: Any) -> Refund:
    return Refund(
        id=strawberry.ID(to_global_id("Refund", row.id)),
        amount=money(row.amount, row.currency),
        status=RefundStatus(row.status),
        reason=row.reason,
        source=row.source,
        stripe_refund_id=row.stripe_refund_id,
        failure_message=row.failure_message,
        created_at=row.created_at,
    )


def timeline_event(row: Any) -> OrderTimelineEvent:
    actor = None
    if row.staff_member_id is not None:
        actor = to_global_id("StaffMember", row.staff_member_id)
    elif row.api_key_id is not None:
        actor = to_global_id("ApiKey", row.api_key_id)
    return OrderTimelineEvent(
        id=strawberry.ID(to_global_id("OrderEvent", row.id)),
        type=row.type,
        message=row.message,
        from_status=row.from_status,
        to_status=row.to_status,
        actor=strawberry.ID(actor) if actor else None,
        created_at=row.created_at,
    )


def fulfillment(row: Any) -> Fulfillment:
    return Fulfillment(
        id=strawberry.ID(to_global_id("Fulfillment", row.id)),
        tracking_number=row.tracking_number,
        carrier=row.carrier,
        tracking_url=row.tracking_url,
        lines=[
            FulfillmentLine(
                line_id=strawberry.ID(to_global_id("OrderLine", uuid.UUID(line["line_id"]))),
                quantity=line["quantity"],
            )
            for line in row.lines
        ],
        created_at=row.created_at,
    )


class _ByOrder(DataLoader[uuid.UUID, list[Any]]):
    table: Any

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context

    async def batch_load_fn(self, keys: list[uuid.UUID]) -> list[list[Any]]:
        t = self.table
        rows = await self.context.db.execute(
            select(t)
            .where(t.c.tenant_id == self.context.principal.tenant_id, t.c.order_id.in_(keys))
            .order_by(t.c.created_at, t.c.id)
        )
        grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[row.order_id].append(row)
        return [grouped.get(k, []) for k in keys]


class TimelineByOrderIdLoader(_ByOrder):
    table = order_events


class FulfillmentsByOrderIdLoader(_ByOrder):
    table = fulfillments


class RefundsByOrderIdLoader(_ByOrder):
    table = refunds
