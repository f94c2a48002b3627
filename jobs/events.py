"""arq task: the purge of old published events (app/events/purge.py)."""

from __future__ import annotations

from typing import Any

from app.events.purge import purge_events
from app.settings import Settings


async def purge_old_events(ctx: dict[str, Any]) -> dict[str, int]:
    settings: Settings = ctx["settings"]
    result = await purge_events(ctx["engine"], retention_days=settings.events_retention_days)
    return {"tenants": result.tenants, "events": result.events}
