"""What GraphiQL opens with under `edestory dev`: the demo storefront token in the headers
editor and the README's category-page query, so a newcomer's first click answers."""

from __future__ import annotations

from app.graphiql import IdeDefaults

# The README's "Catalog" example, character for character (tests/test_graphiql.py checks).
CATEGORY_PAGE_QUERY = """\
query CategoryPage @inContext(language: EN) {
  products(first: 20, query: "hood", filter: {available: true, price: {max: "50.00"}},
           sortKey: RELEVANCE) {
    edges { cursor node {
      id handle title description
      featuredImage { url altText width height }
      priceRange { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
      variants(first: 10) { nodes { id sku title price { amount currencyCode } quantityAvailable
                                    selectedOptions { name value } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

INTRO = """\
# The demo store's storefront token is in the Headers tab below: press Run (Ctrl-Enter).
# Staff fields (productCreate, apiKeys, ...) need a staff token instead: run tokenCreate
# with the login `edestory dev` printed, then put {"Authorization": "Bearer <accessToken>"}
# in Headers. The README's "GraphiQL" section has the details.

"""


def dev_defaults(storefront_token: str) -> IdeDefaults:
    return IdeDefaults(
        query=INTRO + CATEGORY_PAGE_QUERY,
        headers={"X-Storefront-Token": storefront_token},
    )
