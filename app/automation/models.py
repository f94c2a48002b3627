"""Automation tables. The DDL lives in migrations/versions/0009 (job_runs) and 0019 (its
heartbeat, resume attempts and task)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, Table, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from app.db.metadata import created_at_column, id_column, metadata, tenant_id_column

job_runs = Table(
    "job_runs",
    metadata,
    tenant_id_column(),
    id_column(),
    Column("store_id", UUID(as_uuid=True)),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("progress_done", Integer, nullable=False),
    Column("progress_total", Integer),
    Column("messages", JSONB, nullable=False),
    Column("result", JSONB),
    Column("errors", JSONB, nullable=False),
    created_at_column(),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False),
    Column("task", JSONB),
)
