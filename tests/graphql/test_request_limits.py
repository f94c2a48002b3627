"""Malformed and oversized documents are refused before execution: HTTP 200 with coded errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.main import create_app
from app.settings import Settings
from tests.helpers import TenantFactory, error_codes

SYNTAX_ERROR = "{ shop { name }"
UNKNOWN_FIELD = "{ shop { name colour } }"
STORES = "{ stores { edges { node { id } } } }"  # depth 3: the root field is 0


def nested(depth: int) -> str:
    """A selection `depth` fields deep below `shop`, which the depth rule measures first."""
    inner = "leaf"
    for level in range(depth):
        inner = f"f{level} {{ {inner} }}"
    return f"{{ shop {{ {inner} }} }}"


def typenames(count: int) -> str:
    """A document of exactly `count` + 2 lexical tokens."""
    return "{ " + "__typename " * count + "}"


async def post(client: httpx.AsyncClient, query: str, **headers: str) -> dict[str, object]:
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.fixture(scope="module")
async def strict_app(settings: Settings) -> AsyncIterator[Starlette]:
    """The app with small limits, to show they are the configured ones."""
    application = create_app(settings.with_overrides(max_query_depth=2, max_query_tokens=40))
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def strict_client(strict_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=strict_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_syntax_error(client: httpx.AsyncClient) -> None:
    body = await post(client, SYNTAX_ERROR)
    assert body["data"] is None
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_unknown_field(client: httpx.AsyncClient) -> None:
    body = await post(client, UNKNOWN_FIELD)
    assert body["data"] is None
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Cannot query field 'colour' on type 'Shop'" in str(body["errors"])


async def test_depth_beyond_the_default_limit_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await post(client, nested(settings.max_query_depth + 1))
    assert body["data"] is None
    messages = [e["message"] for e in body["errors"]]  # type: ignore[attr-defined]
    assert f"exceeds maximum operation depth of {settings.max_query_depth}" in messages[0]
    assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_depth_limit_comes_from_settings(
    client: httpx.AsyncClient, strict_client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Depth")
    allowed = await post(client, STORES, **tenant.staff)
    assert "errors" not in allowed
    refused = await post(strict_client, STORES, **tenant.staff)
    assert refused["data"] is None
    assert error_codes(refused) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "exceeds maximum operation depth of 2" in str(refused["errors"])


async def test_token_limit_of_the_default_settings(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = await post(client, typenames(settings.max_query_tokens))
    assert body["data"] is None
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert f"more than {settings.max_query_tokens} tokens" in str(body["errors"])


async def test_token_limit_comes_from_settings(strict_client: httpx.AsyncClient) -> None:
    assert await post(strict_client, typenames(38)) == {"data": {"__typename": "Query"}}
    body = await post(strict_client, typenames(39))
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert "more than 40 tokens" in str(body["errors"])


async def test_too_many_aliases(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(51))
    body = await post(client, f"{{ {aliases} }}")
    assert body["data"] is None
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
