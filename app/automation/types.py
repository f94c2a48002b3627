"""Automation GraphQL types (admin)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from app.automation.rules import ConnectionStatus, SupplierKind
from app.graphql.ids import to_global_id

SupplierKindEnum = strawberry.enum(SupplierKind, name="SupplierKind")
SupplierConnectionStatusEnum = strawberry.enum(ConnectionStatus, name="SupplierConnectionStatus")


@strawberry.type(description="A stored credential's name and its last 4 characters.")
class SupplierCredentialHint:
    name: str
    hint: str


@strawberry.type
class SupplierConnection:
    id: strawberry.ID
    name: str
    kind: SupplierKindEnum  # type: ignore[valid-type]
    status: SupplierConnectionStatusEnum  # type: ignore[valid-type]
    feed_url: str | None
    sync_interval_minutes: int
    last_sync_at: dt.datetime | None
    credentials: list[SupplierCredentialHint] = strawberry.field(
        description="Which credentials are stored, as hints; the values are never returned."
    )
    created_at: dt.datetime


def build_connection(row: Any) -> SupplierConnection:
    return SupplierConnection(
        id=strawberry.ID(to_global_id("SupplierConnection", row.id)),
        name=row.name,
        kind=SupplierKind(row.kind),
        status=ConnectionStatus(row.status),
        feed_url=row.feed_url,
        sync_interval_minutes=row.sync_interval_minutes,
        last_sync_at=row.last_sync_at,
        credentials=[
            SupplierCredentialHint(name=name, hint=hint)
            for name, hint in sorted((row.credentials_hint or {}).items())
        ],
        created_at=row.created_at,
    )
