"""The hub's fan-out: tenant routing and the per-socket budget of waiting events."""

from __future__ import annotations

import uuid

import orjson
from redis.asyncio import Redis

from app.db.ids import global_id
from app.events.bus import EventHub, Listener, SocketBudget
from app.graphql.ids import to_global_id


def message(tenant: uuid.UUID, n: int) -> bytes:
    return orjson.dumps({"id": str(n), "tenantId": str(tenant), "topic": "product.created"})


async def test_events_reach_only_listeners_of_their_tenant() -> None:
    hub = EventHub(Redis())  # never connected: dispatch is fed directly
    a, b = uuid.uuid4(), uuid.uuid4()
    budget = SocketBudget(limit=10)
    mine, other = Listener(a, lambda e: True, budget), Listener(b, lambda e: True, budget)
    hub.register(mine)
    hub.register(other)
    hub.dispatch(message(a, 1))
    assert (await mine.next()) == {"id": "1", "tenantId": str(a), "topic": "product.created"}
    assert other.queue.empty()


async def test_a_socket_past_its_budget_is_overflowed_for_all_its_subscriptions() -> None:
    hub = EventHub(Redis())
    tenant = uuid.uuid4()
    budget = SocketBudget(limit=3)
    first, second = (
        Listener(tenant, lambda e: True, budget),
        Listener(tenant, lambda e: True, budget),
    )
    hub.register(first)
    hub.register(second)
    hub.dispatch(message(tenant, 1))
    assert (await first.next()) is not None  # consumed: the budget has room again
    for n in range(2, 4):
        hub.dispatch(message(tenant, n))
    assert budget.overflowed
    assert await first.next() is None
    assert await second.next() is None


def test_event_payload_ids_are_the_apis_global_ids() -> None:
    value = uuid.uuid4()
    assert global_id("Product", value) == to_global_id("Product", value)
