"""Cross-process invalidation of in-process caches, over Redis pub/sub.

Each API process keeps small caches in memory (storefront token and domain lookups, the
response cache's local layer). When what one of them copies changes, the process that made
the change calls `publish(kind, key)` once the change is committed (RequestDB.after_commit):
the entry is dropped here at once, and every other process drops it when the message
arrives (well under a second). A cache subscribes with `register(kind, handler)`; the
handler is called with the key, or with None meaning "drop everything of this kind".

No second Redis subscription: the process's EventHub (app/events/bus.py) subscribes to
`CHANNEL` beside its events channel and hands these messages to `dispatch`. When that
subscription was lost (Redis restarted or unreachable), messages published meanwhile are
lost too, so on resubscribing every handler is called with None (`reset`). While Redis is
down a publish is logged and other processes fall back to their caches' TTLs; requests
never fail because of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import orjson
from redis.asyncio import Redis

log = logging.getLogger("edestory.cache_bus")

CHANNEL = "edestory:invalidate"

# The kinds of cached things, and what the key names.
STOREFRONT = "storefront"  # key: the tenant whose tokens, domains or store settings changed
RESPONSES = "responses"  # key: the tenant whose catalog changed (its answers' generation)

Handler = Callable[[str | None], None]


class CacheBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = {}
        self.redis: Redis | None = None  # bound by the app's lifespan

    def register(self, kind: str, handler: Handler) -> None:
        self._handlers.setdefault(kind, []).append(handler)

    async def publish(self, kind: str, key: str | None) -> None:
        """Drop `key` of `kind` here now and in every other process (None: all of them)."""
        self._apply(kind, key)
        if self.redis is None:
            return
        try:
            await self.redis.publish(CHANNEL, orjson.dumps({"kind": kind, "key": key}))
        except Exception:
            log.warning(
                "could not publish a cache invalidation (%s %s); other processes "
                "drop the entry when its TTL runs out",
                kind,
                key,
                exc_info=True,
            )

    def dispatch(self, raw: bytes) -> None:
        """A message from another process (or this one's own echo: dropping twice is free)."""
        try:
            message = orjson.loads(raw)
            kind, key = message["kind"], message["key"]
        except (ValueError, KeyError, TypeError):
            log.warning("undecodable message on %s", CHANNEL)
            return
        if isinstance(kind, str) and (key is None or isinstance(key, str)):
            self._apply(kind, key)

    def reset(self) -> None:
        """Drop everything: invalidations may have been missed while unsubscribed."""
        for kind in self._handlers:
            self._apply(kind, None)

    def _apply(self, kind: str, key: str | None) -> None:
        for handler in self._handlers.get(kind, ()):
            try:
                handler(key)
            except Exception:  # one cache's bug must not keep the others stale
                log.exception("cache invalidation handler failed (%s %s)", kind, key)
