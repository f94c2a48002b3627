"""CJ adapter against a local CJ API 2.0 stand-in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal

import httpx
import pytest

from app.suppliers.adapters.base import OrderLine, SupplierError, SupplierOrderRequest
from app.suppliers.adapters.cj import CJAdapter
from app.suppliers.adapters.http import Limits, SupplierHttp
from tests.suppliers.cj_stub import API_KEY, CJStub


@pytest.fixture
def stub() -> Iterator[CJStub]:
    stub = CJStub()
    stub.start()
    stub.products["P1"] = {
        "pid": "P1",
        "productNameEn": "Phone case",
        "description": "Tough",
        "productImage": "https://cj.example/p1.jpg",
        "variants": [
            {"vid": "V1", "variantKey": "Black", "variantSellPrice": 1.25},
            {"vid": "V2", "variantKey": "Pink", "variantSellPrice": "1.40"},
        ],
    }
    stub.stock.update(V1=40, V2=0)
    yield stub
    stub.stop()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def adapter(client: httpx.AsyncClient, base: str, **credentials: str) -> CJAdapter:
    http = SupplierHttp(client, redis=None, bucket="cj", limits=Limits(rate=100, burst=100))
    return CJAdapter(http, base=base, credentials={"apiKey": API_KEY, **credentials})


async def test_token_products_and_stock(stub: CJStub, client: httpx.AsyncClient) -> None:
    cj = adapter(client, stub.base)
    product = await cj.fetch_product("P1")
    assert product is not None
    assert [(v.sku, v.title, v.cost, v.stock, v.available) for v in product.variants] == [
        ("V1", "Black", Decimal("1.25"), 40, True),
        ("V2", "Pink", Decimal("1.40"), 0, False),
    ]
    assert cj.refreshed_tokens()["accessToken"] == "cj-token-2"
    assert await cj.fetch_product("nope") is None

    stub.token = "cj-token-7"  # expired at CJ: refreshed once, the call repeated
    assert await cj.fetch_product("P1") is not None
    assert cj.refreshed_tokens()["accessToken"] == "cj-token-8"

    with pytest.raises(SupplierError, match="apiKey is wrong"):
        await adapter(client, stub.base, apiKey="wrong").fetch_product("P1")


async def test_order_once_per_number_and_tracking(stub: CJStub, client: httpx.AsyncClient) -> None:
    cj = adapter(client, stub.base)
    order = SupplierOrderRequest(
        out_order_id="ord-1",
        name="Ana",
        address1="Calle 1",
        address2="",
        city="Madrid",
        province="Madrid",
        zip="28001",
        country_code="ES",
        phone="+34600000000",
        lines=(OrderLine(supplier_product_id="P1", sku="V1", quantity=1),),
    )
    placed = await cj.place_order(order)
    assert await cj.place_order(order) == placed and len(stub.orders) == 1
    assert (await cj.fetch_tracking(placed.supplier_order_id)).status == "NONE"
    stub.orders["ord-1"].update(trackNumber="CJPKL123", orderStatus="SHIPPED")
    assert (await cj.fetch_tracking(placed.supplier_order_id)).tracking_number == "CJPKL123"
    stub.orders["ord-1"]["orderStatus"] = "DELIVERED"
    assert (await cj.fetch_tracking(placed.supplier_order_id)).status == "DELIVERED"


async def test_freight_is_the_cheapest_logistic_price_asked_once_per_product(
    stub: CJStub, client: httpx.AsyncClient
) -> None:
    stub.freight["V1"] = [
        {"logisticName": "CJPacket Ordinary", "logisticPrice": 3.2, "logisticAging": "7-12"},
        {"logisticName": "YunExpress", "logisticPrice": "2.75", "logisticAging": "6-10"},
    ]
    cj = adapter(client, stub.base)
    found = await cj.fetch_product("P1")
    assert found is not None
    assert [v.shipping for v in found.variants] == [Decimal("2.75"), Decimal("2.75")]
    assert await cj.fetch_product("P1") is not None
    asked = [r for r in stub.server.requests if r.path == "/logistic/freightCalculate"]
    assert len(asked) == 1
    assert json.loads(asked[0].body)["endCountryCode"] == "ES"
