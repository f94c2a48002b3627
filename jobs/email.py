"""arq cron task of the email domain: abandoned-cart reminders for every tenant due."""

from __future__ import annotations

from typing import Any

from app.email.schedule import sweep_reminders


async def send_abandoned_cart_reminders(ctx: dict[str, Any]) -> dict[str, int]:
    """Cron body (jobs/worker.py): app/email/schedule.py finds the tenants, sends their steps."""
    result = await sweep_reminders(ctx["engine"], ctx["settings"])
    return {"tenants": result.tenants, "sent": result.sent, "failedTenants": result.failed_tenants}
