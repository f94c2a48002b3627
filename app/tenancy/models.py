"""Tenancy tables. The DDL (keys, RLS) lives in migrations; these are Core handles for queries."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

tenants = Table(
    "tenants",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("status", String, nullable=False),
    created_at_column(),
)

stores = Table(
    "stores",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("name", Text, nullable=False),
    Column("domain", Text),
    Column("currency", String(3), nullable=False),
    Column("languages", ARRAY(Text), nullable=False),
    Column("default_language", String, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("status", String, nullable=False),
    created_at_column(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Storefront access: every storefront request persisted-only, and Cache-Control times
    # of cacheable reads (null: the process settings).
    Column("storefront_persisted_only", Boolean, nullable=False),
    Column("storefront_cache_max_age", Integer),
    Column("storefront_cache_stale_while_revalidate", Integer),
)

# Global routing table: which tenant and store answer for a Host. Holds no tenant data.
store_domains = Table(
    "store_domains",
    metadata,
    Column("domain", Text, primary_key=True),
    Column("tenant_id", UUID(as_uuid=True), nullable=False),
    Column("store_id", UUID(as_uuid=True), nullable=False),
)

# Global: a person's login identity. Their roles live per tenant in staff_members.
users = Table(
    "users",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("email", Text, nullable=False),
    Column("name", Text),
    Column("password_hash", Text),
    Column("invite_token_hash", LargeBinary),
    Column("invite_expires_at", DateTime(timezone=True)),
    created_at_column(),
)

staff_members = Table(
    "staff_members",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("user_id", UUID(as_uuid=True), nullable=False),
    Column("role", String, nullable=False),
    Column("status", String, nullable=False),
    created_at_column(),
)

api_keys = Table(
    "api_keys",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("name", Text, nullable=False),
    Column("prefix", Text, nullable=False),
    Column("secret_hash", LargeBinary, nullable=False),
    Column("scopes", ARRAY(Text), nullable=False),
    Column("persisted_only", Boolean, nullable=False),
    Column("created_by", UUID(as_uuid=True)),
    Column("last_used_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    created_at_column(),
)

storefront_tokens = Table(
    "storefront_tokens",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True), nullable=False),
    Column("title", Text, nullable=False),
    Column("secret_hash", LargeBinary, nullable=False),
    Column("persisted_only", Boolean, nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    created_at_column(),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("family_id", UUID(as_uuid=True), nullable=False),
    Column("staff_member_id", UUID(as_uuid=True), nullable=False),
    Column("secret_hash", LargeBinary, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    created_at_column(),
)
