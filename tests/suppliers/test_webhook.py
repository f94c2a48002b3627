"""POST /webhooks/suppliers/{id}: signed pushes enqueue a sync of the named products."""

from __future__ import annotations

import time
from typing import Any

import httpx
import orjson
from arq.connections import ArqRedis
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.graphql.ids import decode_global_id, to_global_id
from app.settings import Settings
from app.suppliers.importing import ImportRequest, import_products
from app.suppliers.webhook import signature
from jobs.suppliers import sync_supplier_products
from tests.helpers import TenantFactory, call
from tests.suppliers.stubs import StubServer
from tests.suppliers.stubs import text as answer
from tests.suppliers.test_feed import CSV
from tests.suppliers.test_import_sync import PRODUCTS, run

CREATE = """mutation ($input: SupplierConnectionCreateInput!) {
  supplierConnectionCreate(input: $input) { supplierConnection { id } webhookSecret } }"""


def signed(secret: str, body: bytes, *, age: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    return {
        "x-edestory-timestamp": timestamp,
        "x-edestory-signature": signature(secret, timestamp, body),
        "content-type": "application/json",
    }


async def test_a_signed_push_enqueues_a_sync_and_a_bad_one_is_401(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    app: Starlette,
) -> None:
    server = StubServer()
    content = {"csv": CSV}
    server.routes[("GET", "/feed.csv")] = lambda r: answer(content["csv"])
    base = server.start()
    try:
        tenant = await tenants.create("Supplier push")
        made = await call(
            client,
            CREATE,
            {"input": {"name": "Feed", "kind": "FEED", "feedUrl": f"{base}/feed.csv"}},
            tenant.staff,
        )
        gid = made["data"]["supplierConnectionCreate"]["supplierConnection"]["id"]
        secret = made["data"]["supplierConnectionCreate"]["webhookSecret"]
        local = settings.with_overrides(suppliers_allow_private=True)
        decoded = decode_global_id(gid)
        assert decoded is not None
        connection_id = decoded[1]
        async with httpx.AsyncClient(timeout=5) as http:
            await run(
                engine,
                tenant,
                lambda db: import_products(
                    db=db,
                    tenant_id=tenant.tenant_id,
                    settings=local,
                    redis=None,
                    client=http,
                    request=ImportRequest(
                        connection_id=connection_id,
                        store_id=tenant.store_id,
                        supplier_product_ids=["MUG"],
                    ),
                ),
            )
        queue = ArqRedis(connection_pool=app.state.resources.redis.connection_pool)
        before = len(await queue.queued_jobs())
        url = f"/webhooks/suppliers/{gid}"
        body = orjson.dumps({"productIds": ["MUG"]})

        bad = [
            (url, body, signed("whsec_wrong", body)),
            (url, body, signed(secret, body, age=3600)),  # a replay of an old push
            (url, body, {**signed(secret, body), "x-edestory-signature": "sha256=00"}),
            (
                f"/webhooks/suppliers/{to_global_id('SupplierConnection', tenant.store_id)}",
                body,
                signed(secret, body),
            ),
            ("/webhooks/suppliers/not-an-id", body, signed(secret, body)),
        ]
        for path, payload, headers in bad:
            response = await client.post(path, content=payload, headers=headers)
            assert response.status_code == 401, (path, response.text)
        assert len(await queue.queued_jobs()) == before

        malformed = orjson.dumps({"products": "MUG"})
        response = await client.post(url, content=malformed, headers=signed(secret, malformed))
        assert response.status_code == 400

        response = await client.post(url, content=body, headers=signed(secret, body))
        assert (response.status_code, response.json()) == (202, {"queued": True, "productIds": 1})
        again = await client.post(url, content=body, headers=signed(secret, body))
        assert again.json()["queued"] is False  # the same push while the first is queued
        jobs = [j for j in await queue.queued_jobs() if j.function == "sync_supplier_products"]
        mine = [j for j in jobs if j.args[1] == str(connection_id)]
        assert len(mine) == 1 and mine[0].args[2] == ["MUG"]

        # The worker's task body, as arq would call it: the mug's new price is applied.
        content["csv"] = CSV.replace("15.00 EUR", "20.00 EUR")
        ctx: dict[str, Any] = {"engine": engine, "settings": local, "redis": None}
        result = await sync_supplier_products(ctx, *mine[0].args)
        assert (result["checked"], result["changed"]) == (1, 1)
        await queue.delete(f"arq:job:{mine[0].job_id}")
        await queue.zrem("arq:queue", mine[0].job_id)
        nodes = (await call(client, PRODUCTS, {}, tenant.staff))["data"]["products"]["nodes"]
        assert nodes[0]["variants"]["nodes"][0]["price"]["amount"] == "40.00"  # 20 x 2
    finally:
        server.stop()
