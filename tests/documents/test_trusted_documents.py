"""Trusted documents: a store's manifest, `documentId`, persisted-only API keys, the CLI."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.helpers import TenantFactory, error_codes, gql

REGISTER = """
mutation ($storeId: ID!, $manifest: JSON!) {
  persistedDocumentsRegister(storeId: $storeId, manifest: $manifest) {
    count userErrors { field code message }
  }
}"""
STORES = "query Stores { stores(first: 5) { nodes { name } } }"
SHOP = "query TrustedShop { shop { name } }"


def doc_id(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


async def register(client: httpx.AsyncClient, tenant: Any, manifest: object) -> dict[str, Any]:
    body = await gql(
        client, REGISTER, {"storeId": tenant.store_gid, "manifest": manifest}, tenant.staff
    )
    payload: dict[str, Any] = body["data"]["persistedDocumentsRegister"]
    return payload


async def test_documents_run_by_id_top_level_or_in_extensions_post_and_get(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("Trusted")
    text = SHOP + f" # {unique}"
    assert await register(client, tenant, {doc_id(text): text}) == {"count": 1, "userErrors": []}
    expected = {"data": {"shop": {"name": "Trusted store"}}}
    top = await client.post(
        "/graphql", json={"documentId": doc_id(text)}, headers=tenant.storefront
    )
    assert top.json() == expected
    inside = await client.post(
        "/graphql", json={"extensions": {"documentId": doc_id(text)}}, headers=tenant.storefront
    )
    assert inside.json() == expected
    by_get = await client.get(
        "/graphql", params={"documentId": doc_id(text)}, headers=tenant.storefront
    )
    assert by_get.json() == expected
    # Another tenant's storefront does not see the document.
    other = await tenants.create("TrustedOther")
    refused = await client.post(
        "/graphql", json={"documentId": doc_id(text)}, headers=other.storefront
    )
    assert error_codes(refused.json()) == ["PERSISTED_DOCUMENT_NOT_FOUND"]


async def test_a_persisted_only_key_runs_registered_documents_only(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("PersistedOnly")
    key = await tenants.api_key(tenant, ["settings:read"], persisted_only=True)
    auth = {"Authorization": f"Bearer {key}"}
    ad_hoc = await client.post("/graphql", json={"query": STORES}, headers=auth)
    assert error_codes(ad_hoc.json()) == ["PERSISTED_QUERY_REQUIRED"]
    assert ad_hoc.json()["data"] is None
    apq = {"persistedQuery": {"version": 1, "sha256Hash": doc_id(STORES)[7:]}}
    registering = await client.post(
        "/graphql", json={"query": STORES, "extensions": apq}, headers=auth
    )
    assert error_codes(registering.json()) == ["PERSISTED_QUERY_REQUIRED"]

    text = STORES + f" # {unique}"
    await register(client, tenant, {doc_id(text): text})
    allowed = await client.post("/graphql", json={"documentId": doc_id(text)}, headers=auth)
    assert allowed.json() == {"data": {"stores": {"nodes": [{"name": "PersistedOnly store"}]}}}
    # An ordinary key of the same tenant still runs ad-hoc queries.
    plain = await tenants.api_key(tenant, ["settings:read"])
    ok = await gql(client, STORES, headers={"Authorization": f"Bearer {plain}"})
    assert ok == {"data": {"stores": {"nodes": [{"name": "PersistedOnly store"}]}}}


async def test_unknown_malformed_and_mismatched_ids_are_clear_errors(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("TrustedErrors")
    cases = [
        ({"documentId": doc_id("{ nothing }")}, "PERSISTED_DOCUMENT_NOT_FOUND"),
        ({"documentId": "md5:abc"}, "BAD_REQUEST"),
        ({"documentId": 12}, "BAD_REQUEST"),
        ({"documentId": doc_id(SHOP), "query": "{ __typename }"}, "PERSISTED_QUERY_HASH_MISMATCH"),
    ]
    for body, code in cases:
        response = await client.post("/graphql", json=body, headers=tenant.storefront)
        assert response.status_code == 200, response.text
        assert error_codes(response.json()) == [code], body


async def test_a_bad_manifest_is_refused_whole(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    tenant = await tenants.create("BadManifest")
    good = SHOP + f" # good {unique}"
    payload = await register(
        client, tenant, {doc_id(good): good, doc_id("{ a }"): "{ b }", "nope": "{ c }"}
    )
    assert payload["count"] is None
    assert sorted(e["code"] for e in payload["userErrors"]) == ["INVALID", "INVALID"]
    # All or nothing: the good document was not registered either.
    response = await client.post(
        "/graphql", json={"documentId": doc_id(good)}, headers=tenant.storefront
    )
    assert error_codes(response.json()) == ["PERSISTED_DOCUMENT_NOT_FOUND"]
    assert (await register(client, tenant, ["a list"]))["userErrors"][0]["code"] == "INVALID"
    big = "{ __typename }" + " " * (70 * 1024)
    too_large = await register(client, tenant, {doc_id(big): big})
    assert too_large["userErrors"][0]["code"] == "TOO_LARGE"


async def test_registration_needs_settings_scope(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("RegisterScope")
    key = await tenants.api_key(tenant, ["catalog:read"])
    body = await gql(
        client,
        REGISTER,
        {"storeId": tenant.store_gid, "manifest": {}},
        {"Authorization": f"Bearer {key}"},
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_cli_push_registers_a_manifest(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    tmp_path: Path,
    unique: str,
) -> None:
    tenant = await tenants.create("CliPush")
    text = SHOP + f" # cli {unique}"
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({doc_id(text): text}))
    settings = app.state.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "EDESTORY_ENV": "test",
    }
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "documents",
        "push",
        str(manifest),
        "--tenant-id",
        str(tenant.tenant_id),
        "--store-id",
        str(tenant.store_id),
    ]

    def push() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=60, check=False
        )

    done = await asyncio.to_thread(push)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"registered": 1}
    response = await client.post(
        "/graphql", json={"documentId": doc_id(text)}, headers=tenant.storefront
    )
    assert response.json() == {"data": {"shop": {"name": "CliPush store"}}}
    manifest.write_text(json.dumps({doc_id(text): "{ other }"}))
    refused = await asyncio.to_thread(push)
    assert refused.returncode == 2
    assert "INVALID" in refused.stderr


async def test_unstorable_text_in_a_manifest_or_an_apq_is_a_typed_refusal(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Unstorable")
    nul = "{ __typename }\x00"
    body = await gql(
        client,
        REGISTER,
        {"storeId": tenant.store_gid, "manifest": {doc_id(nul): nul}},
        tenant.staff,
    )
    codes = error_codes(body) or [
        e["code"] for e in body["data"]["persistedDocumentsRegister"]["userErrors"]
    ]
    assert codes in (["BAD_USER_INPUT"], ["INVALID"])
    surrogate = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ shop { name } } # \\ud800", "extensions": '
        + json.dumps(surrogate).encode()
        + b"}",
        headers={**tenant.storefront, "Content-Type": "application/json"},
    )
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert error_codes(response.json()) == ["PERSISTED_QUERY_HASH_MISMATCH"]
