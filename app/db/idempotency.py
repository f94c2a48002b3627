"""Idempotency keys: a repeat of a mutation with the same key returns the first result.

The key row is claimed before the work, inside the mutation's savepoint: a concurrent
repeat blocks on the uncommitted row until the first commits, then replays its result; a
first attempt that fails rolls its claim back, so the caller may try again.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, DateTime, Table, Text, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert

from app.db.metadata import metadata, tenant_id_column
from app.db.tenant import RequestDB

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    tenant_id_column(),
    Column("operation", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("response", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True)),
)

PENDING: dict[str, Any] = {"pending": True}


async def claim(
    db: RequestDB, tenant_id: uuid.UUID, operation: str, key: str
) -> dict[str, Any] | None:
    """None when this call owns the key (do the work, then `remember`); else the first result."""
    claimed = (
        await db.execute(
            insert(idempotency_keys)
            .values(tenant_id=tenant_id, operation=operation, key=key, response=PENDING)
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.key)
        )
    ).first()
    if claimed is not None:
        return None
    statement = select(idempotency_keys.c.response).where(
        idempotency_keys.c.tenant_id == tenant_id,
        idempotency_keys.c.operation == operation,
        idempotency_keys.c.key == key,
    )
    first_result: dict[str, Any] = (await db.execute(statement)).scalar_one()
    return first_result


async def remember(
    db: RequestDB, tenant_id: uuid.UUID, operation: str, key: str, response: dict[str, Any]
) -> None:
    await db.execute(
        update(idempotency_keys)
        .values(response=response)
        .where(
            idempotency_keys.c.tenant_id == tenant_id,
            idempotency_keys.c.operation == operation,
            idempotency_keys.c.key == key,
        )
    )
