"""Browsers may call /graphql from a store's domain or a configured origin."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.main import create_app
from app.settings import Settings
from tests.helpers import TenantFactory, gql

DASHBOARD = "https://dashboard.example.test"
STORE_UPDATE = """mutation ($id: ID!, $domain: String!) {
  storeUpdate(id: $id, input: {domain: $domain}) { store { domain } userErrors { code } } }"""


def preflight(origin: str, headers: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": headers,
    }


@pytest.fixture(scope="module")
async def cors_app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings.with_overrides(cors_origins=(DASHBOARD,)))
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def cors_client(cors_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=cors_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_store_domain_may_preflight_with_its_storefront_token(
    cors_client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("Cors")
    domain = f"shop-{unique}.example.com"
    body = await gql(
        cors_client, STORE_UPDATE, {"id": tenant.store_gid, "domain": domain}, tenant.staff
    )
    assert body["data"]["storeUpdate"]["userErrors"] == []
    origin = f"https://{domain}"
    response = await cors_client.options(
        "/graphql", headers=preflight(origin, "content-type,x-storefront-token")
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == origin
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "x-storefront-token" in allowed
    assert "authorization" not in allowed  # staff calls come from configured origins only
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    assert response.headers["x-request-id"]

    answer = await cors_client.post(
        "/graphql",
        json={"query": "{ shop { name } }"},
        headers={"Origin": origin, "X-Storefront-Token": tenant.storefront_token},
    )
    assert answer.headers["access-control-allow-origin"] == origin
    assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()


async def test_configured_origins_may_send_authorization(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options(
        "/graphql", headers=preflight(DASHBOARD, "authorization,content-type")
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == DASHBOARD
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


async def test_other_origins_are_refused(cors_client: httpx.AsyncClient) -> None:
    evil = "https://evil.example.net"
    response = await cors_client.options("/graphql", headers=preflight(evil, "authorization"))
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    plain = await cors_client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": evil}
    )
    assert plain.status_code == 200
    assert "access-control-allow-origin" not in plain.headers
