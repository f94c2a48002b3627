"""Persisted-operation tables. The DDL (keys, RLS) lives in migration 0008."""

from __future__ import annotations

from sqlalchemy import Column, Table, Text
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import created_at_column, metadata, tenant_id_column

persisted_documents = Table(
    "persisted_documents",
    metadata,
    tenant_id_column(),
    Column("store_id", UUID(as_uuid=True), primary_key=True),
    Column("document_id", Text, primary_key=True),
    Column("body", Text, nullable=False),
    created_at_column(),
)
