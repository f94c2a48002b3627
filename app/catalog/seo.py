"""What search engines read of a product: its SEO texts and its schema.org JSON-LD.

Decisions recorded here:
- `seo.title` falls back to the product's title and `seo.description` to its plain
  description cut at a word boundary near 160 characters (what result pages show). Approved
  AI drafts are written into the SEO columns (or their translations), so the fallback only
  shows until a text is set.
- JSON-LD is a schema.org `Product` with one `Offer` per variant: Google's merchant
  listings want `Offer`s (an `AggregateOffer` loses price-drop and shipping annotations).
  A product with a single variant carries that variant's `sku`/`gtin` on the Product too.
- `itemCondition` is always `NewCondition`: the catalog has no condition field and its
  merchants sell new goods.
- `gtin` only when the barcode is 8, 12, 13 or 14 digits (a GTIN); any other barcode is
  not claimed to be one.
- `shippingDetails` per offer: per shipping zone of the store, the cheapest rate that
  applies to one unit of the variant. `hasMerchantReturnPolicy` is left out: stores hold
  no return policy yet.
- URLs are `https://{store domain}/products/{handle}` (the storefront's route; the sitemap
  uses the same), left out when the store has no domain.
- The JSON is safe to embed as is in `<script type="application/ld+json">`: `<`, `>`, `&`
  and the JavaScript line separators are written as `\\u` escapes, so a title such as
  `</script>` cannot end the script element.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson

from app.money import format_amount

if TYPE_CHECKING:
    from app.catalog.types import Product, ProductVariant
    from app.shipping.offers import Zone

SEO_DESCRIPTION_LENGTH = 160
MAX_JSON_LD_DESCRIPTION = 5000
_GTIN = re.compile(r"^(\d{8}|\d{12,14})$")
_SCHEMA = "https://schema.org/"
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def seo_title(seo_title: str | None, title: str) -> str:
    return seo_title or title


def seo_description(seo_description: str | None, description: str) -> str | None:
    """The SEO description, else the plain description shortened at a word boundary."""
    if seo_description:
        return seo_description
    text = description.strip()
    if not text:
        return None
    if len(text) <= SEO_DESCRIPTION_LENGTH:
        return text
    cut = text[: SEO_DESCRIPTION_LENGTH - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


def product_url(domain: str | None, handle: str, language_prefix: str = "") -> str | None:
    if not domain:
        return None
    prefix = f"/{language_prefix}" if language_prefix else ""
    return f"https://{domain}{prefix}/products/{handle}"


def _shipping(zones: Sequence[Zone], price: int, grams: int, currency: str) -> list[Any]:
    details = []
    for zone in zones:
        cost = zone.cheapest(subtotal=price, grams=grams)
        if cost is None:
            continue
        details.append(
            {
                "@type": "OfferShippingDetails",
                "shippingRate": {
                    "@type": "MonetaryAmount",
                    "value": format_amount(cost, currency),
                    "currency": currency,
                },
                "shippingDestination": {
                    "@type": "DefinedRegion",
                    "addressCountry": list(zone.countries),
                },
            }
        )
    return details


def _identifiers(variant: ProductVariant) -> dict[str, str]:
    found = {}
    if variant.sku:
        found["sku"] = variant.sku
    if variant.barcode and _GTIN.match(variant.barcode):
        found["gtin"] = variant.barcode
    return found


def _offer(variant: ProductVariant, url: str | None, zones: Sequence[Zone]) -> dict[str, Any]:
    currency = variant.price.currency_code.value
    offer: dict[str, Any] = {
        "@type": "Offer",
        "price": str(variant.price.amount),
        "priceCurrency": currency,
        "availability": _SCHEMA + ("InStock" if variant.available_for_sale else "OutOfStock"),
        "itemCondition": _SCHEMA + "NewCondition",
        **_identifiers(variant),
    }
    if url:
        offer["url"] = url
    shipping = _shipping(zones, variant.price_minor, variant.weight_grams or 0, currency)
    if shipping:
        offer["shippingDetails"] = shipping
    return offer


def json_ld(product: Product, variants: Sequence[ProductVariant], zones: Sequence[Zone]) -> str:
    """The product's JSON-LD document, its offers in the variants' order."""
    url = product_url(product.store_domain, product.handle)
    document: dict[str, Any] = {"@context": _SCHEMA, "@type": "Product", "name": product.title}
    if url:
        document["url"] = url
    if product.description:
        document["description"] = product.description[:MAX_JSON_LD_DESCRIPTION]
    if product.featured_image is not None:
        document["image"] = [product.featured_image.url]
    if product.vendor:
        document["brand"] = {"@type": "Brand", "name": product.vendor}
    if len(variants) == 1:
        document.update(_identifiers(variants[0]))
    document["offers"] = [_offer(variant, url, zones) for variant in variants]
    text = orjson.dumps(document).decode()
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_SAFE[m.group()], text)
