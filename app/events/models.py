"""Event tables. The DDL (keys, RLS, the NOTIFY trigger) lives in migrations/versions/0009."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

events = Table(
    "events",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("seq", BigInteger, nullable=False),
    Column("store_id", UUID(as_uuid=True)),
    Column("topic", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    created_at_column(),
    Column("published_at", DateTime(timezone=True)),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("topic", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    # After a rotation the old secret still signs until it expires (migration 0018).
    Column("previous_secret", Text),
    Column("previous_secret_expires_at", DateTime(timezone=True)),
    Column("active", Boolean, nullable=False),
    Column("consecutive_failures", Integer, nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
    Column("created_by", UUID(as_uuid=True)),
    created_at_column(),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("subscription_id", UUID(as_uuid=True), nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_response_code", Integer),
    Column("last_latency_ms", Integer),
    Column("last_error", Text),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
)
