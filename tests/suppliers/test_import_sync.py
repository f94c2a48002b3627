"""Import and sync from a feed stand-in: DRAFT products priced by a rule, re-import without
duplicates, a changed price and stock, a vanished product made unavailable; statements per
sync batch independent of how many changed."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.graphql.ids import decode_global_id, to_global_id
from app.settings import Settings
from app.suppliers.importing import ImportRequest, import_products
from app.suppliers.runs import RunFailedError, RunResult
from app.suppliers.sync import sync_connection
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, error_codes
from tests.suppliers.stubs import StubServer
from tests.suppliers.stubs import text as answer
from tests.suppliers.test_feed import CSV

CONNECTION = """mutation ($input: SupplierConnectionCreateInput!) {
  supplierConnectionCreate(input: $input) { supplierConnection { id } userErrors { code } } }"""
RULE = """mutation ($input: PricingRuleInput!) {
  pricingRuleCreate(input: $input) { pricingRule { id } userErrors { code } } }"""
PRODUCTS = """query { products(first: 10) { nodes { title status
  variants(first: 10) { nodes { title price { amount } compareAtPrice { amount }
    quantityAvailable } } } } }"""


@pytest.fixture
def feed() -> Iterator[tuple[StubServer, dict[str, str]]]:
    server = StubServer()
    content = {"csv": CSV}
    server.routes[("GET", "/feed.csv")] = lambda r: answer(content["csv"], "text/csv")
    server.start()
    yield server, content
    server.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def setup(
    client: httpx.AsyncClient, tenant: TenantSetup, feed_url: str
) -> tuple[uuid.UUID, uuid.UUID]:
    made = await call(
        client,
        CONNECTION,
        {"input": {"name": "Feed", "kind": "FEED", "feedUrl": feed_url}},
        tenant.staff,
    )
    rule = await call(
        client,
        RULE,
        {
            "input": {
                "name": "Std",
                "multiplier": "2.5",
                "fixedAmount": "1",
                "roundingEnding": ".99",
                "compareAtMultiplier": "1.5",
            }
        },
        tenant.staff,
    )
    return (
        _uuid(made["data"]["supplierConnectionCreate"]["supplierConnection"]["id"]),
        _uuid(rule["data"]["pricingRuleCreate"]["pricingRule"]["id"]),
    )


def _uuid(global_id: str) -> uuid.UUID:
    decoded = decode_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def run(engine: AsyncEngine, tenant: TenantSetup, work: Any) -> RunResult:
    db = RequestDB(engine, tenant.tenant_id)
    try:
        result: RunResult = await work(db)
    except BaseException:
        await db.close(commit=False)
        raise
    await db.close(commit=True)
    return result


async def test_import_reimport_and_sync_from_a_feed(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    feed: tuple[StubServer, dict[str, str]],
    http: httpx.AsyncClient,
    sql_counter: SqlCounter,
) -> None:
    server, content = feed
    tenant = await tenants.create("Feed import")
    url = f"http://127.0.0.1:{server._server.server_address[1]}/feed.csv"  # type: ignore[union-attr]
    connection_id, rule_id = await setup(client, tenant, url)
    # Images are left as links here (their download: test_import_images.py).
    local = settings.with_overrides(suppliers_allow_private=True, supplier_image_links=True)

    def importer(db: RequestDB) -> Any:
        return import_products(
            db=db,
            tenant_id=tenant.tenant_id,
            settings=local,
            redis=None,
            client=http,
            request=ImportRequest(
                connection_id=connection_id,
                store_id=tenant.store_id,
                supplier_product_ids=None,
                pricing_rule_id=rule_id,
            ),
        )

    first = await run(engine, tenant, importer)
    assert (first.checked, first.created, first.failed) == (2, 2, 2)
    assert [e["ref"] for e in first.errors] == ["row 6", "row 7"]

    products = {
        p["title"]: p
        for p in (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    }
    tee = products["Cotton tee"]
    assert tee["status"] == "DRAFT"
    # (7.50 + 1.50 USD) x 0.92 = 8.28 EUR; x 2.5 + 1 = 21.70 -> 21.99; compare 32.985 -> 32.99
    assert [
        (v["title"], v["price"]["amount"], v["compareAtPrice"]["amount"], v["quantityAvailable"])
        for v in tee["variants"]["nodes"]
    ] == [
        ("Red / M", "21.99", "32.99", 12),
        ("Red / L", "21.99", "32.99", 0),
        ("Blue / M", "22.99", "34.99", 0),
    ]
    # 15.00 EUR x 2.5 + 1 = 38.50 -> 38.99; stock unknown but in stock: 100
    mug = products["Mug"]["variants"]["nodes"][0]
    assert (mug["price"]["amount"], mug["quantityAvailable"]) == ("38.99", 100)

    again = await run(engine, tenant, importer)
    assert (again.created, again.changed) == (0, 2)
    listed = (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    assert len(listed) == 2

    def syncer(db: RequestDB) -> Any:
        return sync_connection(
            db=db,
            tenant_id=tenant.tenant_id,
            settings=local,
            redis=None,
            client=http,
            connection_id=connection_id,
        )

    unchanged = await run(engine, tenant, syncer)
    assert (unchanged.checked, unchanged.changed, unchanged.unavailable) == (4, 0, 0)

    # The tee's red M costs more and has 3 left; the mug is gone from the feed.
    content["csv"] = "\n".join(
        line.replace("7.50 USD,in_stock,Red,M", "9.50 USD,in_stock,Red,M").replace(",12,", ",3,")
        for line in CSV.splitlines()
        if not line.startswith("MUG")
    )
    with sql_counter.measure() as statements:
        changed = await run(engine, tenant, syncer)
    assert (changed.checked, changed.changed, changed.unavailable, changed.failed) == (4, 2, 1, 2)
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert len(writes) == 6  # one batch: variants, levels, ranges, links, events; last_sync_at

    products = {
        p["title"]: p
        for p in (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    }
    red_m = products["Cotton tee"]["variants"]["nodes"][0]
    # (9.50 + 1.50) x 0.92 = 10.12; x 2.5 + 1 = 26.30 -> 26.99
    assert (red_m["price"]["amount"], red_m["quantityAvailable"]) == ("26.99", 3)
    mug = products["Mug"]["variants"]["nodes"][0]
    assert (mug["price"]["amount"], mug["quantityAvailable"]) == ("38.99", 0)


async def test_a_feed_on_a_private_address_fails_the_run_and_writes_nothing(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    http: httpx.AsyncClient,
) -> None:
    tenant = await tenants.create("Private feed")
    connection_id, _ = await setup(client, tenant, "http://127.0.0.1:9/feed.csv")
    with pytest.raises(RunFailedError, match="private or local address"):
        await run(
            engine,
            tenant,
            lambda db: import_products(
                db=db,
                tenant_id=tenant.tenant_id,
                settings=settings,
                redis=None,
                client=http,
                request=ImportRequest(
                    connection_id=connection_id, store_id=tenant.store_id, supplier_product_ids=None
                ),
            ),
        )
    listed = (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    assert listed == []
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


OFFER = """query ($id: ID!, $after: String, $query: String) {
  supplierProducts(connectionId: $id, first: 1, after: $after, query: $query) {
    nodes { supplierProductId title costPrice { amount currencyCode } variantCount imported
            product { id title status } }
    pageInfo { hasNextPage endCursor } } }"""


async def test_supplier_products_lists_the_feed_and_what_is_imported(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    feed: tuple[StubServer, dict[str, str]],
    http: httpx.AsyncClient,
    app: Any,
) -> None:
    server, _ = feed
    tenant = await tenants.create("Feed offer")
    url = f"http://127.0.0.1:{server._server.server_address[1]}/feed.csv"  # type: ignore[union-attr]
    connection_id, _ = await setup(client, tenant, url)
    gid = to_global_id("SupplierConnection", connection_id)

    refused = await call(client, OFFER, {"id": gid}, tenant.staff)
    assert error_codes(refused) == ["SUPPLIER_UNAVAILABLE"]
    assert "private or local address" in refused["errors"][0]["message"]

    app.state.resources.settings = settings.with_overrides(suppliers_allow_private=True)
    try:
        first = (await call(client, OFFER, {"id": gid}, tenant.staff))["data"]["supplierProducts"]
        assert first["nodes"] == [
            {
                "supplierProductId": "TS",
                "title": "Cotton tee",
                "variantCount": 3,
                "costPrice": {"amount": "7.50", "currencyCode": "USD"},
                "imported": False,
                "product": None,
            },
        ]
        await run(
            engine,
            tenant,
            lambda db: import_products(
                db=db,
                tenant_id=tenant.tenant_id,
                settings=settings.with_overrides(suppliers_allow_private=True),
                redis=None,
                client=http,
                request=ImportRequest(
                    connection_id=connection_id,
                    store_id=tenant.store_id,
                    supplier_product_ids=["MUG"],
                ),
            ),
        )
        after = first["pageInfo"]["endCursor"]
        second = await call(client, OFFER, {"id": gid, "after": after}, tenant.staff)
        mug = second["data"]["supplierProducts"]
        assert mug["nodes"][0]["imported"] is True
        assert mug["nodes"][0]["product"]["title"] == "Mug"
        assert mug["nodes"][0]["product"]["status"] == "DRAFT"
        assert mug["pageInfo"]["hasNextPage"] is False
        filtered = await call(client, OFFER, {"id": gid, "query": "mug"}, tenant.staff)
        assert [n["title"] for n in filtered["data"]["supplierProducts"]["nodes"]] == ["Mug"]
    finally:
        app.state.resources.settings = settings
