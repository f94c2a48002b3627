"""The one MetaData every domain's tables belong to, and column helpers they share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Column, ColumnElement, DateTime, MetaData, any_, bindparam, func
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()


def tenant_id_column() -> Column[object]:
    return Column("tenant_id", UUID(as_uuid=True), primary_key=True)


def id_column() -> Column[object]:
    return Column("id", UUID(as_uuid=True), primary_key=True)


def created_at_column() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def any_of(ids: Iterable[uuid.UUID]) -> ColumnElement[Any]:
    """`= ANY($1::uuid[])`: one bound array, so the statement text (and its prepared plan)
    is the same whatever the number of ids."""
    return any_(bindparam(None, list(ids), type_=ARRAY(UUID(as_uuid=True))))
