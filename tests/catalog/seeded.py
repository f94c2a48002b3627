"""A tenant with a seeded catalog, shared by the read tests (module scoped, built once)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from starlette.applications import Starlette

from app.db.tenant import RequestDB
from app.seed.catalog import seed_catalog
from tests.helpers import TenantFactory, TenantSetup


@dataclass
class Seeded:
    tenant: TenantSetup
    product_ids: list[uuid.UUID]


async def seed_tenant(
    app: Starlette, tenants: TenantFactory, count: int, name: str = "Seeded"
) -> Seeded:
    tenant = await tenants.create(name)
    db = RequestDB(app.state.resources.engine, tenant.tenant_id)
    ids = await seed_catalog(
        db, tenant_id=tenant.tenant_id, store_id=tenant.store_id, count=count, seed=7
    )
    await db.close(commit=True)
    return Seeded(tenant, ids)
