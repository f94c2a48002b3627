"""The operations the benchmark sends, and the HTTP requests that carry them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson

# tests/catalog/test_statement_budget.py asserts the SQL statement budget of these two.
CATEGORY_PAGE = """
query CategoryPage($first: Int!) {
  products(first: $first) {
    edges { cursor node {
      id handle title description
      featuredImage { url altText width height }
      priceRange { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
      variants(first: 10) { nodes {
        id sku title price { amount currencyCode } quantityAvailable
        selectedOptions { name value }
      } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""

PRODUCT_PAGE = """
query ProductPage($handle: String!) {
  product(handle: $handle) {
    id handle title descriptionHtml tags vendor availableForSale
    seo { title description }
    options { name values }
    priceRange { minVariantPrice { amount } maxVariantPrice { amount } }
    compareAtPriceRange { minVariantPrice { amount } }
    featuredImage { url }
    images(first: 20) { nodes { url altText width height } }
    variants(first: 100) { nodes { id sku title availableForSale quantityAvailable
      price { amount } compareAtPrice { amount } selectedOptions { name value } image { url } } }
    category { id handle title }
    collections(first: 10) { nodes { id handle title } }
  }
}"""

# W4: a storefront adds a line to a 3-line cart and reads its cost. To leave the cart as it
# was for the next request, the same document sets the line back (`reset`); the statements
# and time of W4 include that second mutation.
CART_ADD = """
mutation CartAdd($cartId: ID!, $lines: [CartLineInput!]!, $reset: [CartLineUpdateInput!]!) {
  cartLinesAdd(cartId: $cartId, lines: $lines) {
    cart { totalQuantity
      cost { subtotalAmount { amount currencyCode } totalTaxAmount { amount }
             totalShippingAmount { amount } totalAmount { amount currencyCode } } }
    userErrors { code message }
  }
  reset: cartLinesUpdate(cartId: $cartId, lines: $reset) { userErrors { code message } }
}"""

TYPENAME = "{ __typename }"
PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    label: str
    path: str
    body: bytes  # the JSON POST body (empty for GET)
    headers: dict[str, str]
    method: str = "POST"

    @property
    def http_headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", **self.headers}

    def raw_request(self, port: int) -> bytes:
        """The full HTTP/1.1 request, sent as is on a keep-alive connection."""
        if self.method == "GET":
            lines = [
                f"GET {self.path} HTTP/1.1",
                f"Host: 127.0.0.1:{port}",
                "Accept: application/json",
                *(f"{k}: {v}" for k, v in self.headers.items()),
            ]
            return ("\r\n".join(lines) + "\r\n\r\n").encode()
        lines = [
            f"POST {self.path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json",
            f"Content-Length: {len(self.body)}",
            *(f"{k}: {v}" for k, v in self.headers.items()),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


def body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return orjson.dumps({"query": query, "variables": variables or {}})


def persisted_extensions(query: str) -> dict[str, Any]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def persisted_get_path(query: str, variables: dict[str, Any]) -> str:
    """GET /graphql with the APQ hash and the variables: what a storefront behind a CDN sends."""
    return "/graphql?" + urlencode(
        {
            "extensions": orjson.dumps(persisted_extensions(query)).decode(),
            "variables": orjson.dumps(variables).decode(),
        }
    )


def cart_add_variables(cart_id: str, variant_id: str, line_id: str) -> dict[str, Any]:
    return {
        "cartId": cart_id,
        "lines": [{"merchandiseId": variant_id, "quantity": 1}],
        "reset": [{"id": line_id, "quantity": 1}],
    }


def workloads(
    token: str, handle: str, cart: tuple[str, str, str] | None = None
) -> dict[str, Workload]:
    """The workloads; W4 only when `cart` (cart, variant and line IDs) is given."""
    headers = {"X-Storefront-Token": token}
    w1 = body(CATEGORY_PAGE, {"first": PAGE_SIZE})
    extra = {}
    if cart is not None:
        extra["W4"] = Workload(
            "W4",
            "W4 cartLinesAdd + cost, 3-line cart (GraphQL)",
            "/graphql",
            body(CART_ADD, cart_add_variables(*cart)),
            headers,
        )
    return {
        **extra,
        "W1": Workload("W1", "W1 category page (GraphQL)", "/graphql", w1, headers),
        # W1 as a storefront behind a CDN sends it: a GET persisted query, answered from the
        # API's response cache (checks.verify registers the text and warms the cache).
        "W1c": Workload(
            "W1c",
            "W1c category page, GET persisted query, response cache warm",
            persisted_get_path(CATEGORY_PAGE, {"first": PAGE_SIZE}),
            b"",
            headers,
            method="GET",
        ),
        "W2": Workload(
            "W2",
            "W2 product page (GraphQL)",
            "/graphql",
            body(PRODUCT_PAGE, {"handle": handle}),
            headers,
        ),
        "W3": Workload("W3", "W3 `{ __typename }`", "/graphql", body(TYPENAME), headers),
        "floor": Workload("floor", "floor: W1 in one SQL statement", "/w1", w1, headers),
        "floor-tx": Workload(
            "floor-tx", "floor-tx: BEGIN, set_config, W1 statement, COMMIT", "/w1-tx", w1, headers
        ),
    }
