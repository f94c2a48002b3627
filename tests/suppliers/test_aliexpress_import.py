"""Import and sync through the AliExpress stand-in (signature checked on every request):
the connection's tokens are obtained from the authorization code and stored back
encrypted; a changed price and a sold-out SKU reach the store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB
from app.graphql.ids import decode_global_id
from app.settings import Settings
from app.suppliers.importing import ImportRequest, import_products
from app.suppliers.sync import sync_connection
from tests.helpers import TenantFactory, call
from tests.suppliers.aliexpress_stub import APP_KEY, APP_SECRET, AliExpressStub, product
from tests.suppliers.stubs import text as answer
from tests.suppliers.test_import_sync import PRODUCTS, run

CREATE = """mutation ($input: SupplierConnectionCreateInput!) {
  supplierConnectionCreate(input: $input) { supplierConnection { id } userErrors { code } } }"""
CONNECTIONS = "{ supplierConnections(first: 5) { nodes { credentials { name hint } } } }"
IMAGES = "query { products(first: 5) { nodes { images(first: 5) { nodes { url } } } } }"


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200


@pytest.fixture
def stub() -> Iterator[AliExpressStub]:
    stub = AliExpressStub()
    stub.server.routes[("GET", "/img/1005001.jpg")] = lambda r: answer(JPEG, "image/jpeg")
    stub.start()
    stub.products["1005001"] = product(
        "1005001",
        ("14:193#Red", "Red", "3.10", 25),
        ("14:173#Blue", "Blue", "3.30", 7),
        images=f"{stub.base}/img",  # the image CDN: the stand-in serves it too
    )
    yield stub
    stub.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def test_import_and_sync_from_aliexpress(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    stub: AliExpressStub,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    tenant = await tenants.create("AliExpress import")
    made = await call(
        client,
        CREATE,
        {
            "input": {
                "name": "AE",
                "kind": "ALIEXPRESS",
                "credentials": {"appKey": APP_KEY, "appSecret": APP_SECRET, "code": "auth-code"},
            }
        },
        tenant.staff,
    )
    decoded = decode_global_id(made["data"]["supplierConnectionCreate"]["supplierConnection"]["id"])
    assert decoded is not None
    connection_id = decoded[1]
    local = settings.with_overrides(
        aliexpress_api_base=stub.base,
        suppliers_allow_private=True,  # the image is on 127.0.0.1
        media_dir=str(tmp_path),
    )

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
                supplier_product_ids=["1005001", "404"],
            ),
        )

    result = await run(engine, tenant, importer)
    assert (result.created, result.failed) == (1, 1)
    assert result.errors == [{"ref": "404", "message": "The supplier does not offer this product"}]
    hints = (await call(client, CONNECTIONS, {}, tenant.staff))["data"]["supplierConnections"]
    names = [c["name"] for c in hints["nodes"][0]["credentials"]]
    assert names == ["accessToken", "appKey", "appSecret", "refreshToken"]

    nodes = (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    # The image was downloaded into media storage (local disk here) and is served from there.
    listed = (await call(client, IMAGES, {}, tenant.staff))["data"]["products"]["nodes"]
    [image] = listed[0]["images"]["nodes"]
    key = image["url"].split("/media/", 1)[1]
    assert key.startswith(f"{tenant.store_id}/supplier-images/") and key.endswith(".jpg")
    assert (tmp_path / key).read_bytes() == JPEG
    # 3.10 USD x 0.92 = 2.852 EUR, x 2 = 5.704 -> 5.71 (rounded up)
    assert [
        (v["title"], v["price"]["amount"], v["quantityAvailable"])
        for v in nodes[0]["variants"]["nodes"]
    ] == [("Red", "5.71", 25), ("Blue", "6.08", 7)]

    stub.products["1005001"] = product(
        "1005001", ("14:193#Red", "Red", "4.00", 25), ("14:173#Blue", "Blue", "3.30", 0)
    )
    synced = await run(
        engine,
        tenant,
        lambda db: sync_connection(
            db=db,
            tenant_id=tenant.tenant_id,
            settings=local,
            redis=None,
            client=http,
            connection_id=connection_id,
        ),
    )
    assert (synced.checked, synced.changed, synced.unavailable) == (2, 2, 1)
    nodes = (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
    assert [
        (v["price"]["amount"], v["quantityAvailable"]) for v in nodes[0]["variants"]["nodes"]
    ] == [("7.36", 25), ("6.08", 0)]
    assert stub.bad_signatures == 0
