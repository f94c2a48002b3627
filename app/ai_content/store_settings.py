"""A store's content settings: the brand voice and rules every prompt carries, and whether
drafts are approved as they arrive (auto-approve) instead of waiting for review."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from app.ai_content.errors import AiContentErrorCode as Code
from app.ai_content.models import store_content_settings
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.tenancy.models import stores

MAX_TEXT = 4000


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentSettings:
    brand_voice: str | None = None  # None: unchanged
    rules: str | None = None
    auto_approve: bool | None = None


async def update_content_settings(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: ContentSettings
) -> Any:
    """Upsert the given settings; returns the row as it now stands."""
    values: dict[str, Any] = {}
    for name in ("brand_voice", "rules"):
        given = getattr(data, name)
        if given is not None:
            if len(given) > MAX_TEXT:
                raise ServiceError(Code.INVALID, f"At most {MAX_TEXT} characters", ["input", name])
            values[name] = given.strip()
    if data.auto_approve is not None:
        values["auto_approve"] = data.auto_approve
    async with db.unit_of_work():
        found = (
            await db.execute(
                select(stores.c.id).where(stores.c.tenant_id == tenant_id, stores.c.id == store_id)
            )
        ).first()
        if found is None:
            raise ServiceError(Code.NOT_FOUND, "Store not found", ["storeId"])
        t = store_content_settings
        statement = insert(t).values(
            tenant_id=tenant_id, store_id=store_id, updated_at=func.now(), **values
        )
        return (
            await db.execute(
                statement.on_conflict_do_update(
                    index_elements=[t.c.tenant_id, t.c.store_id],
                    set_={**values, "updated_at": func.now()},
                ).returning(*t.c)
            )
        ).one()
