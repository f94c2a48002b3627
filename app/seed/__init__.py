"""The demo tenant that `edestory dev` creates on first start."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, tenant_transaction
from app.seed.shipping import ensure_eu_zone
from app.tenancy.credentials import create_storefront_token
from app.tenancy.models import staff_members, stores, users
from app.tenancy.service import StoreInput, create_tenant

DEMO_TENANT = "Edestory Demo"
DEMO_EMAIL = "owner@demo.edestory.dev"


@dataclass(frozen=True, slots=True)
class DemoTenant:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    staff_email: str
    staff_password: str | None  # None when it already existed (the password is not stored)
    storefront_token: str | None
    created: bool


async def find_demo(engine: AsyncEngine) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(tenant, store) of the demo tenant if it exists."""
    async with tenant_transaction(engine, None) as conn:
        user_id = (
            await conn.execute(select(users.c.id).where(func.lower(users.c.email) == DEMO_EMAIL))
        ).scalar()
    if user_id is None:
        return None
    async with tenant_transaction(engine, None, user_id) as conn:
        tenant_id = (
            await conn.execute(
                select(staff_members.c.tenant_id)
                .where(staff_members.c.user_id == user_id)
                .order_by(staff_members.c.created_at)
            )
        ).scalar()
    if tenant_id is None:
        return None
    async with tenant_transaction(engine, tenant_id) as conn:
        store_id = (
            await conn.execute(
                select(stores.c.id)
                .where(stores.c.tenant_id == tenant_id)
                .order_by(stores.c.created_at)
            )
        ).scalar()
    return (tenant_id, store_id) if store_id else None


async def ensure_demo(engine: AsyncEngine, *, want_token: bool) -> DemoTenant:
    """Create the demo tenant once; afterwards only mint a storefront token if asked."""
    found = await find_demo(engine)
    password = None
    created = found is None
    if found is None:
        password = secrets.token_urlsafe(12)
        found = await create_tenant(
            engine=engine,
            name=DEMO_TENANT,
            owner_email=DEMO_EMAIL,
            owner_password=password,
            store=StoreInput(
                name="Edestory Demo Store",
                currency="EUR",
                languages=["es", "en"],
                default_language="es",
                timezone="Europe/Madrid",
            ),
        )
    tenant_id, store_id = found
    await ensure_eu_zone(engine, tenant_id=tenant_id, store_id=store_id)
    token = None
    if created or want_token:
        db = RequestDB(engine, tenant_id)
        _, token = await create_storefront_token(
            db=db, tenant_id=tenant_id, store_id=store_id, title="Demo storefront"
        )
        await db.close(commit=True)
    return DemoTenant(tenant_id, store_id, DEMO_EMAIL, password, token, created)


async def reset_demo_password(engine: AsyncEngine) -> str:
    """A fresh password for the demo owner (dev only: the old one was not saved)."""
    from sqlalchemy import update

    from app.tenancy.passwords import hash_password

    password = secrets.token_urlsafe(12)
    async with tenant_transaction(engine, None) as conn:
        user_id = (
            await conn.execute(select(users.c.id).where(func.lower(users.c.email) == DEMO_EMAIL))
        ).scalar_one()
    # RLS lets a transaction update a user only as that user or as one of their tenants.
    async with tenant_transaction(engine, None, user_id) as conn:
        await conn.execute(
            update(users)
            .values(password_hash=await hash_password(password))
            .where(func.lower(users.c.email) == DEMO_EMAIL)
        )
    return password


async def seed_demo_products(
    engine: AsyncEngine, demo: DemoTenant, count: int, *, only_if_empty: bool, seed: int = 1
) -> int:
    """Add `count` seeded products to the demo store; returns how many were added."""
    from app.catalog.models import products
    from app.seed.catalog import print_progress, seed_catalog

    db = RequestDB(engine, demo.tenant_id)
    try:
        if only_if_empty:
            existing = (
                await db.execute(
                    select(func.count())
                    .select_from(products)
                    .where(
                        products.c.tenant_id == demo.tenant_id, products.c.store_id == demo.store_id
                    )
                )
            ).scalar_one()
            if existing:
                await db.close(commit=False)
                return 0
        added = await seed_catalog(
            db,
            tenant_id=demo.tenant_id,
            store_id=demo.store_id,
            count=count,
            seed=seed,
            progress=print_progress,
        )
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return len(added)
