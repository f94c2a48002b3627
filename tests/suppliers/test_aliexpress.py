"""ALIEXPRESS adapter against a stand-in that checks the platform's request signature."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from decimal import Decimal
from urllib.parse import parse_qsl

import httpx
import pytest

from app.suppliers.adapters.aliexpress import AliExpressAdapter, sign
from app.suppliers.adapters.base import OrderLine, SupplierError, SupplierOrderRequest
from app.suppliers.adapters.http import Limits, SupplierHttp
from tests.suppliers.aliexpress_stub import APP_KEY, APP_SECRET, AliExpressStub, product


@pytest.fixture
def stub() -> Iterator[AliExpressStub]:
    stub = AliExpressStub()
    stub.start()
    stub.products["1005001"] = product(
        "1005001", ("14:193#Red", "Red", "3.10", 25), ("14:173#Blue", "Blue", "3.30", 0)
    )
    yield stub
    stub.stop()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def adapter(client: httpx.AsyncClient, base: str, **credentials: str) -> AliExpressAdapter:
    http = SupplierHttp(client, redis=None, bucket="ae", limits=Limits(rate=100, burst=100))
    return AliExpressAdapter(
        http, base=base, credentials={"appKey": APP_KEY, "appSecret": APP_SECRET, **credentials}
    )


def test_the_signature_is_the_platforms() -> None:
    params = {
        "app_key": "12345",
        "timestamp": "1700000000000",
        "sign_method": "sha256",
        "method": "aliexpress.ds.product.get",
        "product_id": "1",
    }
    # upper-case hex HMAC-SHA256("secret", "app_key12345methodaliexpress.ds.product.get...")
    assert sign("secret", params) == sign("secret", dict(reversed(params.items())))
    assert sign("secret", params) != sign("secret", params, "/auth/token/create")
    assert len(sign("secret", params)) == 64 and sign("secret", params).isupper()


async def test_product_with_variants_and_stock(
    stub: AliExpressStub, client: httpx.AsyncClient
) -> None:
    found = await adapter(client, stub.base, accessToken="access-1").fetch_product("1005001")
    assert found is not None
    assert [(v.sku, v.title, v.cost, v.currency, v.stock, v.available) for v in found.variants] == [
        ("14:193#Red", "Red", Decimal("3.10"), "USD", 25, True),
        ("14:173#Blue", "Blue", Decimal("3.30"), "USD", 0, False),
    ]
    assert found.images == ("https://ae01.example/1005001.jpg",)
    missing = await adapter(client, stub.base, accessToken="access-1").fetch_products(["999"])
    assert missing.products == []
    assert stub.bad_signatures == 0


async def test_code_exchange_then_refresh_on_an_expired_token(
    stub: AliExpressStub, client: httpx.AsyncClient
) -> None:
    first = adapter(client, stub.base, code="auth-code")
    assert await first.fetch_product("1005001") is not None
    assert first.refreshed_tokens() == {
        "accessToken": "access-2",
        "refreshToken": "refresh-2",
        "code": "",  # used up: removed from the stored credentials
    }

    stub.access_token = "access-9"  # the platform expired the token
    stub.refresh_token = "refresh-2"
    second = adapter(client, stub.base, accessToken="access-2", refreshToken="refresh-2")
    assert await second.fetch_product("1005001") is not None
    assert second.refreshed_tokens() == {"accessToken": "access-10", "refreshToken": "refresh-10"}
    assert stub.bad_signatures == 0


async def test_a_wrong_secret_is_refused_by_the_signature_check(
    stub: AliExpressStub, client: httpx.AsyncClient
) -> None:
    http = SupplierHttp(client, redis=None, bucket="ae", limits=Limits(rate=100, burst=100))
    wrong = AliExpressAdapter(
        http,
        base=stub.base,
        credentials={"appKey": APP_KEY, "appSecret": "not-the-secret", "accessToken": "access-1"},
    )
    with pytest.raises(SupplierError, match="IncompleteSignature") as refused:
        await wrong.fetch_product("1005001")
    assert "not-the-secret" not in str(refused.value)
    assert stub.bad_signatures == 1


async def test_an_order_is_placed_once_per_out_order_id_and_tracked(
    stub: AliExpressStub, client: httpx.AsyncClient
) -> None:
    ae = adapter(client, stub.base, accessToken="access-1")
    order = SupplierOrderRequest(
        out_order_id="0192-order",
        name="Ana",
        address1="Calle 1",
        address2="",
        city="Madrid",
        province="Madrid",
        zip="28001",
        country_code="ES",
        phone="+34600000000",
        lines=(OrderLine(supplier_product_id="1005001", sku="14:193#Red", quantity=2),),
    )
    placed = await ae.place_order(order)
    again = await ae.place_order(order)
    assert placed == again and len(stub.orders) == 1
    assert (await ae.fetch_tracking(placed.supplier_order_id)).status == "NONE"
    stub.tracking[placed.supplier_order_id] = {
        "tracking_detail_line_list": [
            {
                "mail_no": "LP00123",
                "carrier_name": "Cainiao",
                "detail_node_list": [{"tracking_name": "DELIVERED"}],
            }
        ]
    }
    tracked = await ae.fetch_tracking(placed.supplier_order_id)
    assert (tracked.status, tracked.tracking_number, tracked.carrier) == (
        "DELIVERED",
        "LP00123",
        "Cainiao",
    )
    refused = replace(
        order,
        out_order_id="other",
        lines=(OrderLine(supplier_product_id="404", sku="x", quantity=1),),
    )
    with pytest.raises(SupplierError, match="B_DROPSHIPPER_DELIVERY_ADDRESS_VALIDATE_FAIL"):
        await ae.place_order(refused)


async def test_freight_is_the_cheapest_option_asked_once_per_product_and_run(
    stub: AliExpressStub, client: httpx.AsyncClient
) -> None:
    stub.freight["1005001"] = [
        {"code": "CAINIAO_STANDARD", "shipping_fee_cent": "412", "free_shipping": False},
        {"code": "AE_ECONOMY", "shipping_fee_cent": "199", "free_shipping": False},
    ]
    ae = adapter(client, stub.base, accessToken="access-1")
    found = await ae.fetch_product("1005001")
    assert found is not None
    assert [v.shipping for v in found.variants] == [Decimal("1.99"), Decimal("1.99")]
    again = await ae.fetch_product("1005001")  # the same run: freight from the cache
    assert again is not None and again.variants[0].shipping == Decimal("1.99")
    asked = [r for r in stub.server.requests if b"aliexpress.ds.freight.query" in r.body]
    assert len(asked) == 1
    request = dict(parse_qsl(asked[0].body.decode()))["queryDeliveryReq"]
    assert '"shipToCountry":"ES"' in request and '"selectedSkuId":"10050010"' in request

    stub.freight["1005001"] = [{"code": "X", "shipping_fee_cent": "350", "free_shipping": True}]
    free = await adapter(client, stub.base, accessToken="access-1").fetch_product("1005001")
    assert free is not None and free.variants[0].shipping == Decimal(0)
    stub.freight.clear()  # no option: no estimate
    bare = await adapter(client, stub.base, accessToken="access-1").fetch_product("1005001")
    assert bare is not None and bare.variants[0].shipping == Decimal(0)
