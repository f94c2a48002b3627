"""Tracking of dropshipped orders: the supplier's tracking number ships the order (a fulfilment
with number, carrier and URL, SHIPPED, order.fulfilled) and its delivery delivers it
(DELIVERED, order.delivered), each once however often the supplier is asked. Through a real
worker with the AliExpress stand-in, and through the task body with the CJ stand-in."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qsl

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tenant import tenant_transaction
from app.graphql.ids import to_global_id
from app.settings import Settings
from app.suppliers.tracking import due_tracking
from jobs.suppliers import place_supplier_order, poll_supplier_tracking
from tests.events.support import worker_process
from tests.helpers import TenantFactory, TenantSetup, call
from tests.stripe_stub import StripeStub
from tests.suppliers.aliexpress_stub import AliExpressStub, fresh_aliexpress, product
from tests.suppliers.cj_stub import API_KEY, CJStub
from tests.suppliers.test_dropship import connected_order, eventually, new_run, state

ORDER = """query ($id: ID!) { order(id: $id) { status
  fulfillments { trackingNumber carrier trackingUrl lines { quantity } } } }"""
TRACKING_CALL = "aliexpress.ds.order.tracking.get"


@pytest.fixture
def ae() -> Iterator[AliExpressStub]:
    stub = fresh_aliexpress()
    stub.start()
    stub.products["1005001"] = product("1005001", ("14:193#Red", "Red", "3.10", 25))
    stub.products["1005003"] = product("1005003", ("14:193#Red", "Red", "5.10", 4))
    yield stub
    stub.stop()


@pytest.fixture
def cj() -> Iterator[CJStub]:
    stub = CJStub()
    stub.start()
    yield stub
    stub.stop()


def tracking_calls(stub: AliExpressStub, order_id: uuid.UUID) -> int:
    """How often the stand-in was asked for this order's tracking (the worker also polls
    other tests' orders in flight)."""
    wanted = {"method": TRACKING_CALL, "ae_order_id": stub.orders.get(str(order_id))}
    return sum(
        wanted.items() <= dict(parse_qsl(r.body.decode())).items() for r in stub.server.requests
    )


async def asked(stub: AliExpressStub, order_id: uuid.UUID, times: int) -> None:
    for _ in range(150):
        if tracking_calls(stub, order_id) >= times:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"tracking asked {tracking_calls(stub, order_id)} times, not {times}")


async def counts(engine: AsyncEngine, tenant: TenantSetup, order_id: uuid.UUID) -> dict[str, int]:
    """Timeline entries and events of the shipping steps, and the order's fulfilments."""
    params = {"t": tenant.tenant_id, "o": order_id}
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        rows = await conn.execute(
            text(
                "SELECT type AS k, count(*) AS n FROM order_events"
                " WHERE tenant_id = :t AND order_id = :o GROUP BY type"
                " UNION ALL SELECT topic, count(*) FROM events WHERE tenant_id = :t"
                " AND topic IN ('order.fulfilled', 'order.delivered') GROUP BY topic"
                " UNION ALL SELECT 'fulfillments', count(*) FROM fulfillments"
                " WHERE tenant_id = :t AND order_id = :o"
            ),
            params,
        )
        return {r.k: r.n for r in rows}


