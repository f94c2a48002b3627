"""Product.seo falls back to the title and description; Product.jsonLd is a schema.org
Product that meets Google's required and recommended merchant-listing properties, is safe
to embed in a script element, and costs a product list one statement beyond its variants."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.catalog.product_support import create_product
from tests.helpers import SqlCounter, TenantFactory, TenantSetup, call, gql

SHIPPING_ZONE = """
mutation ($input: ShippingZoneCreateInput!) {
  shippingZoneCreate(input: $input) { userErrors { field code } }
}"""
ATTACH = """
mutation ($productId: ID!, $media: [ProductMediaInput!]!) {
  productMediaAttach(productId: $productId, media: $media) { userErrors { field code } }
}"""
PRODUCT = """
query ($handle: String!) { product(handle: $handle) { seo { title description } jsonLd } }
"""
LIST_WITH_VARIANTS = (
    "{ products(first: 10) { nodes { handle variants(first: 1) { nodes { id } } } } }"
)
LIST_WITH_JSON_LD = (
    "{ products(first: 10) { nodes { handle variants(first: 1) { nodes { id } } jsonLd } } }"
)
NODE = "query ($id: ID!) { node(id: $id) { ... on Product { jsonLd } } }"

# Google's merchant listing documentation: Product needs name, image and offers; each Offer
# price and priceCurrency. Recommended: description, brand, gtin/sku on the product or offer,
# and on each offer availability, itemCondition, shippingDetails (hasMerchantReturnPolicy is
# recommended too, and stores hold no return policy yet).
REQUIRED_PRODUCT = {"@context", "@type", "name", "image", "offers"}
RECOMMENDED_PRODUCT = {"description", "brand"}
REQUIRED_OFFER = {"@type", "price", "priceCurrency"}
RECOMMENDED_OFFER = {"availability", "itemCondition", "shippingDetails", "sku", "gtin"}
AVAILABILITY = {"https://schema.org/InStock", "https://schema.org/OutOfStock"}


def assert_merchant_listing(document: dict[str, Any]) -> None:
    """The checks of Google's merchant listing report, as far as the JSON goes."""
    assert document.keys() >= REQUIRED_PRODUCT | RECOMMENDED_PRODUCT, document.keys()
    assert document["@context"] == "https://schema.org/"
    assert document["@type"] == "Product"
    assert document["brand"]["@type"] == "Brand" and document["brand"]["name"]
    assert all(url.startswith("https://") for url in document["image"])
    assert document["offers"]
    for offer in document["offers"]:
        assert offer.keys() >= REQUIRED_OFFER | RECOMMENDED_OFFER, offer.keys()
        assert offer["@type"] == "Offer"
        assert float(offer["price"]) > 0
        assert len(offer["priceCurrency"]) == 3
        assert offer["availability"] in AVAILABILITY
        assert offer["itemCondition"] == "https://schema.org/NewCondition"
        assert offer["gtin"].isdigit() and len(offer["gtin"]) in (8, 12, 13, 14)
        for detail in offer["shippingDetails"]:
            assert detail["@type"] == "OfferShippingDetails"
            rate = detail["shippingRate"]
            assert rate["@type"] == "MonetaryAmount" and rate["currency"] == "EUR"
            float(rate["value"])
            assert detail["shippingDestination"]["addressCountry"]


async def shipping_zone(client: httpx.AsyncClient, tenant: TenantSetup) -> None:
    body = await call(
        client,
        SHIPPING_ZONE,
        {
            "input": {
                "storeId": tenant.store_gid,
                "name": "Iberia",
                "countries": ["ES", "PT"],
                "rates": [
                    {
                        "handle": "std",
                        "title": "Standard",
                        "kind": "FLAT",
                        "price": "4.90",
                        "freeAbove": "50.00",
                    },
                    {
                        "handle": "heavy",
                        "title": "Heavy",
                        "kind": "WEIGHT",
                        "price": "2.00",
                        "minValue": 1000,
                    },
                ],
            }
        },
        tenant.staff,
    )
    assert body["data"]["shippingZoneCreate"]["userErrors"] == []


