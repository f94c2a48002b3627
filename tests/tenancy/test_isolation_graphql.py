"""Tenant A's credentials against tenant B's objects: nothing found, or refused; B untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.tenancy import secrets as creds
from tests.helpers import TenantFactory, call, error_codes
from tests.tenancy.support import Party, make_party, reroute, row_id, snapshot

SHOP = "query { shop { name } }"
ME = "query { me { email tenant { id } } }"
STORES = "query { stores(first: 50) { nodes { id name domain } } }"
STAFF_MEMBERS = "query { staffMembers(first: 50) { nodes { id email } } }"
API_KEYS = "query { apiKeys(first: 50) { nodes { id name } } }"
NODE = "query ($id: ID!) { node(id: $id) { id } }"
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
ERRORS = "userErrors { field message code }"
STORE_CREATE = f"""mutation ($input: StoreCreateInput!) {{
  storeCreate(input: $input) {{ store {{ id }} {ERRORS} }} }}"""
STORE_UPDATE = f"""mutation ($id: ID!, $input: StoreUpdateInput!) {{
  storeUpdate(id: $id, input: $input) {{ store {{ id name }} {ERRORS} }} }}"""
STAFF_INVITE = f"""mutation ($input: StaffInviteInput!) {{
  staffInvite(input: $input) {{ staffMember {{ id email status }} inviteToken {ERRORS} }} }}"""
STAFF_ROLE_UPDATE = f"""mutation ($id: ID!, $role: StaffRole!) {{
  staffRoleUpdate(staffMemberId: $id, role: $role) {{ staffMember {{ id role }} {ERRORS} }} }}"""
API_KEY_CREATE = f"""mutation ($input: ApiKeyCreateInput!) {{
  apiKeyCreate(input: $input) {{ apiKey {{ id }} secret {ERRORS} }} }}"""
API_KEY_REVOKE = f"""mutation ($id: ID!) {{
  apiKeyRevoke(id: $id) {{ apiKey {{ id revokedAt }} {ERRORS} }} }}"""
STOREFRONT_TOKEN_CREATE = f"""mutation ($storeId: ID!) {{
  storefrontTokenCreate(storeId: $storeId) {{ storefrontToken {{ id }} token {ERRORS} }} }}"""
STOREFRONT_TOKEN_REVOKE = f"""mutation ($id: ID!) {{
  storefrontTokenRevoke(id: $id) {{ storefrontToken {{ id revokedAt }} {ERRORS} }} }}"""
TOKEN_REFRESH = f"""mutation ($token: String!) {{
  tokenRefresh(refreshToken: $token) {{ accessToken refreshToken {ERRORS} }} }}"""
TOKEN_REVOKE = f"""mutation ($token: String) {{
  tokenRevoke(refreshToken: $token) {{ revoked {ERRORS} }} }}"""

KINDS = ("staff", "api_key", "storefront")
Vars = Callable[[Party, Party], dict[str, Any]]
Check = Callable[[Party, dict[str, Any]], None]


def _no_vars(a: Party, b: Party) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    field: str
    query: str
    outcomes: dict[str, str]  # credential kind -> FORBIDDEN, NULL, OWN or a userError code
    variables: Vars = _no_vars
    own: Check | None = None  # what the caller sees of its own tenant, for OWN
    host_of_b: bool = False  # also send tenant B's store domain as Host
    id: str = ""  # the test id, when the field name alone is ambiguous


def _own_shop(a: Party, data: dict[str, Any]) -> None:
    assert data["name"] == a.store_name


def _own_me(a: Party, data: dict[str, Any]) -> None:
    assert data["tenant"]["id"] == a.tenant_gid


def _own_store_list(a: Party, data: dict[str, Any]) -> None:
    assert [n["id"] for n in data["nodes"]] == [a.store_gid]


def _own_staff_list(a: Party, data: dict[str, Any]) -> None:
    assert a.staff_gid in [n["id"] for n in data["nodes"]]


def _own_key_list(a: Party, data: dict[str, Any]) -> None:
    assert a.api_key_gid in [n["id"] for n in data["nodes"]]


def _invited_into_own_tenant(a: Party, data: dict[str, Any]) -> None:
    assert data["userErrors"] == []
    assert data["staffMember"]["status"] == "INVITED"


def _key_of_own_tenant(a: Party, data: dict[str, Any]) -> None:
    parsed = creds.parse(creds.API_KEY, data["secret"])
    assert parsed is not None
    assert parsed.tenant_id == a.tenant_id


def _forged_refresh(a: Party, b: Party) -> dict[str, Any]:
    # B's refresh secret routed through A's tenant: the row is not there.
    token = reroute(
        b.setup.refresh_token, a.tenant_id, row_id(creds.REFRESH, b.setup.refresh_token)
    )
    return {"token": token}


def _b_route_a_secret(a: Party, b: Party) -> dict[str, Any]:
    # B's tenant and row, with A's own secret: the secret is not that row's.
    token = reroute(
        a.setup.refresh_token, b.tenant_id, row_id(creds.REFRESH, b.setup.refresh_token)
    )
    return {"token": token}


ADMIN_ONLY = {"staff": "OWN", "api_key": "OWN", "storefront": "FORBIDDEN"}
STAFF_ONLY = {"staff": "OWN", "api_key": "FORBIDDEN", "storefront": "FORBIDDEN"}
NOT_FOUND = {"staff": "NOT_FOUND", "api_key": "NOT_FOUND", "storefront": "FORBIDDEN"}
NULL = dict.fromkeys(KINDS, "NULL")
INVALID_TOKEN = dict.fromkeys(KINDS, "INVALID_TOKEN")

CASES = [
    Case(
        "shop",
        SHOP,
        {"staff": "FORBIDDEN", "api_key": "FORBIDDEN", "storefront": "OWN"},
        own=_own_shop,
        host_of_b=True,
        id="shop-with-host-of-b",
    ),
    Case("me", ME, STAFF_ONLY, own=_own_me),
    Case("stores", STORES, ADMIN_ONLY, own=_own_store_list),
    Case("staffMembers", STAFF_MEMBERS, ADMIN_ONLY, own=_own_staff_list),
    Case("apiKeys", API_KEYS, ADMIN_ONLY, own=_own_key_list),
    Case("node", NODE, NULL, lambda a, b: {"id": b.store_gid}, id="node-store"),
    Case("node", NODE, NULL, lambda a, b: {"id": b.staff_gid}, id="node-staff"),
    Case("node", NODE, NULL, lambda a, b: {"id": b.api_key_gid}, id="node-api-key"),
    Case("node", NODE, NULL, lambda a, b: {"id": b.storefront_token_gid}, id="node-sf-token"),
    Case("nodes", NODES, NULL, lambda a, b: {"ids": b.markers[:5]}),
    Case(
        "storeCreate",
        STORE_CREATE,
        {"staff": "TAKEN", "api_key": "TAKEN", "storefront": "FORBIDDEN"},
        lambda a, b: {"input": {"name": "Squat", "currencyCode": "EUR", "domain": b.domain}},
        id="storeCreate-with-domain-of-b",
    ),
    Case(
        "storeUpdate",
        STORE_UPDATE,
        NOT_FOUND,
        lambda a, b: {"id": b.store_gid, "input": {"name": "Hijacked", "domain": "x.example.org"}},
    ),
    Case(
        "staffInvite",
        STAFF_INVITE,
        STAFF_ONLY,
        lambda a, b: {"input": {"email": b.setup.email, "role": "OWNER"}},
        own=_invited_into_own_tenant,
        id="staffInvite-owner-of-b",
    ),
    Case(
        "staffRoleUpdate",
        STAFF_ROLE_UPDATE,
        {"staff": "NOT_FOUND", "api_key": "FORBIDDEN", "storefront": "FORBIDDEN"},
        lambda a, b: {"id": b.staff_gid, "role": "VIEWER"},
    ),
    Case(
        "apiKeyCreate",
        API_KEY_CREATE,
        STAFF_ONLY,
        lambda a, b: {"input": {"name": "mine", "scopes": ["settings:read"]}},
        own=_key_of_own_tenant,
    ),
    Case("apiKeyRevoke", API_KEY_REVOKE, NOT_FOUND, lambda a, b: {"id": b.api_key_gid}),
    Case(
        "storefrontTokenCreate",
        STOREFRONT_TOKEN_CREATE,
        NOT_FOUND,
        lambda a, b: {"storeId": b.store_gid},
    ),
    Case(
        "storefrontTokenRevoke",
        STOREFRONT_TOKEN_REVOKE,
        NOT_FOUND,
        lambda a, b: {"id": b.storefront_token_gid},
    ),
    Case("tokenRefresh", TOKEN_REFRESH, INVALID_TOKEN, _forged_refresh, id="tokenRefresh-rerouted"),
    Case(
        "tokenRefresh",
        TOKEN_REFRESH,
        INVALID_TOKEN,
        _b_route_a_secret,
        id="tokenRefresh-own-secret",
    ),
    Case("tokenRevoke", TOKEN_REVOKE, INVALID_TOKEN, _forged_refresh, id="tokenRevoke-rerouted"),
    Case(
        "tokenRevoke", TOKEN_REVOKE, INVALID_TOKEN, _b_route_a_secret, id="tokenRevoke-own-secret"
    ),
]


@pytest.fixture(scope="module")
async def pair(tenants: TenantFactory) -> tuple[Party, Party]:
    return await make_party(tenants, "A"), await make_party(tenants, "B")


@pytest.fixture(scope="module")
async def b_before(pair: tuple[Party, Party], engine: AsyncEngine) -> dict[str, Any]:
    return await snapshot(engine, pair[1].tenant_id)


def _expect(outcome: str, case: Case, a: Party, body: dict[str, Any]) -> None:
    data = body.get("data") or {}
    value = data.get(case.field)
    if outcome == "FORBIDDEN":
        assert error_codes(body) == ["FORBIDDEN"], body
        assert value is None
    elif outcome == "NULL":
        assert "errors" not in body, body
        assert value is None or value == [None] * len(value)
    elif outcome == "OWN":
        assert "errors" not in body, body
        assert case.own is not None
        case.own(a, value)
    else:  # a userError code; the payload carries nothing else
        assert "errors" not in body, body
        assert [e["code"] for e in value["userErrors"]] == [outcome]
        assert all(v in (None, False) for k, v in value.items() if k != "userErrors")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=[c.id or c.field for c in CASES])
async def test_other_tenants_objects_are_out_of_reach(
    case: Case,
    kind: str,
    pair: tuple[Party, Party],
    b_before: dict[str, Any],
    engine: AsyncEngine,
    tenants: TenantFactory,
) -> None:
    a, b = pair
    headers = dict(a.headers(kind))
    if case.host_of_b:
        headers["Host"] = b.domain
    async with tenants.client() as client:
        body = await call(client, case.query, case.variables(a, b), headers)

    _expect(case.outcomes[kind], case, a, body)
    leaked = [m for m in b.markers if m in json.dumps(body)]
    assert leaked == [], body
    assert await snapshot(engine, b.tenant_id) == b_before


async def test_tenant_b_credentials_still_work_after_the_matrix(
    pair: tuple[Party, Party], tenants: TenantFactory
) -> None:
    _, b = pair
    async with tenants.client() as client:
        shop = await call(client, SHOP, headers=b.headers("storefront"))
        stores = await call(client, STORES, headers=b.headers("api_key"))
        me = await call(client, ME, headers=b.headers("staff"))
    assert shop["data"]["shop"]["name"] == b.store_name
    assert [n["id"] for n in stores["data"]["stores"]["nodes"]] == [b.store_gid]
    assert me["data"]["me"]["tenant"]["id"] == b.tenant_gid
