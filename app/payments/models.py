"""The stripe_events table (DDL in migrations/versions/0005)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Table, Text
from sqlalchemy.dialects.postgresql import JSONB

from app.db.metadata import metadata, tenant_id_column

stripe_events = Table(
    "stripe_events",
    metadata,
    tenant_id_column(),
    Column("id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("payment_intent_id", Text),
    Column("outcome", Text, nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("received_at", DateTime(timezone=True)),
)
