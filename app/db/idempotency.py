"""Idempotency keys: a repeat of a mutation with the same key replays the first response.

A key row holds the operation, the key, the SHA-256 of the operation's arguments and the
first response as the client received it. The mutation pipeline (app/graphql/mutations.py)
drives it:

- `claim` runs before the work, inside the mutation's savepoint. A concurrent repeat blocks
  on the uncommitted row until the first commits, then finds its response; a first attempt
  that fails rolls its claim back (or `release`s it), so the caller may try again.
- `remember` stores the response once the executor has completed it, before the commit.
- Keys expire `TTL` after they were claimed: an expired key is claimed afresh, and
  `purge_expired` (run hourly by the worker, jobs/worker.py) deletes them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, DateTime, Table, Text, delete, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.metadata import metadata, tenant_id_column
from app.db.tenant import RequestDB, set_flag

TTL = dt.timedelta(hours=24)  # also in the purge policies of migration 0005
MAX_KEY_LENGTH = 200

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    tenant_id_column(),
    Column("operation", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("response", JSONB, nullable=False),
    Column("request_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True)),
)

PENDING: dict[str, Any] = {"pending": True}


@dataclass(frozen=True, slots=True)
class Stored:
    """What a repeat finds: the first call's argument hash and response (`pending` while the
    first call is still in progress)."""

    request_hash: str
    pending: bool
    response: Any


def _row(tenant_id: uuid.UUID, operation: str, key: str) -> Any:
    k = idempotency_keys.c
    return (k.tenant_id == tenant_id) & (k.operation == operation) & (k.key == key)


async def claim(
    db: RequestDB, *, tenant_id: uuid.UUID, operation: str, key: str, request_hash: str
) -> Stored | None:
    """None when this call owns the key (do the work, then `remember`); else the first's."""
    k = idempotency_keys.c
    values = insert(idempotency_keys).values(
        tenant_id=tenant_id,
        operation=operation,
        key=key,
        response=PENDING,
        request_hash=request_hash,
        created_at=func.now(),
    )
    # An expired key is taken over as if new; a live one is left alone (and found below).
    statement = values.on_conflict_do_update(
        index_elements=[k.tenant_id, k.operation, k.key],
        set_={"response": PENDING, "request_hash": request_hash, "created_at": func.now()},
        where=k.created_at < func.now() - TTL,
    ).returning(k.key)
    if (await db.execute(statement)).first() is not None:
        return None
    found = (
        await db.execute(select(k.request_hash, k.response).where(_row(tenant_id, operation, key)))
    ).one()
    if found.response == PENDING:
        return Stored(found.request_hash, pending=True, response=None)
    return Stored(found.request_hash, pending=False, response=found.response["data"])


async def remember(
    db: RequestDB, *, tenant_id: uuid.UUID, operation: str, key: str, response: Any
) -> None:
    """Store the first response (JSON), replayed to every repeat until the key expires."""
    await db.execute(
        update(idempotency_keys)
        .values(response={"data": response})
        .where(_row(tenant_id, operation, key))
    )


async def release(db: RequestDB, *, tenant_id: uuid.UUID, operation: str, key: str) -> None:
    """Give a claim up (a first attempt that failed outside a savepoint): retry allowed."""
    await db.execute(delete(idempotency_keys).where(_row(tenant_id, operation, key)))


async def purge_expired(engine: AsyncEngine) -> int:
    """Delete every tenant's expired keys in one statement; how many went."""
    async with engine.begin() as conn:
        await set_flag(conn, "app.purge")
        result = await conn.execute(
            delete(idempotency_keys).where(idempotency_keys.c.created_at < func.now() - TTL)
        )
    return int(result.rowcount)
