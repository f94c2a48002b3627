"""Cart tables (DDL in migrations/versions/0005) and the stores' checkout settings."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

store_checkout_settings = Table(
    "store_checkout_settings",
    metadata,
    tenant_id_column(),
    Column("store_id", UUID(as_uuid=True), primary_key=True),
    Column("prices_include_tax", Boolean, nullable=False),
    Column("cart_ttl_minutes", Integer, nullable=False),
    Column("reservation_minutes", Integer, nullable=False),
    Column("abandoned_cart_delays_minutes", ARRAY(Integer), nullable=False),
)

carts = Table(
    "carts",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("email", Text),
    Column("phone", Text),
    Column("country_code", Text),
    Column("shipping_address", JSONB),
    Column("delivery_option_handle", Text),
    Column("discount_codes", ARRAY(Text), nullable=False),
    Column("email_consent_source", Text),  # reminder-email consent (app/email), and its time
    Column("email_consent_at", DateTime(timezone=True)),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

cart_lines = Table(
    "cart_lines",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("cart_id", UUID(as_uuid=True), nullable=False),
    Column("variant_id", UUID(as_uuid=True), nullable=False),
    Column("quantity", Integer, nullable=False),
    created_at_column(),
)

tenant_expiry_due = Table(
    "tenant_expiry_due",
    metadata,
    Column("tenant_id", UUID(as_uuid=True), primary_key=True),
    Column("due_at", DateTime(timezone=True), nullable=False),
)
