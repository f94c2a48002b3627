"""The outbox relay, running in the tests' loop against the app's engine and Redis."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette

from app.events.relay import Relay


@pytest.fixture
async def relay(app: Starlette) -> AsyncIterator[Relay]:
    resources = app.state.resources
    relay = Relay(
        resources.engine,
        resources.redis,
        database_url=resources.settings.direct_url,
        sweep_seconds=0.5,
    )
    task = asyncio.create_task(relay.run())
    yield relay
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
