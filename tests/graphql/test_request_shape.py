"""Requests that are not a GraphQL request: a 4xx with X-Request-Id, never a bare 500."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.main import create_app
from app.settings import Settings

TWO_OPERATIONS = "query A { __typename } query B { shop { name } }"


@pytest.fixture(scope="module")
async def small_body_app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings.with_overrides(max_body_bytes=2000))
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def small_client(small_body_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=small_body_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("body", [b"null", b"1", b'"x"', b"[]", b"true", b"[1]"])
async def test_a_body_that_is_not_an_object_is_400(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["x-request-id"]


async def test_a_body_over_the_default_limit_is_413_before_parsing(
    client: httpx.AsyncClient,
) -> None:
    padding = "x" * 10_000_000
    started = time.perf_counter()
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ __typename }", "variables": {"p": "' + padding.encode() + b'"}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["x-request-id"]
    assert time.perf_counter() - started < 1.0


async def test_body_limit_comes_from_settings(small_client: httpx.AsyncClient) -> None:
    ok = await small_client.post("/graphql", json={"query": "{ __typename }"})
    assert ok.json() == {"data": {"__typename": "Query"}}
    query = "{ __typename " + " " * 2000 + "}"
    refused = await small_client.post("/graphql", json={"query": query})
    assert refused.status_code == 413
    assert "2000 bytes" in refused.text


async def test_a_streamed_body_without_length_is_cut_at_the_limit(
    small_client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"p": "'
        for _ in range(100):
            yield b"y" * 100
        yield b'"}}'

    response = await small_client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_several_operations_need_an_operation_name(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": TWO_OPERATIONS})
    assert response.status_code == 400
    assert "operationName" in response.text
    named = await client.post("/graphql", json={"query": TWO_OPERATIONS, "operationName": "A"})
    assert named.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("name", [5, ["A"], {"a": 1}, True])
async def test_an_operation_name_that_is_not_a_string_is_400(
    client: httpx.AsyncClient, name: object
) -> None:
    body = {"query": "{ __typename }", "operationName": name}
    response = await client.post("/graphql", json=body)
    assert response.status_code == 400  # a bare 500 before
    assert "`operationName` must be a string" in response.text
