"""Order tables (DDL in migrations/versions/0006, 0010 and 0014)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

orders = Table(
    "orders",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("checkout_id", UUID(as_uuid=True), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("status", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("subtotal_amount", BigInteger, nullable=False),
    Column("total_tax_amount", BigInteger, nullable=False),
    Column("total_shipping_amount", BigInteger, nullable=False),
    Column("total_discount_amount", BigInteger, nullable=False),
    Column("total_amount", BigInteger, nullable=False),
    Column("prices_include_tax", Boolean, nullable=False),
    Column("shipping_address", JSONB, nullable=False),
    Column("delivery_title", Text, nullable=False),
    Column("discount_code", Text),
    Column("token", Text, nullable=False),
    Column("payment_intent_id", Text, nullable=False),
    Column("refunded_amount", BigInteger, nullable=False),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

order_lines = Table(
    "order_lines",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("variant_id", UUID(as_uuid=True)),
    Column("position", Integer, nullable=False),
    Column("product_title", Text, nullable=False),
    Column("variant_title", Text, nullable=False),
    Column("sku", Text),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("subtotal_amount", BigInteger, nullable=False),
    Column("discount_amount", BigInteger, nullable=False),
    Column("tax_amount", BigInteger, nullable=False),
    Column("tax_rate_bp", Integer, nullable=False),
    Column("total_amount", BigInteger, nullable=False),
    Column("fulfilled_quantity", Integer, nullable=False),
)

order_counters = Table(
    "order_counters",
    metadata,
    tenant_id_column(),
    Column("store_id", UUID(as_uuid=True), primary_key=True),
    Column("last_number", BigInteger, nullable=False),
)

order_events = Table(
    "order_events",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("type", Text, nullable=False),
    Column("from_status", Text),
    Column("to_status", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("staff_member_id", UUID(as_uuid=True)),
    Column("api_key_id", UUID(as_uuid=True)),
    created_at_column(),
)

fulfillments = Table(
    "fulfillments",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("tracking_number", Text),
    Column("carrier", Text),
    Column("tracking_url", Text),
    Column("lines", JSONB, nullable=False),
    created_at_column(),
)

refunds = Table(
    "refunds",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("order_id", UUID(as_uuid=True), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", Text, nullable=False),
    Column("reason", Text),
    Column("status", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("stripe_refund_id", Text),
    Column("failure_message", Text),
    Column("staff_member_id", UUID(as_uuid=True)),
    Column("api_key_id", UUID(as_uuid=True)),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
