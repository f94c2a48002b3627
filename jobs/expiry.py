"""arq task: expire carts and stock reservations (runs in the API's lifespan until the
worker issue adds `WorkerSettings` with it as a cron job)."""

from __future__ import annotations

from typing import Any

from app.expiry import sweep


async def expire_carts_and_reservations(ctx: dict[str, Any]) -> dict[str, int]:
    """`ctx["engine"]` is the worker's engine, created in its on_startup."""
    result = await sweep(ctx["engine"])
    return {"tenants": result.tenants, "carts": result.carts, "checkouts": result.checkouts}
