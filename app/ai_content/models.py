"""AI content tables. The DDL (keys, RLS) lives in migrations/versions/0011."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

store_content_settings = Table(
    "store_content_settings",
    metadata,
    tenant_id_column(),
    Column("store_id", UUID(as_uuid=True), primary_key=True),
    Column("brand_voice", Text, nullable=False),
    Column("rules", Text, nullable=False),
    Column("auto_approve", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

ai_content_drafts = Table(
    "ai_content_drafts",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("run_id", UUID(as_uuid=True), nullable=False),
    Column("product_id", UUID(as_uuid=True), nullable=False),
    Column("language", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="PENDING"),
    Column("model", Text, nullable=False),
    Column("input_tokens", Integer, nullable=False),
    Column("output_tokens", Integer, nullable=False),
    Column("cache_creation_tokens", Integer, nullable=False, server_default="0"),
    Column("cache_read_tokens", Integer, nullable=False, server_default="0"),
    Column("cost_micros", BigInteger, nullable=False),
    created_at_column(),
    Column("decided_at", DateTime(timezone=True)),
)
