"""`emit`: write an event in the caller's transaction, so it exists exactly when the change does.

The relay (relay.py) publishes it after commit; a rolled-back change leaves no event. Call it
after the row lock of the change has been taken (after the UPDATE, not before): two
conflicting changes then emit in the order they commit, and the relay publishes in that order.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, Text, insert, literal, select
from sqlalchemy.dialects.postgresql import UUID

from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.events.models import events
from app.events.topics import TOPICS


async def emit(
    db: RequestDB,
    *,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID | None,
    topic: str,
    payload: dict[str, Any],
) -> uuid.UUID:
    """Append one event to the outbox; returns its id (the webhook-id integrators see)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown event topic {topic!r}")
    event_id = uuid7()
    await db.execute(
        events.insert().values(
            tenant_id=tenant_id, id=event_id, store_id=store_id, topic=topic, payload=payload
        )
    )
    return event_id


async def emit_from(
    db: RequestDB, *, tenant_id: uuid.UUID, topic: str, source: Select[Any]
) -> None:
    """Append `topic` with the row `source` selects (columns labelled `store_id` and
    `payload`), in one statement; nothing if it selects no row. `source` selects at most one
    row (a changed product, by its key): the event gets one id."""
    if topic not in TOPICS:
        raise ValueError(f"unknown event topic {topic!r}")
    row = source.subquery()
    await db.execute(
        insert(events).from_select(
            ["tenant_id", "id", "store_id", "topic", "payload"],
            select(
                literal(tenant_id, UUID(as_uuid=True)),
                literal(uuid7(), UUID(as_uuid=True)),
                row.c.store_id,
                literal(topic, Text),
                row.c.payload,
            ),
        )
    )
