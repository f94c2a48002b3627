"""HTTP caching of GET persisted storefront reads, and the API's own response cache.

Which answers are cacheable: a GET with a persisted operation (APQ hash or `documentId`)
from a storefront (token or domain), a query whose root fields are all catalog reads
(`CATALOG_ROOTS`: never a cart, a checkout or an order), answered without errors. Those carry
`Cache-Control: public, max-age, stale-while-revalidate` (the store's times, else the
process settings), an `ETag` and `Vary`; a matching
`If-None-Match` is a 304. Every other GET answer is `private, no-store`.

The response cache keeps those answers, keyed by tenant, document, variables, operation
name and language (the storefront token or domain decides the tenant and store), under the
tenant's generation number. A catalog or inventory write bumps the generation once its
transaction has committed (the mutation pipeline registers it as an after-commit
callback), so the next read misses, in every process: each request reads the generation
from Redis (one round trip) and serves from the in-process layer when that holds the answer
for the current generation, else from Redis, else executes and stores. Bumping after the
commit can only leave a newer answer under an older generation, never an older one under
the current generation. With read replicas, the bump also records the primary's WAL
position after the write (kept as the highest seen), and a read that will be stored under
that generation runs only on a replica that has replayed it (else on the primary): a
lagging replica cannot put an answer from before the write under the generation after it
(app/graphql/read_routing.py). Entries also expire after `ttl` seconds, which bounds what no write
announces (reservations expiring in the background). Redis down: nothing is cached.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, OperationDefinitionNode, OperationType, parse
from redis.asyncio import Redis

log = logging.getLogger("edestory.cache")

CATALOG_ROOTS = frozenset(
    {
        "shop",
        "products",
        "product",
        "collections",
        "collection",
        "categories",
        "category",
        "__typename",
    }
)
PRIVATE = "private, no-store"
VARY = "Accept, Accept-Language, X-Storefront-Token"


@dataclass(frozen=True, slots=True)
class CachePolicy:
    max_age: int = 60
    stale_while_revalidate: int = 300
    ttl: int = 300  # seconds an entry lives in Redis and in-process, whatever the writes
    local_entries: int = 512
    enabled: bool = True

    def header_for(self, max_age: int | None, stale_while_revalidate: int | None) -> str:
        """Cache-Control of a cacheable answer: a store's own times, else this policy's."""
        age = self.max_age if max_age is None else max_age
        stale = (
            self.stale_while_revalidate
            if stale_while_revalidate is None
            else stale_while_revalidate
        )
        return f"public, max-age={age}, stale-while-revalidate={stale}"


@dataclass(frozen=True, slots=True)
class Cached:
    body: bytes
    etag: str
    media_type: str


def generation_key(tenant_id: uuid.UUID) -> str:
    return f"rcgen:{tenant_id}"


def generation_position_key(tenant_id: uuid.UUID) -> str:
    """The primary's WAL position after the latest bump's write (16 hex digits)."""
    return f"rcgen:{tenant_id}:lsn"


# Keep the higher position (hex of fixed width compares as text), then bump: one round trip.
_BUMP_AT = """
local seen = redis.call('GET', KEYS[2])
if (not seen) or seen < ARGV[1] then redis.call('SET', KEYS[2], ARGV[1]) end
return redis.call('INCR', KEYS[1])
"""


async def bump_generation(redis: Redis, tenant_id: uuid.UUID, position: int | None = None) -> None:
    """Invalidate the tenant's cached storefront answers (after a catalog write commits);
    `position`: the primary's WAL position after the write (read replicas in use)."""
    try:
        if position is None:
            await redis.incr(generation_key(tenant_id))
        else:
            keys = (generation_key(tenant_id), generation_position_key(tenant_id))
            try:
                await redis.eval(_BUMP_AT, 2, *keys, f"{position:016X}")  # type: ignore[misc]
            except Exception:  # (a script refused, e.g. keys in two cluster slots): bump
                log.warning("could not record the generation's WAL position", exc_info=True)
                await redis.incr(generation_key(tenant_id))
    except Exception:
        log.warning("could not bump the response cache generation", exc_info=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return etag in tags or "*" in tags


class ResponseCache:
    def __init__(self, policy: CachePolicy) -> None:
        self.policy = policy
        self._local: OrderedDict[str, tuple[bytes, Cached, float]] = OrderedDict()
        self._shapes: dict[str, bool] = {}

    def cacheable_document(self, text: str, operation_name: str | None) -> bool:
        """A query reading only catalog roots (memoised per text and name)."""
        key = f"{operation_name}\0{text}"
        found = self._shapes.get(key)
        if found is None:
            found = self._shapes[key] = _reads_catalog_only(text, operation_name)
            if len(self._shapes) > 4096:
                self._shapes.clear()
        return found

    @staticmethod
    def key(tenant_id: uuid.UUID, store_id: uuid.UUID | None, parts: list[str]) -> str:
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        return f"rc:{tenant_id}:{store_id}:{digest}"

    async def generation(
        self, redis: Redis, tenant_id: uuid.UUID
    ) -> tuple[bytes | None, int | None]:
        """The tenant's generation (None: Redis unavailable) and the WAL position its
        bump recorded (None: none recorded)."""
        try:
            value, position = await redis.mget(
                generation_key(tenant_id), generation_position_key(tenant_id)
            )
        except Exception:
            log.warning("response cache unavailable", exc_info=True)
            return None, None
        generation = value if isinstance(value, bytes) else b"0"
        return generation, int(position, 16) if isinstance(position, bytes) else None

    async def get(self, redis: Redis, key: str, generation: bytes) -> Cached | None:
        local = self._local.get(key)
        now = time.monotonic()
        if local is not None and local[0] == generation and local[2] > now:
            self._local.move_to_end(key)
            return local[1]
        try:
            raw: Any = await redis.hmget(  # type: ignore[misc]
                f"{key}:{generation.decode()}", ["body", "type"]
            )
        except Exception:
            return None
        if raw[0] is None:
            return None
        found = Cached(raw[0], etag_of(raw[0]), raw[1].decode())
        self._remember(key, generation, found)
        return found

    async def put(self, redis: Redis, key: str, generation: bytes, entry: Cached) -> None:
        self._remember(key, generation, entry)
        name = f"{key}:{generation.decode()}"
        try:
            async with redis.pipeline(transaction=False) as pipe:
                pipe.hset(name, mapping={"body": entry.body, "type": entry.media_type})
                pipe.expire(name, self.policy.ttl)
                await pipe.execute()
        except Exception:
            log.warning("could not store a cached response", exc_info=True)

    def forget(self, tenant: str | None) -> None:
        """Drop the in-process answers of `tenant` (all when None): the cache bus calls it
        in every process after a catalog write bumped the tenant's generation. Not needed
        for correctness (an entry of an older generation is never served) but it frees
        them at once instead of when the LRU or the TTL gets to them."""
        if tenant is None:
            self._local.clear()
            return
        prefix = f"rc:{tenant}:"
        for key in [k for k in self._local if k.startswith(prefix)]:
            del self._local[key]

    def _remember(self, key: str, generation: bytes, entry: Cached) -> None:
        self._local[key] = (generation, entry, time.monotonic() + self.policy.ttl)
        self._local.move_to_end(key)
        if len(self._local) > self.policy.local_entries:
            self._local.popitem(last=False)


def _reads_catalog_only(text: str, operation_name: str | None) -> bool:
    try:
        document = parse(text)
    except Exception:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    roots = operations[0].selection_set.selections
    return all(isinstance(f, FieldNode) and f.name.value in CATALOG_ROOTS for f in roots)
