"""The benchmark's data: embedded PostgreSQL + Redis under bench/.work, migrated and seeded."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from app.db.engine import create_engine
from app.db.migrate import migrate
from app.db.tenant import RequestDB
from app.embedded import EmbeddedStack, StackUrls
from app.seed.catalog import seed_catalog
from app.tenancy.credentials import create_storefront_token
from app.tenancy.service import StoreInput, create_tenant
from bench.cart import prepare_cart


@dataclass(frozen=True, slots=True)
class Catalog:
    urls: StackUrls
    superuser_url: str
    postgres_pid: int
    postgres_log: Path
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    token: str
    handle: str  # W2's product: the first ACTIVE product of the store
    products: int
    cart: tuple[str, str, str]  # W4's cart, variant and line IDs


def _stop_leftovers(root: Path) -> None:
    """Servers an earlier, killed run of the benchmark left under `root`."""
    pid_file = root / "postgres" / "data" / "postmaster.pid"
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().split()[0])
            os.kill(pid, signal.SIGINT)
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            pass
    port_file = root / "redis" / "port"
    if port_file.exists():
        try:
            with socket.create_connection(("127.0.0.1", int(port_file.read_text())), 0.5) as s:
                s.sendall(b"SHUTDOWN NOSAVE\r\n")
        except (OSError, ValueError):
            pass


def start_stack(root: Path) -> EmbeddedStack:
    """A fresh stack (fsync off) under `root`; the caller stops it."""
    _stop_leftovers(root)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    return EmbeddedStack(root, fsync=False)


async def _first_handle(urls: StackUrls, tenant_id: uuid.UUID, store_id: uuid.UUID) -> str:
    conn = await asyncpg.connect(urls.database_url)
    try:
        async with conn.transaction():
            await conn.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant_id))
            handle: str = await conn.fetchval(
                "SELECT handle FROM products WHERE tenant_id = $1 AND store_id = $2"
                " AND status = 'ACTIVE' ORDER BY created_at, id LIMIT 1",
                tenant_id,
                store_id,
            )
    finally:
        await conn.close()
    return handle


async def _seed(urls: StackUrls, products: int, seed: int) -> tuple[uuid.UUID, uuid.UUID, str]:
    engine = create_engine(urls.database_url, pool_size=2)
    try:
        tenant_id, store_id = await create_tenant(
            engine=engine,
            name="Bench",
            owner_email="owner@bench.edestory.dev",
            owner_password="bench-password-not-secret",  # noqa: S106
            store=StoreInput(
                name="Bench store", currency="EUR", languages=["es", "en"], default_language="es"
            ),
        )
        db = RequestDB(engine, tenant_id)
        try:
            _, token = await create_storefront_token(
                db=db, tenant_id=tenant_id, store_id=store_id, title="Bench storefront"
            )
            await seed_catalog(
                db, tenant_id=tenant_id, store_id=store_id, count=products, seed=seed
            )
        except BaseException:
            await db.close(commit=False)
            raise
        await db.close(commit=True)
    finally:
        await engine.dispose()
    owner = await asyncpg.connect(urls.database_owner_url)
    try:
        # Statistics for stable plans, and no autovacuum of the fresh rows mid-measurement.
        await owner.execute("VACUUM (ANALYZE)")
    finally:
        await owner.close()
    return tenant_id, store_id, token


def prepare(stack: EmbeddedStack, products: int, seed: int) -> Catalog:
    urls = stack.start()
    migrate(urls.database_owner_url, urls.app_role)
    tenant_id, store_id, token = asyncio.run(_seed(urls, products, seed))
    handle = asyncio.run(_first_handle(urls, tenant_id, store_id))
    cart = asyncio.run(_cart(urls, tenant_id, store_id))
    assert stack.postgres.process is not None
    return Catalog(
        urls=urls,
        superuser_url=stack.postgres.superuser_url(stack.database),
        postgres_pid=stack.postgres.process.pid,
        postgres_log=stack.postgres.root / "postgres.log",
        tenant_id=tenant_id,
        store_id=store_id,
        token=token,
        handle=handle,
        products=products,
        cart=cart,
    )


async def _cart(urls: StackUrls, tenant_id: uuid.UUID, store_id: uuid.UUID) -> tuple[str, str, str]:
    engine = create_engine(urls.database_url, pool_size=2)
    try:
        prepared = await prepare_cart(engine, tenant_id, store_id)
    finally:
        await engine.dispose()
    return prepared.cart_id, prepared.variant_id, prepared.line_id
