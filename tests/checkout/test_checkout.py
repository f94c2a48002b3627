"""checkoutCreate and checkoutComplete: reservation, the PaymentIntent, the PAID order."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy.ext.asyncio import AsyncEngine

from app.graphql.ids import to_global_id
from app.main import create_app
from app.settings import Settings
from tests.cart.support import eu_zone, variant
from tests.checkout.support import (
    CHECKOUT_COMPLETE,
    ORDER,
    create_checkout,
    intent_id,
    ready_cart,
    scalar,
    stock,
)
from tests.helpers import TenantFactory, call
from tests.stripe_stub import StripeStub


async def test_checkout_reserves_pays_and_orders(
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    stripe_stub: StripeStub,
    engine: AsyncEngine,
) -> None:
    tenant = await tenants.create("Checkout flow")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="12.10", quantity=10)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 3}])

    payload = await create_checkout(client, tenant, cart_id)
    assert payload["userErrors"] == []
    checkout = payload["checkout"]
    assert checkout["status"] == "PAYMENT_PENDING"
    assert checkout["payment"]["provider"] == "STRIPE"
    assert checkout["payment"]["status"] == "requires_payment_method"
    # 36.30 + 4.90 standard shipping; VAT 21% included.
    assert checkout["cost"]["totalAmount"] == {"amount": "41.20", "currencyCode": "EUR"}
    reserved_until = dt.datetime.fromisoformat(checkout["reservedUntil"])
    left = reserved_until - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=14) < left <= dt.timedelta(minutes=15)
    assert await stock(engine, tenant, shirt) == (10, 3)

    intent = stripe_stub.intents[intent_id(checkout)]
    assert intent["amount"] == 4120 and intent["currency"] == "eur"
    assert intent["metadata"]["tenant_id"] == str(tenant.tenant_id)
    assert intent["metadata"]["store_id"] == str(tenant.store_id)

    # Not paid yet: checkoutComplete answers the checkout as it is.
    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    done = body["data"]["checkoutComplete"]
    assert done["order"] is None and done["checkout"]["status"] == "PAYMENT_PENDING"

    stripe_stub.succeed(intent["id"])
    body = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    done = body["data"]["checkoutComplete"]
    assert done["userErrors"] == [] and done["checkout"]["status"] == "COMPLETED"
    order = done["order"]
    assert order["status"] == "PAID" and order["number"] == 1
    assert order["email"] == "shopper@example.com"
    assert order["cost"]["totalAmount"]["amount"] == "41.20"
    assert order["cost"]["totalTaxAmount"]["amount"] == "7.15"  # 6.30 + 0.85 on shipping
    assert order["lines"] == [
        {
            "title": "Camiseta", "variantTitle": "M", "sku": None, "quantity": 3,
            "unitPrice": {"amount": "12.10"}, "totalAmount": {"amount": "36.30"},
            "taxAmount": {"amount": "6.30"}, "discountAmount": {"amount": "0.00"},
        }
    ]  # fmt: skip
    assert await stock(engine, tenant, shirt) == (7, 0)

    body = await call(
        client, ORDER, {"id": order["id"], "token": order["token"]}, tenant.storefront
    )
    assert body["data"]["order"]["number"] == 1
    body = await call(client, ORDER, {"id": order["id"], "token": "guess"}, tenant.storefront)
    assert body["data"]["order"] is None
    other = await tenants.create("Checkout other")
    body = await call(client, ORDER, {"id": order["id"], "token": order["token"]}, other.storefront)
    assert body["data"]["order"] is None

    # A second order of the store takes the next number.
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    second = (await create_checkout(client, tenant, cart_id))["checkout"]
    stripe_stub.succeed(intent_id(second))
    body = await call(client, CHECKOUT_COMPLETE, {"id": second["id"]}, tenant.storefront)
    assert body["data"]["checkoutComplete"]["order"]["number"] == 2


async def test_same_idempotency_key_same_checkout_and_intent(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Checkout key")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 2}])
    intents_before = len(stripe_stub.intents)
    first = await create_checkout(client, tenant, cart_id, key="k-1")
    again = await create_checkout(client, tenant, cart_id, key="k-1")
    assert first["checkout"] == again["checkout"]
    assert len(stripe_stub.intents) == intents_before + 1
    assert await stock(engine, tenant, shirt) == (10, 2)  # reserved once

    other_cart = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    reused = await create_checkout(client, tenant, other_cart, key="k-1")
    assert [e["code"] for e in reused["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]


async def test_stripe_failure_releases_the_stock(
    client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub, engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Checkout Stripe down")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10)
    cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 2}])
    stripe_stub.fail_next_create = 3  # the SDK retries twice, then gives up
    failed = await create_checkout(client, tenant, cart_id, key="down-1")
    assert [e["code"] for e in failed["userErrors"]] == ["PAYMENT_PROVIDER_ERROR"]
    assert await stock(engine, tenant, shirt) == (10, 0)  # released at once
    # The refusal is the key's answer; a new attempt takes a new key.
    again = await create_checkout(client, tenant, cart_id, key="down-1")
    assert again == failed
    retried = await create_checkout(client, tenant, cart_id, key="down-2")
    assert retried["userErrors"] == [] and retried["checkout"]["payment"]["clientSecret"]
    assert await stock(engine, tenant, shirt) == (10, 2)


async def test_checkout_refuses_incomplete_carts(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    from tests.cart.support import new_cart

    tenant = await tenants.create("Checkout refusals")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=1)
    bare = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    assert [
        e["code"] for e in (await create_checkout(client, tenant, bare["id"]))["userErrors"]
    ] == ["MISSING_EMAIL"]
    empty = await new_cart(client, tenant, [])
    codes = [e["code"] for e in (await create_checkout(client, tenant, empty["id"]))["userErrors"]]
    assert codes == ["EMPTY_CART"]
    unknown = to_global_id("Cart", uuid.uuid4())
    codes = [e["code"] for e in (await create_checkout(client, tenant, unknown))["userErrors"]]
    assert codes == ["NOT_FOUND"]
    other = await tenants.create("Checkout refusals other")
    codes = [e["code"] for e in (await create_checkout(client, other, bare["id"]))["userErrors"]]
    assert codes == ["NOT_FOUND"]


async def test_without_stripe_key_checkout_names_the_setting(
    settings: Settings, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    app = create_app(settings.with_overrides(stripe_secret_key=""))
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            tenant = await TenantFactory(app).create("No Stripe")
            await eu_zone(client, tenant)
            shirt = await variant(client, tenant, quantity=5)
            cart_id = await ready_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
            payload = await create_checkout(client, tenant, cart_id)
    assert payload["checkout"] is None
    [error] = payload["userErrors"]
    assert error["code"] == "PAYMENTS_NOT_CONFIGURED" and "STRIPE_SECRET_KEY" in error["message"]
    assert (
        await scalar(
            engine,
            tenant,
            "SELECT count(*) FROM checkouts WHERE tenant_id = :t",
            t=tenant.tenant_id,
        )
        == 0
    )
