"""Read replicas: which engine a read may run on, and read-your-writes by WAL position.

With `DATABASE_REPLICA_URLS` set, each replica gets a small engine of its own. A request
that may read from a replica (app/graphql/read_routing.py decides which may) asks
`ReplicaSet.choose(min_lsn)` for one; None means "run on the primary".

Read-your-writes. A request whose writes committed reads the primary's WAL position right
after its COMMIT (`pg_current_wal_insert_lsn()`, one round trip on a pooled connection:
asyncpg returns no rows from a multi-statement simple query, so it cannot ride on the COMMIT
itself). The insert position is at or past the end of the commit record even with
`synchronous_commit=off`, where `pg_current_wal_lsn()` (the write position) may still be
short of it. The response carries it
(header `X-Edestory-Lsn`, cookie `edestory_lsn`, short-lived). A later request carrying it
runs on a replica only if that replica's `pg_last_wal_replay_lsn()` is at or past it: it has
replayed the client's commit, so it shows the client's writes. Otherwise the primary answers.

Each replica's replay position (and lag) is probed at most once per `status_cache_seconds`
per process, shared by the requests that arrive meanwhile, so a request costs no extra
round trip. A replica's replay position only moves forward, so a cached value is an
underestimate: it can send a reader to the primary needlessly, never to a replica that lacks
its writes.

A replica that does not answer the probe (down, refusing connections, not in recovery) is
skipped for `retry_seconds`, and so is one whose connection a request lost before any of its
rows came back (it died after its last probe): that request reads from the primary instead
(`RequestDB.read_from(engine, on_lost=mark_down)`), and the replica's pool is emptied so its
dead connections are not handed out again when it returns. One lagging more than
`max_lag_seconds` is skipped until it catches up. Lag is the time since the last replayed
transaction while WAL it received waits for replay; 0 when it has replayed all it received;
unknown, so past any bound, while WAL waits and no transaction was replayed since the
replica started. The lag bound is what a reader without a position may see stale; a reader
with one never sees less than its own writes.

Connecting to a replica (and probing it) gives up after `connect_timeout_seconds`, so a
replica whose network went silent costs a read that long, not asyncpg's 60 s, before the
primary serves it. A read that finds the replica's pool in use (`pool_timeout_seconds`, 0 by
default: no wait) goes to the primary too; the replica is counted busy, not marked down.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.disconnects import is_pool_exhausted
from app.db.engine import create_engine

log = logging.getLogger("edestory.db.replicas")

LSN_HEADER = "X-Edestory-Lsn"
LSN_COOKIE = "edestory_lsn"
_LSN = re.compile(r"([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})")

PROBE_SQL = """
SELECT pg_last_wal_replay_lsn()::text,
       CASE WHEN pg_last_wal_receive_lsn() IS NULL
                 OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
            -- No transaction replayed since it started: how far behind is unknown.
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()),
                          'Infinity')
       END::float8
"""


def parse_lsn(text: str | None) -> int | None:
    """PostgreSQL's `X/Y` (hex halves) as one integer; None for anything else."""
    if not text:
        return None
    found = _LSN.fullmatch(text.strip().strip('"'))  # a cookie holding "/" travels quoted
    if found is None:
        return None
    return (int(found[1], 16) << 32) | int(found[2], 16)


