"""What a mutation reads after its write, and what it holds while it calls out.

- The request's DataLoaders are cleared after every write, so a second mutation of the same
  document (or the payload of the first) never answers the state before a write.
- No row lock is held across an awaited call outside the database: a stand-in storage checks,
  from a second connection, that the product an earlier mutation of the same document
  changed is free while it is asked whether an upload exists.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.catalog.models import products
from app.db.tenant import tenant_transaction
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory, TenantSetup, call, raw

TWO_ADJUSTMENTS = """
mutation ($v: ID!) {
  a: inventoryAdjust(variantId: $v, delta: -3) { variant { quantityAvailable } }
  b: inventoryAdjust(variantId: $v, delta: -3) { variant { quantityAvailable } }
}"""
TWO_RENAMES = """
mutation ($id: ID!) {
  a: productUpdate(id: $id, input: {title: "First"}) { product { title } }
  b: productUpdate(id: $id, input: {title: "Second"}) { product { title } }
}"""
RENAME_THEN_ATTACH = """
mutation ($id: ID!, $media: ID!) {
  productUpdate(id: $id, input: {title: "Renamed"}) { userErrors { code } }
  productMediaAttach(productId: $id, media: [{mediaId: $media}]) {
    media { id } userErrors { code message }
  }
}"""
UPLOAD_CREATE = """
mutation ($input: MediaUploadCreateInput!) {
  mediaUploadCreate(input: $input) { mediaId userErrors { code } }
}"""


async def test_a_second_write_in_one_document_reads_the_state_after_the_first(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Fresh reads")
    product = await create_product(
        client, tenant, variants=[{"price": "1.00", "inventoryQuantity": 10}]
    )
    variant = product["variants"]["nodes"][0]["id"]
    body = await call(client, TWO_ADJUSTMENTS, {"v": variant}, tenant.staff)
    assert [body["data"][k]["variant"]["quantityAvailable"] for k in "ab"] == [7, 4]
    body = await call(client, TWO_RENAMES, {"id": product["id"]}, tenant.staff)
    assert [body["data"][k]["product"]["title"] for k in "ab"] == ["First", "Second"]


class LockProbe:
    """A stand-in storage: asked whether an upload exists, it first checks from a second
    connection whether the product row is locked, and records what it found."""

    def __init__(self, real: Any, engine: AsyncEngine, tenant: TenantSetup, product: Any):
        self.real, self.engine, self.tenant, self.product = real, engine, tenant, product
        self.found: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    async def exists(self, key: str) -> bool:
        async with tenant_transaction(self.engine, self.tenant.tenant_id) as conn:
            try:
                await conn.execute(
                    select(products.c.id)
                    .where(products.c.tenant_id == self.tenant.tenant_id)
                    .where(products.c.id == self.product)
                    .with_for_update(nowait=True)
                )
                self.found.append("free")
            except DBAPIError:
                self.found.append("locked")
        return True


async def test_no_row_lock_is_held_while_storage_is_asked(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = await tenants.create("No lock across calls")
    product = await create_product(client, tenant)
    upload = {
        "storeId": tenant.store_gid,
        "filename": "a.png",
        "contentType": "image/png",
        "fileSize": 10,
    }
    body = await call(client, UPLOAD_CREATE, {"input": upload}, tenant.staff)
    media_id = body["data"]["mediaUploadCreate"]["mediaId"]
    probe = LockProbe(app.state.media_storage, owner_engine, tenant, raw(product["id"]))
    monkeypatch.setattr(app.state, "media_storage", probe)
    body = await call(
        client, RENAME_THEN_ATTACH, {"id": product["id"], "media": media_id}, tenant.staff
    )
    assert body["data"]["productMediaAttach"]["userErrors"] == []
    assert body["data"]["productMediaAttach"]["media"] == [{"id": media_id}]
    assert probe.found == ["free"]
