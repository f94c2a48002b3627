"""Tenant-scoped units of work: every transaction first sets ``app.tenant_id``.

Row-level security reads that setting; the queries filter by ``tenant_id`` too, so RLS is
the backstop that makes a forgotten filter harmless rather than the only guard.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import Executable

from app.db.prepared import Prepared, tuple_records

SET_TENANT_SQL = "SELECT set_config('app.tenant_id', $1, true)"
SET_USER = text("SELECT set_config('app.user_id', :user, true)")


async def scope_connection(
    conn: AsyncConnection, tenant_id: uuid.UUID | None, user_id: uuid.UUID | None = None
) -> None:
    """Bind the open transaction on `conn` to a tenant (and optionally a staff user)."""
    if tenant_id is not None:
        # Driver SQL: this runs on every request, and Core's per-call cache key and
        # compiled-cache lookup cost more than the statement.
        await conn.exec_driver_sql(SET_TENANT_SQL, (str(tenant_id),))
    if user_id is not None:
        await conn.execute(SET_USER, {"user": str(user_id)})


@asynccontextmanager
async def tenant_transaction(
    engine: AsyncEngine, tenant_id: uuid.UUID | None, user_id: uuid.UUID | None = None
) -> AsyncIterator[AsyncConnection]:
    """One committed unit of work for a tenant (jobs, CLI, auth): commit on success."""
    async with engine.begin() as conn:
        await scope_connection(conn, tenant_id, user_id)
        yield conn


class TransactionAbortedError(Exception):
    """The request's transaction was aborted after it wrote; nothing was committed."""


class RequestDB:
    """A request's database handle: one connection, one transaction, opened on first use.

    GraphQL resolvers of one request may run concurrently (DataLoaders dispatching in the
    same tick); a connection runs one statement at a time, so statements are serialized on a
    lock. A mutation field runs inside ``unit_of_work()``, a savepoint that is rolled back
    when the service raises, so a failed mutation leaves nothing half-written.

    A statement that fails outside a savepoint aborts PostgreSQL's transaction, and every
    later statement of the request failed with InFailedSQLTransactionError: one bad query
    field took its siblings down. While the transaction has written nothing (no savepoint
    released, no write outside one) there is nothing to lose, so the next statement rolls
    the aborted transaction back and opens a new one: only the failing field fails. Once it
    has written, the abort stands and the commit fails, so a response never reports a write
    that was rolled back. A savepoint per read field would do the same at a round trip per
    statement.
    """

    def __init__(self, engine: AsyncEngine, tenant_id: uuid.UUID | None) -> None:
        self.engine = engine
        self.tenant_id = tenant_id
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self._savepoints = 0  # open unit_of_work blocks
        self._wrote = False
        self._aborted = False

    def _note_failure(self) -> None:
        if self._savepoints == 0:
            self._aborted = True

    async def _connection(self) -> AsyncConnection:
        if self._aborted and self._conn is not None and not self._wrote:
            self._aborted = False
            await self._conn.rollback()
            await self._conn.begin()
            await scope_connection(self._conn, self.tenant_id)
        if self._conn is None:
            conn = await self.engine.connect()
            try:
                await conn.begin()
                await scope_connection(conn, self.tenant_id)
            except BaseException:
                await conn.close()
                raise
            self._conn = conn
        return self._conn

    async def execute(
        self, statement: Executable, params: dict[str, Any] | list[dict[str, Any]] | None = None
    ) -> Result[Any]:
        async with self._lock:
            conn = await self._connection()
            if self._savepoints == 0 and getattr(statement, "is_dml", False):
                self._wrote = True
            try:
                return await conn.execute(statement, params)
            except Exception:
                self._note_failure()
                raise

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
            conn = await self._connection()
            raw = await conn.get_raw_connection()
            sync = conn.sync_connection
            if sync is not None and (sync._has_events or sync.engine._has_events):
                sync.dispatch.before_cursor_execute(sync, None, query.text, arguments, None, False)
            driver: Any = raw.driver_connection
            try:
                records = await driver.fetch(query.text, *arguments)
            except Exception:
                self._note_failure()
                raise
        return tuple_records(records)

    async def write(
        self, statement: Executable, params: dict[str, Any] | list[dict[str, Any]] | None = None
    ) -> CursorResult[Any]:
        result = await self.execute(statement, params)
        if self._savepoints == 0:
            self._wrote = True
        assert isinstance(result, CursorResult)
        return result

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[RequestDB]:
        """A savepoint: everything inside is undone if the block raises."""
        async with self._lock:
            conn = await self._connection()
            savepoint = await conn.begin_nested()
            self._savepoints += 1
        try:
            yield self
        except BaseException:
            async with self._lock:
                self._savepoints -= 1
                await savepoint.rollback()
            raise
        async with self._lock:
            self._savepoints -= 1
            await savepoint.commit()
            self._wrote = True

    async def close(self, *, commit: bool) -> None:
        """End the request's transaction; called before the response is sent."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if commit and self._aborted:
                # PostgreSQL answers COMMIT of an aborted transaction with a rollback, and
                # no error: say so, rather than let the response report lost writes.
                raise TransactionAbortedError("a statement failed after this request wrote")
            if commit:
                await conn.commit()
            else:
                await conn.rollback()
        finally:
            await conn.close()
