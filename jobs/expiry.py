"""arq task: expire carts and stock reservations (the worker also runs the sweep on its own
schedule, jobs/worker.py; this task lets anything enqueue a round)."""

from __future__ import annotations

from typing import Any

from app.expiry import sweep


async def expire_carts_and_reservations(ctx: dict[str, Any]) -> dict[str, int]:
    """`ctx["engine"]` is the worker's engine, created in its on_startup (and `ctx["redis"]`
    its Redis, for the response cache's generation)."""
    result = await sweep(ctx["engine"], ctx.get("redis"))
    return {"tenants": result.tenants, "carts": result.carts, "checkouts": result.checkouts}
