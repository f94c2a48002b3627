"""The application's storefront operations answer exactly as the reference executor does.

The reference is the same schema without the fast path: graphql-core's own executor and
Strawberry's resolver wrapper on every field (`build_schema(fast=False)`). Each operation
runs twice on the fast schema, so the second run uses the selection sets compiled by the
first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from app.schema import build_schema
from bench.workloads import CATEGORY_PAGE, PRODUCT_PAGE
from tests.catalog.seeded import Seeded, seed_tenant
from tests.helpers import TenantFactory, gql
from tests.stripe_stub import StripeStub

VARIED = """
query Varied($first: Int!, $withVariants: Boolean!) {
  a: products(first: $first, sortKey: TITLE) {
    edges { cursor node { ...Card } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
  b: products(first: 2, reverse: true) {
    nodes {
      __typename id
      first: variants(first: 1) { nodes { sku } pageInfo { hasNextPage endCursor } }
      all: variants @include(if: $withVariants) { nodes { id title price { amount } } }
    }
  }
}
fragment Card on Product {
  handle title tags vendor availableForSale
  options { name values }
  seo { title description }
  compareAtPriceRange { minVariantPrice { amount currencyCode } }
  ... on Node { id }
  variants(first: 3) { edges { cursor node { sku quantityAvailable availableForSale
    selectedOptions { name value } image { url } product { handle } } } }
}
"""
NODES = """
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id ... on Product { handle variants { nodes { sku } } } }
}
"""
TAXONOMY = """
{
  categories(first: 5) { nodes { id handle title parent { handle } products(first: 2) {
    nodes { handle priceRange { maxVariantPrice { amount } } } } } }
  collections(first: 5) { nodes { handle products(first: 2) { nodes { handle } } } }
}
"""
BAD_CURSOR = """
{ products(first: 2) { nodes { handle variants(first: 1, after: "not-a-cursor") {
  nodes { sku } } } } }
"""


@pytest.fixture(scope="module")
async def seeded(app: Starlette, tenants: TenantFactory) -> Seeded:
    return await seed_tenant(app, tenants, 30, "Equivalence")


@contextmanager
def reference_schema(app: Starlette) -> Iterator[None]:
    """Serve /graphql with the reference schema for the duration of the block."""
    view = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    fast = view.schema
    view.schema = build_schema(app.state.resources.settings, fast=False)
    try:
        yield
    finally:
        view.schema = fast


def _normalised(body: dict[str, Any]) -> dict[str, Any]:
    errors = sorted(
        (e["message"], tuple(e.get("path") or ()), e.get("extensions", {}).get("code"))
        for e in body.get("errors") or []
    )
    return {"data": body.get("data"), "errors": errors}


async def _both(
    app: Starlette, client: httpx.AsyncClient, headers: dict[str, str], query: str, **variables: Any
) -> dict[str, Any]:
    fast = [_normalised(await gql(client, query, variables, headers)) for _ in range(2)]
    with reference_schema(app):
        reference = _normalised(await gql(client, query, variables, headers))
    assert fast[0] == reference
    assert fast[1] == reference
    return reference


async def test_the_benchmark_operations(
    app: Starlette, client: httpx.AsyncClient, seeded: Seeded
) -> None:
    headers = seeded.tenant.storefront
    page = await _both(app, client, headers, CATEGORY_PAGE, first=20)
    assert len(page["data"]["products"]["edges"]) == 20 and not page["errors"]
    handle = page["data"]["products"]["edges"][0]["node"]["handle"]
    product = await _both(app, client, headers, PRODUCT_PAGE, handle=handle)
    assert product["data"]["product"]["handle"] == handle


async def test_fragments_aliases_directives_and_nested_loaders(
    app: Starlette, client: httpx.AsyncClient, seeded: Seeded
) -> None:
    headers = seeded.tenant.storefront
    for with_variants in (True, False):
        answer = await _both(app, client, headers, VARIED, first=7, withVariants=with_variants)
        assert not answer["errors"], answer["errors"]
        assert ("all" in answer["data"]["b"]["nodes"][0]) is with_variants
    ids = [
        edge["node"]["id"]
        for edge in (await gql(client, CATEGORY_PAGE, {"first": 3}, headers))["data"]["products"][
            "edges"
        ]
    ]
    await _both(app, client, headers, NODES, ids=[*ids, "bm9wZQ"])
    await _both(app, client, headers, TAXONOMY)


async def test_errors_answer_the_same(
    app: Starlette, client: httpx.AsyncClient, seeded: Seeded
) -> None:
    answer = await _both(app, client, seeded.tenant.storefront, BAD_CURSOR)
    assert answer["errors"] and answer["errors"][0][2] == "BAD_USER_INPUT"


CART_AND_ORDER = """
query CartAndOrder($cart: ID!, $order: ID!, $token: String!) {
  cart(id: $cart) {
    id totalQuantity updatedAt
    lines(first: 10) { id quantity merchandise { id sku title price { amount } }
      cost { amountPerQuantity { amount currencyCode } subtotalAmount { amount }
             totalAmount { amount } } }
    buyerIdentity { email countryCode phone }
    discountCodes { code applicable }
    shippingAddress { firstName lastName city countryCode }
    deliveryOptions { handle title estimatedCost { amount currencyCode } }
    selectedDeliveryOption { handle title }
    cost { subtotalAmount { amount } totalTaxAmount { amount } totalShippingAmount { amount }
           totalDiscountAmount { amount } totalAmount { amount currencyCode } }
  }
  order(id: $order, token: $token) {
    id number status email token createdAt
    lines { title variantTitle sku quantity unitPrice { amount } taxAmount { amount }
            totalAmount { amount } }
    cost { totalAmount { amount currencyCode } totalTaxAmount { amount } }
    shippingAddress { city countryCode }
  }
}
"""


async def test_cart_and_order_answer_the_same(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, stripe_stub: StripeStub
) -> None:
    from tests.cart.support import eu_zone, variant
    from tests.checkout.support import CHECKOUT_COMPLETE, create_checkout, intent_id, ready_cart
    from tests.helpers import call

    tenant = await tenants.create("Equivalence cart")
    await eu_zone(client, tenant)
    shirt = await variant(client, tenant, quantity=10)
    other = await variant(client, tenant, price="3.50", title="Socks")
    lines = [{"merchandiseId": shirt, "quantity": 2}, {"merchandiseId": other, "quantity": 1}]
    cart_id = await ready_cart(client, tenant, lines)
    checkout = (await create_checkout(client, tenant, cart_id))["checkout"]
    stripe_stub.succeed(intent_id(checkout))
    done = await call(client, CHECKOUT_COMPLETE, {"id": checkout["id"]}, tenant.storefront)
    order = done["data"]["checkoutComplete"]["order"]
    cart_gid = await ready_cart(client, tenant, lines)
    answer = await _both(
        app, client, tenant.storefront, CART_AND_ORDER,
        cart=cart_gid, order=order["id"], token=order["token"],
    )  # fmt: skip
    assert not answer["errors"], answer["errors"]
    assert answer["data"]["cart"]["totalQuantity"] == 3
    assert answer["data"]["order"]["number"] == 1
