"""GraphQL subscriptions over graphql-transport-ws, fed by the process's EventHub.

Only staff and API keys subscribe, to their own tenant's events, and only to the topics
their scopes can read (product and inventory topics need catalog:read, order topics
orders:read, job topics automation:read). A socket whose events pile up past
`ws_queue_limit` is closed with code 4413 (the client reconnects and refetches).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from starlette.websockets import WebSocket

from app.events.bus import EventHub, Listener, Predicate, SocketBudget
from app.events.topics import TOPICS, topics_readable
from app.events.types import Event
from app.graphql.context import Context, Info
from app.graphql.errors import BadUserInput, Forbidden, Unauthenticated
from app.graphql.ids import require_global_id
from app.principal import Principal

OVERFLOW_CODE = 4413
OVERFLOW_REASON = "Too many undelivered events: the subscriber is too slow"


def require_subscriber(info: Info) -> Principal:
    principal = info.context.principal
    if not principal.is_admin:
        raise Unauthenticated(
            principal.rejected
            or "Subscriptions need a staff token or API key in connection_init's Authorization"
        )
    return principal


def _budget(context: Context) -> SocketBudget:
    return SocketBudget(limit=context.settings.ws_queue_limit)


async def stream(info: Info, tenant_id: uuid.UUID, accepts: Predicate) -> AsyncGenerator[Any, None]:
    """Relay messages of `tenant_id` that `accepts` takes, until the client completes."""
    hub: EventHub = info.context.request.app.state.event_hub
    listener = Listener(tenant_id, accepts, info.context.loader(_budget))
    hub.register(listener)
    try:
        while True:
            event = await listener.next()
            if event is None:
                socket = info.context.request
                assert isinstance(socket, WebSocket)  # subscriptions run on websockets only
                await socket.close(code=OVERFLOW_CODE, reason=OVERFLOW_REASON)
                return
            yield event
    finally:
        hub.unregister(listener)


def _store_filter(store_id: strawberry.ID | None) -> str | None:
    if store_id is None:
        return None
    return str(require_global_id(store_id, "Store", "storeId"))


def _topics(principal: Principal, asked: list[str] | None) -> frozenset[str]:
    readable = topics_readable(principal.scopes)
    if asked is None:
        if not readable:
            raise Forbidden("No event topic is readable with this credential's scopes")
        return readable
    unknown = sorted(set(asked) - TOPICS)
    if unknown:
        raise BadUserInput(f"Unknown topics: {', '.join(unknown)}", argument="topics")
    refused = sorted(set(asked) - readable)
    if refused:
        raise Forbidden(f"Topics not readable with this credential: {', '.join(refused)}")
    return frozenset(asked)


@strawberry.type
class EventSubscription:
    @strawberry.subscription(
        description="The tenant's events, optionally only `topics`; all readable ones if null."
    )
    async def events(
        self, info: Info, topics: list[str] | None = None
    ) -> AsyncGenerator[Event, None]:
        principal = require_subscriber(info)
        wanted = _topics(principal, topics)
        assert principal.tenant_id is not None
        async for message in stream(info, principal.tenant_id, lambda e: e["topic"] in wanted):
            yield Event.from_message(message)

    @strawberry.subscription(
        description="inventory.changed events (payload: variantId, productId, sku, onHand, "
        "reserved, available), of one store or all."
    )
    async def inventory_changed(
        self, info: Info, store_id: strawberry.ID | None = None
    ) -> AsyncGenerator[Event, None]:
        principal = require_subscriber(info)
        if not principal.has_scope("catalog:read"):
            raise Forbidden("Missing scope catalog:read", requiredScope="catalog:read")
        store = _store_filter(store_id)
        assert principal.tenant_id is not None

        def accepts(e: dict[str, Any]) -> bool:
            return e["topic"] == "inventory.changed" and store in (None, e["storeId"])

        async for message in stream(info, principal.tenant_id, accepts):
            yield Event.from_message(message)