async def test_the_worker_follows_a_placed_order_to_shipped_and_delivered(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    stripe_stub: StripeStub,
    ae: AliExpressStub,
) -> None:
    tenant = await tenants.create("Tracking worker")
    with worker_process(
        settings,
        EDESTORY_ALIEXPRESS_API_BASE=ae.base,
        EDESTORY_SUPPLIER_TRACKING_SECONDS="0",  # asked at every sweep (0.3 s)
    ):
        order_id = await connected_order(
            client, tenant, engine, stripe_stub, ("1005001", "1005003")
        )
        await eventually(engine, tenant, order_id, lambda s: s["status"] == "SUPPLIER_ORDERED")
        await asked(ae, order_id, 2)  # nothing shipped yet: nothing changes
        assert (await state(engine, tenant, order_id))["status"] == "SUPPLIER_ORDERED"

        ae.ship(str(order_id), "LP00123456789CN")
        await eventually(engine, tenant, order_id, lambda s: s["status"] == "SHIPPED")
        await asked(ae, order_id, tracking_calls(ae, order_id) + 2)  # asked again, same answer
        shipped = await counts(engine, tenant, order_id)

        ae.ship(str(order_id), "LP00123456789CN", delivered=True)
        await eventually(engine, tenant, order_id, lambda s: s["status"] == "DELIVERED")
        done = tracking_calls(ae, order_id)
        await asyncio.sleep(1.0)  # three sweeps: a delivered order is not asked again
        assert tracking_calls(ae, order_id) == done

    assert shipped["fulfillments"] == 1
    assert (shipped["FULFILLED"], shipped["order.fulfilled"]) == (1, 1)
    assert "DELIVERED" not in shipped
    final = await counts(engine, tenant, order_id)
    assert (final["fulfillments"], final["FULFILLED"], final["order.fulfilled"]) == (1, 1, 1)
    assert (final["DELIVERED"], final["order.delivered"]) == (1, 1)
    order = (await call(client, ORDER, {"id": to_global_id("Order", order_id)}, tenant.staff))[
        "data"
    ]["order"]
    order["fulfillments"][0]["lines"].sort(key=lambda line: -line["quantity"])
    assert order == {
        "status": "DELIVERED",
        "fulfillments": [
            {
                "trackingNumber": "LP00123456789CN",
                "carrier": "Cainiao",
                "trackingUrl": "https://t.17track.net/en#nums=LP00123456789CN",
                "lines": [{"quantity": 2}, {"quantity": 1}],  # both lines, whole
            }
        ],
    }


async def test_cj_tracking_ships_and_delivers_once_however_often_it_is_polled(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    engine: AsyncEngine,
    settings: Settings,
    stripe_stub: StripeStub,
    cj: CJStub,
) -> None:
    tenant = await tenants.create("Tracking CJ")
    order_id = await connected_order(
        client,
        tenant,
        engine,
        stripe_stub,
        ("P1", "P2"),
        connection={"name": "CJ", "kind": "CJ", "credentials": {"apiKey": API_KEY}},
        sku="V1",
    )
    ctx = {"engine": engine, "settings": settings.with_overrides(cj_api_base=cj.base)}
    tenant_id, order = str(tenant.tenant_id), str(order_id)
    run = await new_run(engine, tenant, order_id)
    assert await place_supplier_order(ctx, tenant_id, order, run) == "SUPPLIER_ORDERED"

    def due() -> bool:
        return order_id in {d.order_id for d in found}

    found = await due_tracking(engine, every_seconds=3600)
    assert due()  # never asked yet
    assert await poll_supplier_tracking(ctx, tenant_id, order) == (
        "SUPPLIER_ORDERED, 0 shipment(s) recorded"
    )
    found = await due_tracking(engine, every_seconds=3600)
    assert not due()  # asked a moment ago: not due for an hour

    cj.ship(order, "CJPKL7160102171YQ")
    # Two polls at once: the order lock and the remembered fulfilment ship it once.
    await asyncio.gather(
        poll_supplier_tracking(ctx, tenant_id, order),
        poll_supplier_tracking(ctx, tenant_id, order),
    )
    assert (await state(engine, tenant, order_id))["status"] == "SHIPPED"
    cj.ship(order, "CJPKL7160102171YQ", delivered=True)
    assert await poll_supplier_tracking(ctx, tenant_id, order) == "DELIVERED"
    assert await poll_supplier_tracking(ctx, tenant_id, order) == "nothing in flight"

    final = await counts(engine, tenant, order_id)
    assert (final["fulfillments"], final["FULFILLED"], final["order.fulfilled"]) == (1, 1, 1)
    assert (final["DELIVERED"], final["order.delivered"]) == (1, 1)
    async with tenant_transaction(engine, tenant.tenant_id) as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT tracking_number, carrier FROM fulfillments"
                    " WHERE tenant_id = :t AND order_id = :o"
                ),
                {"t": tenant.tenant_id, "o": order_id},
            )
        ).one()
    assert tuple(row) == ("CJPKL7160102171YQ", "CJPacket")
