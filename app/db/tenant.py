"""Tenant-scoped units of work, and the transaction rules every domain follows.

Every transaction first sets ``app.tenant_id``. Row-level security reads that setting; the
queries filter by ``tenant_id`` too, so RLS is the backstop that makes a forgotten filter
harmless rather than the only guard.

The rules (cart, checkout, orders and every later domain follow them):

1. A GraphQL request has one database handle, ``RequestDB``; services receive it and
   nothing else (never the engine). Its statements run in one transaction, opened by the
   first statement and committed before the response is sent (``close(commit=True)``).
2. Each mutation runs in a savepoint (``unit_of_work()``, opened by the mutation pipeline,
   app/graphql/mutations.py): a mutation that refuses (``ServiceError``) or fails leaves
   nothing, and the request's other mutations stand.
3. Nothing outside the database (Stripe, a supplier, an email, a webhook, Anthropic) is
   called while the transaction holds locks. A flow that needs both commits its first step
   with ``await db.commit()`` (no savepoint may be open then), calls out with no transaction
   open, and records the outcome in the next transaction, which the next statement opens.
   It is written so a crash between the steps is repaired by a retry (idempotency keys on
   both sides) or a periodic job.
4. Work that must happen only if the writes commit (publish an event, send an email) is
   registered with ``db.after_commit(callback)``: run once, in registration order, after the
   commit that covers it. One registered inside a savepoint that is rolled back is dropped
   with the savepoint's writes; none runs when the commit fails (the request then answers
   an error carrying its request id). Durable work becomes an outbox row in the same
   transaction instead (from the orders work on).
5. Work that must stand whatever the request does next (auth: a rotated refresh token, a
   revoked session) runs in a transaction of its own through ``db.independent()``, the one
   helper for it; jobs and the CLI use ``tenant_transaction``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.engine import Connection, CursorResult, Result
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import Executable
from sqlalchemy.util import greenlet_spawn

from app.db.disconnects import is_connection_lost, is_pool_exhausted
from app.db.prepared import Prepared, tuple_records

log = logging.getLogger("edestory.db")

AfterCommit = Callable[[], Awaitable[None]]
# Told that a replica's connection was lost (app/db/replicas.py: ReplicaSet.mark_down).
ReplicaLost = Callable[[AsyncEngine, BaseException], Awaitable[None]]


def set_local(name: str, value: str) -> str:
    """``SET LOCAL name = 'value'``: a transaction-local setting, like ``set_config(...,
    true)``, but a command Citus forwards to the worker nodes (with
    ``citus.propagate_set_commands = 'local'``, deploy/citus/distribute.sql), where a
    set_config call stays on the coordinator and RLS would see no tenant. A SET takes no
    parameters, so the value is a literal: only names and values of the form checked here.
    """
    if not _SETTING_NAME.fullmatch(name) or not _SETTING_VALUE.fullmatch(value):
        raise ValueError(f"refused setting {name}={value!r}")
    return f"SET LOCAL {name} = '{value}'"


_SETTING_NAME = re.compile(r"[a-z_]+(\.[a-z_]+)?")
_SETTING_VALUE = re.compile(r"[A-Za-z0-9_-]*")


def _setting(name: str, value: uuid.UUID) -> str:
    # The value is made a UUID again and printed by it: hex digits and dashes, nothing else.
    return set_local(name, str(uuid.UUID(str(value))))


GENERIC_PLANS = set_local("plan_cache_mode", "force_generic_plan")


def _settings(
    tenant_id: uuid.UUID | None, user_id: uuid.UUID | None, generic_plans: bool
) -> list[str]:
    settings = []
    if tenant_id is not None:
        settings.append(_setting("app.tenant_id", tenant_id))
    if user_id is not None:
        settings.append(_setting("app.user_id", user_id))
    if generic_plans:
        settings.append(GENERIC_PLANS)
    return settings


async def _send(conn: AsyncConnection, statement: str) -> None:
    """`statement` (SET commands, maybe with a BEGIN) as one simple-query message on the
    driver: no prepared statement (a literal per tenant would fill asyncpg's statement
    cache), one round trip, and reported to the engine's cursor listeners as one statement.
    """
    raw = await conn.get_raw_connection()
    sync = conn.sync_connection
    if sync is not None:
        _report(sync, statement, ())
    driver: Any = raw.driver_connection
    await driver.execute(statement)


def _report(sync: Connection, statement: str, parameters: Any) -> None:
    """Tell the engine's `before_cursor_execute` listeners (statement counting) about a
    statement sent on the driver directly, as SQLAlchemy would for one of its own."""
    if sync._has_events or sync.engine._has_events:
        sync.dispatch.before_cursor_execute(sync, None, statement, parameters, None, False)


async def scope_connection(
    conn: AsyncConnection, tenant_id: uuid.UUID | None, user_id: uuid.UUID | None = None
) -> None:
    """Bind the open transaction on `conn` to a tenant (and optionally a staff user)."""
    settings = _settings(tenant_id, user_id, False)
    if not settings:
        return
    raw = await conn.get_raw_connection()
    adapter: Any = raw.dbapi_connection
    if getattr(adapter, "_transaction", 1) is None:
        # SQLAlchemy's asyncpg adapter begins lazily: nothing sent yet, so begin with it.
        await bind_transaction(conn, tenant_id, user_id)
    elif hasattr(raw.driver_connection, "is_closed"):  # asyncpg, its transaction begun
        await _send(conn, "; ".join(settings))
    else:
        for setting in settings:
            await conn.exec_driver_sql(setting)


async def set_flag(conn: AsyncConnection, name: str) -> None:
    """Switch a policy flag (``app.outbox_relay``, ``app.purge``, ...) on for the
    transaction of `conn`, by SET LOCAL (see `set_local`). A constant statement."""
    await conn.exec_driver_sql(set_local(name, "on"))


class _BoundTransaction:
    """The asyncpg side of a transaction begun by `bind_transaction`'s own BEGIN.

    SQLAlchemy's asyncpg adapter begins a transaction lazily, with a BEGIN of its own round
    trip, and ends it through this object's commit() or rollback(); handing it this one
    makes it treat our BEGIN as its own (the adapter types the attribute as a protocol of
    start/commit/rollback)."""

    __slots__ = ("_driver",)

    def __init__(self, driver: Any) -> None:
        self._driver = driver

    async def start(self) -> None:  # pragma: no cover - begun already, never called
        raise RuntimeError("the transaction was begun by bind_transaction")

    async def commit(self) -> None:
        await self._driver.execute("COMMIT")

    async def rollback(self) -> None:
        await self._driver.execute("ROLLBACK")


async def bind_transaction(
    conn: AsyncConnection,
    tenant_id: uuid.UUID | None,
    user_id: uuid.UUID | None = None,
    *,
    generic_plans: bool = False,
) -> None:
    """Begin the transaction of `conn` (whose SQLAlchemy transaction has begun and sent
    nothing yet) and bind it to a tenant (and a staff user) in one round trip:
    ``BEGIN; SET LOCAL app.tenant_id = '...'`` as one simple-query message, instead of
    BEGIN and the setting each waiting for its answer. The settings are transaction-local
    (`set_local`: SET LOCAL, which Citus forwards to its workers), exactly as
    `scope_connection`'s. Uses no named prepared statement (so it works behind a
    transaction-mode pooler). Reported to the engine's cursor listeners as one statement.

    `generic_plans` adds ``plan_cache_mode = force_generic_plan`` for the transaction, in
    the same message: a prepared statement (asyncpg's statement cache) is then planned
    once per connection and its plan reused, where PostgreSQL kept re-planning the product
    list with custom plans (0.17 ms of planning per execution, bench/plans.py). Without
    named prepared statements it changes nothing but the plan's kind."""
    raw = await conn.get_raw_connection()
    adapter: Any = raw.dbapi_connection
    if (tenant_id is None and user_id is None) or getattr(adapter, "_transaction", 1) is not None:
        # Nothing to bind, or not SQLAlchemy's asyncpg adapter in its expected state.
        await scope_connection(conn, tenant_id, user_id)
        return
    statement = "BEGIN; " + "; ".join(_settings(tenant_id, user_id, generic_plans))
    # Set first: if the message fails half way, the rollback on return ends what began.
    adapter._transaction = _BoundTransaction(raw.driver_connection)
    await _send(conn, statement)


@asynccontextmanager
async def tenant_transaction(
    engine: AsyncEngine, tenant_id: uuid.UUID | None, user_id: uuid.UUID | None = None
) -> AsyncIterator[AsyncConnection]:
    """One committed unit of work for a tenant (jobs, CLI, auth): commit on success."""
    async with engine.begin() as conn:
        await bind_transaction(conn, tenant_id, user_id)
        yield conn


class TransactionAbortedError(Exception):
    """The request's transaction was aborted after it wrote; nothing was committed."""


class RequestDB:
    """A request's database handle: one connection, one transaction, opened on first use.

    GraphQL resolvers of one request may run concurrently (DataLoaders dispatching in the
    same tick); a connection runs one statement at a time, so statements are serialized on a
    lock. A mutation runs inside ``unit_of_work()``, a savepoint that is rolled back when the
    service raises, so a failed mutation leaves nothing half-written. The module docstring
    states the transaction rules.

    A statement that fails outside a savepoint aborts PostgreSQL's transaction, and every
    later statement of the request failed with InFailedSQLTransactionError: one bad query
    field took its siblings down. While the transaction has written nothing (no savepoint
    released, no write outside one) there is nothing to lose, so the next statement rolls
    the aborted transaction back and opens a new one: only the failing field fails. Once it
    has written, the abort stands and the commit fails, so a response never reports a write
    that was rolled back. A savepoint per read field would do the same at a round trip per
    statement.

    The transaction is begun on a pooled connection checked out of the engine's pool
    (`_transaction`), and its BEGIN with the tenant binding (one message), the precompiled
    reads (`run`) and its COMMIT or ROLLBACK go to the asyncpg connection directly: a
    storefront read pays one greenlet switch (the checkout) where SQLAlchemy's async layer
    took seven (connect, begin, commit, close, and one per raw-connection lookup). A
    statement that needs SQLAlchemy's execution layer (`execute`, `unit_of_work`) gets an
    AsyncConnection put over the same connection and transaction (`_connection`), which
    then ends the transaction as before.
    """

    def __init__(
        self, engine: AsyncEngine, tenant_id: uuid.UUID | None, *, generic_plans: bool = False
    ) -> None:
        self.engine = engine  # where the request's transaction runs (a replica: read_from)
        self.primary = engine  # where independent() writes, whatever engine reads
        # A commit of this handle made writes durable: the response carries the primary's
        # WAL position for read-your-writes (app/db/replicas.py).
        self.committed_writes = False
        self.tenant_id = tenant_id
        self.generic_plans = generic_plans  # see bind_transaction
        self._sync: Connection | None = None  # the open transaction's pooled connection
        self._driver: Any = None  # its asyncpg connection
        self._conn: AsyncConnection | None = None  # SQLAlchemy's over it, once a statement needs it
        self._lock = asyncio.Lock()
        # Callbacks per open savepoint, innermost last; [0] belongs to the transaction.
        self._callbacks: list[list[AfterCommit]] = [[]]
        self.commits = 0  # by commit(): tells a caller whether its earlier work is durable
        self._wrote = False  # the open transaction holds writes (a released savepoint, DML)
        self._aborted = False  # a statement outside any savepoint failed
        self._on_replica_lost: ReplicaLost | None = None
        self._answered = False  # a statement's rows reached a caller (no more fallback)

    def _note_failure(self) -> None:
        if not self.in_savepoint:
            self._aborted = True

    async def _transaction(self) -> Connection:
        """The pooled connection of the open transaction, begun and bound on first use."""
        if self._aborted and self._sync is not None and not self._wrote:
            self._aborted = False
            await self._end(commit=False)  # nothing written: begin anew
        if self._sync is None:
            try:
                await self._open()
            except Exception as exc:
                if not await self._fall_back(exc):
                    raise
                await self._open()
        assert self._sync is not None
        return self._sync

    async def _open(self) -> None:
        sync: Connection = await greenlet_spawn(self.engine.sync_engine.connect)
        try:
            fairy: Any = sync.connection
            adapter, driver = fairy.dbapi_connection, fairy.driver_connection
            self._sync, self._driver = sync, driver
            if self.tenant_id is None or getattr(adapter, "_transaction", 1) is not None:
                # Nothing to bind (the adapter then begins lazily), or not SQLAlchemy's
                # asyncpg adapter in its expected state: SQLAlchemy's way from the start.
                conn = AsyncConnection(self.engine, sync)
                await conn.begin()
                await bind_transaction(conn, self.tenant_id, generic_plans=self.generic_plans)
                self._conn = conn
                return
            statement = _begin_statement(self.tenant_id, self.generic_plans)
            # Set first: should the message fail half way, the connection is discarded below.
            adapter._transaction = _BoundTransaction(driver)
            _report(sync, statement, ())
            await driver.execute(statement)
        except BaseException:
            self._sync = self._driver = self._conn = None
            await _discard(sync)  # a dead server's connection must not go back
            raise

    async def _connection(self) -> AsyncConnection:
        """SQLAlchemy's connection over the open transaction (begun on first use)."""
        sync = await self._transaction()
        if self._conn is None:
            conn = AsyncConnection(self.engine, sync)
            # SQLAlchemy's begin sends nothing: the adapter holds our BEGIN's transaction
            # (_BoundTransaction), which SQLAlchemy's commit or rollback then ends.
            await conn.begin()
            self._conn = conn
        return self._conn

    async def _end(self, *, commit: bool) -> None:
        """End the open transaction (COMMIT or ROLLBACK) and give its connection back."""
        sync, conn, driver = self._sync, self._conn, self._driver
        self._sync = self._conn = self._driver = None
        if sync is None:
            return
        if conn is not None:
            try:
                await (conn.commit() if commit else conn.rollback())
            finally:
                await conn.close()
            return
        adapter: Any = sync.connection.dbapi_connection
        try:
            await driver.execute("COMMIT" if commit else "ROLLBACK")
        except BaseException:
            await _discard(sync)
            raise
        adapter._transaction = None
        sync.close()  # to the pool; with no transaction left its reset sends nothing

    async def _fall_back(self, exc: BaseException) -> bool:
        """A read on a replica lost its connection before any of its rows reached a caller,
        or found every connection of the replica's pool in use: tell the replica set (it
        marks a lost replica down, counts a busy one) and continue on the primary, where
        the caller retries once. False (the error stands) in every other case."""
        if self.engine is self.primary or self._answered:
            return False
        busy = self._sync is None and is_pool_exhausted(exc)  # no connection free there
        if not (busy or is_connection_lost(exc) or _driver_closed(self._driver)):
            return False
        lost, self.engine = self.engine, self.primary
        sync = self._sync
        self._sync = self._conn = self._driver = None
        if sync is not None:
            await _discard(sync)
        self._aborted = False
        if not busy:
            log.warning("replica connection lost; reading from the primary: %s", exc)
        if self._on_replica_lost is not None:
            await self._on_replica_lost(lost, exc)
        return True

    def read_from(self, engine: AsyncEngine, on_lost: ReplicaLost | None = None) -> bool:
        """Run this request's transaction on `engine` (a read replica), if no statement has
        run yet; False when one has (the request stays where it began). Should the replica's
        connection be lost before any of its rows reached a caller, the request reads from
        the primary instead and `on_lost` is told."""
        if self._sync is not None:
            return False
        self.engine = engine
        self._on_replica_lost = on_lost
        return True

    @property
    def in_savepoint(self) -> bool:
        return len(self._callbacks) > 1

    async def execute(
        self, statement: Executable, params: dict[str, Any] | list[dict[str, Any]] | None = None
    ) -> Result[Any]:
        async with self._lock:
            conn = await self._connection()
            if not self.in_savepoint and getattr(statement, "is_dml", False):
                self._wrote = True
            try:
                result = await conn.execute(statement, params)
            except Exception as exc:
                if not await self._fall_back(exc):
                    self._note_failure()
                    raise
                try:
                    result = await (await self._connection()).execute(statement, params)
                except Exception:
                    self._note_failure()
                    raise
            self._answered = True
            return result

    async def run(self, query: Prepared, params: dict[str, Any]) -> list[Any]:
        """A precompiled statement (app/db/prepared.py) with this call's parameters; its
        rows as named tuples (reading a field of one is ~15x cheaper than of a Row, and a
        page's objects read thousands).

        It runs on the asyncpg connection under this request's transaction: SQLAlchemy's
        execution layer cost ~70 us of CPU per statement, more than asyncpg's round trip.
        The engine's `before_cursor_execute` listeners still see it (statement counting).
        """
        arguments = query.arguments(params)
        async with self._lock:
            try:
                records = await self._fetch(query.text, arguments)
            except Exception as exc:
                if not await self._fall_back(exc):
                    self._note_failure()
                    raise
                try:
                    records = await self._fetch(query.text, arguments)
                except Exception:
                    self._note_failure()
                    raise
            self._answered = True
        return tuple_records(records)

    async def _fetch(self, text: str, arguments: tuple[Any, ...]) -> Any:
        sync = self._sync
        if sync is None or self._aborted:  # else the open transaction, as _transaction says
            sync = await self._transaction()
        _report(sync, text, arguments)
        return await self._driver.fetch(text, *arguments)

    async def write(
        self, statement: Executable, params: dict[str, Any] | list[dict[str, Any]] | None = None
    ) -> CursorResult[Any]:
        result = await self.execute(statement, params)
        if not self.in_savepoint:
            self._wrote = True
        assert isinstance(result, CursorResult)
        return result

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[RequestDB]:
        """A savepoint: everything inside is undone if the block raises, after-commit
        callbacks registered inside included."""
        async with self._lock:
            conn = await self._connection()
            savepoint = await conn.begin_nested()
        self._callbacks.append([])
        try:
            yield self
        except BaseException:
            self._callbacks.pop()
            async with self._lock:
                await savepoint.rollback()
            raise
        kept = self._callbacks.pop()
        async with self._lock:
            await savepoint.commit()
            self._wrote = True
        self._callbacks[-1].extend(kept)

    def after_commit(self, callback: AfterCommit) -> None:
        """Run `callback` once, after the transaction that holds the work so far commits;
        dropped if the savepoint it was registered in is rolled back or the commit fails."""
        self._callbacks[-1].append(callback)

    async def commit(self) -> None:
        """Commit the work so far now, releasing its locks, then run the after-commit
        callbacks registered so far. The next statement opens a new tenant-scoped
        transaction. Refused inside a savepoint: a mutation's savepoint must end first."""
        if self.in_savepoint:
            raise RuntimeError("db.commit() inside a savepoint (unit_of_work); end it first")
        async with self._lock:
            callbacks = self._take_callbacks()
            self.commits += 1
            await self._finish(commit=True)
        await _run_callbacks(callbacks)

    def _take_callbacks(self) -> list[AfterCommit]:
        callbacks, self._callbacks = self._callbacks[0], [[]]
        return callbacks

    async def _finish(self, *, commit: bool) -> None:
        """End the transaction: committed when `commit` and it holds what it wrote, rolled
        back otherwise; TransactionAbortedError when it wrote and a statement failed."""
        wrote = self._wrote
        aborted = self._aborted and self._wrote
        failed_read = self._aborted and not self._wrote
        self._aborted = self._wrote = False
        if self._sync is None:
            return
        if commit and aborted:
            # PostgreSQL answers COMMIT of an aborted transaction with a rollback, and no
            # error: say so, rather than let the response report lost writes.
            with contextlib.suppress(Exception):
                await self._end(commit=False)
            raise TransactionAbortedError("a statement failed after this request wrote")
        # A failed read left nothing to keep; the abort is not the request's.
        if commit and not failed_read:
            await self._end(commit=True)
            self.committed_writes = self.committed_writes or wrote
        else:
            await self._end(commit=False)

    @asynccontextmanager
    async def independent(
        self, tenant_id: uuid.UUID | None, user_id: uuid.UUID | None = None
    ) -> AsyncIterator[AsyncConnection]:
        """A transaction of its own on another pooled connection, committed when the block
        ends whatever this request does next; auth's one way to write (rule 5)."""
        async with tenant_transaction(self.primary, tenant_id, user_id) as conn:
            yield conn

    async def close(self, *, commit: bool) -> None:
        """End the request's transaction; called before the response is sent. After a
        commit the after-commit callbacks run; without one (or when it fails) none does."""
        callbacks = self._take_callbacks()
        await self._finish(commit=commit)
        if commit:
            await _run_callbacks(callbacks)


def _begin_statement(tenant_id: uuid.UUID, generic_plans: bool) -> str:
    """``BEGIN; SET LOCAL app.tenant_id = '...'`` (and the plan setting), made once per
    tenant and kind: the checks of `set_local` ran on the first."""
    key = (tenant_id, generic_plans)
    found = _begin_statements.get(key)
    if found is None:
        if len(_begin_statements) >= _BEGIN_STATEMENTS_KEPT:
            _begin_statements.clear()
        found = "BEGIN; " + "; ".join(_settings(tenant_id, None, generic_plans))
        _begin_statements[key] = found
    return found


_begin_statements: dict[tuple[uuid.UUID, bool], str] = {}
_BEGIN_STATEMENTS_KEPT = 4096  # tenants served by one process at once; then made anew


async def _discard(sync: Connection) -> None:
    """Invalidate a pooled connection in an unknown state (a failed BEGIN or COMMIT, a lost
    server) and give its pool slot back: it must not serve another request."""

    def invalidate_and_close() -> None:
        with contextlib.suppress(Exception):
            sync.invalidate()
        with contextlib.suppress(Exception):
            sync.close()

    await greenlet_spawn(invalidate_and_close)


def _driver_closed(driver: Any) -> bool:
    """The driver saw its socket close (a statement then fails with whatever asyncpg's
    protocol state makes of it, e.g. "another operation is in progress")."""
    if driver is None:
        return False
    try:
        return bool(driver.is_closed())
    except Exception:
        return True


async def _run_callbacks(callbacks: list[AfterCommit]) -> None:
    """Each callback once, in order. The writes are committed by now: a failing callback is
    logged and the others still run (work that must not be lost belongs in an outbox row)."""
    for callback in callbacks:
        try:
            await callback()
        except Exception:
            log.exception("after-commit callback failed")
