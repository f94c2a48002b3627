"""Liveness and readiness endpoints."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from app.resources import Resources


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ready when PostgreSQL (the primary) and Redis both answer within two seconds.

    With read replicas configured, `replicas` lists each one's state: `usable`, `lagging`
    (past EDESTORY_REPLICA_MAX_LAG_SECONDS) or `down` (failed its probe or lost a request's
    connection, skipped for EDESTORY_REPLICA_RETRY_SECONDS). Replicas never fail readiness:
    without a usable one every read goes to the primary, which this check covers."""
    resources: Resources = request.app.state.resources
    checks: dict[str, str] = {}

    async def postgres() -> None:
        async with resources.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    for name, probe in (("postgres", postgres), ("redis", resources.redis.ping)):
        try:
            await asyncio.wait_for(probe(), timeout=2)
            checks[name] = "ok"
        except Exception as exc:  # any failure means "not ready"; the reason is reported
            checks[name] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ok" if ready else "unavailable", "checks": checks}
    if resources.replicas is not None:
        body["replicas"] = await resources.replicas.report()
    return JSONResponse(body, status_code=200 if ready else 503)
