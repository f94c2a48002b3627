"""Supplier tables (DDL in migrations/versions/0008, 0015 and 0017)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, LargeBinary, Numeric, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

supplier_connections = Table(
    "supplier_connections",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="ACTIVE"),
    Column("feed_url", Text),
    Column("credentials", LargeBinary),
    Column("credentials_hint", JSONB, nullable=False, server_default="{}"),
    Column("webhook_secret", LargeBinary),
    Column("sync_interval_minutes", Integer, nullable=False, server_default="360"),
    Column("last_sync_at", DateTime(timezone=True)),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

pricing_rules = Table(
    "pricing_rules",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("name", Text, nullable=False),
    Column("multiplier", Numeric(10, 4), nullable=False),
    Column("fixed_amount", Numeric(12, 4), nullable=False, server_default="0"),
    Column("minimum_margin", Numeric(6, 4)),
    Column("rounding_ending", Text),
    Column("compare_at_multiplier", Numeric(10, 4)),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

supplier_variants = Table(
    "supplier_variants",
    metadata,
    tenant_id_column(),
    Column("connection_id", UUID(as_uuid=True), primary_key=True),
    Column("supplier_product_id", Text, primary_key=True),
    Column("supplier_sku", Text, primary_key=True),
    Column("product_id", UUID(as_uuid=True), nullable=False),
    Column("variant_id", UUID(as_uuid=True), nullable=False),
    Column("pricing_rule_id", UUID(as_uuid=True)),
    Column("cost", Numeric(14, 4), nullable=False),
    Column("cost_currency", Text, nullable=False),
    Column("available", Boolean, nullable=False, server_default="true"),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

supplier_connection_routes = Table(
    "supplier_connection_routes",
    metadata,
    Column("connection_id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", UUID(as_uuid=True), nullable=False),
)

supplier_orders = Table(
    "supplier_orders",
    metadata,
    tenant_id_column(),
    Column("order_id", UUID(as_uuid=True), primary_key=True),
    Column("connection_id", UUID(as_uuid=True), primary_key=True),
    Column("status", Text, nullable=False),
    Column("supplier_order_id", Text),
    Column("message", Text, nullable=False),
    Column("tracking_status", Text, nullable=False, server_default="NONE"),
    Column("tracking_number", Text),
    Column("carrier", Text),
    Column("fulfillment_id", UUID(as_uuid=True)),
    Column("polled_at", DateTime(timezone=True)),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

supplier_placements = Table(
    "supplier_placements",
    metadata,
    tenant_id_column(),
    Column("order_id", UUID(as_uuid=True), primary_key=True),
    Column("job_run_id", UUID(as_uuid=True), nullable=False),
    created_at_column(),
)
