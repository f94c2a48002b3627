"""GET /sitemap.xml: an index of product files of at most 50,000 URLs, valid against the
published sitemap schemas, with hreflang alternates, lastmod and conditional requests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from lxml import etree
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.settings import Settings
from tests.catalog.sitemap_xsd import schemas
from tests.helpers import TenantFactory, TenantSetup

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
PRODUCTS = 120_000
# Handles p-0 .. p-119999, created a second apart in that order; updated_at a minute
# after creation. Two DRAFT products that no sitemap may list.
SEED = """
INSERT INTO products (tenant_id, id, store_id, handle, title, status, created_at, updated_at)
SELECT :tenant, gen_random_uuid(), :store, 'p-' || i, 'Product ' || i, 'ACTIVE',
       timestamptz '2026-01-01' + i * interval '1 second',
       timestamptz '2026-01-01' + i * interval '1 second' + interval '1 minute'
FROM generate_series(0, :n - 1) AS i;
INSERT INTO products (tenant_id, id, store_id, handle, title, status)
SELECT :tenant, gen_random_uuid(), :store, 'draft-' || i, 'Draft', 'DRAFT'
FROM generate_series(1, 2) AS i;
"""


@dataclass
class Shop:
    tenant: TenantSetup
    domain: str


@pytest.fixture(scope="module")
async def shop(tenants: TenantFactory, owner_engine: AsyncEngine, settings: Settings) -> Shop:
    if not settings.fast_execution:
        pytest.skip("sitemaps involve no GraphQL executor: they run once, on the fast app")
    domain = f"big-{uuid.uuid4().hex[:8]}.example"
    tenant = await tenants.create("Sitemap", domain=domain)
    params = {"tenant": tenant.tenant_id, "store": tenant.store_id, "n": PRODUCTS}
    async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
        for statement in SEED.strip().split(";\n"):
            await conn.execute(text(statement), params)
    return Shop(tenant, domain)


def _parse(body: bytes, schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(body)
    schema.assertValid(root)
    return root


async def test_120000_products_make_three_valid_files(
    client: httpx.AsyncClient, shop: Shop, tmp_path: Path
) -> None:
    urlset_schema, index_schema = schemas(tmp_path)
    response = await client.get("/sitemap.xml", headers={"Host": shop.domain})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    index = _parse(response.content, index_schema)
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert locs == [f"https://{shop.domain}/sitemap-products-{n}.xml" for n in (1, 2, 3)]
    lastmods = index.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS)
    # The newest product of each slice of 50,000: number 49,999, 99,999 and 119,999.
    newest = [
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i, minutes=1)
        for i in (49_999, 99_999, 119_999)
    ]
    assert [dt.datetime.fromisoformat(m) for m in lastmods] == newest
    assert parsedate_to_datetime(response.headers["last-modified"]) == newest[-1]

    counts = []
    handles: set[str] = set()
    for number in (1, 2, 3):
        file = await client.get(f"/sitemap-products-{number}.xml", headers={"Host": shop.domain})
        assert file.status_code == 200, file.text
        urlset = _parse(file.content, urlset_schema)
        found = urlset.xpath("//s:url/s:loc/text()", namespaces=NS)
        counts.append(len(found))
        handles.update(loc.rsplit("/", 1)[1] for loc in found)
    assert counts == [50_000, 50_000, 20_000]
    assert handles == {f"p-{i}" for i in range(PRODUCTS)}  # every product once, no drafts


async def test_urls_carry_hreflang_alternates_and_lastmod(
    client: httpx.AsyncClient, shop: Shop
) -> None:
    response = await client.get(
        "/sitemap-products-3.xml", params={"store": shop.domain}, headers={"Host": "other.test"}
    )
    assert response.status_code == 200
    first = etree.fromstring(response.content).xpath("//s:url", namespaces=NS)[0]
    base = f"https://{shop.domain}"
    assert first.xpath("s:loc/text()", namespaces=NS) == [f"{base}/products/p-100000"]
    assert first.xpath("s:lastmod/text()", namespaces=NS) == ["2026-01-02T03:47:40+00:00"]
    links = {
        link.get("hreflang"): link.get("href")
        for link in first.xpath("x:link[@rel='alternate']", namespaces=NS)
    }
    # The store's languages are es (default) and en.
    assert links == {
        "es": f"{base}/products/p-100000",
        "en": f"{base}/en/products/p-100000",
        "x-default": f"{base}/products/p-100000",
    }
    # ?store= is carried into the index's links.
    index = await client.get("/sitemap.xml", params={"store": shop.domain})
    assert f"sitemap-products-1.xml?store={shop.domain}" in index.text


async def test_conditional_requests_and_changes(
    client: httpx.AsyncClient, shop: Shop, owner_engine: AsyncEngine
) -> None:
    host = {"Host": shop.domain}
    first = await client.get("/sitemap-products-3.xml", headers=host)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = await client.get("/sitemap-products-3.xml", headers={**host, "If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    since = await client.get(
        "/sitemap-products-3.xml", headers={**host, "If-Modified-Since": modified}
    )
    assert since.status_code == 304
    index = await client.get("/sitemap.xml", headers=host)
    index_etag = index.headers["etag"]

    # A product of file 3 changes: that file and the index change, file 1 does not.
    file_1 = (await client.get("/sitemap-products-1.xml", headers=host)).headers["etag"]
    async with tenant_transaction(owner_engine, shop.tenant.tenant_id) as conn:
        await conn.execute(text("UPDATE products SET updated_at = now() WHERE handle = 'p-110000'"))
    changed = await client.get("/sitemap-products-3.xml", headers={**host, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert (await client.get("/sitemap.xml", headers=host)).headers["etag"] != index_etag
    assert (await client.get("/sitemap-products-1.xml", headers=host)).headers["etag"] == file_1


async def test_unknown_store_and_file(client: httpx.AsyncClient, shop: Shop) -> None:
    unknown = await client.get("/sitemap.xml", headers={"Host": "nobody.example"})
    assert unknown.status_code == 404
    past_the_end = await client.get("/sitemap-products-4.xml", headers={"Host": shop.domain})
    assert past_the_end.status_code == 404
    zero = await client.get("/sitemap-products-0.xml", headers={"Host": shop.domain})
    assert zero.status_code == 404 and zero.text == "No such sitemap file"
    # Its row offset would not fit a bigint: refused before any query (a 500 before).
    huge = await client.get(
        "/sitemap-products-99999999999999999999.xml", headers={"Host": shop.domain}
    )
    assert huge.status_code == 404 and huge.text == "No such sitemap file"


@pytest.mark.parametrize("store", ["\x00", "shop\x00.example", "tienda.\u00e9.example", "a" * 300])
async def test_a_store_that_cannot_be_a_domain_is_404(
    client: httpx.AsyncClient, store: str
) -> None:
    response = await client.get("/sitemap.xml", params={"store": store})
    assert response.status_code == 404  # a NUL used to reach PostgreSQL: a 500
    assert response.text == "No store is served at this domain"
