"""Catalog tables. The DDL (keys, RLS, search trigger) lives in migrations/versions/0002."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column


def _updated_at() -> Column[object]:
    return Column("updated_at", DateTime(timezone=True), nullable=False)


categories = Table(
    "categories",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("parent_id", UUID(as_uuid=True)),
    Column("handle", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description_html", Text, nullable=False),
    Column("path", ARRAY(UUID(as_uuid=True)), nullable=False),
    Column("position", Integer, nullable=False),
    created_at_column(),
    _updated_at(),
)

products = Table(
    "products",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("handle", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("description_html", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("tags", ARRAY(Text), nullable=False),
    Column("vendor", Text),
    Column("seo_title", Text),
    Column("seo_description", Text),
    Column("category_id", UUID(as_uuid=True)),
    Column("supplier_connection_id", UUID(as_uuid=True)),
    Column("supplier_product_id", Text),
    Column("cost_amount", BigInteger),
    Column("min_price", BigInteger),
    Column("max_price", BigInteger),
    Column("min_compare_at", BigInteger),
    Column("max_compare_at", BigInteger),
    Column("sales_count", BigInteger, nullable=False),
    Column("tax_class", Text, nullable=False, server_default="STANDARD"),
    Column("search", TSVECTOR, nullable=False),
    created_at_column(),
    _updated_at(),
)

product_options = Table(
    "product_options",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("product_id", UUID(as_uuid=True), nullable=False),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("values", ARRAY(Text), nullable=False),
)

media = Table(
    "media",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("product_id", UUID(as_uuid=True)),
    Column("url", Text, nullable=False),
    Column("storage_key", Text),
    Column("alt_text", Text),
    Column("width", Integer),
    Column("height", Integer),
    Column("content_type", Text),
    Column("position", Integer, nullable=False),
    created_at_column(),
)

product_variants = Table(
    "product_variants",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("product_id", UUID(as_uuid=True), nullable=False),
    Column("sku", Text),
    Column("title", Text, nullable=False),
    Column("price_amount", BigInteger, nullable=False),
    Column("compare_at_amount", BigInteger),
    Column("cost_amount", BigInteger),
    Column("weight_grams", Integer),
    Column("barcode", Text),
    Column("position", Integer, nullable=False),
    Column("option_values", ARRAY(Text), nullable=False),
    Column("image_id", UUID(as_uuid=True)),
    created_at_column(),
    _updated_at(),
)

collections = Table(
    "collections",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("handle", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description_html", Text, nullable=False),
    created_at_column(),
    _updated_at(),
)

collection_products = Table(
    "collection_products",
    metadata,
    tenant_id_column(),
    Column("collection_id", UUID(as_uuid=True), primary_key=True),
    Column("product_id", UUID(as_uuid=True), primary_key=True),
    Column("position", Integer, nullable=False),
)

translations = Table(
    "translations",
    metadata,
    tenant_id_column(),
    Column("resource_id", UUID(as_uuid=True), primary_key=True),
    Column("language", Text, primary_key=True),
    Column("field", Text, primary_key=True),
    Column("resource_type", Text, nullable=False),
    Column("value", Text, nullable=False),
)
