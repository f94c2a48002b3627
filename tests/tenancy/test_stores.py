"""Stores: validation answers typed userErrors and writes nothing; keyset pages are stable."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import TenantFactory, TenantSetup, call
from tests.tenancy.support import snapshot

STORE_FIELDS = "id name domain currencyCode languages defaultLanguage timezone status"
STORE_CREATE = f"""
mutation ($input: StoreCreateInput!) {{
  storeCreate(input: $input) {{ store {{ {STORE_FIELDS} }} userErrors {{ field message code }} }}
}}"""
STORE_UPDATE = f"""
mutation ($id: ID!, $input: StoreUpdateInput!) {{
  storeUpdate(id: $id, input: $input) {{
    store {{ {STORE_FIELDS} }} userErrors {{ field message code }}
  }}
}}"""
STORES_PAGE = """
query ($first: Int, $after: String) {
  stores(first: $first, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""

INVALID_INPUTS = [
    ({"timezone": "Mars/Olympus"}, "INVALID_TIMEZONE", ["input", "timezone"]),
    (
        {"languages": ["EN", "FR"], "defaultLanguage": "DE"},
        "INVALID_LANGUAGE",
        ["input", "defaultLanguage"],
    ),
    ({"domain": "not a domain"}, "INVALID", ["input", "domain"]),
    ({"domain": "localhost"}, "INVALID", ["input", "domain"]),
    ({"name": "   "}, "INVALID", ["input", "name"]),
    ({"languages": []}, "INVALID_LANGUAGE", ["input", "languages"]),
]
INVALID_IDS = [
    "timezone",
    "default-language",
    "domain-spaces",
    "domain-no-dot",
    "blank-name",
    "no-languages",
]


@pytest.fixture(scope="module")
async def shared(tenants: TenantFactory) -> TenantSetup:
    """A tenant for tests that change nothing (and check that they did not)."""
    return await tenants.create("Stores")


def _domain() -> str:
    return f"store-{uuid.uuid4().hex[:10]}.example.com"


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _create(client: httpx.AsyncClient, shop: TenantSetup, **fields: Any) -> dict[str, Any]:
    data = {"name": "Second", "currencyCode": "EUR", **fields}
    body = await call(client, STORE_CREATE, {"input": data}, shop.staff)
    payload: dict[str, Any] = body["data"]["storeCreate"]
    return payload


async def _update(client: httpx.AsyncClient, shop: TenantSetup, **fields: Any) -> dict[str, Any]:
    body = await call(client, STORE_UPDATE, {"id": shop.store_gid, "input": fields}, shop.staff)
    payload: dict[str, Any] = body["data"]["storeUpdate"]
    return payload


async def test_store_create_applies_defaults_and_normalises_the_domain(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, domain = await tenants.create("Stores"), _domain()

    created = await _create(client, shop, domain=f"  {domain.upper()} ", languages=["FR", "EN"])

    assert created["userErrors"] == []
    store = created["store"]
    assert {k: v for k, v in store.items() if k != "id"} == {
        "name": "Second",
        "domain": domain,
        "currencyCode": "EUR",
        "languages": ["FR", "EN"],
        "defaultLanguage": "FR",
        "timezone": "UTC",
        "status": "ACTIVE",
    }


@pytest.mark.parametrize(("fields", "code", "field"), INVALID_INPUTS, ids=INVALID_IDS)
async def test_invalid_store_create_is_a_user_error_and_writes_nothing(
    fields: dict[str, Any],
    code: str,
    field: list[str],
    client: httpx.AsyncClient,
    shared: TenantSetup,
    engine: AsyncEngine,
) -> None:
    shop = shared
    before = await snapshot(engine, shop.tenant_id)

    answer = await _create(client, shop, **fields)

    assert answer["store"] is None
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [(code, field)]
    assert await snapshot(engine, shop.tenant_id) == before


@pytest.mark.parametrize(("fields", "code", "field"), INVALID_INPUTS, ids=INVALID_IDS)
async def test_invalid_store_update_is_a_user_error_and_changes_nothing(
    fields: dict[str, Any],
    code: str,
    field: list[str],
    client: httpx.AsyncClient,
    shared: TenantSetup,
    engine: AsyncEngine,
) -> None:
    shop = shared
    before = await snapshot(engine, shop.tenant_id)

    answer = await _update(client, shop, **fields)

    assert answer["store"] is None
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [(code, field)]
    assert await snapshot(engine, shop.tenant_id) == before


async def test_update_checks_default_language_against_the_stored_languages(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Stores")  # languages ES, EN

    refused = await _update(client, shop, defaultLanguage="FR")
    accepted = await _update(client, shop, defaultLanguage="EN", name="Renamed")

    assert _codes(refused) == ["INVALID_LANGUAGE"]
    assert refused["userErrors"][0]["field"] == ["input", "defaultLanguage"]
    assert accepted["userErrors"] == []
    assert (accepted["store"]["defaultLanguage"], accepted["store"]["name"]) == ("EN", "Renamed")


async def test_domain_taken_by_another_tenant_is_refused_in_any_case(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    domain = _domain()
    owner = await tenants.create("Owner", domain=domain)
    shop = await tenants.create("Stores")
    before = await snapshot(engine, shop.tenant_id)

    on_create = await _create(client, shop, domain=domain.upper())
    on_update = await _update(client, shop, domain=domain)

    for answer in (on_create, on_update):
        assert answer["store"] is None
        assert answer["userErrors"] == [
            {
                "field": ["input", "domain"],
                "message": "That domain is already in use",
                "code": "TAKEN",
            }
        ]
    assert await snapshot(engine, shop.tenant_id) == before
    async with tenants.client() as other:
        body = await call(other, "{ shop { name } }", headers={"Host": domain})
    assert body["data"]["shop"]["name"] == "Owner store"
    assert owner.tenant_id != shop.tenant_id


async def test_domain_can_be_cleared_and_then_claimed_by_another_store(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    domain = _domain()
    first = await tenants.create("First", domain=domain)
    second = await tenants.create("Second")

    cleared = await _update(client, first, domain="")
    claimed = await _update(client, second, domain=domain)

    assert cleared["store"]["domain"] is None
    assert claimed["userErrors"] == []
    assert claimed["store"]["domain"] == domain


async def _page(client: httpx.AsyncClient, shop: TenantSetup, after: str | None) -> dict[str, Any]:
    body = await call(client, STORES_PAGE, {"first": 1, "after": after}, shop.staff)
    page: dict[str, Any] = body["data"]["stores"]
    return page


async def test_store_pages_are_stable_under_inserts(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Stores")
    for n in range(3):
        assert (await _create(client, shop, name=f"Extra {n}"))["userErrors"] == []

    seen: list[str] = []
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = await _page(client, shop, after)
        pages.append(page)
        seen += [e["node"]["name"] for e in page["edges"]]
        if len(seen) == 2:  # a store created mid-way sorts last, shifting nothing
            assert (await _create(client, shop, name="Late"))["userErrors"] == []
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == ["Stores store", "Extra 0", "Extra 1", "Extra 2", "Late"]
    assert all(len(p["edges"]) == 1 for p in pages)
    assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True, True, True]
    assert pages[1]["pageInfo"]["startCursor"] == pages[1]["edges"][0]["cursor"]
    again = await _page(client, shop, pages[0]["pageInfo"]["endCursor"])
    assert again["edges"] == pages[1]["edges"]
