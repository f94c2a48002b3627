"""Existence checks the command line makes before it writes: its ids and emails are typed
by hand, and a foreign-key violation is no answer to give a person."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.tenancy.errors import TenancyErrorCode
from app.tenancy.models import tenants, users


async def require_tenant(*, db: RequestDB, tenant_id: uuid.UUID) -> None:
    """NOT_FOUND unless the tenant exists (RLS shows a tenant its own row only)."""
    found = (await db.execute(select(tenants.c.id).where(tenants.c.id == tenant_id))).scalar()
    if found is None:
        raise ServiceError(TenancyErrorCode.NOT_FOUND, f"no tenant has the id {tenant_id}", [])


async def user_exists(*, engine: AsyncEngine, email: str) -> bool:
    """Whether a person already signs in with this email (users are readable by anyone)."""
    db = RequestDB(engine, None)
    try:
        found = await db.execute(
            select(users.c.id).where(func.lower(users.c.email) == email.strip().lower())
        )
        return found.scalar() is not None
    finally:
        await db.close(commit=False)