async def merchant_product(
    client: httpx.AsyncClient, tenant: TenantSetup, n: int = 0
) -> dict[str, Any]:
    product = await create_product(
        client,
        tenant,
        title="Lámpara </script><script>alert(1)</script>",
        descriptionHtml="<p>Lámpara de mesa de latón.</p>",
        status="ACTIVE",
        vendor="Lumo",
        options=[{"name": "Color", "values": ["Oro", "Plata"]}],
        variants=[
            {
                "price": "39.00",
                "sku": f"LMP-ORO{n or ''}",
                "optionValues": ["Oro"],
                "inventoryQuantity": 3,
                "barcode": "8412345678905",
                "weightGrams": 1200,
            },
            {
                "price": "59.00",
                "sku": f"LMP-PLA{n or ''}",
                "optionValues": ["Plata"],
                "inventoryQuantity": 0,
                "barcode": "4006381333931",
            },
        ],
    )
    body = await call(
        client,
        ATTACH,
        {"productId": product["id"], "media": [{"url": "https://cdn.example.com/lamp.jpg"}]},
        tenant.staff,
    )
    assert body["data"]["productMediaAttach"]["userErrors"] == []
    return product


async def test_json_ld_meets_merchant_listing_properties(
    client: httpx.AsyncClient, tenants: TenantFactory, unique: str
) -> None:
    domain = f"lumo-{unique}.example"
    tenant = await tenants.create("JsonLd", domain=domain)
    await shipping_zone(client, tenant)
    product = await merchant_product(client, tenant)
    body = await call(client, PRODUCT, {"handle": product["handle"]}, tenant.storefront)
    text = body["data"]["product"]["jsonLd"]
    # Embeddable as is: the crafted title cannot close the script element.
    assert "<" not in text and ">" not in text
    document = json.loads(text)
    assert_merchant_listing(document)
    assert document["name"] == "Lámpara </script><script>alert(1)</script>"
    assert document["url"] == f"https://{domain}/products/{product['handle']}"
    assert document["image"] == ["https://cdn.example.com/lamp.jpg"]
    gold, silver = document["offers"]
    assert (gold["price"], gold["priceCurrency"], gold["sku"], gold["gtin"]) == (
        "39.00",
        "EUR",
        "LMP-ORO",
        "8412345678905",
    )
    assert gold["availability"] == "https://schema.org/InStock"
    assert silver["availability"] == "https://schema.org/OutOfStock"
    # Gold weighs 1.2 kg: the weight rate applies too and is the cheaper of the two.
    assert [d["shippingRate"]["value"] for d in gold["shippingDetails"]] == ["2.00"]
    assert gold["shippingDetails"][0]["shippingDestination"]["addressCountry"] == ["ES", "PT"]
    # Silver weighs nothing (only the flat rate) and costs over 50 EUR: free.
    assert [d["shippingRate"]["value"] for d in silver["shippingDetails"]] == ["0.00"]

    # The same document for a product reached one at a time (node, batched loaders).
    node = await call(client, NODE, {"id": product["id"]}, tenant.staff)
    assert json.loads(node["data"]["node"]["jsonLd"]) == document


async def test_seo_falls_back_to_title_and_description(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("SeoFallback")
    long_text = "Taza de cerámica esmaltada a mano " * 10
    product = await create_product(
        client, tenant, title="Taza", descriptionHtml=f"<p>{long_text}</p>", status="ACTIVE"
    )
    body = await call(client, PRODUCT, {"handle": product["handle"]}, tenant.storefront)
    seo = body["data"]["product"]["seo"]
    assert seo["title"] == "Taza"
    assert seo["description"].endswith("…") and len(seo["description"]) <= 160
    assert long_text.startswith(seo["description"][:-1])
    # Without a domain the document has no URL, and no invented image or brand.
    document = json.loads(body["data"]["product"]["jsonLd"])
    assert "url" not in document and "image" not in document and "brand" not in document


async def test_json_ld_on_a_list_costs_one_statement(
    client: httpx.AsyncClient, tenants: TenantFactory, sql_counter: SqlCounter, unique: str
) -> None:
    tenant = await tenants.create("JsonLdBudget", domain=f"budget-{unique}.example")
    await shipping_zone(client, tenant)
    for n in range(3):
        await merchant_product(client, tenant, n)
    await gql(client, "{ shop { name } }", None, tenant.storefront)  # token cache warm
    with sql_counter.measure() as plain:
        await gql(client, LIST_WITH_VARIANTS, None, tenant.storefront)
    with sql_counter.measure() as with_json_ld:
        body = await gql(client, LIST_WITH_JSON_LD, None, tenant.storefront)
    nodes = body["data"]["products"]["nodes"]
    assert len(nodes) == 3
    # variants(first: 1) still shows one variant, while each document has both offers.
    assert all(len(n["variants"]["nodes"]) == 1 for n in nodes)
    assert all(len(json.loads(n["jsonLd"])["offers"]) == 2 for n in nodes)
    # The variants statement grows to every variant; the shipping zones are the one extra.
    assert len(with_json_ld) == len(plain) + 1, with_json_ld
