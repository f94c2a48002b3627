"""GraphQL types of events and webhooks, built from rows and relay messages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import strawberry
from strawberry.scalars import JSON

from app.graphql.ids import to_global_id


@strawberry.type(description="Something that happened in a store (API.md lists the topics).")
class Event:
    id: strawberry.ID
    topic: str
    store_id: strawberry.ID | None
    created_at: dt.datetime
    payload: JSON

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Event:
        store = message.get("storeId")
        return cls(
            id=strawberry.ID(message["id"]),
            topic=message["topic"],
            store_id=strawberry.ID(to_global_id("Store", uuid.UUID(store))) if store else None,
            created_at=dt.datetime.fromisoformat(message["createdAt"]),
            payload=message["payload"],
        )
