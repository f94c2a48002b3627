"""The operations the benchmark sends, and the HTTP requests that carry them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

TYPENAME = "{ __typename }"
PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    label: str
    path: str
    body: bytes  # the JSON POST body
    headers: dict[str, str]

    @property
    def http_headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", **self.headers}

    def raw_request(self, port: int) -> bytes:
        """The full HTTP/1.1 request, sent as is on a keep-alive connection."""
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


def workloads(token: str, handle: str) -> dict[str, Workload]:
    headers = {"X-Storefront-Token": token}
    w1 = body(CATEGORY_PAGE, {"first": PAGE_SIZE})
    return {
        "W1": Workload("W1", "W1 category page (GraphQL)", "/graphql", w1, headers),
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
