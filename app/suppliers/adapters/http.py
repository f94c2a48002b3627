"""HTTP to suppliers: a per-connection token bucket in Redis, retries with backoff, timeouts.

The bucket lives in Redis so every API process and worker shares one budget per connection
(a supplier counts requests per app key, not per process). It is one Lua script, atomic, on
Redis's own clock: it either takes a token or answers how long until one is free, and the
caller sleeps that long and asks again.

429, 5xx and transport errors are retried (Retry-After honoured, capped) with exponential
backoff and jitter; after the last attempt the error is `SupplierError(retryable=True)`, so
a job can try again later. Other 4xx answers are not retried. Messages name the status and
the path, never the query string (AliExpress puts the access token there).
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis

from app.suppliers.adapters.base import SupplierError

BUCKET = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or t
tokens = math.min(burst, tokens + (t - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', t)
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""
RETRYABLE = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Limits:
    rate: float  # requests per second, sustained
    burst: int
    attempts: int = 4
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_wait: float = 30.0


class SupplierHttp:
    """One connection's HTTP: every request takes a token, then retries as the module says."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        redis: Redis | None,
        bucket: str,
        limits: Limits,
    ) -> None:
        self.client = client
        self.redis = redis
        self.bucket = f"supplier:bucket:{bucket}"
        self.limits = limits
        self._script: Any = redis.register_script(BUCKET) if redis is not None else None

    async def take_token(self) -> None:
        if self._script is None:
            return
        while True:
            wait = float(
                await self._script(keys=[self.bucket], args=[self.limits.rate, self.limits.burst])
            )
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, self.limits.max_wait))

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        path = httpx.URL(url).path
        last = ""
        for attempt in range(self.limits.attempts):
            await self.take_token()
            try:
                response = await self.client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                last = f"{path} timed out"
                delay = self._delay(attempt, None)
            except httpx.TransportError as exc:
                last = f"{path} could not be reached ({type(exc).__name__})"
                delay = self._delay(attempt, None)
            else:
                if response.status_code not in RETRYABLE:
                    return response
                last = f"{path} answered {response.status_code}"
                delay = self._delay(attempt, response.headers.get("retry-after"))
            if attempt + 1 < self.limits.attempts:
                await asyncio.sleep(delay)
        raise SupplierError(f"The supplier is unavailable: {last}", retryable=True)

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(float(retry_after), self.limits.max_wait)
            except ValueError:
                pass
        base = self.limits.backoff * (2**attempt)
        return float(min(base + random.uniform(0, base / 2), self.limits.max_wait))
