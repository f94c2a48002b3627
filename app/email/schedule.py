"""Which tenants have abandoned-cart reminders to send, across tenants, for the worker's cron.

Carts are tenant-owned under RLS, so a transaction bound to no tenant sees none. As the
outbox relay does (migration 0009), the sweep sets `app.reminder_scan` in its own
transaction, which a read-only policy on carts (migration 0012) answers with the carts
that have an email and consent and have not expired: only their tenant ids are read here,
then each tenant's reminders are found and sent inside that tenant (`send_due_reminders`).
The statement is coarse (the store's delays and the steps already sent are checked per
tenant); a partial index keeps it to consenting carts.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cart.models import carts
from app.db.tenant import set_flag, tenant_transaction
from app.email.abandoned_carts import send_due_reminders
from app.settings import Settings

log = logging.getLogger("edestory.email")


@dataclass(frozen=True, slots=True)
class ReminderSweep:
    tenants: int
    sent: int
    failed_tenants: int


async def reminder_tenants(engine: AsyncEngine) -> list[uuid.UUID]:
    c = carts
    async with tenant_transaction(engine, None) as conn:
        await set_flag(conn, "app.reminder_scan")
        rows = await conn.execute(
            select(c.c.tenant_id)
            .distinct()
            .where(
                c.c.email_consent_at.is_not(None),
                c.c.email.is_not(None),
                c.c.expires_at > func.now(),
            )
        )
        return [r.tenant_id for r in rows]


async def sweep_reminders(engine: AsyncEngine, settings: Settings) -> ReminderSweep:
    """Every tenant with candidate carts, each on its own (its transactions are its own;
    a tenant that fails is logged and the others still get theirs)."""
    tenants = await reminder_tenants(engine)
    sent = failed = 0
    for tenant_id in tenants:
        try:
            sent += await send_due_reminders(engine=engine, settings=settings, tenant_id=tenant_id)
        except Exception:
            failed += 1
            log.exception("abandoned-cart reminders of tenant %s failed", tenant_id)
    return ReminderSweep(len(tenants), sent, failed)
