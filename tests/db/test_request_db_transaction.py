"""RequestDB's transaction on the pooled asyncpg connection (without SQLAlchemy's async
layer until a statement needs it): bound to the tenant, counted by the engine's listeners,
one transaction across run() and execute(), and the pool left right (a connection back
without a transaction, a lost one invalidated, not handed to the next request)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import Integer, cast, event, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.prepared import compile_statement
from app.db.tenant import RequestDB

TENANT_SETTING = compile_statement(select(func.current_setting("app.tenant_id", True)))
STARTED = compile_statement(select(func.now()))  # the transaction's start
BACKEND = compile_statement(select(func.pg_backend_pid()))
FAILS = compile_statement(select(cast(literal("not a number"), Integer)))


class Seen:
    def __init__(self, engine: AsyncEngine) -> None:
        self.sync = engine.sync_engine
        self.statements: list[str] = []
        event.listen(self.sync, "before_cursor_execute", self._on)

    def _on(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.statements.append(statement)

    def detach(self) -> None:
        event.remove(self.sync, "before_cursor_execute", self._on)


def _checked_out(engine: AsyncEngine) -> int:
    return engine.sync_engine.pool.checkedout()  # type: ignore[attr-defined, no-any-return]


async def _outside_transaction(engine: AsyncEngine) -> tuple[str, str]:
    """A pooled connection's state as the next request finds it."""
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        return (
            "in transaction" if driver.is_in_transaction() else "idle",
            await driver.fetchval("SELECT coalesce(current_setting('app.tenant_id', true), '')"),
        )


async def test_a_read_is_one_bound_transaction_counted_and_handed_back_clean(
    engine: AsyncEngine,
) -> None:
    tenant = uuid.uuid4()
    before = _checked_out(engine)
    seen = Seen(engine)
    db = RequestDB(engine, tenant, generic_plans=True)
    try:
        assert [tuple(r) for r in await db.run(TENANT_SETTING, {})] == [(str(tenant),)]
        started = (await db.run(STARTED, {}))[0][0]
        assert _checked_out(engine) == before + 1
        await db.close(commit=True)
    finally:
        seen.detach()
    assert seen.statements == [
        f"BEGIN; SET LOCAL app.tenant_id = '{tenant}';"
        " SET LOCAL plan_cache_mode = 'force_generic_plan'",
        TENANT_SETTING.text,
        STARTED.text,
    ]
    assert started is not None
    assert _checked_out(engine) == before
    assert await _outside_transaction(engine) == ("idle", "")


async def test_a_returned_connection_is_reused_not_reconnected(engine: AsyncEngine) -> None:
    """Returned outside any greenlet with no transaction left: the pool's reset sends
    nothing and keeps the connection (a reset that failed would invalidate it)."""
    connects: list[object] = []
    pool = engine.sync_engine.pool

    def on_connect(*_: object) -> None:
        connects.append(1)

    event.listen(pool, "connect", on_connect)
    try:
        for _ in range(6):
            db = RequestDB(engine, uuid.uuid4())
            await db.run(STARTED, {})
            await db.close(commit=True)
        assert len(connects) <= 1  # at most the first cycle found no idle connection
    finally:
        event.remove(pool, "connect", on_connect)


async def test_run_and_execute_share_the_transaction_and_savepoints_work(
    engine: AsyncEngine,
) -> None:
    tenant = uuid.uuid4()
    db = RequestDB(engine, tenant)
    try:
        started = (await db.run(STARTED, {}))[0][0]
        assert (await db.execute(text("SELECT now()"))).scalar() == started
        async with db.unit_of_work():
            assert (await db.run(STARTED, {}))[0][0] == started
        assert (await db.execute(select(func.current_setting("app.tenant_id")))).scalar() == str(
            tenant
        )
    finally:
        await db.close(commit=True)
    assert await _outside_transaction(engine) == ("idle", "")


async def test_a_failed_read_begins_a_new_bound_transaction(engine: AsyncEngine) -> None:
    tenant = uuid.uuid4()
    db = RequestDB(engine, tenant)
    try:
        first = (await db.run(STARTED, {}))[0][0]
        with pytest.raises(Exception, match="invalid input syntax"):
            await db.run(FAILS, {})
        assert [tuple(r) for r in await db.run(TENANT_SETTING, {})] == [(str(tenant),)]
        assert (await db.run(STARTED, {}))[0][0] >= first
    finally:
        await db.close(commit=True)
    assert await _outside_transaction(engine) == ("idle", "")


@pytest.mark.parametrize("commit", [True, False])
async def test_a_connection_lost_mid_request_is_invalidated_not_pooled(
    engine: AsyncEngine, commit: bool
) -> None:
    before = _checked_out(engine)
    db = RequestDB(engine, uuid.uuid4())
    pid = (await db.run(BACKEND, {}))[0][0]
    async with engine.connect() as other:
        await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever asyncpg makes of the lost socket
        await db.close(commit=commit)
    assert _checked_out(engine) == before
    for _ in range(engine.sync_engine.pool.size()):  # type: ignore[attr-defined]
        # No pooled connection is the dead one: each serves a new transaction.
        again = RequestDB(engine, uuid.uuid4())
        try:
            assert (await again.run(BACKEND, {}))[0][0] != pid
        finally:
            await again.close(commit=True)
