"""Inventory tables: one level per variant; available = on_hand - reserved."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import metadata, tenant_id_column

inventory_levels = Table(
    "inventory_levels",
    metadata,
    tenant_id_column(),
    Column("variant_id", UUID(as_uuid=True), primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
