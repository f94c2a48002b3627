"""Test helpers: a GraphQL caller, an SQL statement counter and a tenant factory."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Select, event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id, to_global_id
from app.tenancy.service import StoreInput, create_tenant
from tests.executors import Comparing

PASSWORD = "correct horse battery staple"

TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    accessToken refreshToken expiresAt userErrors { field message code }
  }
}"""
API_KEY_CREATE = """
mutation ($input: ApiKeyCreateInput!) {
  apiKeyCreate(input: $input) { apiKey { id scopes } secret userErrors { code message } }
}"""
STOREFRONT_TOKEN_CREATE = """
mutation ($storeId: ID!) {
  storefrontTokenCreate(storeId: $storeId) { token userErrors { code } }
}"""


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def call(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """`gql` (which insists on HTTP 200) that also insists on typed errors: no masked
    internal error. The one way tests send an operation that must not fail."""
    body = await gql(client, query, variables, headers)
    assert "INTERNAL_SERVER_ERROR" not in error_codes(body), body
    return body


def raw(global_id: str) -> uuid.UUID:
    """The uuid inside a global ID."""
    decoded = decode_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[1]


async def fetch(engine: AsyncEngine, tenant: TenantSetup, statement: Select[Any]) -> list[Any]:
    """Rows as stored for the tenant."""
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        return list((await conn.execute(statement)).all())


class SqlCounter:
    """Counts the statements sent on an engine, across all its pooled connections."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self.statements: list[str] = []
        self._active = False
        event.listen(self._engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self._active:
            self.statements.append(statement)

    @contextmanager
    def measure(self) -> Iterator[list[str]]:
        self.statements = []
        self._active = True
        Comparing.measuring = True  # no second, comparing run while counting
        try:
            yield self.statements
        finally:
            self._active = False
            Comparing.measuring = False

    def detach(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_execute)


@dataclass
class TenantSetup:
    tenant_id: uuid.UUID
    store_id: uuid.UUID
    email: str
    access_token: str = ""
    refresh_token: str = ""
    storefront_token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def store_gid(self) -> str:
        return to_global_id("Store", self.store_id)

    @property
    def staff(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    @property
    def storefront(self) -> dict[str, str]:
        return {"X-Storefront-Token": self.storefront_token}


class TenantFactory:
    """Creates tenants through the service, then signs in and mints tokens over GraphQL."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://testserver"
        )

    async def create(
        self, name: str = "Tenant", domain: str | None = None, currency: str = "EUR"
    ) -> TenantSetup:
        email = f"owner-{uuid.uuid4().hex[:12]}@example.com"
        tenant_id, store_id = await create_tenant(
            engine=self.app.state.resources.engine,
            name=name,
            owner_email=email,
            owner_password=PASSWORD,
            store=StoreInput(
                name=f"{name} store",
                currency=currency,
                languages=["es", "en"],
                default_language="es",
                domain=domain,
            ),
        )
        setup = TenantSetup(tenant_id, store_id, email)
        async with self.client() as client:
            body = await gql(client, TOKEN_CREATE, {"email": email, "password": PASSWORD})
            tokens = body["data"]["tokenCreate"]
            setup.access_token, setup.refresh_token = tokens["accessToken"], tokens["refreshToken"]
            body = await gql(
                client, STOREFRONT_TOKEN_CREATE, {"storeId": setup.store_gid}, setup.staff
            )
            setup.storefront_token = body["data"]["storefrontTokenCreate"]["token"]
        return setup

    async def api_key(
        self, setup: TenantSetup, scopes: list[str], persisted_only: bool = False
    ) -> str:
        async with self.client() as client:
            body = await gql(
                client,
                API_KEY_CREATE,
                {"input": {"name": "test key", "scopes": scopes, "persistedOnly": persisted_only}},
                setup.staff,
            )
        secret: str = body["data"]["apiKeyCreate"]["secret"]
        return secret
