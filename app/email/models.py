"""Email tables. The DDL (keys, RLS) lives in migrations/versions/0011."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

cart_email_sends = Table(
    "cart_email_sends",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("cart_id", UUID(as_uuid=True), nullable=False),
    Column("step", Integer, nullable=False),
    Column("to_email", Text, nullable=False),
    Column("template", Text, nullable=False),
    Column("result", Text, nullable=False, server_default="PENDING"),
    Column("error", Text),
    created_at_column(),
    Column("sent_at", DateTime(timezone=True)),
)

email_unsubscribes = Table(
    "email_unsubscribes",
    metadata,
    tenant_id_column(),
    Column("store_id", UUID(as_uuid=True), primary_key=True),
    Column("email", Text, primary_key=True),
    created_at_column(),
)
