"""Media uploads end to end: presign, PUT real bytes (local disk and moto's S3), attach."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.catalog.models import media
from app.catalog.service.storage import LocalStorage, UploadGrant
from app.graphql.ids import to_global_id
from app.settings import Settings
from tests.catalog.moto_s3 import (
    BUCKET,
    NO_AWS_ENV,
    aws_environment,
    moto_s3,
    running_app,
    s3_settings,
    stored_object,
)
from tests.catalog.taxonomy_support import insert_products
from tests.helpers import TenantFactory, TenantSetup, call, error_codes, fetch

UPLOAD_CREATE = """
mutation ($input: MediaUploadCreateInput!) {
  mediaUploadCreate(input: $input) {
    upload { url method headers { name value } key expiresAt }
    mediaId
    userErrors { field message code }
  }
}"""
ATTACH = """
mutation ($productId: ID!, $media: [ProductMediaInput!]!) {
  productMediaAttach(productId: $productId, media: $media) {
    product { id images(first: 10) { nodes { url altText } } }
    media { id url altText width height }
    userErrors { field message code }
  }
}"""
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_s3() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
async def s3_app(settings: Settings, s3_endpoint: str) -> AsyncIterator[Starlette]:
    async with running_app(s3_settings(settings, s3_endpoint)) as app:
        yield app


@pytest.fixture
async def disk_app(settings: Settings, tmp_path: Path) -> AsyncIterator[Starlette]:
    local = settings.with_overrides(
        media_dir=str(tmp_path), public_url="http://testserver", db_pool_size=2
    )
    async with running_app(local) as app:
        yield app


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def small_upload(tenant: TenantSetup) -> dict[str, Any]:
    return {
        "input": {
            "storeId": tenant.store_gid,
            "filename": "a.png",
            "contentType": "image/png",
            "fileSize": 10,
        }
    }


async def upload_create(
    client: httpx.AsyncClient, tenant: TenantSetup, **fields: Any
) -> dict[str, Any]:
    data = {
        "storeId": tenant.store_gid,
        "filename": "Red Shirt.PNG",
        "contentType": "image/png",
        "fileSize": len(PNG),
        **fields,
    }
    body = await call(client, UPLOAD_CREATE, {"input": data}, tenant.staff)
    payload: dict[str, Any] = body["data"]["mediaUploadCreate"]
    return payload


async def attach(
    client: httpx.AsyncClient, tenant: TenantSetup, product: Any, items: list[dict[str, Any]]
) -> dict[str, Any]:
    variables = {"productId": to_global_id("Product", product), "media": items}
    payload: dict[str, Any] = (await call(client, ATTACH, variables, tenant.staff))["data"][
        "productMediaAttach"
    ]
    return payload


def forgeries(app: Starlette, token: str) -> list[str]:
    """Tokens the server must refuse: a changed signature, a payload pointing elsewhere, and a
    correctly signed one that has expired."""
    payload, signature = token.split(".")
    key, expires, size, content_type = orjson.loads(base64.urlsafe_b64decode(payload + "=="))
    elsewhere = base64.urlsafe_b64encode(
        orjson.dumps([f"{key}/../../other.png", expires, size, content_type])
    ).decode()
    flipped = signature[:-1] + ("B" if signature[-1] == "A" else "A")
    stale = LocalStorage(app.state.settings).token(
        UploadGrant(key, size, content_type, int(time.time()) - 1)
    )
    return [f"{payload}.{flipped}", f"{elsewhere.rstrip('=')}.{signature}", stale]


def codes(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_upload_requests_are_validated(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant, other = await tenants.create("Media rules"), await tenants.create("Other store")
    cases = [
        ({"contentType": "application/pdf"}, "contentType", "UNSUPPORTED_CONTENT_TYPE"),
        ({"fileSize": 20 * 1024 * 1024 + 1}, "fileSize", "TOO_LARGE"),
        ({"fileSize": 0}, "fileSize", "INVALID"),
        ({"filename": " "}, "filename", "INVALID"),
        ({"storeId": other.store_gid}, "storeId", "STORE_NOT_FOUND"),
    ]
    for fields, field, code in cases:
        payload = await upload_create(client, tenant, **fields)
        assert (payload["upload"], payload["mediaId"]) == (None, None)
        assert codes(payload) == [(["input", field], code)], fields
    body = await call(client, UPLOAD_CREATE, small_upload(tenant), tenant.storefront)
    assert error_codes(body) == ["FORBIDDEN"]
    assert await fetch(engine, tenant, select(media.c.id)) == []


async def test_local_disk_upload_serve_and_attach(
    disk_app: Starlette, tenants: TenantFactory, engine: AsyncEngine, tmp_path: Path
) -> None:
    tenant = await tenants.create("Disk media")
    [product] = await insert_products(engine, tenant, 1)
    async with client_for(disk_app) as client:
        created = await upload_create(client, tenant)
        upload = created["upload"]
        assert upload["method"] == "PUT"
        assert upload["headers"] == [{"name": "Content-Type", "value": "image/png"}]
        assert upload["url"].startswith("http://testserver/media/uploads/")
        assert upload["key"].endswith("/red-shirt.png")

        early = await attach(client, tenant, product, [{"mediaId": created["mediaId"]}])
        assert codes(early) == [(["media", "0", "mediaId"], "UPLOAD_MISSING")]

        for forged in forgeries(disk_app, upload["url"].rsplit("/", 1)[1]):
            refused = await client.put(
                f"/media/uploads/{forged}", content=PNG, headers={"Content-Type": "image/png"}
            )
            assert refused.status_code == 403
        too_big = await client.put(
            upload["url"], content=PNG + b"x", headers={"Content-Type": "image/png"}
        )
        assert too_big.status_code == 413
        assert await asyncio.to_thread(files_under, tmp_path) == []

        put = await client.put(upload["url"], content=PNG, headers={"Content-Type": "image/png"})
        assert put.status_code == 200
        served = await client.get(f"/media/{upload['key']}")
        assert (served.status_code, served.content) == (200, PNG)
        assert served.headers["content-type"] == "image/png"
        assert (await client.get("/media/..%2F..%2Fetc%2Fpasswd")).status_code == 404

        attached = await attach(
            client,
            tenant,
            product,
            [{"mediaId": created["mediaId"], "altText": "Red shirt", "width": 800, "height": 600}],
        )
    url = f"http://testserver/media/{upload['key']}"
    assert attached["userErrors"] == []
    assert attached["media"] == [
        {"id": created["mediaId"], "url": url, "altText": "Red shirt", "width": 800, "height": 600}
    ]
    assert attached["product"]["images"]["nodes"] == [{"url": url, "altText": "Red shirt"}]


async def test_external_urls_append_in_order_and_are_checked(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant, other = await tenants.create("External media"), await tenants.create("Foreign media")
    [product] = await insert_products(engine, tenant, 1)
    [foreign_product] = await insert_products(engine, other, 1)
    first = await attach(client, tenant, product, [{"url": "https://cdn.example.com/a.jpg"}])
    assert first["userErrors"] == []
    second = await attach(
        client,
        tenant,
        product,
        [
            {"url": "https://cdn.example.com/b.jpg", "altText": "B"},
            {"url": "https://cdn.example.com/c.jpg", "width": 10, "height": 20},
        ],
    )
    assert [m["url"].rsplit("/", 1)[1] for m in second["media"]] == ["b.jpg", "c.jpg"]
    rows = await fetch(
        engine,
        tenant,
        select(media.c.url, media.c.position)
        .where(media.c.product_id == product)
        .order_by(media.c.position),
    )
    assert [(r.url[-5:], r.position) for r in rows] == [("a.jpg", 0), ("b.jpg", 1), ("c.jpg", 2)]

    foreign_upload = await upload_create(client, other)
    bad = [
        ([{"url": "http://cdn.example.com/a.jpg"}], ["media", "0", "url"], "INVALID"),
        ([{"url": "javascript:alert(1)"}], ["media", "0", "url"], "INVALID"),
        ([{"altText": "nothing"}], ["media", "0", "mediaId"], "INVALID"),
        ([{"url": "https://x.example/a.jpg", "width": 0}], ["media", "0", "width"], "INVALID"),
        (
            [{"url": "https://x.example/a.jpg"}, {"mediaId": foreign_upload["mediaId"]}],
            ["media", "1", "mediaId"],
            "NOT_FOUND",
        ),
    ]
    for items, field, code in bad:
        assert codes(await attach(client, tenant, product, items)) == [(field, code)], items
    payload = await attach(client, tenant, foreign_product, [{"url": "https://x.example/a.jpg"}])
    assert codes(payload) == [(["productId"], "PRODUCT_NOT_FOUND")]
    assert len(await fetch(engine, tenant, select(media.c.id))) == 3
    assert len(await fetch(engine, other, select(media.c.id))) == 1


async def test_s3_presigned_upload_then_attach(
    s3_app: Starlette, s3_endpoint: str, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("S3 media")
    [product] = await insert_products(engine, tenant, 1)
    async with client_for(s3_app) as client:
        created = await upload_create(
            client, tenant, filename="photo.jpeg", contentType="image/jpeg"
        )
        upload = created["upload"]
        assert upload["url"].startswith(f"{s3_endpoint}/{BUCKET}/{upload['key']}?")
        assert "X-Amz-Signature=" in upload["url"]

        early = await attach(client, tenant, product, [{"mediaId": created["mediaId"]}])
        assert codes(early) == [(["media", "0", "mediaId"], "UPLOAD_MISSING")]

        headers = {h["name"]: h["value"] for h in upload["headers"]}
        async with httpx.AsyncClient() as s3:
            put = await s3.put(upload["url"], content=PNG, headers=headers)
            assert put.status_code == 200, put.text
        assert await asyncio.to_thread(stored_object, s3_endpoint, upload["key"]) == PNG

        attached = await attach(client, tenant, product, [{"mediaId": created["mediaId"]}])
    assert attached["userErrors"] == []
    assert attached["media"][0]["url"] == f"{s3_endpoint}/{BUCKET}/{upload['key']}"
    rows = await fetch(engine, tenant, select(media.c.product_id, media.c.storage_key))
    assert [(r.product_id, r.storage_key) for r in rows] == [(product, upload["key"])]


async def test_s3_without_credentials_names_the_missing_setting(
    settings: Settings, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("No credentials")
    unreachable = s3_settings(settings, "http://127.0.0.1:9")
    with aws_environment(NO_AWS_ENV):
        async with running_app(unreachable) as app, client_for(app) as client:
            body = await call(client, UPLOAD_CREATE, small_upload(tenant), tenant.staff)
    assert error_codes(body) == ["STORAGE_UNAVAILABLE"]
    assert "AWS_ACCESS_KEY_ID" in body["errors"][0]["message"]
    assert await fetch(engine, tenant, select(media.c.id)) == []
