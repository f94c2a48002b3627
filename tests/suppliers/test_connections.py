"""Supplier connections: admin create/update/delete, credentials encrypted and never shown."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import TenantFactory, TenantSetup, call, error_codes

FIELDS = "id name kind status feedUrl syncIntervalMinutes lastSyncAt credentials { name hint }"
CREATE = f"""mutation ($input: SupplierConnectionCreateInput!) {{
  supplierConnectionCreate(input: $input) {{
    supplierConnection {{ {FIELDS} }} webhookSecret userErrors {{ field message code }} }} }}"""
UPDATE = f"""mutation ($id: ID!, $input: SupplierConnectionUpdateInput!) {{
  supplierConnectionUpdate(id: $id, input: $input) {{
    supplierConnection {{ {FIELDS} }} userErrors {{ field message code }} }} }}"""
DELETE = """mutation ($id: ID!) {
  supplierConnectionDelete(id: $id) { deletedId userErrors { code } } }"""
LIST = f"""query ($after: String) {{
  supplierConnections(first: 2, after: $after) {{
    nodes {{ {FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
STORED = "SELECT credentials FROM supplier_connections WHERE tenant_id = :t AND name = :n"

APP_SECRET = "ae-app-secret-0123456789abcdef"
ACCESS_TOKEN = "ae-access-token-9876543210WXYZ"


async def create(client: httpx.AsyncClient, tenant: TenantSetup, **input: Any) -> dict[str, Any]:
    body = await call(client, CREATE, {"input": input}, tenant.staff)
    payload: dict[str, Any] = body["data"]["supplierConnectionCreate"]
    return payload


async def test_create_list_update_delete_without_ever_showing_a_secret(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tenant = await tenants.create("Supplier admin")
    with caplog.at_level(logging.DEBUG):
        made = await create(
            client,
            tenant,
            name="AliExpress",
            kind="ALIEXPRESS",
            credentials={"appKey": "501234", "appSecret": APP_SECRET, "accessToken": ACCESS_TOKEN},
            syncIntervalMinutes=60,
        )
    assert made["userErrors"] == []
    connection = made["supplierConnection"]
    assert (connection["name"], connection["kind"], connection["status"]) == (
        "AliExpress",
        "ALIEXPRESS",
        "ACTIVE",
    )
    assert connection["credentials"] == [
        {"name": "accessToken", "hint": "…WXYZ"},
        {"name": "appKey", "hint": "…"},
        {"name": "appSecret", "hint": "…cdef"},
    ]
    assert made["webhookSecret"].startswith("whsec_")
    assert APP_SECRET not in caplog.text and ACCESS_TOKEN not in caplog.text

    async with engine.connect() as conn:
        await conn.execute(
            text("SELECT set_config('app.tenant_id', :t, false)"), {"t": str(tenant.tenant_id)}
        )
        stored = (
            await conn.execute(text(STORED), {"t": tenant.tenant_id, "n": "AliExpress"})
        ).scalar_one()
        await conn.execute(text("SELECT set_config('app.tenant_id', '', false)"))
    assert APP_SECRET.encode() not in stored and b"appSecret" not in stored

    await create(client, tenant, name="Feed", kind="FEED", feedUrl="https://example.com/f.xml")
    await create(client, tenant, name="CJ", kind="CJ", credentials={"apiKey": "CJ-key-0000-1111"})
    first = (await call(client, LIST, {}, tenant.staff))["data"]["supplierConnections"]
    assert [n["name"] for n in first["nodes"]] == ["AliExpress", "Feed"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await call(client, LIST, {"after": after}, tenant.staff))["data"]
    assert [n["name"] for n in rest["supplierConnections"]["nodes"]] == ["CJ"]

    # A new access token without repeating the app secret; null removes a credential.
    body = await call(
        client,
        UPDATE,
        {
            "id": connection["id"],
            "input": {
                "credentials": {"accessToken": "new-token-0000-ABCD", "refreshToken": None},
                "syncIntervalMinutes": 30,
                "status": "PAUSED",
            },
        },
        tenant.staff,
    )
    updated = body["data"]["supplierConnectionUpdate"]
    assert updated["userErrors"] == []
    assert updated["supplierConnection"]["syncIntervalMinutes"] == 30
    assert updated["supplierConnection"]["status"] == "PAUSED"
    assert {"name": "accessToken", "hint": "…ABCD"} in updated["supplierConnection"]["credentials"]
    assert {"name": "appSecret", "hint": "…cdef"} in updated["supplierConnection"]["credentials"]

    removed = await call(
        client,
        UPDATE,
        {"id": connection["id"], "input": {"credentials": {"appSecret": None}}},
        tenant.staff,
    )
    errors = removed["data"]["supplierConnectionUpdate"]["userErrors"]
    assert [e["code"] for e in errors] == ["REQUIRED"]
    assert "appSecret" in errors[0]["message"]

    deleted = await call(client, DELETE, {"id": connection["id"]}, tenant.staff)
    assert deleted["data"]["supplierConnectionDelete"] == {
        "deletedId": connection["id"],
        "userErrors": [],
    }
    again = await call(client, DELETE, {"id": connection["id"]}, tenant.staff)
    assert again["data"]["supplierConnectionDelete"]["userErrors"] == [{"code": "NOT_FOUND"}]


@pytest.mark.parametrize(
    ("input", "codes"),
    [
        ({"name": "X", "kind": "FEED"}, ["REQUIRED"]),
        ({"name": "X", "kind": "FEED", "feedUrl": "ftp://example.com/feed"}, ["INVALID"]),
        ({"name": "X", "kind": "FEED", "feedUrl": "https://u:p@example.com/f"}, ["INVALID"]),
        ({"name": "X", "kind": "ALIEXPRESS", "credentials": {"appKey": "1"}}, ["REQUIRED"]),
        ({"name": "X", "kind": "CJ", "credentials": {"apiKey": "k", "pin": "1"}}, ["INVALID"]),
        ({"name": "X", "kind": "CJ", "credentials": {"apiKey": 12}}, ["INVALID"]),
        ({"name": "X", "kind": "CJ", "credentials": ["apiKey"]}, ["INVALID"]),
        ({"name": "", "kind": "CJ", "credentials": {"apiKey": "k"}}, ["INVALID"]),
        (
            {"name": "X", "kind": "CJ", "credentials": {"apiKey": "k"}, "syncIntervalMinutes": 1},
            ["INVALID"],
        ),
    ],
)
async def test_bad_input_is_a_user_error_and_writes_nothing(
    client: httpx.AsyncClient, tenants: TenantFactory, input: dict[str, Any], codes: list[str]
) -> None:
    tenant = await tenants.create("Supplier bad input")
    payload = await create(client, tenant, **input)
    assert [e["code"] for e in payload["userErrors"]] == codes
    assert payload["supplierConnection"] is None
    listed = (await call(client, LIST, {}, tenant.staff))["data"]["supplierConnections"]
    assert listed["nodes"] == []


async def test_names_are_unique_and_scopes_are_enforced(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Supplier scopes")
    await create(client, tenant, name="Feed", kind="FEED", feedUrl="https://example.com/f.csv")
    twice = await create(client, tenant, name="Feed", kind="FEED", feedUrl="https://e.com/f.csv")
    assert [e["code"] for e in twice["userErrors"]] == ["TAKEN"]

    reader = await tenants.api_key(tenant, ["automation:read"])
    headers = {"Authorization": f"Bearer {reader}"}
    listed = await call(client, LIST, {}, headers)
    assert [n["name"] for n in listed["data"]["supplierConnections"]["nodes"]] == ["Feed"]
    refused = await call(
        client,
        CREATE,
        {"input": {"name": "Y", "kind": "CJ", "credentials": {"apiKey": "k"}}},
        headers,
    )
    assert error_codes(refused) == ["FORBIDDEN"]

    other = await tenants.create("Supplier other tenant")
    assert (await call(client, LIST, {}, other.staff))["data"]["supplierConnections"]["nodes"] == []
