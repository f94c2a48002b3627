"""The checkouts table (DDL in migrations/versions/0005)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

checkouts = Table(
    "checkouts",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("cart_id", UUID(as_uuid=True)),
    Column("status", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("total_amount", BigInteger, nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("discount_id", UUID(as_uuid=True)),
    Column("reserved_until", DateTime(timezone=True), nullable=False),
    Column("payment_intent_id", Text),
    Column("client_secret", Text),
    Column("payment_status", Text),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
