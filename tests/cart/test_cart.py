"""The storefront cart: every mutation, the cost, VAT by destination, shipping options."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from app.graphql.ids import to_global_id
from tests.cart.support import (
    ADDRESS,
    ADDRESS_UPDATE,
    BUYER_UPDATE,
    CART,
    DELIVERY_UPDATE,
    LINES_ADD,
    LINES_REMOVE,
    LINES_UPDATE,
    eu_zone,
    new_cart,
    set_tax_mode,
    variant,
)
from tests.helpers import TenantFactory, call, error_codes, gql


def amounts(cart: dict[str, Any]) -> dict[str, str]:
    return {k: v["amount"] for k, v in cart["cost"].items()}


async def test_cart_flow_prices_include_tax(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Cart flow")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, price="12.10")
    cart = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 2}])
    assert cart["totalQuantity"] == 2
    # No destination yet: no VAT can be told apart, no delivery options.
    assert amounts(cart) == {
        "subtotalAmount": "24.20", "totalTaxAmount": "0.00", "totalShippingAmount": "0.00",
        "totalDiscountAmount": "0.00", "totalAmount": "24.20",
    }  # fmt: skip
    assert cart["deliveryOptions"] == []

    sf = tenant.storefront
    body = await call(client, ADDRESS_UPDATE, {"cartId": cart["id"], "address": ADDRESS}, sf)
    cart = body["data"]["cartShippingAddressUpdate"]["cart"]
    assert [o["handle"] for o in cart["deliveryOptions"]] == ["standard", "express"]
    # Spain, 21% included: 24.20 * 21 / 121 = 4.20.
    assert amounts(cart)["totalTaxAmount"] == "4.20"

    body = await call(client, DELIVERY_UPDATE, {"cartId": cart["id"], "handle": "express"}, sf)
    cart = body["data"]["cartSelectedDeliveryOptionUpdate"]["cart"]
    assert cart["selectedDeliveryOption"] == {"handle": "express"}
    # Shipping 9.90 carries 21% too: 9.90 * 21 / 121 = 1.718 -> 1.72.
    assert amounts(cart) == {
        "subtotalAmount": "24.20", "totalTaxAmount": "5.92", "totalShippingAmount": "9.90",
        "totalDiscountAmount": "0.00", "totalAmount": "34.10",
    }  # fmt: skip

    line_id = cart["lines"][0]["id"]
    body = await call(
        client, LINES_UPDATE, {"cartId": cart["id"], "lines": [{"id": line_id, "quantity": 5}]}, sf
    )
    cart = body["data"]["cartLinesUpdate"]["cart"]
    # 60.50 passes the standard rate's free threshold (50.00).
    standard = next(o for o in cart["deliveryOptions"] if o["handle"] == "standard")
    assert standard["estimatedCost"]["amount"] == "0.00"
    assert amounts(cart)["subtotalAmount"] == "60.50"

    body = await call(client, LINES_REMOVE, {"cartId": cart["id"], "lineIds": [line_id]}, sf)
    cart = body["data"]["cartLinesRemove"]["cart"]
    # An empty cart has nothing to ship: no options, nothing to pay.
    assert cart["lines"] == [] and amounts(cart)["totalAmount"] == "0.00"

    body = await call(client, CART, {"id": cart["id"]}, sf)
    assert body["data"]["cart"]["totalQuantity"] == 0


async def test_prices_excluding_tax_add_vat_by_destination(
    client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("Net prices")
    await eu_zone(client, tenant)
    await set_tax_mode(owner_engine, tenant, include=False)
    shirt = await variant(client, tenant, price="10.00")
    cart = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 3}])
    sf = tenant.storefront
    for country, tax, total in (("DE", "5.70", "35.70"), ("HU", "8.10", "38.10")):
        address = {**ADDRESS, "countryCode": country}
        body = await call(client, ADDRESS_UPDATE, {"cartId": cart["id"], "address": address}, sf)
        got = amounts(body["data"]["cartShippingAddressUpdate"]["cart"])
        assert (got["totalTaxAmount"], got["totalAmount"]) == (tax, total), country
    # Buyer country alone (no address) also decides the rate.
    buyer = {"email": "a@b.es", "countryCode": "FR"}
    body = await call(client, BUYER_UPDATE, {"cartId": cart["id"], "buyer": buyer}, sf)
    assert body["data"]["cartBuyerIdentityUpdate"]["cart"]["buyerIdentity"]["email"] == "a@b.es"


async def test_lines_add_merges_and_refuses_bad_quantities(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Cart lines")
    shirt = await variant(client, tenant, quantity=5)
    cart = await new_cart(client, tenant, [])
    sf = tenant.storefront
    add = {"cartId": cart["id"], "lines": [{"merchandiseId": shirt, "quantity": 2}]}
    await call(client, LINES_ADD, add, sf)
    body = await call(client, LINES_ADD, add, sf)
    assert body["data"]["cartLinesAdd"]["cart"]["lines"][0]["quantity"] == 4
    cases = [
        (0, "INVALID_QUANTITY"), (-1, "INVALID_QUANTITY"), (2, "NOT_ENOUGH_STOCK"),
        (101, "QUANTITY_ABOVE_LIMIT"),
    ]  # fmt: skip
    for quantity, code in cases:
        lines = [{"merchandiseId": shirt, "quantity": quantity}]
        body = await call(client, LINES_ADD, {"cartId": cart["id"], "lines": lines}, sf)
        payload = body["data"]["cartLinesAdd"]
        assert payload["cart"] is None and payload["userErrors"][0]["code"] == code, quantity
    # 2^31 does not fit GraphQL's Int: a typed error, not a 500.
    lines = [{"merchandiseId": shirt, "quantity": 2**31}]
    body = await gql(client, LINES_ADD, {"cartId": cart["id"], "lines": lines}, sf)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    # Nothing of the refused calls was kept.
    body = await call(client, CART, {"id": cart["id"]}, sf)
    assert body["data"]["cart"]["lines"][0]["quantity"] == 4


async def test_unknown_ids_and_bad_input_get_user_errors(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Cart input")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant)
    cart = await new_cart(client, tenant, [{"merchandiseId": shirt, "quantity": 1}])
    sf = tenant.storefront

    async def code(query: str, variables: dict[str, Any], field: str) -> str:
        body = await call(client, query, variables, sf)
        errors = body["data"][field]["userErrors"]
        assert len(errors) == 1, errors
        result: str = errors[0]["code"]
        return result

    # A malformed ID is refused at the ID scalar (BAD_USER_INPUT); a well-formed one that
    # names nothing of this store is the mutation's userError.
    malformed = [{"merchandiseId": "nonsense", "quantity": 1}]
    body = await gql(client, LINES_ADD, {"cartId": cart["id"], "lines": malformed}, sf)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    bogus = [{"merchandiseId": to_global_id("ProductVariant", uuid.uuid4()), "quantity": 1}]
    assert await code(LINES_ADD, {"cartId": cart["id"], "lines": bogus}, "cartLinesAdd") == (
        "INVALID_MERCHANDISE"
    )
    unknown_cart = to_global_id("Cart", uuid.uuid4())
    assert (
        await code(LINES_ADD, {"cartId": unknown_cart, "lines": bogus}, "cartLinesAdd")
        == "NOT_FOUND"
    )
    bad = {**ADDRESS, "city": ""}
    assert (
        await code(
            ADDRESS_UPDATE, {"cartId": cart["id"], "address": bad}, "cartShippingAddressUpdate"
        )
        == "INVALID_ADDRESS"
    )
    us = {**ADDRESS, "countryCode": "US"}
    assert (
        await code(
            ADDRESS_UPDATE, {"cartId": cart["id"], "address": us}, "cartShippingAddressUpdate"
        )
        == "UNSHIPPABLE_COUNTRY"
    )
    assert (
        await code(
            DELIVERY_UPDATE,
            {"cartId": cart["id"], "handle": "express"},
            "cartSelectedDeliveryOptionUpdate",
        )
        == "INVALID_DELIVERY_OPTION"
    )
    assert (
        await code(
            BUYER_UPDATE,
            {"cartId": cart["id"], "buyer": {"email": "not-an-email"}},
            "cartBuyerIdentityUpdate",
        )
        == "INVALID_EMAIL"
    )
    unknown_line = to_global_id("CartLine", uuid.uuid4())
    assert (
        await code(
            LINES_REMOVE, {"cartId": cart["id"], "lineIds": [unknown_line]}, "cartLinesRemove"
        )
        == "LINE_NOT_FOUND"
    )


async def test_cart_of_another_store_is_not_found(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    mine, other = await tenants.create("Cart A"), await tenants.create("Cart B")
    shirt = await variant(client, mine)
    cart = await new_cart(client, mine, [{"merchandiseId": shirt, "quantity": 1}])
    body = await call(client, CART, {"id": cart["id"]}, other.storefront)
    assert body["data"]["cart"] is None
    lines = [{"merchandiseId": shirt, "quantity": 1}]
    body = await call(client, LINES_ADD, {"cartId": cart["id"], "lines": lines}, other.storefront)
    assert body["data"]["cartLinesAdd"]["userErrors"][0]["code"] == "NOT_FOUND"
    # And another store's variant can't be put in my cart.
    theirs = await variant(client, other)
    lines = [{"merchandiseId": theirs, "quantity": 1}]
    body = await call(client, LINES_ADD, {"cartId": cart["id"], "lines": lines}, mine.storefront)
    assert body["data"]["cartLinesAdd"]["userErrors"][0]["code"] == "INVALID_MERCHANDISE"


SETTINGS_UPDATE = """mutation ($storeId: ID!, $input: CheckoutSettingsInput!) {
  checkoutSettingsUpdate(storeId: $storeId, input: $input) {
    checkoutSettings { pricesIncludeTax cartTtlMinutes reservationMinutes }
    userErrors { field message code } } }"""
TAX_CLASS = """mutation ($id: ID!, $class: TaxClass!) {
  productTaxClassUpdate(productId: $id, taxClass: $class) { taxClass userErrors { code } } }"""
PRODUCT_OF = "query ($id: ID!) { node(id: $id) { ... on ProductVariant { product { id } } } }"


async def test_settings_and_reduced_rate_class(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Tax settings")
    await eu_zone(client, tenant)
    body = await call(
        client,
        SETTINGS_UPDATE,
        {
            "storeId": tenant.store_gid,
            "input": {"pricesIncludeTax": False, "reservationMinutes": 5},
        },
        tenant.staff,
    )
    assert body["data"]["checkoutSettingsUpdate"]["checkoutSettings"] == {
        "pricesIncludeTax": False, "cartTtlMinutes": 43200, "reservationMinutes": 5,
    }  # fmt: skip
    body = await call(
        client, SETTINGS_UPDATE, {"storeId": tenant.store_gid, "input": {"reservationMinutes": 0}},
        tenant.staff,
    )  # fmt: skip
    assert body["data"]["checkoutSettingsUpdate"]["userErrors"][0]["code"] == "INVALID"

    book = await variant(client, tenant, price="10.00", title="Libro")
    product = (await call(client, PRODUCT_OF, {"id": book}, tenant.staff))["data"]["node"]
    body = await call(
        client, TAX_CLASS, {"id": product["product"]["id"], "class": "REDUCED"}, tenant.staff
    )
    assert body["data"]["productTaxClassUpdate"]["taxClass"] == "REDUCED"
    cart = await new_cart(client, tenant, [{"merchandiseId": book, "quantity": 1}])
    body = await call(
        client, ADDRESS_UPDATE, {"cartId": cart["id"], "address": {**ADDRESS, "countryCode": "FR"}},
        tenant.storefront,
    )  # fmt: skip
    # France's reduced rate, 5.5%, added on top of 10.00 (prices now exclude tax).
    got = amounts(body["data"]["cartShippingAddressUpdate"]["cart"])
    assert (got["totalTaxAmount"], got["totalAmount"]) == ("0.55", "10.55")
