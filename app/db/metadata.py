"""The one MetaData every domain's tables belong to, and column helpers they share."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, func
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()


def tenant_id_column() -> Column[object]:
    return Column("tenant_id", UUID(as_uuid=True), primary_key=True)


def id_column() -> Column[object]:
    return Column("id", UUID(as_uuid=True), primary_key=True)


def created_at_column() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())
