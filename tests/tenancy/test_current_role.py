"""A demoted admin loses power at once; privileges follow the role in the database."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from app.tenancy.access_claims import JWT_ALGORITHM, JWT_ISSUER
from tests.helpers import TenantFactory, TenantSetup, error_codes
from tests.tenancy.support import bearer, call, set_in_tenant
from tests.tenancy.test_staff_roles import (
    API_KEY_CREATE,
    ME,
    STORE_CREATE,
    Member,
    _join,
    _owner,
    _set_role,
)

KEY_INPUT = {"input": {"name": "k", "scopes": ["settings:manage"], "persistedOnly": False}}
NEW_STORE = {"input": {"name": "Another", "currencyCode": "EUR"}}


async def _admin(client: httpx.AsyncClient, tenants: TenantFactory) -> tuple[TenantSetup, Member]:
    shop = await tenants.create("Demote")
    return shop, await _join(client, shop, "ADMIN")


async def test_demotion_ends_the_demoted_persons_sessions(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, admin = await _admin(client, tenants)
    assert (await call(client, ME, headers=admin.headers))["data"]["me"]["role"] == "ADMIN"
    owner = await _owner(client, shop)
    assert (await _set_role(client, owner, admin, "VIEWER"))["userErrors"] == []
    body = await call(client, API_KEY_CREATE, KEY_INPUT, admin.headers)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "revoked" in body["errors"][0]["message"]
    me = await call(client, ME, headers=admin.headers)
    assert error_codes(me) == ["UNAUTHENTICATED"]


async def test_privileges_follow_the_role_in_the_database(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    """A role changed behind the token's back (another process, the CLI): the token still
    says ADMIN, the operations that grant power say no."""
    shop, admin = await _admin(client, tenants)
    demote = "UPDATE staff_members SET role = 'VIEWER' WHERE role = 'ADMIN'"
    await set_in_tenant(owner_engine, shop.tenant_id, demote, {})
    for query, variables in ((API_KEY_CREATE, KEY_INPUT), (STORE_CREATE, NEW_STORE)):
        body = await call(client, query, variables, admin.headers)
        assert error_codes(body) == ["FORBIDDEN"], body
    disable = "UPDATE staff_members SET status = 'DISABLED' WHERE role = 'VIEWER'"
    await set_in_tenant(owner_engine, shop.tenant_id, disable, {})
    body = await call(client, STORE_CREATE, NEW_STORE, admin.headers)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_key_never_holds_more_than_its_creator_now(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, admin = await _admin(client, tenants)
    created = await call(client, API_KEY_CREATE, KEY_INPUT, admin.headers)
    secret = created["data"]["apiKeyCreate"]["secret"]
    assert secret
    assert error_codes(await call(client, STORE_CREATE, NEW_STORE, bearer(secret))) == []
    owner = await _owner(client, shop)
    await _set_role(client, owner, admin, "VIEWER")
    body = await call(client, STORE_CREATE, NEW_STORE, bearer(secret))
    assert error_codes(body) == ["FORBIDDEN"]


def _token(settings: Settings, **claims: Any) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    base: dict[str, Any] = {
        "iss": JWT_ISSUER,
        "typ": "access",
        "sub": str(uuid.uuid4()),
        "uid": str(uuid.uuid4()),
        "tid": str(uuid.uuid4()),
        "role": "OWNER",
        "fam": str(uuid.uuid4()),
        "iat": now,
        "exp": now + dt.timedelta(seconds=60),
    }
    base.update(claims)
    base = {k: v for k, v in base.items() if v is not None}
    return bearer(jwt.encode(base, settings.jwt_secret, algorithm=JWT_ALGORITHM))


BAD_CLAIMS = {
    "unknown role": {"role": "GOD"},
    "role not a string": {"role": 1},
    "tenant not a uuid": {"tid": "acme"},
    "family not a uuid": {"fam": "x"},
    "tenant an int": {"tid": 7},
    "no tenant": {"tid": None},
    "no family": {"fam": None},
    "no user": {"uid": None},
    "no issued-at": {"iat": None},
    "lives past the TTL": {"exp": dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)},
}


@pytest.mark.parametrize("case", BAD_CLAIMS)
async def test_signed_tokens_with_bad_claims_are_unauthenticated(
    client: httpx.AsyncClient, settings: Settings, case: str
) -> None:
    body = await call(client, ME, headers=_token(settings, **BAD_CLAIMS[case]))
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_token_of_a_non_member_is_unauthenticated(
    client: httpx.AsyncClient, tenants: TenantFactory, settings: Settings
) -> None:
    shop = await tenants.create("NonMember")
    body = await call(client, ME, headers=_token(settings, tid=str(shop.tenant_id)))
    assert error_codes(body) == ["UNAUTHENTICATED"]
