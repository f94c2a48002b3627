"""Leaky-bucket rate limits in cost points, kept in Redis, one round trip per request.

Each caller (an API key, a staff user, or a storefront's client IP) has a bucket of
`maximumAvailable` points that refills at `restoreRate` points per second. A request takes
its requested cost from the bucket; when the bucket holds less, it is refused (THROTTLED,
HTTP 429, `Retry-After` the seconds until enough has dripped back) and takes nothing.

The whole check is one Lua script (read, refill, take, write, expire), so it is atomic and
shared by every API process; the clock is Redis's own (`TIME`), so processes whose clocks
differ agree. When Redis cannot be reached the request is served unmetered: a limit that
takes the store down with Redis would do more harm than the traffic it holds back. That is
logged (at most once a minute per process) and counted in
`edestory_rate_limit_unavailable_total`.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from redis.asyncio import Redis

from app.principal import Principal, PrincipalKind

log = logging.getLogger("edestory.throttle")

# KEYS[1] bucket; ARGV: capacity, restore rate (points/s), cost. Returns {allowed, available}
# with `available` as a string: Redis turns a Lua number into an integer.
_LEAKY_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
available = math.min(capacity, available + math.max(0, now - at) * rate)
local allowed = 0
if cost <= available then
  available = available - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return {allowed, tostring(available)}
"""


@dataclass(frozen=True, slots=True)
class BucketSettings:
    capacity: int = 10000
    restore_rate: float = 500.0


@dataclass(frozen=True, slots=True)
class ThrottleStatus:
    allowed: bool
    maximum_available: int
    currently_available: float
    restore_rate: float
    cost: int = 0

    @property
    def retry_after_seconds(self) -> int:
        missing = self.cost - self.currently_available
        return max(1, math.ceil(missing / self.restore_rate))

    def as_extension(self) -> dict[str, float]:
        return {
            "maximumAvailable": self.maximum_available,
            "currentlyAvailable": math.floor(self.currently_available),
            "restoreRate": self.restore_rate,
        }


def bucket_key(principal: Principal, client_ip: str | None) -> str:
    """API keys and staff users are metered wherever they call from; everyone else (a
    storefront's shoppers, anonymous callers) by client IP."""
    if principal.kind is PrincipalKind.API_KEY and principal.api_key_id is not None:
        return f"rl:key:{principal.api_key_id}"
    if principal.kind is PrincipalKind.STAFF and principal.user_id is not None:
        return f"rl:staff:{principal.user_id}"
    return f"rl:ip:{client_ip or 'unknown'}"


class Throttle:
    def __init__(self, settings: BucketSettings, on_unavailable: object = None) -> None:
        self.settings = settings
        self.on_unavailable = on_unavailable
        self._logged_at = 0.0

    async def take(self, redis: Redis, key: str, cost: int) -> ThrottleStatus:
        """Take `cost` points from the bucket at `key` (fail-open when Redis is down)."""
        capacity, rate = self.settings.capacity, self.settings.restore_rate
        try:
            allowed, available = await redis.eval(  # type: ignore[misc]
                _LEAKY_BUCKET, 1, key, str(capacity), str(rate), str(cost)
            )
        except Exception:
            self._unavailable()
            return ThrottleStatus(True, capacity, float(capacity), rate, cost)
        return ThrottleStatus(bool(allowed), capacity, float(available), rate, cost)

    def _unavailable(self) -> None:
        if callable(self.on_unavailable):
            self.on_unavailable()
        now = time.monotonic()
        if now - self._logged_at > 60:
            self._logged_at = now
            log.warning("rate limits not enforced: Redis is unreachable", exc_info=True)
