"""The SQLAlchemy async engine over asyncpg, created in the lifespan and handed on."""

from __future__ import annotations

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def asyncpg_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (what psql and operators use) for SQLAlchemy."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database URL must start with postgresql://")


def create_engine(url: str, *, pool_size: int = 20) -> AsyncEngine:
    return create_async_engine(
        asyncpg_url(url),
        pool_size=pool_size,
        # No overflow: overflow connections close on return, so a burst past the pool
        # opened and closed PostgreSQL sessions continuously. Size the pool instead.
        max_overflow=0,
        pool_timeout=10,
        pool_pre_ping=False,
        # Statement-level tenant settings are transaction-local, so a pooled connection
        # carries nothing over; reset-on-return rolls back whatever a caller left open.
        pool_reset_on_return="rollback",
        # jsonb columns (translations, options) decode with orjson, not the stdlib.
        json_deserializer=orjson.loads,
        json_serializer=lambda value: orjson.dumps(value).decode(),
    )
