"""Discount tables (DDL in migrations/versions/0005)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

discounts = Table(
    "discounts",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("code", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("minimum_subtotal", BigInteger),
    Column("starts_at", DateTime(timezone=True)),
    Column("ends_at", DateTime(timezone=True)),
    Column("usage_limit", Integer),
    Column("per_email_limit", Integer),
    Column("used_count", Integer, nullable=False, server_default="0"),
    Column("reserved_count", Integer, nullable=False, server_default="0"),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

discount_collections = Table(
    "discount_collections",
    metadata,
    tenant_id_column(),
    Column("discount_id", UUID(as_uuid=True), primary_key=True),
    Column("collection_id", UUID(as_uuid=True), primary_key=True),
)

discount_usages = Table(
    "discount_usages",
    metadata,
    tenant_id_column(),
    Column("discount_id", UUID(as_uuid=True), primary_key=True),
    Column("order_id", UUID(as_uuid=True), primary_key=True),
    Column("email", Text, nullable=False),
    created_at_column(),
)
