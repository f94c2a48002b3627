"""A statement error in one field must not fail the request's other fields."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, TransactionAbortedError


async def test_a_failed_read_does_not_poison_the_next_statement(engine: AsyncEngine) -> None:
    db = RequestDB(engine, None)
    try:
        with pytest.raises(DBAPIError):
            await db.execute(text("SELECT 1 / 0"))
        assert (await db.execute(text("SELECT 41 + 1"))).scalar() == 42
    finally:
        await db.close(commit=True)


async def test_a_failure_after_a_write_is_not_hidden(engine: AsyncEngine) -> None:
    """After a released savepoint the aborted transaction stands: committing fails rather
    than reporting a write that PostgreSQL rolled back."""
    db = RequestDB(engine, None)
    async with db.unit_of_work():
        await db.execute(text("SELECT 1"))
    with pytest.raises(DBAPIError):
        await db.execute(text("SELECT 1 / 0"))
    with pytest.raises(DBAPIError):
        await db.execute(text("SELECT 1"))
    with pytest.raises(TransactionAbortedError):
        await db.close(commit=True)


async def test_a_failure_inside_a_savepoint_rolls_back_to_it(engine: AsyncEngine) -> None:
    db = RequestDB(engine, None)
    try:
        with pytest.raises(DBAPIError):
            async with db.unit_of_work():
                await db.execute(text("SELECT 1 / 0"))
        assert (await db.execute(text("SELECT 7"))).scalar() == 7
    finally:
        await db.close(commit=True)
