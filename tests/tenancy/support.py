"""Helpers for the tenancy suites: a tenant with every credential, and database snapshots."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.graphql.ids import decode_global_id, to_global_id
from app.principal import SCOPES
from app.tenancy import secrets as creds
from app.tenancy.models import (
    api_keys,
    refresh_tokens,
    staff_members,
    store_domains,
    storefront_tokens,
    stores,
    tenants,
)
from tests.helpers import TenantFactory, TenantSetup, call

ALL_SCOPES = sorted(SCOPES)
TENANT_TABLES = {
    "tenants": tenants,
    "stores": stores,
    "staff_members": staff_members,
    "api_keys": api_keys,
    "storefront_tokens": storefront_tokens,
    "refresh_tokens": refresh_tokens,
}

ME = "query { me { userId email staffMember { id } tenant { id } } }"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def row_id(kind: str, credential: str) -> uuid.UUID:
    parsed = creds.parse(kind, credential)
    assert parsed is not None
    return parsed.row_id


def reroute(credential: str, tenant_id: uuid.UUID, row: uuid.UUID) -> str:
    """The same secret presented under another tenant and row (a forged route)."""
    kind, _, rest = credential.partition("_")
    secret = rest.partition(".")[2]
    route = base64.urlsafe_b64encode(tenant_id.bytes + row.bytes).rstrip(b"=").decode()
    return f"{kind}_{route}.{secret}"


def tenant_gid(tenant_id: uuid.UUID) -> str:
    return to_global_id("Tenant", tenant_id)


def uuid_of(global_id: str) -> uuid.UUID:
    decoded = decode_global_id(global_id)
    assert decoded is not None
    return decoded[1]


@dataclass
class Party:
    """A tenant with a domain and all three credential kinds, plus the IDs of its objects."""

    setup: TenantSetup
    name: str
    domain: str
    api_key: str  # holds every scope
    user_id: uuid.UUID
    staff_id: uuid.UUID

    @property
    def tenant_id(self) -> uuid.UUID:
        return self.setup.tenant_id

    @property
    def store_name(self) -> str:
        return f"{self.name} store"

    @property
    def tenant_gid(self) -> str:
        return tenant_gid(self.tenant_id)

    @property
    def store_gid(self) -> str:
        return self.setup.store_gid

    @property
    def staff_gid(self) -> str:
        return to_global_id("StaffMember", self.staff_id)

    @property
    def api_key_gid(self) -> str:
        return to_global_id("ApiKey", row_id(creds.API_KEY, self.api_key))

    @property
    def storefront_token_gid(self) -> str:
        return to_global_id(
            "StorefrontToken", row_id(creds.STOREFRONT, self.setup.storefront_token)
        )

    def headers(self, kind: str) -> dict[str, str]:
        return {
            "staff": self.setup.staff,
            "api_key": bearer(self.api_key),
            "storefront": self.setup.storefront,
        }[kind]

    @property
    def markers(self) -> list[str]:
        """Strings that only a response leaking this tenant would contain."""
        return [
            self.tenant_gid,
            self.store_gid,
            self.staff_gid,
            self.api_key_gid,
            self.storefront_token_gid,
            self.store_name,
            self.domain,
        ]


async def make_party(tenants: TenantFactory, label: str) -> Party:
    name = f"{label} {uuid.uuid4().hex[:8]}"
    domain = f"{label.lower()}-{uuid.uuid4().hex[:8]}.example.com"
    setup = await tenants.create(name, domain=domain)
    api_key = await tenants.api_key(setup, ALL_SCOPES)
    async with tenants.client() as client:
        me = (await call(client, ME, headers=setup.staff))["data"]["me"]
    return Party(
        setup=setup,
        name=name,
        domain=domain,
        api_key=api_key,
        user_id=uuid_of(me["userId"]),
        staff_id=uuid_of(me["staffMember"]["id"]),
    )


async def snapshot(engine: AsyncEngine, tenant_id: uuid.UUID) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a tenant owns (and its domain routes), read inside that tenant."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    async with tenant_transaction(engine, tenant_id) as conn:
        for name, table in TENANT_TABLES.items():
            owner = table.c.id if name == "tenants" else table.c.tenant_id
            statement = select(table).where(owner == tenant_id)
            rows = await conn.execute(statement.order_by(*table.primary_key.columns))
            found[name] = [tuple(r) for r in rows]
        routes = await conn.execute(
            select(store_domains)
            .where(store_domains.c.tenant_id == tenant_id)
            .order_by(store_domains.c.domain)
        )
        found["store_domains"] = [tuple(r) for r in routes]
    return found


async def set_in_tenant(
    engine: AsyncEngine, tenant_id: uuid.UUID, sql: str, params: dict[str, Any]
) -> None:
    """Change rows behind the API's back, the way an operator would (RLS still applies)."""
    async with tenant_transaction(engine, tenant_id) as conn:
        result = await conn.execute(text(sql), params)
        assert getattr(result, "rowcount", 1) >= 1, "the statement changed nothing"
