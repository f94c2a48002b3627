"""`orderEvents(storeId)`: the tenant's order events as they happen (scope orders:read)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncGenerator
from typing import Any

import strawberry

from app.events.subscriptions import require_subscriber, stream
from app.graphql.context import Info
from app.graphql.errors import Forbidden
from app.graphql.ids import require_global_id


@strawberry.type(description="The order an event is about, as it stood then.")
class OrderEventOrder:
    id: strawberry.ID
    number: int
    status: str


@strawberry.type(description="Something that happened to an order (order.* topics).")
class OrderEvent:
    id: strawberry.ID
    type: str = strawberry.field(description="PAID, CREATED, FULFILLED, ... (the topic's kind).")
    message: str
    created_at: dt.datetime
    order: OrderEventOrder

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> OrderEvent:
        payload = message["payload"]
        order = payload["order"]
        return cls(
            id=strawberry.ID(message["id"]),
            type=payload["type"],
            message=payload["message"],
            created_at=dt.datetime.fromisoformat(message["createdAt"]),
            order=OrderEventOrder(
                id=strawberry.ID(order["id"]), number=order["number"], status=order["status"]
            ),
        )


@strawberry.type
class OrderSubscription:
    @strawberry.subscription(description="Order events of one store, or of all the tenant's.")
    async def order_events(
        self, info: Info, store_id: strawberry.ID | None = None
    ) -> AsyncGenerator[OrderEvent, None]:
        principal = require_subscriber(info)
        if not principal.has_scope("orders:read"):
            raise Forbidden("Missing scope orders:read", requiredScope="orders:read")
        store: uuid.UUID | None = None
        if store_id is not None:
            store = require_global_id(store_id, "Store", "storeId")
        wanted = None if store is None else str(store)
        assert principal.tenant_id is not None

        def accepts(e: dict[str, Any]) -> bool:
            return e["topic"].startswith("order.") and wanted in (None, e["storeId"])

        async for message in stream(info, principal.tenant_id, accepts):
            yield OrderEvent.from_message(message)
