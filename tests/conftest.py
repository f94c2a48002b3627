"""Shared fixtures: real embedded PostgreSQL and Redis, the app, clients, SQL counting."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.db.engine import create_engine
from app.db.migrate import migrate
from app.embedded import EmbeddedStack, StackUrls
from app.main import create_app
from app.settings import Settings
from tests.helpers import SqlCounter, TenantFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def stack_urls() -> Iterator[StackUrls]:
    """One PostgreSQL and one Redis for the whole run, migrated, data thrown away after."""
    root = ROOT / ".edestory" / f"test-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    stack = EmbeddedStack(root, fsync=False, watchdog=True)  # stopped even if pytest is killed
    urls = stack.start()
    try:
        migrate(urls.database_owner_url, urls.app_role)
        yield urls
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(stack_urls: StackUrls) -> Settings:
    return Settings(
        env="test",
        database_url=stack_urls.database_url,
        database_owner_url=stack_urls.database_owner_url,
        redis_url=stack_urls.redis_url,
        jwt_secret="test-secret-" + "x" * 32,
        login_delay_base_seconds=0.05,
        login_delay_max_seconds=0.2,
        log_json=False,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture(scope="session")
def engine(app: Starlette) -> AsyncEngine:
    """The app's own engine: statements counted on it are the requests' statements."""
    resources = app.state.resources
    return resources.engine  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
async def owner_engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The schema owner's engine, for tests that inspect what the app role cannot."""
    owner = create_engine(settings.database_owner_url, pool_size=2)
    yield owner
    await owner.dispose()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def sql_counter(engine: AsyncEngine) -> Iterator[SqlCounter]:
    """Counts SQL statements the app sends; `with sql_counter.measure() as n: ...`."""
    counter = SqlCounter(engine)
    yield counter
    counter.detach()


@pytest.fixture(scope="session")
async def tenants(app: Starlette) -> TenantFactory:
    return TenantFactory(app)


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        item.add_marker(pytest.mark.timeout(120))
