"""API keys: the secret works once shown, scopes are enforced, revoked or expired keys stop."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.tenancy import secrets as creds
from app.tenancy.models import api_keys
from tests.helpers import TenantFactory, TenantSetup, call, error_codes
from tests.tenancy.support import bearer, reroute, row_id, set_in_tenant

API_KEY_CREATE = """
mutation ($input: ApiKeyCreateInput!) {
  apiKeyCreate(input: $input) {
    apiKey { id name secretHint prefix scopes persistedOnly revokedAt } secret
    userErrors { field message code }
  }
}"""
API_KEY_REVOKE = """
mutation ($id: ID!) { apiKeyRevoke(id: $id) { apiKey { id revokedAt } userErrors { code } } }"""
API_KEYS = "query { apiKeys { nodes { id name secretHint scopes lastUsedAt revokedAt } } }"
STORES = "query { stores { nodes { id } } }"
STORE_CREATE = """
mutation { storeCreate(input: {name: "Keyed", currencyCode: EUR}) { store { id } } }"""
ME = "query { me { email } }"

EXPIRE = "UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = :id"


@pytest.fixture(scope="module")
async def pair(tenants: TenantFactory) -> tuple[TenantSetup, TenantSetup]:
    """Two tenants for tests that change nothing of them."""
    return await tenants.create("Keys"), await tenants.create("Other")


async def _create(
    client: httpx.AsyncClient, shop: TenantSetup, scopes: list[str], name: str = "Integration"
) -> dict[str, Any]:
    variables = {"input": {"name": name, "scopes": scopes}}
    body = await call(client, API_KEY_CREATE, variables, shop.staff)
    payload: dict[str, Any] = body["data"]["apiKeyCreate"]
    return payload


async def _keys(client: httpx.AsyncClient, shop: TenantSetup) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = (await call(client, API_KEYS, headers=shop.staff))["data"][
        "apiKeys"
    ]["nodes"]
    return nodes


async def test_created_secret_works_as_a_bearer_token(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Keys")

    created = await _create(client, shop, ["settings:read", "catalog:read"])
    stores = await call(client, STORES, headers=bearer(created["secret"]))

    assert created["userErrors"] == []
    assert created["secret"].startswith("esk_")
    assert created["apiKey"]["scopes"] == ["catalog:read", "settings:read"]
    assert created["apiKey"]["revokedAt"] is None
    assert stores == {"data": {"stores": {"nodes": [{"id": shop.store_gid}]}}}
    listed = {k["id"]: k for k in await _keys(client, shop)}
    assert listed[created["apiKey"]["id"]]["lastUsedAt"] is not None


async def test_scopes_are_enforced(client: httpx.AsyncClient, tenants: TenantFactory) -> None:
    shop = await tenants.create("Keys")
    catalog = bearer((await _create(client, shop, ["catalog:read"]))["secret"])
    reader = bearer((await _create(client, shop, ["settings:read"]))["secret"])
    manager = bearer((await _create(client, shop, ["settings:manage"]))["secret"])

    denied = await call(client, STORES, headers=catalog)
    read_only = await call(client, STORE_CREATE, headers=reader)
    implied_read = await call(client, STORES, headers=manager)

    assert error_codes(denied) == ["FORBIDDEN"]
    assert denied["errors"][0]["extensions"]["requiredScope"] == "settings:read"
    assert denied["data"] is None
    assert error_codes(read_only) == ["FORBIDDEN"]
    assert read_only["errors"][0]["extensions"]["requiredScope"] == "settings:manage"
    assert implied_read["data"]["stores"]["nodes"] == [{"id": shop.store_gid}]


async def test_key_cannot_act_as_a_staff_member(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Keys")
    key = bearer((await _create(client, shop, ["settings:manage"]))["secret"])

    me = await call(client, ME, headers=key)
    minted = await call(
        client, API_KEY_CREATE, {"input": {"name": "child", "scopes": ["catalog:read"]}}, key
    )

    assert error_codes(me) == ["FORBIDDEN"]
    assert error_codes(minted) == ["FORBIDDEN"]
    assert len(await _keys(client, shop)) == 1


async def test_revoked_key_is_unauthenticated(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Keys")
    created = await _create(client, shop, ["settings:read"])
    assert "errors" not in await call(client, STORES, headers=bearer(created["secret"]))

    revoke = await call(client, API_KEY_REVOKE, {"id": created["apiKey"]["id"]}, shop.staff)
    again = await call(client, API_KEY_REVOKE, {"id": created["apiKey"]["id"]}, shop.staff)
    after = await call(client, STORES, headers=bearer(created["secret"]))

    revoked_at = revoke["data"]["apiKeyRevoke"]["apiKey"]["revokedAt"]
    assert revoked_at is not None
    assert again["data"]["apiKeyRevoke"]["apiKey"]["revokedAt"] == revoked_at
    assert error_codes(after) == ["UNAUTHENTICATED"]
    assert after["errors"][0]["message"] == "API key revoked"


async def test_expired_key_is_unauthenticated(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    shop = await tenants.create("Keys")
    secret = (await _create(client, shop, ["settings:read"]))["secret"]
    await set_in_tenant(engine, shop.tenant_id, EXPIRE, {"id": row_id(creds.API_KEY, secret)})

    body = await call(client, STORES, headers=bearer(secret))

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "API key expired"


@pytest.mark.parametrize(
    "forge",
    [
        lambda secret, other: "esk_",
        lambda secret, other: "esk_abc.def",
        lambda secret, other: secret[:-4],
        lambda secret, other: secret.partition(".")[0] + ".x" + secret.partition(".")[2],
        lambda secret, other: reroute(secret, other.tenant_id, row_id(creds.API_KEY, secret)),
    ],
    ids=["empty", "short-route", "truncated", "wrong-secret", "rerouted-to-other-tenant"],
)
async def test_malformed_or_forged_key_is_unauthenticated(
    forge: Any, client: httpx.AsyncClient, pair: tuple[TenantSetup, TenantSetup]
) -> None:
    shop, other = pair
    secret = (await _create(client, shop, ["settings:read"]))["secret"]

    body = await call(client, STORES, headers=bearer(forge(secret, other)))

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "Invalid API key"


async def test_secret_is_stored_only_as_a_hash_and_never_listed(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    shop = await tenants.create("Keys")
    created = await _create(client, shop, ["settings:read"])
    secret = created["secret"]
    secret_part = secret.partition(".")[2]

    async with tenant_transaction(engine, shop.tenant_id) as conn:
        row = (
            await conn.execute(select(api_keys).where(api_keys.c.id == row_id("esk", secret)))
        ).one()
    listing = json.dumps(await call(client, API_KEYS, headers=shop.staff), ensure_ascii=False)

    assert row.secret_hash == hashlib.sha256(secret_part.encode()).digest()
    stored_text = " ".join(str(v) for v in row)
    assert secret_part not in stored_text
    assert secret_part not in listing
    assert created["apiKey"]["secretHint"] == row.prefix
    assert created["apiKey"]["secretHint"] in listing
    assert created["apiKey"]["prefix"] == created["apiKey"]["secretHint"]  # deprecated alias


async def test_keys_of_one_tenant_are_told_apart_by_their_secret_hint(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Keys")
    first = await _create(client, shop, ["settings:read"], name="first")
    second = await _create(client, shop, ["settings:read"], name="second")

    hints = {k["name"]: k["secretHint"] for k in await _keys(client, shop)}

    assert hints["first"] != hints["second"]
    for created in (first, second):
        kind, _, last = created["apiKey"]["secretHint"].partition("…")
        assert kind == "esk_"
        assert len(last) == 6
        assert created["secret"].endswith(last)  # the hint is the secret's end


@pytest.mark.parametrize(
    ("scopes", "name", "code", "field"),
    [
        (["catalog:read", "root"], "k", "INVALID_SCOPE", ["input", "scopes"]),
        ([], "k", "INVALID_SCOPE", ["input", "scopes"]),
        (["catalog:read"], "  ", "INVALID", ["input", "name"]),
    ],
    ids=["unknown-scope", "no-scope", "blank-name"],
)
async def test_invalid_key_input_is_a_user_error_and_writes_nothing(
    scopes: list[str],
    name: str,
    code: str,
    field: list[str],
    client: httpx.AsyncClient,
    pair: tuple[TenantSetup, TenantSetup],
) -> None:
    shop = pair[0]
    before = await _keys(client, shop)

    answer = await _create(client, shop, scopes, name=name)

    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [(code, field)]
    assert answer["apiKey"] is None and answer["secret"] is None
    assert await _keys(client, shop) == before
