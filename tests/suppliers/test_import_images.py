"""Imported products' images are downloaded once into media storage (local disk here): an
image shared by products, or imported again in a later run, is fetched once; an image that
answers 404, is not an image, is too large or is on a private address is a failed item and
the product is imported without it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.catalog.service.media import MAX_BYTES
from app.catalog.service.storage import create_storage
from app.db.tenant import RequestDB, tenant_transaction
from app.settings import Settings
from app.suppliers.images import ImageFetcher
from app.suppliers.importing import ImportRequest, import_products
from tests.catalog.moto_s3 import moto_s3, s3_settings, stored_object
from tests.helpers import TenantFactory
from tests.suppliers.stubs import StubServer
from tests.suppliers.stubs import text as answer
from tests.suppliers.test_import_sync import http, run, setup

__all__ = ["http"]  # fixture

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
IMAGES = {"A": "ok.png", "B": "ok.png", "C": "missing.png", "D": "page.html", "E": "big.png"}


def feed_csv(base: str, products: dict[str, str]) -> str:
    rows = ["id,title,description,price,availability,image_link"]
    rows += [f"{p},Product {p},Nice,5.00 EUR,in_stock,{base}/{i}" for p, i in products.items()]
    return "\n".join(rows) + "\n"


@pytest.fixture
def server() -> Iterator[StubServer]:
    server = StubServer()
    server.routes[("GET", "/ok.png")] = lambda r: answer(PNG, "image/png")
    server.routes[("GET", "/page.html")] = lambda r: answer("<html></html>", "text/html")
    server.routes[("GET", "/big.png")] = lambda r: answer(b"\x00" * (MAX_BYTES + 1), "image/png")
    server.start()
    yield server
    server.stop()


async def media_of(engine: AsyncEngine, tenant_id: uuid.UUID) -> dict[str, list[str]]:
    async with tenant_transaction(engine, tenant_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT p.title, m.storage_key FROM products p LEFT JOIN media m"
                " ON m.tenant_id = p.tenant_id AND m.product_id = p.id"
                " WHERE p.tenant_id = :t ORDER BY p.title"
            ),
            {"t": tenant_id},
        )
        found: dict[str, list[str]] = {}
        for title, key in rows:
            found.setdefault(title.removeprefix("Product "), []).extend([key] if key else [])
        return found


async def test_images_are_downloaded_once_and_a_failing_image_is_a_failed_item(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    server: StubServer,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    base = f"http://127.0.0.1:{server._server.server_address[1]}"  # type: ignore[union-attr]
    content = {"csv": feed_csv(base, IMAGES)}
    server.routes[("GET", "/feed.csv")] = lambda r: answer(content["csv"], "text/csv")
    tenant = await tenants.create("Import images")
    connection_id, _ = await setup(client, tenant, f"{base}/feed.csv")
    local = settings.with_overrides(suppliers_allow_private=True, media_dir=str(tmp_path))

    def importer(ids: list[str]) -> Any:
        def work(db: RequestDB) -> Any:
            return import_products(
                db=db,
                tenant_id=tenant.tenant_id,
                settings=local,
                redis=None,
                client=http,
                request=ImportRequest(
                    connection_id=connection_id,
                    store_id=tenant.store_id,
                    supplier_product_ids=ids,
                ),
            )

        return work

    first = await run(engine, tenant, importer(list(IMAGES)))
    assert (first.created, first.failed) == (5, 3)
    reasons = {e["ref"]: e["message"].split(": ", 1)[1] for e in first.errors}
    assert reasons == {
        "C image 1": "The image URL answered 404",
        "D image 1": "The image is text/html, not one of image/jpeg, image/png, image/webp, "
        "image/gif",
        "E image 1": "The image is larger than 20 MB",
    }
    media = await media_of(engine, tenant.tenant_id)
    [key] = media["A"]
    assert key.startswith(f"{tenant.store_id}/supplier-images/") and key.endswith(".png")
    assert media["B"] == [key]  # the same image, stored once
    assert (media["C"], media["D"], media["E"]) == ([], [], [])
    assert (tmp_path / key).read_bytes() == PNG
    fetched = [r.path for r in server.requests].count("/ok.png")
    assert fetched == 1

    # A later run's new product with the same image: found in storage, not downloaded again.
    content["csv"] = feed_csv(base, {"F": "ok.png"})
    later = await run(engine, tenant, importer(["F"]))
    assert (later.created, later.failed) == (1, 0)
    assert (await media_of(engine, tenant.tenant_id))["F"] == [key]
    assert [r.path for r in server.requests].count("/ok.png") == 1


async def test_an_image_on_a_private_address_is_refused(
    engine: AsyncEngine, settings: Settings, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    fetcher = ImageFetcher(
        client=http,
        storage=create_storage(settings.with_overrides(media_dir=str(tmp_path))),
        store_id=uuid.uuid4(),
        allow_private=False,
    )
    tenant_id = uuid.uuid4()
    db = RequestDB(engine, tenant_id)
    url = "http://127.0.0.1:9/secret.png"
    try:
        await fetcher.prepare(db, tenant_id=tenant_id, urls=[url])
    finally:
        await db.close(commit=False)
    assert fetcher.failed == {
        url: "The image host 127.0.0.1 resolves to a private or local address"
    }
    assert fetcher.stored == {}


async def test_imported_images_go_to_s3_when_a_bucket_is_set(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    server: StubServer,
    http: httpx.AsyncClient,
) -> None:
    base = f"http://127.0.0.1:{server._server.server_address[1]}"  # type: ignore[union-attr]
    csv = feed_csv(base, {"A": "ok.png"})
    server.routes[("GET", "/feed.csv")] = lambda r: answer(csv, "text/csv")
    tenant = await tenants.create("Import images S3")
    connection_id, _ = await setup(client, tenant, f"{base}/feed.csv")
    with moto_s3() as endpoint:
        s3 = s3_settings(settings, endpoint).with_overrides(suppliers_allow_private=True)

        def work(db: RequestDB) -> Any:
            return import_products(
                db=db,
                tenant_id=tenant.tenant_id,
                settings=s3,
                redis=None,
                client=http,
                request=ImportRequest(
                    connection_id=connection_id,
                    store_id=tenant.store_id,
                    supplier_product_ids=["A"],
                ),
            )

        result = await run(engine, tenant, work)
        assert (result.created, result.failed) == (1, 0)
        [key] = (await media_of(engine, tenant.tenant_id))["A"]
        assert await asyncio.to_thread(stored_object, endpoint, key) == PNG
