"""Dropshipping through a real worker and the AliExpress stand-in: a paid order whose lines
come from the supplier is ordered once (our order id as the out-order id) and reaches
SUPPLIER_ORDERED once, even when the placement runs twice at the same time; a refusal goes on
the timeline and orderSupplierRetry places it again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import RequestDB, tenant_transaction
from app.graphql.ids import decode_global_id, to_global_id
from app.settings import Settings
from app.suppliers.placements import placement_run
from jobs.suppliers import place_supplier_order
from tests.events.support import worker_process
from tests.helpers import TenantFactory, TenantSetup, call
from tests.orders.support import paid_order
from tests.stripe_stub import StripeStub
from tests.suppliers.aliexpress_stub import (
    APP_KEY,
    APP_SECRET,
    AliExpressStub,
    fresh_aliexpress,
    product,
)

CREATE = """mutation ($input: SupplierConnectionCreateInput!) {
  supplierConnectionCreate(input: $input) { supplierConnection { id } userErrors { code } } }"""
RETRY = """mutation ($id: ID!) { orderSupplierRetry(orderId: $id) {
  orderId job { id kind status } userErrors { code field } } }"""


@pytest.fixture
def stub() -> Iterator[AliExpressStub]:
    stub = fresh_aliexpress()
    stub.start()
    stub.products["1005001"] = product("1005001", ("14:193#Red", "Red", "3.10", 25))
    stub.products["1005003"] = product("1005003", ("14:193#Red", "Red", "5.10", 4))
    yield stub
    stub.stop()


def _uuid(global_id: str) -> uuid.UUID:
    decoded = decode_global_id(global_id)
    assert decoded is not None
    return decoded[1]


async def connected_order(
    client: httpx.AsyncClient,
    tenant: TenantSetup,
    engine: AsyncEngine,
    stripe_stub: StripeStub,
    supplier_products: tuple[str, str],
    connection: dict[str, Any] | None = None,
    sku: str = "14:193#Red",
) -> uuid.UUID:
    """A PAID order of two lines, each linked to one of `supplier_products` (and `sku`) of a
    connection made with `connection` (by default an AliExpress one)."""
    made = await call(
        client,
        CREATE,
        {
            "input": connection
            or {
                "name": "AE",
                "kind": "ALIEXPRESS",
                "credentials": {"appKey": APP_KEY, "appSecret": APP_SECRET, "code": "auth-code"},
            }
        },
        tenant.staff,
    )
    connection_id = _uuid(made["data"]["supplierConnectionCreate"]["supplierConnection"]["id"])
    order_id = _uuid((await paid_order(client, tenant, stripe_stub))["id"])
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        lines = list(
            await conn.execute(
                text(
                    "SELECT l.variant_id, v.product_id FROM order_lines l JOIN product_variants v"
                    " ON v.tenant_id = l.tenant_id AND v.id = l.variant_id"
                    " WHERE l.tenant_id = :t AND l.order_id = :o ORDER BY l.position"
                ),
                {"t": tenant.tenant_id, "o": order_id},
            )
        )
        for line, supplier_product in zip(lines, supplier_products, strict=True):
            await conn.execute(
                text(
                    "INSERT INTO supplier_variants (tenant_id, connection_id, supplier_product_id,"
                    " supplier_sku, product_id, variant_id, cost, cost_currency)"
                    " VALUES (:t, :c, :p, :sku, :product, :variant, 3.10, 'USD')"
                ),
                {
                    "sku": sku,
                    "t": tenant.tenant_id,
                    "c": connection_id,
                    "p": supplier_product,
                    "product": line.product_id,
                    "variant": line.variant_id,
                },
            )
    return order_id


async def state(engine: AsyncEngine, tenant: TenantSetup, order_id: uuid.UUID) -> dict[str, Any]:
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        params = {"t": tenant.tenant_id, "o": order_id}
        status = (
            await conn.execute(
                text("SELECT status FROM orders WHERE tenant_id = :t AND id = :o"), params
            )
        ).scalar_one()
        timeline = [
            r.type
            for r in await conn.execute(
                text(
                    "SELECT type FROM order_events WHERE tenant_id = :t AND order_id = :o"
                    " ORDER BY created_at, id"
                ),
                params,
            )
        ]
        events = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM events WHERE tenant_id = :t"
                    " AND topic = 'order.supplier_ordered'"
                ),
                params,
            )
        ).scalar_one()
        refusals = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM events WHERE tenant_id = :t"
                    " AND topic = 'order.supplier_refused'"
                ),
                params,
            )
        ).scalar_one()
        run_rows = (
            await conn.execute(
                text(
                    "SELECT * FROM job_runs WHERE tenant_id = :t AND kind = 'supplier.order'"
                    " ORDER BY created_at, id"
                ),
                params,
            )
        ).all()
        runs = [(r.status, r.progress_done, r.progress_total, r.result, r.errors) for r in run_rows]
        placed = [
            r.supplier_order_id
            for r in await conn.execute(
                text(
                    "SELECT supplier_order_id FROM supplier_orders"
                    " WHERE tenant_id = :t AND order_id = :o AND status = 'PLACED'"
                ),
                params,
            )
        ]
    return {
        "status": status,
        "timeline": timeline,
        "events": events,
        "refusals": refusals,
        "runs": runs,
        "run_ids": [r.id for r in run_rows],
        "placed": placed,
    }


async def new_run(engine: AsyncEngine, tenant: TenantSetup, order_id: uuid.UUID) -> str:
    """The order's placement run, as the worker's sweep makes it."""
    db = RequestDB(engine, tenant.tenant_id)
    run_id = await placement_run(db, tenant_id=tenant.tenant_id, order_id=order_id)
    await db.close(commit=True)
    return str(run_id)


async def eventually(
    engine: AsyncEngine, tenant: TenantSetup, order_id: uuid.UUID, check: Any
) -> dict[str, Any]:
    for _ in range(150):
        now = await state(engine, tenant, order_id)
        if check(now):
            return now
        await asyncio.sleep(0.1)
    raise AssertionError(f"not reached: {now}")


async def test_a_paid_order_is_placed_once_even_when_placed_twice_at_once(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    stripe_stub: StripeStub,
    stub: AliExpressStub,
) -> None:
    tenant = await tenants.create("Dropship twice")
    order_id = await connected_order(client, tenant, engine, stripe_stub, ("1005001", "1005003"))
    ctx = {"engine": engine, "settings": settings.with_overrides(aliexpress_api_base=stub.base)}
    run = await new_run(engine, tenant, order_id)
    assert await new_run(engine, tenant, order_id) == run  # the sweep again: the same run
    # Two tasks of the run at once (arq's job id normally prevents it): one places, and the
    # run, finished by the first to end, refuses the other's end.
    args = (ctx, str(tenant.tenant_id), str(order_id), run)
    answers = await asyncio.gather(place_supplier_order(*args), place_supplier_order(*args))
    assert "the run has finished" in answers
    assert await place_supplier_order(*args) == "the run has finished"
    now = await state(engine, tenant, order_id)
    # Which task ends the run first is a race (the loser may even have been refused a
    # token the winner's exchange replaced); the run ends once, the order is placed once.
    [(status, done, total, _, _)] = now["runs"]
    assert (status in ("SUCCEEDED", "FAILED"), done, total) == (True, 1, 1)
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        finished = await conn.execute(
            text("SELECT count(*) FROM events WHERE tenant_id = :t AND topic = 'job.finished'"),
            {"t": tenant.tenant_id},
        )
        assert finished.scalar_one() == 1
    assert now["status"] == "SUPPLIER_ORDERED"
    assert now["timeline"].count("SUPPLIER_ORDERED") == 1
    assert now["events"] == 1
    # One supplier order, keyed by our order id, whoever asked first.
    assert list(stub.orders) == [str(order_id)]
    assert now["placed"] == [stub.orders[str(order_id)]]


async def test_the_worker_places_a_paid_order_and_a_refusal_is_retried(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    stripe_stub: StripeStub,
    stub: AliExpressStub,
) -> None:
    tenant = await tenants.create("Dropship refused")
    with worker_process(settings, EDESTORY_ALIEXPRESS_API_BASE=stub.base):
        # The second line's product is unknown to the supplier: it refuses the order.
        order_id = await connected_order(
            client, tenant, engine, stripe_stub, ("1005001", "1005002")
        )
        refused = await eventually(
            engine, tenant, order_id, lambda s: "SUPPLIER_REFUSED" in s["timeline"]
        )
        assert (refused["status"], refused["events"], stub.orders) == ("PAID", 0, {})
        assert refused["refusals"] == 1  # order.supplier_refused
        failed = await eventually(engine, tenant, order_id, lambda s: s["runs"][0][0] != "RUNNING")
        [(status, done, total, _, errors)] = failed["runs"]
        assert (status, done, total) == ("FAILED", 1, 1)
        assert "unknown product" in errors[0]

        stub.products["1005002"] = product("1005002", ("14:193#Red", "Red", "4.00", 9))
        order = to_global_id("Order", order_id)
        retried = await call(client, RETRY, {"id": order}, tenant.staff)
        assert retried["data"]["orderSupplierRetry"]["userErrors"] == []
        job = retried["data"]["orderSupplierRetry"]["job"]
        assert (job["kind"], job["status"]) == ("supplier.order", "QUEUED")
        placed = await eventually(
            engine, tenant, order_id, lambda s: s["status"] == "SUPPLIER_ORDERED"
        )
        assert placed["timeline"].count("SUPPLIER_ORDERED") == 1
        assert placed["events"] == 1
        assert list(stub.orders) == [str(order_id)]
        # The retry's own run: the refused one stays FAILED.
        done = await eventually(engine, tenant, order_id, lambda s: s["runs"][1][0] != "RUNNING")
        assert [r[0] for r in done["runs"]] == ["FAILED", "SUCCEEDED"]
        assert done["runs"][1][3] == {"outcome": "SUPPLIER_ORDERED"}
        assert job["id"] == to_global_id("Job", done["run_ids"][1])  # the run returned
        assert done["refusals"] == 1

        # Nothing refused now: a retry is a userError.
        again = await call(client, RETRY, {"id": order}, tenant.staff)
        assert again["data"]["orderSupplierRetry"]["userErrors"] == [
            {"code": "INVALID", "field": ["orderId"]}
        ]
