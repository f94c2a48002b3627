"""The tenant's AI token use this month, which the monthly budget is checked against."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.ai_content.models import ai_content_drafts


@dataclass(frozen=True, slots=True)
class MonthUsage:
    month: str  # YYYY-MM, UTC
    tokens: int  # input + output + cache writes + cache reads
    cost_micros: int


async def month_usage(conn: Any, tenant_id: uuid.UUID) -> MonthUsage:
    """`conn`: a connection or RequestDB (anything with `execute`), tenant-scoped."""
    d = ai_content_drafts
    tokens = (
        d.c.input_tokens + d.c.output_tokens + d.c.cache_creation_tokens + d.c.cache_read_tokens
    )
    month = func.date_trunc("month", func.timezone("UTC", func.now()))
    row = (
        await conn.execute(
            select(
                func.to_char(month, "YYYY-MM"),
                func.coalesce(func.sum(tokens), 0),
                func.coalesce(func.sum(d.c.cost_micros), 0),
            ).where(d.c.tenant_id == tenant_id, func.timezone("UTC", d.c.created_at) >= month)
        )
    ).one()
    return MonthUsage(row[0], int(row[1]), int(row[2]))
