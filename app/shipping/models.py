"""Shipping tables (DDL in migrations/versions/0005)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

shipping_zones = Table(
    "shipping_zones",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("name", Text, nullable=False),
    Column("countries", ARRAY(Text), nullable=False),
    created_at_column(),
)

shipping_rates = Table(
    "shipping_rates",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("zone_id", UUID(as_uuid=True), nullable=False),
    Column("handle", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("min_value", BigInteger),
    Column("max_value", BigInteger),
    Column("free_above", BigInteger),
    Column("position", Integer, nullable=False),
)