def format_lsn(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


async def primary_lsn(engine: AsyncEngine) -> int:
    """The primary's WAL insert position: at or past every commit made so far."""
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        # On the driver: no BEGIN, one round trip.
        text = await driver.fetchval("SELECT pg_current_wal_insert_lsn()::text")
    value = parse_lsn(text)
    if value is None:
        raise RuntimeError(f"pg_current_wal_lsn() answered {text!r}")
    return value


@dataclass(slots=True)
class Replica:
    name: str  # host:port/database, for logs (never the password)
    engine: AsyncEngine
    replay_lsn: int = -1  # -1: not known yet
    lag_seconds: float = 0.0
    checked_at: float = float("-inf")
    down_until: float = 0.0
    fallbacks: int = 0  # reads that lost this replica's connection and went to the primary
    busy: int = 0  # reads that found its pool in use and went to the primary
    busy_at: float = float("-inf")  # when a probe last found its pool in use
    probing: asyncio.Future[None] | None = field(default=None, repr=False)


def _name(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest.rsplit("@", 1)[-1].split("?", 1)[0]


class ReplicaSet:
    def __init__(
        self,
        urls: tuple[str, ...] | list[str],
        *,
        pool_size: int = 5,
        max_lag_seconds: float = 10.0,
        status_cache_seconds: float = 0.02,
        retry_seconds: float = 5.0,
        probe_timeout_seconds: float = 2.0,
        connect_timeout_seconds: float = 2.0,
        pool_timeout_seconds: float = 0.0,
        prepared_statements: bool = True,
    ) -> None:
        # A replica whose network went silent fails a connect after `connect_timeout_seconds`
        # (asyncpg's own default is 60 s), and the read falls back to the primary. A read
        # that finds every pooled connection of its replica in use waits at most
        # `pool_timeout_seconds` (0: not at all) and is then served by the primary too.
        self.replicas = [
            Replica(
                _name(url),
                create_engine(
                    url,
                    pool_size=pool_size,
                    prepared_statements=prepared_statements,
                    connect_timeout=connect_timeout_seconds,
                    pool_timeout=pool_timeout_seconds,
                ),
            )
            for url in urls
        ]
        self.max_lag_seconds = max_lag_seconds
        self.status_cache_seconds = status_cache_seconds
        self.retry_seconds = retry_seconds
        self.probe_timeout_seconds = probe_timeout_seconds
        self._turn = itertools.count()

    async def choose(self, min_lsn: int = 0) -> AsyncEngine | None:
        """A replica that has replayed `min_lsn` and is within the lag bound, round-robin;
        None when none is (the caller reads from the primary)."""
        count = len(self.replicas)
        if not count:
            return None
        start = next(self._turn)
        for offset in range(count):
            replica = self.replicas[(start + offset) % count]
            if await self._usable(replica, min_lsn):
                return replica.engine
        return None

    async def mark_down(self, engine: AsyncEngine, exc: BaseException) -> None:
        """A request lost `engine`'s connection (RequestDB fell back to the primary), or
        found its pool in use: then the replica is busy, not down, and stays in use."""
        for replica in self.replicas:
            if replica.engine is engine:
                if is_pool_exhausted(exc):
                    replica.busy += 1
                    continue
                replica.fallbacks += 1
                await self._down(replica, exc)

    async def _down(self, replica: Replica, exc: BaseException) -> None:
        already = replica.down_until > time.monotonic()
        replica.down_until = time.monotonic() + self.retry_seconds
        replica.replay_lsn, replica.checked_at = -1, float("-inf")
        if already:
            return
        log.warning("replica %s skipped for %.0fs: %s", replica.name, self.retry_seconds, exc)
        # Its pooled connections are dead too (or soon to be); drop them, not the requests
        # that would draw them after the retry period.
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self.probe_timeout_seconds):
                await replica.engine.dispose()

    def state(self, replica: Replica) -> str:
        """ "down", "lagging" (past the lag bound) or "usable", from what was last probed."""
        if replica.down_until > time.monotonic() or replica.replay_lsn < 0:
            return "down"
        return "lagging" if replica.lag_seconds > self.max_lag_seconds else "usable"

    async def report(self) -> list[dict[str, object]]:
        """Each replica's state for /readyz, probing those whose status is stale (not those
        inside their retry period). Replicas are named by their place in
        DATABASE_REPLICA_URLS, not their host."""

        async def one(index: int, replica: Replica) -> dict[str, object]:
            now = time.monotonic()
            if replica.down_until <= now and now - replica.checked_at >= self.status_cache_seconds:
                await self._probe(replica)
            state = self.state(replica)
            return {
                "replica": index,
                "state": state,
                "lagSeconds": (
                    round(replica.lag_seconds, 3)
                    if state != "down" and math.isfinite(replica.lag_seconds)
                    else None  # down, or lag unknown (nothing replayed since it started)
                ),
                "fallbacks": replica.fallbacks,
                "busy": replica.busy,
            }

        return list(await asyncio.gather(*(one(i, r) for i, r in enumerate(self.replicas, 1))))

    async def _usable(self, replica: Replica, min_lsn: int) -> bool:
        now = time.monotonic()
        if replica.down_until > now:
            return False
        if now - replica.checked_at >= self.status_cache_seconds:
            await self._probe(replica)
            if replica.down_until > time.monotonic() or replica.busy_at >= now:
                return False  # down, or its pool is in use (the read would find it so)
        return replica.replay_lsn >= min_lsn and replica.lag_seconds <= self.max_lag_seconds

    async def _probe(self, replica: Replica) -> None:
        """Refresh the replica's replay position; concurrent callers share one probe."""
        if replica.probing is None:
            replica.probing = asyncio.ensure_future(self._run_probe(replica))
        probing = replica.probing
        try:
            await asyncio.shield(probing)
        finally:
            if replica.probing is probing and probing.done():
                replica.probing = None

    async def _run_probe(self, replica: Replica) -> None:
        try:
            async with asyncio.timeout(self.probe_timeout_seconds):
                async with replica.engine.connect() as conn:
                    raw = await conn.get_raw_connection()
                    driver: Any = raw.driver_connection
                    row = await driver.fetchrow(PROBE_SQL)
            replay = parse_lsn(row[0])
            if replay is None:
                raise RuntimeError("not in recovery (pg_last_wal_replay_lsn() is null)")
        except Exception as exc:
            if is_pool_exhausted(exc):
                # Every connection is serving a read: busy, not down. The status stays stale,
                # so the next request probes again.
                replica.busy_at = time.monotonic()
                return
            await self._down(replica, exc)
            return
        replica.replay_lsn = max(replica.replay_lsn, replay)
        replica.lag_seconds = float(row[1])
        replica.checked_at = time.monotonic()

    async def close(self) -> None:
        for replica in self.replicas:
            await replica.engine.dispose()
