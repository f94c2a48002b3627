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
from tests.executors import EXECUTORS, MISMATCHES, serve_comparing
from tests.helpers import SqlCounter, TenantFactory
from tests.stripe_stub import StripeStub

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


STRIPE_WEBHOOK_SECRET = "whsec_test_" + "s" * 24


@pytest.fixture(scope="session")
def stripe_stub() -> Iterator[StripeStub]:
    """The local Stripe stand-in the app's Stripe SDK talks to (tests/stripe_stub.py)."""
    stub = StripeStub()
    stub.base_url = stub.start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session", params=EXECUTORS)
def settings(
    stack_urls: StackUrls, stripe_stub: StripeStub, request: pytest.FixtureRequest
) -> Settings:
    """The test settings, once per executor (tests/executors.py): every test of the app
    runs on the fast path and on graphql-core's own executor."""
    return Settings(
        fast_execution=request.param == "fast",
        stripe_secret_key=stripe_stub.api_key,
        stripe_webhook_secret=STRIPE_WEBHOOK_SECRET,
        stripe_api_base=stripe_stub.base_url,
        env="test",
        database_url=stack_urls.database_url,
        database_owner_url=stack_urls.database_owner_url,
        redis_url=stack_urls.redis_url,
        jwt_secret="test-secret-" + "x" * 32,
        login_delay_base_seconds=0.05,
        login_delay_max_seconds=0.2,
        log_json=False,
        # The suite compares whole answers and fires requests faster than any bucket
        # refills; tests/graphql/test_query_cost.py builds an app with both on.
        cost_in_extensions=False,
        rate_limit=False,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    if settings.fast_execution:
        serve_comparing(application, settings)
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


@pytest.fixture(autouse=True)
def assert_no_mismatch() -> Iterator[None]:
    """Fail a test whose queries the fast path answered otherwise than the reference."""
    MISMATCHES.clear()
    yield
    found, MISMATCHES[:] = list(MISMATCHES), []
    assert not found, "the fast path differs from graphql-core:\n" + "\n\n".join(found)


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        item.add_marker(pytest.mark.timeout(120))
