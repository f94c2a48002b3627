"""When a tenant next has something to expire, and the expiry of carts.

The periodic sweep (app/expiry.py) runs outside any tenant, so it cannot see carts or
checkouts under RLS; `tenant_expiry_due` tells it which tenants are due (tenant ids and
times only). Writers lower a tenant's time, never raise it; the sweep sets it to the next
real expiry after its pass.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import DateTime, cast, delete, exists, func, literal, select
from sqlalchemy.dialects.postgresql import UUID, insert

from app.cart.models import carts, tenant_expiry_due
from app.db.tenant import RequestDB

BATCH = 500


async def schedule_expiry(db: RequestDB, *, tenant_id: uuid.UUID, at: Any) -> None:
    """Make sure the sweep visits this tenant by `at` (a datetime or SQL expression). An
    earlier time already there is kept. The NOT EXISTS makes the usual case (an earlier time
    is there) a plain read: an upsert would lock the tenant's row even when it changes
    nothing, and every cart and checkout of the tenant would queue on it."""
    due = tenant_expiry_due
    earlier = select(due.c.tenant_id).where(due.c.tenant_id == tenant_id, due.c.due_at <= at)
    statement = insert(due).from_select(
        ["tenant_id", "due_at"],
        select(literal(tenant_id, UUID(as_uuid=True)), cast(at, DateTime(timezone=True))).where(
            ~exists(earlier)
        ),
    )
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=[due.c.tenant_id],
            set_={"due_at": statement.excluded.due_at},
            where=due.c.due_at > statement.excluded.due_at,
        )
    )


async def expire_carts(db: RequestDB, *, tenant_id: uuid.UUID) -> int:
    """Delete a batch of expired carts (their lines go with them); how many."""
    due = (
        select(carts.c.id)
        .where(carts.c.tenant_id == tenant_id, carts.c.expires_at <= func.now())
        .limit(BATCH)
        .scalar_subquery()
    )
    result = await db.write(
        delete(carts).where(carts.c.tenant_id == tenant_id, carts.c.id.in_(due))
    )
    return result.rowcount


async def next_cart_expiry(db: RequestDB, *, tenant_id: uuid.UUID) -> dt.datetime | None:
    found: dt.datetime | None = (
        await db.execute(select(func.min(carts.c.expires_at)).where(carts.c.tenant_id == tenant_id))
    ).scalar()
    return found
