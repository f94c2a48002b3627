"""arq task: ask Stripe again for refunds a crash left PENDING (app/orders/refund_recovery.py)."""

from __future__ import annotations

from typing import Any

from app.orders.refund_recovery import retry_stale_refunds
from app.settings import Settings


async def retry_pending_refunds(ctx: dict[str, Any]) -> dict[str, int]:
    """`ctx["payments"]` is the worker's Stripe gateway (None without STRIPE_SECRET_KEY)."""
    settings: Settings = ctx["settings"]
    return await retry_stale_refunds(
        ctx["engine"],
        ctx.get("payments"),
        older_than_seconds=settings.refund_retry_after_seconds,
    )
