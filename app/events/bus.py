"""The event hub of an API process: one Redis subscription, fanned out to its websockets.

Each GraphQL subscription registers a `Listener` with a tenant and a predicate; the hub's one
reader task decodes each message once and offers it to the listeners of that tenant only.
A listener's queue is bounded by its socket's budget: a consumer that falls that far behind
is marked overflowed and its socket is closed (a dashboard reconnects and refetches) rather
than letting the process buffer without limit.

The same subscription carries other channels of the process (`channels`: the cache bus's
invalidations, app/cache_bus.py), so a process holds one Redis subscription in all;
`on_resubscribe` runs when the subscription is back after it was lost (what was published
meanwhile is lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from redis.asyncio import Redis

log = logging.getLogger("edestory.events.bus")

CHANNEL = "edestory:events"
RECONNECT_SECONDS = (0.05, 0.2, 0.5, 1.0)

Predicate = Callable[[dict[str, Any]], bool]


@dataclass(eq=False, slots=True)
class SocketBudget:
    """Events waiting, over all subscriptions of one websocket, and the most allowed."""

    limit: int
    pending: int = 0
    overflowed: bool = False


@dataclass(eq=False, slots=True)
class Listener:
    tenant_id: uuid.UUID
    accepts: Predicate
    budget: SocketBudget
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, event: dict[str, Any]) -> None:
        if not self.accepts(event):
            return
        if self.budget.pending >= self.budget.limit:
            self.budget.overflowed = True
        else:
            self.budget.pending += 1
            self.queue.put_nowait(event)
        self.wake.set()

    async def next(self) -> dict[str, Any] | None:
        """The next event, or None once the socket's budget overflowed."""
        while self.queue.empty() and not self.budget.overflowed:
            self.wake.clear()
            await self.wake.wait()
        if self.budget.overflowed:
            return None
        self.budget.pending -= 1
        return self.queue.get_nowait()


class EventHub:
    def __init__(
        self,
        redis: Redis,
        *,
        channels: Mapping[str, Callable[[bytes], None]] | None = None,
        on_resubscribe: Callable[[], None] | None = None,
    ) -> None:
        self.redis = redis
        self._channels = {name.encode(): handle for name, handle in (channels or {}).items()}
        self._on_resubscribe = on_resubscribe
        self._listeners: dict[uuid.UUID, set[Listener]] = {}
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()  # set while the Redis subscription is live

    def start(self) -> None:
        self._task = asyncio.create_task(self._read(), name="event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def register(self, listener: Listener) -> None:
        self._listeners.setdefault(listener.tenant_id, set()).add(listener)

    def unregister(self, listener: Listener) -> None:
        found = self._listeners.get(listener.tenant_id)
        if found is not None:
            found.discard(listener)
            if not found:
                del self._listeners[listener.tenant_id]

    def dispatch(self, raw: bytes) -> None:
        event = orjson.loads(raw)
        listeners = self._listeners.get(uuid.UUID(event["tenantId"]))
        for listener in list(listeners or ()):
            listener.offer(event)

    def _route(self, message: dict[str, Any]) -> None:
        other = self._channels.get(message["channel"])
        if other is not None:
            other(message["data"])
            return
        try:
            self.dispatch(message["data"])
        except (ValueError, KeyError):
            log.warning("undecodable event on %s", CHANNEL)

    async def _read(self) -> None:
        failures = 0
        lost = False
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL, *self._channels)
                self.ready.set()
                failures = 0
                if lost and self._on_resubscribe is not None:
                    self._on_resubscribe()
                lost = False
                while True:
                    message = await pubsub.get_message(timeout=30.0)
                    if message is not None and message["type"] == "message":
                        self._route(message)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarted or unreachable: resubscribe with backoff
                self.ready.clear()
                lost = True
                delay = RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)]
                failures += 1
                log.warning("event hub lost Redis; resubscribing in %ss", delay, exc_info=True)
                await asyncio.sleep(delay)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
