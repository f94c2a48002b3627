"""Requests slower than EDESTORY_SLOW_REQUEST_SECONDS get a WARNING line naming them."""

from __future__ import annotations

import logging

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings


async def test_a_slow_request_is_logged_with_its_operation_and_request_id(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    application = create_app(settings.with_overrides(slow_request_seconds=0.0))
    async with LifespanManager(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            with caplog.at_level(logging.WARNING, logger="edestory.slow"):
                response = await client.post(
                    "/graphql",
                    json={"query": "query Hello { __typename }", "operationName": "Hello"},
                    headers={"X-Request-Id": "slow-1"},
                )
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "edestory.slow"]
    assert len(lines) == 1
    assert "operation=Hello" in lines[0]
    assert "slow-1" in lines[0]


async def test_fast_requests_are_not_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="edestory.slow"):
        await client.post("/graphql", json={"query": "{ __typename }"})
    assert not [r for r in caplog.records if r.name == "edestory.slow"]
