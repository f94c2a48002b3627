"""The SQLAlchemy async engine over asyncpg, created in the lifespan and handed on."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# Without prepared statements (a transaction-mode pooler such as PgBouncer < 1.21): asyncpg
# keeps no statement cache, SQLAlchemy's asyncpg dialect keeps none either, and the
# statement it prepares to learn a query's column types is given the empty name, i.e.
# PostgreSQL's unnamed statement. asyncpg then sends that statement's Parse again with its
# Bind and Execute, so each statement is complete within one protocol exchange and nothing
# named is left on a server connection that the pooler hands to another client next (no
# "prepared statement ... does not exist / already exists", no buildup that would need
# DISCARD). RequestDB.run's asyncpg fetch goes the same way (the cache size is asyncpg's).
UNPREPARED_CONNECT_ARGS: dict[str, Any] = {
    "statement_cache_size": 0,
    "prepared_statement_cache_size": 0,
    "prepared_statement_name_func": lambda: "",
}


def asyncpg_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (what psql and operators use) for SQLAlchemy."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database URL must start with postgresql://")


def create_engine(
    url: str,
    *,
    pool_size: int = 20,
    prepared_statements: bool = True,
    connect_timeout: float | None = None,
    pool_timeout: float = 10,
) -> AsyncEngine:
    """`prepared_statements=False` (EDESTORY_DB_PREPARED_STATEMENTS=0) for a
    transaction-mode pooler without protocol-level prepared statements.
    `connect_timeout`: seconds a new connection may take (asyncpg's `timeout`, 60 s when
    None); `pool_timeout`: seconds to wait for a pooled connection when all are in use
    before SQLAlchemy's pool TimeoutError (read replicas use short ones of each)."""
    connect_args: dict[str, Any] = {} if prepared_statements else dict(UNPREPARED_CONNECT_ARGS)
    if connect_timeout is not None:
        connect_args["timeout"] = connect_timeout
    return create_async_engine(
        asyncpg_url(url),
        pool_size=pool_size,
        # No overflow: overflow connections close on return, so a burst past the pool
        # opened and closed PostgreSQL sessions continuously. Size the pool instead.
        max_overflow=0,
        pool_timeout=pool_timeout,
        pool_pre_ping=False,
        # Statement-level tenant settings are transaction-local, so a pooled connection
        # carries nothing over; reset-on-return rolls back whatever a caller left open.
        pool_reset_on_return="rollback",
        # jsonb columns (translations, options) decode with orjson, not the stdlib.
        json_deserializer=orjson.loads,
        json_serializer=lambda value: orjson.dumps(value).decode(),
        connect_args=connect_args,
    )
